"""The search index loads when a reader first goes to search, not with every page.

overrides/assets/javascripts/search-on-demand.js holds back Material's request
for search/search_index.json; these tests show that a page load does not fetch
it, and that every way into search (click, keyboard shortcut, tapping the
search button on a phone, the home page's search box) still finds results.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

INDEX = "search/search_index.json"
QUERIES = {"fixture": "partnership", "real": "accreditation"}


def index_requests(page) -> list[str]:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url) if request.url.endswith(INDEX) else None)
    return requested


def first_result(page) -> str:
    results = page.locator(".md-search-result__item > a.md-search-result__link")
    results.first.wait_for(state="visible")
    return results.first.inner_text()


def test_a_page_load_does_not_fetch_the_search_index(desktop, site):
    requested = index_requests(desktop)
    desktop.goto(site.url(""))
    desktop.wait_for_load_state("networkidle")
    desktop.mouse.move(200, 400)  # a reader moving about the page is not searching
    desktop.keyboard.press("Tab")
    desktop.wait_for_timeout(300)
    assert requested == [], "the search index was fetched before anyone used search"


def test_clicking_into_search_fetches_the_index_once_and_finds_results(desktop, site):
    requested = index_requests(desktop)
    desktop.goto(site.url(""))
    desktop.wait_for_load_state("networkidle")
    search = desktop.locator("input.md-search__input")
    search.click()
    search.press_sequentially(QUERIES[site.name], delay=20)
    assert first_result(desktop)
    assert len(requested) == 1


def test_the_keyboard_shortcut_opens_search_with_results(desktop, site):
    requested = index_requests(desktop)
    desktop.goto(site.url(""))
    desktop.wait_for_load_state("networkidle")
    desktop.keyboard.press("/")
    desktop.keyboard.type(QUERIES[site.name], delay=20)
    assert first_result(desktop)
    assert len(requested) == 1


def test_tapping_the_search_button_on_a_phone_finds_results(phone, site):
    phone.goto(site.url(""))
    phone.wait_for_load_state("networkidle")
    phone.locator("label.md-header__button[for=__search]").click()
    phone.locator("input.md-search__input").press_sequentially(QUERIES[site.name], delay=20)
    assert first_result(phone)


def test_the_home_page_search_box_opens_search_with_results(desktop, site):
    desktop.goto(site.url(""))
    box = desktop.locator("#kb-search-box-input")
    if box.count() == 0:
        pytest.skip("this site's home page has no search box")
    box.fill(QUERIES[site.name])
    box.press("Enter")
    desktop.wait_for_url(f"**/?q={QUERIES[site.name]}")
    assert first_result(desktop)
