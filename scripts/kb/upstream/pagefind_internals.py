"""Pagefind's index file format, read and rewritten: the same pages give the same search files, byte for byte.

Pagefind 1.5.2 writes its filter files, and the list of them in its metadata file,
in the order of a Rust hash map, which changes from run to run (upstream issue
Pagefind/pagefind#638: fragments and the word index have been stable since 1.3,
filters not). Everything else it writes is stable. So after each run the filters
are put in order here: each filter file's values sorted, each file named by the
sha256 of its contents, the metadata's list of filters sorted by name and the
metadata file named the same way, and pagefind-entry.json pointed at it.

The files are CBOR (RFC 8949, read and written with cbor2) behind Pagefind's
``pagefind_dcd`` signature, in gzip: what is read and written again is byte for
byte what Pagefind wrote (tested against the installed Pagefind).

The size of the word-index files is set through Pagefind's one unstable setting,
the environment variable ``PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE`` (see
:func:`environment`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
from pathlib import Path
from typing import Any

import cbor2

# The format below is Pagefind's own, undocumented: read from what 1.5.2 writes. Another version may change
# it; reading it then fails with NotPagefindData, which refuses the search step (kb.search.indexing) rather
# than publish files this module does not understand. tests/kb/upstream/test_pagefind_internals.py runs
# the installed Pagefind and reads its output.
WRITTEN_FOR = {"pagefind-bin": "1.5.2"}
SIGNATURE = b"pagefind_dcd"
# The metadata is an array: version, pages, index chunks, filters, sorts, fields.
META_PAGES, META_INDEX_CHUNKS, META_FILTERS = 1, 2, 3
WORD_PAGES = 1  # a word in the index: form, pages (page number, positions, metadata positions), other forms
BODY_WEIGHT = 24  # the weight Pagefind gives text outside headings (a heading's is higher: h1 168, h2 144...)

# A word on most pages (in Pagefind's ranking its weight is then near nil) is stored with every position
# on every page: "practice" and "managers" alone took 48 KB of the first search for "practice managers"
# at 1,000 documents. Such a word keeps only its first few positions in each page's body text, and all
# in headings and titles. It still finds the same pages; its excerpts come from the start of the page,
# and a quoted phrase of two such words is found only among their first positions (DEVELOPMENT.md,
# "Search weight", has the figures and what was compared).
COMMON_WORD_SHARE = 0.5
COMMON_WORD_POSITIONS = 4

# Pagefind cuts its word index into files of about this many word positions, in word order, and a search
# loads only the files whose range holds its words. Its default, 20,000, puts each common word in a file with
# ~50 KB of other words (gzip about 26 KB), and a word near a boundary loads two: "practice" fetched 56 KB of
# index at 1,000 documents. At 2,000 a common word has a file of its own, the search loads 29 KB, and the
# metadata that lists the files grows by 1.3 KB (DEVELOPMENT.md, "Search weight"). The setting is read from
# the environment (pagefind/src/options.rs in 1.5.2, "unstable": it may be renamed or go).
INDEX_CHUNK_SIZE_VARIABLE = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"
INDEX_CHUNK_SIZE = 2000


class NotPagefindData(ValueError):
    """A file that is not the CBOR Pagefind writes."""


def decode(data: bytes) -> Any:
    try:
        return cbor2.loads(data)
    except (cbor2.CBORDecodeError, RecursionError) as error:
        raise NotPagefindData(f"not the CBOR Pagefind writes ({error})") from None


def encode(value: Any) -> bytes:
    """CBOR as Pagefind's minicbor writes it: definite lengths, each number in its shortest form."""
    return cbor2.dumps(value)


def environment(index_chunk_size: int = INDEX_CHUNK_SIZE) -> dict[str, str]:
    """The environment to run Pagefind in: this one, with the size of its word-index files set."""
    return {**os.environ, INDEX_CHUNK_SIZE_VARIABLE: str(index_chunk_size)}


def index_chunks(bundle: Path) -> list[tuple[str, str, str]]:
    """The metadata's list of word-index files: (first word, last word, file hash), for every language."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    chunks = []
    for details in entry["languages"].values():
        meta = read(bundle / f"pagefind.{details['hash']}.pf_meta")
        chunks += [(first, last, name) for first, last, name in meta[META_INDEX_CHUNKS]]
    return chunks


def filter_files(bundle: Path) -> dict[str, str]:
    """The metadata's list of filter files: each filter's name and its file's hash (one language's)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    details = next(iter(entry["languages"].values()))
    return {name: file for name, file in read(bundle / f"pagefind.{details['hash']}.pf_meta")[META_FILTERS]}


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


def thin_common_words(
    bundle: Path, keep: int = COMMON_WORD_POSITIONS, share: float = COMMON_WORD_SHARE, least: int = INDEX_CHUNK_SIZE
) -> None:
    """Keep fewer body-text positions of the words on most pages; rewrite the word index and metadata.

    A word on at least `share` of the pages keeps, on each page, its first `keep` positions in the
    body text and every position in a heading or title, when that saves at least `least`
    positions (a word-index file's worth: the few big words, not the many small ones, which
    would cost rewriting nearly every file for little). Which pages hold it is unchanged, so
    every search finds the same pages.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, details in entry["languages"].items():
        meta_path = bundle / f"pagefind.{details['hash']}.pf_meta"
        meta = read(meta_path)
        common = max(1, math.ceil(share * len(meta[META_PAGES])))
        chunks = []
        for first, last, name in meta[META_INDEX_CHUNKS]:
            path = bundle / "index" / f"{name}.pf_index"
            (words,) = read(path)
            thinned = [_thin_if_worth_it(word, keep, common, least) for word in words]
            if all(new is word for new, word in zip(thinned, words, strict=True)):
                chunks.append([first, last, name])
                continue
            path.unlink()
            chunks.append([first, last, write(bundle / "index", "", language, ".pf_index", [thinned], 7)])
        if chunks == meta[META_INDEX_CHUNKS]:
            continue
        meta[META_INDEX_CHUNKS] = chunks
        meta_path.unlink()
        details["hash"] = write(bundle, "pagefind.", language, ".pf_meta", meta, 13)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _thin_if_worth_it(word: list[Any], keep: int, common: int, least: int) -> list[Any]:
    """The word thinned, if it is on `common` pages or more and that saves `least` positions; else the same list."""
    if len(word[WORD_PAGES]) < common:
        return word
    thinned = _thin_word(word, keep)
    return thinned if _positions(word) - _positions(thinned) >= least else word


def _positions(word: list[Any]) -> int:
    """How many numbers a word's positions take, in all its forms."""
    forms = word[WORD_PAGES + 1] if len(word) > WORD_PAGES + 1 else []
    return sum(len(page[1]) for pages in (word[WORD_PAGES], *(pages for _, pages in forms)) for page in pages)


def _thin_word(word: list[Any], keep: int) -> list[Any]:
    """A word (form, pages, other forms) with each page's body-text positions cut; the same list if none were."""
    pages = _thin_pages(word[WORD_PAGES], keep)
    forms = word[WORD_PAGES + 1] if len(word) > WORD_PAGES + 1 else []  # other forms of the word: [form, pages]
    thinned_forms = [[form, _thin_pages(form_pages, keep)] for form, form_pages in forms]
    if pages is word[WORD_PAGES] and all(new[1] is old[1] for new, old in zip(thinned_forms, forms, strict=True)):
        return word
    return [word[0], pages, *([thinned_forms] if len(word) > WORD_PAGES + 1 else []), *word[WORD_PAGES + 2 :]]


def _thin_pages(pages: list[list[Any]], keep: int) -> list[list[Any]]:
    thinned = [_thin_page(page, keep) for page in pages]
    return pages if all(new is old for new, old in zip(thinned, pages, strict=True)) else thinned


def _thin_page(page: list[Any], keep: int) -> list[Any]:
    """A page's entry (page number, positions, metadata positions) with its body-text positions cut.

    Positions come in groups by weight: a negative number -(weight + 1) starts a group, whose first
    position is counted from 0 and the rest from the one before (pagefind_web/src/index.rs). The
    body text's group (BODY_WEIGHT) keeps its first `keep` positions; the others are kept whole.
    The same list is returned when nothing is cut.
    """
    positions = page[1]
    if len(positions) <= keep + 1:
        return page
    try:
        start = positions.index(-BODY_WEIGHT - 1) + 1
    except ValueError:
        return page
    end = next((at for at in range(start, len(positions)) if positions[at] < 0), len(positions))
    if end - start <= keep:
        return page
    return [page[0], positions[: start + keep] + positions[end:], *page[2:]]


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
