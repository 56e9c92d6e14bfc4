"""When each document and data file last changed, from git history, read once per build.

One `git log` over docs/ and data/ gives every file's last commit date; asking git once per
page (as mkdocs-git-revision-date-localized does) costs a process per page,
which does not scale to thousands of documents.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

_COMMIT_MARK = "\x1ecommit "


def last_changed(root: Path, folders: tuple[str, ...] = ("docs", "data")) -> dict[str, date]:
    """Repository path (docs/x.md, data/x.yml) -> date of the last commit that touched it.

    data/ is read too because pages built from it (listings of people, the timeline) change with it.

    Empty when there is no git, no repository, or no history (a fresh
    export, a fixture): pages then show only their metadata dates.
    """
    options = [f"--format={_COMMIT_MARK}%ct", "--name-only", "--no-renames"]
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", *options, "--", *folders],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if result.returncode != 0:
        return {}
    return parse_log(result.stdout)


def parse_log(output: str) -> dict[str, date]:
    """Newest commits come first, so the first date seen for a file is its last change."""
    dates: dict[str, date] = {}
    for block in output.split(_COMMIT_MARK)[1:]:
        stamp, _, names = block.partition("\n")
        when = datetime.fromtimestamp(int(stamp.strip()), UTC).date()
        for name in names.split("\n"):
            name = name.strip()
            if name and name not in dates:
                dates[name] = when
    return dates
