"""File and folder names under docs/ are plain: hostile names are refused once each, with the name to use."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import front_matter, make_project
from kb.checks.content_safety import check_content
from kb.checks.names import check_folder_names, suggested_file_name
from kb.checks.validate import validate_project
from kb.content.documents import load_documents

REPO = Path(__file__).resolve().parents[3]
PNG = b"\x89PNG\r\n\x1a\n"
FILE_RULE = "may use only lower-case letters (a-z), digits and hyphens, then one ending such as .md or .png"


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ('rt" onmouseover="alert(1)" x=".md', "rt-onmouseover-alert-1-x.md"),
        ("Embargoed Chart.PNG", "embargoed-chart.png"),
        ("chart.final.v2.png", "chart-final-v2.png"),
        ("Café menu.md", "cafe-menu.md"),
    ],
)
def test_suggested_names(name, suggestion):
    assert suggested_file_name(name) == suggestion


def hostile_names_project(tmp_path: Path) -> Path:
    """Names that cannot be committed (quotes, < >, spaces) are made here, as a corpus test should make them."""
    page = front_matter(type="page", id=None, title="Hostile name")
    root = make_project(
        tmp_path / "p", {"index.md": front_matter(type="page", id=None, title="Home"), "about/x.md": page}
    )
    about = root / "docs" / "about"
    (about / 'rt" onmouseover="alert(1)" x=".md').write_text(page)
    (about / "<svg onload=alert(document.domain)>").mkdir()
    (about / "<svg onload=alert(document.domain)>" / "index.md").write_text(page)
    (about / "embargoed chart.png").write_bytes(PNG)
    return root


def test_hostile_names_get_one_clear_message_each_and_nothing_crashes(tmp_path):
    root = hostile_names_project(tmp_path)
    _, problems = validate_project(root, now=datetime(2026, 11, 25, tzinfo=UTC))
    assert [str(problem) for problem in problems] == [
        "docs/about/<svg onload=alert(document.domain)>:1: folder name: may use only lower-case letters (a-z), digits and hyphens (rename it to `svg-onload-alert-document-domain`)",
        f"docs/about/embargoed chart.png:1: file name: {FILE_RULE} (rename it to `embargoed-chart.png`)",
        f'docs/about/rt" onmouseover="alert(1)" x=".md:1: file name: {FILE_RULE} (rename it to `rt-onmouseover-alert-1-x.md`)',
    ]


def test_includes_folder_is_allowed_at_the_top_only(tmp_path):
    root = make_project(
        tmp_path / "p", {"_includes/snippet.md": "x", "about/_includes/y.md": "x", "Guidance/a.md": "x"}
    )
    assert [str(problem) for problem in check_folder_names(root / "docs", root)] == [
        "docs/Guidance:1: folder name: may use only lower-case letters (a-z), digits and hyphens (rename it to `guidance`)",
        "docs/about/_includes:1: folder name: may use only lower-case letters (a-z), digits and hyphens (rename it to `includes`)",
    ]


def test_the_real_docs_pass_every_content_check():
    documents, problems = load_documents(REPO)
    assert problems == []
    assert check_content(REPO, REPO / "docs", documents, datetime.now(UTC)) == []
