"""The built site as a graph of pages, anchors and links."""

from pathlib import Path

from kb.sitemap import click_depths, find, page_url, read_page, read_site, resolve


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
    write(tmp_path, "a/index.html", '<h2 id="one">One</h2><a name="two"></a><a href="../">home</a><img src="x.png"><script src="s.js"></script>')
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
