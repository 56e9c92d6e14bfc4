"""The navigation drawn in Python (kb.speed.nav_html) is the markup Material's own template draws.

One synthetic site (sections with and without index pages, years inside
topics, documents marked superseded) is built twice: with the project's
overrides, and with Material's partials/nav-item.html instead of ours. Every
page's primary navigation must be the same HTML, whitespace aside.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, real_site_now, run_kb
from kb.bench import synthetic

NAV_START = '<nav class="md-nav md-nav--primary'


def primary_nav(html: str) -> str:
    """The <nav> element of the site navigation, nested navs included."""
    start = html.index(NAV_START)
    depth = 0
    for tag in re.finditer(r"<nav\b|</nav>", html[start:]):
        depth += 1 if tag.group(0) == "<nav" else -1
        if depth == 0:
            return html[start : start + tag.end()]
    raise AssertionError("the navigation is not closed")


def normalised(html: str) -> str:
    """Whitespace is not markup: the templates indent, Python does not."""
    return re.sub(r"\s+", " ", re.sub(r"\s*(<|>)\s*", r"\1", html)).strip()


def build(root: Path) -> Path:
    result = run_kb(root, "build", now=real_site_now())  # the synthetic corpus holds copies of the real pages
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    ours = synthetic.generate(tmp_path_factory.mktemp("nav-ours") / "project", 24).root
    material = synthetic.generate(tmp_path_factory.mktemp("nav-material") / "project", 24).root
    (material / "overrides").unlink()
    shutil.copytree(REPO / "overrides", material / "overrides", ignore=shutil.ignore_patterns("nav-item.html"))
    return build(ours), build(material)


def test_every_page_has_the_navigation_material_would_draw(both_sites):
    ours, material = both_sites
    pages = sorted(path.relative_to(ours) for path in ours.rglob("*.html"))
    assert len(pages) > 40 and pages == sorted(path.relative_to(material) for path in material.rglob("*.html"))
    for page in pages:
        drawn = normalised(primary_nav((ours / page).read_text(encoding="utf-8")))
        expected = normalised(primary_nav((material / page).read_text(encoding="utf-8")))
        assert drawn == expected, f"{page}: the navigation differs from Material's"


def test_the_comparison_covers_every_kind_of_item(both_sites):
    """Open, pruned and bounded sections, sections with and without index pages, the current page and its contents,
    status marks."""
    navs = [primary_nav(path.read_text(encoding="utf-8")) for path in both_sites[0].rglob("*.html")]
    for marker in (
        "md-nav__item--pruned",
        "md-nav__item--section",
        "md-nav__container",
        'tabindex="0"',
        'for="__toc"',
        "md-nav--secondary",
        "md-status--",
        " pages in Guidance</span>",  # a bounded section's link to its index (kb.reader.navigation)
    ):
        assert any(marker in nav for nav in navs), marker


def test_tidy_removes_the_same_white_space_as_a_group_replacement_would():
    """tidy() drops white space beside a bracket without a group (faster); the site's bytes stay as they were."""
    import random

    from kb.speed.nav_html import tidy

    def by_group(html: str) -> str:  # the rule as first written: every bracket kept as group 1
        return re.sub(r"\s+", " ", re.sub(r"\s*([<>])\s*", r"\1", html)).strip()

    pieces = [" ", "  ", "\n", "\t", "\r\n", "\u00a0", "<", ">", "a", "Title", '<a href="x">', "</li>"]
    rng = random.Random(8)
    for _ in range(20_000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        assert tidy(html) == by_group(html), repr(html)
    page = (REPO / "overrides" / "partials" / "nav-item.html").read_text(encoding="utf-8")
    assert tidy(page) == by_group(page)
