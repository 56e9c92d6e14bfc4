"""Lists of documents generated from their metadata, as Markdown."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from kb.build.site import SiteContent
from kb.checks.limits import heading_level
from kb.content.documents import Document
from kb.reader.page_model import STATUS_LABELS, long_date

CURRENT_STATUSES = ("published", "consultation")
NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()#|!])")


def markdown_text(text: str) -> str:
    """Author text shown literally inside generated Markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def relative_link(target_src_uri: str, from_src_uri: str) -> str:
    """A Markdown link path from one page source to another, as MkDocs expects."""
    return posixpath.relpath(target_src_uri, posixpath.dirname(from_src_uri) or ".")


def select(
    content: SiteContent,
    doc_type: str | None = None,
    statuses: Iterable[str] | None = None,
    topic: str | None = None,
    nation: str | None = None,
) -> list[Document]:
    """Public documents matching every filter given, newest first."""
    wanted = set(statuses) if statuses else None
    return [
        d
        for d in content.public_publications
        if (doc_type is None or d.doc_type == doc_type)
        and (wanted is None or d.status in wanted)
        and (topic is None or topic in d.meta.get("topics", []))
        and (nation is None or nation in d.meta.get("nations", []))
    ]


def render_list(documents: list[Document], from_src_uri: str) -> str:
    """A bullet list: linked title, then status (unless published), date and summary."""
    if not documents:
        return "*Nothing published here yet.*\n"
    lines = []
    for document in documents:
        link = relative_link(document.src_uri, from_src_uri)
        details = " · ".join(markdown_text(part) for part in _list_details(document))
        lines.append(f"- [{markdown_text(document.title)}]({link})  \n  *{details}*{{: .kb-list-details }}")
    return "\n".join(lines) + "\n"


def _list_details(document: Document) -> list[str]:
    """Status (when not simply published), the date readers care about, the summary."""
    meta = document.meta
    details = []
    if document.status != "published":
        details.append(STATUS_LABELS.get(str(document.status), str(document.status)))
    updated, published = meta.get("updated"), meta.get("published")
    if updated and updated != published:
        details.append(f"Updated {long_date(updated)}")
    elif published:
        details.append(f"Published {long_date(published)}")
    details.append(str(meta.get("summary", "")))
    return details


def render_groups(
    groups: list[tuple[str, list[Document]]], from_src_uri: str, level: int = 3, after: dict[str, str] | None = None
) -> str:
    """A heading per group (topic or nation) with its list, and after it what after gives for the group
    (a link to search it, kb.search.links); empty groups are left out."""
    level = heading_level(level)  # a page's template code chooses it: never a heading of a million #
    after = after or {}
    blocks = [
        f"{'#' * level} {markdown_text(label)}\n\n{render_list(documents, from_src_uri)}"
        + (f"\n{after[label]}" if label in after else "")
        for label, documents in groups
        if documents
    ]
    return "\n".join(blocks) if blocks else "*Nothing published here yet.*\n"


def by_topic(
    content: SiteContent, doc_type: str | None, statuses: Iterable[str] | None = None
) -> list[tuple[str, list[Document]]]:
    """Public documents grouped under each topic of data/topics.yml, in the vocabulary's order."""
    statuses = statuses or CURRENT_STATUSES
    return [
        (topic["label"], select(content, doc_type, statuses, topic=topic_id))
        for topic_id, topic in content.vocabularies.topics.items()
    ]


def by_nation(
    content: SiteContent, doc_type: str | None, statuses: Iterable[str] | None = None
) -> list[tuple[str, list[Document]]]:
    """Public documents grouped under each UK nation they apply to."""
    statuses = statuses or CURRENT_STATUSES
    return [(nation, select(content, doc_type, statuses, nation=nation)) for nation in NATIONS]
