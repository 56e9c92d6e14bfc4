"""Privacy: loading any page, or searching, asks nothing of any other website and sets no cookie."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser.conftest import new_context
from browser.search import search_for
from browser.site_pages import NOT_FOUND

pytestmark = pytest.mark.browser


def test_pages_load_nothing_from_elsewhere_and_set_no_cookie(browser, site):
    context = new_context(browser, site)
    local = urlsplit(site.base_url).netloc
    requests, elsewhere = [], []

    def only_local(route):
        # Record, then refuse, anything for another host: the test needs no internet.
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    cookies_in_page = {}
    try:
        for number, site_page in enumerate([NOT_FOUND, *site.checked]):
            page.goto(site.url(site_page.path))
            # Every page runs the same scripts: wait for their late requests on the
            # first few pages; the rest differ in content, which loads before "load".
            if number < 3:
                page.wait_for_load_state("networkidle")
            cookies_in_page[str(site_page)] = page.evaluate("document.cookie")
        search_for(page, "practice")
        cookies = context.cookies()
    finally:
        context.close()
    assert any(".pf_fragment" in url for url in requests), "the search index was never fetched: did search run?"
    assert not elsewhere, "requests to other websites:\n" + "\n".join(sorted(set(elsewhere)))
    assert [
        url
        for url in requests
        if urlsplit(url).netloc != local and urlsplit(url).scheme in ("http", "https", "ws", "wss")
    ] == []
    assert cookies == [], f"cookies were set: {cookies}"
    assert {page: text for page, text in cookies_in_page.items() if text} == {}
