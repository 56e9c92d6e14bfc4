"""Small repairs to the theme's HTML so that every page is valid HTML.

Material for MkDocs writes a few attributes the Nu Html Checker rejects, in
places no template override can reach (``base.html`` outside any block) or
in large partials we would rather not copy. Each fix is a narrow, exact
rewrite of one pattern; anything else in the page is left untouched. The
browser tests (tests/browser/test_html_valid.py) validate every built page.
"""

from __future__ import annotations

import re

# `autocomplete` is not allowed on checkboxes and radio buttons. Material sets
# it on its hidden drawer and search toggles (base.html, outside any block).
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="(?:checkbox|radio)"[^>]*?) autocomplete="off"')
# nav-item.html writes tabindex="" (not an integer) on section labels.
_EMPTY_TABINDEX = re.compile(r' tabindex=""')
# References to ids the page does not have: nav-item.html labels a section's
# menu by a label it leaves out when the section has an index page and one
# child; toc.html points its title at the __toc toggle, which is only written
# on pages listed in the navigation.
_LABEL_FOR = re.compile(r'(<label\b[^>]*?) for="([^"]*)"')
_LABELLEDBY = re.compile(r'(<nav\b[^>]*?) aria-labelledby="([^"]*)"')
# Material writes its "Skip to content" link only when the page has a table of
# contents; pages whose title is in a generated header (and the page-not-found
# page) get none. Give them one, to the start of the content (WCAG 2.4.1).
_EMPTY_SKIP = re.compile(r'(<div data-md-component="skip">)\s*(</div>)')
_CONTENT = re.compile(r'<article class="md-content__inner md-typeset"')
SKIP_TARGET = "kb-content"
SKIP_LINK = f'<a href="#{SKIP_TARGET}" class="md-skip">Skip to content</a>'
# Where Material does write one, it points at the first entry of the contents: on a document,
# whose title is drawn by our template (overrides/partials/content.html), that is the first
# h2 of the text, past the title, summary and banners. Point it at the title instead.
_MATERIAL_SKIP = re.compile(r'(<div data-md-component="skip">\s*<a href=")[^"]*(" class="md-skip">)')
TITLE_ID = "kb-title"


def fix_page(html: str) -> str:
    """The page with the theme's invalid attributes repaired."""
    html = _TOGGLE_AUTOCOMPLETE.sub(r"\1", html)
    html = _EMPTY_TABINDEX.sub("", html)
    page = html  # ids are looked up in the page as it was before these removals

    def keep_if_known(match: re.Match[str]) -> str:
        # A substring test per reference: collecting every id of a long page
        # with a regular expression cost more than the rest of this module.
        return match.group(0) if has_id(page, match.group(2)) else match.group(1)

    html = _LABEL_FOR.sub(keep_if_known, html)
    html = _LABELLEDBY.sub(keep_if_known, html)
    return add_missing_skip_link(skip_to_the_title(html))


def skip_to_the_title(html: str) -> str:
    """Material's skip link pointed at a document's title, not at the first heading of its text."""
    if not has_id(html, TITLE_ID):
        return html
    return _MATERIAL_SKIP.sub(lambda m: f"{m.group(1)}#{TITLE_ID}{m.group(2)}", html, count=1)


def has_id(html: str, target: str) -> bool:
    """Whether an element has id="target" (not data-id="target" and the like)."""
    needle = f'id="{target}"'
    start = html.find(needle)
    while start != -1:
        if start == 0 or not (html[start - 1].isalnum() or html[start - 1] in "-_"):
            return True
        start = html.find(needle, start + 1)
    return False


def add_missing_skip_link(html: str) -> str:
    """A skip link to the content on a page where Material wrote none."""
    if not _EMPTY_SKIP.search(html) or not _CONTENT.search(html):
        return html
    html = _EMPTY_SKIP.sub(lambda m: m.group(1) + SKIP_LINK + m.group(2), html, count=1)
    return _CONTENT.sub(f'<article id="{SKIP_TARGET}" class="md-content__inner md-typeset"', html, count=1)
