"""Where things live. Every function takes a root so tests can point at a fixture."""

from __future__ import annotations

import functools
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def docs_dir(root: Path = REPO_ROOT) -> Path:
    return root / "docs"


def data_dir(root: Path = REPO_ROOT) -> Path:
    return root / "data"


def schema_dir(root: Path = REPO_ROOT) -> Path:
    return data_dir(root) / "schema"


CACHE_FOLDER = ".cache"


def cache_dir(root: Path = REPO_ROOT, *parts: str) -> Path:
    """Where the build and the checks remember work between runs (never committed; ``make clean`` empties it)."""
    return root.joinpath(CACHE_FOLDER, *parts)


def relative_to_root(path: Path, root: Path = REPO_ROOT) -> str:
    """A path as authors see it in the repository (``docs/guidance/x.md``)."""
    try:
        return path.resolve().relative_to(_resolved(root) if root.is_absolute() else root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# Called once per file of thousands, always with the same root: resolve it once.
_resolved = functools.lru_cache(maxsize=64)(Path.resolve)
