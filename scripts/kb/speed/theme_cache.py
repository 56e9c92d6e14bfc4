"""Compiled theme templates, kept between the rebuilds of `mkdocs serve`.

MkDocs makes a new Jinja environment for every build, so each rebuild after
a save compiled Material's fifty-odd templates again (about half a second).
Jinja's own bytecode cache keeps them, checked against each template's source,
so an edited template is compiled afresh. Kept in memory, in the serving
process only: nothing compiled is ever read back from disk.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from kb.speed import switch


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if not switch.enabled("theme_cache"):  # asked here, so that the hook need not
            return
        code = self._compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not switch.enabled("theme_cache"):
            return
        self._compiled[bucket.key] = bucket.bytecode_to_string()


SHARED = MemoryBytecodeCache()
