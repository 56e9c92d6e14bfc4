"""What search costs a reader, and whether every searchable page is in the index (for `make bench`).

A page view loads only overrides/assets/javascripts/search.js (the dialog's opener). The
first search loads the rest: search-ui.js and search.css, Pagefind's library, its list
of languages, the metadata, the WebAssembly, the status filter (a search shows current
documents unless asked otherwise; the other filters load when the reader opens them),
the word-index chunks holding the words searched for, and one fragment per result drawn.
first_search estimates it from the files (the largest five fragments, the word-index
chunks whose range holds the words); measured_first_search types the words into
the real dialog in Chromium and counts what was fetched, which is more: Pagefind also loads
the chunks of the words' beginnings while they are typed, and of their stems.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from kb.search import bundle
from kb.upstream import pagefind_internals

RESULTS_DRAWN = 5  # search-ui.js: FIRST
FIRST_FILTER = "status"  # search-ui.js: DEFAULT_STATUSES, the one filter of a first search
OWN_FILES = ("assets/javascripts/search-ui.js", "assets/stylesheets/search.css")


@dataclass(frozen=True)
class SearchWeight:
    """Bytes as a browser receives them: Pagefind's index files are stored compressed; text is sent gzip."""

    name: str
    raw: int
    sent: int


def _sent(path: Path) -> SearchWeight:
    data = path.read_bytes()
    compressed = data.startswith(b"\x1f\x8b")
    sent = len(data) if compressed else len(gzip.compress(data, compresslevel=6, mtime=0))
    return SearchWeight(path.name, len(gzip.decompress(data)) if compressed else len(data), sent)


def index_size(site: Path) -> SearchWeight:
    """Every file under pagefind/: what publishing the index adds to the site."""
    files = [_sent(path) for path in sorted((site / bundle.FOLDER).rglob("*")) if path.is_file()]
    name = f"the search index: {len(files):,} files"
    return SearchWeight(name, sum(f.raw for f in files), sum(f.sent for f in files))


def first_search(site: Path, words: str) -> list[SearchWeight]:
    """Each file the first search for words loads, and their total."""
    folder = site / bundle.FOLDER
    entry = json.loads((folder / bundle.ENTRY).read_text(encoding="utf-8"))
    language, details = next(iter(entry["languages"].items()))
    meta_path = folder / f"pagefind.{details['hash']}.pf_meta"
    paths = [site / own for own in OWN_FILES]
    paths += [folder / "pagefind.js", folder / bundle.ENTRY, meta_path, folder / f"wasm.{details['wasm']}.pagefind"]
    first_filter = pagefind_internals.filter_files(folder).get(FIRST_FILTER)
    paths += [folder / "filter" / f"{first_filter}.pf_filter"] if first_filter else []
    paths += [
        folder / "index" / f"{name}.pf_index" for name in _chunks_for(pagefind_internals.index_chunks(folder), words)
    ]
    fragments = sorted((folder / "fragment").glob("*.pf_fragment"), key=lambda p: p.stat().st_size, reverse=True)
    paths += fragments[:RESULTS_DRAWN]
    weights = [_sent(path) for path in paths if path.is_file()]
    total = SearchWeight(
        f"TOTAL first search for '{words}' ({language})", sum(w.raw for w in weights), sum(w.sent for w in weights)
    )
    return [*weights, total]


def _chunks_for(chunks: list[tuple[str, str, str]], words: str) -> list[str]:
    """The word-index chunks whose range of words holds one of the words (lower case, as Pagefind stores them)."""
    wanted = [word.lower() for word in words.split()]
    return sorted({name for first, last, name in chunks if any(first <= word <= last for word in wanted)})


def pages_missing_from_index(site: Path) -> list[str]:
    """Pages marked for search (data-pagefind-body) that the index has no entry for."""
    fragments = (site / bundle.FOLDER / "fragment").glob("*.pf_fragment")
    indexed = {json.loads(bundle.decoded(path.read_bytes()))["url"] for path in fragments}
    marked = [
        "/" + path.parent.relative_to(site).as_posix().removeprefix(".") + "/"
        for path in site.rglob("index.html")
        if b"data-pagefind-body" in path.read_bytes()
    ]
    return sorted(url.replace("//", "/") for url in marked if url.replace("//", "/") not in indexed)


CHROMIUM = Path("/usr/bin/chromium")


def measured_first_search(site: Path, words: str) -> list[SearchWeight] | None:
    """What the first search for words really downloads, in Chromium with the site's own search dialog.

    The site is served with gzip as the real host sends it (kb.bench.lighthouse.serve); each file
    the browser fetched after the page had loaded counts once, as sent. None without Playwright
    or Chromium (then first_search's estimate stands alone).
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.is_file():
        return None
    from kb.bench.lighthouse import serve

    with serve(site) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(address + "/")
            page.wait_for_load_state("networkidle")
            fetched: list[str] = []
            page.on("request", lambda request: fetched.append(request.url))
            page.keyboard.press("/")
            page.locator("#kb-search-input").press_sequentially(words, delay=20)
            page.locator(".kb-search__result").first.wait_for(state="visible", timeout=60_000)
            page.wait_for_load_state("networkidle")
        finally:
            browser.close()
    paths = dict.fromkeys(site / url.split("?")[0].removeprefix(address + "/") for url in fetched)
    weights = [_sent(path) for path in paths if path.is_file()]
    name = f"TOTAL first search for '{words}', typed in Chromium"
    return [*weights, SearchWeight(name, sum(w.raw for w in weights), sum(w.sent for w in weights))]
