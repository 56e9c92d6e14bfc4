"""Where a published page went: the document that now has its old path's id, or names it in redirect_from.

A page that was renamed or moved keeps its id (the contributor guide says never
to change it), so the id its old file had in git finds the moved file, whatever
its new name. When there is no git (an exported copy, a fixture project), only
``redirect_from`` can say where a page went.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from kb import paths
from kb.content.documents import Document

_ID_LINE = re.compile(r"^id:[ \t]*[\"']?([A-Za-z0-9-]+)[\"']?[ \t]*$", re.MULTILINE)
_GIT_SECONDS = 10


def moved_to(root: Path, documents: list[Document], old_src_uri: str) -> Document | None:
    """The document now standing for docs/<old_src_uri>: it lists the old path, or has the old file's id."""
    for document in documents:
        redirects = document.meta.get("redirect_from")
        if isinstance(redirects, list) and old_src_uri in redirects:
            return document
    if any(document.src_uri == old_src_uri for document in documents):
        return None  # not moved: still there
    old_id = former_id(root, old_src_uri)
    if old_id is None:
        return None
    return next((document for document in documents if document.doc_id == old_id), None)


def former_id(root: Path, old_src_uri: str) -> str | None:
    """The id docs/<old_src_uri> had in its last committed version; None without git or such a file."""
    path = f"./{paths.relative_to_root(paths.docs_dir(root), root)}/{old_src_uri}"
    commit = _git(root, "rev-list", "-1", "HEAD", "--", path).strip()
    if not commit:
        return None
    # The last commit that touched the path either still has it (a rename not yet committed) or removed it.
    text = _git(root, "show", f"{commit}:{path}") or _git(root, "show", f"{commit}^:{path}")
    found = _ID_LINE.search(text.split("\n---", 1)[0]) if text else None
    return found.group(1) if found else None


def _git(root: Path, *args: str) -> str:
    """git's output, or "" when git is missing, the folder is no repository or git says no."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=False, timeout=_GIT_SECONDS
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout if result.returncode == 0 else ""
