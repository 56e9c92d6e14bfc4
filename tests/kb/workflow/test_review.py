"""The review report (`kb review`): overdue and due-soon documents by owner, and its exit codes.

Tests run "as of" 2026-11-25 (conftest's KB_NOW).
"""

from datetime import date

import pytest

from conftest import front_matter, run_kb
from kb.content.documents import load_documents
from kb.content.vocabularies import load_vocabularies
from kb.workflow.review import format_markdown, format_text, review_report

HOME = front_matter(type="page", id=None, title="Home", review_due="2028-01-01")
TODAY = date(2026, 11, 25)


def review_cases() -> dict[str, str]:
    """One document per situation the report must handle."""
    return {
        "index.md": HOME,
        "guidance/overdue.md": front_matter(id="GD-2025-01", title="Overdue guidance", review_due="2026-10-01"),
        "guidance/due-today.md": front_matter(id="GD-2025-02", title="Guidance due today", review_due="2026-11-25"),
        "position-papers/due-soon.md": front_matter(
            id="PP-2025-01",
            title="Paper due soon",
            type="position-paper",
            owner="policy-editor",
            key_asks=["Recognise managers."],
            review_due="2026-12-20",
        ),
        "guidance/due-later.md": front_matter(id="GD-2025-03", title="Guidance due next year", review_due="2027-06-01"),
        "guidance/draft-overdue.md": front_matter(
            id="GD-2025-04", title="An overdue draft", status="draft", published=None, review_due="2026-01-01"
        ),
        "guidance/withdrawn-overdue.md": front_matter(
            id="GD-2025-05",
            title="Withdrawn guidance",
            status="withdrawn",
            withdrawn_reason="It no longer applies anywhere.",
            review_due="2026-01-01",
        ),
    }


@pytest.fixture
def review_project(project):
    return project(review_cases())


def report_for(root, days=60):
    documents, problems = load_documents(root)
    assert problems == []
    return review_report(documents, load_vocabularies(root), TODAY, days)


def test_overdue_and_due_soon_are_grouped_by_owner(review_project):
    report = report_for(review_project)
    owners = {owner.owner: owner for owner in report.owners}
    assert set(owners) == {"guidance-editor", "policy-editor"}
    guidance = owners["guidance-editor"]
    assert [item.repo_path for item in guidance.overdue] == ["docs/guidance/overdue.md"]
    assert [item.repo_path for item in guidance.due_soon] == ["docs/guidance/due-today.md"]
    assert [item.repo_path for item in owners["policy-editor"].due_soon] == ["docs/position-papers/due-soon.md"]
    assert guidance.label == "Guidance editor (vacancy)"
    assert (report.overdue_count, report.due_soon_count) == (1, 2)


def test_drafts_and_withdrawn_documents_are_not_reviewed(review_project):
    paths = [item.repo_path for owner in report_for(review_project).owners for item in owner.overdue + owner.due_soon]
    assert "docs/guidance/draft-overdue.md" not in paths
    assert "docs/guidance/withdrawn-overdue.md" not in paths


def test_days_widens_the_window(review_project):
    report = report_for(review_project, days=400)
    paths = [item.repo_path for owner in report.owners for item in owner.due_soon]
    assert "docs/guidance/due-later.md" in paths


def test_plain_text_says_how_late_each_document_is(review_project):
    text = format_text(report_for(review_project))
    assert text.startswith("Review report as of 2026-11-25: 1 overdue, 2 due within 60 days.")
    assert (
        "Guidance editor (vacancy):\n  Overdue:\n    docs/guidance/overdue.md: GD-2025-01: Overdue guidance (review due 2026-10-01, 55 days overdue)"
        in text
    )
    assert "docs/guidance/due-today.md: GD-2025-02: Guidance due today (review due 2026-11-25, due today)" in text
    assert "PP-2025-01: Paper due soon (review due 2026-12-20, due in 25 days)" in text


def test_markdown_has_a_table_per_owner(review_project):
    markdown = format_markdown(report_for(review_project))
    assert "As of 2026-11-25: **1 overdue**, 2 due within 60 days." in markdown
    assert "### Guidance editor (vacancy)" in markdown
    assert "| GD-2025-01: Overdue guidance | `docs/guidance/overdue.md` | 2026-10-01 | 55 days overdue |" in markdown


def test_cli_exits_1_when_something_is_overdue(review_project):
    result = run_kb(review_project, "review")
    assert result.returncode == 1
    assert "docs/guidance/overdue.md" in result.stdout
    assert "To record a review:" in result.stdout


def test_cli_exits_0_when_nothing_is_overdue(project):
    root = project({"index.md": HOME, "guidance/soon.md": front_matter(review_due="2026-12-01")})
    result = run_kb(root, "review", "--format", "markdown")
    assert result.returncode == 0
    assert result.stdout.startswith("## Review report")
    assert "docs/guidance/soon.md" in result.stdout


def test_cli_reports_an_empty_report_in_words(project):
    root = project({"index.md": front_matter(type="page", id=None, title="Home", review_due="2028-01-01")})
    result = run_kb(root, "review", "--days", "30")
    assert result.returncode == 0
    assert (
        "Nothing is overdue for review, and nothing falls due in the next 30 days (as of 2026-11-25)." in result.stdout
    )
