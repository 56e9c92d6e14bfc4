"""MkDocs' (and ProperDocs') internals that kb.upstream.mkdocs_internals reaches, as installed."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import logging
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from upstream_versions import pretend_installed, versions_read_afresh  # noqa: F401 (the fixture)

from kb.speed import build_cache
from kb.upstream import mkdocs_internals

ENGINES = ("mkdocs", "properdocs")
MARKDOWN = "# A title\n\nText with [a link](other.md#part) and a [heading link](#a-title).\n\n## Part\n"


def source_hash(function: object) -> str:
    text = inspect.getsource(function).replace("properdocs", "mkdocs").replace("ProperDocs", "MkDocs")
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize("engine", ENGINES)
def test_build_page_has_the_signature_and_body_parallel_render_reproduces(engine):
    build = importlib.import_module(f"{engine}.commands.build")
    parameters = list(inspect.signature(build._build_page).parameters)
    assert parameters == ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"]
    assert source_hash(build._build_page) == mkdocs_internals.SOURCES["_build_page"][engine]
    assert list(inspect.signature(build.get_context).parameters)[:4] == ["nav", "files", "config", "page"]


@pytest.mark.parametrize("engine", ENGINES)
def test_page_render_and_read_source_are_the_ones_reproduced(engine):
    pages = importlib.import_module(f"{engine}.structure.pages")
    assert source_hash(pages.Page.render) == mkdocs_internals.SOURCES["Page.render"][engine]
    assert source_hash(pages.Page.read_source) == mkdocs_internals.SOURCES["Page.read_source"][engine]
    meta = importlib.import_module(f"{engine}.utils.meta")
    assert meta.YAML_RE.match("---\ntitle: A\n---\nBody\n").end() == len("---\ntitle: A\n---\n")
    counter = importlib.import_module(f"{engine}.utils").CountHandler()
    assert dict(counter.counts) == {}


def test_properdocs_1_6_is_a_known_equivalent():
    assert mkdocs_internals._mismatch("properdocs") is None
    assert mkdocs_internals._mismatch("mkdocs") is None


def rendered_page(tmp_path: Path) -> tuple[Page, MkDocsConfig, Files]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(MARKDOWN, encoding="utf-8")
    (docs / "other.md").write_text("# Other\n\n## Part\n", encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "Test", "docs_dir": str(docs), "site_dir": str(tmp_path / "site")})
    assert config.validate() == ([], [])
    files = Files([File(name, str(docs), str(tmp_path / "site"), True) for name in ("index.md", "other.md")])
    page = Page(None, files.get_file_from_path("index.md"), config)
    page.read_source(config)
    return page, config, files


def test_page_render_sets_exactly_what_a_remembered_conversion_restores(tmp_path):
    page, config, files = rendered_page(tmp_path)
    before = dict(vars(page))
    page.render(config, files)
    changed = {name for name, value in vars(page).items() if before.get(name, ...) is not value}
    assert changed == set(mkdocs_internals.RENDER_SETS)

    entry = build_cache.snapshot(page, {})
    again = Page(None, files.get_file_from_path("index.md"), config)
    again.read_source(config)
    build_cache.restore(again, entry, files)
    for name in mkdocs_internals.RENDER_SETS:
        value, restored = getattr(page, name), getattr(again, name)
        assert (str(restored) if name == "toc" else restored) == (str(value) if name == "toc" else value), name
    assert page.links_to_anchors, "the sample page links to another page's heading"


def test_with_another_mkdocs_pages_are_read_and_converted_as_mkdocs_does(tmp_path, monkeypatch):
    pretend_installed(monkeypatch, {"mkdocs": "1.7.0"})
    page, _, _ = rendered_page(tmp_path)
    build_cache.remember_render(page, build_cache.ContentCache(tmp_path / "cache", "settings"))
    from kb.speed import page_source

    page_source.reuse_front_matter(page, {"title": "x"})
    assert "render" not in vars(page) and "read_source" not in vars(page)


def test_with_another_mkdocs_pages_are_rendered_by_mkdocs_own_loop(monkeypatch):
    from kb.speed import parallel_render

    pretend_installed(monkeypatch, {"mkdocs": "1.7.0"})
    calls = []
    build_page = parallel_render._in_parallel(lambda *args: calls.append(args))
    build_page("page", "config", ["page", "other"], "nav", "env")
    assert len(calls) == 1 and parallel_render._waiting == []


def test_restore_sets_links_to_anchors_as_the_engine_does(tmp_path):
    page, config, files = rendered_page(tmp_path)
    page.render(config, files)
    entry = build_cache.snapshot(page, {})
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        again = Page(None, files.get_file_from_path("index.md"), config)
        build_cache.restore(again, entry, files)
        assert again.links_to_anchors is None  # MkDocs 1.6.1 leaves it unset with --verbose
    finally:
        logger.setLevel(level)


# --- make serve's log and builds (kb.adapters.serve_log) ---


@pytest.mark.parametrize("engine", ENGINES)
def test_serve_makes_every_build_through_its_modules_build(engine):
    serve = importlib.import_module(f"{engine}.commands.serve")
    assert serve.build is importlib.import_module(f"{engine}.commands.build").build
    assert source_hash(serve.serve) == mkdocs_internals.SOURCES["serve"][engine]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_command_line_names_its_log_handler_and_filters_repeats_of_the_build_log(engine):
    # Read, not imported: importing properdocs.__main__ makes `import mkdocs` give ProperDocs for the whole process.
    spec = importlib.util.find_spec(f"{engine}.__main__")
    assert spec is not None and spec.origin is not None
    main = Path(spec.origin).read_text(encoding="utf-8")
    named = [name for name in mkdocs_internals.CLI_LOG_HANDLERS if f"self.stream.name = '{name}'" in main]
    assert len(named) == 1
    assert "build.log.addFilter(utils.DuplicateFilter())" in main


def test_the_build_logs_repeats_are_forgotten():
    from mkdocs.commands import build
    from mkdocs.utils import DuplicateFilter

    repeats = DuplicateFilter()
    record = logging.LogRecord(build.log.name, logging.ERROR, "x", 1, "Error building page 'a.md': boom", None, None)
    build.log.addFilter(repeats)
    try:
        assert repeats(record) and not repeats(record)
        mkdocs_internals.forget_logged_messages()
        assert repeats(record)
    finally:
        build.log.removeFilter(repeats)


def test_the_command_lines_handler_is_set_aside_while_another_prints_the_log():
    logger = logging.getLogger("mkdocs")
    stock, ours = logging.NullHandler(), logging.NullHandler()
    stock.name = "MkDocsStreamHandler"
    logger.addHandler(stock)
    try:
        with mkdocs_internals.log_printed_by(ours):
            assert ours in logger.handlers and stock not in logger.handlers
        assert stock in logger.handlers and ours not in logger.handlers
    finally:
        logger.removeHandler(stock)


def test_serves_builds_are_wrapped_while_it_lasts():
    from mkdocs.commands import build, serve

    with mkdocs_internals.serve_builds(lambda stock: (stock, "wrapped")):
        assert serve.build == (build.build, "wrapped")
    assert serve.build is build.build
