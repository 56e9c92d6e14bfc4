"""The header, banners and other values drawn around a document's text."""

import pytest

from conftest import REPO
from kb.content.vocabularies import load_vocabularies
from kb.reader.page_model import (
    DocumentIndex,
    build_page_model,
    long_date,
    reader_label,
    relative_url,
    strip_leading_title,
)
from reader_helpers import NOW, PAPER, make_document, url_of

VOCABULARIES = load_vocabularies(REPO)


def model(document, *others):
    documents = {d.src_uri: d for d in (document, *others)}
    index = DocumentIndex(documents, NOW, url_of)
    return build_page_model(document, VOCABULARIES, index, url_of(document.src_uri))


@pytest.mark.parametrize(
    ("target", "page", "expected"),
    [
        ("guidance/a/", "guidance/b/", "../a/"),
        ("guidance/a/", "", "guidance/a/"),
        ("", "faqs/x/", "../../"),
        ("faqs/x/", "faqs/x/", "./"),
    ],
)
def test_relative_url(target, page, expected):
    assert relative_url(target, page) == expected


def test_dates_are_written_the_uk_way():
    assert long_date("2025-03-01") == "1 March 2025"
    assert long_date(None) == ""


def test_header_lists_every_fact_with_people_by_role_and_vacancies():
    fields = {
        f.label: f.value
        for f in model(make_document(authors=["guidance-editor", "web-editor"], nations=["England", "Wales"])).fields
    }
    assert fields["Document id"] == "GD-2025-01"
    assert fields["Type"] == "Guidance"
    assert fields["Status"] == "Published"
    assert fields["Version"] == "1.0"
    assert fields["Published"] == "10 January 2025"
    assert fields["Next review due"] == "1 June 2026"
    assert fields["Applies to"] == "England, Wales"
    assert fields["Written for"] == "Members"
    assert fields["Owner"] == "Guidance editor"
    assert fields["Authors"] == "Guidance editor, Web editor"


def test_facts_are_placed_in_the_order_a_reader_needs_them():
    places = {f.label: f.place for f in model(make_document(nations=["England"])).fields}
    assert places == {
        "Applies to": "top",
        "Written for": "top",
        "Last reviewed": "review",
        "Next review due": "review",
        "Document id": "foot",
        "Type": "foot",
        "Status": "foot",
        "Version": "foot",
        "Published": "foot",
        "Updated": "foot",
        "Owner": "foot",
        "Authors": "foot",
    }


def test_a_role_with_a_holder_shows_the_name_and_a_vacant_one_only_the_role():
    assert reader_label({"role": "Policy editor", "name": "A. Person"}) == "Policy editor (A. Person)"
    assert reader_label({"role": "Policy editor", "name": None}) == "Policy editor"


def test_every_publication_has_its_summary_above_the_text_and_plain_pages_none():
    assert model(make_document(summary="What the guidance covers.")).summary == "What the guidance covers."
    assert model(make_document("about/index.md", type="page", id=None, summary="About.")).summary == ""


def test_plain_pages_have_no_header():
    page = make_document("about/index.md", type="page", id=None, review_due="2027-06-01")
    assert model(page).fields == []


def test_overdue_review_gives_a_banner_with_the_date():
    banners = model(make_document(review_due="2026-06-01")).banners
    assert [(b.kind, b.heading) for b in banners] == [("review", "Due for review")]
    assert "due for review on 1 June 2026" in banners[0].text


def test_review_not_yet_due_gives_no_banner():
    assert model(make_document(review_due="2026-11-26")).banners == []


def test_consultation_banner_says_when_and_how_to_respond():
    document = make_document(
        status="consultation",
        review_due="2027-06-01",
        consultation={"closes": "2026-12-31", "how_to_respond": "Email the policy team."},
    )
    (banner,) = model(document).banners
    assert banner.kind == "consultation"
    assert "closes on 31 December 2026" in banner.text
    assert "How to respond: Email the policy team." in banner.text


def test_closed_consultation_says_it_has_closed():
    document = make_document(
        status="consultation",
        review_due="2027-06-01",
        consultation={"closes": "2026-10-01", "how_to_respond": "Email the policy team."},
    )
    assert "closed on 1 October 2026" in model(document).banners[0].text


def test_superseded_banner_links_the_successor():
    old = make_document("guidance/old.md", status="superseded", superseded_by="GD-2026-01", review_due="2027-06-01")
    new = make_document(
        "guidance/new.md", id="GD-2026-01", title="The new guidance", supersedes="GD-2025-01", review_due="2027-06-01"
    )
    (banner,) = model(old, new).banners
    assert banner.kind == "superseded"
    assert banner.link.title == "The new guidance"
    assert banner.link.url == "../new/"


def test_withdrawn_banner_gives_the_reason_and_what_to_read_instead():
    gone = make_document(
        "guidance/gone.md",
        status="withdrawn",
        withdrawn_reason="The rules changed.",
        read_instead="GD-2026-01",
        review_due="2027-06-01",
    )
    other = make_document("guidance/other.md", id="GD-2026-01", title="Other guidance", review_due="2027-06-01")
    (banner,) = model(gone, other).banners
    assert banner.text == "This document has been withdrawn: The rules changed."
    assert banner.link_label == "Read instead:"
    assert banner.link.url == "../other/"


def test_overdue_superseded_document_shows_only_the_superseded_banner():
    old = make_document("guidance/old.md", status="superseded", superseded_by="GD-2026-01")
    new = make_document("guidance/new.md", id="GD-2026-01", supersedes="GD-2025-01", review_due="2027-06-01")
    assert [b.kind for b in model(old, new).banners] == ["superseded"]


def test_related_documents_link_public_ones_only():
    paper = make_document("position-papers/p.md", PAPER, related=["GD-2026-01", "GD-2026-02"], review_due="2027-06-01")
    shown = make_document("guidance/shown.md", id="GD-2026-01", title="Shown")
    draft = make_document("guidance/draft.md", id="GD-2026-02", status="draft")
    related = model(paper, shown, draft).related
    assert [(link.title, link.url, link.doc_id) for link in related] == [
        ("Shown", "../../guidance/shown/", "GD-2026-01")
    ]


def test_paper_shows_summary_key_asks_and_version_history():
    changes = [
        {"version": "1.1", "date": "2025-02-01", "summary": "Fixed a date."},
        {"version": "1.0", "date": "2025-01-10", "summary": "First published."},
    ]
    result = model(make_document("position-papers/p.md", PAPER, version="1.1", changes=changes))
    assert result.key_asks == ["Recognise practice managers."]
    assert result.summary == PAPER["summary"]
    assert result.changes[0] == {"version": "1.1", "date": "1 February 2025", "summary": "Fixed a date."}


def test_leading_title_line_is_removed_once():
    assert strip_leading_title("\n# Title\n\nText\n# Another") == "\n\n\nText\n# Another"
    assert strip_leading_title("Text first\n# Title") == "Text first\n# Title"


def test_the_plain_values_handed_to_templates_are_asdict_without_shared_containers():
    from dataclasses import asdict

    changes = [
        {"version": "1.1", "date": "2025-02-01", "summary": "Fixed a date."},
        {"version": "1.0", "date": "2025-01-10", "summary": "First published."},
    ]
    old = make_document(
        "position-papers/p.md",
        PAPER,
        version="1.1",
        changes=changes,
        status="superseded",
        superseded_by="GD-2026-01",
        related=["GD-2026-01"],
    )
    new = make_document(
        "guidance/new.md", id="GD-2026-01", title="The new guidance", supersedes="PP-2025-01", review_due="2027-06-01"
    )
    built = model(old, new)
    plain = built.as_dict()
    assert plain == asdict(built) and plain["banners"] and plain["related"] and plain["fields"]
    plain["related"][0]["url"] = "changed by a template"
    plain["changes"][0]["summary"] = "changed by a template"
    assert built.related[0].url != "changed by a template" and built.changes[0]["summary"] == "Fixed a date."
