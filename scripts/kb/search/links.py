"""Links that open the site's search with filters set (``?nation=Wales&type=Guidance``), for listings.

search.js reads these parameters on any page and opens the search dialog with the
filters ticked; the values are the filter labels of kb.search.fields.
"""

from __future__ import annotations

import posixpath
from html import escape
from urllib.parse import urlencode

from kb.content.documents import site_address
from kb.search.fields import TYPE_LABELS

PLURALS = {"Position paper": "position papers", "Guidance": "guidance", "FAQ": "FAQs", "Page": "pages"}


def search_address(from_src_uri: str, **filters: str) -> str:
    """A relative address of the site's home page asking search for filters, from the page of from_src_uri."""
    here = site_address(from_src_uri)
    home = posixpath.relpath("/", here) + "/" if here != "/" else "./"
    return home + "?" + urlencode(filters)


def nation_search_line(nation: str, doc_type: str | None, from_src_uri: str) -> str:
    """A paragraph of HTML linking to search for the documents of one type for one nation."""
    label = TYPE_LABELS.get(doc_type or "", "")
    filters = {"nation": nation, **({"type": label} if label else {})}
    what = PLURALS.get(label, "documents")
    href = escape(search_address(from_src_uri, **filters))
    return f'<p class="kb-search-link"><a href="{href}">Search {what} for {escape(nation)}</a></p>\n'
