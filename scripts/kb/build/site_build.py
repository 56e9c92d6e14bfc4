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
from kb.checks import output_guard


class BuildFailed(Exception):
    """MkDocs refused the build; its messages were already printed."""


def mkdocs_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # the end-of-life banner is known; see ARCHITECTURE.md
    env.setdefault("DISABLE_MKDOCS_2_WARNING", "true")  # the same notice, printed by mkdocs-redirects
    env.setdefault("PYTHONUNBUFFERED", "1")
    # `python -m kb.adapters.mkdocs_run` finds this kb package wherever the build was started from.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH")]))
    return env


def build_site(root: Path, site_dir: Path, config_file: str = "mkdocs.yml") -> None:
    """Build with ``mkdocs build --strict`` into a temporary folder, guard it, then swap it in."""
    with staged_build(root, site_dir, config_file) as staging:
        swap_in(staging, site_dir)


def run_mkdocs(root: Path, staging: Path, config_file: str) -> int:
    """``mkdocs build --strict`` into staging; its exit status."""
    options = ["--strict", "--clean", "--config-file", str(root / config_file), "--site-dir", str(staging)]
    env = reproducible.build_environment(mkdocs_environment(), root)
    command = [sys.executable, "-m", "kb.adapters.mkdocs_run", "build", *options]
    return subprocess.run(command, cwd=root, env=env, check=False).returncode


@contextmanager
def staged_build(root: Path, site_dir: Path, config_file: str = "mkdocs.yml") -> Iterator[Path]:
    """A built site that passed kb.checks.output_guard, in a temporary folder beside site_dir.

    The folder sits beside ``site_dir`` so that swapping it in is a rename on
    the same filesystem; the gate swaps it in only after the link check has
    passed on it too. Whatever is not swapped in is removed on leaving.
    """
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    try:
        if run_mkdocs(root, staging, config_file) != 0:
            raise BuildFailed("nothing was published; the messages above say why")
        problems = output_guard.check_site(staging, root, config_file)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            raise BuildFailed(f"{len(problems)} problem(s) in the built site, listed above. Nothing was published.")
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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
