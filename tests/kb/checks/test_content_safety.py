"""The content-safety check: active content refused at its line, ordinary writing left alone."""

import json
from pathlib import Path

import pytest

from kb.checks.content_safety import check_file, check_markup, outside_docs

REPO = Path(__file__).resolve().parents[3]
TOOLTIP = "a title= has < or > in it: Material's tooltips would show it as markup"


def found(text: str) -> list[tuple[int, str, str]]:
    return [(f.line, f.field, f.message) for f in check_markup(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Turn on JavaScript: the search box needs it.",
        "The metadata: title, summary and owner.",
        "Each nation=England page lists its region.",
        '{{ document_list(type="guidance", nation="Wales") }}',
        "[Read the guidance](../guidance/x.md) and [the NHS](https://www.england.nhs.uk/).",
        "![A local chart](chart.png){ width=300 }",
        "## Heading { #custom-id .wide }",
        '<div class="grid cards" markdown>\n\n- card\n\n</div>',
        "<details><summary>More</summary>Text</details>",
        "<abbr title='General practice'>GP</abbr> and <kbd>Ctrl</kbd>",
        "Write a < b and b > a in maths, and say one can be online.",
        "Email [the editor](mailto:web@example.org) or call [us](tel:+440000000000).",
    ],
)
def test_ordinary_writing_passes(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x\n<script>alert(1)</script>", [(2, "HTML", "<script> tags are not allowed (found <script>)")]),
        ("< script >x", [(1, "HTML", "<script> tags are not allowed (found < script >)")]),
        ("<IFRAME SRC=page.html>", [(1, "HTML", "<iframe> tags are not allowed (found <IFRAME SRC=page.html>)")]),
        (
            "<a\n  href='#'\n  onclick='x()'>a</a>",
            [(3, "HTML", "the event-handler attribute onclick= in an HTML tag is not allowed")],
        ),
        ("<img src=x OnError=y>", [(1, "HTML", "the event-handler attribute onerror= in an HTML tag is not allowed")]),
        (
            '<img alt=">" src=x onerror=y>',
            [(1, "HTML", "the event-handler attribute onerror= in an HTML tag is not allowed")],
        ),
        (
            "<p title='a > b'\n   onmouseover='x()'>",
            [
                (1, "title", TOOLTIP),
                (2, "HTML", "the event-handler attribute onmouseover= in an HTML tag is not allowed"),
            ],
        ),
        (
            "[a](#b){: onfocus='x' autofocus }",
            [(1, "HTML", "the event-handler attribute onfocus= in an attribute list { } is not allowed")],
        ),
        ("[a]( javascript:x)", [(1, "link", "a javascript: address is not allowed in a link or image")]),
        ("[a](JAVA\tSCRIPT:x)", [(1, "link", "a javascript: address is not allowed in a link or image")]),
        ("[a](&#106;avascript:x)", [(1, "link", "a javascript: address is not allowed in a link or image")]),
        ("[a](java&#x0A;script:x)", [(1, "link", "a javascript: address is not allowed in a link or image")]),
        ("<a href = 'vbscript:x'>a</a>", [(1, "link", "a vbscript: address is not allowed in a link or image")]),
        ("[a]: <data:text/html,x>", [(1, "link", "a data: address is not allowed in a link or image")]),
        ("<javascript:alert(1)>", [(1, "link", "a javascript: address is not allowed in a link or image")]),
        ("![x](//cdn.example/x.png)", [(1, "image", "loads an image or media from another website (cdn.example)")]),
        (
            '<img src="https://tracker.example/p.gif">',
            [(1, "image", "loads an image or media from another website (tracker.example)")],
        ),
        (  # a pasted video: one message, the tag's, whose fix covers its address too
            '<iframe width="560" src="https://www.youtube.com/embed/abc" allowfullscreen></iframe>',
            [(1, "HTML", '<iframe> tags are not allowed (found <iframe width="560" src="https://www....)')],
        ),
    ],
)
def test_active_content_is_found_at_its_line(text, expected):
    assert found(text) == expected


def test_active_files_are_refused(tmp_path):
    page = tmp_path / "docs" / "page.htm"
    page.parent.mkdir()
    page.write_text("<script></script>")
    [problem] = check_file(page, tmp_path)
    assert (
        str(problem)
        == "docs/page.htm:1: file: .htm files are not allowed in docs/: a browser would run them as part of the site (write the content as a Markdown page, or ask the web editor)"
    )


def test_a_clean_svg_is_accepted_and_one_with_script_is_not(tmp_path):
    (tmp_path / "clean.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>')
    (tmp_path / "bad.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n<foreignObject><p>x</p></foreignObject>\n<a href="javascript:x()">x</a></svg>'
    )
    assert check_file(tmp_path / "clean.svg", tmp_path) == []
    assert [(p.line, p.field, p.message) for p in check_file(tmp_path / "bad.svg", tmp_path)] == [
        (2, "SVG", "<foreignObject> tags are not allowed (found <foreignObject>)"),
        (3, "SVG", '<a> tags are not allowed (found <a href="javascript:x()">)'),
        (3, "SVG", "href= may only point to a part of the same image (#name), not to javascript:x()"),
    ]


def test_symbolic_links_are_refused(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "key.txt").symlink_to("/etc/hostname")
    [problem] = check_file(tmp_path / "docs" / "key.txt", tmp_path)
    assert (
        str(problem)
        == "docs/key.txt:1: file: is a symbolic link; links could publish files from outside docs/ (replace the link with a copy of the file itself)"
    )


def _string_leaves(node: dict, schema: dict, path: str) -> list[tuple[str, dict]]:
    if "$ref" in node:
        resolved = {
            **schema["$defs"][node["$ref"].rsplit("/", 1)[-1]],
            **{k: v for k, v in node.items() if k != "$ref"},
        }
        return _string_leaves(resolved, schema, path)
    if node.get("type") == "array":
        return _string_leaves(node["items"], schema, path + "[]")
    if node.get("type") == "object":
        return [
            leaf
            for name, child in node["properties"].items()
            for leaf in _string_leaves(child, schema, f"{path}.{name}")
        ]
    if node.get("type") == "boolean":
        return []
    return [(path, node)]


def test_every_text_field_in_the_schema_is_plain_text_an_enum_or_a_format():
    """Material prints titles and summaries unescaped: no field may carry markup."""
    schema = json.loads((REPO / "data" / "schema" / "document.schema.json").read_text())
    assert schema["additionalProperties"] is False, "unknown fields such as render_macros must be refused"
    leaves = [leaf for name, prop in schema["properties"].items() for leaf in _string_leaves(prop, schema, name)]
    unsafe = []
    for path, node in leaves:
        pattern = node.get("pattern", "")
        safe = (
            "enum" in node
            or "x-vocabulary" in node
            or node.get("format") in ("date", "date-time")
            or pattern.startswith("^[^<>{}")
            or (
                pattern.startswith("^")
                and "<" not in pattern
                and "{" not in pattern.replace("{2,3}", "").replace("{4}", "")
            )
        )
        if not safe:
            unsafe.append(path)
    assert unsafe == []


def test_files_reached_through_a_symbolic_link_are_outside_docs(tmp_path):
    docs = tmp_path / "docs"
    (docs / "real").mkdir(parents=True)
    (docs / "real" / "a.png").write_bytes(b"x")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "b.png").write_bytes(b"x")
    (docs / "linked").symlink_to(tmp_path / "elsewhere")
    assert not outside_docs(docs / "real" / "a.png", docs)
    assert outside_docs(docs / "linked" / "b.png", docs)
    assert not outside_docs(tmp_path / "overrides" / "logo.svg", docs), "theme files are not content"
