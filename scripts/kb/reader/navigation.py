"""The top-level navigation: tabs in the order and words of data/navigation.yml.

MkDocs builds the navigation from folders, alphabetically and titled from
folder names ("Faqs"); readers need Position papers, Guidance, FAQs, About.
A big section is bounded on each page (``bounded``), so that a page's weight does
not grow with the number of documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from markupsafe import Markup

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


# --- Bounded navigation ---------------------------------------------------------
#
# Authors keep guidance in one flat folder, so a section can hold hundreds of
# pages; Material's sidebar would list every one of them on each of its pages
# (234 KB of HTML a guidance page at 990 documents). A section bigger than
# SECTION_LIMIT shows, on each page, only the pages either side of the one being
# read, then a link to the section's index, which lists them all
# (kb.reader.listings). Nothing for an author to maintain: the bound is worked
# out per page from the folder MkDocs read.

SECTION_LIMIT = 15  # children a section shows in full; today's largest section (guidance) has 13
NEIGHBOURS = 5  # pages shown either side of the current one in a bigger section


@dataclass(frozen=True)
class AllPagesLink:
    """The last item of a bounded section: the section's index, which lists every page.

    Drawn like any other link by Material's template and kb.speed.nav_html (it has a
    ``title`` and a ``url`` and nothing else a navigation item may have).
    """

    title: str
    url: str
    children: None = None
    active: bool = False
    is_section: bool = False
    is_page: bool = False
    is_link: bool = True


class BoundedSection:
    """A section as one page's sidebar shows it: the same section with fewer children."""

    def __init__(self, section: Any, children: list[Any]) -> None:
        self._section = section
        self.children = children

    def __getattr__(self, name: str) -> Any:
        return getattr(self._section, name)


class BoundedNavigation:
    """The site navigation as one page's templates see it: big sections bounded, the rest as it is."""

    def __init__(self, navigation: Any, items: list[Any]) -> None:
        self._navigation = navigation
        self.items = items

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._navigation, name)


def all_pages_title(section_title: object, count: int) -> str:
    """The words of the link to a bounded section's index ("All 450 pages in Guidance").

    A title that is already markup (kb.reader.theme_values) is kept; any other is escaped.
    """
    return Markup("All {count:,} pages in {title}").format(count=count, title=section_title)


def bounded(navigation: Any, page: Any) -> Any:
    """The navigation for ``page``: each big section on the way to it cut to the page's neighbours.

    Only the sections that hold the page are opened in the sidebar (Material's
    ``navigation.prune`` shows every other section as one link), so only those
    are cut. The navigation is returned unchanged when no section needs it.
    """
    sections = list(getattr(page, "ancestors", None) or [])
    listings = _Listings.of(navigation)
    if not any(listings.of_section(section).is_big for section in sections):
        return navigation
    ancestors = {id(section) for section in sections}
    return BoundedNavigation(navigation, [_bounded_item(item, page, ancestors, listings) for item in navigation])


@dataclass(frozen=True)
class _Listing:
    """What the sidebar needs to know of one section, worked out once a build."""

    index: Any  # the section's index page, or None
    listed: list[Any]  # its children but the index
    position: dict[int, int]  # id of a listed child: its place in ``listed``
    pages: int  # pages under it, sub-sections' included, indexes not

    @property
    def is_big(self) -> bool:
        return len(self.listed) > SECTION_LIMIT


class _Listings:
    """Each section's listing, for one navigation (one build): a page asks about its sections only."""

    _current: _Listings | None = None

    def __init__(self, navigation: Any) -> None:
        self.navigation = navigation
        self._by_section: dict[int, _Listing] = {}

    @classmethod
    def of(cls, navigation: Any) -> _Listings:
        if cls._current is None or cls._current.navigation is not navigation:
            cls._current = cls(navigation)
        return cls._current

    def of_section(self, section: Any) -> _Listing:
        listing = self._by_section.get(id(section))
        if listing is None:
            children = list(section.children or [])
            listed = [child for child in children if not getattr(child, "is_index", False)]
            index = next((child for child in children if getattr(child, "is_index", False)), None)
            position = {id(child): number for number, child in enumerate(listed)}
            listing = self._by_section[id(section)] = _Listing(index, listed, position, _page_count(section))
        return listing


def _bounded_item(item: Any, page: Any, ancestors: set[int], listings: _Listings) -> Any:
    if id(item) not in ancestors:
        return item
    listing = listings.of_section(item)
    if not listing.is_big:
        return BoundedSection(item, [_bounded_item(child, page, ancestors, listings) for child in item.children])
    here = next(
        (listing.position[key] for key in (id(page), *ancestors) if key in listing.position), 0
    )  # the page, or the sub-section holding it
    width = 2 * NEIGHBOURS + 1
    start = max(0, min(here - NEIGHBOURS, len(listing.listed) - width))
    shown = [_bounded_item(child, page, ancestors, listings) for child in listing.listed[start : start + width]]
    index = listing.index
    if index is None:
        return BoundedSection(item, shown)
    if index is page:  # the index lists every page itself
        return BoundedSection(item, [index, *shown])
    return BoundedSection(item, [index, *shown, AllPagesLink(all_pages_title(item.title, listing.pages), index.url)])


def _page_count(section: Any) -> int:
    """Pages under a section, its sub-sections' included, indexes not counted."""
    count = 0
    for child in section.children or []:
        if getattr(child, "children", None):
            count += _page_count(child)
        elif getattr(child, "is_page", False) and not getattr(child, "is_index", False):
            count += 1
    return count
