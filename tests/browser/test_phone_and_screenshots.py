"""At 375 pixels wide no page scrolls sideways and the menu works; screenshots of every page kind for people to look at."""

from __future__ import annotations

import pytest

from browser.conftest import DESKTOP, PHONE, new_context
from browser.helpers import heading_text, site_path
from browser.site_pages import NOT_FOUND

pytestmark = pytest.mark.browser

SIDEWAYS = "() => { const e = document.scrollingElement; return [e.scrollWidth, e.clientWidth]; }"


def test_no_page_scrolls_sideways_on_a_phone(browser, site, screenshot_dir):
    """Every page (not only one of each kind: a long word or a wide table can break any page)."""
    context = new_context(browser, site, viewport=PHONE)
    page = context.new_page()
    wide = []
    try:
        for site_page in [*site.pages, NOT_FOUND]:
            page.goto(site.url(site_page.path))
            scroll_width, client_width = page.evaluate(SIDEWAYS)
            if scroll_width > client_width:
                wide.append(f"{site_page}: {scroll_width} pixels wide in a {client_width}-pixel window")
            if site_page in site.checked or site_page is NOT_FOUND:
                page.screenshot(path=screenshot_dir / site.name / f"{site_page.slug}-phone-375.png", full_page=True)
    finally:
        context.close()
    assert not wide, "pages that scroll sideways on a phone:\n" + "\n".join(wide)


def test_desktop_screenshots_of_every_page_kind(browser, site, screenshot_dir):
    context = new_context(browser, site, viewport=DESKTOP)
    page = context.new_page()
    written = []
    try:
        for site_page in [*site.checked, NOT_FOUND]:
            page.goto(site.url(site_page.path))
            path = screenshot_dir / site.name / f"{site_page.slug}-desktop-1280.png"
            page.screenshot(path=path, full_page=True)
            written.append(path)
        dark = new_context(browser, site, viewport=DESKTOP, color_scheme="dark").new_page()
        home_and_a_document = [p for p in site.checked if not p.path] + [p for p in site.checked if p.document][:1]
        for site_page in home_and_a_document:
            dark.goto(site.url(site_page.path))
            path = screenshot_dir / site.name / f"{site_page.slug}-desktop-1280-dark.png"
            dark.screenshot(path=path, full_page=True)
            written.append(path)
        dark.context.close()
    finally:
        context.close()
    assert all(path.stat().st_size > 1000 for path in written)


def test_the_phone_menu_opens_and_navigates(phone, site):
    phone.goto(site.url(""))
    drawer = phone.locator("nav.md-nav--primary")
    assert not phone.locator("#__drawer").is_checked()
    phone.locator("label.md-header__button[for=__drawer]").click()
    assert phone.locator("#__drawer").is_checked()
    phone.wait_for_function(
        "() => { const r = document.querySelector('.md-sidebar--primary').getBoundingClientRect(); return r.left >= 0 && r.right <= window.innerWidth; }"
    )
    link = drawer.get_by_role("link", name="Guidance", exact=True).first
    assert link.is_visible(), "the menu opened but its links cannot be seen"
    link.click()
    phone.wait_for_url(site.url("guidance/"))
    assert site_path(phone.url, site.base_url) == "guidance/"
    assert heading_text(phone)
