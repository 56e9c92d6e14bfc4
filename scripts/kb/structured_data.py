"""schema.org JSON-LD and Open Graph tags, so search engines and link previews read pages right."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

from kb.citation import PUBLISHER
from kb.documents import Document
from kb.page_model import as_date

_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> str:
    """JSON that is safe inside <script>: no '</script>' or '<!--' can appear in it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group(0)], text)


def _iso(value: Any) -> str | None:
    parsed = as_date(value)
    return parsed.isoformat() if parsed else None


def article(document: Document, url: str) -> dict[str, Any]:
    """schema.org Article for position papers and guidance."""
    meta = document.meta
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": document.title,
        "description": str(meta.get("summary", "")),
        "identifier": document.doc_id,
        "version": str(meta.get("version", "")),
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "en-GB",
        "author": {"@type": "Organization", "name": PUBLISHER},
        "publisher": {"@type": "Organization", "name": PUBLISHER},
        "datePublished": _iso(meta.get("published")),
        "dateModified": _iso(meta.get("updated") or meta.get("published")),
        "genre": "Position paper" if document.doc_type == "position-paper" else "Guidance",
        "spatialCoverage": list(meta.get("nations", [])),
    }
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def faq_page(document: Document, url: str, answers: dict[str, str]) -> dict[str, Any]:
    """schema.org FAQPage: each listed question with the text of its section as the answer."""
    entities = [
        {"@type": "Question", "name": question, "acceptedAnswer": {"@type": "Answer", "text": answers.get(question.strip(), "")}}
        for question in document.meta.get("questions", [])
        if isinstance(question, str)
    ]
    return {"@context": "https://schema.org", "@type": "FAQPage", "name": document.title, "url": url, "inLanguage": "en-GB", "mainEntity": entities}


def json_ld(document: Document, url: str, html: str) -> str | None:
    """The JSON-LD for a document page, ready for a <script type="application/ld+json">; None if none applies."""
    if document.doc_type in ("position-paper", "guidance"):
        return script_json(article(document, url))
    if document.doc_type == "faq":
        return script_json(faq_page(document, url, section_texts(html)))
    return None


def open_graph(document: Document, url: str, site_name: str) -> list[tuple[str, str]]:
    """Open Graph properties as (property, content) pairs; the template escapes them."""
    pairs = [
        ("og:type", "article" if document.is_publication else "website"),
        ("og:title", document.title),
        ("og:description", str(document.meta.get("summary", ""))),
        ("og:url", url),
        ("og:site_name", site_name),
        ("og:locale", "en_GB"),
    ]
    published, updated = _iso(document.meta.get("published")), _iso(document.meta.get("updated"))
    if document.is_publication and published:
        pairs.append(("article:published_time", published))
    if document.is_publication and updated:
        pairs.append(("article:modified_time", updated))
    return pairs


class _Sections(HTMLParser):
    """Collects the text under each <h2>, up to the next <h2>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, list[str]] = {}
        self._heading: list[str] | None = None
        self._current: str | None = None
        self._skip = 0  # inside a permalink anchor or script

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag in ("script", "style") or (tag == "a" and "headerlink" in classes):
            self._skip += 1
        elif tag == "h2":
            self._heading = []
        elif tag in ("p", "li", "br", "tr", "h3", "h4") and self._current is not None:
            self.sections[self._current].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") or (tag == "a" and self._skip):
            self._skip = max(0, self._skip - 1)
        elif tag == "h2" and self._heading is not None:
            self._current = " ".join("".join(self._heading).split())
            self.sections[self._current] = []
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._heading is not None:
            self._heading.append(data)
        elif self._current is not None:
            self.sections[self._current].append(data)


def section_texts(html: str) -> dict[str, str]:
    """Plain text of each level-two section of a page, by heading text."""
    parser = _Sections()
    parser.feed(html)
    parser.close()
    return {heading: " ".join("".join(parts).split()) for heading, parts in parser.sections.items()}
