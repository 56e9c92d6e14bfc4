"""Nothing of a hidden document reaches the site: not a link to it, not its images.

Drafts, embargoed documents and documents withdrawn without a notice are left
out of the build (kb.build.site). Two things could still give them away: a public
page linking to one (MkDocs only logs that at INFO and leaves a dead link),
and the images or attachments that only a hidden document uses, which MkDocs
would copy into the site like any other file.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kb.content.documents import INCLUDE_FOLDERS, Document
from kb.content.publishing import embargo_lifted, is_public, why_hidden
from kb.problems import Problem

# Each pattern has one group per way of writing the address; the one that matched is the address.
# Markdown: `<a b.png>` (angle brackets allow spaces) or a bare address (balanced parentheses allowed).
_DESTINATION = r"(?:<((?:[^<>\n\\]|\\.)*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+))"
_INLINE_LINK = re.compile(r"\]\(\s*" + _DESTINATION)
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\n?[ \t]*" + _DESTINATION, re.MULTILINE)
_HTML_ADDRESS = re.compile(r"\b(?:href|src|poster|data)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\"'\s>]+))", re.IGNORECASE)
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation


@dataclass(frozen=True)
class LinkTarget:
    line: int  # 1-based within the text
    written: str  # as the author wrote it
    src_uri: str  # the file it points at, inside docs/ ("" when it is not a file of this site)


def link_targets(text: str, from_src_uri: str) -> list[LinkTarget]:
    """Every local address in a Markdown text, resolved to a path inside docs/.

    Every way Markdown and HTML can write one counts, spaces included: an
    address the patterns stopped short of would let a hidden document's
    ``<embargoed chart.png>`` be copied into the site.
    """
    found = []
    for pattern in (_INLINE_LINK, _REFERENCE, _HTML_ADDRESS):
        for match in pattern.finditer(text):
            group = next(number for number in range(1, pattern.groups + 1) if match.group(number) is not None)
            written = match.group(group)
            if pattern is not _HTML_ADDRESS:
                written = _MARKDOWN_ESCAPE.sub(r"\1", written)  # Markdown reads `a\_b.png` as `a_b.png`
            written = html.unescape(written).strip()
            line = text.count("\n", 0, match.start(group)) + 1
            found.append(LinkTarget(line, written, resolve(written, from_src_uri)))
    return sorted(set(found), key=lambda t: (t.line, t.written))


def resolve(address: str, from_src_uri: str) -> str:
    """``../guidance/x.md#part`` written in ``faqs/a.md`` -> ``guidance/x.md``; "" for other sites."""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or not parts.path:
        return ""
    path = unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(from_src_uri), path)
    normal = posixpath.normpath(joined)
    return "" if normal.startswith("..") else normal


def links_to_hidden_documents(documents: list[Document], now: datetime) -> list[Problem]:
    """A public page may not link to a page that is not published."""
    # A status no one can publish (a misspelling) is reported on its own document; a link to it is not a second problem.
    hidden = {d.src_uri: d for d in documents if not is_public(d, now) and _hidden_on_purpose(d, now)}
    problems = []
    for document in documents:
        if not is_public(document, now) or not hidden:
            continue
        for target in link_targets(document.body, document.src_uri):
            other = hidden.get(target.src_uri)
            if other is not None:
                problems.append(
                    Problem(
                        document.repo_path,
                        document.parsed.body_line + target.line - 1,
                        "link",
                        f"{target.written}: {other.repo_path} is not published, because {why_hidden(other, now)}",
                        "take the link out until that page is published",
                    )
                )
    return problems


def _hidden_on_purpose(document: Document, now: datetime) -> bool:
    """Left out as a draft, withdrawn without a notice, or embargoed: not for a status that does not exist."""
    return document.status in ("draft", "withdrawn") or not embargo_lifted(document, now)


def files_only_hidden_documents_use(
    documents: list[Document], now: datetime, snippets: dict[str, str] | None = None
) -> set[str]:
    """Non-page files (images, attachments) that only hidden documents link to.

    ``snippets`` maps each docs/_includes/ file (src_uri) to its text: what they
    link to counts as used by public pages, to be safe.
    """
    page_uris = {d.src_uri for d in documents}
    public: list[Document] = []
    hidden: list[Document] = []
    for document in documents:
        (public if is_public(document, now) else hidden).append(document)
    used_by_hidden = {t.src_uri for d in hidden for t in link_targets(d.body, d.src_uri)} - {"", *page_uris}
    if not used_by_hidden:
        return set()  # hidden documents use no files of their own: no need to read every public page
    used_by_public = {t.src_uri for d in public for t in link_targets(d.body, d.src_uri)}
    for src_uri, text in (snippets or {}).items():
        used_by_public.update(t.src_uri for t in link_targets(text, src_uri))
    return used_by_hidden - used_by_public


def files_to_leave_out(documents: list[Document], now: datetime, docs: Path) -> set[str]:
    """:func:`files_only_hidden_documents_use`, reading the snippets in docs/_includes/ itself."""
    folder = docs / INCLUDE_FOLDERS[0]
    snippets = (
        {
            path.relative_to(docs).as_posix(): path.read_text(encoding="utf-8", errors="replace")
            for path in sorted(folder.rglob("*.md"))
        }
        if folder.is_dir()
        else {}
    )
    return files_only_hidden_documents_use(documents, now, snippets)
