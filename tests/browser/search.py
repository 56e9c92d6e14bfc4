"""Using the site's search (kb.search: partials/search.html, search.js, search-ui.js) as a reader would."""

from __future__ import annotations

from typing import Any

DIALOG = "dialog#kb-search"
INPUT = "#kb-search-input"
RESULT_LINKS = ".kb-search__result .kb-search__result-title a"
SEARCH_FILES = ("/pagefind/", "/search-ui.js", "/search.css")  # what search loads on first use


def search_requests(page: Any) -> list[str]:
    """The requests for search's own files that page makes from now on."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url) if is_search_file(request.url) else None)
    return requested


def is_search_file(url: str) -> bool:
    return any(part in url for part in SEARCH_FILES)


def wait_for_results(page: Any) -> list[str]:
    """The titles of the results shown, once there are some."""
    page.locator(RESULT_LINKS).first.wait_for(state="visible")
    return page.locator(RESULT_LINKS).all_inner_texts()


def search_for(page: Any, words: str) -> list[str]:
    """Open search with the / key, type words, and return the titles of the results for all of them.

    A slow machine may pause while typing long enough for search to answer the first few
    letters: the answer counted is the one whose status line names every word.
    """
    page.keyboard.press("/")
    page.locator(INPUT).press_sequentially(words, delay=15)
    page.wait_for_function(
        "words => (document.querySelector('.kb-search__status') || {}).textContent.includes('\u201c' + words + '\u201d')",
        arg=words,
    )
    return wait_for_results(page)


def status_text(page: Any) -> str:
    return page.locator(".kb-search__status").inner_text()


def settled(page: Any) -> None:
    """Wait until the results answer the latest change (the status line is written last)."""
    page.wait_for_function(
        "() => { const s = document.querySelector('.kb-search__status');"
        " return s && /result/.test(s.textContent) && !/Loading/.test(s.textContent); }"
    )
    page.wait_for_timeout(250)


def open_filters(page: Any) -> None:
    """Open the filters (folded until asked for) and wait until every group is drawn with its counts."""
    if not page.locator(".kb-search__filter-box").evaluate("box => box.open"):
        page.locator(".kb-search__filters-title").click()
    page.locator(".kb-search__group", has=page.locator("legend", has_text="Topic")).wait_for(state="visible")


def tick(page: Any, group: str, value: str) -> None:
    """Tick (or untick) one filter's box by its label, then wait for the new results."""
    open_filters(page)
    page.locator(".kb-search__group", has=page.locator("legend", has_text=group)).get_by_label(value).click()
    page.wait_for_timeout(300)
    settled(page)


def result_details(page: Any) -> list[str]:
    """Each result's details line: type, status, nations, date."""
    return page.locator(".kb-search__result .kb-search__details").all_inner_texts()
