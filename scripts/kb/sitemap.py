"""The built site as a graph: every HTML page's anchors and links, read once.

Used by the anchor check (kb.linkcheck) and by the click-depth check, so each
page of the built site is parsed only once per use, with the standard
library's tokenizer (no tree is built).
"""

from __future__ import annotations

import posixpath
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"a": "href", "area": "href", "link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src"}


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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta" and ("http-equiv", "refresh") in ((name, (value or "").lower()) for name, value in attrs):
            self.page.redirect = True
        wanted = LINK_ATTRIBUTES.get(tag)
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.page.anchors.add(value)
            elif name == wanted:
                self.page.links.append((tag, value))

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


def read_site(site_dir: Path) -> dict[str, PageLinks]:
    """Every HTML page of the built site, by its address."""
    pages = (read_page(site_dir, path) for path in sorted(site_dir.rglob("*.html")))
    return {page.url: page for page in pages}


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
