"""Building the site so that a failed build never leaves a half-written site/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kb import speed
from kb.build import reproducible
from kb.build.build_log import BuildLog
from kb.checks import output_guard
from kb.problems import Problem
from kb.search import indexing


class BuildFailed(Exception):
    """MkDocs refused the build; its messages were already printed, and are in ``problems``."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def mkdocs_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # the end-of-life banner is known; see ARCHITECTURE.md
    env.setdefault("DISABLE_MKDOCS_2_WARNING", "true")  # the same notice, printed by mkdocs-redirects
    env.setdefault("PYTHONUNBUFFERED", "1")
    # `python -m kb.adapters.mkdocs_run` finds this kb package wherever the build was started from.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH")]))
    return env


def build_site(root: Path, site_dir: Path, config_file: str = "mkdocs.yml", verbose: bool = False) -> None:
    """Build with ``mkdocs build --strict`` into a temporary folder, guard it, then swap it in."""
    with staged_build(root, site_dir, config_file, verbose) as staging:
        add_search_index(staging)
        swap_in(staging, site_dir)


def run_mkdocs(root: Path, staging: Path, config_file: str, log: BuildLog | None = None) -> int:
    """``mkdocs build --strict`` into staging; its exit status.

    Its output is read line by line by ``log`` (kb.build.build_log), which prints
    only what an author must act on, in our words (all of it when verbose).
    """
    log = log or BuildLog(root)
    options = ["--strict", "--clean", "--config-file", str(root / config_file), "--site-dir", str(staging)]
    env = reproducible.build_environment(mkdocs_environment(), root)
    command = [sys.executable, "-m", "kb.adapters.mkdocs_run", "build", *options]
    with subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace"
    ) as mkdocs:
        assert mkdocs.stdout is not None
        for line in mkdocs.stdout:
            for shown in log.read(line):
                print(shown, file=sys.stderr)
    for shown in log.finish():
        print(shown, file=sys.stderr)
    return mkdocs.returncode


@contextmanager
def staged_build(root: Path, site_dir: Path, config_file: str = "mkdocs.yml", verbose: bool = False) -> Iterator[Path]:
    """A built site that passed kb.checks.output_guard, in a temporary folder beside site_dir.

    The folder sits beside ``site_dir`` so that swapping it in is a rename on
    the same filesystem; the gate swaps it in only after the link check has
    passed on it too. Whatever is not swapped in is removed on leaving.
    """
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    try:
        log = BuildLog(root, verbose)
        if run_mkdocs(root, staging, config_file, log) != 0:
            raise BuildFailed("nothing was published; the messages above say why", log.problems)
        # The search index is made while the guard and the link check read the same pages; add_search_index
        # waits for it, checks it and adds it before the folder is swapped in.
        _search_indexing[staging] = indexing.start(staging)
        problems = output_guard.check_site(staging, root, config_file)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            raise BuildFailed(
                f"{len(problems)} problem(s) in the built site, listed above. Nothing was published.", problems
            )
        yield staging
    finally:
        running = _search_indexing.pop(staging, None)
        if running is not None:
            running.discard()
        shutil.rmtree(staging, ignore_errors=True)


_search_indexing: dict[Path, indexing.Indexing] = {}  # staging folder -> its search index being made


def add_search_index(staging: Path) -> float:
    """Wait for the search index started with the build, check it and put it in staging; seconds indexing took."""
    running = _search_indexing.pop(staging, None)
    try:
        return indexing.finish(running) if running is not None else indexing.index_site(staging)
    except indexing.IndexFailed as error:
        raise BuildFailed(f"the search index could not be made ({error}). Nothing was published.") from None


def swap_in(staging: Path, site_dir: Path) -> subprocess.Popen[bytes] | None:
    """Replace site_dir with staging in two renames; the old site is removed in the background.

    Removing 1,000 documents' old site took half a second that nobody needs to
    wait for: it is moved aside under a name of its own first, so the new site
    is complete the moment this returns, whatever the removal is doing.
    Returns the removing process, if there was an old site.
    """
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
        site_dir.rename(old / site_dir.name)
    staging.rename(site_dir)
    if old and not speed.enabled("background_removal"):
        shutil.rmtree(old, ignore_errors=True)
        return None
    return remove_in_background(old) if old else None


def remove_in_background(folder: Path) -> subprocess.Popen[bytes]:
    """Start removing folder in a process of its own, which outlives this one if it must."""
    remove = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    return subprocess.Popen(
        [sys.executable, "-c", remove, str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
