"""Same sources, same site: builds that can be compared byte for byte.

MkDocs and its plugins take "now" for the sitemap's lastmod dates, the gzip
header of sitemap.xml.gz and any build date from ``SOURCE_DATE_EPOCH`` when it
is set (https://reproducible-builds.org/specs/source-date-epoch/). `kb build`
sets it to the time of the last commit, so a deploy diff shows only real
changes; Python's hash seed is fixed so that nothing ordered by a set varies.
What is public still depends on the build time (``KB_NOW``), because
embargoes lift with time: that is a real change.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


def source_date_epoch(root: Path) -> str | None:
    """Seconds since 1970 of the last commit in ``root``, or None outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = result.stdout.strip()
    return value if result.returncode == 0 and value.isdigit() else None


def source_date(default: datetime) -> datetime:
    """The build's date for anything stamped into the output: SOURCE_DATE_EPOCH when set (as `kb build` sets it)."""
    value = os.environ.get(EPOCH_VARIABLE, "")
    return datetime.fromtimestamp(int(value), UTC) if value.isdigit() else default


def build_environment(environment: dict[str, str], root: Path) -> dict[str, str]:
    """The build's environment variables, made reproducible (an explicit setting wins)."""
    environment = dict(environment)
    if not environment.get(EPOCH_VARIABLE):
        epoch = source_date_epoch(root)
        if epoch:
            environment[EPOCH_VARIABLE] = epoch
    environment.setdefault("PYTHONHASHSEED", "0")
    return environment


def differing_files(first: Path, second: Path) -> list[str]:
    """Paths (relative) that are not byte-for-byte the same in two built sites, or exist in one only."""
    names = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    names |= {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
    return sorted(
        name
        for name in names
        if not (
            (first / name).is_file()
            and (second / name).is_file()
            and filecmp.cmp(first / name, second / name, shallow=False)
        )
    )
