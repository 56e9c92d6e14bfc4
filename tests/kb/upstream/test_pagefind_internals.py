"""kb.upstream.pagefind_internals against the Pagefind installed from requirements.txt."""

from __future__ import annotations

import gzip
import shutil
import subprocess
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


def test_the_installed_pagefind_cuts_its_word_index_at_the_size_set_in_its_environment(tmp_path: Path):
    """The unstable setting is still read: a small size gives many word-index files, each one full but the last."""
    site = tmp_path / "site"
    words = " ".join(f"word{number:03d}" for number in range(300))
    for number in range(3):
        page = site / (f"page-{number}/index.html" if number else "index.html")
        page.parent.mkdir(parents=True)
        page.write_text(PAGE.format(title=f"Page {number}", word=words, nation="Wales"), encoding="utf-8")
    output = tmp_path / "bundle"
    for size, at_least in ((100_000, 1), (60, 10)):
        subprocess.run(
            indexing.command(site, output), env=pagefind_internals.environment(size), check=True, capture_output=True
        )
        chunks = pagefind_internals.index_chunks(output)
        assert (len(chunks) == 1) if at_least == 1 else (len(chunks) >= at_least), (size, len(chunks))
        for _, _, name in chunks[:-1]:
            assert _positions(output / "index" / f"{name}.pf_index") >= size, (size, name)
        shutil.rmtree(output)


def _positions(path: Path) -> int:
    """What Pagefind counts towards a word-index file's size: each page of each word, and its positions."""
    words = pagefind_internals.read(path)[0]
    return sum(len(page[1]) + len(page[2]) + 1 for word in words for page in word[1])


def test_the_site_is_indexed_with_word_index_files_of_the_size_set_here(tmp_path: Path):
    """Some 10,000 positions: one file at Pagefind's default of 20,000; several of 2,000 here."""
    site = tmp_path / "site"
    page = site / "index.html"
    page.parent.mkdir(parents=True)
    words = " ".join(f"word{number:04d}" for number in range(5000))
    page.write_text(PAGE.format(title="Page", word=words, nation="Wales"), encoding="utf-8")
    indexing.index_site(site)
    folder = site / bundle.FOLDER
    chunks = pagefind_internals.index_chunks(folder)
    assert len(chunks) > 1
    sizes = [_positions(folder / "index" / f"{name}.pf_index") for _, _, name in chunks]
    assert all(
        pagefind_internals.INDEX_CHUNK_SIZE <= size < 2 * pagefind_internals.INDEX_CHUNK_SIZE for size in sizes[:-1]
    )


def _index(site: Path, pages: list[str]) -> Path:
    """Pagefind's own files for pages (each an article's inner HTML), indexed as the site is."""
    for number, article in enumerate(pages):
        page = site / (f"page-{number}/index.html" if number else "index.html")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<!doctype html><html lang='en-GB'><body><main data-pagefind-body>{article}</main>", "utf-8")
    output = site.parent / "bundle"
    subprocess.run(
        indexing.command(site, output), env=pagefind_internals.environment(), check=True, capture_output=True
    )
    return output


def _words(bundle: Path) -> dict[str, list]:
    return {
        word[0]: word
        for _, _, name in pagefind_internals.index_chunks(bundle)
        for word in pagefind_internals.read(bundle / "index" / f"{name}.pf_index")[0]
    }


def test_what_is_read_is_written_back_byte_for_byte(tmp_path: Path):
    bundle = _index(tmp_path / "site", [f"<h1>Page {n}</h1><p>Rotas for practice {n} and cover.</p>" for n in range(4)])
    files = [*bundle.glob("*.pf_meta"), *(bundle / "index").glob("*"), *(bundle / "filter").glob("*")]
    assert files
    for path in files:
        opened = gzip.decompress(path.read_bytes())
        assert pagefind_internals.SIGNATURE + pagefind_internals.encode(pagefind_internals.read(path)) == opened


def test_a_word_on_most_pages_keeps_its_first_positions_in_the_text_and_all_in_headings(tmp_path: Path):
    common = " ".join(["rota"] * 10)
    pages = [f"<h1>Rota {n}</h1><p>{common} planning.</p><h2>Rota again</h2><p>{common}</p>" for n in range(3)]
    pages.append("<h1>Leave</h1><p>Annual leave and leave planning, leave leave leave leave leave leave.</p>")
    folder = _index(tmp_path / "site", pages)
    before = _words(folder)
    files = sorted(path.name for path in folder.rglob("*"))
    pagefind_internals.thin_common_words(folder, keep=4, share=0.5, least=10_000)
    assert sorted(path.name for path in folder.rglob("*")) == files, "nothing saving 10,000 positions: no file new"
    pagefind_internals.thin_common_words(folder, keep=4, share=0.5, least=1)
    after = _words(folder)
    assert after.keys() == before.keys()
    assert [page[0] for page in after["rota"][1]] == [page[0] for page in before["rota"][1]]
    for page_before, page_after in zip(before["rota"][1], after["rota"][1], strict=True):
        body_before, body_after = _by_weight(page_before[1]), _by_weight(page_after[1])
        assert len(body_before[pagefind_internals.BODY_WEIGHT]) == 20
        assert body_after[pagefind_internals.BODY_WEIGHT] == body_before[pagefind_internals.BODY_WEIGHT][:4]
        headings = {weight: at for weight, at in body_before.items() if weight != pagefind_internals.BODY_WEIGHT}
        assert headings and all(body_after[weight] == at for weight, at in headings.items())
    assert after["leav"] == before["leav"], "a word on one page in four is kept whole"
    assert after["plan"] == before["plan"], "a common word with few positions is unchanged"
    # The files read back through the metadata Pagefind's search loads, and the site's checks accept them.
    bundle.keep_only_what_is_used(folder)
    assert bundle.check_folder(folder) == []


def _by_weight(positions: list[int]) -> dict[int, list[int]]:
    """Absolute positions by weight, decoded as pagefind_web does."""
    found: dict[int, list[int]] = {}
    weight, at = 25, 0  # 25: pagefind_web's weight before any mark
    for number in positions:
        if number < 0:
            weight, at = -number - 1, 0
            continue
        at += number  # the first after a mark is counted from 0
        found.setdefault(weight, []).append(at)
    return found
