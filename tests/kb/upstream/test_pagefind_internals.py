"""kb.upstream.pagefind_internals against the Pagefind installed from requirements.txt."""

from __future__ import annotations

from pathlib import Path

from kb.search import bundle, indexing
from kb.upstream import installed_version, pagefind_internals

PAGE = """<!doctype html><html lang="en-GB"><head><title>{title}</title></head><body>
<main data-pagefind-body><h1>{title}</h1><p>Practice managers plan {word}.</p>
<span data-pagefind-filter="nation" hidden>{nation}</span></main></body></html>"""


def test_written_for_the_installed_pagefind():
    assert installed_version("pagefind-bin") == pagefind_internals.WRITTEN_FOR["pagefind-bin"]


def test_the_installed_pagefind_writes_filter_files_this_module_reads_and_sorts(tmp_path: Path):
    site = tmp_path / "site"
    for number, (nation, word) in enumerate([("Wales", "rotas"), ("England", "cover"), ("Scotland", "leave")]):
        page = site / (f"page-{number}/index.html" if number else "index.html")
        page.parent.mkdir(parents=True)
        page.write_text(PAGE.format(title=f"Page {number}", word=word, nation=nation), encoding="utf-8")
    indexing.index_site(site)
    filters = sorted((site / bundle.FOLDER / "filter").glob("*.pf_filter"))
    assert filters, "Pagefind wrote no filter file"
    for path in filters:
        name, values = pagefind_internals.read(path)
        assert name == "nation"
        names = [value for value, _ in values]
        assert names == sorted(names) == ["England", "Scotland", "Wales"]
