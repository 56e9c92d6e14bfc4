"""Rendering the built pages through the theme's templates on every core, not one.

Profiling a warm 1,000-document build showed about half of it in MkDocs'
``_build_page``, one page after another on one core while the others idle:
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
process, as MkDocs does. MkDocs' ``_build_page`` and the halves of it done
here are kb.upstream.mkdocs_internals': with another MkDocs, its own loop runs.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mkdocs.exceptions import BuildError

from kb.adapters import engine
from kb.speed import switch
from kb.upstream import mkdocs_internals

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
    """Make MkDocs' page loop hand its pages here (idempotent); MkDocs' own loop with another MkDocs."""
    if not switch.enabled("parallel_render"):
        return
    mkdocs_internals.replace_build_page(_in_parallel)


def _in_parallel(serial: Callable[..., None]) -> Callable[..., None]:
    """A ``_build_page`` that keeps every page until the last, then renders them all on every core."""

    def build_page(
        page: Any,
        config: Any,
        doc_files: Sequence[Any],
        nav: Any,
        env: Any,
        dirty: bool = False,
        excluded: bool = False,
    ) -> None:
        if dirty or not isinstance(doc_files, Sequence) or processes() < 2 or not mkdocs_internals.matches():
            serial(page, config, doc_files, nav, env, dirty, excluded)
            return
        _waiting.append(PageRender(page, config, doc_files, nav, env, excluded))
        if len(_waiting) == len(doc_files):  # MkDocs' loop has reached its last page
            renders = list(_waiting)
            _waiting.clear()
            render_all(renders)

    return build_page


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
    with mkdocs_internals.building(render.page, render.config):
        where = (render.config, render.doc_files, render.nav, render.env)
        render.context, render.template = mkdocs_internals.prepare_page(render.page, *where, render.excluded)


def write(render: PageRender) -> None:
    """The second half of MkDocs' ``_build_page``: the template, the post_page events, the file."""
    with mkdocs_internals.building(render.page, render.config):
        mkdocs_internals.write_page(render.page, render.config, render.context, render.template)


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
            return (
                f"a process rendering pages ended without saying why (exit status {os.waitstatus_to_exitcode(status)})"
            )
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
    # The fork holds every page of the build: a full garbage collection here would walk them all and copy
    # the memory the fork shares with this process's parent. Frozen, only what the child makes is collected.
    gc.freeze()
    counter = mkdocs_internals.warning_counter()
    logging.getLogger(engine.logger_name()).addHandler(counter)
    failed = None
    try:
        for render in renders:
            write(render)
    except BuildError as error:
        failed = str(error)
    except BaseException as error:  # reported to the parent, which refuses the build
        traceback.print_exc()
        failed = f"{type(error).__name__}: {error}"
    text = json.dumps({"warnings": mkdocs_internals.counted(counter), "failed": failed}).encode()
    try:
        os.write(report, text)  # far smaller than a pipe's buffer, so this never waits for the reader
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def _count_warnings(counts: dict[int, int]) -> None:
    """A child's warnings added to MkDocs' --strict counter, as if they had been logged here."""
    mkdocs_internals.add_to_strict_counts(counts)
