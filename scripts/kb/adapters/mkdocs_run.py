"""``mkdocs`` for ``kb build``, ending without Python freeing the whole site object by object.

When a build of 1,000 documents had finished, the process spent about a
second more freeing every page, navigation item and template before it ended.
Everything the build makes is on disk by then. Like mypy's fast exit, this
runs MkDocs' own command line, then the exit handlers that modules registered
(logging's flush, multiprocessing's clean-up, temporary files), and ends the
process without the rest. The exit status is MkDocs' own; an unexpected error
still ends the ordinary way, with its traceback.

A build also renders its pages on every core (kb.speed.parallel_render).

Run as ``python -m kb.adapters.mkdocs_run build ...`` (kb.build.site_build does).
``make serve`` runs ``python -m kb.adapters.mkdocs_run serve ...``: MkDocs'
own server, whose log and failed builds kb.adapters.serve_log puts in the
gate's words.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings

from kb import speed
from kb.adapters import engine
from kb.upstream import python_internals

# Known notices from dependencies that no author can act on, matched by the module that raises them and
# their words, so that any other warning still shows.
QUIETED_WARNINGS: list[tuple[str, str, type[Warning]]] = [
    # WeasyPrint 70 on a system without libharfbuzz-subset (Ubuntu's runners): PDFs are still made.
    (r"weasyprint(\.|$)", r"HarfBuzz-Subset will be required", DeprecationWarning),
]
# Plugins whose INFO lines say only that they started ("Found local Python module", their macros and filters).
QUIETED_LOGGERS = ["mkdocs.plugins.mkdocs_macros"]


def quiet_dependencies() -> None:
    """Silence the known notices above where they arise: the build and `make serve` call this first."""
    for module, message, category in QUIETED_WARNINGS:
        warnings.filterwarnings("ignore", message=message, category=category, module=module)
    for name in QUIETED_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def run(argv: list[str]) -> int:
    """The engine's command line on argv (MkDocs', or ProperDocs' with KB_ENGINE=properdocs); its exit status."""
    quiet_dependencies()
    cli, prog_name = engine.command_line()  # first: every later `import mkdocs` must give the chosen engine
    from kb.adapters import serve_log
    from kb.speed import parallel_render

    if argv[:1] == ["build"]:
        parallel_render.install()
    if argv[:1] == ["serve"]:
        serve_log.translate(cli)
    try:
        cli.main(args=argv, prog_name=prog_name)  # Click ends every run with SystemExit
    except SystemExit as end:
        return exit_status(end.code)
    return 0


def exit_status(code: object) -> int:
    """What SystemExit(code) would make the process return (a message is printed, status 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def end_now(status: int) -> None:
    """End after the exit handlers, skipping the freeing of every object; the ordinary way where that cannot be done."""
    if not speed.enabled("fast_exit") or not python_internals.run_exit_handlers():  # kb.upstream.python_internals
        sys.exit(status)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    end_now(run(sys.argv[1:]))
