"""Which pages of a built site the browser tests visit, and what kind each is.

Kinds come from the source documents' front matter where there is one (so a
superseded paper is told apart from a published one) and from the URL's shape
for pages a plugin generates (a glossary, topic listings), so pages added by
later work are picked up without changing the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kb.content.documents import load_documents

TYPE_LABELS = {"position-paper": "position paper", "guidance": "guidance", "faq": "FAQ"}
NOT_FOUND_PATH = "this-page-does-not-exist/"


@dataclass(frozen=True)
class SitePage:
    path: str  # URL path from the site root: "" for home, "guidance/x/"
    kind: str  # "home", "position paper (superseded)", "section: guidance", ...
    document: bool = False  # a position paper, guidance or FAQ (not a listing or other page)

    @property
    def slug(self) -> str:
        """A file-name-safe name for screenshots and reports."""
        return re.sub(r"[^a-z0-9]+", "-", (self.path or "home").lower()).strip("-") or "home"

    def __str__(self) -> str:
        return f"/{self.path} ({self.kind})"


NOT_FOUND = SitePage(NOT_FOUND_PATH, "page not found")


def url_path(src_uri: str) -> str:
    """The URL path MkDocs gives a source file with use_directory_urls."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def built_paths(site_dir: Path) -> list[str]:
    """Every HTML page the build wrote, as URL paths (404.html left out)."""
    paths = []
    for html in sorted(site_dir.rglob("index.html")):
        relative = html.parent.relative_to(site_dir).as_posix()
        paths.append("" if relative == "." else relative + "/")
    return paths


def shape_kind(path: str) -> str:
    """A kind for a page with no source document, from the shape of its path."""
    if not path:
        return "home"
    parts = path.strip("/").split("/")
    if len(parts) == 1:
        return parts[0]
    return "/".join(parts[:-1]) + "/*"


def classify(project_root: Path, docs_dir: Path, site_dir: Path) -> list[SitePage]:
    """Every built page with its kind."""
    documents, _ = load_documents(project_root, docs_dir)
    by_path = {url_path(d.src_uri): d for d in documents}
    pages = []
    for path in built_paths(site_dir):
        document = by_path.get(path)
        if document is None:
            kind = shape_kind(path)
        elif document.doc_type in TYPE_LABELS:
            pages.append(SitePage(path, f"{TYPE_LABELS[document.doc_type]} ({document.status})", document=True))
            continue
        elif not path:
            kind = "home"
        elif path.count("/") == 1:
            kind = f"section: {path.strip('/')}"
        else:
            kind = f"page: {shape_kind(path)}"
        pages.append(SitePage(path, kind))
    return pages


def one_of_each_kind(pages: list[SitePage]) -> list[SitePage]:
    """The first page of each kind, in site order."""
    seen: dict[str, SitePage] = {}
    for page in pages:
        seen.setdefault(page.kind, page)
    return list(seen.values())
