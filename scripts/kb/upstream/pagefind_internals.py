"""Pagefind's index file format, read and rewritten: the same pages give the same search files, byte for byte.

Pagefind 1.5.2 writes its filter files, and the list of them in its metadata file,
in the order of a Rust hash map, which changes from run to run (upstream issue
Pagefind/pagefind#638: fragments and the word index have been stable since 1.3,
filters not). Everything else it writes is stable. So after each run the filters
are put in order here: each filter file's values sorted, each file named by the
sha256 of its contents, the metadata's list of filters sorted by name and the
metadata file named the same way, and pagefind-entry.json pointed at it.

The files are CBOR (RFC 8949) behind Pagefind's ``pagefind_dcd`` signature, in
gzip. Only what Pagefind writes is read here: definite lengths, integers,
strings, arrays and maps.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

# The format below is Pagefind's own, undocumented: read from what 1.5.2 writes. Another version may change
# it; reading it then fails with NotPagefindData, which refuses the search step (kb.search.indexing) rather
# than publish files this module does not understand. tests/kb/upstream/test_pagefind_internals.py runs
# the installed Pagefind and reads its output.
WRITTEN_FOR = {"pagefind-bin": "1.5.2"}
SIGNATURE = b"pagefind_dcd"
META_FILTERS = 3  # the metadata is an array: version, pages, index chunks, filters (name, file), sorts, meta fields
SIMPLE = {20: False, 21: True, 22: None}


class NotPagefindData(ValueError):
    """A file that is not the CBOR Pagefind writes."""


def decode(data: bytes) -> Any:
    value, end = _decode(data, 0)
    if end != len(data):
        raise NotPagefindData(f"{len(data) - end} bytes after the value")
    return value


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    try:
        first = data[at]
    except IndexError:
        raise NotPagefindData("the data ends too soon") from None
    major, extra, at = first >> 5, first & 31, at + 1
    if extra < 24:
        number = extra
    elif extra <= 27:
        size = 1 << (extra - 24)
        number, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        raise NotPagefindData(f"an indefinite or reserved length ({extra})")
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major in (2, 3):
        chunk = data[at : at + number]
        return (chunk if major == 2 else chunk.decode("utf-8")), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = {}
        for _ in range(number):
            key, at = _decode(data, at)
            pairs[key], at = _decode(data, at)
        return pairs, at
    if major == 7 and number in SIMPLE:
        return SIMPLE[number], at
    raise NotPagefindData(f"a value of CBOR major type {major}")


def encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        text = value.encode("utf-8")
        return _head(3, len(text)) + text
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(key) + encode(item) for key, item in value.items())
    raise TypeError(f"cannot encode {type(value).__name__}")


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | extra]) + number.to_bytes(size, "big")
    raise ValueError("number too large for CBOR")


def read(path: Path) -> Any:
    """A Pagefind file's value."""
    try:
        opened = gzip.decompress(path.read_bytes())
    except (OSError, EOFError):
        raise NotPagefindData(f"{path.name} is not gzip") from None
    if not opened.startswith(SIGNATURE):
        raise NotPagefindData(f"{path.name} does not start with Pagefind's signature")
    return decode(opened[len(SIGNATURE) :])


def write(folder: Path, prefix: str, language: str, suffix: str, value: Any, digits: int) -> str:
    """Write value as a Pagefind file named by its contents' sha256; its hash part (language_hex)."""
    data = SIGNATURE + encode(value)
    name = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return name


def put_filters_in_order(bundle: Path) -> None:
    """Make the filter files, the metadata and pagefind-entry.json the same for the same pages."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, details in entry["languages"].items():
        meta_path = bundle / f"pagefind.{details['hash']}.pf_meta"
        meta = read(meta_path)
        renamed = {}
        for name, old in meta[META_FILTERS]:
            old_path = bundle / "filter" / f"{old}.pf_filter"
            filter_name, values = read(old_path)
            values = sorted(([value, sorted(pages)] for value, pages in values), key=lambda item: item[0])
            old_path.unlink()
            renamed[name] = write(bundle / "filter", "", language, ".pf_filter", [filter_name, values], 7)
        meta[META_FILTERS] = [[name, renamed[name]] for name in sorted(renamed)]
        meta_path.unlink()
        details["hash"] = write(bundle, "pagefind.", language, ".pf_meta", meta, 13)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
