"""What readers do: search, follow the navigation, tags and listings, switch colours, get a PDF, hit a bad link."""

from __future__ import annotations

import re

import pytest

from browser.helpers import LINKS_UNDER_HEADINGS, heading_text, scheme, site_path
from browser.search import RESULT_LINKS, search_for
from browser.site_pages import NOT_FOUND, url_path
from kb.content.documents import load_documents
from kb.content.vocabularies import load_vocabularies

pytestmark = pytest.mark.browser

# A realistic query for each site, and words the title of the position paper it
# must find first contains.
SEARCHES = {
    "fixture": ("partnership payment for managers", "Partnership payments for practice managers"),
    "real": ("10-Year Health Plan", "10-Year Health Plan"),
}
NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")
TAGS_INDEX = "tags/"


def test_search_finds_the_position_paper_and_opens_it(desktop, site):
    query, title_words = SEARCHES[site.name]
    desktop.goto(site.url(""))
    search_for(desktop, query)
    results = desktop.locator(RESULT_LINKS)
    top = [
        (link, site_path(link.evaluate("a => a.href"), site.base_url), link.inner_text()) for link in results.all()[:3]
    ]
    wanted = [(link, path) for link, path, title in top if path.startswith("position-papers/") and title_words in title]
    assert wanted, (
        f"searching for {query!r} does not find the paper {title_words!r} in the top three results: {[(path, title) for _, path, title in top]}"
    )
    link, path = wanted[0]
    link.click()
    desktop.wait_for_url(re.compile(re.escape(site.base_url + path.split("#")[0])))
    assert title_words in heading_text(desktop)


def test_navigation_tabs_reach_a_position_paper(desktop, site):
    desktop.goto(site.url(""))
    desktop.locator(".md-tabs a.md-tabs__link", has_text="Position papers").click()
    desktop.wait_for_url(site.url("position-papers/"))
    assert heading_text(desktop) == "Position papers"
    paper = desktop.locator("article a[href]:not(.headerlink)").filter(has_not=desktop.locator("svg"))
    papers = [
        a
        for a in paper.all()
        if site_path(a.evaluate("a => a.href"), site.base_url).count("/") == 2
        and "position-papers/" in a.evaluate("a => a.href")
    ]
    assert papers, "the position papers listing links to no paper"
    link_text = papers[0].inner_text().strip()
    papers[0].click()
    desktop.wait_for_load_state()
    assert site_path(desktop.url, site.base_url).startswith("position-papers/")
    assert heading_text(desktop) in link_text or link_text in heading_text(desktop)


def test_a_documents_tag_leads_to_the_tags_index_and_back(desktop, site):
    tagged = next((p for p in site.pages if p.document), None)
    assert tagged, "no document page to start from"
    desktop.goto(site.url(tagged.path))
    tags = desktop.locator("a[href*='tags/#tag:']")
    assert tags.count(), f"{tagged}: the page links to none of its tags in the tags index"
    tag = tags.first
    tag_name = tag.inner_text().strip()
    tag.click()
    desktop.wait_for_url(re.compile(r"tags/#tag:"))
    listed = {entry["heading"]: entry["links"] for entry in desktop.evaluate(LINKS_UNDER_HEADINGS)}
    assert tag_name in listed, f"the tags index has no section for {tag_name!r}"
    assert tagged.path in [site_path(link["href"], site.base_url) for link in listed[tag_name]]


def listing_sections(browser_page, site):
    """(page, heading, links) for each heading that names a topic or a nation, on every section page and the tags index."""
    found = []
    for site_page in site.pages:
        if site_page.document:
            continue
        browser_page.goto(site.url(site_page.path))
        for entry in browser_page.evaluate(LINKS_UNDER_HEADINGS):
            found.append((site_page, entry["heading"], entry["links"]))
    return found


def test_topic_and_nation_listings_link_only_documents_that_match(desktop, site):
    """Under a heading that names a topic or a nation, every document listed has that topic or nation."""
    root = site.project_root
    documents, _ = load_documents(root, site.docs_dir)
    by_path = {url_path(d.src_uri): d for d in documents}
    topics = {topic["label"]: topic_id for topic_id, topic in load_vocabularies(root).topics.items()}
    checked, wrong = 0, []
    for site_page, heading, links in listing_sections(desktop, site):
        if heading in NATIONS:
            field, value = "nations", heading
        elif heading in topics:
            field, value = "topics", topics[heading]
        else:
            continue
        for link in links:
            document = by_path.get(site_path(link["href"], site.base_url).split("#")[0])
            if document is None or not document.is_publication:
                continue
            checked += 1
            if value not in document.meta.get(field, []):
                wrong.append(
                    f"/{site_page.path} lists {document.repo_path} under {heading!r}, but its {field} are {document.meta.get(field)}"
                )
    assert checked, "no page lists documents under a topic or nation heading (the tags index should)"
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("nation", ["Scotland"])
def test_a_nation_listing_opens_the_document(desktop, site, nation):
    """Click through from a nation's list to a document that applies to that nation."""
    for site_page, heading, links in listing_sections(desktop, site):
        documents = [link for link in links if site_path(link["href"], site.base_url).count("/") == 2]
        if heading == nation and documents and site_page.path != TAGS_INDEX:
            desktop.goto(site.url(site_page.path))
            desktop.locator(f"a[href]:text-is({documents[0]['text']!r})").first.click()
            desktop.wait_for_load_state()
            assert site_path(desktop.url, site.base_url) == site_path(documents[0]["href"], site.base_url)
            assert heading_text(desktop) == documents[0]["text"]
            return
    pytest.skip(
        f"no listing by nation with a heading {nation!r} outside the tags index on the {site.name} site yet (issue 3)"
    )


def test_colour_scheme_switch_works_and_is_remembered(desktop, site):
    desktop.goto(site.url(""))
    assert scheme(desktop) == "default"
    desktop.locator("form[data-md-component=palette] label:not([hidden])").click()
    assert scheme(desktop) == "slate"
    desktop.reload()
    assert scheme(desktop) == "slate", "the dark scheme was forgotten after a reload"
    desktop.goto(site.url("position-papers/"))
    assert scheme(desktop) == "slate", "the dark scheme was forgotten on the next page"
    desktop.locator("form[data-md-component=palette] label:not([hidden])").click()
    assert scheme(desktop) == "default"
    desktop.reload()
    assert scheme(desktop) == "default"


def test_the_page_not_found_appears_for_a_bad_address(desktop, site):
    failed = []
    desktop.on(
        "response",
        lambda r: (
            failed.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith(NOT_FOUND.path) else None
        ),
    )
    response = desktop.goto(site.url(NOT_FOUND.path))
    assert response.status == 404
    expected = (site.site_dir / "404.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", expected, re.S).group(1).strip()
    assert desktop.title() == title
    assert desktop.locator("header.md-header").is_visible()
    assert desktop.locator("article h1").first.is_visible()
    assert not failed, f"the page-not-found page could not load: {failed}"


def test_a_position_papers_pdf_link_returns_a_pdf(desktop, site):
    papers = [p for p in site.pages if p.kind.startswith("position paper")]
    with_pdf = [
        p
        for p in papers
        if re.search(r'href="[^"]+\.pdf"', (site.site_dir / p.path / "index.html").read_text(encoding="utf-8"))
    ]
    if not with_pdf:
        pytest.skip(f"no position paper links to a PDF on the {site.name} site yet (issue 3)")
    desktop.goto(site.url(with_pdf[0].path))
    link = desktop.locator("a[href$='.pdf']").first
    href = link.evaluate("a => a.href")
    response = desktop.request.get(href)
    assert response.status == 200, f"{href} answered {response.status}"
    assert response.body()[:5] == b"%PDF-", f"{href} is not a PDF"
