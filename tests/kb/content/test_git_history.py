"""Last-changed dates from one `git log` over docs/ and data/."""

import os
import re
import subprocess
from datetime import date

from conftest import front_matter, make_project, run_kb
from kb.content.git_history import last_changed, parse_log

LOG = "\x1ecommit 1764000000\n\ndocs/a.md\ndocs/b.md\n\x1ecommit 1700000000\n\ndocs/a.md\ndocs/c.md\n"


def test_newest_commit_wins_for_each_file():
    assert parse_log(LOG) == {
        "docs/a.md": date(2025, 11, 24),
        "docs/b.md": date(2025, 11, 24),
        "docs/c.md": date(2023, 11, 14),
    }


def test_no_repository_means_no_dates(tmp_path):
    assert last_changed(tmp_path) == {}


def test_reads_a_real_repository(tmp_path):
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-C", str(tmp_path), *args],
            check=True,
            capture_output=True,
            env={
                "GIT_AUTHOR_DATE": "2024-03-01T10:00:00Z",
                "GIT_COMMITTER_DATE": "2024-03-01T10:00:00Z",
                "HOME": str(tmp_path),
                "PATH": "/usr/bin:/bin",
            },
        )

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "T")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "x.md").write_text("x")
    (tmp_path / "notes.md").write_text("not a document")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "people.yml").write_text("x: 1")  # pages built from data files change with them
    git("add", ".")
    git("commit", "-qm", "x")
    assert last_changed(tmp_path) == {"docs/x.md": date(2024, 3, 1), "data/people.yml": date(2024, 3, 1)}


def test_built_page_shows_when_it_last_changed(tmp_path):
    home = front_matter(type="page", id=None, title="Home")
    root = make_project(tmp_path / "p", {"index.md": home, "guidance/ok.md": front_matter()})
    for args in (
        ["init", "-q"],
        ["add", "docs"],
        ["-c", "user.email=t@example.org", "-c", "user.name=T", "commit", "-qm", "x"],
    ):
        subprocess.run(
            ["git", "-C", str(root), *args],
            check=True,
            capture_output=True,
            env={**os.environ, "GIT_AUTHOR_DATE": "2024-03-01T10:00:00Z", "GIT_COMMITTER_DATE": "2024-03-01T10:00:00Z"},
        )
    assert run_kb(root, "build").returncode == 0
    html = (root / "site" / "guidance" / "ok" / "index.html").read_text()
    assert re.search(r"<dt>Page last changed</dt>\s*<dd>1 March 2024</dd>", html)
