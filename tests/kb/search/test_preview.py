"""`make serve`: the search index made again behind the preview after each rebuild (kb.search.preview)."""

import logging

from kb.search import preview

LOG = logging.getLogger("mkdocs.kb")
PAGE = "<!doctype html><html lang='en-GB'><body><div data-pagefind-body><h1>Rota</h1><p>Rota planning.</p></div></body></html>"


def test_a_rebuild_is_indexed_in_the_background(tmp_path, caplog):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs.kb"):
        preview.reindex(site, LOG).join(timeout=60)
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert [record.getMessage().split(" in ")[0] for record in caplog.records] == ["Search index updated"]


def test_a_failure_is_one_warning_and_the_preview_goes_on(tmp_path, caplog):
    site = tmp_path / "empty"
    site.mkdir()
    with caplog.at_level(logging.INFO, logger="mkdocs.kb"):
        preview.reindex(site, LOG).join(timeout=60)
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.WARNING, f"Search index not updated: there is no built site in {site}: run `make build` first")
    ]


def test_only_the_newest_of_two_quick_rebuilds_is_indexed(tmp_path, caplog):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs.kb"):
        with preview._lock:  # an index under way: both rebuilds wait for it
            first, second = preview.reindex(site, LOG), preview.reindex(site, LOG)
        first.join(timeout=60)
        second.join(timeout=60)
    assert len([r for r in caplog.records if r.getMessage().startswith("Search index updated")]) == 1
