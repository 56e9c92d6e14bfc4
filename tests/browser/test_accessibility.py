"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any page kind, light or dark."""

from __future__ import annotations

import pytest

from browser.axe import describe, run_axe
from browser.conftest import PHONE, new_context
from browser.search import search_for
from browser.site_pages import NOT_FOUND

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}  # colour scheme -> Material's scheme name


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_no_axe_violations_on_any_page_kind(browser, site, scheme):
    context = new_context(browser, site, color_scheme=scheme)
    page = context.new_page()
    found = {}
    try:
        for site_page in [*site.checked, NOT_FOUND]:
            page.goto(site.url(site_page.path))
            assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
            found[str(site_page)] = run_axe(page)
    finally:
        context.close()
    failures = describe(found)
    assert not failures, f"{len(failures)} accessibility failure(s) in the {scheme} scheme:\n" + "\n".join(failures)


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_no_axe_violations_with_the_menu_or_search_open(browser, site, scheme):
    """The phone menu and the search results are hidden when axe runs on a page: check them open."""
    found = {}
    phone = new_context(browser, site, viewport=PHONE, color_scheme=scheme)
    desktop = new_context(browser, site, color_scheme=scheme)
    try:
        page = phone.new_page()
        page.goto(site.url(""))
        page.locator("label.md-header__button[for=__drawer]").click()
        page.wait_for_function("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
        found["phone menu open"] = run_axe(page)
        page = desktop.new_page()
        page.goto(site.url(""))
        search_for(page, "practice managers")
        found["search results shown"] = run_axe(page)
    finally:
        phone.close()
        desktop.close()
    failures = describe(found)
    assert not failures, f"{len(failures)} accessibility failure(s) in the {scheme} scheme:\n" + "\n".join(failures)


def test_no_axe_violations_at_phone_width(browser, site):
    """At 375 pixels some regions scroll sideways (axe: scrollable-region-focusable), which desktop never shows."""
    context = new_context(browser, site, viewport=PHONE)
    page = context.new_page()
    found = {}
    try:
        for site_page in [*site.checked, NOT_FOUND]:
            page.goto(site.url(site_page.path))
            found[str(site_page)] = run_axe(page)
    finally:
        context.close()
    failures = describe(found)
    assert not failures, f"{len(failures)} accessibility failure(s) at phone width:\n" + "\n".join(failures)
