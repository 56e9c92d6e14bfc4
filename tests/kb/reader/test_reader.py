"""Integration: what a reader gets from the built lifecycle fixture site.

One fixture document per situation (tests/fixtures/lifecycle/docs): a paper
under consultation, a superseded paper and its successor (with related
documents and a version history), withdrawn guidance with a notice, guidance
overdue for review, an FAQ whose answer contains </script>, and guidance
moved from an old address.
"""

import io
import json
import xml.etree.ElementTree as ET

import pypdf
import pytest
from bs4 import BeautifulSoup


def page(site, path):
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def facts(soup):
    return {item.dt.get_text(strip=True): item.dd.get_text(strip=True) for item in soup.select(".kb-facts__item")}


def banner(soup, kind):
    (found,) = soup.select(f".kb-banner--{kind}")
    return found


def test_the_facts_block_at_the_foot_holds_the_remaining_facts(built_site):
    shown = facts(page(built_site, "position-papers/new-paper"))
    assert shown == {
        "Document id": "PP-2026-01",
        "Type": "Position paper",
        "Status": "Published",
        "Version": "2.1",
        "Published": "1 May 2026",
        "Updated": "15 September 2026",
        "Owner": "Policy editor",
        "Authors": "Policy editor, Board of directors",
    }


def test_who_the_page_applies_to_is_above_the_text(built_site):
    applies = page(built_site, "position-papers/new-paper").select_one(".kb-applies")
    items = {item.dt.get_text(strip=True): item.dd.get_text(strip=True) for item in applies.select(".kb-applies__item")}
    assert items == {"Applies to": "England, Northern Ireland", "Written for": "Members"}


def test_review_dates_follow_the_text_as_nhs_pages_put_them(built_site):
    dates = page(built_site, "position-papers/new-paper").select_one(".kb-review-dates")
    assert [span.get_text() for span in dates.find_all("span")] == [
        "Last reviewed: 15 September 2026",
        "Next review due: 15 September 2027",
    ]


def where(soup, part):
    """Where a part starts in the page's source: a CSS selector, or text the author wrote."""
    found = soup.article.select_one(part) if part[0] in ".#h" else soup.article.find(string=lambda s: part in s).parent
    return (found.sourceline, found.sourcepos)


def test_a_paper_reads_title_summary_audience_asks_text_then_the_facts(built_site):
    soup = page(built_site, "position-papers/new-paper")
    order = [
        "h1#kb-title",
        ".kb-summary",
        ".kb-applies",
        ".kb-key-asks",
        "NEW-PAPER-TEXT",
        ".kb-review-dates",
        ".kb-related",
        ".kb-facts",
        ".kb-facts .kb-history",
        ".kb-cite",
    ]
    positions = [where(soup, part) for part in order]
    assert positions == sorted(positions)
    text = soup.article.get_text()
    assert text.count("The fixture document PP-2026-01, which replaces") == 1
    assert text.count("KEY-ASK-ONE") == 1


def test_banners_come_after_the_summary_and_before_the_text(built_site):
    soup = page(built_site, "position-papers/old-paper")
    order = [".kb-summary", ".kb-applies", ".kb-banner--superseded", ".kb-key-asks", "OLD-PAPER-TEXT"]
    positions = [where(soup, part) for part in order]
    assert positions == sorted(positions)


def test_title_is_drawn_once_and_escaped(built_site):
    soup = page(built_site, "position-papers/new-paper")
    assert [h1.get_text(strip=True) for h1 in soup.find_all("h1")] == ["New paper & successor"]
    assert (
        '<h1 id="kb-title">New paper &amp; successor</h1>'
        in (built_site / "position-papers/new-paper/index.html").read_text()
    )


def test_consultation_banner(built_site):
    found = banner(page(built_site, "position-papers/consultation-paper"), "consultation")
    assert found.h2.get_text(strip=True) == "Under consultation"
    assert "closes on 31 December 2026" in found.get_text()
    assert "How to respond: Email CONSULT-RESPOND-HOW with your comments." in found.get_text()


def test_superseded_banner_links_the_successor(built_site):
    found = banner(page(built_site, "position-papers/old-paper"), "superseded")
    link = found.find("a")
    assert link.get_text() == "New paper & successor"
    assert link["href"] == "../new-paper/"
    assert "(PP-2026-01)" in found.get_text()


def test_withdrawn_banner_gives_reason_and_what_to_read_instead(built_site):
    found = banner(page(built_site, "guidance/withdrawn-with-notice"), "withdrawn")
    assert "withdrawn: WITHDRAWN-REASON the rules it described changed." in found.get_text()
    assert found.find("a")["href"] == "../published-guidance/"


def test_overdue_review_banner(built_site):
    found = banner(page(built_site, "guidance/overdue-review"), "review")
    assert "due for review on 1 June 2026" in found.get_text()
    assert not page(built_site, "guidance/published-guidance").select(".kb-banner")


def test_key_asks_boxed_at_the_top_of_papers_with_the_summary_above_them(built_site):
    soup = page(built_site, "position-papers/new-paper")
    box = soup.select_one(".kb-key-asks")
    assert box.h2.get_text() == "Key asks"
    assert [li.get_text() for li in box.find_all("li")] == [
        "KEY-ASK-ONE for the fixture.",
        "KEY-ASK-TWO for the fixture.",
    ]
    assert "PP-2026-01, which replaces PP-2024-01" not in box.get_text()
    assert "PP-2026-01, which replaces PP-2024-01" in soup.select_one(".kb-summary").get_text()


def test_a_paper_under_consultation_proposes_its_key_asks(built_site):
    box = page(built_site, "position-papers/consultation-paper").select_one(".kb-key-asks")
    assert box.h2.get_text() == "Proposed key asks"


def test_every_footer_links_each_known_channel_as_a_plain_link(built_site):
    """The fixture site has no Stay informed page, so its footer does not link one (tests/browser does)."""
    soup = page(built_site, "guidance/published-guidance")
    follow = soup.find("nav", class_="kb-follow")
    assert follow["aria-label"] == "Follow the Institute"
    assert [(a.get_text(), a["href"]) for a in follow.find_all("a")] == [
        ("X (formerly Twitter), @TheIGPM", "https://x.com/TheIGPM"),
    ]
    fetched = [tag.get("src") or tag.get("href") for tag in soup.find_all(["script", "img", "iframe", "link"])]
    assert not [url for url in fetched if url and ("x.com" in url or "facebook" in url or "twitter" in url)]


def test_related_documents_and_version_history(built_site):
    soup = page(built_site, "position-papers/new-paper")
    assert [(a.get_text(), a["href"]) for a in soup.select(".kb-related a")] == [
        ("Published guidance", "../../guidance/published-guidance/"),
        ("Fixture FAQ", "../../faqs/fixture-faq/"),
    ]
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.select(".kb-history tbody tr")]
    assert rows == [
        ["2.1", "15 September 2026", "CHANGE-TWO-ONE corrected a figure."],
        ["2.0", "1 May 2026", "CHANGE-TWO-ZERO first version of the new paper."],
    ]


def test_cite_this_paper(built_site):
    soup = page(built_site, "position-papers/new-paper")
    assert soup.select_one(".kb-cite__text").get_text() == (
        "Institute of General Practice Management (2026). New paper & successor. Position paper PP-2026-01, version 2.1, 15 September 2026. "
        "Available at: https://knowledge.igpm.org.uk/position-papers/new-paper/"
    )
    bibtex = soup.select_one(".kb-cite__bibtex code").get_text()
    assert "@techreport{igpm-pp-2026-01," in bibtex
    assert "title = {{New paper \\& successor}}," in bibtex
    assert "version = {2.1}," in bibtex


def test_pdf_is_linked_valid_and_titled(built_site):
    soup = page(built_site, "position-papers/new-paper")
    link = soup.select_one(".kb-download a")["href"]
    assert link == "PP-2026-01.pdf"
    reader = pypdf.PdfReader(io.BytesIO((built_site / "position-papers/new-paper" / link).read_bytes()))
    assert reader.metadata.title == "New paper & successor"
    title_page = reader.pages[0].extract_text()
    assert (
        "New paper & successor" in title_page
        and "PP-2026-01" in title_page
        and "2.1" in title_page
        and "15 September 2026" in title_page
    )
    assert "NEW-PAPER-TEXT" in "".join(p.extract_text() for p in reader.pages)


def test_pdf_of_a_superseded_paper_says_so_on_its_title_page(built_site):
    reader = pypdf.PdfReader(io.BytesIO((built_site / "position-papers/old-paper/PP-2024-01.pdf").read_bytes()))
    title_page = " ".join(reader.pages[0].extract_text().split())
    assert "Superseded. This document has been replaced" in title_page
    assert "Read the current version: New paper & successor (PP-2026-01)." in title_page


def test_pdf_cache_is_used(built_site):
    cache = built_site.parent / ".cache" / "pdf"
    assert len(list(cache.glob("*.pdf"))) == len(list(built_site.glob("position-papers/*/*.pdf"))) == 4


def test_position_papers_listed_newest_first_with_superseded_apart(built_site):
    soup = page(built_site, "position-papers")
    lists = [ul for ul in soup.article.find_all("ul", recursive=False) if "kb-feeds" not in ul.get("class", [])]
    current = [a.get_text() for a in lists[0].find_all("a")]
    assert current == ["Paper under consultation", "New paper & successor", "Published paper"]
    assert [a.get_text() for a in lists[1].find_all("a")] == ["Old paper now superseded"]
    assert "Under consultation · Published 1 October 2026" in lists[0].get_text()


def test_guidance_by_topic_and_by_nation(built_site):
    soup = page(built_site, "guidance")
    headings = [h.get_text(strip=True).rstrip("¶") for h in soup.article.find_all("h3")]
    assert headings == ["Communications", "Workforce and wellbeing", "England", "Wales"]
    assert "Withdrawn guidance with a notice" not in soup.article.get_text()


def test_home_page_has_search_box_and_latest_lists(built_site):
    soup = page(built_site, ".")
    form = soup.find("form", class_="kb-search-box")
    assert form["role"] == "search" and form.find("input")["name"] == "q"
    assert form.find("label")["for"] == form.find("input")["id"]
    assert "Paper under consultation" in soup.article.get_text()


def test_json_ld_parses_and_cannot_be_broken_out_of(built_site):
    paper = json.loads(page(built_site, "position-papers/new-paper").find("script", type="application/ld+json").string)
    assert paper["@type"] == "Article" and paper["identifier"] == "PP-2026-01"
    html = (built_site / "faqs/fixture-faq/index.html").read_text()
    script = BeautifulSoup(html, "html.parser").find("script", type="application/ld+json").string
    faq = json.loads(script)
    assert faq["@type"] == "FAQPage"
    assert faq["image"].endswith(".png") and faq["image"].startswith("http")
    answers = {q["name"]: q["acceptedAnswer"]["text"] for q in faq["mainEntity"]}
    assert answers["What is this fixture for?"] == "FAQ-ANSWER-TEXT checks the FAQs."
    assert '</script><script>alert("SCRIPT-ESCAPE")</script>' in answers["Can an answer break out of a script?"]
    assert 'alert("SCRIPT-ESCAPE")</script>' not in html


def test_open_graph_and_canonical(built_site):
    soup = page(built_site, "guidance/published-guidance")
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:title"] == "Published guidance"
    assert og["og:url"] == "https://knowledge.igpm.org.uk/guidance/published-guidance/"
    assert soup.find("link", rel="canonical")["href"] == og["og:url"]
    assert (built_site / "sitemap.xml").exists()


def feed_items(site, name):
    channel = ET.parse(site / name).getroot().find("channel")
    return [(item.findtext("title"), item.findtext("description")) for item in channel.findall("item")]


def test_position_paper_feed_holds_public_papers_newest_first(built_site):
    items = feed_items(built_site, "feed-position-papers.xml")
    assert [title for title, _ in items] == [
        "Paper under consultation",
        "New paper & successor",
        "Published paper",
        "Old paper now superseded",
    ]
    assert items[0][1] == "The fixture document PP-2025-04, a paper still open for comment."


def test_guidance_updates_feed_holds_public_guidance_only(built_site):
    titles = [title for title, _ in feed_items(built_site, "feed-guidance-updates.xml")]
    assert titles[0] == "Guidance overdue for review"
    assert "Embargoed guidance EMBARGOTITLE" not in titles
    assert set(titles) == {
        "Guidance overdue for review",
        "Withdrawn guidance with a notice",
        "Published guidance",
        "Guidance after its embargo",
    }
    assert "<language>en-GB</language>" in (built_site / "feed-guidance-updates.xml").read_text()


def test_catalogue_lists_public_documents_only(built_site):
    catalogue = json.loads((built_site / "catalogue.json").read_text())
    ids = [d["id"] for d in catalogue["documents"]]
    assert ids == sorted(ids)
    assert {"PP-2026-01", "PP-2024-01", "GD-2025-04", "FAQ-2025-01"} <= set(ids)
    assert not {"PP-2025-02", "PP-2025-03", "GD-2025-02"} & set(ids)
    paper = next(d for d in catalogue["documents"] if d["id"] == "PP-2026-01")
    assert paper["url"] == "https://knowledge.igpm.org.uk/position-papers/new-paper/"
    assert paper["pdf"] == "https://knowledge.igpm.org.uk/position-papers/new-paper/PP-2026-01.pdf"
    assert paper["version"] == "2.1"
    assert "embargo_until" not in json.dumps(catalogue)


@pytest.mark.parametrize("path", ["position-papers/new-paper", "glossary"])
def test_glossary_terms_are_focusable_explanations(built_site, path):
    abbrs = page(built_site, path).article.find_all("abbr")
    assert abbrs and all(a.get("title") for a in abbrs)
    first_uses = {a.get_text(): a for a in reversed(abbrs)}  # each term's first abbr: the only Tab stop for it
    assert [a for a in abbrs if a.get("tabindex") == "0"] == [a for a in abbrs if first_uses[a.get_text()] is a]


def test_glossary_page_lists_every_term(built_site):
    soup = page(built_site, "glossary")
    assert soup.find("dt", id="term-pcn").get_text() == "PCN"
    assert "Primary care network" in soup.find("dt", id="term-pcn").find_next("dd").get_text()
    assert "PCN: Primary care network" not in soup.find("dt", id="term-pcn").get_text()


def test_old_address_redirects_to_the_moved_document(built_site):
    html = (built_site / "guidance/old-guidance-name/index.html").read_text()
    assert 'http-equiv="refresh" content="0; url=../published-guidance/"' in html


def test_not_found_page_offers_search_and_sections(built_site):
    soup = BeautifulSoup((built_site / "404.html").read_text(), "html.parser")
    assert soup.h1.get_text() == "Page not found"
    assert soup.find("form", class_="kb-search-box")
    assert {a["href"] for a in soup.article.find_all("a")} >= {
        "/position-papers/",
        "/guidance/",
        "/faqs/",
        "/glossary/",
        "/",
    }


def test_print_stylesheet_is_linked(built_site):
    soup = page(built_site, "guidance/published-guidance")
    [printing] = [
        link
        for link in soup.find_all("link", rel="stylesheet")
        if link["href"].endswith("assets/stylesheets/print.css")
    ]
    assert printing["media"] == "print"  # not render-blocking on screen
    css = (built_site / "assets/stylesheets/print.css").read_text()
    assert "@media print" in css and 'content: " <" attr(data-print-href) ">"' in css
    related = soup.select_one(".kb-related a") or page(built_site, "position-papers/new-paper").select_one(
        ".kb-related a"
    )
    assert related["data-print-href"] == "https://knowledge.igpm.org.uk/guidance/published-guidance/"
