"""Lists of documents generated from their metadata, as Markdown."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from kb.documents import Document
from kb.publishing import is_public
from kb.site import SiteContent

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
    chosen = [
        d
        for d in content.documents.values()
        if d.is_publication
        and is_public(d, content.now)
        and (doc_type is None or d.doc_type == doc_type)
        and (wanted is None or d.status in wanted)
        and (topic is None or topic in d.meta.get("topics", []))
        and (nation is None or nation in d.meta.get("nations", []))
    ]
    return sorted(chosen, key=lambda d: (str(d.meta.get("updated") or d.meta.get("published") or ""), d.title), reverse=True)


def render_list(documents: list[Document], from_src_uri: str) -> str:
    """A bullet list: linked title, then the date and summary."""
    if not documents:
        return "*Nothing published here yet.*\n"
    lines = []
    for document in documents:
        link = relative_link(document.src_uri, from_src_uri)
        date = document.meta.get("updated") or document.meta.get("published")
        lines.append(f"- [{markdown_text(document.title)}]({link})  \n  {date} · {markdown_text(str(document.meta.get('summary', '')))}")
    return "\n".join(lines) + "\n"
