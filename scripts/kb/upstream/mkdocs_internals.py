"""What kb uses of MkDocs 1.6.1 beyond its documented plugin interface.

Written for MkDocs 1.6.1, and for ProperDocs 1.6.x, its maintained fork, whose
internals below are the same (checked in its source: ``_build_page``,
``get_context``, ``Page.render``, ``Page.read_source``, ``meta.YAML_RE`` and
``CountHandler`` are MkDocs 1.6.1's, with one difference: its ``Page.render``
sets ``links_to_anchors`` at every log level, see :func:`restore_render`, and
its draft marker's class is ``properdocs-draft-marker``).

What is touched, and why:

- ``mkdocs.commands.build._build_page`` is replaced (kb.speed.parallel_render)
  so that pages are rendered on every core; its two halves are done here as
  MkDocs does them: ``get_context``, ``config._current_page``, the draft marker
  and the error message naming the page. Speed: stock ``_build_page`` on a mismatch.
- ``Page.render`` is replaced on each page (kb.speed.build_cache) to reuse a
  remembered conversion, which means setting what ``render`` sets, private
  ``_title_from_render`` included (:data:`RENDER_SETS`). Speed: stock render.
- ``Page.read_source`` is replaced on each page (kb.speed.page_source) to skip
  parsing front matter kb has read already, with ``mkdocs.utils.meta.YAML_RE``,
  MkDocs' own pattern for it. Speed: stock read_source.
- ``mkdocs.utils.CountHandler`` and its ``counts``: warnings logged in a
  rendering process are added to the parent's ``--strict`` count.
- ``make serve``'s log and builds (kb.adapters.serve_log): the command line's
  own log handler (``__main__.State`` names it ``MkDocsStreamHandler``, or
  ``ProperDocsStreamHandler``) is set aside for one that speaks in authors'
  words, and the ``build`` that ``mkdocs.commands.serve.serve`` calls for the
  first build and every rebuild is wrapped, so that a failed build is reported
  and the preview keeps serving; before each, the ``DuplicateFilter`` that
  ``serve`` puts on the build's logger forgets what it has seen, so that a page
  error still there is said again. Stock log and builds on a mismatch.
- The order of events: every page's ``on_page_content`` runs before
  ``on_env``, and nothing reads ``page.content`` in between. The hook cleans
  pages in the background and gives their HTML back in ``on_env``
  (kb.adapters.hooks); this is a security path, so a mismatch refuses to build.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import BuildError
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta as mkdocs_meta

from kb.adapters import engine
from kb.upstream import Mismatch, installed_version, mismatches

WRITTEN_FOR = {"mkdocs": "1.6.1"}
EQUIVALENT = {"properdocs": "1.6."}  # any 1.6.x release: its internals were checked to be MkDocs 1.6.1's
SECURITY_PATH = "pages are cleaned between on_page_content and on_env, which needs MkDocs' order of events"

# What Page.render sets on the page; a remembered conversion must set all of them (tests compare with a real render).
RENDER_SETS = ("content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")
_DRAFT_TITLE = "This page will not be included into the built site."
DRAFT_MARKER = '<div class="{engine}-draft-marker" title="' + _DRAFT_TITLE + '">DRAFT</div>'

# sha256 of the source of what is copied or reproduced here, with "properdocs" read as "mkdocs"
# (tests/kb/upstream/ compares them with the installed engines: a change means reviewing this module).
SOURCES = {
    "_build_page": {
        "mkdocs": "adcdbd14b236112697cafec9171bd281981f15a776e0d2f941a62e7bffd9a0d5",
        "properdocs": "adcdbd14b236112697cafec9171bd281981f15a776e0d2f941a62e7bffd9a0d5",
    },
    "Page.render": {
        "mkdocs": "320529348f7a8af152073d0a3ab02960ccce91f9204716144e51b20931983cc6",
        "properdocs": "89d10142170b7d68842cf8d4c8f6adb1aede7948d2a9b824505f3e1d10e70d65",
    },
    "serve": {  # mkdocs.commands.serve.serve: every build it makes is a call of the module's own name `build`
        "mkdocs": "518c785249cd4e9d56a4e4bca47559dee4d5a7347293feaa4b0bc551381586ed",
        "properdocs": "790915788d492982fa0f28c53ab784d725d624b1e113896065606c7504d62ead",
    },
    "Page.read_source": {
        "mkdocs": "b35101eabf605b0872d4374fec6d9e27f0bffbf85f2be4328828ffe5a7b6ba6d",
        "properdocs": "b35101eabf605b0872d4374fec6d9e27f0bffbf85f2be4328828ffe5a7b6ba6d",
    },
}
_REPLACED = "kb_replaced"  # marks a function of ours put in place of MkDocs' own
# The name the command line's State gives the handler that prints the log (mkdocs/__main__.py).
CLI_LOG_HANDLERS = ("MkDocsStreamHandler", "ProperDocsStreamHandler")


def mismatch() -> Mismatch | None:
    """The running engine, when it is not a version this module was written for."""
    return _mismatch(engine.running())


@functools.cache
def _mismatch(running: str) -> Mismatch | None:
    if running in EQUIVALENT:
        found = installed_version(running)
        expected = EQUIVALENT[running]
        if found is not None and found.startswith(expected):
            return None
        return Mismatch(running, found, f"{expected}x")
    found_all = mismatches(WRITTEN_FOR)
    return found_all[0] if found_all else None


def matches() -> bool:
    """May the speed paths reach into the running engine?"""
    return mismatch() is None


def clear() -> None:
    """Forget the versions read (tests that pretend another version is installed)."""
    _mismatch.cache_clear()


# --- _build_page (kb.speed.parallel_render) ---------------------------------


def replace_build_page(make: Callable[[Callable[..., None]], Callable[..., None]]) -> None:
    """Put ``make(stock _build_page)`` in MkDocs' place, once per process."""
    current = mkdocs_build._build_page
    if getattr(current, _REPLACED, False):
        return
    replacement = make(current)
    setattr(replacement, _REPLACED, True)
    mkdocs_build._build_page = replacement


def prepare_page(page: Any, config: Any, doc_files: Any, nav: Any, env: Any, excluded: bool) -> tuple[Any, Any]:
    """The first half of ``_build_page``: (context, template) after the page_context events, as MkDocs makes them."""
    context = mkdocs_build.get_context(nav, doc_files, config, page)
    template = env.get_template(page.meta.get("template", "main.html"))
    context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
    if excluded:  # as MkDocs marks a draft page in a preview
        page.content = DRAFT_MARKER.format(engine=engine.running()) + (page.content or "")
    return context, template


def write_page(page: Any, config: Any, context: Any, template: Any) -> None:
    """The second half of ``_build_page``: the template, the post_page events, the file."""
    output = template.render(context)
    output = config.plugins.on_post_page(output, page=page, config=config)
    if output.strip():
        utils.write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
    else:
        skipped = f"Page skipped: '{page.file.src_uri}'. Generated empty output."
        logging.getLogger(f"{engine.logger_name()}.commands.build").info(skipped)


@contextmanager
def building(page: Any, config: Any) -> Iterator[None]:
    """The page marked current while it is built, and MkDocs' message naming it if it fails."""
    config._current_page = page
    page.active = True
    try:
        yield
    except Exception as error:
        message = f"Error building page '{page.file.src_uri}':"
        if not isinstance(error, BuildError):  # MkDocs prints a BuildError's own message after
            message += f" {error}"
        logging.getLogger(f"{engine.logger_name()}.commands.build").error(message)
        raise
    finally:
        page.active = False
        config._current_page = None


def warning_counter() -> logging.Handler:
    """A handler counting warnings as MkDocs' ``--strict`` does."""
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    return counter


def counted(handler: logging.Handler) -> dict[int, int]:
    assert isinstance(handler, utils.CountHandler)
    return dict(handler.counts)


def add_to_strict_counts(counts: dict[int, int]) -> None:
    """Warnings counted elsewhere added to MkDocs' ``--strict`` counter, as if logged here."""
    for handler in logging.getLogger(engine.logger_name()).handlers:
        if isinstance(handler, utils.CountHandler):
            for level, number in counts.items():
                if level >= handler.level:
                    handler.counts[level] += number


# --- Page.render (kb.speed.build_cache) -------------------------------------


def stock_render(page: Page) -> Callable[[Any, Any], None]:
    """MkDocs' own render of this page."""
    return functools.partial(Page.render, page)


def replace_render(page: Page, render: Callable[[Any, Any], None]) -> None:
    page.render = render  # type: ignore[method-assign]


def rendered_title(page: Page) -> str | None:
    """The title ``render`` found in the page's first heading."""
    return page._title_from_render


def restore_render(
    page: Page,
    content: str,
    toc: list[dict[str, Any]],
    title: str | None,
    anchors: Iterable[str],
    links: dict[Any, dict[str, str]],
) -> None:
    """Set on the page what ``Page.render`` would have set (:data:`RENDER_SETS`)."""
    page.content = content
    page.toc = get_toc(toc)
    page._title_from_render = title
    page.present_anchor_ids = set(anchors)
    if engine.running() != "mkdocs" or logging.getLogger(engine.logger_name()).getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = links  # MkDocs 1.6.1 leaves it unset with --verbose; ProperDocs always sets it


# --- Page.read_source (kb.speed.page_source) --------------------------------


def replace_read_source(page: Page, read_source: Callable[[Any], None]) -> None:
    page.read_source = read_source  # type: ignore[method-assign]


def front_matter_end(source: str) -> int | None:
    """Where MkDocs' own pattern ends a page's YAML front matter block (None: it finds none)."""
    found = mkdocs_meta.YAML_RE.match(source)
    return found.end() if found is not None else None


def split_front_matter(source: str) -> tuple[str, dict[str, Any]]:
    """(body, metadata) as MkDocs reads them."""
    return mkdocs_meta.get_data(source)


# --- make serve's log and builds (kb.adapters.serve_log) --------------------


@contextmanager
def log_printed_by(handler: logging.Handler) -> Iterator[None]:
    """While this lasts, the engine's log is printed by handler instead of the command line's own handler."""
    logger = logging.getLogger(engine.logger_name())
    stock = [existing for existing in logger.handlers if existing.name in CLI_LOG_HANDLERS]
    for existing in stock:
        logger.removeHandler(existing)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        for existing in stock:
            logger.addHandler(existing)


@contextmanager
def serve_builds(wrap: Callable[[Callable[..., None]], Callable[..., None]]) -> Iterator[None]:
    """While this lasts, ``serve``'s first build and every rebuild are made by ``wrap(stock build)``."""
    from mkdocs.commands import serve as mkdocs_serve  # here: the live reload server costs a build 20 ms to import

    stock = mkdocs_serve.build
    mkdocs_serve.build = wrap(stock)
    try:
        yield
    finally:
        mkdocs_serve.build = stock


def forget_logged_messages() -> None:
    """Let the build's logger say again what it said at an earlier build of this process.

    ``mkdocs serve`` adds a ``DuplicateFilter`` to it (``_enable_warnings`` in
    mkdocs/__main__.py), which would keep a page error still there after a
    rebuild from being said again.
    """
    for found in mkdocs_build.log.filters:
        if isinstance(found, utils.DuplicateFilter):
            found.msgs.clear()
