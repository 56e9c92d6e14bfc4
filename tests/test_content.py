"""The site's own content meets the targets set for it (issue 4).

These read the real docs/ folder, so a change that drops a paper below its
length, breaks the lifecycle examples or loses FAQ questions fails here.
"""

from collections import Counter

import pytest

from conftest import REPO
from kb.content.documents import load_documents
from kb.content.wordcount import body_words

DOCUMENTS, LOAD_PROBLEMS = load_documents(REPO)
PUBLIC = [d for d in DOCUMENTS if d.status in ("published", "consultation", "superseded")]
PAPERS = [d for d in PUBLIC if d.doc_type == "position-paper"]


def test_every_document_loads():
    assert LOAD_PROBLEMS == []


def test_there_are_at_least_five_position_papers():
    assert len(PAPERS) >= 5


def paper_words(paper) -> int:
    """The text and the key asks: the page shows the asks from the front matter, above the text, not in it."""
    return body_words(paper) + sum(len(str(ask).split()) for ask in paper.meta.get("key_asks", []))


@pytest.mark.parametrize("paper", PAPERS, ids=lambda d: d.src_uri)
def test_each_position_paper_has_at_least_800_words(paper):
    assert paper_words(paper) >= 800


def test_the_lifecycle_is_shown_superseded_with_successor_and_a_consultation():
    statuses = Counter(d.status for d in PAPERS)
    assert statuses["superseded"] >= 1 and statuses["consultation"] >= 1
    superseded = next(d for d in PAPERS if d.status == "superseded")
    successor = next(d for d in PAPERS if d.doc_id == superseded.meta["superseded_by"])
    assert successor.meta["supersedes"] == superseded.doc_id


def test_there_are_at_least_twelve_guidance_pages_across_every_nation():
    guidance = [d for d in PUBLIC if d.doc_type == "guidance"]
    assert len(guidance) >= 12
    nations = {n for d in guidance for n in d.meta["nations"]}
    assert nations == {"England", "Scotland", "Wales", "Northern Ireland"}


def test_there_are_at_least_thirty_faq_questions_in_every_theme():
    faqs = [d for d in PUBLIC if d.doc_type == "faq"]
    assert sum(len(d.meta["questions"]) for d in faqs) >= 30
    topics = {t for d in faqs for t in d.meta["topics"]}
    assert {"the-institute", "membership", "accreditation", "using-this-site", "contributing"} <= topics


def test_the_home_page_links_to_the_four_calls_on_government():
    home = next(d for d in DOCUMENTS if d.src_uri == "index.md")
    assert "(position-papers/recognising-managers-in-the-10-year-health-plan.md)" in home.body
    paper = next(d for d in PAPERS if d.doc_id == "PP-2025-01")
    assert paper.meta["key_asks"] == [  # the Institute's formal asks, word for word, shown once at the top
        "Recognise primary care managers in all NHS policy and workforce planning.",
        "Give primary care managers a seat at the table when strategic decisions are made.",
        "Support the Institute's national accreditation framework for practice managers.",
        "Fund structured development and leadership support for primary care managers.",
    ]


def test_a_papers_summary_and_key_asks_are_not_repeated_in_its_text():
    """The page shows the front matter's summary and key asks above the text (kb-document-top.html)."""
    for paper in PAPERS:
        assert "\n## Summary\n" not in paper.body, paper.src_uri
        repeated = [heading for heading in ("Key asks", "Proposed key asks") if f"\n## {heading}\n" in paper.body]
        assert not repeated, paper.src_uri
        assert not any(ask in " ".join(paper.body.split()) for ask in paper.meta["key_asks"]), paper.src_uri


def test_the_complete_example_in_the_field_reference_passes_the_schema():
    import re
    from pathlib import Path

    from kb.checks.validate import Validator
    from kb.content.documents import Document
    from kb.content.frontmatter import parse

    page = (REPO / "docs" / "contributing" / "front-matter-reference.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(---\n.*?---)\n```", page, re.DOTALL).group(1)
    document = Document(
        source=Path("guidance/x.md"),
        src_uri="guidance/x.md",
        repo_path="docs/guidance/x.md",
        parsed=parse((example + "\n\n# Title\n").encode()),
    )
    assert Validator(REPO).check_document(document) == []
