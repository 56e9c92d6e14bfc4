"""Pagefind run over built pages, its files pinned and put in a stable order (kb.search)."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from kb.search import bundle, indexing, weight
from kb.upstream import pagefind_internals

PAGE = """<!doctype html><html lang="en-GB"><head><title>{title}</title></head><body>
<header>Site header</header>
<article><div data-pagefind-body><h1 id="kb-title">{title}</h1>
<div hidden data-pagefind-ignore>{filters}<span data-pagefind-meta="type">Guidance</span>
<span data-pagefind-sort="updated">{updated}</span></div>
<dl class="kb-facts"><dt>Document id</dt><dd>FACTSONLY</dd></dl>
<p>{text}</p><h2 id="a-section">A section<a class="headerlink" href="#a-section">#</a></h2><p>Rota planning.</p>
</div></article></body></html>"""


def page(title: str, text: str, nations: list[str], status: str, updated: str) -> str:
    filters = "".join(f'<span data-pagefind-filter="nation">{n}</span>' for n in nations)
    filters += f'<span data-pagefind-filter="status">{status}</span>'
    return PAGE.format(title=title, text=text, filters=filters, updated=updated)


def small_site(folder: Path) -> Path:
    pages = {
        "guidance/one/index.html": page("One", "Welsh guidance text.", ["Wales"], "Current", "2025-01-10"),
        "guidance/two/index.html": page("Two", "Guidance for all.", ["England", "Wales"], "Superseded", "2024-01-10"),
        "guidance/three/index.html": page("Three", "Scottish text.", ["Scotland"], "Current", "2026-01-10"),
        "404.html": "<!doctype html><html lang='en-GB'><body><p>Not found NOTFOUNDPAGE</p></body></html>",
    }
    for name, html in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(html, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = small_site(tmp_path_factory.mktemp("search") / "site")
    indexing.index_site(site)
    return site


def fragments(site: Path) -> list[dict]:
    return [json.loads(bundle.decoded(path.read_bytes())) for path in (site / "pagefind" / "fragment").iterdir()]


def test_only_the_marked_article_is_indexed_with_its_filters(indexed):
    found = {fragment["url"]: fragment for fragment in fragments(indexed)}
    assert sorted(found) == ["/guidance/one/", "/guidance/three/", "/guidance/two/"]
    two = found["/guidance/two/"]
    assert two["filters"] == {"nation": ["England", "Wales"], "status": ["Superseded"]}
    assert two["meta"]["type"] == "Guidance" and two["meta"]["title"] == "Two"
    assert "Site header" not in two["content"] and "FACTSONLY" not in two["content"]  # kb.search.indexing.NOT_TEXT
    assert [anchor["id"] for anchor in two["anchors"]] == ["kb-title", "a-section"]
    assert not any("NOTFOUNDPAGE" in json.dumps(fragment) for fragment in fragments(indexed))


def test_only_the_files_search_ui_uses_are_kept_and_each_passes_its_check(indexed):
    names = sorted(path.relative_to(indexed / "pagefind").as_posix() for path in (indexed / "pagefind").rglob("*.*"))
    assert "pagefind.js" in names and "pagefind-entry.json" in names and "wasm.en-gb.pagefind" in names
    assert not [name for name in names if "ui" in name or "worker" in name or "highlight" in name]
    assert not [name for name in names if name.startswith("wasm.unknown")]
    assert bundle.check_folder(indexed / "pagefind") == []


def test_the_same_pages_give_the_same_files(indexed, tmp_path):
    again = small_site(tmp_path / "site")
    indexing.index_site(again)
    first = {
        p.relative_to(indexed).as_posix(): p.read_bytes() for p in (indexed / "pagefind").rglob("*") if p.is_file()
    }
    second = {p.relative_to(again).as_posix(): p.read_bytes() for p in (again / "pagefind").rglob("*") if p.is_file()}
    assert first == second


def test_filters_are_stored_in_order(indexed):
    for path in (indexed / "pagefind" / "filter").iterdir():
        name, values = pagefind_internals.read(path)
        assert [value for value, _ in values] == sorted(value for value, _ in values), name


@pytest.mark.parametrize(
    ("inside", "data", "reason"),
    [
        ("pagefind.js", b"alert(1)", "pagefind/pagefind.js is not Pagefind 1.5.2's own file"),
        ("pagefind-ui.js", b"x", "pagefind/pagefind-ui.js is not one of the search files the site publishes"),
        ("fragment/en-gb_abc1234.pf_fragment", b"<script>", "is not a compressed Pagefind index file"),
        ("fragment/en-gb_abc1234.pf_fragment", gzip.compress(b"<html>"), "is not a compressed Pagefind index file"),
        ("index/../../x.pf_index", gzip.compress(b"pagefind_dcd"), "is not one of the search files"),
        ("pagefind-entry.json", b'{"version": "0.1", "languages": {}}', "is not Pagefind's list of index languages"),
    ],
)
def test_a_file_that_is_not_pagefinds_own_is_refused(inside, data, reason):
    assert reason in bundle.check_file(inside, data)


def test_pagefinds_own_files_pass():
    assert bundle.check_file("index/en-gb_abc1234.pf_index", gzip.compress(b"pagefind_dcd\x80")) == ""
    assert bundle.check_file("pagefind-entry.json", b'{"version": "1.5.2", "languages": {}}') == ""


def test_cbor_reads_and_writes_what_pagefind_writes():
    value = ["1.5.2", [["a", 1], ["b", 70000]], {"x": [True, None, -3]}, b"\x00", "é" * 30]
    assert pagefind_internals.decode(pagefind_internals.encode(value)) == value
    with pytest.raises(pagefind_internals.NotPagefindData):
        pagefind_internals.decode(b"\x82\x01")  # an array of two that ends after one


def test_no_built_site_is_refused_in_words(tmp_path):
    with pytest.raises(indexing.IndexFailed) as refused:
        indexing.index_site(tmp_path)
    assert str(refused.value) == f"there is no built site in {tmp_path}: run `make build` first"


def test_a_pagefind_failure_is_reported_in_one_line_and_adds_nothing(tmp_path, monkeypatch):
    site = small_site(tmp_path / "site")
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: Pagefind was not able to build an index.' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(indexing, "executable", lambda: fake)
    with pytest.raises(indexing.IndexFailed) as refused:
        indexing.index_site(site)
    assert str(refused.value) == "Pagefind stopped with exit status 1: Error: Pagefind was not able to build an index."
    assert not (site / "pagefind").exists()
    assert not list(tmp_path.glob(".site-search-*")), "what Pagefind wrote is removed"


def test_what_search_weighs_and_nothing_marked_is_missing(indexed, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(indexed, site)
    for own in weight.OWN_FILES:
        (site / own).parent.mkdir(parents=True, exist_ok=True)
        (site / own).write_text("/* x */", encoding="utf-8")
    first = weight.first_search(site, "rota")
    assert first[-1].name == "TOTAL first search for 'rota' (en-gb)"
    assert first[-1].sent == sum(w.sent for w in first[:-1])
    assert any(w.name == "wasm.en-gb.pagefind" for w in first)
    status = pagefind_internals.filter_files(site / "pagefind")["status"]
    assert [w.name for w in first if w.name.endswith(".pf_filter")] == [f"{status}.pf_filter"]
    assert weight.index_size(site).sent > 0
    assert weight.pages_missing_from_index(site) == []
    (site / "guidance" / "new").mkdir()
    (site / "guidance" / "new" / "index.html").write_text("<div data-pagefind-body>x</div>", encoding="utf-8")
    assert weight.pages_missing_from_index(site) == ["/guidance/new/"]


def test_the_output_guard_asks_the_same_of_files_under_pagefind(indexed, tmp_path):
    from kb.checks import output_guard

    for path in (indexed / "pagefind").rglob("*"):
        if path.is_file():
            inside = "pagefind/" + path.relative_to(indexed / "pagefind").as_posix()
            assert output_guard.check_file(inside, path, {}) == [], inside
    extra = tmp_path / "pagefind-ui.js"
    extra.write_text("document.write('x')", encoding="utf-8")
    [finding] = output_guard.check_file("pagefind/pagefind-ui.js", extra, {})
    assert finding.message == "pagefind/pagefind-ui.js is not one of the search files the site publishes"
