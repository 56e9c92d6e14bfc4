"""CPython's atexit._run_exitfuncs, and the ordinary exit where it is missing."""

from __future__ import annotations

import atexit

from upstream_versions import versions_read_afresh  # noqa: F401 (the fixture)

from kb.upstream import python_internals


def test_exit_handlers_can_be_run():
    assert python_internals.can_run_exit_handlers()


def test_without_it_nothing_is_run_and_the_caller_exits_the_ordinary_way(monkeypatch):
    monkeypatch.delattr(atexit, "_run_exitfuncs")
    assert python_internals.run_exit_handlers() is False
