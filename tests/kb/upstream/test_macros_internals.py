"""The template sandbox installed into the real mkdocs-macros plugin, configured from mkdocs.yml."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs_macros.plugin import MacrosPlugin
from upstream_versions import versions_read_afresh  # noqa: F401 (the fixture)

from kb.checks import template_sandbox
from kb.upstream import macros_internals

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def configured(monkeypatch):
    """The project's config and its macros plugin after the plugin's own on_config."""
    monkeypatch.chdir(REPO)
    config = load_config(str(REPO / "mkdocs.yml"))
    plugin = config.plugins["macros"]
    assert type(plugin) is MacrosPlugin
    plugin.on_config(config)
    return config, plugin


def test_the_plugin_has_the_attributes_the_sandbox_sets_and_reads():
    assert isinstance(inspect.getattr_static(MacrosPlugin, "env"), property)
    assert isinstance(inspect.getattr_static(MacrosPlugin, "page"), property)
    assert list(inspect.signature(MacrosPlugin.render).parameters) == ["self", "markdown", "force_rendering"]
    assert "self._env = " in inspect.getsource(MacrosPlugin.on_config)
    assert "self._page = page" in inspect.getsource(MacrosPlugin.on_page_markdown)
    assert "self.render(" in inspect.getsource(MacrosPlugin.on_page_markdown)


def test_ignored_options_are_the_plugins_with_their_defaults():
    scheme = dict(MacrosPlugin.config_scheme)
    for name, default in macros_internals.IGNORED_OPTIONS.items():
        assert scheme[name].default == default, name


def test_the_real_plugin_renders_pages_in_the_sandbox(configured, tmp_path):
    config, plugin = configured
    sandbox = template_sandbox.install(plugin, REPO, REPO / "docs")
    assert plugin.env is sandbox  # the plugin's own property gives the sandbox
    assert "document_list" in sandbox.globals and "context" not in sandbox.globals
    file = File("sample.md", str(tmp_path), str(tmp_path / "site"), True)
    page = Page("Sample", file, config)
    page.meta = {}
    assert plugin.on_page_markdown("{{ 'a' ~ 'b' }} and text", page=page, config=config) == "ab and text"
    assert plugin.on_page_markdown("{{ config }}", page=page, config=config) == ""
    assert plugin.on_page_markdown("{{ cycler }}", page=page, config=config) == ""
    assert [(failure.src_uri, failure.message) for failure in sandbox.failures] == [
        ("sample.md", "'config' is undefined: pages can use only the site's macros"),
        ("sample.md", "'cycler' is undefined: pages can use only the site's macros"),
    ]


def test_the_project_sets_no_option_the_sandbox_ignores(configured):
    _, plugin = configured
    assert macros_internals.ignored_options_set(plugin) == []
