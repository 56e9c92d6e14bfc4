"""Only pages, images and PDF documents are published from docs/, and each must be what its ending says."""

import pytest

from kb.checks.content_safety import check_file

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
SVG_FIX = "save the image as PNG instead, or export the SVG again without scripts, links or styles"
SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'


def problems(tmp_path, name: str, data: bytes | str) -> list[str]:
    path = tmp_path / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return [str(problem) for problem in check_file(path, tmp_path)]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("chart.png", PNG),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("photo.jpeg", b"\xff\xd8\xff\xdb"),
        ("anim.gif", b"GIF89a\x01\x00"),
        ("old.gif", b"GIF87a\x01\x00"),
        ("pic.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 "),
        ("notes.pdf", b"%PDF-1.7\n"),
        (
            "logo.svg",
            f'<?xml version="1.0"?>\n<svg {SVG_NS}><defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use href="#g"/></svg>',
        ),
        ("page.md", "text"),
    ],
)
def test_allowed_kinds_pass(tmp_path, name, data):
    assert problems(tmp_path, name, data) == []


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "chart.png",
            b"<!DOCTYPE html><script>alert(1)</script>",
            "docs/chart.png:1: file: is named .png but is not a PNG image (save it again as PNG from the program that made it, or give it the ending of its real kind)",
        ),
        (
            "photo.jpg",
            PNG,
            "docs/photo.jpg:1: file: is named .jpg but is not a JPEG image (save it again as JPEG from the program that made it, or give it the ending of its real kind)",
        ),
        (
            "pic.webp",
            b"RIFF\x00\x00\x00\x00WAVE",
            "docs/pic.webp:1: file: is named .webp but is not a WebP image (save it again as WebP from the program that made it, or give it the ending of its real kind)",
        ),
        (
            "anim.gif",
            b"",
            "docs/anim.gif:1: file: is named .gif but is not a GIF image (save it again as GIF from the program that made it, or give it the ending of its real kind)",
        ),
        (
            "notes.pdf",
            b"<html>",
            "docs/notes.pdf:1: file: is named .pdf but is not a PDF document (save it again as PDF from the program that made it, or give it the ending of its real kind)",
        ),
    ],
)
def test_a_file_that_is_not_what_its_ending_says_is_refused(tmp_path, name, data, expected):
    assert problems(tmp_path, name, data) == [expected]


ACTIVE = "files are not allowed in docs/: a browser would run them as part of the site (write the content as a Markdown page, or ask the web editor)"


@pytest.mark.parametrize("suffix", [".xht", ".rdf", ".xhtml", ".svgz", ".html", ".js", ".css", ".xml"])
def test_files_a_browser_would_run_are_refused_by_name(tmp_path, suffix):
    assert problems(tmp_path, f"x{suffix}", "<x/>") == [f"docs/x{suffix}:1: file: {suffix} {ACTIVE}"]


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".pptx", ".csv", ".txt"])
def test_office_and_text_attachments_are_refused_with_pdf_as_the_fix(tmp_path, suffix):
    assert problems(tmp_path, f"x{suffix}", b"PK\x03\x04") == [
        f"docs/x{suffix}:1: file: {suffix} files are not published from docs/ (save the document as PDF and link to the .pdf file, or write the content as a Markdown page)"
    ]


def test_other_kinds_no_ending_and_hidden_files_are_refused(tmp_path):
    assert problems(tmp_path, "x.zip", b"PK") == [
        "docs/x.zip:1: file: .zip files are not allowed in docs/; only these kinds are published: .md, .svg, .png, .jpg, .jpeg, .gif, .webp, .pdf"
        " (save it as one of those kinds, or ask the web editor)"
    ]
    assert problems(tmp_path, "readme", "x") == [
        "docs/readme:1: file: files without an ending such as .md or .png are not allowed in docs/ (give the file the ending of its kind, or delete it)"
    ]
    assert problems(tmp_path, ".htaccess", "x") == [
        "docs/.htaccess:1: file: hidden files (names starting with a full stop) are not allowed in docs/ (delete it)"
    ]


def test_markdown_under_another_ending_keeps_its_message(tmp_path):
    assert problems(tmp_path, "x.markdown", "x") == [
        "docs/x.markdown:1: file: .markdown files are made into pages without being checked (rename the file to end in .md, in lower case)"
    ]
    assert problems(tmp_path, "x.MD", "x") == [
        "docs/x.MD:1: file: .MD files are made into pages without being checked (rename the file to end in .md, in lower case)"
    ]


@pytest.mark.parametrize(
    ("svg", "expected"),
    [
        (
            f'<?xml version="1.0"?>\n<?xml-stylesheet href="x.css"?>\n<svg {SVG_NS}/>',
            [(2, "processing instructions such as <?xml-stylesheet?> are not allowed in images")],
        ),
        (
            f'<!DOCTYPE svg [<!ENTITY a "b">]>\n<svg {SVG_NS}>&a;</svg>',
            [(1, "a <!DOCTYPE> declaration is not allowed in images")],
        ),
        (
            f'<!DOCTYPE svg SYSTEM "http://evil.example/x.dtd">\n<svg {SVG_NS}/>',
            [(1, "a <!DOCTYPE> declaration is not allowed in images")],
        ),
        (f"<svg {SVG_NS}>\n<script>alert(1)</script></svg>", [(2, "<script> tags are not allowed (found <script>)")]),
        (
            '<s:svg xmlns:s="http://www.w3.org/2000/svg">\n<s:script>x</s:script></s:svg>',
            [(2, "<script> tags are not allowed (found <s:script>)")],
        ),
        (
            f"<svg {SVG_NS}>\n<foreignObject/></svg>",
            [(2, "<foreignObject> tags are not allowed (found <foreignObject/>)")],
        ),
        (
            f'<svg {SVG_NS}>\n<a href="#x"><text>t</text></a></svg>',
            [(2, '<a> tags are not allowed (found <a href="#x">)')],
        ),
        (f'<svg {SVG_NS}\n onload="alert(1)"/>', [(1, "the event-handler attribute onload= is not allowed in images")]),
        (
            f'<svg {SVG_NS}>\n<image href="https://evil.example/p.png"/></svg>',
            [(2, "href= may only point to a part of the same image (#name), not to https://evil.example/p.png")],
        ),
        (
            f'<svg {SVG_NS} xmlns:xlink="http://www.w3.org/1999/xlink">\n<use xlink:href="other.svg#a"/></svg>',
            [(2, "href= may only point to a part of the same image (#name), not to other.svg#a")],
        ),
        (
            f"<svg {SVG_NS}>\n<style>@import 'x.css';</style></svg>",
            [(2, "a <style> element that loads files (url() or @import) is not allowed in images")],
        ),
        (
            f"<svg {SVG_NS}>\n<style>rect {{ fill: url(#g) }}</style></svg>",
            [(2, "a <style> element that loads files (url() or @import) is not allowed in images")],
        ),
        (
            f'<svg {SVG_NS}>\n<rect style="fill:url(#g)"/></svg>',
            [(2, "a style= attribute that loads files (url() or @import) is not allowed in images")],
        ),
        (
            f'<svg {SVG_NS}>\n<rect fill="url(https://e.example/x#g)"/></svg>',
            [(2, "fill= may only use url(#name) for a part of the same image, not url(https://e.example/x#g)")],
        ),
        (
            f'<svg {SVG_NS}><image>\n<set attributeName="href" to="https://e.example/x"/></image></svg>',
            [(2, "animating a link (attributeName=href) is not allowed in images")],
        ),
        (
            f'<svg {SVG_NS}>\n<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="https://e.example/x"/></svg>',
            [(2, 'HTML elements are not allowed in images (found <h:img xmlns:h="http://www.w3.org/199...)')],
        ),
        (f"<svg {SVG_NS}>\n<rect>", [(2, "the image cannot be read as SVG (no element found)")]),
    ],
)
def test_svg_is_parsed_and_anything_that_runs_loads_or_links_away_is_refused(tmp_path, svg, expected):
    found = [(p.line, p.field, p.message) for p in _svg_problems(tmp_path, svg)]
    assert found == [(line, "SVG", message) for line, message in expected]


def _svg_problems(tmp_path, svg: str) -> list:
    path = tmp_path / "docs" / "image.svg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(svg)
    return check_file(path, tmp_path)


def test_every_svg_fix_asks_for_png(tmp_path):
    [problem] = _svg_problems(tmp_path, f'<svg {SVG_NS} onload="x"/>')
    assert problem.fix == SVG_FIX
