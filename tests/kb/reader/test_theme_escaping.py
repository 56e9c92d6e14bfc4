"""Names and ids an author chooses reach the theme's templates escaped, even in a `make serve` preview.

kb check refuses such names (kb.checks.content_safety), but a preview shows pages
with problems; kb.reader.theme_values and kb.speed.nav_html must hold on their own. The
hostile names cannot be committed (quotes, < and >): the test makes them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from conftest import TEST_NOW, front_matter, make_project
from kb.reader import theme_values
from kb.speed import nav_html

FOLDER = "<svg onload=alert(document.domain)>"
FILE = 'rt" onmouseover="alert(1)" x=".md'
HEADINGS = """
## First heading { id='x" onmouseover="alert(1)" data-x="' }

Text.

<h2 id='y" autofocus onfocus="alert(2)' markdown>Second heading</h2>

More text.
"""
PREVIEW_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file="mkdocs.yml", site_dir=sys.argv[1], strict=False)
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url="http://127.0.0.1:8000/")
"""
LIVE = ("onload", "onmouseover", "onfocus", "onerror", "autofocus", "x", "data-x")


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A preview, as `make serve` builds it, of guidance pages with hostile names and ids."""
    docs = {
        "index.md": front_matter(type="page", id=None, title="Home"),
        "guidance/index.md": front_matter(type="page", id=None, title="Guidance"),
        f"guidance/{FOLDER}/a.md": front_matter(id="GD-2025-02", title="In the folder"),
        f"guidance/{FILE}": front_matter(id="GD-2025-03", title="Quoted file"),
        "guidance/ids.md": front_matter(id="GD-2025-04", title="Hostile ids") + HEADINGS,
        "guidance/markup-title.md": front_matter(id="GD-2025-05", title="<img src=x onerror=alert(3)>"),
    }
    root = make_project(tmp_path_factory.mktemp("theme-escaping") / "p", docs)
    site = root / "preview"
    env = {**os.environ, "KB_NOW": TEST_NOW, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(PREVIEW_BUILD), str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def live_attributes(html: str) -> list[str]:
    """Every element or attribute the hostile names would have made, as an HTML5 parser reads the page."""
    found = []
    for node in HTMLParser(html).css("*"):
        found += [f"<{node.tag} {name}>" for name in node.attributes if name.lower() in LIVE]
        if node.tag in ("img",) and node.attributes.get("src") == "x":
            found.append("<img src=x>")
    return found


def test_the_preview_has_every_hostile_page(preview):
    pages = {path.relative_to(preview).as_posix() for path in preview.rglob("index.html")}
    assert {f"guidance/{FOLDER}/a/index.html", "guidance/ids/index.html", "guidance/markup-title/index.html"} <= pages
    assert any(page.startswith('guidance/rt" onmouseover') for page in pages)


def test_no_page_of_the_preview_has_a_live_element_or_attribute(preview):
    pages = sorted(preview.rglob("*.html"))
    assert len(pages) >= 6
    for page in pages:
        assert live_attributes(page.read_text(encoding="utf-8")) == [], page.relative_to(preview)


def test_the_folder_name_is_text_in_the_navigation(preview):
    html = (preview / "guidance" / "ids" / "index.html").read_text(encoding="utf-8")
    assert "&lt;svg onload=alert(document.domain)&gt;" in html
    assert "<svg onload" not in html


def test_the_edit_link_is_percent_encoded(preview):
    (page,) = [path for path in preview.glob("guidance/*/index.html") if path.parent.name.startswith("rt")]
    edit = HTMLParser(page.read_text(encoding="utf-8")).css_first("a[rel=edit]")
    assert edit.attributes["href"].endswith("/docs/guidance/rt%22%20onmouseover%3D%22alert%281%29%22%20x%3D%22.md")


def test_contents_keep_the_heading_id_inside_the_address_and_the_skip_link_lands_on_the_title(preview):
    tree = HTMLParser((preview / "guidance" / "ids" / "index.html").read_text(encoding="utf-8"))
    assert tree.css_first("a.md-skip").attributes["href"] == "#kb-title"  # not the first heading's id
    hrefs = {node.attributes["href"] for node in tree.css("nav.md-nav--secondary a.md-nav__link")}
    assert hrefs == {'#x" onmouseover="alert(1)" data-x="', '#y" autofocus onfocus="alert(2)'}
    ids = {node.attributes.get("id") for node in tree.css("article h2")}
    assert {'x" onmouseover="alert(1)" data-x="', 'y" autofocus onfocus="alert(2)'} <= ids  # what the links find


def test_a_title_with_markup_is_text_in_header_and_footer(preview):
    html = (preview / "guidance" / "markup-title" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(3)&gt;" in html
    assert "<img src=x" not in html


# kb.speed.nav_html on its own: what it is given is drawn as text, whatever the hook did.
def nav_context(page: object = None) -> nav_html.NavContext:
    return nav_html.NavContext(
        page, ("navigation.indexes",), "", {"deprecated": 'Old" onclick="x'}, lambda: "", lambda name: ""
    )


def test_nav_html_escapes_titles_addresses_and_status_marks():
    leaf = SimpleNamespace(
        title="<img src=x onerror=alert(1)>",
        url='a"b/',
        meta={"status": 'deprecated" onclick="x', "subtitle": "<b>s</b>"},
        children=None,
    )
    section = SimpleNamespace(title=FOLDER, children=[leaf], active=False)
    html = nav_html.render_item(section, "__nav_1", 1, None, nav_context())
    assert live_attributes(html) == [] and "<svg" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;svg onload=alert(document.domain)&gt;" in html and 'href="a&#34;b/"' in html


def test_nav_html_writes_markup_titles_as_they_are():
    """Titles the hook made safe are not escaped twice."""
    item = SimpleNamespace(title=theme_values.safe_title("A < B"), url="a/", meta={}, children=None)
    assert "A &lt; B" in nav_html.render_item(item, "__nav_1", 1, None, nav_context())


def test_ordinary_values_pass_unchanged():
    ordinary = 'Practice managers\' "role" & pay'
    assert theme_values.safe_title(ordinary) is ordinary
    assert (
        theme_values.safe_edit_url("https://x.example/edit/main/docs/a/b-c.md", "a/b-c.md")
        == "https://x.example/edit/main/docs/a/b-c.md"
    )
    anchor = SimpleNamespace(
        id="first-heading", title="First &amp; <code>x</code>".replace("<code>x</code>", "x"), children=[]
    )
    theme_values.make_toc_safe([anchor])
    assert (anchor.id, anchor.title) == ("first-heading", "First &amp; x")
