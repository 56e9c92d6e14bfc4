"""What kb uses of Material for MkDocs 9.8.1 beyond its documented customisation.

What is touched, and why:

- The search plugin's ``search_index`` (a ``SearchIndex``), its
  ``add_entry_from_context`` method and its ``entries`` list: kb.speed.build_cache
  remembers each page's search entries between builds, keyed by what
  ``add_entry_from_context`` reads from a page (:data:`SEARCH_READS`, the page's
  address, title, table of contents and HTML). Speed: on a mismatch the index
  is left as Material made it.
- The markup of ``partials/nav-item.html``: kb.speed.nav_html draws the same
  HTML in Python, and ``overrides/partials/nav-item.html`` calls it. Speed: on
  a mismatch the hook gives Jinja Material's own ``partials/nav-item.html``
  (:func:`use_stock_nav_item`) instead of ours.
- The templates ``overrides/`` replaces with edited copies (:data:`COPIED`):
  a copy cannot follow an upgrade by itself, so the sha256 of each Material
  original it was made from is kept here and tests/kb/upstream/ compares them
  with the installed Material. A new original means: port our edits, update
  the hash and ``WRITTEN_FOR``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from kb.upstream import VersionCheck

WRITTEN_FOR = {"mkdocs-material": "9.8.1"}
SPEED_PATHS = "remembered search entries, navigation drawn in Python"

SEARCH_READS = ("title", "tags", "search")  # the page.meta fields SearchIndex.add_entry_from_context reads
NAV_ITEM = "partials/nav-item.html"

# overrides/ file -> (Material template it was made from, sha256 of that template in 9.8.1)
COPIED = {
    "partials/nav-item.html": (
        "partials/nav-item.html",
        "89895208f22d68ce405a4bcb6649b9150eba5bbb04663a6cb3f93f02daf1d2f7",
    ),
    "partials/search.html": (
        "partials/search.html",
        "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
    ),
    "partials/source.html": (
        "partials/source.html",
        "6847616d67be4920d39c278c2799bf20222bbc02ee2a8393aca85e3eaa518752",
    ),
    "partials/content.html": (
        "partials/content.html",
        "ce33929c85af129f6e2f3b0aed47159e9c4a519482d1938bae15f5ff4a3cfae5",
    ),
    "partials/social.html": (
        "partials/social.html",
        "e8b2f5f9d8a692ba7d4bbe242535487de731a72d42242d2596a4847817babbfc",
    ),
    "main.html": (
        "base.html",
        "8536d352b0093623df9e0032894f321cbe264b15a9b48cdd962583772455dadb",
    ),  # its blocks
    "404.html": (
        "404.html",
        "80c93494b5432b1bcdf292caeb67a0653c45b37372f49e08ad4a70ca695a7495",
    ),
}


_versions = VersionCheck(WRITTEN_FOR)
mismatch = _versions.mismatch
clear = _versions.clear  # tests that pretend another version is installed


def matches() -> bool:
    """May the speed paths reach into the installed Material?"""
    return mismatch() is None


def templates_dir() -> Path:
    import material

    return Path(material.__file__).resolve().parent / "templates"


# --- The search index (kb.speed.build_cache) --------------------------------


def search_index(plugin: Any) -> Any | None:
    """The search plugin's index, once its on_config has made it (None before, or for another plugin)."""
    return getattr(plugin, "search_index", None)


def search_entries(index: Any) -> list[dict[str, Any]]:
    """The entries the index holds so far, in order."""
    return index.entries


def replace_add_entry(index: Any, make: Callable[[Callable[[Any], None]], Callable[[Any], None]]) -> None:
    """Put ``make(the index's own add_entry_from_context)`` in its place, on this index only."""
    index.add_entry_from_context = make(index.add_entry_from_context)


# --- The navigation (kb.speed.nav_html) -------------------------------------


def use_stock_nav_item(env: jinja2.Environment) -> None:
    """Make ``partials/nav-item.html`` Material's own in this environment, whatever overrides/ holds."""
    stock = jinja2.FileSystemLoader(str(templates_dir()))

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        return stock.get_source(env, name) if name == NAV_ITEM else None

    assert env.loader is not None
    env.loader = jinja2.ChoiceLoader([jinja2.FunctionLoader(load), env.loader])
