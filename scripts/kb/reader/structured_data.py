"""schema.org JSON-LD and Open Graph tags, so search engines and link previews read pages right.

The picture a link preview shows comes from kb.reader.sharing: its address,
size and words go into og:image, twitter:image and the Article's ``image``.
"""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from kb.content.documents import Document
from kb.reader.citation import PUBLISHER
from kb.reader.page_model import as_date
from kb.reader.sharing import HEIGHT, WIDTH, SharingImage

_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> str:
    """JSON that is safe inside <script>: no '</script>' or '<!--' can appear in it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group(0)], text)


def _iso(value: Any) -> str | None:
    parsed = as_date(value)
    return parsed.isoformat() if parsed else None


def article(document: Document, url: str, image_url: str | None = None) -> dict[str, Any]:
    """schema.org Article for position papers and guidance; image_url is its sharing picture."""
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
        "image": image_url,
    }
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def faq_page(document: Document, url: str, answers: dict[str, str], image_url: str | None = None) -> dict[str, Any]:
    """schema.org FAQPage: each listed question with the text of its section as the answer; the page's picture."""
    entities = [
        {
            "@type": "Question",
            "name": question,
            "acceptedAnswer": {"@type": "Answer", "text": answers.get(question.strip(), "")},
        }
        for question in document.meta.get("questions", [])
        if isinstance(question, str)
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "name": document.title,
        "url": url,
        "inLanguage": "en-GB",
        "image": image_url,
        "mainEntity": entities,
    }
    return {key: value for key, value in data.items() if value is not None}


def json_ld(document: Document, url: str, html: str, image_url: str | None = None) -> str | None:
    """The JSON-LD for a document page, ready for a <script type="application/ld+json">; None if none applies."""
    if document.doc_type in ("position-paper", "guidance"):
        return script_json(article(document, url, image_url))
    if document.doc_type == "faq":
        return script_json(faq_page(document, url, section_texts(html), image_url))
    return None


def open_graph(
    document: Document, url: str, site_name: str, image: SharingImage | None = None
) -> list[tuple[str, str]]:
    """Open Graph properties as (property, content) pairs, then X's; the template escapes them."""
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
    return pairs + (image_tags(image) if image else [])


def image_tags(image: SharingImage) -> list[tuple[str, str]]:
    """og:image with its size and words, and X's large-picture card (X reads twitter:*, not og:image:alt)."""
    return [
        ("og:image", image.url),
        ("og:image:type", "image/png"),
        ("og:image:width", str(WIDTH)),
        ("og:image:height", str(HEIGHT)),
        ("og:image:alt", image.alt),
        ("twitter:card", "summary_large_image"),
        ("twitter:image", image.url),
        ("twitter:image:alt", image.alt),
    ]


# section_texts reads the page after kb.reader.sanitise has cleaned it (nh3 writes
# well-formed HTML without comments), so one regular expression can walk its
# tags and text: three times faster than html.parser, which took a third of a
# second per hundred FAQ pages. A test compares the two on real pages.
_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""  # quoted values may hold ">"
_TOKEN = re.compile(
    rf"<!--.*?-->|<[!?][^>]*>"  # comments and declarations: nothing to read
    rf"|<(?P<raw>script|style)\b{_ATTRIBUTES}>.*?</(?P=raw)\s*>"  # their text is code, not words
    rf"|<(?P<end>/?)(?P<tag>[a-zA-Z][a-zA-Z0-9]*)(?P<attributes>{_ATTRIBUTES})>"
    rf"|(?P<text>[^<]+|<)",
    re.S | re.I,
)
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_SPACED = frozenset(("p", "li", "br", "tr", "h3", "h4"))  # text either side of these is separate words


def _is_permalink(tag: str, attributes: str) -> bool:
    if tag != "a" or "headerlink" not in attributes:
        return False
    found = _CLASS.search(attributes)
    return found is not None and "headerlink" in (found.group(1) or found.group(2) or found.group(3) or "")


def section_texts(html: str) -> dict[str, str]:
    """Plain text of each level-two section of a page, by heading text (permalinks and scripts left out)."""
    sections: dict[str, list[str]] = {}
    heading: list[str] | None = None  # the text of an <h2> being read
    current: list[str] | None = None  # the section being read
    skip = 0  # inside a permalink anchor
    for token in _TOKEN.finditer(html):
        name, text = token.group("tag"), token.group("text")
        if name is not None:
            tag = name.lower()
            if token.group("end"):
                if tag == "a" and skip:
                    skip = max(0, skip - 1)
                elif tag == "h2" and heading is not None:
                    current = sections[" ".join("".join(heading).split())] = []
                    heading = None
            elif _is_permalink(tag, token.group("attributes")):
                skip += 1
            elif tag == "h2":
                heading = []
            elif tag in _SPACED and current is not None:
                current.append(" ")
        elif text is not None and not skip:
            text = unescape(text) if "&" in text else text
            if heading is not None:
                heading.append(text)
            elif current is not None:
                current.append(text)
    return {title: " ".join("".join(parts).split()) for title, parts in sections.items()}
