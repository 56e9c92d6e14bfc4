"""What the search index records of a document besides its text (kb.search.fields)."""

from kb.content.vocabularies import load_vocabularies
from kb.search import fields
from reader_helpers import PAPER, make_document

VOCABULARIES = load_vocabularies()


def test_guidance_for_one_nation_has_its_filters_details_and_sort_key():
    found = fields.search_fields(make_document(), VOCABULARIES)
    assert found.filters == {
        "type": ["Guidance"],
        "nation": ["England"],
        "topic": ["Workforce and wellbeing"],
        "audience": ["Members"],
        "status": ["Current"],
    }
    assert found.meta == {"type": "Guidance", "status": "Current", "nations": "England", "updated": "2025-01-10"}
    assert found.sort == {"updated": "2025-01-10"}


def test_a_document_for_all_four_nations_matches_each_and_reads_uk_wide():
    document = make_document(nations=["Wales", "Northern Ireland", "England", "Scotland"])
    found = fields.search_fields(document, VOCABULARIES)
    assert found.filters["nation"] == ["England", "Scotland", "Wales", "Northern Ireland"]
    assert found.meta["nations"] == "UK-wide"


def test_statuses_read_as_readers_choose_them():
    labels = {
        status: fields.search_fields(make_document(status=status), VOCABULARIES).filters["status"]
        for status in ("published", "consultation", "superseded", "withdrawn")
    }
    assert labels == {
        "published": ["Current"],
        "consultation": ["Under consultation"],
        "superseded": ["Superseded"],
        "withdrawn": ["Withdrawn"],
    }
    assert set(fields.CURRENT_STATUSES) == {"Current", "Under consultation"}


def test_a_position_paper_and_an_unknown_topic():
    found = fields.search_fields(make_document(base=PAPER, topics=["workforce", "no-such-topic"]), VOCABULARIES)
    assert found.filters["type"] == ["Position paper"]
    assert found.filters["topic"] == ["Workforce and wellbeing"]


def test_a_page_without_nations_or_audience_has_no_such_filters():
    page = make_document("about/join.md", type="page", nations=None, audience=None, topics=None, updated=None)
    found = fields.search_fields(page, VOCABULARIES)
    assert found.filters == {"type": ["Page"], "status": ["Current"]}
    assert found.sort == {"updated": "2025-01-10"}  # the published date when there is no update


def test_listings_are_not_searched_documents_are():
    assert fields.is_searched(make_document("guidance/x.md"))
    assert fields.is_searched(make_document("about/join.md"))
    assert not fields.is_searched(make_document("guidance/index.md"))
    assert not fields.is_searched(make_document("index.md"))
    assert not fields.is_searched(make_document("tags.md"))


def test_as_dict_is_what_the_template_reads():
    found = fields.search_fields(make_document(), VOCABULARIES).as_dict()
    assert set(found) == {"filters", "meta", "sort"}
