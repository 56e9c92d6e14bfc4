"""A second engine: HTML_CodeSniffer (pa11y's) finds no WCAG 2 A or AA error on the pages axe checks.

Two engines, because each misses things the other finds: HTML_CodeSniffer
checks techniques axe has no rule for (a link whose only content is an image
without words, a form without a submit button). Run at phone and desktop
width, on the same pages as tests/browser/test_accessibility.py.
"""

from __future__ import annotations

import json

import pytest

from browser.conftest import DESKTOP, PHONE, in_ci, new_context
from browser.htmlcs import EXCLUDED, HOW_TO_ENABLE, HTMLCS_JS, PACKAGE_DIR, describe, htmlcs_installed, run_htmlcs
from browser.site_pages import NOT_FOUND

pytestmark = pytest.mark.browser

WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(scope="module")
def htmlcs() -> None:
    if htmlcs_installed():
        return
    if in_ci():
        pytest.fail(f"CI=true and {HTMLCS_JS} is missing. {HOW_TO_ENABLE.replace('SKIPPED', 'cannot run')}")
    pytest.skip(HOW_TO_ENABLE)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_htmlcs_errors_on_any_page_kind(browser, site, htmlcs, width):
    context = new_context(browser, site, viewport=WIDTHS[width])
    page = context.new_page()
    found = {}
    try:
        for site_page in [*site.checked, NOT_FOUND]:
            page.goto(site.url(site_page.path))
            found[str(site_page)] = run_htmlcs(page)
    finally:
        context.close()
    failures = describe(found)
    assert not failures, f"{len(failures)} HTML_CodeSniffer error(s) at {width} width:\n" + "\n".join(failures)


def test_htmlcs_finds_what_it_should_so_a_pass_means_something(browser, site, htmlcs):
    """The engine really runs: on a page broken on purpose it reports the errors, and only the listed ones are left out."""
    context = new_context(browser, site)
    page = context.new_page()
    try:
        page.goto(site.url(""))
        page.evaluate(
            """() => {
              const link = document.createElement('a');
              link.href = '#x';
              link.id = 'kb-broken-link';
              link.innerHTML = '<img src="x.png" alt="">';
              const toggle = document.createElement('input');
              toggle.type = 'checkbox';
              toggle.className = 'md-toggle';
              toggle.id = 'kb-drawn-toggle';
              toggle.style.display = 'inline-block';  // drawn: its exclusion no longer applies
              document.querySelector('article').append(link, toggle);
            }"""
        )
        errors = run_htmlcs(page)
    finally:
        context.close()
    assert any(e["code"].endswith(".H30.2") and e["selector"].endswith("#kb-broken-link") for e in errors)
    assert any(e["code"].endswith(".H91.InputCheckbox.Name") and e["selector"] == "#kb-drawn-toggle" for e in errors)
    assert not any(e["selector"].endswith(("form.md-header__option", "#__search", "#__drawer")) for e in errors)


def test_the_exclusions_are_few_and_each_has_a_reason():
    assert len(EXCLUDED) <= 4
    for exclusion in EXCLUDED:
        assert exclusion.selector in ("form.md-header__option", "form.kb-search__form", "input.md-toggle")
        assert len(exclusion.reason) > 80
        assert exclusion.unrendered_only == exclusion.selector.startswith("input.")


def test_the_package_is_locked_to_one_version():
    manifest = json.loads((PACKAGE_DIR / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((PACKAGE_DIR / "package-lock.json").read_text(encoding="utf-8"))
    [(name, version)] = manifest["dependencies"].items()
    assert name == "@pa11y/html_codesniffer" and version[0].isdigit(), "an exact version, not a range"
    assert lock["packages"][f"node_modules/{name}"]["version"] == version
