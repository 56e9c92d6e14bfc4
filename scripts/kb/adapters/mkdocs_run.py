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
"""

from __future__ import annotations

import atexit
import os
import sys

from kb.speed import parallel_render


def run(argv: list[str]) -> int:
    """MkDocs' command line on argv; its exit status."""
    from mkdocs.__main__ import cli

    if argv[:1] == ["build"]:
        parallel_render.install()
    try:
        cli.main(args=argv, prog_name="mkdocs")  # Click ends every run with SystemExit
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
    atexit._run_exitfuncs()  # what Python would run at exit; the freeing of every object is what we skip
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    end_now(run(sys.argv[1:]))
