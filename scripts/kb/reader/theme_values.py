"""Values the theme prints without escaping, made safe before any template sees them.

MkDocs' Jinja environment does not escape, and Material's templates print
navigation titles, ``page.edit_url`` and the table of contents as they are.
Those values come from what authors choose: folder and file names, heading
ids written with ``attr_list`` or ``md_in_html``. ``kb check`` refuses such
names and ids, but ``make serve`` previews pages that have problems, so the
hook passes every such value through here as well:

- a title holding ``<`` or ``>`` becomes ``markupsafe.Markup`` of its escaped
  text: printed raw it is text, and ``| e`` (or kb.speed.nav_html) leaves it as it is;
- an edit link's file part is percent-encoded, so a quote cannot end ``href``;
- a table-of-contents id with a quote, ``<``, ``>`` or ``&`` is
  written with entities (the browser reads back the id the heading has), and
  a title holding ``<`` or ``>`` is escaped.

Ordinary values contain none of these characters and pass unchanged, so the
site stays byte for byte what it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

_MARKUP_CHARACTERS = re.compile(r"[<>]")
_UNSAFE_IN_ID = re.compile(r"[\"'<>&]")


def safe_title(title: Any) -> Any:
    """A title as text: Markup of its escaped form when it holds ``<`` or ``>``, else unchanged."""
    if isinstance(title, str) and not isinstance(title, Markup) and _MARKUP_CHARACTERS.search(title):
        return escape(title)
    return title


def make_nav_safe(items: Iterable[Any]) -> None:
    """Every section's title in the navigation (from folder names) made safe, at any depth."""
    for item in items:
        children = getattr(item, "children", None)
        if children:
            item.title = safe_title(item.title)
            make_nav_safe(children)


def safe_edit_url(edit_url: str | None, src_uri: str) -> str | None:
    """The "Edit this page" address with the file's path percent-encoded (the repository part is trusted)."""
    if not edit_url or not edit_url.endswith(src_uri):
        return edit_url
    return edit_url[: len(edit_url) - len(src_uri)] + quote(src_uri, safe="/")


def escape_angle_brackets(text: str) -> str:
    """``<`` and ``>`` as entities: nothing can start an element, and ``&`` and quotes stay as the theme writes them."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def make_toc_safe(items: Iterable[Any]) -> None:
    """Table-of-contents ids (the links' and the skip link's ``#id``) and titles made safe, at any depth."""
    for item in items:
        if _UNSAFE_IN_ID.search(item.id):
            item.id = str(escape(item.id))
        if isinstance(item.title, str) and _MARKUP_CHARACTERS.search(item.title):
            item.title = escape_angle_brackets(item.title)
        make_toc_safe(item.children)


def make_page_safe(page: Any) -> None:
    """Everything of one page that Material prints unescaped: its titles, edit link and contents.

    Called once every page is converted (on_env), before any template is drawn;
    the neighbours' footers print this page's title too.
    """
    title = page.title
    safe = safe_title(title)
    if safe is not title:  # Page.title is a weak property: setting it would freeze it
        page.title = safe
    if isinstance(page.meta, dict) and "title" in page.meta:
        page.meta["title"] = safe_title(page.meta["title"])
    page.edit_url = safe_edit_url(page.edit_url, page.file.edit_uri or "")
    make_toc_safe(page.toc or [])
