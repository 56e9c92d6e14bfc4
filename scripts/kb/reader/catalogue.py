"""``catalogue.json``: every public document and its public metadata, for machines.

Drafts, embargoed documents and documents withdrawn without a notice are never
in it: the catalogue is built from the same ``is_public`` rule as the site.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from kb.content.documents import Document
from kb.content.publishing import is_public
from kb.reader.citation import stable_url
from kb.reader.page_model import UrlOf

CATALOGUE_FILE = "catalogue.json"
# The fields a reader of the site can already see; nothing else is copied out.
PUBLIC_FIELDS = (
    "id",
    "title",
    "summary",
    "type",
    "status",
    "audience",
    "nations",
    "topics",
    "owner",
    "authors",
    "published",
    "updated",
    "last_reviewed",
    "review_due",
    "version",
    "supersedes",
    "superseded_by",
    "related",
    "key_asks",
    "questions",
    "consultation",
    "changes",
    "withdrawn_reason",
    "read_instead",
)


def entry(document: Document, url: str, pdf_url: str | None) -> dict[str, Any]:
    """One document's public metadata, with its stable URL."""
    record: dict[str, Any] = {name: _plain(document.meta[name]) for name in PUBLIC_FIELDS if name in document.meta}
    record["url"] = url
    if pdf_url:
        record["pdf"] = pdf_url
    return record


def build_catalogue(
    documents: list[Document],
    now: datetime,
    site_url: str,
    url_of: UrlOf,
    pdf_of: UrlOf,
    generated: datetime | None = None,
) -> dict[str, Any]:
    """The catalogue of every public publication, ordered by id."""
    entries = []
    for document in sorted(documents, key=lambda d: d.doc_id or ""):
        page_url = url_of(document.src_uri)
        if not document.is_publication or not is_public(document, now) or page_url is None:
            continue
        pdf = pdf_of(document.src_uri)
        entries.append(entry(document, stable_url(site_url, page_url), stable_url(site_url, pdf) if pdf else None))
    return {"site": site_url, "generated": (generated or now).isoformat(), "count": len(entries), "documents": entries}


def write_catalogue(catalogue: dict[str, Any], site_dir: Path) -> Path:
    path = site_dir / CATALOGUE_FILE
    path.write_text(json.dumps(catalogue, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path


def _plain(value: Any) -> Any:
    """Dates and nested values as JSON-friendly text."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)
