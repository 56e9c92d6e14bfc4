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

from datetime import datetime
from pathlib import Path

import yaml

from kb.documents import Document
from kb.problems import Problem
from kb.publishing import is_public

LEDGER_FILE = "published-urls.yml"
LEDGER_HEADER = """\
# Every page path the site has published (inside docs/). Written by `make urls`;
# do not edit by hand. The gate refuses a change that removes one of these
# pages without a redirect: when you move or rename a document, add its old
# path to the document's `redirect_from` field.
"""


def redirect_map(documents: list[Document], now: datetime) -> dict[str, str]:
    """Old path -> current path, for every public document's ``redirect_from``."""
    redirects: dict[str, str] = {}
    for document in documents:
        if not is_public(document, now):
            continue
        for old in document.meta.get("redirect_from", []) or []:
            if isinstance(old, str):
                redirects.setdefault(old, document.src_uri)
    return redirects


def redirect_problems(documents: list[Document], now: datetime) -> list[Problem]:
    """An old path that is still a page, or is claimed by two documents, cannot redirect."""
    pages = {d.src_uri: d for d in documents}
    claimed: dict[str, Document] = {}
    problems = []
    for document in documents:
        for index, old in enumerate(document.meta.get("redirect_from", []) or []):
            if not isinstance(old, str):
                continue
            field, line = f"redirect_from.{index + 1}", document.line_of("redirect_from", index)
            if old in pages:
                problems.append(document.problem(field, f"{old} is still a page ({pages[old].repo_path}), so it cannot redirect here", "delete this line, or move the other page first", line))
            elif old in claimed and claimed[old] is not document:
                problems.append(document.problem(field, f"{old} already redirects to {claimed[old].repo_path}", "keep the old path on one document only", line))
            else:
                claimed[old] = document
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
    withdrawn = {d.src_uri for d in documents if d.status == "withdrawn" and d.meta.get("show_withdrawal_notice") is False}
    return {d.src_uri for d in documents if is_public(d, now)} | withdrawn | set(redirect_map(documents, now))


def update_ledger(root: Path, documents: list[Document], now: datetime) -> list[str]:
    """Add every page published now to the ledger (never removes one). Returns the new paths."""
    known = read_ledger(root)
    current = sorted(d.src_uri for d in documents if is_public(d, now))
    added = [path for path in current if path not in known]
    everything = sorted(set(known) | set(current))
    ledger_path(root).write_text(LEDGER_HEADER + yaml.safe_dump({"published": everything}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return added


def missing_addresses(root: Path, documents: list[Document], now: datetime) -> list[Problem]:
    """A problem for every recorded path that no page or redirect serves any more."""
    served = served_paths(documents, now)
    lines = ledger_path(root).read_text(encoding="utf-8").split("\n") if ledger_path(root).is_file() else []
    problems = []
    for path in read_ledger(root):
        if path in served:
            continue
        line = next((number + 1 for number, text in enumerate(lines) if text.strip() == f"- {path}"), 1)
        problems.append(
            Problem(
                LEDGER_FILE,
                line,
                "published",
                f"docs/{path} was published, but no page or redirect serves its address now",
                f"add `redirect_from: [{path}]` to the document that replaces it, so old links keep working",
            )
        )
    return problems
