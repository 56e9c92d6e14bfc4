"""mkdocs-redirects keeps its redirect_maps as the map it writes pages for."""

from __future__ import annotations

import pytest
from mkdocs.structure.files import Files
from mkdocs_redirects.plugin import RedirectPlugin
from upstream_versions import pretend_installed, versions_read_afresh  # noqa: F401 (the fixture)

from kb.upstream import redirects_internals


def configured() -> RedirectPlugin:
    plugin = RedirectPlugin()
    assert plugin.load_config({"redirect_maps": {}}) == ([], [])
    return plugin


def test_redirects_added_after_on_files_are_written_by_the_plugin():
    plugin = configured()
    plugin.on_files(Files([]), config={})
    redirects_internals.add_redirects(plugin, {"old.md": "new.md"})
    assert plugin.redirects == {"old.md": "new.md"}


def test_a_plugin_that_no_longer_shares_its_map_is_refused(monkeypatch):
    pretend_installed(monkeypatch, {"mkdocs-redirects": "1.3.0"})
    plugin = configured()
    plugin.on_files(Files([]), config={})
    plugin.redirects = dict(plugin.redirects)
    with pytest.raises(redirects_internals.Changed) as refused:
        redirects_internals.add_redirects(plugin, {"old.md": "new.md"})
    assert str(refused.value).startswith("mkdocs-redirects 1.3.0 is installed, kb.upstream was written for 1.2.3: ")
