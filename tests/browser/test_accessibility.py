"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any page kind, light or dark."""

from __future__ import annotations

import pytest

from browser.axe import describe, run_axe
from browser.conftest import new_context
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
