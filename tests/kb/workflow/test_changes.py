"""`kb changes --base REF`: what a pull request does to the documents, and the review-date rule.

Each test makes a fixture project, commits it to a temporary git repository as the
base, then edits the working tree as a pull request would. Tests run as of 2026-11-25.
"""

import subprocess
from datetime import date

import pytest

from conftest import front_matter, run_kb
from kb.problems import Problem
from kb.workflow.changes import GitError, compare, format_markdown, format_text

HOME = front_matter(type="page", id=None, title="Home", review_due="2028-01-01")
TODAY = date(2026, 11, 25)
CURRENT = front_matter(id="GD-2025-01", title="Current guidance", review_due="2027-06-01")
PAST_REVIEW = front_matter(id="GD-2025-02", title="Guidance past review", review_due="2026-06-01")


def git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True)


@pytest.fixture
def repo(project):
    """A committed base: home, current guidance, guidance past review, a paper to remove."""
    root = project(
        {
            "index.md": HOME,
            "guidance/current.md": CURRENT,
            "guidance/past-review.md": PAST_REVIEW,
            "guidance/to-move.md": front_matter(id="GD-2025-03", title="Guidance to move", review_due="2027-06-01"),
            "faqs/to-remove.md": front_matter(
                id="FAQ-2025-01",
                title="An FAQ to remove",
                type="faq",
                questions=["Why is this?"],
                review_due="2027-06-01",
            ).replace("Some text.", "## Why is this?\n\nBecause."),
        }
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.name=Test", "-c", "user.email=test@example.org", "add", "docs")
    git(root, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "base")
    return root


def write(root, relative, text):
    (root / "docs" / relative).write_text(text, encoding="utf-8")


def test_nothing_changed(repo):
    report = compare(repo, "main", TODAY)
    assert report.changes == [] and report.problems == []
    assert format_text(report) == "No documents were added, changed or removed since main."


def test_each_kind_of_change_is_listed_in_plain_words(repo):
    write(
        repo,
        "guidance/new.md",
        front_matter(id="GD-2025-09", title="Brand new guidance", status="draft", published=None),
    )
    write(repo, "guidance/current.md", CURRENT.replace("Some text.", "Some better text."))
    (repo / "docs/faqs/to-remove.md").unlink()
    (repo / "docs/guidance/to-move.md").rename(repo / "docs/guidance/moved.md")
    text = format_text(compare(repo, "main", TODAY))
    assert "  Added:\n    docs/guidance/new.md (Brand new guidance): new, status draft" in text
    assert "  Changed:\n    docs/guidance/current.md (Current guidance)" in text
    assert "  Removed:\n    docs/faqs/to-remove.md (An FAQ to remove)" in text
    assert (
        "  Moved or renamed:\n    docs/guidance/moved.md (Guidance to move): moved from docs/guidance/to-move.md"
        in text
    )
    assert "to-move.md (Guidance to move)\n" not in text


def test_a_committed_rename_is_found_by_git(repo):
    git(repo, "mv", "docs/guidance/to-move.md", "docs/guidance/moved.md")
    report = compare(repo, "main", TODAY)
    assert [(change.kind, change.path, change.old_path) for change in report.changes] == [
        ("moved", "docs/guidance/moved.md", "docs/guidance/to-move.md")
    ]


def test_a_status_change_is_called_out(repo):
    write(
        repo,
        "guidance/current.md",
        front_matter(
            id="GD-2025-01",
            title="Current guidance",
            review_due="2027-06-01",
            status="withdrawn",
            withdrawn_reason="It no longer applies anywhere.",
        ),
    )
    report = compare(repo, "main", TODAY)
    assert [change.kind for change in report.changes] == ["re-statused"]
    assert "docs/guidance/current.md (Current guidance): status changed from published to withdrawn" in format_text(
        report
    )


def test_editing_a_document_past_review_without_recording_a_review_is_a_problem(repo):
    write(repo, "guidance/past-review.md", PAST_REVIEW.replace("Some text.", "An edit."))
    report = compare(repo, "main", TODAY)
    assert [str(problem) for problem in report.problems] == [
        "docs/guidance/past-review.md:18: review_due: this document was due for review on 2026-06-01 and this change edits it, "
        "but last_reviewed and review_due were not updated (review the whole document, then set last_reviewed to today (2026-11-25) "
        "and review_due to the next review date, usually a year later)"
    ]


def test_recording_the_review_clears_the_problem(repo):
    write(
        repo,
        "guidance/past-review.md",
        front_matter(
            id="GD-2025-02", title="Guidance past review", last_reviewed="2026-11-20", review_due="2027-11-20"
        ),
    )
    assert compare(repo, "main", TODAY).problems == []


def test_an_untouched_document_past_review_does_not_fail_an_unrelated_change(repo):
    write(repo, "guidance/current.md", CURRENT.replace("Some text.", "Some better text."))
    result = run_kb(repo, "changes", "--base", "main")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "past-review" not in result.stdout


def test_cli_fails_and_names_the_file_and_field(repo):
    write(repo, "guidance/past-review.md", PAST_REVIEW.replace("Some text.", "An edit."))
    result = run_kb(repo, "changes", "--base", "main")
    assert result.returncode == 1
    assert "1 problem(s) to fix before this change can be merged:" in result.stdout
    assert (
        "docs/guidance/past-review.md:18: review_due: this document was due for review on 2026-06-01" in result.stdout
    )


def test_cli_lists_gate_problems_in_changed_files_only(repo):
    write(
        repo, "guidance/current.md", CURRENT.replace("title: Current guidance", "title: Current guidance\nsumary: typo")
    )
    result = run_kb(repo, "changes", "--base", "main", "--format", "markdown")
    assert result.returncode == 1
    assert (
        "- `docs/guidance/current.md` line 4: **sumary**: is not a field we know (did you mean summary?)"
        in result.stdout
    )


def test_markdown_for_the_job_summary(repo):
    write(repo, "guidance/new.md", front_matter(id="GD-2025-09", title="Brand new guidance"))
    markdown = format_markdown(compare(repo, "main", TODAY))
    assert "## Documents in this pull request" in markdown
    assert "### Added (1)\n\n- `docs/guidance/new.md` Brand new guidance: new, status published" in markdown
    assert "No problems in the documents this pull request touches." in markdown


def test_an_unknown_base_is_a_clear_error(repo):
    with pytest.raises(GitError):
        compare(repo, "no-such-branch", TODAY)
    result = run_kb(repo, "changes", "--base", "no-such-branch")
    assert result.returncode == 1
    assert "kb changes: cannot compare with no-such-branch:" in result.stderr
    assert "Traceback" not in result.stderr


def test_moving_a_document_past_review_without_editing_it_is_not_a_problem(repo):
    (repo / "docs/guidance/past-review.md").rename(repo / "docs/guidance/renamed.md")
    report = compare(repo, "main", TODAY)
    assert [change.kind for change in report.changes] == ["moved"]
    assert report.problems == []


def test_moving_and_editing_a_document_past_review_is_a_problem(repo):
    (repo / "docs/guidance/past-review.md").unlink()
    write(repo, "guidance/renamed.md", PAST_REVIEW.replace("Some text.", "An edit."))
    report = compare(repo, "main", TODAY)
    assert [(change.kind, change.old_path) for change in report.changes] == [("moved", "docs/guidance/past-review.md")]
    assert [(problem.path, problem.field) for problem in report.problems] == [
        ("docs/guidance/renamed.md", "review_due")
    ]


# --- The gate's report: every problem the change causes, the stage, never "no problems" when red ----------

GUIDE = "https://knowledge.igpm.org.uk/contributing/checks/"
BROKEN = Problem(
    "docs/guidance/current.md", 21, "link", "to-move.md: there is no page docs/guidance/to-move.md", "did you mean x?"
)


def gate_ran(root, status="failed", stage="build", problems=(BROKEN,)):
    from kb.workflow import gate_report

    report = gate_report.GateReport(
        status=status, stage=stage, problems=list(problems), sources=gate_report.sources_fingerprint(root)
    )
    gate_report.write(gate_report.report_path(root), report)


def run_in_actions(root, *args):
    import os
    import sys

    from conftest import REPO, TEST_NOW

    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "KB_NOW": TEST_NOW, "GITHUB_ACTIONS": "true"}
    return subprocess.run(
        [sys.executable, "-m", "kb", "--root", str(root), "changes", "--base", "main", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_the_summary_lists_the_gates_problems_in_files_the_change_did_not_touch(repo, tmp_path):
    (repo / "docs/guidance/to-move.md").rename(repo / "docs/guidance/moved.md")
    gate_ran(repo)
    summary = tmp_path / "summary.md"
    result = run_in_actions(repo, "--format", "markdown", "--summary", str(summary))
    assert result.returncode == 1, result.stderr
    written = summary.read_text(encoding="utf-8")
    assert written.startswith(
        "## Problems\n\n"
        "**The publishing gate stopped at the build stage: nothing can be published until it passes.**"
        f" [What each check does]({GUIDE}#stages); [how to fix a problem]({GUIDE}#fix-a-problem).\n\n"
        "1 problem(s) to fix before this pull request can be merged:\n\n"
        "- `docs/guidance/current.md` line 21: **link**: to-move.md: there is no page docs/guidance/to-move.md"
        " (did you mean x?)\n"
    )
    assert "No problems" not in written
    assert "### Moved or renamed (1)" in written
    assert result.stdout.startswith(written)
    assert result.stdout.splitlines()[-1] == (
        "::error file=docs/guidance/current.md,line=21,title=link (build stage)::"
        "to-move.md: there is no page docs/guidance/to-move.md (did you mean x?)"
    )


def test_a_red_gate_without_problems_never_says_no_problems(repo):
    gate_ran(repo, status="running", stage="link check", problems=())
    result = run_kb(repo, "changes", "--base", "main", "--format", "markdown")
    assert result.returncode == 1
    assert (
        "**The publishing gate stopped during the link check stage without finishing (it ran out of time or met an"
        " internal error): nothing can be published until it passes.**" in result.stdout
    )
    assert "The log of the step that failed (select **Details** beside the red cross) says more." in result.stdout
    assert "No problems" not in result.stdout
    gate_ran(repo, status="internal error", stage="build", problems=())
    result = run_kb(repo, "changes", "--base", "main")
    assert result.returncode == 1
    assert (
        "The publishing gate stopped at the build stage with an internal error: nothing can be published until it"
        " passes. Ask the web editor." in result.stdout
    )


def test_a_passed_gate_says_so(repo):
    gate_ran(repo, status="passed", stage="", problems=())
    result = run_kb(repo, "changes", "--base", "main", "--format", "markdown")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(
        "## Problems\n\nThe publishing gate passed: every check found nothing to fix.\n\n## Documents in this pull"
    )


def test_a_report_older_than_the_files_is_not_trusted(repo):
    gate_ran(repo, status="passed", stage="", problems=())
    write(repo, "guidance/current.md", CURRENT.replace("title: Current guidance", "title: Current guidance\nsumary: x"))
    result = run_kb(repo, "changes", "--base", "main", "--format", "markdown")
    assert result.returncode == 1
    assert (
        "**The publishing gate has not run on these files (the files have changed since it last ran: run `make check`"
        " again).**" in result.stdout
    )
    assert "- `docs/guidance/current.md` line 4: **sumary**: is not a field we know" in result.stdout


def test_without_a_report_the_document_checks_are_run_and_said_to_be_all(repo):
    write(repo, "guidance/current.md", CURRENT.replace("Some text.", "Better text."))
    result = run_kb(repo, "changes", "--base", "main", "--format", "markdown")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "**The publishing gate has not run on these files (run `make check` to run it).**"
        f" [What each check does]({GUIDE}#stages); [how to fix a problem]({GUIDE}#fix-a-problem).\n\n"
        "The document checks found nothing to fix; the later stages have not run.\n" in result.stdout
    )


def test_the_guide_sections_linked_from_the_summary_exist():
    import re

    from conftest import REPO
    from kb.workflow.changes import GUIDE_FIX, GUIDE_PAGE, GUIDE_STAGES

    guide = (REPO / "docs" / (GUIDE_PAGE.rstrip("/") + ".md")).read_text(encoding="utf-8")
    anchors = set(re.findall(r"\{: #([\w-]+) \}", guide))
    assert {GUIDE_FIX[1:], GUIDE_STAGES[1:]} <= anchors
