"""The built site as a graph of pages, anchors and links."""

from pathlib import Path

import pytest

from kb.checks.sitemap import click_depths, find, page_url, read_page, read_site, read_site_counted, resolve


def write(site: Path, path: str, body: str) -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>", encoding="utf-8")


def test_page_addresses_are_what_a_web_server_serves():
    site = Path("/site")
    assert page_url(site, site / "index.html") == "/"
    assert page_url(site, site / "guidance" / "index.html") == "/guidance/"
    assert page_url(site, site / "404.html") == "/404.html"


def test_links_resolve_against_the_page_they_are_on():
    assert resolve("/guidance/a/", "../b/#step-2") == ("/guidance/b/", "step-2")
    assert resolve("/guidance/a/", "#top") == ("/guidance/a/", "top")
    assert resolve("/guidance/a/", "../..") == ("/", "")
    assert resolve("/guidance/a/", "/faqs/index.html") == ("/faqs/", "")
    assert resolve("/404.html", "assets/x.css") == ("/assets/x.css", "")
    assert resolve("/", "https://example.org/#x") is None
    assert resolve("/", "//example.org/") is None


def test_anchors_and_links_are_read_from_the_html(tmp_path):
    write(
        tmp_path,
        "a/index.html",
        '<h2 id="one">One</h2><a name="two"></a><a href="../">home</a><img src="x.png"><script src="s.js"></script>',
    )
    page = read_page(tmp_path, tmp_path / "a" / "index.html")
    assert page.url == "/a/"
    assert page.anchors == {"one", "two"}
    assert page.links == [("a", "../"), ("img", "x.png"), ("script", "s.js")]


def test_click_depth_counts_the_fewest_clicks_from_home(tmp_path):
    write(tmp_path, "index.html", '<a href="a/">a</a> <a href="https://example.org/">away</a>')
    write(tmp_path, "a/index.html", '<a href="../b">b</a> <a href="..">home</a>')
    write(tmp_path, "b/index.html", '<a href="../c/">c</a>')
    write(tmp_path, "c/index.html", "")
    write(tmp_path, "orphan/index.html", "")
    pages = read_site(tmp_path)
    assert click_depths(pages) == {"/": 0, "/a/": 1, "/b/": 2, "/c/": 3}
    assert find(pages, "/b").url == "/b/"
    assert find(pages, "/nowhere/") is None


def test_redirect_stubs_and_the_404_page_are_not_content(tmp_path):
    write(tmp_path, "old/index.html", '<meta http-equiv="refresh" content="0; url=../new/"><a href="../new/">new</a>')
    write(tmp_path, "404.html", "")
    write(tmp_path, "new/index.html", "")
    pages = read_site(tmp_path)
    assert [url for url, page in sorted(pages.items()) if page.is_content] == ["/new/"]


def test_unchanged_pages_are_not_read_again_with_a_cache(tmp_path, monkeypatch):
    import kb.checks.sitemap

    site, cache = tmp_path / "site", tmp_path / "cache"
    write(site, "index.html", '<a href="a/#one">a</a>')
    write(site, "a/index.html", '<h2 id="one">One</h2><meta http-equiv="refresh" content="0; url=../">')
    first = read_site(site, cache_dir=cache)
    read: list[str] = []
    real_read_page = kb.checks.sitemap.read_page
    monkeypatch.setattr(
        kb.checks.sitemap,
        "read_page",
        lambda site_dir, path: read.append(path.relative_to(site).as_posix()) or real_read_page(site_dir, path),
    )
    assert read_site(site, cache_dir=cache) == first
    assert read == []
    write(site, "a/index.html", '<h2 id="two">Two</h2><a href="../gone/">gone</a>')
    second = read_site(site, cache_dir=cache)
    assert read == ["a/index.html"]
    assert (
        second["/a/"].anchors == {"two"} and second["/a/"].links == [("a", "../gone/")] and not second["/a/"].redirect
    )


def test_a_damaged_cache_only_means_reading_every_page(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    write(site, "index.html", '<p id="x"></p>')
    cache.mkdir()
    (cache / "pages.json").write_text("{not json", encoding="utf-8")
    assert read_site(site, cache_dir=cache)["/"].anchors == {"x"}
    assert read_site(site, cache_dir=cache)["/"].anchors == {"x"}


def test_a_changed_cache_whose_hash_was_not_changed_is_not_used(tmp_path, caplog):
    site, cache = tmp_path / "site", tmp_path / ".cache" / "linkcheck"
    write(site, "index.html", '<p id="x"></p>')
    read_site(site, cache_dir=cache)
    (cache / "pages.json").write_bytes((cache / "pages.json").read_bytes().replace(b'"x"', b'"y"'))
    with caplog.at_level("INFO", logger="mkdocs.kb"):
        assert read_site(site, cache_dir=cache)["/"].anchors == {"x"}
    assert caplog.messages == [
        ".cache/linkcheck/pages.json: a damaged cache entry was thrown away (its content does not match its hash); the work is done again"
    ]


@pytest.mark.parametrize("how", ["a file where the folder should be", "read-only"])
def test_a_cache_that_cannot_be_written_only_means_reading_every_page(tmp_path, monkeypatch, how):
    from read_only_cache import read_only

    site, cache = tmp_path / "site", tmp_path / ".cache" / "linkcheck"
    write(site, "index.html", '<p id="x"></p>')
    if how == "read-only":
        cache.mkdir(parents=True)
        read_only(monkeypatch, cache.parent)
    else:
        cache.parent.write_text("", encoding="utf-8")
    for _ in range(2):
        assert read_site_counted(site, cache_dir=cache)[1] == 1
