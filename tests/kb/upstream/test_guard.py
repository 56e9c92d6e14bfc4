"""Start-up: another version makes speed paths fall back with one line, and security paths refuse."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import Abort
from upstream_versions import pretend_installed, versions_read_afresh  # noqa: F401 (the fixture)

from kb.upstream import guard

LOG = logging.getLogger("mkdocs.kb.test_guard")
MATERIAL = "mkdocs-material 9.9.0 is installed, kb.upstream was written for 9.8.1"
MKDOCS = "mkdocs 1.7.0 is installed, kb.upstream was written for 1.6.1"


def config(**plugins: object) -> SimpleNamespace:
    return SimpleNamespace(plugins=plugins)


def macros_plugin(**options: object) -> SimpleNamespace:
    return SimpleNamespace(_env=None, config={"render_by_default": True, **options})


def test_the_installed_versions_pass_silently(caplog):
    with caplog.at_level(logging.INFO):
        guard.check(config(macros=macros_plugin()), LOG)
    assert caplog.records == []


def test_another_material_falls_back_with_one_info_line(monkeypatch, caplog):
    pretend_installed(monkeypatch, {"mkdocs-material": "9.9.0"})
    with caplog.at_level(logging.INFO):
        guard.check(config(macros=macros_plugin()), LOG)
    assert [(record.levelno, record.getMessage()) for record in caplog.records] == [
        (
            logging.INFO,
            f"{MATERIAL}: the stock behaviour is used instead of navigation drawn in Python",
        ),
    ]


def test_another_macros_plugin_is_refused(monkeypatch):
    pretend_installed(monkeypatch, {"mkdocs-macros-plugin": "1.6.0"})
    with pytest.raises(Abort) as refused:
        guard.check(config(macros=macros_plugin()), LOG)
    assert refused.value.message == (
        "mkdocs-macros-plugin 1.6.0 is installed, kb.upstream was written for 1.5.0: "
        "page template code would not run in the sandbox. Nothing was built: install the version in "
        "requirements.txt, or review kb/upstream/ for 1.6.0 and update WRITTEN_FOR."
    )


def test_another_mkdocs_is_refused_without_a_contradicting_fallback_line(monkeypatch, caplog):
    pretend_installed(monkeypatch, {"mkdocs": "1.7.0"})
    with caplog.at_level(logging.INFO), pytest.raises(Abort) as refused:
        guard.check(config(), LOG)
    assert [record.getMessage() for record in caplog.records] == []
    assert refused.value.message.startswith(f"{MKDOCS}: pages are cleaned between on_page_content and on_env")


def test_an_option_the_sandbox_ignores_is_refused():
    with pytest.raises(Abort) as refused:
        guard.check(config(macros=macros_plugin(on_undefined="strict", include_dir="docs/_includes")), LOG)
    ignored = "mkdocs.yml sets include_dir, on_undefined for the macros plugin, which pages' sandbox ignores"
    assert refused.value.message == f"{ignored}: remove it (kb/upstream/macros_internals.py)"
