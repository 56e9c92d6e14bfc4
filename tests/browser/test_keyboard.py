"""Keyboard: a skip link first, every control reachable by Tab, focus always visible, glossary on focus."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser.conftest import new_context
from browser.keyboard import walk_with_tab
from browser.site_pages import NOT_FOUND

pytestmark = pytest.mark.browser

# Glossary terms as the glossary work may mark them: an abbreviation with its
# explanation in a title (Markdown's abbr extension), or an element naming its
# explanation with data-glossary or aria-describedby.
GLOSSARY_TERM = "article abbr[title], article [data-glossary], article .glossary-term"
GLOSSARY_IN_HTML = re.compile(r"<abbr\b[^>]*\btitle=|data-glossary|glossary-term")
# Focus is on the term, or on a link or button wrapped round it.
FOCUS_IS_ON_TERM = """() => {
  const e = document.activeElement;
  return !!e && (e.dataset.kbTerm === "1" || (e.matches("a, button") && !!e.querySelector("[data-kb-term]")));
}"""


def test_skip_link_is_the_first_stop_and_jumps_to_the_content(desktop, site):
    missing, broken = [], []
    for site_page in [*site.checked, NOT_FOUND]:
        desktop.goto(site.url(site_page.path))
        desktop.keyboard.press("Tab")
        if not desktop.evaluate("document.activeElement.classList.contains('md-skip')"):
            missing.append(str(site_page))
            continue
        desktop.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'")
        target = desktop.evaluate("document.activeElement.hash")
        desktop.keyboard.press("Enter")
        desktop.wait_for_function("hash => location.hash === hash", arg=target)
        if not desktop.evaluate(
            "hash => { const r = document.getElementById(decodeURIComponent(hash.slice(1))).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }",
            target,
        ):
            broken.append(f"{site_page}: the skip link does not bring {target} into view")
    assert not missing, "pages whose first Tab stop is not a 'Skip to content' link:\n" + "\n".join(missing)
    assert not broken, "\n".join(broken)


def test_every_control_is_reached_by_tab_and_shows_focus(browser, site):
    context = new_context(browser, site)
    page = context.new_page()
    problems = []
    try:
        for site_page in [*site.checked, NOT_FOUND]:
            page.goto(site.url(site_page.path))
            walk = walk_with_tab(page)
            assert walk.reached, f"{site_page}: the Tab key reaches nothing"
            problems += [f"{site_page}: cannot be reached with Tab: {name}" for name in walk.unreached]
            problems += [f"{site_page}: focus cannot be seen on {name}" for name in walk.invisible_focus]
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_glossary_explanations_appear_on_keyboard_focus(desktop, site):
    with_terms = [
        p
        for p in site.pages
        if GLOSSARY_IN_HTML.search((site.site_dir / p.path / "index.html").read_text(encoding="utf-8"))
    ]
    if not with_terms:
        pytest.skip(f"glossary tooltips not built yet (issue 3): no glossary term on any page of the {site.name} site")
    page_with_term = with_terms[0]
    desktop.goto(site.url(page_with_term.path))
    term = desktop.locator(GLOSSARY_TERM).first
    explanation = term.evaluate(
        """t => t.getAttribute("title") || t.getAttribute("data-glossary")
               || (t.getAttribute("aria-describedby") && document.getElementById(t.getAttribute("aria-describedby"))?.textContent) || "" """
    ).strip()
    assert explanation, f"{page_with_term}: the first glossary term has no explanation"
    term_id = term.evaluate("t => (t.dataset.kbTerm = '1')")
    assert term_id
    desktop.mouse.move(0, 0)
    for _ in range(300):
        desktop.keyboard.press("Tab")
        if desktop.evaluate(FOCUS_IS_ON_TERM):
            break
    else:
        pytest.fail(
            f"{page_with_term}: the glossary term {term.inner_text()!r} cannot be reached with the Tab key, so keyboard users never see its explanation"
        )
    words = explanation[:40]
    shown = (
        desktop.locator("[role=tooltip], :not(abbr):not([data-glossary])")
        .filter(has_text=words)
        .locator("visible=true")
    )
    try:
        shown.first.wait_for(state="visible", timeout=3000)
    except PlaywrightTimeout:
        pytest.fail(
            f"{page_with_term}: the glossary term {term.inner_text()!r} has keyboard focus but its explanation ({words!r}...) does not appear"
        )
