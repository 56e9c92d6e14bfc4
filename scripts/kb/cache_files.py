"""Reading and writing the JSON files under .cache/, the same way for every cache.

A cache only saves time: a missing or damaged file reads as nothing (the work
is done again), and a file that cannot be written (a read-only checkout, a
full disk) means nothing is remembered, never a failed run. A file is written
beside its place and renamed into it, so a run stopped half-way leaves the
old file or the new one, never half of one, and two processes never mix.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

# Documents in one run before work is remembered: below that, remembering costs
# more than it saves. One threshold for every cache of checks and reading.
REMEMBER_FROM = 50


def read_json(path: Path) -> Any | None:
    """The value in a cache file; None when there is none or it is damaged."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, value: Any) -> None:
    """Write a cache file whole, or leave it as it was."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(value, separators=(",", ":")), encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass
