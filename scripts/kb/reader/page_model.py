"""What a reader sees around a document's text, computed from its metadata.

The page's facts (type, status, dates, nations, people), the banners that
cannot be missed (consultation, superseded, withdrawn, due for review), key
asks, related documents and version history. A reader gets them in the order
they need them: title, summary, who the page applies to and the banners above
the text; the review dates just after it, as NHS pages put them; the other
facts in a compact block at the foot. Everything here is plain data
(strings, lists, dicts) for the Jinja templates in ``overrides/``; the
templates escape every value, so author text is never treated as markup.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from typing import Any

from kb.content.documents import Document
from kb.content.publishing import is_public
from kb.content.vocabularies import Vocabularies

TYPE_LABELS = {"position-paper": "Position paper", "guidance": "Guidance", "faq": "FAQ", "page": "Page"}
STATUS_LABELS = {
    "draft": "Draft",
    "consultation": "Under consultation",
    "published": "Published",
    "superseded": "Superseded",
    "withdrawn": "Withdrawn",
}
AUDIENCE_LABELS = {"public": "Everyone", "members": "Members"}

# A function from a page source path (guidance/x.md) to its site URL
# (guidance/x/), or None when the page is not in this build.
UrlOf = Callable[[str], "str | None"]


@dataclass
class Link:
    title: str
    url: str  # relative to the page that shows it
    doc_id: str = ""
    summary: str = ""


@dataclass
class Banner:
    kind: str  # consultation | superseded | withdrawn | review: also the CSS modifier
    heading: str
    text: str
    link_label: str = ""  # words before the link, e.g. "Read instead:"
    link: Link | None = None


# Where each fact is shown (HeaderField.place): above the text, just after it, or in the block at the foot.
PLACE_TOP = "top"
PLACE_REVIEW = "review"
PLACE_FOOT = "foot"


@dataclass
class HeaderField:
    label: str
    value: str
    place: str = PLACE_FOOT


@dataclass
class PageModel:
    is_publication: bool
    doc_id: str
    type_label: str
    status: str
    status_label: str
    version: str
    fields: list[HeaderField] = field(default_factory=list)
    banners: list[Banner] = field(default_factory=list)
    summary: str = ""
    key_asks: list[str] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)
    changes: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return _plain(self)


def long_date(value: Any) -> str:
    """2025-03-01 -> 1 March 2025, the way UK readers write dates."""
    parsed = as_date(value)
    return f"{parsed.day} {parsed:%B %Y}" if parsed else ""


def as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def relative_url(target: str, from_page: str) -> str:
    """A link from one site URL to another, both relative to the site root (``guidance/x/``)."""
    if target == from_page:
        return "./"
    base = from_page if from_page.endswith("/") else posixpath.dirname(from_page) + "/"
    result = posixpath.relpath("/" + target, "/" + base.rstrip("/") or "/")
    if (target.endswith("/") or target == "") and not result.endswith("/"):
        result += "/"
    return result


def person_labels(ids: list[Any], vocabularies: Vocabularies) -> list[str]:
    """Owners and authors as readers see them: the role, with its holder's name when there is one.

    Not "Policy editor (vacancy)": a vacancy matters to the editors (kb review) and to
    volunteers (the representatives directory), not to someone reading guidance.
    """
    return [reader_label(vocabularies.people[i]) for i in ids if isinstance(i, str) and i in vocabularies.people]


def reader_label(person: dict[str, Any]) -> str:
    name = person.get("name")
    return f"{person['role']} ({name})" if name else str(person["role"])


def is_overdue(document: Document, now: datetime) -> bool:
    due = as_date(document.meta.get("review_due"))
    return bool(due and due < now.date())


class DocumentIndex:
    """Find public documents by id and link to them from a given page."""

    def __init__(self, documents: dict[str, Document], now: datetime, url_of: UrlOf) -> None:
        self.now = now
        self.url_of = url_of
        self.by_id = {d.doc_id: d for d in documents.values() if d.doc_id and is_public(d, now)}

    def link(self, doc_id: Any, from_url: str) -> Link | None:
        target = self.by_id.get(str(doc_id)) if doc_id else None
        url = self.url_of(target.src_uri) if target else None
        if target is None or url is None:
            return None
        return Link(
            title=target.title,
            url=relative_url(url, from_url),
            doc_id=target.doc_id or "",
            summary=str(target.meta.get("summary", "")),
        )


def header_fields(
    document: Document, vocabularies: Vocabularies, last_changed: date | None = None
) -> list[HeaderField]:
    """The facts a reader needs to trust a page, each with where it is shown (the PDF's title page lists them all)."""
    meta = document.meta
    candidates = [
        ("Document id", meta.get("id"), PLACE_FOOT),
        ("Type", TYPE_LABELS.get(str(meta.get("type")), ""), PLACE_FOOT),
        ("Status", STATUS_LABELS.get(str(meta.get("status")), ""), PLACE_FOOT),
        ("Version", meta.get("version"), PLACE_FOOT),
        ("Published", long_date(meta.get("published")), PLACE_FOOT),
        ("Updated", long_date(meta.get("updated")), PLACE_FOOT),
        ("Page last changed", long_date(last_changed), PLACE_FOOT),
        ("Last reviewed", long_date(meta.get("last_reviewed")), PLACE_REVIEW),
        ("Next review due", long_date(meta.get("review_due")), PLACE_REVIEW),
        ("Applies to", ", ".join(str(n) for n in meta.get("nations", [])), PLACE_TOP),
        ("Written for", AUDIENCE_LABELS.get(str(meta.get("audience")), ""), PLACE_TOP),
        ("Owner", ", ".join(person_labels([meta.get("owner")], vocabularies)), PLACE_FOOT),
        ("Authors", ", ".join(person_labels(list(meta.get("authors", [])), vocabularies)), PLACE_FOOT),
    ]
    return [HeaderField(label, str(value), place) for label, value, place in candidates if value]


def banners(document: Document, index: DocumentIndex, from_url: str) -> list[Banner]:
    """The notices a reader must not miss, most important first."""
    meta, now = document.meta, index.now
    result: list[Banner] = []
    status = document.status
    if status == "consultation" and isinstance(meta.get("consultation"), dict):
        consultation = meta["consultation"]
        closes = as_date(consultation.get("closes"))
        if closes and closes < now.date():
            text = f"The consultation closed on {long_date(closes)}. The final version will replace this page."
        else:
            text = (
                f"We want your views before this is final. The consultation closes on {long_date(closes)}. "
                f"How to respond: {consultation.get('how_to_respond', '')}"
            )
        result.append(Banner("consultation", "Under consultation", text))
    if status == "superseded":
        successor = index.link(meta.get("superseded_by"), from_url)
        result.append(
            Banner(
                "superseded",
                "Superseded",
                "This document has been replaced and is kept so that links and citations still work. "
                "Do not rely on it.",
                "Read the current version:",
                successor,
            )
        )
    if status == "withdrawn":
        instead = index.link(meta.get("read_instead"), from_url)
        result.append(
            Banner(
                "withdrawn",
                "Withdrawn",
                f"This document has been withdrawn: {meta.get('withdrawn_reason', '')}",
                "Read instead:" if instead else "",
                instead,
            )
        )
    if is_overdue(document, now) and status not in ("superseded", "withdrawn"):
        result.append(
            Banner(
                "review",
                "Due for review",
                f"This page was due for review on {long_date(meta.get('review_due'))} and has not been reviewed since. "
                "Some of it may be out of date.",
            )
        )
    return result


def build_page_model(
    document: Document,
    vocabularies: Vocabularies,
    index: DocumentIndex,
    page_url: str,
    last_changed: date | None = None,
) -> PageModel:
    """Everything the templates show around one document's text."""
    meta = document.meta
    related = [link for link in (index.link(i, page_url) for i in meta.get("related", []) or []) if link]
    changes = [
        {"version": str(c.get("version", "")), "date": long_date(c.get("date")), "summary": str(c.get("summary", ""))}
        for c in meta.get("changes", []) or []
        if isinstance(c, dict)
    ]
    return PageModel(
        is_publication=document.is_publication,
        doc_id=document.doc_id or "",
        type_label=TYPE_LABELS.get(str(document.doc_type), ""),
        status=str(document.status or ""),
        status_label=STATUS_LABELS.get(str(document.status), ""),
        version=str(meta.get("version", "")),
        fields=header_fields(document, vocabularies, last_changed) if document.is_publication else [],
        banners=banners(document, index, page_url),
        summary=str(meta.get("summary", "")) if document.is_publication else "",
        key_asks=[str(a) for a in meta.get("key_asks", []) or []],
        related=related,
        changes=changes,
    )


def strip_leading_title(markdown: str) -> str:
    """Blank out the author's first ``# Title`` line: the template shows the title from metadata.

    The header and banners belong between the title and the text, so the page
    title is drawn by the template; leaving the author's heading in would show
    it twice. The line is emptied, not removed, so that line numbers in
    messages about the text still match the file.
    """
    lines = markdown.split("\n")
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("# "):
            return "\n".join([*lines[:number], "", *lines[number + 1 :]])
        break
    return markdown


def _plain(value: Any) -> Any:
    """dataclasses.asdict without deep-copying every leaf: the leaves here are text, numbers
    and dates, which cannot change; lists, dicts and dataclasses are new, so a template's
    changes never reach the model. asdict cost a few milliseconds a page."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value
