"""The contributor guide (docs/contributing/) tells authors the truth, and covers what they need.

The guide promises that every message names the file, the line, the thing that is
wrong and the fix; these tests hold every message it shows to that, and keep each
section that messages and the pull-request summary link to where they expect it.
"""

import html
import re

import pytest

from conftest import REPO
from kb.checks.validate import Validator
from kb.workflow import authoring

GUIDE = REPO / "docs" / "contributing"
GUIDE_PAGES = [*sorted(GUIDE.glob("*.md")), REPO / "docs" / "faqs" / "contributing.md"]
VALIDATOR = Validator(REPO)
# docs/path:LINE: thing: what is wrong (how to fix it)
STABLE_FORM = re.compile(r"^docs/[^:]+:[1-9]\d*: (?P<thing>[a-z][a-z0-9_. ]*): (?P<what>.+) \((?P<fix>.+)\)$")


def guide_text(name: str) -> str:
    return (GUIDE / name).read_text(encoding="utf-8")


def shown_messages() -> list[str]:
    """Every message the guide shows, produced by the real checks as when the guide is built."""
    found = [
        str(problem)
        for example in authoring.CHECK_EXAMPLES
        for problem in authoring.problems_for_example(example, VALIDATOR)
    ]
    found += [
        str(problem)
        for example in authoring.PROJECT_EXAMPLES
        for problem in authoring.problems_for_project_example(example, VALIDATOR)
    ]
    return found


def test_every_message_the_guide_shows_names_the_file_line_thing_and_fix():
    messages = shown_messages()
    assert len(messages) >= len(authoring.CHECK_EXAMPLES) + len(authoring.PROJECT_EXAMPLES)
    assert [message for message in messages if not STABLE_FORM.match(message)] == []


@pytest.mark.parametrize("example", authoring.PROJECT_EXAMPLES, ids=lambda e: e.mistake)
def test_every_mistake_between_files_produces_a_real_message_on_the_right_file(example):
    problems = authoring.problems_for_project_example(example, VALIDATOR)
    assert problems
    assert {problem.path for problem in problems} <= {f"docs/{path}" for path in example.files}


def test_the_guide_shows_each_mistake_between_files_with_the_checks_own_words():
    assert "{{ check_messages() }}" in guide_text("checks.md")
    rendered = authoring.render_check_messages(VALIDATOR)
    for example in authoring.PROJECT_EXAMPLES:
        assert f"### {example.mistake}\n" in rendered
        for problem in authoring.problems_for_project_example(example, VALIDATOR):
            assert authoring.quoted_message(str(problem)) in rendered


def test_a_duplicate_id_is_blamed_on_the_new_draft_never_the_published_page():
    example = next(e for e in authoring.PROJECT_EXAMPLES if e.mistake == "An id is already used")
    assert [p.path for p in authoring.problems_for_project_example(example, VALIDATOR)] == [
        "docs/guidance/a-new-page.md"
    ]


def test_the_message_explained_word_by_word_is_one_the_check_really_gives():
    quoted = re.search(r"^> (docs/guidance/example\.md:15: .+)$", guide_text("checks.md"), re.MULTILINE)
    assert quoted
    message = html.unescape(quoted.group(1).replace("\\_", "_"))
    assert message in shown_messages()
    assert STABLE_FORM.match(message)["thing"] == "review_due"


def test_the_guide_shows_no_log_lines_from_the_tools():
    for page in GUIDE_PAGES:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\b(?:WARNING|INFO|ERROR) +-", text), page.name
        assert "Traceback" not in text, page.name


@pytest.mark.parametrize("section", authoring.GUIDE_SECTIONS)
def test_each_section_messages_link_to_has_its_id_written_in_its_heading(section):
    page, anchor = authoring.GUIDE_SECTIONS[section]
    text = (REPO / "docs" / page).read_text(encoding="utf-8")
    assert re.search(rf"^#{{2,3}} .+ \{{: #{re.escape(anchor)} \}}$", text, re.MULTILINE), (page, anchor)


def test_a_guide_section_has_a_published_address():
    assert (
        authoring.guide_address("fix a problem", "https://knowledge.igpm.org.uk/")
        == "https://knowledge.igpm.org.uk/contributing/checks/#fix-a-problem"
    )
    assert (
        authoring.guide_address("pictures", "https://knowledge.igpm.org.uk")
        == "https://knowledge.igpm.org.uk/contributing/#pictures"
    )


def section(text: str, anchor: str) -> str:
    start = text.index(f"{{: #{anchor} }}")
    end = text.find("\n## ", start)
    return text[start : end if end > 0 else None]


def test_the_publishing_checklist_covers_status_dates_version_changes_and_addresses():
    checklist = section(guide_text("index.md"), "publishing-checklist")
    for needed in ("`status: published`", "`published:`", '`version: "1.0"`', "changes:", "`make urls`"):
        assert needed in checklist, needed


def test_the_pictures_section_lists_every_kind_the_checks_accept():
    from kb.checks.file_types import MAGIC

    pictures = section(guide_text("index.md"), "pictures")
    for suffix in [*MAGIC, ".svg"]:
        assert f"`{suffix}`" in pictures, suffix
    assert "Alt text" in pictures and "Size" in pictures


def test_renaming_says_which_line_to_add():
    renaming = section(guide_text("index.md"), "renaming-or-moving-a-page")
    assert "redirect_from: [guidance/old-name.md]" in renaming


def test_the_guide_starts_documents_in_the_web_editor():
    text = guide_text("index.md")
    assert "{{ new_document_links() }}" in section(text, "in-your-web-browser")


# Each stage of `kb gate` (kb.cli.GATE_STAGES), and the words the guide calls it by.
STAGE_IN_THE_GUIDE = {
    "check": "Check the documents",
    "addresses": "Check the addresses",
    "build": "Build the site",
    "link check": "Check the links",
    "search index": "Make the search index",
}


def test_every_gate_stage_is_explained_in_order():
    from kb.cli import GATE_STAGES

    stages = section(guide_text("checks.md"), "stages")
    items = re.findall(r"^\d\. \*\*(.+?)\*\*", stages, re.MULTILINE)
    assert items == [STAGE_IN_THE_GUIDE[name] for name, _ in GATE_STAGES]
