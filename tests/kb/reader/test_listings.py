"""Generated listings: order, grouping and what they show."""

from datetime import UTC, datetime

from conftest import REPO
from kb.build.site import SiteContent
from kb.content.documents import newest_first
from kb.content.vocabularies import load_vocabularies
from kb.reader.listings import by_nation, by_topic, render_list, select
from reader_helpers import make_document

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def content(*documents):
    return SiteContent(
        documents={d.src_uri: d for d in documents}, problems=[], now=NOW, vocabularies=load_vocabularies(REPO)
    )


OLD = make_document(
    "guidance/old.md",
    id="GD-2024-01",
    title="Old",
    published="2024-01-01",
    updated="2026-10-01",
    topics=["workforce"],
    nations=["Wales"],
)
NEW = make_document(
    "guidance/new.md",
    id="GD-2026-01",
    title="New",
    published="2026-01-01",
    updated="2026-01-01",
    topics=["communications"],
    nations=["England", "Wales"],
)
GONE = make_document(
    "guidance/gone.md", id="GD-2025-09", title="Gone", status="withdrawn", withdrawn_reason="No longer right."
)


def test_newest_first_by_publication_or_by_update():
    assert [d.title for d in newest_first([OLD, NEW], "published")] == ["New", "Old"]
    assert [d.title for d in select(content(OLD, NEW), "guidance")] == ["Old", "New"]


def test_list_shows_status_unless_published_and_the_date():
    text = render_list([GONE, OLD], "guidance/index.md")
    assert "- [Gone](gone.md)  \n  *Withdrawn · Published 10 January 2025 · " in text
    assert "- [Old](old.md)  \n  *Updated 1 October 2026 · " in text
    assert text.endswith("*{: .kb-list-details }\n")


def test_grouping_by_topic_and_nation_leaves_out_withdrawn_documents():
    site = content(OLD, NEW, GONE)
    topics = {label: [d.title for d in docs] for label, docs in by_topic(site, "guidance")}
    assert topics["Workforce and wellbeing"] == ["Old"]
    assert topics["Communications"] == ["New"]
    nations = {label: [d.title for d in docs] for label, docs in by_nation(site, "guidance")}
    assert nations == {"England": ["New"], "Scotland": [], "Wales": ["Old", "New"], "Northern Ireland": []}
