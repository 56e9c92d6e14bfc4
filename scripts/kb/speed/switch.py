"""One switch for every speed path: ``KB_FAST``.

Each speed mechanism must give the same bytes and the same problems with it or
without it, so there has to be a way to run without any of them: to trust
nothing remembered, to tell whether a difference comes from a speed path, and
to measure what each one saves. Every mechanism asks :func:`enabled` here, by
one of the names in :data:`MECHANISMS`, each time it would act (nothing is
cached, so a test may change the variable between builds).

``KB_FAST`` unset, empty or ``1``: all on. ``KB_FAST=0``: all off.
A comma-separated list changes that one name at a time: ``-nav_html,-parallel_render``
is all on except those two; ``0,+pdf_cache`` is all off except the PDF cache.
A name that is not in the list is refused, so that a typing mistake cannot
measure something other than what was meant.
"""

from __future__ import annotations

import os

VARIABLE = "KB_FAST"

# Every speed mechanism, by the name it asks for (ARCHITECTURE.md, "Speed mechanisms").
MECHANISMS: tuple[str, ...] = (
    "build_cache",  # Markdown conversions remembered (kb.speed.build_cache)
    "passed_checks",  # documents' and data files' checks that passed (kb.speed.passed_checks, kb.content.vocabularies)
    "frontmatter_cache",  # front matter remembered by its text (kb.speed.frontmatter_cache)
    "page_source",  # front matter not parsed again by MkDocs (kb.speed.page_source)
    "parallel_render",  # pages rendered on every core (kb.speed.parallel_render)
    "nav_html",  # the navigation drawn in Python; off, Material's own template (kb.speed.nav_html)
    "theme_cache",  # compiled theme templates kept between `make serve` rebuilds (kb.speed.theme_cache)
    "background_cleaning",  # pages' HTML cleaned on a second thread (kb.reader.sanitise)
    "pdf_cache",  # unchanged papers' PDFs copied from .cache/pdf (kb.reader.pdf, kb.build.outputs)
    "linkcheck_memory",  # pages' links and passed addresses in .cache/linkcheck (kb.cli)
    "output_guard_memory",  # pages that passed the output guard (kb.checks.output_guard)
    "fast_exit",  # `kb build` ends without freeing every object (kb.adapters.mkdocs_run)
    "background_removal",  # the old site removed by another process (kb.build.site_build)
    "memos",  # in-process memories for `make serve` rebuilds (kb.checks.validate, content_safety, content.documents)
    "guide_messages",  # the contributor guide's example messages remembered (kb.speed.guide_messages)
    "pdfs_beside_outputs",  # papers' PDFs made in other processes while the other files are written (kb.build.outputs)
)


class UnknownMechanism(ValueError):
    """KB_FAST names something that is not a speed mechanism."""


def switched_off(value: str | None) -> frozenset[str]:
    """The mechanisms a value of KB_FAST turns off."""
    off: set[str] = set()
    for part in (value or "").split(","):
        word = part.strip()
        if word in ("", "1"):
            continue
        if word == "0":
            off = set(MECHANISMS)
            continue
        name = word.lstrip("+-")
        if name not in MECHANISMS:
            known = ", ".join(MECHANISMS)
            raise UnknownMechanism(f"{VARIABLE}={value!r}: {name!r} is not a speed mechanism; the names are {known}")
        if word.startswith("-"):
            off.add(name)
        else:
            off.discard(name)
    return frozenset(off)


def enabled(mechanism: str) -> bool:
    """Whether this speed mechanism may act now, by the environment's KB_FAST."""
    if mechanism not in MECHANISMS:
        raise UnknownMechanism(f"{mechanism!r} is not a speed mechanism; the names are {', '.join(MECHANISMS)}")
    return mechanism not in switched_off(os.environ.get(VARIABLE))
