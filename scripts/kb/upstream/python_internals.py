"""What kb uses of CPython beyond its documented library.

``kb build`` ends its MkDocs process without Python freeing every page and
template object one by one (about a second at 1,000 documents;
kb.adapters.mkdocs_run): it runs the exit handlers modules registered with
``atexit`` by calling the undocumented ``atexit._run_exitfuncs`` (what the
interpreter itself runs at exit), then ends with ``os._exit``.

Speed: where ``_run_exitfuncs`` is missing (another Python implementation, or
a CPython that renamed it), :func:`run_exit_handlers` says so and the process
ends the ordinary way. Checked by shape, not version: it has been there since
Python 3.0.
"""

from __future__ import annotations

import atexit

WRITTEN_FOR = {"cpython": "3.11"}


def can_run_exit_handlers() -> bool:
    return callable(getattr(atexit, "_run_exitfuncs", None))


def run_exit_handlers() -> bool:
    """Run what Python would run at exit; False (nothing run) where that cannot be done."""
    if not can_run_exit_handlers():
        return False
    atexit._run_exitfuncs()
    return True
