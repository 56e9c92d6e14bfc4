"""Addresses that last: redirects from ``redirect_from``, and the ledger of published addresses.

Each document may list its earlier paths in ``redirect_from``; the build turns
them into redirect pages (mkdocs-redirects). The ledger, ``published-urls.yml``
at the top of the repository, records every page path the site has published;
the gate refuses a change that leaves one of them with neither a page nor a
redirect, so links from outside keep working after a move or rename.

The ledger sits beside mkdocs.yml rather than in data/ because it records the
state of this repository's own content, not a vocabulary: fixture projects
that share data/ must not inherit the real site's addresses.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from kb.content.documents import Document
from kb.content.publishing import is_public
from kb.problems import Problem

LEDGER_FILE = "published-urls.yml"
LEDGER_HEADER = """\
# Every page path the site has published (inside docs/). Written by `make urls`;
# do not edit by hand. The gate refuses a change that removes one of these
# pages without a redirect: when you move or rename a document, add its old
# path to the document's `redirect_from` field.
"""


# Top-level names the build itself serves (theme files, search, tag pages, feeds, catalogue, sitemap, 404):
# a redirect there would replace, or stand in for, what the site generates.
GENERATED_ADDRESSES = {
    "404": "the page-not-found page",
    "assets": "the site's own files",
    "catalogue": "the catalogue of documents",
    "feed": "the feeds",  # feed-*.xml
    "rss": "the feeds",  # rss.xsl
    "search": "the site's search",
    "sitemap": "the sitemap",
    "tags": "the tag pages",
}
EXAMPLE = "guidance/old-name.md"
_OLD_PATH = re.compile(r"[a-z0-9][a-z0-9/_-]*\.md")


def address_of(src_uri: str) -> str:
    """The address a Markdown file inside docs/ is served at: ``a/b.md`` and ``a/b/index.md`` -> ``a/b/``."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    folder, name = posixpath.split(stem)
    if name.lower() in ("index", "readme"):
        return f"{folder}/" if folder else ""
    return f"{stem}/"


@dataclass(frozen=True)
class _Served:
    """Who serves each address before any redirect: pages, sections (their folders) and the build."""

    pages: dict[str, Document]  # address -> the document there
    sections: set[str]  # addresses of folders holding documents

    @classmethod
    def of(cls, documents: list[Document]) -> _Served:
        pages = {address_of(d.src_uri): d for d in documents}
        folders = (d.src_uri.split("/")[:depth] for d in documents for depth in range(1, d.src_uri.count("/") + 1))
        sections = {"/".join(parts) + "/" for parts in folders}
        return cls(pages, sections | {""})

    def refusal(self, old: str, document: Document) -> tuple[str, str] | None:
        """What is wrong with redirecting ``old`` to ``document``, and how to fix it; None when nothing is."""
        if not _OLD_PATH.fullmatch(old) or "//" in old:
            return f"{old!r} is not a path of a page inside docs/", f"write the old path inside docs/, like {EXAMPLE}"
        address = address_of(old)
        shown = address or "the home page's address (/)"
        page = self.pages.get(address)
        if page is not None and page.src_uri == old:
            what = f"{old} is still a page ({page.repo_path}), so it cannot redirect here"
            return what, "delete this line, or move the other page first"
        if page is not None:
            what = f"{old} would be served at {shown}, the address of {page.repo_path}, so it cannot redirect here"
            return what, "delete this line, or move that page first"
        if address in self.sections:
            where = f"the address of the section docs/{address}" if address else "the home page's address (/)"
            what = f"{old} would be served at {where}, so it cannot redirect here"
            return what, "delete this line: a section's address is never an old page's"
        top = address.split("/", 1)[0]
        top = "feed" if top.startswith("feed-") else top
        if top in GENERATED_ADDRESSES:
            what = f"{old} would be served at {address}, where the build puts {GENERATED_ADDRESSES[top]}"
            return f"{what}, so it cannot redirect here", "delete this line: the build serves that address itself"
        return None


def redirect_map(documents: list[Document], now: datetime) -> dict[str, str]:
    """Old path -> current path, for every public document's ``redirect_from`` that may redirect.

    One that :func:`redirect_problems` refuses is left out here too, so a
    ``make serve`` preview, which shows pages with problems, never lets a
    redirect take over another address.
    """
    served = _Served.of(documents)
    redirects: dict[str, str] = {}
    for document in documents:
        if not is_public(document, now):
            continue
        for old in document.meta.get("redirect_from", []) or []:
            if isinstance(old, str) and served.refusal(old, document) is None:
                redirects.setdefault(old, document.src_uri)
    return redirects


def redirect_problems(documents: list[Document], now: datetime) -> list[Problem]:
    """An old path may only name an address that nothing else serves, inside the site, on one document.

    Pages, sections and what the build generates keep their addresses: a
    redirect written there would replace them with a page that sends readers elsewhere.
    """
    served = _Served.of(documents)
    claimed: dict[str, Document] = {}
    problems = []
    for document in documents:
        for index, old in enumerate(document.meta.get("redirect_from", []) or []):
            if not isinstance(old, str):
                continue
            field, line = f"redirect_from.{index + 1}", document.line_of("redirect_from", index)
            refusal = served.refusal(old, document)
            if refusal is not None:
                problems.append(document.problem(field, refusal[0], refusal[1], line))
            elif address_of(old) in claimed and claimed[address_of(old)] is not document:
                other = claimed[address_of(old)]
                what = f"{old} already redirects to {other.repo_path}"
                problems.append(document.problem(field, what, "keep the old path on one document only", line))
            else:
                claimed[address_of(old)] = document
    return problems


def ledger_path(root: Path) -> Path:
    return root / LEDGER_FILE


def read_ledger(root: Path) -> list[str]:
    """The recorded paths; an absent ledger means nothing has been recorded yet."""
    path = ledger_path(root)
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    urls = data.get("published", []) if isinstance(data, dict) else []
    return [str(url) for url in urls]


def served_paths(documents: list[Document], now: datetime) -> set[str]:
    """Every page path that a build serves now, as a page or a redirect.

    A document withdrawn without a notice counts as served: taking it off the
    site was the editors' recorded decision, not an accident.
    """
    withdrawn = {
        d.src_uri for d in documents if d.status == "withdrawn" and d.meta.get("show_withdrawal_notice") is False
    }
    return {d.src_uri for d in documents if is_public(d, now)} | withdrawn | set(redirect_map(documents, now))


def update_ledger(root: Path, documents: list[Document], now: datetime) -> list[str]:
    """Add every page published now to the ledger (never removes one). Returns the new paths."""
    known = read_ledger(root)
    current = sorted(d.src_uri for d in documents if is_public(d, now))
    added = [path for path in current if path not in known]
    everything = sorted(set(known) | set(current))
    ledger_path(root).write_text(
        LEDGER_HEADER + yaml.safe_dump({"published": everything}, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return added


def missing_addresses(root: Path, documents: list[Document], now: datetime) -> list[Problem]:
    """A problem for every recorded path that no page or redirect serves any more.

    When the page was moved or renamed (the file with its old id, kb.content.moves), the problem is
    the moved file's, with the exact line to add; every public page still linking to the old name is
    named too, at its line. Otherwise it is the ledger's line."""
    from kb.content.moves import moved_to

    served = served_paths(documents, now)
    lines = ledger_path(root).read_text(encoding="utf-8").split("\n") if ledger_path(root).is_file() else []
    problems = []
    for path in read_ledger(root):
        if path in served:
            continue
        moved = moved_to(root, documents, path)
        if moved is not None and is_public(moved, now):
            problems.append(redirect_to_add(moved, path))
            problems += links_to_old_name(documents, path, moved, now)
            continue
        line = next((number + 1 for number, text in enumerate(lines) if text.strip() == f"- {path}"), 1)
        problems.append(
            Problem(
                LEDGER_FILE,
                line,
                "published",
                f"docs/{path} was published, but no page or redirect serves its address now",
                f"if you renamed or moved it, add `redirect_from: [{path}]` to the moved file, so old links keep"
                " working; a published page is never deleted: an editor withdraws it instead",
            )
        )
    return problems


def redirect_to_add(moved: Document, old: str) -> Problem:
    """On the moved file: its old address and the exact line that keeps it working."""
    listed = moved.meta.get("redirect_from")
    what = f"this page was published as docs/{old}, and links to that address would stop working"
    if isinstance(listed, list) and listed:
        together = ", ".join([*(str(item) for item in listed), old])
        return moved.problem("redirect_from", what, f"add the old name to the list: redirect_from: [{together}]")
    line = moved.parsed.body_line - 1  # the closing --- of the front matter: the new line goes just above it
    return moved.problem("redirect_from", what, f"add this line to the front matter: redirect_from: [{old}]", line)


def links_to_old_name(documents: list[Document], old: str, moved: Document, now: datetime) -> list[Problem]:
    """Every public page's link to a moved page's old name, at its line, told the new name."""
    from kb.checks.links import links_in, moved_link_problem, resolves_to

    return [
        moved_link_problem(document, link, moved)
        for document in documents
        if is_public(document, now)
        for link in links_in(document)
        if resolves_to(document, link) == old
    ]
