"""In Chromium: a glossary term explains itself to keyboard users, not only on hover.

Runs on the lifecycle fixture site in the session's one Chromium (two Playwright
instances cannot run at once in one process).
"""

import pytest

from kb.checks.linkcheck import serve

pytestmark = pytest.mark.browser


def test_tabbing_to_an_abbreviation_shows_its_explanation(built_site, browser):
    with serve(built_site) as base_url:
        page = browser.new_page(viewport={"width": 375, "height": 800})
        try:
            page.goto(base_url + "position-papers/new-paper/")
            term = page.locator("article abbr", has_text="PCN").first
            for _ in range(60):  # keyboard only: Tab until the term has the focus
                page.keyboard.press("Tab")
                if term.evaluate("e => e === document.activeElement"):
                    break
            assert term.evaluate("e => e === document.activeElement"), (
                "the abbreviation cannot be reached with the Tab key"
            )
            # Material attaches the tooltip on focus, asynchronously: wait for the link.
            page.wait_for_function("e => e.getAttribute('aria-describedby')", arg=term.element_handle(), timeout=10_000)
            tooltip = page.locator("#" + term.get_attribute("aria-describedby"))
            tooltip.wait_for(state="visible")
            assert tooltip.inner_text().startswith("Primary care network: ")
        finally:
            page.close()
