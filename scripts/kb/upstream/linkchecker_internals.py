"""What kb uses of LinkChecker 10.6.0 beyond its command line.

kb.checks.sitemap reads each built page once with the standard library's
tokenizer and asks LinkChecker's own ``linkcheck.htmlutil.linkparse`` which
attributes hold links, so that the links it finds are the ones LinkChecker
would: ``LinkFinder`` (built with a callback and ``LinkTags``), its ``tags``
and ``universal_attrs``, its ``html_element`` (which also reads ``srcset``,
``style`` and refresh ``<meta>``), and for stylesheets ``strip_c_comments``,
``css_url_re`` and ``linkcheck.strformat.unquote``.

Correctness of the gate: a LinkFinder that changed could miss links, and the
link check would pass pages it never checked. There is no stock path to fall
back to, so with any version other than :data:`WRITTEN_FOR` reading a page
refuses (:class:`Changed`) with a message saying what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from linkcheck.htmlutil import linkparse
from linkcheck.strformat import unquote as unquote_css_url

from kb.upstream import VersionCheck

WRITTEN_FOR = {"linkchecker": "10.6.0"}


class Changed(RuntimeError):
    """The installed LinkChecker is not the one kb's page reader was written for."""


_versions = VersionCheck(WRITTEN_FOR)
mismatch = _versions.mismatch
clear = _versions.clear  # tests that pretend another version is installed


def link_finder(found: Callable[..., None]) -> Any:
    """LinkChecker's LinkFinder, calling ``found(url, line, column, name, base)`` for each link."""
    version = mismatch()
    if version is not None:
        raise Changed(version.refusal("the link check might miss links"))
    return linkparse.LinkFinder(found, linkparse.LinkTags)


def may_hold_links(finder: Any, tag: str, attributes: Collection[str]) -> bool:
    """Could this element hold a link, by LinkFinder's own table? (Most cannot; asking costs time.)"""
    return tag == "base" or not finder.tags.get(tag, finder.universal_attrs).isdisjoint(attributes)


def read_element(finder: Any, tag: str, attributes: dict[str, str]) -> None:
    """Hand one start tag to LinkFinder, which calls back for each link in it."""
    finder.html_element(tag, attributes, "", None, None)


def stylesheet_urls(css: str) -> list[str]:
    """The url(...) references of a stylesheet, as LinkChecker reads them."""
    text = linkparse.strip_c_comments(css)
    return [unquote_css_url(match.group("url").strip()) for match in linkparse.css_url_re.finditer(text)]
