"""Hostile input, round two: limits on cost and nesting, and whole-value fields.

The committed cases live in the hostile corpus (tests/fixtures/hostile/); each goes
into docs/about/ of a fixture project and must be refused with exactly the messages
below, which the corpus test holds too. Cases too large to commit are made
here: front matter nested 5,000 and 100,000 deep, values of a million
characters, a body of 990,000 [ and one of 100,000 headings. Then real builds:
the corpus is refused with every message, a page slower than KB_PAGE_SECONDS
and one larger than the HTML limit are refused by name, and nothing is published.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, TEST_NOW, front_matter, make_project
from kb.checks.validate import validate_project

CORPUS = FIXTURES / "hostile"
NOT_IN_ITS_FOLDER = "5: type: is guidance but the file is not in docs/guidance/"
TOO_DEEP = "front matter: the field 'related' has lists or groups of fields inside one another more than 10 levels deep"
TWO = "17: supersedes: GD-2024-11 and GD-2024-12 replace each other, so neither is the current version"
THREE = "17: supersedes: GD-2024-21, GD-2024-22 and GD-2024-23 replace one another in a circle, "
THREE += "so none of them is the current version"
NOT_A_DATE_TIME = "is not a real date and time with an offset"
NOT_A_LEVEL = "which is not a heading level"
TWENTY_ONE = "21 times; at most 20 are allowed"
HOME = front_matter(type="page", id=None, title="Home")
UNCLOSED = "text: brackets [ ( < from here on are not closed, or hold too much text, "
UNCLOSED += "so converting the page would take too long"

# name in docs/about/ -> every problem `kb check` reports for it, as LINE: field: message.
# The lifecycle cases are guidance, so in docs/about/ they are also in the wrong folder.
EXPECTED: dict[str, list[str]] = {
    "id-trailing-newline.md": ["2: id: 'GD-2024-02\\n' has a line break in it", NOT_IN_ITS_FOLDER],
    "version-literal-block-newline.md": ["9: version: '1.0\\n' has a line break in it"],
    "redirect-from-trailing-newline.md": ["9: redirect_from.1: 'about/old-name.md\\n' has a line break in it"],
    "embargo-trailing-newline.md": ["9: embargo_until: '2026-03-01T09:00:00+00:00\\n' " + NOT_A_DATE_TIME],
    "supersedes-cycle-two-a.md": [NOT_IN_ITS_FOLDER, TWO],
    "supersedes-cycle-two-b.md": [NOT_IN_ITS_FOLDER, TWO],
    "supersedes-cycle-three-a.md": [NOT_IN_ITS_FOLDER, THREE],
    "supersedes-cycle-three-b.md": [NOT_IN_ITS_FOLDER, THREE],
    "supersedes-cycle-three-c.md": [NOT_IN_ITS_FOLDER, THREE],
    "front-matter-nested-flow.md": [f"9: {TOO_DEEP}"],
    "front-matter-nested-mapping.md": [f"9: {TOO_DEEP}"],
    "front-matter-nested-dashes.md": [f"10: {TOO_DEEP}"],
    "front-matter-nested-indentation.md": [f"19: {TOO_DEEP}"],
    "body-too-many-headings.md": ["1011: text: the page has more than 500 headings"],
    "body-unclosed-brackets.md": [f"15: {UNCLOSED}"],
    "body-nested-quotes.md": ["15: text: lists or quotes are nested more than 20 levels deep"],
    "body-nested-lists.md": ["15: text: lists or quotes are nested more than 20 levels deep"],
    "macro-heading-level-huge.md": ["13: template code: documents_by_topic() is given level=100000000, " + NOT_A_LEVEL],
    "macro-called-too-often.md": ["53: template code: the page calls macros or includes snippets " + TWENTY_ONE],
}
PAGE = "---\ntitle: {title}\nsummary: A page from the hostile corpus, round two, for the limits.\ntype: page\n"
PAGE += "status: published\nowner: policy-editor\nlast_reviewed: 2025-06-01\nreview_due: 2026-06-01\n"
BIG_FRONT_MATTER = "1: front matter: the front matter is {:,} characters long, over the limit of 20,000"


def _page(title: str, extra: str = "", body: str = "Some text.\n") -> str:
    return PAGE.format(title=title) + extra + f"---\n\n# {title}\n\n" + body


TITLE_OF_BRACKETS = PAGE.format(title="[" * 990_000) + "---\n\nText.\n"
# Made here, not committed: each a megabyte or near it. name -> (text, expected messages)
GENERATED: dict[str, tuple[str, list[str]]] = {
    "generated-nested-flow-5000.md": (_page("Deep", "related: " + "[" * 5000 + "]" * 5000 + "\n"), [f"9: {TOO_DEEP}"]),
    "generated-nested-flow-100000.md": (
        _page("Deep", "related: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        [BIG_FRONT_MATTER.format(200_188)],
    ),
    "generated-nested-indentation-150.md": (
        _page("Deep", "related:\n" + "".join(" " * i + "a:\n" for i in range(1, 150))),
        [f"19: {TOO_DEEP}"],
    ),
    "generated-title-of-brackets.md": (TITLE_OF_BRACKETS, [BIG_FRONT_MATTER.format(990_174)]),
    "generated-body-of-brackets.md": (_page("Brackets", body="[" * 990_000 + "\n"), [f"13: {UNCLOSED}"]),
    "generated-body-of-headings.md": (
        _page("Headings", body="## h\n" * 100_000),
        ["13: text: the page has more than 500 headings"],
    ),
}


def round_two_project(root: Path, names: list[str] | None = None) -> Path:
    """A project with a home page and the chosen cases (all, committed and made) in docs/about/."""
    root = make_project(root, {"index.md": front_matter(type="page", id=None, title="Home")})
    (root / "docs" / "about").mkdir(exist_ok=True)
    for name in sorted(EXPECTED):
        if names is None or name in names:
            shutil.copy(CORPUS / name, root / "docs" / "about" / name)
    for name, (text, _) in GENERATED.items():
        if names is None or name in names:
            (root / "docs" / "about" / name).write_text(text, encoding="utf-8")
    return root


def _messages(root: Path) -> dict[str, list[str]]:
    _, problems = validate_project(root, now=datetime.fromisoformat(TEST_NOW))
    found: dict[str, list[str]] = {}
    for problem in problems:
        name = problem.path.rsplit("/", 1)[-1]
        found.setdefault(name, []).append(f"{problem.line}: {problem.field}: {problem.message}")
        assert problem.fix, f"{problem} says what is wrong but not how to fix it"
    return found


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, list[str]], float]:
    root = round_two_project(tmp_path_factory.mktemp("round-two"))
    started = time.perf_counter()
    found = _messages(root)
    return found, time.perf_counter() - started


def test_every_limit_case_is_in_the_corpus_with_the_same_messages():
    from test_hostile_corpus import EXPECTED as CORPUS_EXPECTED

    for name, messages in EXPECTED.items():
        assert (CORPUS / name).is_file()
        assert CORPUS_EXPECTED[name] == messages


@pytest.mark.parametrize("name", sorted(EXPECTED) + sorted(GENERATED))
def test_check_refuses_each_case_with_its_exact_messages(checked, name):
    expected = EXPECTED[name] if name in EXPECTED else GENERATED[name][1]
    assert checked[0].get(name) == expected


def test_nothing_else_is_reported_and_the_whole_corpus_takes_seconds(checked):
    found, seconds = checked
    assert set(found) == set(EXPECTED) | set(GENERATED)
    assert seconds < 10


def test_circles_in_their_own_folder_are_reported_with_nothing_else(tmp_path):
    root = make_project(tmp_path / "p", {"index.md": front_matter(type="page", id=None, title="Home")})
    (root / "docs" / "guidance").mkdir(exist_ok=True)
    for path in CORPUS.glob("supersedes-cycle-*.md"):
        shutil.copy(path, root / "docs" / "guidance" / path.name)
    found = _messages(root)
    assert found == {name: [message] for name, message in [(n, m[1]) for n, m in EXPECTED.items() if "cycle" in n]}


def _build(root: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "KB_NOW": TEST_NOW, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "kb", "--root", str(root), "build"]
    return subprocess.run(command, capture_output=True, text=True, env={**env, **environment}, check=False)


def _refused_and_nothing_published(root: Path, result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert not (root / "site").exists()
    assert not list(root.glob(".site-*"))


def test_a_page_slower_than_its_time_limit_is_refused_by_name(tmp_path):
    """1,500 [ pass `kb check` (Markdown reads about a million characters for them) but take a second."""
    slow = _page("Slow", body="Some text.\n\n" + "[" * 1500 + "\n")
    root = make_project(tmp_path / "p", {"index.md": HOME, "about/slow.md": slow})
    assert _messages(root) == {}
    started = time.perf_counter()
    result = _build(root, KB_PAGE_SECONDS="0.2")
    assert time.perf_counter() - started < 30
    _refused_and_nothing_published(root, result)
    what = "converting the page took longer than 0.2 seconds, so it was stopped"
    assert f"docs/about/slow.md:1: text: {what} (look for many brackets, headings or nested lists" in result.stderr


def test_a_page_larger_than_the_html_limit_is_refused_by_name(tmp_path):
    """An abbreviation with a long title, used 6,000 times: 13 KB of Markdown, 5.5 MB of HTML."""
    big = _page("Big", body="*[A]: " + "w" * 900 + "\n\n" + "A " * 6000 + "\n")
    root = make_project(tmp_path / "p", {"index.md": HOME, "about/big.md": big})
    assert _messages(root) == {}
    result = _build(root)
    _refused_and_nothing_published(root, result)
    assert "docs/about/big.md:1: text: the page would be 5,5" in result.stderr
    assert "bytes of HTML, over the limit of 5,000,000 (make it shorter" in result.stderr
