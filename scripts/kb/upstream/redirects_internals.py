"""What kb uses of mkdocs-redirects 1.2.3 beyond its documented configuration.

mkdocs-redirects reads its ``redirect_maps`` from mkdocs.yml only; ours come from
each document's ``redirect_from`` and are known only once kb has read the
documents (the hook's ``on_files``, after the plugin's own). The plugin's
``on_files`` keeps the very dict of its configuration as ``self.redirects``,
and ``on_post_build`` writes a page for each of its entries, so kb adds its
redirects to that one dict.

Correctness: if the plugin no longer shares the dict, the redirects would be
silently missing from the site, so :func:`add_redirects` refuses instead
(:class:`Changed`); tests/kb/upstream/ checks the sharing with the installed plugin.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kb.upstream import VersionCheck

WRITTEN_FOR = {"mkdocs-redirects": "1.2.3"}


class Changed(RuntimeError):
    """mkdocs-redirects no longer reads the map kb writes to."""


_versions = VersionCheck(WRITTEN_FOR)
mismatch = _versions.mismatch
clear = _versions.clear  # tests that pretend another version is installed


def add_redirects(plugin: Any, redirects: Mapping[str, str]) -> None:
    """Give the plugin more old address -> new page entries, after its on_files has run."""
    shared = plugin.config["redirect_maps"]
    if getattr(plugin, "redirects", None) is not shared:
        what = "mkdocs-redirects no longer keeps its redirect_maps as the map it writes pages for"
        version = mismatch()
        where = f"{what}: see kb/upstream/redirects_internals.py"
        raise Changed(version.refusal(what) if version is not None else where)
    shared.update(redirects)
