"""`make serve`: the search index made again after each rebuild, behind the preview.

The preview shows a rebuilt page at once; its index follows a few seconds later,
made in a thread so the author never waits for it. Runs one at a time: a rebuild
while one is under way is indexed when that one ends (the newest pages win).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from kb.search import indexing

_lock = threading.Lock()
_wanted: dict[Path, int] = {}  # site folder -> rebuilds asked for, to index the newest only once


def reindex(site: Path, log: logging.Logger) -> threading.Thread:
    """Index site in the background; a failure is logged, never fatal to the preview."""
    _wanted[site] = _wanted.get(site, 0) + 1
    thread = threading.Thread(target=_index, args=(site, _wanted[site], log), name="kb-search-index", daemon=True)
    thread.start()
    return thread


def _index(site: Path, asked: int, log: logging.Logger) -> None:
    with _lock:
        if _wanted.get(site) != asked:
            return  # a newer rebuild asked after this one: it indexes the newer pages
        try:
            seconds = indexing.index_site(site)
        except (indexing.IndexFailed, OSError) as error:
            log.warning(f"Search index not updated: {error}")
            return
        log.info(f"Search index updated in {seconds:.1f} s")
