"""What is public at build time: drafts and embargoed documents never are."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from kb.content.documents import Document

NOW_VARIABLE = "KB_NOW"  # lets tests and previews build "as of" another moment
PUBLIC_STATUSES = ("published", "consultation", "superseded", "withdrawn")


def build_time() -> datetime:
    """The moment the build treats as now (timezone-aware)."""
    override = os.environ.get(NOW_VARIABLE)
    if override:
        moment = datetime.fromisoformat(override)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)


def embargo_lifted(document: Document, now: datetime) -> bool:
    embargo = document.meta.get("embargo_until")
    if not embargo:
        return True
    try:
        moment = datetime.fromisoformat(str(embargo))
    except ValueError:
        return False  # not a date and time: the schema reports it; until then, stay hidden
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment <= now


def is_public(document: Document, now: datetime) -> bool:
    """True when the document may appear anywhere in the built site."""
    if document.status not in PUBLIC_STATUSES:
        return False
    if document.status == "withdrawn" and document.meta.get("show_withdrawal_notice") is False:
        return False
    return embargo_lifted(document, now)


def why_hidden(document: Document, now: datetime) -> str:
    """Plain words for why a document is left out, for logs and previews."""
    if document.status == "draft":
        return "it is a draft"
    if document.status == "withdrawn":
        return "it was withdrawn without a notice"
    if not embargo_lifted(document, now):
        return f"it is embargoed until {document.meta['embargo_until']}"
    return "its status is not published"
