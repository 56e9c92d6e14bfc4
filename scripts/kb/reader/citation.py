"""'Cite this paper': a plain-text citation and a BibTeX entry with a stable URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kb.content.documents import Document
from kb.reader.page_model import TYPE_LABELS, Link, as_date, long_date

PUBLISHER = "Institute of General Practice Management"
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
    "{": r"\{",
    "}": r"\}",
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class Citation:
    text: str
    bibtex: str
    url: str


def stable_url(site_url: str, page_url: str) -> str:
    """The address a document keeps for good: the site's address plus the page's path."""
    return site_url.rstrip("/") + "/" + page_url.lstrip("/")


def bibtex_text(value: Any) -> str:
    """Author text made safe inside a BibTeX field."""
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in str(value))


def bibtex_key(doc_id: str) -> str:
    return "igpm-" + re.sub(r"[^A-Za-z0-9-]", "", doc_id).lower()


def status_note(document: Document, successor: Link | None = None) -> str:
    """What a citation must say about a version that is not final or no longer current, or "".

    A reader who follows a citation to a draft or a replaced paper should know before relying on
    it. The successor is named only when it is public (a hidden one's id must not appear).
    """
    if document.status == "consultation":
        return "Consultation draft"
    if document.status == "superseded":
        return f"Superseded by {successor.doc_id}, {successor.title}" if successor else "Superseded"
    if document.status == "withdrawn":
        return "Withdrawn"
    return ""


def cite(document: Document, url: str, successor: Link | None = None) -> Citation:
    """How to cite this version of a document; successor is the public document that supersedes it."""
    meta = document.meta
    doc_id = document.doc_id or ""
    version = str(meta.get("version", ""))
    issued = as_date(meta.get("updated") or meta.get("published"))
    kind = TYPE_LABELS.get(str(document.doc_type), "Document")
    year = str(issued.year) if issued else "n.d."
    status = status_note(document, successor)
    said = f" {status}." if status else ""
    text = f"{PUBLISHER} ({year}). {document.title}. {kind} {doc_id}, version {version}, {long_date(issued)}."
    text += f"{said} Available at: {url}"
    fields = [
        ("author", "{" + PUBLISHER + "}"),
        ("title", "{" + bibtex_text(document.title) + "}"),
        ("institution", PUBLISHER),
        ("type", kind),
        ("number", bibtex_text(doc_id)),
        ("version", bibtex_text(version)),
        ("year", year),
    ]
    entry = [f"@techreport{{{bibtex_key(doc_id)},"]
    entry += [f"  {name} = {{{value}}}," for name, value in fields]
    if issued:
        entry.append(f"  month = {_MONTHS[issued.month - 1]},")
    entry.append(f"  url = {{{url}}},")
    note = f"Version {version}. {status}" if status else f"Version {version}"
    entry.append(f"  note = {{{bibtex_text(note)}}}")
    entry.append("}")
    return Citation(text=text, bibtex="\n".join(entry), url=url)
