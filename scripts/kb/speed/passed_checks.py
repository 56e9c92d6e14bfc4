"""Documents that passed the checks of one document, remembered between runs.

The schema check (jsonschema) was the largest part of ``kb check``, and the
gate runs it twice: in the check stage and again inside the build. Its
result for one document depends only on the document's front matter and
place, the schema with its vocabularies, and the code of the checks. A
document whose front matter, place, schema and code are all as they were when
it last passed has passed again; ``.cache/check/passed.json`` remembers the
keys of those documents. The scan of a page's text for active content
(kb.checks.content_safety) depends only on the text and the code, as long as the
text holds no template code (which also depends on the macros and snippets
that exist): ``.cache/check/passed-content.json`` remembers those texts.

Only passes are remembered: a document with problems is checked every time, so
its messages are always the current ones. The checks between documents
(unique ids, references, dates) always run in full.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kb import paths
from kb.content.documents import Document
from kb.problems import Problem
from kb.speed import switch
from kb.speed.cache_files import read_json, write_json

CACHE_VERSION = "2"  # raise when the key below or what is stored changes
KB_PACKAGE = Path(__file__).resolve().parents[1]
CHECKING_PACKAGES = ("jsonschema", "pyyaml")


def cache_file(root: Path, kind: str = "passed") -> Path:
    return paths.cache_dir(root, "check", f"{kind}.json")


def code_fingerprint() -> str:
    """A hash of the kb package's code and the checking libraries' versions: any change may change what passes."""
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for package in CHECKING_PACKAGES:
        digest.update(f"{package}={importlib.metadata.version(package)}\0".encode())
    for path in sorted(KB_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(KB_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def document_key(fingerprint: str, document: Document) -> str:
    """Everything the checks of one document read: its place and its front matter, values typed."""
    meta = json.dumps(document.meta, sort_keys=True, default=_typed)
    return hashlib.sha256(
        "\0".join((fingerprint, document.repo_path, document.src_uri, meta)).encode("utf-8")
    ).hexdigest()


def text_key(fingerprint: str, text: str) -> str:
    return hashlib.sha256(f"{fingerprint}\0{text}".encode()).hexdigest()


def _typed(value: Any) -> str:
    # YAML gives dates as date objects; a quoted "2025-01-10" is text, and the schema may treat them differently.
    return f"{type(value).__module__}.{type(value).__qualname__}:{value!r}"


class PassedChecks:
    """The keys of documents that passed, as read at the start of a run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.before = self._read()

    def _read(self) -> frozenset[str]:
        keys = read_json(self.path, list)  # none yet, or damaged (then thrown away, with a line): check everything
        return frozenset(key for key in keys if isinstance(key, str)) if keys is not None else frozenset()

    def passed_before(self, key: str) -> bool:
        return key in self.before

    def save(self, passed_now: set[str]) -> None:
        """Remember this run's passes only, so the file stays the size of the site."""
        if passed_now != self.before:
            write_json(self.path, sorted(passed_now))


def memory_at(path: Path) -> PassedChecks | None:
    """The passes remembered at path; None, check everything, when KB_FAST turns this off."""
    return PassedChecks(path) if switch.enabled("passed_checks") else None


def check_each(
    documents: list[Document],
    memory: PassedChecks | None,
    key_of: Callable[[Document], str | None],
    check: Callable[[Document], list[Problem]],
) -> list[Problem]:
    """Check each document unless its key passed before, and remember this run's passes.

    A document whose key is None is always checked and never remembered; with no memory, every one is.
    """
    if memory is None:
        return [problem for document in documents for problem in check(document)]
    problems: list[Problem] = []
    passed_now: set[str] = set()
    for document in documents:
        key = key_of(document)
        found = [] if key is not None and memory.passed_before(key) else check(document)
        if key is not None and not found:
            passed_now.add(key)
        problems += found
    memory.save(passed_now)
    return problems
