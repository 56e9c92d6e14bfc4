"""What kb uses of Material for MkDocs 9.8.1 beyond its documented customisation.

What is touched, and why:

- The markup of ``partials/nav-item.html``: kb.speed.nav_html draws the same
  HTML in Python, and ``overrides/partials/nav-item.html`` calls it. Speed: on
  a mismatch our template draws it with Material's own ``partials/nav-item.html``
  (:func:`offer_stock_nav_item`) instead.
- The templates ``overrides/`` replaces with edited copies (:data:`COPIED`):
  a copy cannot follow an upgrade by itself, so the sha256 of each Material
  original it was made from is kept here and tests/kb/upstream/ compares them
  with the installed Material. A new original means: port our edits, update
  the hash and ``WRITTEN_FOR``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2

from kb.upstream import VersionCheck

WRITTEN_FOR = {"mkdocs-material": "9.8.1"}
SPEED_PATHS = "navigation drawn in Python"
NAV_ITEM = "partials/nav-item.html"

# overrides/ file -> (Material template it was made from, sha256 of that template in 9.8.1)
COPIED = {
    "partials/nav-item.html": (
        "partials/nav-item.html",
        "89895208f22d68ce405a4bcb6649b9150eba5bbb04663a6cb3f93f02daf1d2f7",
    ),
    "partials/header.html": (
        "partials/header.html",
        "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f",
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
    "partials/logo.html": (
        "partials/logo.html",
        "e0925ef6c190174a5162ed1ecc55295016dd8a7beec3018db3e04aac283a2dd9",
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


# --- The navigation (kb.speed.nav_html) -------------------------------------


STOCK_NAV_ITEM = "kb-material/" + NAV_ITEM  # Material's own, beside the copy in overrides/


def offer_stock_nav_item(env: jinja2.Environment) -> None:
    """Make Material's own ``partials/nav-item.html`` loadable as :data:`STOCK_NAV_ITEM` in this environment.

    ``overrides/partials/nav-item.html`` draws the navigation with it when
    kb.speed.nav_html is off or Material is another version.
    """
    stock = jinja2.FileSystemLoader(str(templates_dir()))

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        return stock.get_source(env, NAV_ITEM) if name == STOCK_NAV_ITEM else None

    assert env.loader is not None
    env.loader = jinja2.ChoiceLoader([jinja2.FunctionLoader(load), env.loader])
