"""`make serve` in the gate's voice: MkDocs' log read by kb.build.build_log, and a failed build reported, not fatal.

`make serve` runs MkDocs in this process (``python -m kb.adapters.mkdocs_run
serve``), so its log arrives as records rather than as the lines the gate reads
from a child process. :func:`translate` wraps the engine's ``serve`` command so
that, while it runs:

- the command line's own log handler is set aside for :class:`AuthorsLog`,
  which gives each record to :meth:`kb.build.build_log.BuildLog.record`: a
  known MkDocs warning becomes ``docs/path.md:LINE: thing: what (fix)``, our
  hook's problems stay as they are, an unknown warning is shown in MkDocs'
  words, and of the INFO lines only the progress an author follows is kept
  (``Building documentation...``, ``Serving on ...``, ``Reloading browsers``);
  ``make serve VERBOSE=1`` (``KB_VERBOSE=1``) prints every record in MkDocs'
  form instead, as ``make check VERBOSE=1`` does;
- every build, the first and each rebuild, starts afresh in that BuildLog, so a
  problem still there is reported once after each rebuild, and our hook's link
  problems and MkDocs' warnings about the same links, which read the same, once;
- a build that fails is reported in the same form and the preview goes on
  serving and watching: MkDocs itself would end ``make serve`` when the first
  build fails, and print a traceback and stop reloading after a failed rebuild.

The two upstream reaches (the command line's handler, serve's ``build``) are in
kb.upstream.mkdocs_internals; another MkDocs gets its stock ``serve``.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kb.build.build_log import BuildLog

VERBOSE_VARIABLE = "KB_VERBOSE"  # `make serve VERBOSE=1`
NOT_UP_TO_DATE = "The preview is not up to date: fix the problem above and save, and the site is built again."
_TRANSLATED = "kb_serve_log"  # marks the serve command once wrapped


class AuthorsLog(logging.Handler):
    """Prints MkDocs' log records as kb.build.build_log says an author should read them."""

    def __init__(self, log: BuildLog) -> None:
        super().__init__()
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            if record.exc_info and record.exc_info[1] is not None:
                message = f"{message} ({error_line(record.exc_info[1])})"
            self.show(self.log.record(record.levelname, message))
        except Exception:
            self.handleError(record)

    def show(self, lines: list[str]) -> None:
        """Print lines where MkDocs prints its log (standard error, looked up now so that tests can capture it)."""
        if lines:
            sys.stderr.write("".join(f"{line}\n" for line in lines))
            sys.stderr.flush()

    def new_build(self) -> None:
        with self._locked():
            self.log.new_build()

    def build_failed(self, error: Exception) -> None:
        """Report a build that raised error, then say the preview is behind."""
        with self._locked():
            if isinstance(error, SystemExit):  # MkDocs' Abort: a message written to be read, or its summary
                lines = self.log.record("ERROR", str(error))
            else:
                lines = self.log.stopped(error_line(error))
            self.show([*lines, NOT_UP_TO_DATE])

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Records arrive from the server's threads and the search indexing too: one at a time, as in emit."""
        self.acquire()
        try:
            yield
        finally:
            self.release()


def error_line(error: BaseException) -> str:
    """An error as the last line of its traceback reads (``TypeError: boom``)."""
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def reporting(build: Callable[..., None], handler: AuthorsLog, forget: Callable[[], None]) -> Callable[..., None]:
    """serve's build, starting each build afresh (in handler, and with what forget makes MkDocs forget) and
    reporting a failure instead of raising it."""

    @functools.wraps(build)
    def build_and_report(config: Any, **options: Any) -> None:
        forget()
        handler.new_build()
        try:
            build(config, **options)
        except Exception as error:  # MkDocs' Abort too (an Exception and a SystemExit); Ctrl-C still ends serve
            handler.build_failed(error)

    return build_and_report


def verbose_asked() -> bool:
    return os.environ.get(VERBOSE_VARIABLE, "").strip() == "1"


def project_root(config_file: object) -> Path:
    """The folder of the configuration file serve was given (a path or an open file); here when there is none."""
    name = getattr(config_file, "name", config_file)
    if isinstance(name, str) and Path(name).is_file():
        return Path(name).resolve().parent
    return Path.cwd()


def translate(cli: Any) -> None:
    """Make the engine's Click group's ``serve`` command print its log, and its failed builds, in authors' words.

    Call after kb.adapters.engine.install. With another engine version than
    kb.upstream.mkdocs_internals was written for, serve is left as it stands.
    """
    from kb.upstream import mkdocs_internals  # imports the engine: only after engine.install

    command = cli.commands["serve"]
    stock = command.callback
    if getattr(stock, _TRANSLATED, False) or not mkdocs_internals.matches():
        return

    @functools.wraps(stock)
    def serve(**options: Any) -> Any:
        handler = AuthorsLog(BuildLog(project_root(options.get("config_file")), verbose=verbose_asked()))
        with (
            mkdocs_internals.log_printed_by(handler),
            mkdocs_internals.serve_builds(
                functools.partial(reporting, handler=handler, forget=mkdocs_internals.forget_logged_messages)
            ),
        ):
            return stock(**options)

    setattr(serve, _TRANSLATED, True)
    command.callback = serve
