"""The search files the site publishes under pagefind/, and the rule each must pass.

Pagefind writes its whole kit: the search library (pagefind.js), its WebAssembly,
the index in compressed chunks, and three ready-made interfaces with their own
scripts and styles. The site keeps only what overrides/assets/javascripts/search-ui.js
uses (the library, without its web worker, and the index) and removes the rest.

What stays is pinned: the library and WebAssembly by sha256 (they are code a
browser runs, so they must be Pagefind 1.5.2's own bytes), the index files by
name and by what they are (gzip holding Pagefind's ``pagefind_dcd`` data). The
output guard (kb.checks.output_guard) and the gate's last search step both ask
``check_file``; a new Pagefind version means new hashes, read and added here.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
from pathlib import Path

from kb.upstream import pagefind_internals

FOLDER = "pagefind"  # inside the site
PAGEFIND_VERSION = pagefind_internals.WRITTEN_FOR["pagefind-bin"]  # requirements.txt pins pagefind-bin to this
# Code a browser runs: Pagefind 1.5.2's own bytes, by sha256.
PINNED = {
    "pagefind.js": "252d272bd34d483d19a752060f6a065114d15ab12c42d8f905ca565e2768a009",
    "wasm.en-gb.pagefind": "bb16c9e6d3d214d4d05cccca51df7b487b86b3657318da767f6ca9e0a2e7259d",
    "wasm.unknown.pagefind": "3a74cefceacd066e8d3bc8c52e7bc1c869544ca3d9031b44a9b7136356d5d7f4",
}
# The index: compressed chunks named by their content's hash.
INDEX_NAME = re.compile(
    r"pagefind\.[a-z-]+_[0-9a-f]+\.pf_meta"
    r"|index/[a-z-]+_[0-9a-f]+\.pf_index"
    r"|fragment/[a-z-]+_[0-9a-f]+\.pf_fragment"
    r"|filter/[a-z-]+_[0-9a-f]+\.pf_filter"
)
ENTRY = "pagefind-entry.json"
SIGNATURE = b"pagefind_dcd"  # what Pagefind's compressed files hold first
UNUSED = re.compile(r"pagefind-(?:ui|component-ui|modular-ui|highlight|worker)\.(?:js|css)|playground/.*")


def keep_only_what_is_used(folder: Path) -> None:
    """Remove Pagefind's ready-made interfaces and its worker: search-ui.js uses the library alone."""
    for path in sorted(folder.rglob("*"), reverse=True):
        inside = path.relative_to(folder).as_posix()
        if path.is_file() and UNUSED.fullmatch(inside):
            path.unlink()
        elif path.is_dir() and inside == "playground":
            shutil.rmtree(path)
    entry = _read_entry(folder / ENTRY)
    languages = {str(language.get("wasm")) for language in entry.get("languages", {}).values()}
    for wasm in folder.glob("wasm.*.pagefind"):
        if wasm.name.removeprefix("wasm.").removesuffix(".pagefind") not in languages:
            wasm.unlink()


def _read_entry(path: Path) -> dict:
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return entry if isinstance(entry, dict) else {}


def check_file(inside: str, data: bytes) -> str:
    """Why a file under pagefind/ may not be published ("" when it may); inside is its path under pagefind/."""
    if inside in PINNED:
        if hashlib.sha256(data).hexdigest() != PINNED[inside]:
            return f"pagefind/{inside} is not Pagefind {PAGEFIND_VERSION}'s own file"
        return ""
    if inside == ENTRY:
        return "" if _is_entry(data) else f"pagefind/{ENTRY} is not Pagefind's list of index languages"
    if INDEX_NAME.fullmatch(inside):
        return "" if _is_pagefind_data(data) else f"pagefind/{inside} is not a compressed Pagefind index file"
    return f"pagefind/{inside} is not one of the search files the site publishes"


def _is_entry(data: bytes) -> bool:
    try:
        entry = json.loads(data)
    except ValueError:
        return False
    return (
        isinstance(entry, dict)
        and entry.get("version") == PAGEFIND_VERSION
        and isinstance(entry.get("languages"), dict)
    )


def _is_pagefind_data(data: bytes) -> bool:
    try:
        return gzip.decompress(data).startswith(SIGNATURE)
    except (OSError, EOFError):
        return False


def decoded(data: bytes) -> bytes:
    """A Pagefind file's contents as stored: gzip opened and the signature taken off (tests scan these)."""
    try:
        opened = gzip.decompress(data)
    except (OSError, EOFError):
        return data
    return opened.removeprefix(SIGNATURE)


def check_folder(folder: Path) -> list[str]:
    """Every reason the search files in folder may not be published."""
    problems = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            problems.append(f"pagefind/{path.relative_to(folder).as_posix()} is a symbolic link")
        elif path.is_file():
            problems.append(check_file(path.relative_to(folder).as_posix(), path.read_bytes()))
    return [problem for problem in problems if problem]
