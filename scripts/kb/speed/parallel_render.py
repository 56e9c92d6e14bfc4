"""Rendering the built pages through the theme's templates on every core, not one.

Profiling a warm 1,000-document build showed about half of it in MkDocs'
``_build_page``, one page after another on one core of this two-core machine:
the page's template context, the ``page_context`` plugin events, Material's
templates, the ``post_page`` events, the file written. Here, once MkDocs has
asked for its last page:

1. this process makes every page's context and runs its ``page_context``
   events, in MkDocs' order (the search index and the tags plugin gather what
   they need there, so their state stays in this process);
2. forked children render and write every n-th page while this process
   renders the rest.

Rendering a template and the ``post_page`` events change nothing that another
page or a later event reads, so all a child hands back is its warnings (for
``--strict``) and whether it failed. That is checked, not assumed:
tests/kb/speed/test_parallel_render.py builds the same site both ways and compares
every file byte for byte, so a plugin that starts gathering state while pages
are rendered fails a test rather than dropping something from the site.

Only ``kb build`` uses it (kb.adapters.mkdocs_run installs it). ``make serve`` keeps
MkDocs' own loop: its rebuilds are partial (``--dirty``) and its server runs
threads, which a fork must not copy. ``KB_RENDER_PROCESSES=1`` renders in one
process, as MkDocs does.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import BuildError

log = logging.getLogger("mkdocs.kb.parallel_render")
PROCESSES_VARIABLE = "KB_RENDER_PROCESSES"
MAX_PROCESSES = 4  # beyond this, forking costs more than the pages left to each process


@dataclass
class PageRender:
    """One call MkDocs made to ``_build_page``, kept until the last page is asked for."""

    page: Any
    config: Any
    doc_files: Sequence[Any]
    nav: Any
    env: Any
    excluded: bool
    context: Any = None
    template: Any = None


_waiting: list[PageRender] = []


def install() -> None:
    """Make MkDocs' page loop hand its pages here (idempotent)."""
    if getattr(mkdocs_build._build_page, "kb_parallel", False):
        return
    serial = mkdocs_build._build_page

    def build_page(page: Any, config: Any, doc_files: Sequence[Any], nav: Any, env: Any, dirty: bool = False, excluded: bool = False) -> None:
        if dirty or not isinstance(doc_files, Sequence) or processes() < 2:
            serial(page, config, doc_files, nav, env, dirty, excluded)
            return
        _waiting.append(PageRender(page, config, doc_files, nav, env, excluded))
        if len(_waiting) == len(doc_files):  # MkDocs' loop has reached its last page
            renders = list(_waiting)
            _waiting.clear()
            render_all(renders)

    build_page.kb_parallel = True  # type: ignore[attr-defined]
    mkdocs_build._build_page = build_page


def processes() -> int:
    """One per core this process may use, unless KB_RENDER_PROCESSES says otherwise."""
    wanted = os.environ.get(PROCESSES_VARIABLE, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return min(int(wanted), MAX_PROCESSES)
    return min(len(os.sched_getaffinity(0)), MAX_PROCESSES)


def processes_for(pages: int) -> int:
    """How many processes render these pages: one while other threads run, since a fork copies only the caller's."""
    return min(processes(), pages) if threading.active_count() == 1 else 1


def render_all(renders: list[PageRender]) -> None:
    """Contexts here, in MkDocs' order; then the templates split between processes."""
    for render in renders:
        prepare(render)
    count = processes_for(len(renders))
    children = [_fork(renders[number::count]) for number in range(1, count)]
    try:
        for render in renders[0::count]:
            write(render)
    except BaseException:
        for child in children:
            child.stop()
        raise
    failures = [failure for child in children if (failure := child.result()) is not None]
    if failures:
        raise BuildError("; ".join(failures))
    if count > 1:
        log.info(f"Pages rendered in {count} processes")


def prepare(render: PageRender) -> None:
    """The first half of MkDocs' ``_build_page``: the context and the page_context events."""
    page, config = render.page, render.config
    with _building(render):
        render.context = mkdocs_build.get_context(render.nav, render.doc_files, config, page)
        render.template = render.env.get_template(page.meta.get("template", "main.html"))
        render.context = config.plugins.on_page_context(render.context, page=page, config=config, nav=render.nav)
        if render.excluded:  # as MkDocs marks a draft page in a preview
            page.content = '<div class="mkdocs-draft-marker" title="This page will not be included into the built site.">DRAFT</div>' + (page.content or "")


def write(render: PageRender) -> None:
    """The second half of MkDocs' ``_build_page``: the template, the post_page events, the file."""
    page, config = render.page, render.config
    with _building(render):
        output = render.template.render(render.context)
        output = config.plugins.on_post_page(output, page=page, config=config)
        if output.strip():
            utils.write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
        else:
            log.info(f"Page skipped: '{page.file.src_uri}'. Generated empty output.")


@contextmanager
def _building(render: PageRender) -> Iterator[None]:
    """The page marked current while it is built, and MkDocs' message naming it if it fails."""
    render.config._current_page = render.page
    render.page.active = True
    try:
        yield
    except Exception as error:
        message = f"Error building page '{render.page.file.src_uri}':"
        if not isinstance(error, BuildError):  # MkDocs prints a BuildError's own message after
            message += f" {error}"
        logging.getLogger("mkdocs.commands.build").error(message)
        raise
    finally:
        render.page.active = False
        render.config._current_page = None


@dataclass
class _Child:
    pid: int
    report: int  # the read end of the pipe the child writes its report to

    def result(self) -> str | None:
        """None if the child rendered all its pages; else what went wrong. Its warnings are counted here."""
        with os.fdopen(self.report, "rb") as pipe:
            text = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        try:
            report = json.loads(text)
        except ValueError:
            return f"a process rendering pages ended without saying why (exit status {os.waitstatus_to_exitcode(status)})"
        _count_warnings({int(level): number for level, number in report["warnings"].items()})
        return report["failed"]

    def stop(self) -> None:
        os.kill(self.pid, signal.SIGTERM)
        os.close(self.report)
        os.waitpid(self.pid, 0)


def _fork(renders: list[PageRender]) -> _Child:
    sys.stdout.flush()  # or text still buffered here would be printed twice, once by each process
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, report, and end without running the parent's exit handlers
        os.close(read_end)
        _render_in_child(renders, write_end)
    os.close(write_end)
    return _Child(pid, read_end)


def _render_in_child(renders: list[PageRender], report: int) -> None:
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    failed = None
    try:
        for render in renders:
            write(render)
    except BuildError as error:
        failed = str(error)
    except BaseException as error:  # reported to the parent, which refuses the build
        traceback.print_exc()
        failed = f"{type(error).__name__}: {error}"
    text = json.dumps({"warnings": dict(counter.counts), "failed": failed}).encode()
    try:
        os.write(report, text)  # far smaller than a pipe's buffer, so this never waits for the reader
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def _count_warnings(counts: dict[int, int]) -> None:
    """A child's warnings added to MkDocs' --strict counter, as if they had been logged here."""
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, utils.CountHandler):
            for level, number in counts.items():
                if level >= handler.level:
                    handler.counts[level] += number
