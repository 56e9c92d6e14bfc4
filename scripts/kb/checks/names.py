"""File and folder names under docs/: lower-case letters, digits and hyphens only.

A name becomes part of the page's address, its navigation entry and, through
the theme, of HTML attributes. Names such as ``<svg onload=alert(1)>`` or
``rt" onmouseover="alert(1)" x=".md`` reached Material's templates, and
spaces, capitals and accents make addresses that break when copied or differ
between Windows, macOS and Linux. One safe pattern avoids all of that; the fix
suggests the name to use.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from kb import paths
from kb.content.documents import INCLUDE_FOLDERS
from kb.problems import Problem

SAFE_NAME = re.compile(r"[a-z0-9]++(?:-[a-z0-9]++)*+(?:\.[a-z0-9]++)?+")
NAME_RULE = "may use only lower-case letters (a-z), digits and hyphens"


def is_safe(name: str) -> bool:
    return SAFE_NAME.fullmatch(name) is not None


def slug(text: str) -> str:
    """``<svg onload=alert(document.domain)>`` -> ``svg-onload-alert-document-domain``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain))


def suggested_file_name(name: str) -> str:
    """The name to rename a file to: its words as a slug, then its ending in lower case."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem, suffix = name, ""
    ending = slug(suffix)
    return slug(stem) + (f".{ending}" if ending else "")


def check_file_name(path: Path, repo_path: str) -> list[Problem]:
    """A file whose name is not plain, refused at its line 1 with the name to use."""
    if is_safe(path.name):
        return []
    return [
        Problem(
            repo_path,
            1,
            "file name",
            f"{NAME_RULE}, then one ending such as .md or .png",
            _rename(suggested_file_name(path.name)),
        )
    ]


def check_folder_names(docs: Path, root: Path) -> list[Problem]:
    """Every folder under docs/ whose name is not plain, named once (not again for each file in it)."""
    problems = []
    for folder, subfolders, _ in os.walk(docs, followlinks=False):
        base = Path(folder)
        for name in sorted(subfolders):
            path = base / name
            # The snippets folder is allowed directly in docs/ only.
            if path.is_symlink() or is_safe(name) or (base == docs and name in INCLUDE_FOLDERS):
                continue
            problems.append(
                Problem(paths.relative_to_root(path, root), 1, "folder name", NAME_RULE, _rename(slug(name)))
            )
    return problems


def _rename(suggestion: str) -> str:
    if not suggestion or suggestion.startswith("."):
        return "rename it using only lower-case letters, digits and hyphens"
    return f"rename it to `{suggestion}`"
