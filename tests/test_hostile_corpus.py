"""The hostile corpus: one broken or hostile document per file in tests/fixtures/hostile/.

Each case is checked in-process, as `kb check` does, against the exact
messages an author sees; then the whole corpus goes through one real build,
which must refuse and publish nothing. A planted secret (an environment
variable and a file outside docs/) must never appear in any output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, TEST_NOW, front_matter, make_project
from kb.checks.validate import validate_project
from kb.content.frontmatter import MAX_FILE_BYTES

HOSTILE = FIXTURES / "hostile"
PLANTED_SECRET = "PLANTED-SECRET-VALUE-5e1b"  # in the environment of every build here
SECRET_FILE_TEXT = "SECRET-FILE-CONTENT-0d7e"  # in secrets.txt at the project root, outside docs/
HOME = front_matter(type="page", id=None, title="Home")

# name in docs/about/ -> every problem `kb check` reports for it, as LINE: field: message
EXPECTED: dict[str, list[str]] = {
    "active-html-file.html": [
        "1: file: .html files are not allowed in docs/: a browser would run them as part of the site"
    ],
    "base-tag.md": ['13: HTML: <base> tags are not allowed (found <base href="https://evil.example/">)'],
    "data-url-image.md": ["13: link: a data: address is not allowed in a link or image"],
    "data-url-link.md": ["13: link: a data: address is not allowed in a link or image"],
    "embed-tag.md": ['13: HTML: <embed> tags are not allowed (found <embed src="payload.swf">)'],
    "form-tag.md": [
        '13: HTML: <form> tags are not allowed (found <form action="https://evil.example/co...)',
        '14: HTML: <input> tags are not allowed (found <input name="password">)',
    ],
    "front-matter-blank-line-before.md": [
        "2: front matter: the front matter must start on the very first line, but there are blank lines before it"
    ],
    "front-matter-duplicate-key.md": ["5: front matter: the field 'title' appears twice (first on line 2)"],
    "front-matter-empty.md": ["1: front matter: the front matter is empty"],
    "front-matter-invalid-date.md": ["7: last_reviewed: '2026-02-30' is not a real date"],
    "front-matter-markup-in-title.md": [
        "2: title: contains markup or template characters in 'Hello <img src=x onerror=alert(1)>'"
    ],
    "front-matter-not-utf8.md": ["24: front matter: the file is not saved as UTF-8 text"],
    "front-matter-python-tag.md": [
        "2: front matter: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"
    ],
    "front-matter-render-macros-field.md": ["5: render_macros: is not a field we know"],
    "front-matter-tab.md": ["3: front matter: the front matter contains a tab character"],
    "front-matter-template-in-summary.md": [
        "3: summary: contains markup or template characters in 'Settings {{ config }} from a document from the hostile co...'"
    ],
    # One mistake, one message: the unknown name says which known one was meant (not also "title is missing").
    "front-matter-title-capitalised.md": ["2: Title: is not a field we know"],
    "front-matter-unbalanced-bracket.md": ["2: front matter: the list under title opens with [ but is never closed"],
    "front-matter-unclosed.md": ["1: front matter: the front matter starts on line 1 but is never closed"],
    "front-matter-yaml-list.md": [
        "2: front matter: the front matter must be a list of fields (name: value), one per line"
    ],
    "front-matter-yaml11-boolean.md": ["2: front matter: 'NO' is read by YAML as true/false, not as the word 'NO'"],
    # One message: the refused tag's fix covers its address too.
    "iframe-tag.md": ['13: HTML: <iframe> tags are not allowed (found <iframe src="https://evil.example/">)'],
    "inline-svg-onload.md": [
        '13: HTML: <svg> tags are not allowed (found <svg onload="alert(1)">)',
        "13: HTML: the event-handler attribute onload= in an HTML tag is not allowed",
    ],
    "javascript-file.js": ["1: file: .js files are not allowed in docs/: a browser would run them as part of the site"],
    "javascript-link-entity-encoded.md": ["13: link: a javascript: address is not allowed in a link or image"],
    "javascript-link.md": ["13: link: a javascript: address is not allowed in a link or image"],
    "javascript-reference-link.md": ["15: link: a javascript: address is not allowed in a link or image"],
    "jinja-builtin-context-macro.md": ["13: template code: context() is not one of the site's macros"],
    "jinja-builtin-macros-info.md": ["13: template code: macros_info() is not one of the site's macros"],
    "jinja-builtin-now-macro.md": ["13: template code: now() is not one of the site's macros"],
    "jinja-class-mro-gadget.md": ["13: template code: reading attributes (.name) cannot be used in page template code"],
    "jinja-config-variable.md": ["13: template code: the name 'config' cannot be used in pages"],
    "jinja-cycler-gadget.md": ["13: template code: reading attributes (.name) cannot be used in page template code"],
    "jinja-environment-variable.md": ["13: template code: the name 'environment' cannot be used in pages"],
    "jinja-filter.md": ["13: template code: filters (|name) cannot be used in page template code"],
    "jinja-for-loop.md": ["13: template code: {% for %} loops cannot be used in page template code"],
    "jinja-import-statement.md": ["13: template code: {% import %} cannot be used in page template code"],
    "jinja-include-outside-includes.md": [
        "13: template code: the snippet '../../secrets.txt' is not a file in docs/_includes/"
    ],
    "jinja-joiner-gadget.md": ["13: template code: reading attributes (.name) cannot be used in page template code"],
    "jinja-lipsum-gadget.md": ["13: template code: reading items ([...]) cannot be used in page template code"],
    "jinja-macro-argument-is-variable.md": [
        "13: template code: document_list() is given the name 'config' as an argument"
    ],
    "jinja-set-statement.md": ["13: template code: {% set %} cannot be used in page template code"],
    "jinja-syntax-error.md": ["13: template code: the template code cannot be read (unexpected '}', expected ')')"],
    "link-stylesheet-tag.md": [
        '13: HTML: <link> tags are not allowed (found <link rel="stylesheet" href="overlay....)'
    ],
    "link-to-draft-page.md": [
        "13: link: draft-target.md: docs/about/draft-target.md is not published, because it is a draft"
    ],
    "meta-refresh-tag.md": ['13: HTML: <meta> tags are not allowed (found <meta http-equiv="refresh" content="0...)'],
    "object-tag.md": ['13: HTML: <object> tags are not allowed (found <object data="payload.swf">)'],
    "onclick-attribute-list.md": [
        "13: HTML: the event-handler attribute onclick= in an attribute list { } is not allowed"
    ],
    "onclick-attribute.md": ["13: HTML: the event-handler attribute onclick= in an HTML tag is not allowed"],
    "onerror-attribute-after-slash.md": [
        "13: HTML: the event-handler attribute onerror= in an HTML tag is not allowed"
    ],
    "onerror-attribute.md": ["15: HTML: the event-handler attribute onerror= in an HTML tag is not allowed"],
    "onmouseover-md-in-html.md": ["14: HTML: the event-handler attribute onmouseover= in an HTML tag is not allowed"],
    "remote-tracking-image.md": ["13: image: loads an image or media from another website (tracker.example)"],
    "script-in-svg.svg": ["3: SVG: <script> tags are not allowed (found <script>)"],
    "script-tag-mixed-case.md": ['13: HTML: <script> tags are not allowed (found <ScRiPt src="payload.js">)'],
    "script-tag.md": ["15: HTML: <script> tags are not allowed (found <script>)"],
    "style-tag.md": ["13: HTML: <style> tags are not allowed (found <style>)"],
    "stylesheet-file.css": [
        "1: file: .css files are not allowed in docs/: a browser would run them as part of the site"
    ],
    "vbscript-link.md": ["13: link: a vbscript: address is not allowed in a link or image"],
    "markdown-extension-bypass.markdown": ["1: file: .markdown files are made into pages without being checked"],
    "upper-case-extension-bypass.MD": ["1: file: .MD files are made into pages without being checked"],
    "front-matter-embargo-not-a-date.md": [
        "9: embargo_until: '<script>alert(1)</script>' is not a real date and time with an offset"
    ],
    # round two: file types, names, ids, tooltips, remote loads, lifecycle, nesting, cost, addresses
    "Upper-Case-Name.md": [
        "1: file name: may use only lower-case letters (a-z), digits and hyphens, then one ending such as .md or .png"
    ],
    "abbreviation-markup.md": [
        "15: abbreviation: the explanation has < or > in it: Material's tooltips would show it as markup"
    ],
    "body-nested-lists.md": ["15: text: lists or quotes are nested more than 20 levels deep"],
    "body-nested-quotes.md": ["15: text: lists or quotes are nested more than 20 levels deep"],
    "body-too-many-headings.md": ["1011: text: the page has more than 500 headings"],
    "body-unclosed-brackets.md": [
        "15: text: brackets [ ( < from here on are not closed, or hold too much text, so converting the page would take too long"
    ],
    "chart.final.v2.png": [
        "1: file name: may use only lower-case letters (a-z), digits and hyphens, then one ending such as .md or .png"
    ],
    "compressed-svg.svgz": [
        "1: file: .svgz files are not allowed in docs/: a browser would run them as part of the site"
    ],
    "embargo-trailing-newline.md": [
        "9: embargo_until: '2026-03-01T09:00:00+00:00\\n' is not a real date and time with an offset"
    ],
    "embargoed chart.png": [
        "1: file name: may use only lower-case letters (a-z), digits and hyphens, then one ending such as .md or .png"
    ],
    "embargoed minutes.png": [
        "1: file name: may use only lower-case letters (a-z), digits and hyphens, then one ending such as .md or .png"
    ],
    "embargoed photo.png": [
        "1: file name: may use only lower-case letters (a-z), digits and hyphens, then one ending such as .md or .png"
    ],
    "embargoed table.png": [
        "1: file name: may use only lower-case letters (a-z), digits and hyphens, then one ending such as .md or .png"
    ],
    "file-without-ending": ["1: file: files without an ending such as .md or .png are not allowed in docs/"],
    "front-matter-nested-dashes.md": [
        "10: front matter: the field 'related' has lists or groups of fields inside one another more than 10 levels deep"
    ],
    "front-matter-nested-flow.md": [
        "9: front matter: the field 'related' has lists or groups of fields inside one another more than 10 levels deep"
    ],
    "front-matter-nested-indentation.md": [
        "19: front matter: the field 'related' has lists or groups of fields inside one another more than 10 levels deep"
    ],
    "front-matter-nested-mapping.md": [
        "9: front matter: the field 'related' has lists or groups of fields inside one another more than 10 levels deep"
    ],
    "heading-id-with-quote.md": [
        "11: HTML: the event-handler attribute onmouseover= in an attribute list { } is not allowed",
        '11: HTML: the id \'x" onmouseover="alert(1)" data-x="\' in an attribute list { } may use only lower-case letters (a-z), digits and hyphens',
        "15: HTML: the id 'y\" autofocus onfocus=\"alert(2)' in an HTML tag may use only lower-case letters (a-z), digits and hyphens",
    ],
    "html-title-markup.md": ["13: title: a title= has < or > in it: Material's tooltips would show it as markup"],
    "id-not-plain.md": [
        "13: HTML: the id 'Costs_2026' in an attribute list { } may use only lower-case letters (a-z), digits and hyphens"
    ],
    "id-trailing-newline.md": [
        "2: id: 'GD-2024-02\\n' has a line break in it",
        "5: type: is guidance but the file is not in docs/guidance/",
    ],
    "link-title-markup.md": [
        "13: HTML: the event-handler attribute onerror= in an HTML tag is not allowed",
        "13: title: the title of a link or image has < or > in it: Material's tooltips would show it as markup",
    ],
    "macro-called-too-often.md": [
        "53: template code: the page calls macros or includes snippets 21 times; at most 20 are allowed"
    ],
    "macro-heading-level-huge.md": [
        "13: template code: documents_by_topic() is given level=100000000, which is not a heading level"
    ],
    "pdf-that-is-html.pdf": ["1: file: is named .pdf but is not a PDF document"],
    "png-that-is-html.png": ["1: file: is named .png but is not a PNG image"],
    "rdf-file.rdf": ["1: file: .rdf files are not allowed in docs/: a browser would run them as part of the site"],
    "redirect-from-outside-the-site.md": [
        "10: redirect_from.1: 'https://evil.example/x.md' is not in the right form",
        "11: redirect_from.2: '../outside.md' is not in the right form",
    ],
    "redirect-from-takes-over-page.md": [
        "10: redirect_from.1: index.md is still a page (docs/index.md), so it cannot redirect here",
        "11: redirect_from.2: about/draft-target.md is still a page (docs/about/draft-target.md), so it cannot redirect here",
        "12: redirect_from.3: about/draft-target/index.md would be served at about/draft-target/, the address of docs/about/draft-target.md, so it cannot redirect here",
    ],
    "redirect-from-takes-over-section.md": [
        "10: redirect_from.1: about.md would be served at the address of the section docs/about/, so it cannot redirect here",
        "11: redirect_from.2: search.md would be served at search/, where the build puts the site's search, so it cannot redirect here",
        "12: redirect_from.3: feed-guidance-new.md would be served at feed-guidance-new/, where the build puts the feeds, so it cannot redirect here",
    ],
    "redirect-from-trailing-newline.md": ["9: redirect_from.1: 'about/old-name.md\\n' has a line break in it"],
    "reference-title-entity-markup.md": [
        "15: title: the title of a link or image has < or > in it: Material's tooltips would show it as markup"
    ],
    "remote-image-address-next-line.md": ["14: image: loads an image or media from another website (evil.example)"],
    "remote-image-by-reference.md": ["15: image: loads an image or media from another website (evil.example)"],
    "remote-img-tag-across-lines.md": ["15: image: loads an image or media from another website (evil.example)"],
    "supersedes-cycle-three-a.md": [
        "5: type: is guidance but the file is not in docs/guidance/",
        "17: supersedes: GD-2024-21, GD-2024-22 and GD-2024-23 replace one another in a circle, so none of them is the current version",
    ],
    "supersedes-cycle-three-b.md": [
        "5: type: is guidance but the file is not in docs/guidance/",
        "17: supersedes: GD-2024-21, GD-2024-22 and GD-2024-23 replace one another in a circle, so none of them is the current version",
    ],
    "supersedes-cycle-three-c.md": [
        "5: type: is guidance but the file is not in docs/guidance/",
        "17: supersedes: GD-2024-21, GD-2024-22 and GD-2024-23 replace one another in a circle, so none of them is the current version",
    ],
    "supersedes-cycle-two-a.md": [
        "5: type: is guidance but the file is not in docs/guidance/",
        "17: supersedes: GD-2024-11 and GD-2024-12 replace each other, so neither is the current version",
    ],
    "supersedes-cycle-two-b.md": [
        "5: type: is guidance but the file is not in docs/guidance/",
        "17: supersedes: GD-2024-11 and GD-2024-12 replace each other, so neither is the current version",
    ],
    "svg-doctype-entity.svg": ["2: SVG: a <!DOCTYPE> declaration is not allowed in images"],
    "svg-event-handler.svg": ["1: SVG: the event-handler attribute onload= is not allowed in images"],
    "svg-external-image.svg": [
        "2: SVG: href= may only point to a part of the same image (#name), not to https://evil.example/pixel.png"
    ],
    "svg-external-use.svg": [
        "2: SVG: href= may only point to a part of the same image (#name), not to https://evil.example/sprite.svg#icon"
    ],
    "svg-foreign-object-html.svg": [
        '2: SVG: <foreignObject> tags are not allowed (found <foreignObject width="9" height="9">)',
        '2: SVG: HTML elements are not allowed in images (found <div xmlns="http://www.w3.org/1999/xh...)',
    ],
    "svg-link-element.svg": [
        '2: SVG: <a> tags are not allowed (found <a href="https://evil.example/">)',
        "2: SVG: href= may only point to a part of the same image (#name), not to https://evil.example/",
    ],
    "svg-style-import.svg": [
        "2: SVG: a <style> element that loads files (url() or @import) is not allowed in images",
        "3: SVG: a style= attribute that loads files (url() or @import) is not allowed in images",
    ],
    "svg-xml-stylesheet.svg": ["2: SVG: processing instructions such as <?xml-stylesheet?> are not allowed in images"],
    "theme-classes-in-html.md": [
        "13: HTML: the classes 'md-header' and 'md-banner' in an HTML tag belong to the site's theme"
    ],
    "theme-data-attribute.md": [
        "13: HTML: the attribute data-md-component= in an HTML tag belongs to the site's theme"
    ],
    "theme-id-in-attribute-list.md": [
        "13: HTML: the id '__search' in an attribute list { } belongs to the site's theme"
    ],
    "theme-id-in-html-across-lines.md": ["14: HTML: the id '__config' in an HTML tag belongs to the site's theme"],
    "tooltip-markup-in-titles.md": [
        "13: title: the title of a link or image has < or > in it: Material's tooltips would show it as markup",
        "15: abbreviation: the explanation has < or > in it: Material's tooltips would show it as markup",
    ],
    "version-literal-block-newline.md": ["9: version: '1.0\\n' has a line break in it"],
    "word-attachment.docx": ["1: file: .docx files are not published from docs/"],
    "xhtml-file.xht": ["1: file: .xht files are not allowed in docs/: a browser would run them as part of the site"],
    # made by hostile_project(), not committed: a Latin-1 file (it would trip up tools reading the
    # repository as UTF-8), a file over 1 MB and a link to a file outside docs/
    "oversized-file.md": [
        f"1: front matter: the file is {MAX_FILE_BYTES + 75:,} bytes, over the limit of {MAX_FILE_BYTES:,}"
    ],
    "linked-secret.txt": ["1: file: is a symbolic link; links could publish files from outside docs/"],
}
GENERATED = ("front-matter-not-utf8.md", "oversized-file.md", "linked-secret.txt")
ACCEPTED = {
    "front-matter-bom-and-crlf-accepted.md",  # must work: Windows editors save files like this
    "draft-attachment-with-space.md",  # a draft: nothing to report, and its pictures are never copied
}
# Passes the static check; the sandbox refuses it while rendering.
RENDER_TIME = {
    "jinja-macro-called-wrongly.md": "docs/about/jinja-macro-called-wrongly.md:13: template code: a macro was called wrongly"
}


def hostile_project(root: Path, names: list[str] | None = None) -> Path:
    """A project with a home page, a draft, the corpus in docs/about/, and secrets to steal."""
    root = make_project(
        root,
        {
            "index.md": HOME,
            "about/draft-target.md": front_matter(type="page", id=None, title="Draft target", status="draft"),
        },
    )
    for path in sorted(HOSTILE.iterdir()):
        if names is None or path.name in names:
            shutil.copy(path, root / "docs" / "about" / path.name)
    (root / "secrets.txt").write_text(SECRET_FILE_TEXT + "\n", encoding="utf-8")
    if names is None:
        (root / "docs" / "about" / "linked-secret.txt").symlink_to(root / "secrets.txt")
        oversized = front_matter(type="page", id=None, title="Oversized").encode() + b"x" * MAX_FILE_BYTES
        (root / "docs" / "about" / "oversized-file.md").write_bytes(oversized[: MAX_FILE_BYTES + 75])
        latin1 = front_matter(type="page", id=None, title="Latin one") + "Caf\xe9 opening hours.\n"
        (root / "docs" / "about" / "front-matter-not-utf8.md").write_bytes(latin1.encode("latin-1"))
    return root


def build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "scripts"),
        "KB_NOW": TEST_NOW,
        "NO_MKDOCS_2_WARNING": "1",
        "KB_PLANTED_SECRET": PLANTED_SECRET,
    }
    return subprocess.run(
        [sys.executable, "-m", "kb", "--root", str(root), "build", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def output_files(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """`kb check` over the whole corpus, in-process: file name -> its problems."""
    root = hostile_project(tmp_path_factory.mktemp("hostile-check"))
    _, problems = validate_project(root, now=datetime.fromisoformat(TEST_NOW))
    found: dict[str, list[str]] = {}
    for problem in problems:
        found.setdefault(problem.path.rsplit("/", 1)[-1], []).append(
            f"{problem.line}: {problem.field}: {problem.message}"
        )
        assert problem.fix, f"{problem} says what is wrong but not how to fix it"
    return found


@pytest.fixture(scope="session")
def refused_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The whole corpus in one real build, with a previous site in place."""
    root = hostile_project(tmp_path_factory.mktemp("hostile-build"))
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous site", encoding="utf-8")
    return root, build(root)


def test_the_corpus_has_at_least_forty_cases():
    committed = {path.name for path in HOSTILE.iterdir()}
    assert len(committed - ACCEPTED) >= 40
    assert committed == (set(EXPECTED) - set(GENERATED)) | ACCEPTED | set(RENDER_TIME)


def test_every_committed_case_has_its_expected_messages():
    committed = {path.name for path in HOSTILE.iterdir()}
    assert committed - ACCEPTED - set(RENDER_TIME) <= set(EXPECTED), "add the new case to EXPECTED"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_refuses_each_case_with_its_exact_message(checked, name):
    assert checked.get(name) == EXPECTED[name]


def test_byte_order_mark_and_windows_line_endings_are_accepted(checked):
    assert "front-matter-bom-and-crlf-accepted.md" not in checked


def test_nothing_else_is_reported(checked):
    assert set(checked) == set(EXPECTED)


def test_the_build_refuses_the_corpus_and_keeps_the_previous_site(refused_build):
    root, result = refused_build
    assert result.returncode == 1
    assert "Nothing was published" in result.stdout + result.stderr
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert output_files(root / "site") == {"index.html": b"the previous site"}
    assert not list(root.glob(".site-*")), "a staging folder was left behind"
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_build_names_each_case_at_its_line(refused_build, name):
    _, result = refused_build
    for expected in EXPECTED[name]:
        assert f"docs/about/{name}:{expected}" in result.stderr


def test_the_build_never_prints_the_planted_secrets(refused_build):
    _, result = refused_build
    for secret in (PLANTED_SECRET, SECRET_FILE_TEXT):
        assert secret not in result.stdout + result.stderr


def test_a_macro_failing_while_rendering_refuses_the_build(tmp_path):
    root = hostile_project(tmp_path / "p", ["jinja-macro-called-wrongly.md"])
    result = build(root)
    assert result.returncode == 1
    message = RENDER_TIME["jinja-macro-called-wrongly.md"]
    assert message + " (document_list() got an unexpected keyword argument 'kind')" in result.stderr
    assert "1 problem(s) in page template code, listed above. Nothing was published." in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (root / "site").exists()
    assert not list(root.glob(".site-*"))


# Refused by the gate, but the sandbox lets them run: nothing in them reaches anything.
HARMLESS_WHEN_RENDERED = {
    "jinja-filter.md": "TEXT",
    "jinja-macro-argument-is-variable.md": "Nothing published here yet",
}
PREVIEW_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file="mkdocs.yml", site_dir=sys.argv[1], strict=False)
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url="http://127.0.0.1:8000/")
"""


@pytest.fixture(scope="session")
def preview_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make serve` shows pages with problems, so their template code really runs: in the sandbox."""
    names = [p.name for p in HOSTILE.glob("jinja-*.md")]
    root = hostile_project(tmp_path_factory.mktemp("hostile-preview"), names)
    site = root / "preview"
    env = {**os.environ, "KB_NOW": TEST_NOW, "NO_MKDOCS_2_WARNING": "1", "KB_PLANTED_SECRET": PLANTED_SECRET}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(PREVIEW_BUILD), str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert PLANTED_SECRET not in result.stdout + result.stderr
    assert SECRET_FILE_TEXT not in result.stdout + result.stderr
    return site


@pytest.mark.parametrize("name", sorted(p.name for p in HOSTILE.glob("jinja-*.md")))
def test_preview_renders_hostile_template_code_without_reaching_anything(preview_site, name):
    page = preview_site / "about" / name.removesuffix(".md") / "index.html"
    html = page.read_text(encoding="utf-8")
    if name in HARMLESS_WHEN_RENDERED:
        assert HARMLESS_WHEN_RENDERED[name] in html
    else:
        assert "template code failed" in html
    for secret in (PLANTED_SECRET, SECRET_FILE_TEXT, "uid=", "site_dir", "/usr/", "Traceback"):
        assert secret not in html


def test_no_preview_output_holds_a_secret(preview_site):
    for relative, data in output_files(preview_site).items():
        for secret in (PLANTED_SECRET, SECRET_FILE_TEXT):
            assert secret.encode() not in data, relative
