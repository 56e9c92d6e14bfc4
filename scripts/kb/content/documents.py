"""Loading the documents under ``docs/`` into plain objects."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb import paths, speed
from kb.content.frontmatter import FieldPath, FrontMatterError, ParsedDocument, parse
from kb.problems import Problem
from kb.speed import frontmatter_cache
from kb.speed.cache_files import REMEMBER_FROM
from kb.speed.frontmatter_cache import RememberedFrontMatter

# Document types whose pages are publications with ids, versions and topics;
# everything else (home, section indexes, about pages) is a plain "page".
PUBLICATION_TYPES = ("position-paper", "guidance", "faq")
FOLDER_FOR_TYPE = {"position-paper": "position-papers", "guidance": "guidance", "faq": "faqs"}
# Folders under docs/ that hold partial files included by other pages, not pages.
INCLUDE_FOLDERS = ("_includes",)


@dataclass
class Document:
    """One Markdown file under docs/, read strictly."""

    source: Path  # absolute path of the file
    src_uri: str  # path inside docs/, with forward slashes: guidance/x.md
    repo_path: str  # path inside the repository, as authors see it: docs/guidance/x.md
    parsed: ParsedDocument

    @property
    def meta(self) -> dict[str, Any]:
        return self.parsed.meta

    @property
    def body(self) -> str:
        return self.parsed.body

    @property
    def doc_id(self) -> str | None:
        value = self.meta.get("id")
        return value if isinstance(value, str) else None

    @property
    def doc_type(self) -> str | None:
        return self.meta.get("type")

    @property
    def status(self) -> str | None:
        return self.meta.get("status")

    @property
    def title(self) -> str:
        return str(self.meta.get("title", ""))

    @property
    def is_publication(self) -> bool:
        return self.doc_type in PUBLICATION_TYPES

    def line_of(self, *field: str | int) -> int:
        path: FieldPath = tuple(field)
        return self.parsed.line_of(path)

    def problem(self, field: str, message: str, fix: str = "", line: int | None = None) -> Problem:
        """A problem with this document, placed at the line of ``field``."""
        return Problem(self.repo_path, line or self.line_of(*field_path(field)), field, message, fix)


def field_path(field: str) -> FieldPath:
    """``changes.1.version`` (as shown to authors, 1-based) to a lookup path."""
    return tuple(int(part) - 1 if part.isdigit() else part for part in field.split("."))


def site_address(src_uri: str) -> str:
    """Where MkDocs publishes a page (directory URLs): a/b.md and a/b/index.md are both /a/b/."""
    folder, _, name = src_uri.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    parts = [part for part in (folder, "" if stem in ("index", "README") else stem) if part]
    return "/" + "".join(f"{part}/" for part in parts)


def markdown_files(docs: Path) -> list[Path]:
    """Every page source under docs/, in a stable order, skipping include folders."""
    return sorted(
        path for path in docs.rglob("*.md") if not any(part in INCLUDE_FOLDERS for part in path.relative_to(docs).parts)
    )


def read_document(
    source: Path,
    docs: Path,
    root: Path,
    docs_repo_path: str | None = None,
    parse: Callable[[bytes], ParsedDocument] | None = None,
) -> Document:
    """Read one file. Raises FrontMatterError when its front matter is unreadable.

    docs_repo_path, docs/ as authors see it, saves resolving every file's path
    when many are read; parse is how the bytes are read (parse_unchanged unless given).
    """
    src_uri = source.relative_to(docs).as_posix()
    return Document(
        source=source,
        src_uri=src_uri,
        repo_path=f"{docs_repo_path}/{src_uri}" if docs_repo_path else paths.relative_to_root(source, root),
        parsed=(parse or _parse_for_this_run())(source.read_bytes()),
    )


# `mkdocs serve` rebuilds in the same process after every save: a file whose
# bytes have not changed is not parsed again. The parsed document is shared
# between builds, so nothing may change it in place (page metadata is copied).
# A file that fails to parse raises every time: errors are never cached.
parse_unchanged = functools.lru_cache(maxsize=20_000)(parse)


def _parse_for_this_run() -> Callable[[bytes], ParsedDocument]:
    """parse_unchanged, or parse itself when KB_FAST turns in-process memories off."""
    return parse_unchanged if speed.enabled("memos") else parse_unchanged.__wrapped__


def load_documents(root: Path = paths.REPO_ROOT, docs: Path | None = None) -> tuple[list[Document], list[Problem]]:
    """Read every document; unreadable ones become problems instead of documents."""
    docs = docs or paths.docs_dir(root)
    documents: list[Document] = []
    problems: list[Problem] = []
    docs_repo_path = paths.relative_to_root(docs, root)
    files = markdown_files(docs)
    remembering = len(files) >= REMEMBER_FROM and speed.enabled("frontmatter_cache")
    remembered = RememberedFrontMatter(frontmatter_cache.cache_file(root)) if remembering else None
    for source in files:
        try:
            documents.append(
                read_document(source, docs, root, docs_repo_path, remembered.parse if remembered else None)
            )
        except FrontMatterError as error:
            problems.append(
                Problem(paths.relative_to_root(source, root), error.line, "front matter", error.message, error.fix)
            )
        except OSError as error:
            problems.append(
                Problem(
                    paths.relative_to_root(source, root),
                    1,
                    "file",
                    f"cannot be read ({error.strerror})",
                    "check the file exists and is a normal file",
                )
            )
    if remembered:
        remembered.save()
    return documents, problems


def newest_first(documents: list[Document], by: str = "published") -> list[Document]:
    """Order by a date field (published or updated), newest first, then by title."""
    return sorted(
        documents, key=lambda d: (str(d.meta.get(by) or d.meta.get("published") or ""), d.title), reverse=True
    )
