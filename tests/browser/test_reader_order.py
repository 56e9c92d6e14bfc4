"""A document page in the order a reader needs it, as drawn at phone and desktop width.

Title, summary, who it applies to, banners and key asks above the text; the review dates just
after the text; the other facts in one block at the foot. Checked by where each part is drawn on
the screen (not only by the HTML's order), on one paper, one guidance page and one FAQ of each
site, with screenshots of the top of each page for people to look at.
"""

from __future__ import annotations

import pytest

from browser.conftest import DESKTOP, PHONE, new_context

pytestmark = pytest.mark.browser

# Where each part starts on the page, top to bottom; null for a part the page does not have.
# "text" is the first heading of the author's text: an h2 that none of our templates draws.
PARTS_TOP = """() => {
  const article = document.querySelector("article.md-content__inner");
  const top = (selector) => {
    const element = article.querySelector(selector);
    return element ? element.getBoundingClientRect().top + window.scrollY : null;
  };
  return {
    title: top("h1#kb-title"),
    summary: top(".kb-summary"),
    applies: top(".kb-applies"),
    banners: top(".kb-banner"),
    asks: top(".kb-key-asks"),
    text: top("h2:not(.admonition-title):not([id^='kb-'])"),
    review: top(".kb-review-dates"),
    facts: top(".kb-facts"),
  };
}"""
ORDER = ("title", "summary", "applies", "banners", "asks", "text", "review", "facts")
REQUIRED = ("title", "summary", "applies", "text", "review", "facts")


def documents_to_check(site):
    """One position paper, one guidance page and one FAQ."""
    kinds = ("position paper", "guidance", "FAQ")
    pages = [site.page_of_kind(kind) for kind in kinds]
    return [page for page in pages if page is not None and page.document]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_document_reads_title_summary_audience_banners_text_then_facts(browser, site, screenshot_dir, viewport):
    context = new_context(browser, site, viewport=viewport)
    page = context.new_page()
    wrong = []
    try:
        checked = documents_to_check(site)
        assert checked, f"no paper, guidance page or FAQ on the {site.name} site"
        for site_page in checked:
            page.goto(site.url(site_page.path))
            tops = page.evaluate(PARTS_TOP)
            missing = [part for part in REQUIRED if tops[part] is None]
            drawn = [(part, tops[part]) for part in ORDER if tops[part] is not None]
            if missing:
                wrong.append(f"{site_page}: no {', '.join(missing)}")
            elif [part for part, _ in sorted(drawn, key=lambda item: item[1])] != [part for part, _ in drawn]:
                wrong.append(f"{site_page}: drawn in the order {sorted(drawn, key=lambda item: item[1])}")
            name = f"{site_page.slug}-top-{viewport['width']}.png"
            page.screenshot(path=screenshot_dir / site.name / name)
    finally:
        context.close()
    assert not wrong, "document pages not in the reader's order:\n" + "\n".join(wrong)


def test_a_documents_skip_link_lands_on_its_title(desktop, site):
    for site_page in documents_to_check(site):
        desktop.goto(site.url(site_page.path))
        assert desktop.get_attribute("a.md-skip", "href") == "#kb-title", site_page
        desktop.keyboard.press("Tab")
        desktop.keyboard.press("Enter")
        assert desktop.evaluate("location.hash") == "#kb-title"
        title_top = desktop.evaluate("document.getElementById('kb-title').getBoundingClientRect().top")
        assert 0 <= title_top < DESKTOP["height"] / 2, f"{site_page}: the title is not brought into view"


def test_owners_and_authors_show_as_roles_without_vacancy(desktop, site):
    for site_page in documents_to_check(site):
        desktop.goto(site.url(site_page.path))
        facts = desktop.inner_text(".kb-facts")
        assert "vacancy" not in facts, f"{site_page}: {facts}"
        assert "Owner" in facts, site_page


def test_the_footer_offers_the_stay_informed_page_where_the_site_has_one(desktop, site):
    has_page = (site.site_dir / "about" / "stay-informed" / "index.html").exists()
    desktop.goto(site.url(""))
    link = desktop.locator("nav.kb-follow a", has_text="Stay informed")
    assert link.count() == (1 if has_page else 0)
    if has_page:
        link.click()
        assert desktop.inner_text("h1") == "Stay informed"
        assert desktop.locator("article a[href$='.xml']").count() == 4
