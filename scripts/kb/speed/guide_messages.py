"""The contributor guide's example messages, remembered between builds.

``check_messages()`` (kb.workflow.authoring) runs the real checks on fifteen broken
documents and the whole of ``kb check`` on seven small projects in temporary folders,
in every build and every ``make serve`` rebuild: 0.1 to 0.3 s of a warm build on a
quiet machine, over half a second with both cores busy (creating and removing the
folders, starting ``git``, loading jsonschema, which a warm build otherwise never loads).

The text depends only on what the checks are (the ``kb`` code and the checking
libraries: kb.speed.passed_checks.code_fingerprint), the libraries that make heading
anchors, the project's ``data/`` folder (vocabularies, schemas, templates) and the day
the build treats as today: the examples have fixed dates and no embargo time, so a
check that compares them with "now" can only change its answer from one day to the next
(``tests/kb/speed/test_guide_messages.py`` checks two times of one day give the same
text). ``.cache/guide/check-messages.json`` keeps the text with the hash of those
inputs; any other hash, or a damaged file, means it is made again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from kb import paths
from kb.speed import switch
from kb.speed.cache_files import read_json, write_json
from kb.speed.passed_checks import code_fingerprint

CACHE_VERSION = "1"  # raise when what is stored, or the key, changes
ANCHOR_PACKAGES = ("markdown", "pymdown-extensions")  # heading anchors in the link examples


def cache_file(root: Path) -> Path:
    return paths.cache_dir(root, "guide", "check-messages.json")


def inputs_key(root: Path, now: datetime) -> str:
    """A hash of everything the example messages are made from (see the module's note)."""
    digest = hashlib.sha256(f"{CACHE_VERSION}\0{code_fingerprint()}\0{now.date().isoformat()}\0".encode())
    for package in ANCHOR_PACKAGES:
        digest.update(f"{package}={importlib.metadata.version(package)}\0".encode())
    data = paths.data_dir(root)
    for path in sorted(data.rglob("*")) if data.is_dir() else []:
        if path.is_file():
            digest.update(path.relative_to(data).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def remembered(root: Path, now: datetime, make: Callable[[], str]) -> str:
    """The example messages: from the cache when their inputs are as they were, else make() (and keep it)."""
    if not switch.enabled("guide_messages"):
        return make()
    key = inputs_key(root, now)
    stored = read_json(cache_file(root), dict)
    if stored is not None and stored.get("key") == key and isinstance(stored.get("text"), str):
        return stored["text"]
    text = make()
    write_json(cache_file(root), {"key": key, "text": text})  # a cache that cannot be written only remembers nothing
    return text
