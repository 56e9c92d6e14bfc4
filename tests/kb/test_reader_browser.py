"""In Chromium: a glossary term explains itself to keyboard users, not only on hover."""

import shutil

import pytest

from kb.linkcheck import serve

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_tabbing_to_an_abbreviation_shows_its_explanation(built_site):
    from playwright.sync_api import sync_playwright

    with serve(built_site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 375, "height": 800})
            page.goto(base_url + "position-papers/new-paper/")
            term = page.locator("article abbr", has_text="PCN").first
            for _ in range(60):  # keyboard only: Tab until the term has the focus
                page.keyboard.press("Tab")
                if term.evaluate("e => e === document.activeElement"):
                    break
            assert term.evaluate("e => e === document.activeElement"), "the abbreviation cannot be reached with the Tab key"
            tooltip = page.locator("#" + term.get_attribute("aria-describedby"))
            tooltip.wait_for(state="visible")
            assert tooltip.inner_text().startswith("Primary care network: ")
        finally:
            browser.close()
