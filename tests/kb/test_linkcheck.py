"""Link checking of the built HTML with LinkChecker."""

from pathlib import Path

from kb.linkcheck import BrokenLink, check_anchors, check_links, parse_report, start_paths

BASE = "http://127.0.0.1:9/"
REPORT = """# created by LinkChecker
urlname;parentname;base;result;warningstring;infostring;valid;url;line;column;name;dltime;size;checktime;cached;level;modified
nope/;http://127.0.0.1:9/about/;;404 File not found;;;False;http://127.0.0.1:9/about/nope/;1;1;x;0;0;0;0;1;
index.html#gone;http://127.0.0.1:9/about/;;200 OK;Anchor `gone' (decoded: `gone') not found. Available anchors: `a', `b'.;;True;u;1;1;x;0;0;0;0;1;
ok/;http://127.0.0.1:9/;;200 OK;;;True;u;1;1;x;0;0;0;0;1;
# Stopped checking
"""


def test_report_lists_broken_links_and_missing_anchors():
    assert parse_report(REPORT, BASE) == [
        BrokenLink("/about/", "index.html#gone", "Anchor `gone' (decoded: `gone') not found."),
        BrokenLink("/about/", "nope/", "404 File not found"),
    ]
    assert str(parse_report(REPORT, BASE)[1]) == "/about/: broken link to nope/: 404 File not found"


def write(site: Path, path: str, html: str) -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"<!doctype html><html><head><title>t</title></head><body>{html}</body></html>")


def test_real_linkchecker_finds_broken_links_and_anchors(tmp_path):
    write(tmp_path, "index.html", '<a href="a/">a</a> <a href="a/#here">here</a> <a href="a/#gone">gone</a> <a href="missing/">missing</a>')
    write(tmp_path, "a/index.html", '<h2 id="here">Here</h2>')
    broken = check_links(tmp_path)
    assert [(b.page, b.target) for b in broken] == [("/", "a/#gone"), ("/", "missing/")]


def test_missing_site_is_reported(tmp_path):
    assert "there is no built site" in check_links(tmp_path / "nothing")[0].result


def test_anchors_are_checked_once_per_page_and_anchor(tmp_path):
    write(tmp_path, "index.html", '<a href="a/#here">ok</a> <a href="a/#gone">gone</a> <a href="#top">top</a> <p id="top"></p> <a href="missing/#x">left to LinkChecker</a>')
    write(tmp_path, "a/index.html", '<h2 id="here">Here</h2> <a href="../#nope">back</a>')
    assert [(b.page, b.target, b.result) for b in check_anchors(tmp_path)] == [
        ("/", "a/#gone", "the page /a/ has no anchor #gone"),
        ("/a/", "../#nope", "the page / has no anchor #nope"),
    ]


def test_every_page_and_stylesheet_is_a_start_page(tmp_path):
    write(tmp_path, "index.html", "")
    write(tmp_path, "a/index.html", "")
    write(tmp_path, "404.html", "")
    write(tmp_path, "assets/main.css", "")
    write(tmp_path, "assets/app.js", "")
    assert start_paths(tmp_path) == ["", "a/", "assets/main.css"]
