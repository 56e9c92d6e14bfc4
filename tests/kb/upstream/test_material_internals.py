"""Material's internals that kb.upstream.material_internals reaches, as installed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
from upstream_versions import pretend_installed, versions_read_afresh  # noqa: F401 (the fixture)

from kb.upstream import material_internals

REPO = Path(__file__).resolve().parents[3]


def test_every_copied_template_was_made_from_the_installed_original():
    templates = material_internals.templates_dir()
    for copy, (original, digest) in material_internals.COPIED.items():
        assert (REPO / "overrides" / copy).is_file(), copy
        found = hashlib.sha256((templates / original).read_bytes()).hexdigest()
        assert found == digest, f"Material's {original} changed: port the edits in overrides/{copy} and update COPIED"


def test_with_another_material_the_navigation_is_materials_own(monkeypatch):
    pretend_installed(monkeypatch, {"mkdocs-material": "9.9.0"})
    folders = [str(REPO / "overrides"), str(material_internals.templates_dir())]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folders))
    from kb.speed import nav_html

    nav_html.install(env)
    assert "kb_nav_item" not in env.globals  # overrides/partials/nav-item.html then draws with Material's own
    stock = (material_internals.templates_dir() / material_internals.NAV_ITEM).read_text(encoding="utf-8")
    assert env.loader.get_source(env, material_internals.STOCK_NAV_ITEM)[0] == stock
    ours = REPO / "overrides" / "partials" / "nav-item.html"
    assert env.loader.get_source(env, material_internals.NAV_ITEM)[1] == str(ours)
    assert env.loader.get_source(env, "main.html")[1] == str(REPO / "overrides" / "main.html")
