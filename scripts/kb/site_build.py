"""Building the site so that a failed build never leaves a half-written site/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kb import reproducible


class BuildFailed(Exception):
    """MkDocs refused the build; its messages were already printed."""


def mkdocs_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # the end-of-life banner is known; see README
    env.setdefault("DISABLE_MKDOCS_2_WARNING", "true")  # the same notice, printed by mkdocs-redirects
    env.setdefault("PYTHONUNBUFFERED", "1")
    # `python -m kb.mkdocs_run` finds this kb package wherever the build was started from.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH")]))
    return env


def build_site(root: Path, site_dir: Path, config_file: str = "mkdocs.yml") -> None:
    """Build with ``mkdocs build --strict`` into a temporary folder, then swap it in.

    The temporary folder sits beside ``site_dir`` so the final rename is
    atomic on the same filesystem.
    """
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    command = [sys.executable, "-m", "kb.mkdocs_run", "build", "--strict", "--clean", "--config-file", str(root / config_file), "--site-dir", str(staging)]
    try:
        result = subprocess.run(command, cwd=root, env=reproducible.build_environment(mkdocs_environment(), root), check=False)
        if result.returncode != 0:
            raise BuildFailed("nothing was published; the messages above say why")
        swap_in(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace site_dir with staging in two renames, removing the old site after."""
    old = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
