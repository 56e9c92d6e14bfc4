"""The author-mistake corpus: one everyday mistake per folder in tests/fixtures/author-mistakes/.

Each case is a change an author might make to a small valid site (``_base/``): its
``docs/`` folder is laid over the base's, as a pull request would change it. The base
is committed to a git repository first, so ``kb changes`` sees exactly that change.
``case.yml`` says:

- ``about``: the mistake, in words;
- ``stage``: where the gate must stop (check, addresses, build or link check);
- ``expect``: every problem line the author must see, exactly
  (``docs/path.md:LINE: thing: what is wrong (how to fix it)``);
- ``published_urls`` (optional): the text of ``published-urls.yml``, instead of the base's;
- ``remove`` (optional): files of the base the change deletes or renames away, inside docs/.

For every case the real gate runs (``kb gate``, as ``make check`` does), stopping at the
failing stage; then, as the pull-request workflow does, ``kb changes`` writes the job
summary and the error annotations from the gate's report. With 21 cases the file took
84 s on two shared cores (about 4 s a case: a git repository, the gate up to its failing
stage, ``kb changes``). Each case asserts:

1. the gate stops at that stage, with exactly the expected problem lines and nothing
   MkDocs-shaped (no log line, no traceback, no third-party warning);
2. nothing was published: ``site/`` is as it was;
3. the job summary names the stage and lists the same lines, and never says "no problems";
4. each line is also a GitHub annotation with its file, line and message.

The base itself must pass the whole gate (the first test), or every case would be
testing the base.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, REPO, TEST_NOW, make_project

CORPUS = FIXTURES / "author-mistakes"
BASE = CORPUS / "_base"
STAGES = ("check", "addresses", "build", "link check")
CASES = sorted(path.name for path in CORPUS.iterdir() if path.is_dir() and not path.name.startswith("_"))

PROBLEM_LINE = re.compile(r"^(docs/[^:]+|mkdocs\.yml|data/[^:]+|published-urls\.yml):\d+: ")  # names may hold spaces
# What no author may see: MkDocs' and plugins' log lines, tracebacks, Python's warnings, MkDocs' own words.
NOT_FOR_AUTHORS = re.compile(
    r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-|Traceback \(most recent call last\)|Warning: |Doc file '"
    r"|Aborted with|strict mode|Pages read for links|Addresses checked by LinkChecker"
)
SUMMARY_LINE = re.compile(r"^- `(?P<path>[^`]+)` line (?P<line>\d+): \*\*(?P<field>.*?)\*\*: (?P<rest>.*)$")
ANNOTATION = re.compile(r"^::error file=(?P<path>[^,]+),line=(?P<line>\d+),title=(?P<title>[^:]*)::(?P<message>.*)$")
SITE_MARKER = "the site as it was before this change"


@dataclass(frozen=True)
class Case:
    name: str
    about: str
    stage: str
    expect: list[str]
    published_urls: str | None
    remove: list[str]

    @classmethod
    def load(cls, name: str) -> Case:
        data = yaml.safe_load((CORPUS / name / "case.yml").read_text(encoding="utf-8"))
        assert set(data) <= {"about", "stage", "expect", "published_urls", "remove"}, f"{name}: unknown keys"
        assert data["stage"] in STAGES, f"{name}: stage must be one of {STAGES}"
        assert data["expect"], f"{name}: expect at least one problem line"
        return cls(
            name,
            data["about"],
            data["stage"],
            [str(line) for line in data["expect"]],
            data.get("published_urls"),
            list(data.get("remove") or []),
        )


def git(root: Path, *args: str) -> None:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(["git", "-C", str(root), *identity, *args], check=True, capture_output=True, text=True)


def kb(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The kb command as GitHub Actions runs it (GITHUB_ACTIONS=true: annotations on)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "scripts"),
        "KB_NOW": TEST_NOW,
        "NO_MKDOCS_2_WARNING": "1",
        "GITHUB_ACTIONS": "true",
    }
    env.pop("KB_FAST", None)
    return subprocess.run(
        [sys.executable, "-m", "kb", "--root", str(root), *args], capture_output=True, text=True, env=env, check=False
    )


def base_project(root: Path) -> Path:
    """The base site, committed as `main`, with a published site/ in place."""
    make_project(root, docs_from=BASE / "docs")
    shutil.copy(BASE / "published-urls.yml", root / "published-urls.yml")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "docs", "published-urls.yml")
    git(root, "commit", "-q", "-m", "the base site")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text(SITE_MARKER, encoding="utf-8")
    return root


def apply(case: Case, root: Path) -> None:
    """The author's change: files removed, the case's docs/ laid over the base's."""
    for relative in case.remove:
        (root / "docs" / relative).unlink()
    shutil.copytree(CORPUS / case.name / "docs", root / "docs", dirs_exist_ok=True)
    if case.published_urls is not None:
        (root / "published-urls.yml").write_text(case.published_urls, encoding="utf-8")


def from_summary(markdown: str) -> list[str]:
    """The summary's problem bullets, back in the terminal's form."""
    lines = []
    for line in markdown.splitlines():
        found = SUMMARY_LINE.match(line)
        if found:
            rest = found["rest"].replace("\\|", "|")
            lines.append(f"{found['path']}:{found['line']}: {found['field']}: {rest}")
    return lines


def from_annotations(output: str, stage: str) -> list[str]:
    """The ::error annotations, back in the terminal's form; each must name the stage."""
    lines = []
    for line in output.splitlines():
        found = ANNOTATION.match(line)
        if found:
            title = found["title"].replace("%2C", ",").replace("%3A", ":").replace("%25", "%")
            assert title.endswith(f"({stage} stage)") or title == f"{stage} stage", title
            field = title.removesuffix(f" ({stage} stage)") if title != f"{stage} stage" else ""
            message = found["message"].replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
            lines.append(
                f"{found['path']}:{found['line']}: {field}: {message}"
                if field
                else f"{found['path']}:{found['line']}: {message}"
            )
    return lines


def test_the_base_site_passes_the_whole_gate(tmp_path):
    root = base_project(tmp_path / "base")
    result = kb(root, "gate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The gate passed" in result.stderr
    assert not [line for line in (result.stdout + result.stderr).splitlines() if NOT_FOR_AUTHORS.search(line)]


def test_every_case_is_described():
    assert CASES, "the corpus has no cases"
    for name in CASES:
        assert (CORPUS / name / "docs").is_dir() or Case.load(name).published_urls or Case.load(name).remove, name
        assert re.fullmatch(r"[a-z0-9-]+", name), f"{name}: name cases in lower case with dashes"


@pytest.mark.slow
@pytest.mark.parametrize("name", CASES)
def test_the_author_sees_one_message_at_the_right_line_everywhere(name, tmp_path):
    case = Case.load(name)
    root = base_project(tmp_path / "project")
    if (CORPUS / name / "docs").is_dir() or case.remove or case.published_urls is not None:
        apply(case, root)

    gate = kb(root, "gate")
    output = gate.stdout + gate.stderr
    assert gate.returncode == 1, output
    assert f"The gate stopped at the {case.stage} stage. Nothing was published." in gate.stderr, output
    problems = [line for line in output.splitlines() if PROBLEM_LINE.match(line)]
    assert sorted(problems) == sorted(case.expect), output
    assert not [line for line in output.splitlines() if NOT_FOR_AUTHORS.search(line)], output
    assert [path.name for path in (root / "site").iterdir()] == ["index.html"]
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == SITE_MARKER

    summary_file = tmp_path / "summary.md"
    changes = kb(root, "changes", "--base", "main", "--format", "markdown", "--summary", str(summary_file))
    summary = summary_file.read_text(encoding="utf-8")
    assert changes.returncode == 1, changes.stdout + changes.stderr
    assert f"The publishing gate stopped at the {case.stage} stage" in summary
    assert "No problems" not in summary and "no problems" not in summary
    assert sorted(from_summary(summary)) == sorted(case.expect)
    assert sorted(from_annotations(changes.stdout, case.stage)) == sorted(case.expect)
