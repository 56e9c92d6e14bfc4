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


@pytest.mark.parametrize("paper", PAPERS, ids=lambda d: d.src_uri)
def test_each_position_paper_has_at_least_800_words(paper):
    assert body_words(paper) >= 800


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
    assert (
        "position-papers/recognising-managers-in-the-10-year-health-plan.md#what-the-institute-is-asking-government-for"
        in home.body
    )
    paper = next(d for d in PAPERS if d.doc_id == "PP-2025-01")
    assert "## What the Institute is asking Government for" in paper.body
    assert len(paper.meta["key_asks"]) == 4


def test_the_duplicate_id_message_copied_into_the_guide_is_the_real_one():
    from datetime import UTC, datetime
    from pathlib import Path

    from conftest import front_matter
    from kb.checks.validate import Validator
    from kb.content.documents import Document
    from kb.content.frontmatter import parse

    def document(src_uri: str) -> Document:
        return Document(
            source=Path(src_uri), src_uri=src_uri, repo_path=f"docs/{src_uri}", parsed=parse(front_matter().encode())
        )

    problems = Validator(REPO).check_all(
        [document("guidance/example.md"), document("guidance/another.md")], datetime(2026, 11, 25, tzinfo=UTC)
    )
    guide = (REPO / "docs" / "contributing" / "checks.md").read_text(encoding="utf-8")
    assert [str(p) for p in problems] == [
        "docs/guidance/another.md:2: id: GD-2025-01 is already used by docs/guidance/example.md (give this document the next free id; `make new` finds one)"
    ]
    assert "> " + str(problems[0]).replace("`", "\\`") in guide


def test_the_shared_address_message_copied_into_the_guide_is_the_real_one():
    from datetime import UTC, datetime

    from conftest import documents_from, front_matter
    from kb.checks.validate import Validator

    pages = documents_from(
        {
            uri: front_matter(type="faq", id=f"FAQ-2025-0{n}", questions=["What?"])
            for n, uri in enumerate(("faqs/contributing.md", "faqs/contributing/index.md"), 1)
        }
    )
    problems = [
        p
        for p in Validator(REPO).check_all(pages, datetime(2026, 11, 25, tzinfo=UTC))
        if "would be published" in str(p)
    ]
    guide = (REPO / "docs" / "contributing" / "checks.md").read_text(encoding="utf-8")
    assert len(problems) == 1
    assert "> " + str(problems[0]) in guide


@pytest.mark.parametrize(
    ("name", "data"),
    [("Practice Photo.PNG", b"\x89PNG\r\n\x1a\n" + bytes(30)), ("rota.docx", b"PK\x03\x04" + bytes(30))],
)
def test_the_file_messages_copied_into_the_guide_are_the_real_ones(tmp_path, name, data):
    from kb.checks.content_safety import check_file

    folder = tmp_path / "docs" / "guidance"
    folder.mkdir(parents=True)
    (folder / name).write_bytes(data)
    problems = check_file(folder / name, tmp_path)
    guide = (REPO / "docs" / "contributing" / "checks.md").read_text(encoding="utf-8")
    assert len(problems) == 1
    assert "> " + str(problems[0]) in guide


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
