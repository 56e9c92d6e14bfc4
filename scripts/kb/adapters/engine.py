"""Which site generator builds the site: MkDocs 1.6.1 (the default) or ProperDocs, its maintained fork.

MkDocs 1.x gets no more releases and Material's support for it ends, so the
build must be able to move off it without a rewrite. ProperDocs reads the same
mkdocs.yml and loads the same plugins and themes; its own ``properdocs``
command makes every ``mkdocs.*`` import (our hook's, Material's, the plugins')
load the matching ``properdocs.*`` module by importing
``properdocs.replacement``, which puts an alias finder first on
``sys.meta_path``. ``install`` does the same for our own entry point, so that
``kb build`` works in an environment where MkDocs is not installed at all.

The engine is chosen with ``KB_ENGINE`` (``make build ENGINE=properdocs`` sets
it); the child processes of a build inherit it. What is *running* is read from
the imported modules instead, so a version or a logger is never named after an
engine that was only asked for: ``properdocs build`` started by hand is
ProperDocs, whatever ``KB_ENGINE`` says.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import sys
from collections.abc import Callable
from typing import Any

ENGINE_VARIABLE = "KB_ENGINE"
MKDOCS, PROPERDOCS = "mkdocs", "properdocs"
ENGINES = (MKDOCS, PROPERDOCS)


class UnknownEngine(ValueError):
    """KB_ENGINE names no engine this project can build with."""


def chosen() -> str:
    """The engine KB_ENGINE asks for (MkDocs when unset); an unknown name is refused, never guessed at."""
    name = os.environ.get(ENGINE_VARIABLE, "").strip().lower() or MKDOCS
    if name not in ENGINES:
        choices = " or ".join(ENGINES)
        raise UnknownEngine(f"{ENGINE_VARIABLE}={name!r} is not an engine this project builds with: use {choices}")
    return name


def running() -> str:
    """The engine whose modules ``import mkdocs`` gives in this process.

    ProperDocs' alias makes ``sys.modules["mkdocs"]`` the ``properdocs``
    package itself; with MkDocs it is MkDocs' own package, even when a plugin
    has imported ``properdocs`` beside it (mkdocs-redirects does, for a notice).
    """
    properdocs = sys.modules.get(PROPERDOCS)
    return PROPERDOCS if properdocs is not None and sys.modules.get(MKDOCS) is properdocs else MKDOCS


def install() -> str:
    """Make ``import mkdocs`` give the chosen engine in this process, before anything imports it; its name.

    ProperDocs' own mechanism is used, not a copy of it: importing
    ``properdocs.replacement`` (what the ``properdocs`` command does first).
    If MkDocs itself was imported already, the two would be mixed in one
    build, so that is refused.
    """
    name = chosen()
    if name == PROPERDOCS and running() != PROPERDOCS:
        already = sys.modules.get(MKDOCS)
        if already is not None:
            raise RuntimeError(f"MkDocs ({already!r}) was imported before ProperDocs could stand in for it")
        importlib.import_module("properdocs.replacement")
    return name


def version() -> str:
    """The installed version of the running engine, for cache keys and reports."""
    return importlib.metadata.version(running())


def logger_name() -> str:
    """The logger the running engine's own modules log under, where ``--strict`` counts warnings.

    ProperDocs' modules log as ``properdocs.*``; the legacy ``mkdocs`` logger
    (plugins' and hooks' ``mkdocs.*`` names) is a child of it, so handlers on
    ``properdocs`` see both.
    """
    return running()


def command_line() -> tuple[Callable[..., Any], str]:
    """The running engine's Click command group and its program name, after ``install``.

    An engine that is not installed ends the process with one sentence saying
    what to do, not a traceback: an environment with ProperDocs only is a
    supported set-up.
    """
    name = chosen()
    try:
        install()
        main = importlib.import_module(f"{name}.__main__")
    except ModuleNotFoundError as error:
        if error.name not in ENGINES:
            raise
        other = PROPERDOCS if name == MKDOCS else MKDOCS
        advice = f"install requirements.txt, or build with ENGINE={other}"
        raise SystemExit(f"{name} is not installed here ({ENGINE_VARIABLE}={name}): {advice}") from None
    return main.cli, name
