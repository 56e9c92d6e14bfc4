"""What the search index knows about a document besides its text: filters, result details and sort keys.

The templates (overrides/partials/kb-search-fields.html) write these as Pagefind's
``data-pagefind-filter``, ``data-pagefind-meta`` and ``data-pagefind-sort`` attributes
inside the article, which is the only part of a page Pagefind indexes
(``data-pagefind-body``). Every value comes from the checked front matter and the
vocabularies in data/, never from the page's HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kb.content.documents import Document
from kb.content.vocabularies import Vocabularies

META_KEY = "kb_search"  # page.meta[META_KEY] holds a SearchFields as a dict

NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")
UK_WIDE = "UK-wide"
TYPE_LABELS = {"position-paper": "Position paper", "guidance": "Guidance", "faq": "FAQ", "page": "Page"}
AUDIENCE_LABELS = {"public": "Everyone", "members": "Members"}
# Current documents are shown unless a reader asks for the others (search-ui.js: DEFAULT_STATUSES).
STATUS_LABELS = {
    "published": "Current",
    "consultation": "Under consultation",
    "superseded": "Superseded",
    "withdrawn": "Withdrawn",
}
CURRENT_STATUSES = ("Current", "Under consultation")


@dataclass(frozen=True)
class SearchFields:
    """One page's filters (name to values), details shown with its result, and sort keys."""

    filters: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"filters": self.filters, "meta": self.meta, "sort": self.sort}


def nation_labels(nations: list[Any]) -> list[str]:
    """The nations a document applies to, in the usual order."""
    named = {str(nation) for nation in nations}
    return [nation for nation in NATIONS if nation in named]


def nations_text(nations: list[str]) -> str:
    """How a result names its nations: UK-wide for all four."""
    return UK_WIDE if len(nations) == len(NATIONS) else ", ".join(nations)


# Pages that list other documents: searching finds the documents themselves instead.
LISTINGS = ("index.md", "tags.md")


def is_searched(document: Document) -> bool:
    """Whether a page's text goes into the search index: every document except listings."""
    return document.src_uri.rsplit("/", 1)[-1] not in LISTINGS


def search_fields(document: Document, vocabularies: Vocabularies) -> SearchFields:
    """Everything the index records about document besides its text."""
    meta = document.meta
    nations = nation_labels(meta.get("nations") or [])
    topics = [vocabularies.topic_label(t) for t in meta.get("topics") or [] if t in vocabularies.topics]
    type_label = TYPE_LABELS.get(str(meta.get("type")), "")
    status_label = STATUS_LABELS.get(str(meta.get("status")), "")
    audience = AUDIENCE_LABELS.get(str(meta.get("audience")), "")
    filters = {
        "type": [type_label] if type_label else [],
        "nation": nations,
        "topic": topics,
        "audience": [audience] if audience else [],
        "status": [status_label] if status_label else [],
    }
    updated = str(meta.get("updated") or meta.get("published") or meta.get("last_reviewed") or "")
    details = {"type": type_label, "status": status_label, "nations": nations_text(nations), "updated": updated}
    return SearchFields(
        filters={name: values for name, values in filters.items() if values},
        meta={name: value for name, value in details.items() if value},
        sort={"updated": updated} if updated else {},
    )
