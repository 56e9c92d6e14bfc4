"""Where things live. Every function takes a root so tests can point at a fixture."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def docs_dir(root: Path = REPO_ROOT) -> Path:
    return root / "docs"


def data_dir(root: Path = REPO_ROOT) -> Path:
    return root / "data"


def schema_dir(root: Path = REPO_ROOT) -> Path:
    return data_dir(root) / "schema"


def relative_to_root(path: Path, root: Path = REPO_ROOT) -> str:
    """A path as authors see it in the repository (``docs/guidance/x.md``)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
