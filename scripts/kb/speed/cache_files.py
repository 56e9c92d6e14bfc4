"""Reading and writing the files under .cache/, the same way for every cache.

A cache only saves time, so nothing in it is trusted: every entry is stored
with the sha256 of its content, and what does not match when it is read back
(a damaged disk, a half-copied cache, a hand-edited entry) is thrown away with
one INFO line naming the file, and the work is done again. INFO, because a
warning would fail ``mkdocs build --strict`` over what only costs time.

A file that cannot be written (a read-only or full disk, a file where a folder
should be) means nothing is remembered, never a failed run: every write,
rename, removal and new folder here gives up quietly on OSError. A file is
written beside its place and renamed into it, so a run stopped half-way leaves
the old file or the new one, never half of one, and two processes never mix.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

# Documents in one run before work is remembered: below that, remembering costs
# more than it saves. One threshold for every cache of checks and reading.
REMEMBER_FROM = 50

log = logging.getLogger("mkdocs.kb")

# A JSON entry is {"sha256":"<64 hex>","value":<the value>}: still JSON to read, and its
# hash is checked over the value's bytes as written, without encoding the value again.
_HEAD = b'{"sha256":"'
_MIDDLE = b'","value":'
_VALUE_AT = len(_HEAD) + 64 + len(_MIDDLE)
_ABSENT = (errno.ENOENT, errno.ENOTDIR)  # no entry, or no cache folder at all: nothing to say


def read_json(path: Path, expect: type | tuple[type, ...] = object) -> Any | None:
    """The value stored in a cache file; None when there is none, or it is damaged or not an `expect`."""
    data = read_bytes(path)
    if data is None:
        return None
    value = _unwrap(data)
    if value is _DAMAGED:
        thrown_away(path, "its content does not match its hash")
    elif not isinstance(value, expect):
        thrown_away(path, "it is not what this cache stores")
    else:
        return value
    return None


_DAMAGED = object()


def _unwrap(data: bytes) -> Any:
    """The value of an entry whose hash matches its content, else _DAMAGED."""
    body = data[_VALUE_AT:-1]
    if not (data.startswith(_HEAD) and data[_VALUE_AT - len(_MIDDLE) : _VALUE_AT] == _MIDDLE and data.endswith(b"}")):
        return _DAMAGED
    if hashlib.sha256(body).hexdigest().encode() != data[len(_HEAD) : len(_HEAD) + 64]:
        return _DAMAGED
    try:
        return json.loads(body)
    except ValueError:
        return _DAMAGED


def peek_json(path: Path) -> Any | None:
    """read_json without a word or a removal: for a record kept beside another entry, which speaks for both."""
    try:
        value = _unwrap(path.read_bytes())
    except OSError:
        return None
    return None if value is _DAMAGED else value


def write_json(path: Path, value: Any) -> None:
    """Write a cache file whole, with the hash of its value, or leave it as it was."""
    body = json.dumps(value, separators=(",", ":")).encode()  # ASCII: non-ASCII is escaped
    write_bytes(path, _HEAD + hashlib.sha256(body).hexdigest().encode() + _MIDDLE + body + b"}")


def read_bytes(path: Path) -> bytes | None:
    """A cache file's bytes; None when there is none. One that cannot be read is thrown away."""
    try:
        return path.read_bytes()
    except OSError as error:
        if error.errno not in _ABSENT:
            thrown_away(path, f"it cannot be read: {error.strerror or type(error).__name__}")
        return None


def write_bytes(path: Path, data: bytes) -> bool:
    """Write a cache file whole, or leave it as it was; True if it was written."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        partial.replace(path)
        return True
    except OSError:
        remove(partial)
        return False


def remove(path: Path) -> None:
    """Remove a cache file if it can be: one left behind is only found damaged, or unused, again."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def thrown_away(path: Path, why: str) -> None:
    """Say, in one line that does not fail a strict build, that an entry was not used; and remove it."""
    say(f"{cache_name(path)}: a damaged cache entry was thrown away ({why}); the work is done again")
    remove(path)


def say(message: str) -> None:
    # In a build MkDocs shows INFO lines; `kb check` sets up no logging, so the line goes to stderr there.
    if log.hasHandlers():
        log.info(message)
    else:
        print(f"INFO    -  {message}", file=sys.stderr)


def cache_name(path: Path) -> str:
    """The file as a maintainer finds it: from `.cache/` on when it is there, else in full."""
    parts = path.parts
    return "/".join(parts[parts.index(".cache") :]) if ".cache" in parts else str(path)
