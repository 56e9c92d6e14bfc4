"""Front matter read before, remembered by its text between runs.

Reading every document's front matter (libyaml, then building each value
with its line) was most of ``kb check`` and ``kb addresses`` and was done again
inside the build. What comes out of a block depends only on its text, the
reading code (kb/content/frontmatter.py) and PyYAML: a block whose text is as it was
is not read again, its fields and their lines are taken from
``.cache/check/front-matter.json``. The values are plain JSON (kb.content.frontmatter
keeps numbers and dates as written), so nothing is lost on the way.

Only blocks that were read without a problem are remembered: a block with a
mistake is read, and reported, every time. The file keeps this run's blocks
only, so it stays the size of the site.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from kb import paths
from kb.content import frontmatter
from kb.content.frontmatter import FieldPath, ParsedDocument
from kb.speed.cache_files import read_json, write_json

CACHE_VERSION = "2"  # raise when what is stored changes


def cache_file(root: Path) -> Path:
    return paths.cache_dir(root, "check", "front-matter.json")


def reader_fingerprint() -> str:
    """The reading code and the YAML library: a change to either reads every block again."""
    source = Path(frontmatter.__file__).read_bytes()
    return hashlib.sha256(
        f"{CACHE_VERSION}\0{yaml.__version__}\0{yaml.__with_libyaml__}\0".encode() + source
    ).hexdigest()


class RememberedFrontMatter:
    """Blocks read in the last run, by a hash of their text; this run's, to be saved."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fingerprint = reader_fingerprint()
        self.before = self._read()
        self.now: dict[str, Any] = {}
        self.reused = 0

    def _read(self) -> dict[str, Any]:
        saved = read_json(self.path, dict)  # none yet, or damaged (then thrown away, with a line): read every block
        if saved is None or saved.get("reader") != self.fingerprint or not isinstance(saved.get("blocks"), dict):
            return {}
        return saved["blocks"]

    def parse(self, raw: bytes) -> ParsedDocument:
        """kb.content.frontmatter.parse, taking the fields of an unchanged block from the last run."""
        block, body, body_line = frontmatter.split(frontmatter.decode(raw))
        key = hashlib.sha256(block.encode("utf-8")).hexdigest()
        entry = self.before.get(key)
        read = _from_entry(entry) if entry is not None else None
        if read is None:
            read = frontmatter.read_block(block)
            entry = _to_entry(*read)
        else:
            self.reused += 1
        self.now[key] = entry  # kept as read: making it again for an unchanged block was a tenth of `kb check`
        return ParsedDocument(meta=read[0], body=body, body_line=body_line, lines=read[1])

    def save(self) -> None:
        if self.now != self.before:
            write_json(self.path, {"reader": self.fingerprint, "blocks": self.now})


def _to_entry(meta: dict[str, Any], lines: dict[FieldPath, int]) -> dict[str, Any]:
    return {"meta": meta, "lines": [[list(path), line] for path, line in lines.items()]}


def _from_entry(entry: Any) -> tuple[dict[str, Any], dict[FieldPath, int]] | None:
    """The fields and lines of a stored block, or None when the entry is not what was stored."""
    try:
        meta, lines = entry["meta"], {tuple(path): line for path, line in entry["lines"]}
    except (KeyError, TypeError, ValueError):
        return None
    if not isinstance(meta, dict) or not all(isinstance(line, int) for line in lines.values()):
        return None
    return meta, lines
