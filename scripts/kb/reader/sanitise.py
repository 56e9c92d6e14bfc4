"""The second line of defence: every page's HTML passes through nh3 (ammonia) before it is written.

kb.checks.content_safety refuses active content in what authors write; this cleans
what Markdown actually produced, in case something got past the first check.
The allow-list is what Python-Markdown, its extensions in mkdocs.yml and
Material for MkDocs put into page content: headings with ids and permalinks,
admonitions, details, tables (with text-align), footnotes, definition lists,
abbreviations with titles, task-list checkboxes, code blocks with highlighting
spans, images and Material's grid cards. Anything else is removed: unknown
tags keep their text; script and style lose their content too.

A ``title`` attribute loses every ``<`` and ``>``. Material's tooltips
(``content.tooltips``) put the title of a link or an abbreviation into the
page as HTML when it is hovered or focused, so ``&lt;img onerror=...&gt;``,
correctly escaped in the attribute, would become an element there.
"""

from __future__ import annotations

import re
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from typing import Generic, TypeVar

import nh3

from kb import speed

T = TypeVar("T")  # whatever BackgroundCleaning hands back with each page: MkDocs' Page in the hook

ALLOWED_TAGS = {
    "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code",
    "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark",
    "nav", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}  # fmt: skip
GENERIC_ATTRIBUTES = {"id", "class", "title", "lang", "dir", "role", "hidden", "tabindex"}
TAG_ATTRIBUTES = {
    "a": {"href", "hreflang", "name"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},  # no srcset: it could load from another site
    "td": {"style", "colspan", "rowspan", "align"},
    "th": {"style", "colspan", "rowspan", "align", "scope"},
    "col": {"span", "width"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "label": {"for"},
    "input": {"checked", "disabled"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
CONTENT_REMOVED = {
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "textarea",
    "select",
}


@cache
def _cleaner() -> nh3.Cleaner:
    attributes = {tag: set(names) for tag, names in TAG_ATTRIBUTES.items()}
    attributes["*"] = set(GENERIC_ATTRIBUTES)
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        clean_content_tags=CONTENT_REMOVED,
        attributes=attributes,
        generic_attribute_prefixes={"aria-"},
        tag_attribute_values={"input": {"type": {"checkbox"}}},
        url_schemes=URL_SCHEMES,
        link_rel=None,  # links are the site's own or checked; keep the HTML as Markdown wrote it
        filter_style_properties={"text-align"},
        strip_comments=True,
    )


# In nh3's output a start tag holds no raw < or > (attribute values have them as &lt; &gt;,
# text has no raw <) and every value is in double quotes with no raw " inside.
_TITLE_IN_TAG = re.compile(r'(<[a-z][^<>]*?\stitle=")([^"]*)"')


def _without_markup_in_titles(html: str) -> str:
    """Cleaned HTML whose title attributes hold no ``<`` or ``>`` (written ``&lt;`` ``&gt;``).

    Done on nh3's output rather than with its ``attribute_filter``: a Python
    callback for each attribute would take Python's lock back from the main
    thread hundreds of times a page, undoing the point of cleaning on a second thread.
    """
    if "&lt;" not in html and "&gt;" not in html:
        return html
    return _TITLE_IN_TAG.sub(lambda m: m.group(1) + m.group(2).replace("&lt;", "").replace("&gt;", "") + '"', html)


def sanitise_html(fragment: str) -> str:
    """A page's content HTML with everything outside the allow-list removed."""
    return _without_markup_in_titles(_cleaner().clean(fragment))


class BackgroundCleaning(Generic[T]):
    """Pages' HTML cleaned on a second thread while MkDocs goes on reading the next pages.

    nh3 lets go of Python's lock while it cleans, and cleaning was a fifth of
    reading 1,000 pages on one core of two. Each page's HTML is handed over as
    MkDocs converts it; :meth:`finish` waits for the last and gives every
    page back, in the order added, with its cleaned HTML.
    """

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._waiting: list[tuple[T, Future[str]]] = []

    def add(self, owner: T, html: str) -> None:
        if not speed.enabled("background_cleaning"):  # cleaned here and now, as if there were no second thread
            done: Future[str] = Future()
            done.set_result(sanitise_html(html))
            self._waiting.append((owner, done))
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-cleaning")
        self._waiting.append((owner, self._pool.submit(sanitise_html, html)))

    def finish(self) -> list[tuple[T, str]]:
        """Every page added since the last finish, cleaned; no thread is left running."""
        waiting, self._waiting = self._waiting, []
        pool, self._pool = self._pool, None
        try:
            return [(owner, future.result()) for owner, future in waiting]
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
