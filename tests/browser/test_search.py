"""Search as readers use it (kb.search): Pagefind, loaded on first use, with filters.

Every way into search (the header's button, the / key, the home page's and the
"not found" page's search box, an address with ?q= or a filter), keyboard only
and on a phone; filters by UK nation and status; results that lead to the right
heading; and nothing of search downloaded until it is used.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser.axe import describe, run_axe
from browser.conftest import PHONE, new_context
from browser.search import (
    DIALOG,
    INPUT,
    RESULT_LINKS,
    open_filters,
    result_details,
    search_for,
    search_requests,
    settled,
    status_text,
    tick,
    wait_for_results,
)

pytestmark = pytest.mark.browser

# Per site: words, a current document they find, and a superseded one they find only when asked.
SEARCHES = {
    "fixture": ("partnership", "Partnership payments for practice managers", "Partnership payments, first edition"),
    "real": (
        "professional body",
        "Professional recognition and registration for practice managers",
        "A professional body for practice managers",
    ),
}


def test_a_page_view_downloads_nothing_of_search(desktop, site):
    requested = search_requests(desktop)
    desktop.goto(site.url(""))
    desktop.wait_for_load_state("networkidle")
    desktop.mouse.move(200, 400)  # a reader moving about the page is not searching
    desktop.keyboard.press("Tab")
    desktop.wait_for_timeout(300)
    assert requested == [], "search's files were fetched before anyone used search"
    assert desktop.locator(DIALOG).is_hidden()


def test_the_key_opens_search_and_escape_closes_it(desktop, site):
    words, current, _ = SEARCHES[site.name]
    requested = search_requests(desktop)
    desktop.goto(site.url(""))
    assert current in search_for(desktop, words)
    assert any("/pagefind/pagefind.js" in url for url in requested)
    assert not any("pagefind-worker" in url or "pagefind-ui" in url for url in requested)
    desktop.keyboard.press("Escape")
    assert desktop.locator(DIALOG).is_hidden()


def test_the_header_button_on_a_phone_finds_results(phone, site):
    words, current, _ = SEARCHES[site.name]
    phone.goto(site.url(""))
    phone.locator("header .kb-search-open").click()
    phone.locator(INPUT).press_sequentially(words, delay=15)
    assert current in wait_for_results(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    dialog = phone.locator(DIALOG).bounding_box()
    assert dialog is not None and dialog["width"] <= PHONE["width"]


def test_the_home_page_search_box_opens_search_with_results(desktop, site):
    words, current, _ = SEARCHES[site.name]
    desktop.goto(site.url(""))
    box = desktop.locator("#kb-search-box-input")
    if box.count() == 0:
        pytest.skip("this site's home page has no search box")
    box.fill(words)
    box.press("Enter")
    assert current in wait_for_results(desktop)
    assert desktop.locator(INPUT).input_value() == words


def test_the_not_found_page_search_box_finds_results(desktop, site):
    words, current, _ = SEARCHES[site.name]
    desktop.goto(site.url("no-such-page/"))
    desktop.locator("#kb-search-box-input").fill(words)
    desktop.locator("#kb-search-box-input").press("Enter")
    assert current in wait_for_results(desktop)


def test_an_address_with_words_opens_search_with_them(desktop, site):
    words, current, _ = SEARCHES[site.name]
    desktop.goto(site.url(f"?q={words}"))
    assert current in wait_for_results(desktop)


def test_superseded_documents_appear_only_when_asked_for(desktop, site):
    words, current, superseded = SEARCHES[site.name]
    desktop.goto(site.url(""))
    titles = search_for(desktop, words)
    assert current in titles and superseded not in titles
    tick(desktop, "Status", "Superseded")
    titles = wait_for_results(desktop)
    assert superseded in titles
    badge = desktop.locator(".kb-search__result", has=desktop.get_by_role("link", name=superseded, exact=True))
    assert badge.locator(".kb-search__badge").inner_text() == "Superseded"


def test_the_wales_filter_shows_only_welsh_or_uk_wide_documents(desktop, site):
    desktop.goto(site.url(""))
    desktop.keyboard.press("/")
    desktop.locator(INPUT).wait_for(state="visible")
    tick(desktop, "UK nation", "Wales")
    details = result_details(desktop)
    assert details, status_text(desktop)
    assert all("Wales" in line or "UK-wide" in line for line in details), details
    assert not any("Superseded" in line or "Withdrawn" in line for line in details), details


def test_a_link_can_set_a_filter(desktop, site):
    desktop.goto(site.url("?nation=Wales&type=Guidance"))
    settled(desktop)
    assert desktop.locator(".kb-search__group", has_text="UK nation").get_by_label("Wales").is_checked()
    details = result_details(desktop)
    assert details and all(line.startswith("Guidance") for line in details), details
    assert all("Wales" in line or "UK-wide" in line for line in details), details


def test_a_search_loads_only_the_filters_it_uses_and_the_rest_when_the_filters_open(desktop, site):
    """The status filter (current documents by default) loads with the first search; every group's counts on opening."""
    words, _, _ = SEARCHES[site.name]
    requested = search_requests(desktop)
    desktop.goto(site.url(""))
    search_for(desktop, words)
    settled(desktop)
    filter_files = sorted(path.name for path in (site.site_dir / "pagefind" / "filter").glob("*.pf_filter"))
    assert len(filter_files) >= 4, filter_files
    assert len([url for url in requested if url.endswith(".pf_filter")]) == 1
    assert desktop.locator(".kb-search__filters-title").inner_text() == "Filters and order"
    open_filters(desktop)
    assert sorted({url.rsplit("/", 1)[-1] for url in requested if url.endswith(".pf_filter")}) == filter_files
    counts = desktop.locator(".kb-search__group", has=desktop.locator("legend", has_text="UK nation"))
    assert counts.locator(".kb-search__count").count() == 4


def test_the_folded_filters_say_what_is_chosen(desktop, site):
    desktop.goto(site.url("?nation=Wales&type=Guidance"))
    settled(desktop)
    title = desktop.locator(".kb-search__filters-title")
    assert title.inner_text() == "Filters and order: Guidance, Wales"
    assert not desktop.locator(".kb-search__filter-box").evaluate("box => box.open")


def test_a_section_result_leads_to_its_heading(desktop, site):
    words = {"fixture": "reception team", "real": "who can apply for accreditation"}[site.name]
    desktop.goto(site.url(""))
    search_for(desktop, words)
    section = desktop.locator(".kb-search__section").first
    section.wait_for(state="visible")
    heading = section.inner_text()
    section.click()
    desktop.wait_for_load_state("domcontentloaded")
    anchor = urlsplit(desktop.url).fragment
    assert anchor, desktop.url
    assert desktop.locator(f"[id='{anchor}']").inner_text().strip().startswith(heading.strip())


def test_keyboard_only_from_the_key_to_a_result(desktop, site):
    words = SEARCHES[site.name][0]
    desktop.goto(site.url(""))
    search_for(desktop, words)
    desktop.keyboard.press("ArrowDown")
    focused = desktop.evaluate("document.activeElement.textContent")
    assert focused == desktop.locator(RESULT_LINKS).first.inner_text()
    desktop.keyboard.press("Enter")
    desktop.wait_for_load_state("domcontentloaded")
    assert desktop.locator("h1").first.inner_text() == focused


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_with_results_and_filters_open(browser, site, scheme):
    words, _, _ = SEARCHES[site.name]
    found = {}
    for name, viewport in (("desktop", None), ("phone", PHONE)):
        context = new_context(browser, site, color_scheme=scheme, **({"viewport": viewport} if viewport else {}))
        try:
            page = context.new_page()
            page.goto(site.url(""))
            search_for(page, words)
            open_filters(page)
            found[f"search open on a {name}"] = run_axe(page)
        finally:
            context.close()
    failures = describe(found)
    assert not failures, f"{len(failures)} accessibility failure(s) in the {scheme} scheme:\n" + "\n".join(failures)


def test_search_asks_nothing_of_other_websites(browser, site):
    context = new_context(browser, site)
    local = urlsplit(site.base_url).netloc
    elsewhere: list[str] = []
    context.on(
        "request", lambda request: elsewhere.append(request.url) if urlsplit(request.url).netloc != local else None
    )
    try:
        page = context.new_page()
        page.goto(site.url(""))
        search_for(page, SEARCHES[site.name][0])
        tick(page, "Status", "Superseded")
    finally:
        context.close()
    assert [url for url in elsewhere if urlsplit(url).scheme in ("http", "https", "ws", "wss")] == []
