"""Shared test helpers: fixture projects made of real config and fixture documents.

A fixture project is a temporary folder holding a copy of mkdocs.yml, links to
the real scripts/, overrides/ and data/, and a docs/ folder of fixture
documents, so every test exercises the real build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
TEST_NOW = "2026-11-25T12:00:00+00:00"  # builds in tests happen "as of" this moment

VALID_GUIDANCE = {
    "id": "GD-2025-01",
    "title": "A valid guidance page",
    "summary": "A valid guidance page used as the starting point of tests.",
    "type": "guidance",
    "status": "published",
    "audience": "members",
    "nations": ["England"],
    "topics": ["workforce"],
    "owner": "guidance-editor",
    "authors": ["guidance-editor"],
    "published": "2025-01-10",
    "updated": "2025-01-10",
    "last_reviewed": "2025-06-01",
    "review_due": "2026-06-01",
    "version": "1.0",
}


def front_matter(base: dict | None = None, **changes: object) -> str:
    """A document's text: valid guidance front matter with changes (None deletes a field)."""
    meta = dict(base or VALID_GUIDANCE)
    for key, value in changes.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    return (
        "---\n"
        + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
        + "---\n\n# "
        + str(meta.get("title", "Untitled"))
        + "\n\nSome text.\n"
    )


def guidance_texts(count: int) -> dict[str, str]:
    """count valid guidance documents, by path inside docs/."""
    return {
        f"guidance/g{n}.md": front_matter(id=f"GD-2025-{n:02d}", title=f"Guidance {n}") for n in range(1, count + 1)
    }


def documents_from(texts: dict[str, str]) -> list:
    """Documents parsed from texts, without writing files (kb.content.documents.Document)."""
    from kb.content.documents import Document, parse_unchanged

    return [
        Document(source=Path("/x") / uri, src_uri=uri, repo_path=f"docs/{uri}", parsed=parse_unchanged(text.encode()))
        for uri, text in texts.items()
    ]


def make_project(root: Path, docs: dict[str, str | bytes] | None = None, docs_from: Path | None = None) -> Path:
    """Create a fixture project in ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for shared in ("scripts", "overrides", "data"):
        (root / shared).symlink_to(REPO / shared)
    if docs_from:
        shutil.copytree(docs_from, root / "docs")
        if docs_from.resolve() == REPO / "docs":
            _REAL_COPIES.add(root.resolve())
    (root / "docs" / "_includes").mkdir(parents=True, exist_ok=True)
    for relative, text in (docs or {}).items():
        path = root / "docs" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def real_site_now() -> str:
    """KB_NOW for the real docs/: TEST_NOW, or later once editors have changed pages after it."""
    from kb.bench import synthetic

    return max(TEST_NOW, synthetic.corpus_now(REPO))


_REAL_COPIES: set[Path] = set()  # fixture projects whose docs/ is a copy of the real one


def clock_for(root: Path) -> str:
    """KB_NOW for a build of the project at root: real_site_now() for the real docs/ or a copy of it."""
    return real_site_now() if root.resolve() == REPO or root.resolve() in _REAL_COPIES else TEST_NOW


def run_kb(root: Path, *args: str, now: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the kb command line on a project, as an author would, as of now (by default, clock_for(root))."""
    now = now or clock_for(root)
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "KB_NOW": now, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "kb", "--root", str(root), *args], capture_output=True, text=True, env=env, check=False
    )


@pytest.fixture(autouse=True)
def _build_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_NOW", TEST_NOW)


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """Factory: project({"guidance/x.md": text}) -> a fixture project folder."""

    def factory(docs: dict[str, str | bytes] | None = None, docs_from: Path | None = None) -> Path:
        return make_project(tmp_path / "project", docs, docs_from)

    return factory


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 'lifecycle' fixture project, built once per test session. Returns site/."""
    root = make_project(tmp_path_factory.mktemp("lifecycle"), docs_from=FIXTURES / "lifecycle" / "docs")
    result = run_kb(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"
