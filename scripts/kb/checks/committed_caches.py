"""The build's caches must come from the build, never from the repository.

`.cache/` holds what the gate remembers between runs (PDFs, Markdown
conversions, passed checks, pages' links), each under a hash
of what it was made from. It is ignored by git; but a pull request could still
add files there on purpose (`git add -f`), and a planted entry could make the
gate skip a check or publish a PDF nobody rendered. So the gate refuses a
repository that tracks anything under `.cache/`.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from kb.paths import CACHE_FOLDER
from kb.problems import Problem


def tracked_cache_files(root: Path) -> list[str]:
    """Files under .cache/ that git tracks in the repository at root (none without git)."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--", CACHE_FOLDER], capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    if result.returncode != 0:
        return []  # not a repository (a fixture, an export): nothing can be tracked
    return sorted(name for name in result.stdout.decode("utf-8", errors="replace").split("\0") if name)


def committed_cache_problems(root: Path) -> list[Problem]:
    return [
        Problem(
            name,
            1,
            "file",
            "is committed to the repository, but .cache/ holds what the build remembers, made only by the build: "
            "a committed copy could make the gate skip its checks",
            "remove it from the repository with `git rm -r --cached .cache` and commit",
        )
        for name in tracked_cache_files(root)
    ]
