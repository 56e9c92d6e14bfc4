"""The versions check at the start of every build (the hook's on_config).

Speed paths that reach into a package of another version than they were
written for fall back to the stock behaviour by themselves (each module's
``matches()``); this says so, one INFO line a package. Security paths refuse
the build instead: the cleaning of every page relies on MkDocs' order of
events, and the template sandbox on mkdocs-macros' internals.
"""

from __future__ import annotations

import logging
from typing import Any

from mkdocs.exceptions import Abort

from kb.upstream import macros_internals, material_internals, mkdocs_internals


def check(config: Any, log: logging.Logger) -> None:
    """Refuse (Abort) when a security path would run unguarded; else report the speed paths that fall back.

    Another MkDocs is refused outright, so its speed paths are not reported: a line saying they fall back
    followed by a refusal would contradict itself.
    """
    refusal = security_refusal(config.plugins.get("macros"))
    if refusal is not None:
        raise Abort(refusal)
    found = material_internals.mismatch()
    if found is not None:
        log.info(found.fallback_line(material_internals.SPEED_PATHS))


def security_refusal(macros_plugin: Any) -> str | None:
    """Why the build must not go on, or None."""
    engine = mkdocs_internals.mismatch()
    if engine is not None:
        return engine.refusal(mkdocs_internals.SECURITY_PATH)
    if macros_plugin is None:
        return None
    macros = macros_internals.mismatch()
    if macros is not None:
        return macros.refusal(macros_internals.SECURITY_PATH)
    ignored = macros_internals.ignored_options_set(macros_plugin)
    if ignored:
        names = ", ".join(ignored)
        what = f"mkdocs.yml sets {names} for the macros plugin, which pages' sandbox ignores"
        return f"{what}: remove it (kb/upstream/macros_internals.py)"
    return None
