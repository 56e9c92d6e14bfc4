"""The built site as a graph: every HTML page's anchors and links, read once.

Used by the link check (kb.checks.linkcheck) and by the click-depth check, so each
page of the built site is parsed only once per use, with the standard
library's tokenizer (no tree is built). Which attributes hold links, and how a
``srcset``, a ``style`` or a refresh ``<meta>`` is read, is LinkChecker's own
``LinkFinder``: the links found here are exactly the ones LinkChecker would
find in the same page. That reach into LinkChecker is
kb.upstream.linkchecker_internals', which refuses versions it was not written for.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import posixpath
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from kb.speed.cache_files import read_json, write_json
from kb.upstream import linkchecker_internals

# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_FROM = 200


@dataclass
class PageLinks:
    url: str  # the page's path on the site, like /guidance/ or /404.html
    anchors: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, value as written)
    redirect: bool = False  # a stub that sends the browser on to a page's new address

    @property
    def is_content(self) -> bool:
        """A page readers should be able to reach: not the 404 page, not a redirect stub."""
        return not self.redirect and self.url != "/404.html"


class _Collector(HTMLParser):
    def __init__(self, page: PageLinks) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self._tag = ""
        self._finder = linkchecker_internals.link_finder(self._found)

    def _found(
        self, url: str | None, line: int | None = None, column: int | None = None, name: str = "", base: str = ""
    ) -> None:
        if url:
            self.page.links.append((self._tag, posixpath.join(base, url) if base and "://" not in url else url))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # LinkChecker's tree builder gives a valueless attribute as "".
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.page.redirect = True
        if tag == "a" and values.get("name"):
            self.page.anchors.add(values["name"])
        if values.get("id"):
            self.page.anchors.add(values["id"])
        # Most tags hold no link; asking LinkFinder about them would only cost time.
        if linkchecker_internals.may_hold_links(self._finder, tag, values):
            self._tag = tag
            linkchecker_internals.read_element(self._finder, tag, values)

    handle_startendtag = handle_starttag


def page_url(site_dir: Path, html_file: Path) -> str:
    """The address a file is served at: a/index.html -> /a/, a/b.html -> /a/b.html."""
    relative = html_file.relative_to(site_dir).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def read_page(site_dir: Path, html_file: Path) -> PageLinks:
    page = PageLinks(page_url(site_dir, html_file))
    collector = _Collector(page)
    collector.feed(html_file.read_text(encoding="utf-8", errors="replace"))
    collector.close()
    return page


def read_site(site_dir: Path, processes: int = 1, cache_dir: Path | None = None) -> dict[str, PageLinks]:
    """Every HTML page of the built site, by its address (see read_site_counted)."""
    return read_site_counted(site_dir, processes, cache_dir)[0]


def read_site_counted(
    site_dir: Path, processes: int = 1, cache_dir: Path | None = None
) -> tuple[dict[str, PageLinks], int]:
    """Every HTML page of the built site, by its address, and how many were read (not cached).

    Pages are read by up to ``processes`` processes.

    With a cache_dir, what was read from a page is kept under the hash of its
    bytes, and a page whose bytes are unchanged since the last run is not read
    again (most pages, when one document changed).
    """
    files = sorted(site_dir.rglob("*.html"))
    digests = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in files} if cache_dir else {}
    remembered = _load_cache(cache_dir)
    pages = _remembered_pages(site_dir, files, digests, remembered)
    unread = [path for path in files if path not in pages]
    if processes < 2 or len(unread) < PARALLEL_FROM:
        pages.update(zip(unread, (read_page(site_dir, path) for path in unread), strict=True))
    else:
        with ProcessPoolExecutor(max_workers=processes) as pool:
            pages.update(
                zip(
                    unread,
                    pool.map(
                        read_page, [site_dir] * len(unread), unread, chunksize=max(1, len(unread) // (processes * 8))
                    ),
                    strict=True,
                )
            )
    if cache_dir:
        _save_cache(cache_dir, {digests[path]: page for path, page in pages.items()})
    return {pages[path].url: pages[path] for path in files}, len(unread)


# Raise when what _Collector gathers changes, so pages cached before are read again.
CACHE_VERSION = "2"
CACHE_FILE = "pages.json"


def _load_cache(cache_dir: Path | None) -> dict[str, Any]:
    saved = read_json(cache_dir / CACHE_FILE, dict) if cache_dir else None  # none or damaged: every page is read again
    if saved is None or saved.get("version") != f"{CACHE_VERSION}/{linkcheck_version()}":
        return {}
    pages = saved.get("pages")
    return pages if isinstance(pages, dict) else {}


def _remembered_pages(
    site_dir: Path, files: list[Path], digests: dict[Path, str], remembered: dict[str, Any]
) -> dict[Path, PageLinks]:
    """What was read before from each unchanged page; a page whose entry is not as stored is read again."""
    pages = {}
    for path in files:
        entry = remembered.get(digests.get(path, ""))
        page = _from_cache(page_url(site_dir, path), entry) if entry is not None else None
        if page is not None:
            pages[path] = page
    return pages


def _save_cache(cache_dir: Path, pages: dict[str, PageLinks]) -> None:
    entries = {
        digest: {"anchors": sorted(page.anchors), "links": page.links, "redirect": page.redirect}
        for digest, page in pages.items()
    }
    write_json(cache_dir / CACHE_FILE, {"version": f"{CACHE_VERSION}/{linkcheck_version()}", "pages": entries})


def _from_cache(url: str, entry: Any) -> PageLinks | None:
    try:
        return PageLinks(
            url, set(entry["anchors"]), [(tag, href) for tag, href in entry["links"]], bool(entry["redirect"])
        )
    except (KeyError, TypeError, ValueError):
        return None


def linkcheck_version() -> str:
    # LinkChecker's rules decide what a link is, so a new version reads every page again.
    return importlib.metadata.version("linkchecker")


def stylesheet_links(site_dir: Path, css_file: Path) -> list[str]:
    """The url(...) references of a stylesheet, read as LinkChecker reads them."""
    return linkchecker_internals.stylesheet_urls(css_file.read_text(encoding="utf-8", errors="replace"))


def cores() -> int:
    return max(1, min(4, os.cpu_count() or 1))


@functools.lru_cache(maxsize=1 << 18)  # the link check resolves every link twice: for its address and for its anchor
def resolve(page_url_: str, href: str) -> tuple[str, str] | None:
    """(site path, fragment) a link leads to, or None when it leaves the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None
    path = parts.path
    if not path:
        target = page_url_
    elif path.startswith("/"):
        target = path
    else:
        base = page_url_ if page_url_.endswith("/") else posixpath.dirname(page_url_).rstrip("/") + "/"
        target = posixpath.normpath(posixpath.join(base, path))
        if path.endswith("/") and not target.endswith("/"):
            target += "/"
    if target in ("/.", "."):
        target = "/"
    if target.endswith("/index.html"):
        target = target[: -len("index.html")]
    return unquote(target), unquote(parts.fragment)


def find(pages: dict[str, PageLinks], target: str) -> PageLinks | None:
    """The page at a site path; ``/a`` finds ``/a/`` as a web server would."""
    return pages.get(target) or (pages.get(target + "/") if not target.endswith("/") else None)


def click_depths(pages: dict[str, PageLinks], start: str = "/") -> dict[str, int]:
    """Fewest clicks on links (<a href>) from the start page to each page reachable from it."""
    depths = {start: 0}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for tag, href in pages[current].links:
            if tag != "a":
                continue
            resolved = resolve(current, href)
            if resolved is None:
                continue
            found = find(pages, resolved[0])
            if found is not None and found.url not in depths:
                depths[found.url] = depths[current] + 1
                queue.append(found.url)
    return depths
