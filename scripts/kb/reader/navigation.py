"""The top-level navigation: tabs in the order and words of data/navigation.yml.

MkDocs builds the navigation from folders, alphabetically and titled from
folder names ("Faqs"); readers need Position papers, Guidance, FAQs, About.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kb import paths
from kb.content.vocabularies import load_data_file


@dataclass(frozen=True)
class Tab:
    path: str  # a folder inside docs/ ending "/", or a page "index.md"
    label: str


class NavItem(Protocol):
    title: str | None


def load_tabs(root: Path = paths.REPO_ROOT) -> list[Tab]:
    return [Tab(tab["path"], tab["label"]) for tab in load_data_file("navigation", root)["tabs"]]


def item_path(item: object) -> str | None:
    """The tab path of a top-level nav item: 'guidance/' for a section, 'index.md' for a page."""
    file = getattr(item, "file", None)
    if file is not None:
        return file.src_uri
    for child in getattr(item, "children", None) or []:
        child_path = item_path(child)
        if child_path:
            return child_path.split("/", 1)[0] + "/"
    return None


def arrange(items: list[NavItem], tabs: list[Tab]) -> list[NavItem]:
    """Keep the listed tabs, in their order and with their labels; drop the rest.

    Dropped pages are still built, searchable and linkable; they just do not
    take up a tab.
    """
    by_path = {item_path(item): item for item in items}
    arranged = []
    for tab in tabs:
        item = by_path.get(tab.path)
        if item is not None:
            item.title = tab.label
            arranged.append(item)
    return arranged
