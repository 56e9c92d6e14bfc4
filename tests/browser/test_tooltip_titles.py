"""In Chromium: Material's tooltips show a link's or an abbreviation's title as text, never as HTML.

`content.tooltips` puts the (decoded) title into the page as HTML on hover or
focus; kb.reader.sanitise takes < and > out of every title, so an escaped
`&lt;img onerror=...&gt;` stays text. Checked on a tiny site built for the purpose.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, TEST_NOW, front_matter, make_project
from kb.checks.linkcheck import serve

pytestmark = pytest.mark.browser
HOSTILE = FIXTURES / "hostile" / "tooltip-markup-in-titles.md"


PREVIEW_BUILD = (
    "from mkdocs.commands.build import build\nfrom mkdocs.config import load_config\n"
    "config = load_config(config_file='mkdocs.yml', site_dir='site', strict=False)\n"
    "config.plugins.on_startup(command='serve', dirty=False)\nbuild(config)\n"
)


@pytest.fixture(scope="module")
def tooltip_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile page as `make serve` previews it: kb check refuses its titles, the preview still shows it."""
    docs = {
        "index.md": front_matter(type="page", id=None, title="Home"),
        "about/tooltips.md": HOSTILE.read_text(encoding="utf-8"),
    }
    root = make_project(tmp_path_factory.mktemp("tooltips") / "p", docs)
    env = {**os.environ, "KB_NOW": TEST_NOW, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", PREVIEW_BUILD], cwd=root, capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def test_hovering_and_focusing_titles_creates_no_element(tooltip_site, browser):
    dialogs: list[str] = []
    with serve(tooltip_site) as base_url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        try:
            page.goto(base_url + "about/tooltips/")
            link = page.locator("article a", has_text="link with a title")
            term = page.locator("article abbr", has_text="HOSTILE")
            for element in (link, term):
                element.hover()
                page.wait_for_function(
                    "e => e.getAttribute('aria-describedby')", arg=element.element_handle(), timeout=10_000
                )
                page.mouse.move(0, 0)
                element.focus()
                tooltip = page.locator("#" + element.get_attribute("aria-describedby"))
                tooltip.wait_for(state="attached")
                assert tooltip.locator("img").count() == 0
                assert "img src=x onerror=alert" in tooltip.inner_text()
            page.wait_for_timeout(300)
            assert page.locator("img[src=x]").count() == 0
            assert dialogs == []
        finally:
            page.close()
