"""The four RSS feeds: what each is called, which listing offers it, and the tidying that makes it valid RSS 2.0.

mkdocs-rss-plugin makes two feeds per entry in mkdocs.yml (new and updated) under one title and
description, puts the site's author in ``managingEditor`` and each of a page's ``authors`` in its own
``author`` element. RSS 2.0 wants an e-mail address in both and at most one ``author`` per item, and
our authors are roles, not addresses; so names move to Dublin Core (``dc:publisher``, one
``dc:creator`` per item, the namespace the plugin already declares) and each feed gets its own title
and description from FEEDS. The W3C Feed Validation Service's rules are what the tests assert.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path
from typing import Any

from kb import paths

_INSTITUTE = "the Institute of General Practice Management"


@dataclass(frozen=True)
class Feed:
    """One feed file at the site's root and the listing page that offers it to readers."""

    name: str  # file name, as in feeds_filenames in mkdocs.yml
    title: str
    description: str
    listing: str  # the listing page it follows, by path inside docs/
    link_text: str  # the visible link on that listing

    @property
    def listing_url(self) -> str:
        """The listing's address inside the site (use_directory_urls): the channel's link."""
        return self.listing.removesuffix("index.md")


FEEDS: tuple[Feed, ...] = (
    Feed(
        "feed-guidance-new.xml",
        "IGPM new guidance",
        f"New guidance for practice managers from {_INSTITUTE}, newest first.",
        "guidance/index.md",
        "Follow new guidance (RSS)",
    ),
    Feed(
        "feed-guidance-updates.xml",
        "IGPM updated guidance",
        f"Guidance for practice managers from {_INSTITUTE}, most recently updated first.",
        "guidance/index.md",
        "Follow updated guidance (RSS)",
    ),
    Feed(
        "feed-position-papers.xml",
        "IGPM new position papers",
        f"New position papers of {_INSTITUTE}, newest first.",
        "position-papers/index.md",
        "Follow new position papers (RSS)",
    ),
    Feed(
        "feed-position-papers-updated.xml",
        "IGPM updated position papers",
        f"Position papers of {_INSTITUTE}, most recently updated first.",
        "position-papers/index.md",
        "Follow updated position papers (RSS)",
    ),
)
FEEDS_BY_NAME = {feed.name: feed for feed in FEEDS}


def for_listing(src_uri: str) -> list[dict[str, Any]]:
    """The feeds a listing page offers (autodiscovery and visible links), as plain values for the templates."""
    return [{"name": f.name, "title": f.title, "link_text": f.link_text} for f in FEEDS if f.listing == src_uri]


_CHANNEL_TITLE = re.compile(r"<title>[^<]*</title>")  # the channel's comes first, before any item's
_CHANNEL_DESCRIPTION = re.compile(r"<description>[^<]*</description>")
_CHANNEL_LINK = re.compile(r"<link>([^<]*/)</link>")  # the channel's comes first; the plugin gives the site's root
_IMAGE = re.compile(r"(<image>\s*<url>[^<]*</url>\s*<title>)[^<]*(</title>\s*<link>)[^<]*(</link>)")
_SOURCE = re.compile(r'(<source url="[^"]*">)[^<]*(</source>)')
_MANAGING_EDITOR = re.compile(r"<managingEditor>([^<]*)</managingEditor>")
_AUTHORS = re.compile(r"<author>[^<]*</author>(?:\s*<author>[^<]*</author>)*")
_AUTHOR = re.compile(r"<author>([^<]*)</author>")


def tidy_feed(xml: str, name: str) -> str:
    """The plugin's feed made valid RSS 2.0, with its own title and description when FEEDS names it.

    The plugin copies Material's language name ('custom', our UK English file); feeds need a code.
    """
    xml = xml.replace("<language>custom</language>", "<language>en-GB</language>")
    xml = _MANAGING_EDITOR.sub(lambda m: f"<dc:publisher>{_text(m.group(1))}</dc:publisher>", xml)
    xml = _AUTHORS.sub(lambda m: f"<dc:creator>{_text(join_names(_AUTHOR.findall(m.group(0))))}</dc:creator>", xml)
    feed = FEEDS_BY_NAME.get(name)
    if feed is None:
        return xml
    title = _text(feed.title)
    xml = _CHANNEL_TITLE.sub(lambda _: f"<title>{title}</title>", xml, count=1)
    xml = _CHANNEL_DESCRIPTION.sub(lambda _: f"<description>{_text(feed.description)}</description>", xml, count=1)
    site = _CHANNEL_LINK.search(xml)
    if site is not None:  # the channel, and its image, link to the listing the feed follows
        link = _text(unescape(site.group(1)) + feed.listing_url)
        xml = _CHANNEL_LINK.sub(lambda _: f"<link>{link}</link>", xml, count=1)
        xml = _IMAGE.sub(lambda m: f"{m.group(1)}{title}{m.group(2)}{link}{m.group(3)}", xml)
    return _SOURCE.sub(lambda m: f"{m.group(1)}{title}{m.group(2)}", xml)


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C': one creator element, as feed readers show only one."""
    names = [n.strip() for n in names if n.strip()]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _text(value: str) -> str:
    """XML text: the plugin writes authors unescaped, so read any entity it did write, then escape once."""
    return escape(unescape(value), quote=False)


def place_plugin_cache(plugins: Iterable[Any], root: Path) -> None:
    """Give each mkdocs-rss-plugin a cache folder it can make, before its on_config makes it.

    The plugin keeps the sizes of remote images there (this site has none) and makes the folder at the
    start of every build, relative to the working directory by default: a ``.cache`` that is a file or
    cannot be written would stop the build with a traceback. The project's ``.cache/plugins/rss`` when
    it can be made, else a folder in the system's temporary folder: a broken cache never fails a build.
    """
    folder = paths.cache_dir(root, "plugins", "rss")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir()) / "kb-rss-plugin-cache"
    for plugin in plugins:
        if type(plugin).__module__.startswith("mkdocs_rss_plugin."):
            plugin.config.cache_dir = str(folder)
