"""One document page as the reader gets it: the glue between the page model and the adapters.

The MkDocs hook calls ``page_markdown`` before conversion, ``page_context``
for the template values, and ``page_html`` after conversion. Each function
takes plain values, so it can be tested without MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape
from typing import Any
from urllib.parse import urljoin

from kb.build.site import SiteContent
from kb.content.documents import Document
from kb.content.publishing import is_public
from kb.reader import feeds, glossary, page_model, sharing, structured_data
from kb.reader.citation import cite, stable_url
from kb.reader.page_model import DocumentIndex, UrlOf

CONTEXT_KEY = "kb"  # page.meta[CONTEXT_KEY] holds what the templates show


@dataclass(frozen=True)
class SiteInfo:
    site_url: str
    site_name: str


def pdf_name(document: Document) -> str:
    """The file name of a position paper's PDF, beside its page."""
    return f"{document.doc_id}.pdf"


def has_pdf(document: Document, content: SiteContent) -> bool:
    return document.doc_type == "position-paper" and is_public(document, content.now)


def page_markdown(document: Document, terms: list[glossary.Term]) -> str:
    """The Markdown MkDocs converts: the text without its title line, plus the glossary terms."""
    return page_model.strip_leading_title(document.body) + glossary.abbreviation_definitions(terms, document.body)


_index_cache: list[tuple[SiteContent, DocumentIndex]] = []


def _document_index(content: SiteContent, url_of: UrlOf) -> DocumentIndex:
    """One index per build, not one per page: with thousands of pages, rebuilding it each time adds up."""
    if not _index_cache or _index_cache[0][0] is not content:
        _index_cache[:] = [(content, DocumentIndex(content.documents, content.now, url_of))]
    return _index_cache[0][1]


def page_context(
    document: Document, content: SiteContent, page_url: str, info: SiteInfo, url_of: UrlOf
) -> dict[str, Any]:
    """Everything the templates show around the text, as plain values."""
    index = _document_index(content, url_of)
    model = page_model.build_page_model(
        document, content.vocabularies, index, page_url, content.history.get(document.repo_path)
    )
    url = stable_url(info.site_url, page_url)
    context: dict[str, Any] = model.as_dict()
    context["url"] = url
    for link in [*context["related"], *(b["link"] for b in context["banners"] if b["link"])]:
        link["absolute"] = urljoin(url, link["url"])
    image = sharing.image_for(document, page_url, info.site_url, info.site_name, content.now)
    context["sharing_image"] = vars(image).copy()  # plain values: kb.build.outputs draws it after the pages
    context["open_graph"] = structured_data.open_graph(document, url, info.site_name, image)
    context["citation"] = None
    context["pdf"] = None
    if document.doc_type == "position-paper":
        superseded = document.status == "superseded"
        successor = index.link(document.meta.get("superseded_by"), page_url) if superseded else None
        citation = cite(document, url, successor)
        context["citation"] = {"text": citation.text, "bibtex": citation.bibtex}
    if has_pdf(document, content):
        context["pdf"] = pdf_name(document)
    context["feeds"] = feeds.for_listing(document.src_uri)  # a listing offers the feeds that follow it
    context["json_ld"] = None  # filled in by page_html, which sees the converted text
    return context


def theme_meta(document: Document, content: SiteContent) -> dict[str, Any]:
    """page.meta values read by the theme and the feed plugin, which give some names their own meaning.

    The feed plugin reads ``authors`` (we give roles, not ids). Material reads
    ``status`` as its page-status marker in the navigation, so only superseded
    and withdrawn documents keep one, as "deprecated" (labelled in mkdocs.yml).
    """
    values: dict[str, Any] = {"status": "deprecated" if document.status in ("superseded", "withdrawn") else None}
    authors = page_model.person_labels(list(document.meta.get("authors", []) or []), content.vocabularies)
    if authors:
        values["authors"] = authors
    return values


_LINK = re.compile(r'<a\b([^>]*?)\bhref="([^"#][^"]*)"')


def printable_links(html: str, page_url: str) -> str:
    """Give each link its full address in data-print-href, which the print stylesheet prints after it."""

    def add(match: re.Match[str]) -> str:
        if "data-print-href" in match.group(1):
            return match.group(0)
        return f'{match.group(0)} data-print-href="{escape(urljoin(page_url, unescape(match.group(2))), quote=True)}"'

    return _LINK.sub(add, html)


def page_html(document: Document, html: str, context: dict[str, Any]) -> str:
    """The converted text: abbreviations made focusable, links printable; the JSON-LD computed from it."""
    html = printable_links(glossary.focusable_abbreviations(html), context["url"])
    context["json_ld"] = structured_data.json_ld(document, context["url"], html, context["sharing_image"]["url"])
    return html
