"""Link checking of the built HTML with LinkChecker."""

from pathlib import Path

import pytest

from kb.checks.linkcheck import check_anchors, check_links, failures, links_by_target
from kb.checks.sitemap import read_site

REPORT = """# created by LinkChecker
urlname;parentname;base;result;warningstring;infostring;valid;url;line;column;name;dltime;size;checktime;cached;level;modified
nope/;http://127.0.0.1:9/about/;;404 File not found;;;False;http://127.0.0.1:9/about/nope/;1;1;x;0;0;0;0;1;
index.html#gone;http://127.0.0.1:9/about/;;200 OK;Anchor `gone' (decoded: `gone') not found. Available anchors: `a', `b'.;;True;u;1;1;x;0;0;0;0;1;
ok/;http://127.0.0.1:9/;;200 OK;;;True;u;1;1;x;0;0;0;0;1;
# Stopped checking
"""


def test_the_report_gives_each_url_that_did_not_work_with_what_was_found():
    assert failures(REPORT) == {"nope/": "404 File not found"}


def write(site: Path, path: str, html: str) -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"<!doctype html><html><head><title>t</title></head><body>{html}</body></html>")


def test_real_linkchecker_finds_broken_links_and_anchors(tmp_path):
    write(
        tmp_path,
        "index.html",
        '<a href="a/">a</a> <a href="a/#here">here</a> <a href="a/#gone">gone</a> <a href="missing/">missing</a>',
    )
    write(tmp_path, "a/index.html", '<h2 id="here">Here</h2>')
    broken = check_links(tmp_path)
    assert [(b.page, b.target) for b in broken] == [("/", "a/#gone"), ("/", "missing/")]


def test_missing_site_is_reported(tmp_path):
    assert "there is no built site" in check_links(tmp_path / "nothing")[0].result


def test_anchors_are_checked_once_per_page_and_anchor(tmp_path):
    write(
        tmp_path,
        "index.html",
        '<a href="a/#here">ok</a> <a href="a/#gone">gone</a> <a href="#top">top</a> <p id="top"></p> <a href="missing/#x">left to LinkChecker</a>',
    )
    write(tmp_path, "a/index.html", '<h2 id="here">Here</h2> <a href="../#nope">back</a>')
    assert [(b.page, b.target, b.result) for b in check_anchors(read_site(tmp_path))] == [
        ("/", "a/#gone", "the page /a/ has no anchor #gone"),
        ("/a/", "../#nope", "the page / has no anchor #nope"),
    ]


def test_each_address_is_checked_once_and_reported_for_every_page_linking_to_it(tmp_path):
    write(tmp_path, "index.html", '<a href="gone/">one</a> <a href="gone/#x">two</a> <a href="a/">a</a>')
    write(tmp_path, "a/index.html", '<a href="../gone/">three</a> <a href="/gone">four</a>')
    linked = links_by_target(tmp_path, read_site(tmp_path))
    assert sorted(linked["/gone/"]) == [("/", "gone/"), ("/", "gone/#x"), ("/a/", "../gone/")]
    assert linked["/gone"] == [("/a/", "/gone")]
    assert [(b.page, b.target, b.result) for b in check_links(tmp_path)] == [
        ("/", "gone/", "404 File not found"),
        ("/", "gone/#x", "404 File not found"),
        ("/a/", "../gone/", "404 File not found"),
        ("/a/", "/gone", "404 File not found"),
    ]


def test_links_in_images_sources_styles_and_stylesheets_are_checked(tmp_path):
    write(
        tmp_path,
        "index.html",
        '<img src="a.png" srcset="a.png 1x, big.png 2x"> <video src="clip.mp4"></video> <p style="background: url(\'bg.png\')">x</p>'
        '<link rel="stylesheet" href="assets/site.css"> <meta http-equiv="refresh" content="5; url=new/">',
    )
    (tmp_path / "a.png").write_bytes(b"png")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "site.css").write_text(
        '/* url(commented.png) */ body { background: url("../missing.svg") } h1 { background: url(data:image/png;base64,AA==) }'
    )
    broken = sorted((b.page, b.target) for b in check_links(tmp_path))
    assert broken == [
        ("/", "bg.png"),
        ("/", "big.png"),
        ("/", "clip.mp4"),
        ("/", "new/"),
        ("/assets/site.css", "../missing.svg"),
    ]


def test_the_404_page_is_not_a_source_of_links(tmp_path):
    # It is shown at addresses that do not exist, so its relative links resolve nowhere.
    write(tmp_path, "index.html", "")
    write(tmp_path, "404.html", '<a href="../nowhere/">home</a>')
    assert check_links(tmp_path) == []


def test_an_address_that_passed_is_not_checked_again_while_its_file_is_unchanged(tmp_path, monkeypatch):
    from kb.checks import linkcheck

    site, cache = tmp_path / "site", tmp_path / "cache"
    write(
        site,
        "index.html",
        '<a href="a/">a</a> <img src="b.png"> <a href="a">no slash</a> <a href="missing/">missing</a>',
    )
    write(site, "a/index.html", "")
    (site / "b.png").write_bytes(b"png")
    checked: list[list[str]] = []
    real_run = linkcheck.run_over_cores
    monkeypatch.setattr(
        linkcheck, "run_over_cores", lambda site_dir, targets: checked.append(targets) or real_run(site_dir, targets)
    )
    said: list[str] = []

    def broken() -> list[tuple[str, str]]:
        return [(b.page, b.target) for b in check_links(site, cache_dir=cache, say=said.append)]

    assert broken() == [("/", "missing/")]
    assert checked.pop() == ["/a", "/a/", "/b.png", "/missing/"]
    # Again: a folder's address (a redirect) and a missing page are checked every time; files that passed are not.
    assert broken() == [("/", "missing/")]
    assert checked.pop() == ["/a", "/missing/"]
    assert (
        said[-1] == f"Addresses checked by LinkChecker: 2, 2 unchanged since they passed (from {tmp_path.name}/cache)."
    )
    # A changed file is checked again; a removed one is found missing.
    write(site, "a/index.html", "<p>changed</p>")
    (site / "b.png").unlink()
    assert broken() == [("/", "b.png"), ("/", "missing/")]
    assert checked.pop() == ["/a", "/a/", "/b.png", "/missing/"]


def test_remembered_passes_are_kept_apart_by_linkchecker_version_and_our_code(monkeypatch):
    from kb.checks import linkcheck

    before = linkcheck.address_fingerprint()
    monkeypatch.setattr(linkcheck.sitemap, "linkcheck_version", lambda: "0.0-other")
    assert linkcheck.address_fingerprint() != before
    monkeypatch.setattr(linkcheck, "code_fingerprint", lambda: "other code")
    assert len({before, linkcheck.address_fingerprint()}) == 2


def test_an_address_that_failed_is_checked_again_though_its_file_is_unchanged(tmp_path, monkeypatch):
    from kb.checks import linkcheck

    site, cache = tmp_path / "site", tmp_path / "cache"
    write(site, "a/index.html", "")
    checked: list[list[str]] = []
    monkeypatch.setattr(
        linkcheck,
        "run_over_cores",
        lambda site_dir, targets: checked.append(targets) or {"/a/": "500 Something went wrong"},
    )
    for _ in range(2):
        assert linkcheck.check_addresses(site, ["/a/"], cache) == ({"/a/": "500 Something went wrong"}, 0)
    assert checked == [["/a/"], ["/a/"]]


@pytest.mark.parametrize("how", ["a file where the folder should be", "read-only"])
def test_a_cache_that_cannot_be_written_only_means_checking_every_address(tmp_path, monkeypatch, how):
    from kb.checks import linkcheck
    from read_only_cache import read_only

    site, cache = tmp_path / "site", tmp_path / ".cache" / "linkcheck"
    write(site, "a/index.html", "")
    if how == "read-only":
        cache.mkdir(parents=True)
        read_only(monkeypatch, cache.parent)
    else:
        cache.parent.write_text("", encoding="utf-8")
    checked: list[list[str]] = []
    monkeypatch.setattr(linkcheck, "run_over_cores", lambda site_dir, targets: checked.append(targets) or {})
    for _ in range(2):
        assert linkcheck.check_addresses(site, ["/a/"], cache) == ({}, 0)
    assert checked == [["/a/"], ["/a/"]]


# --- Broken links as the author reads them (kb.checks.linkcheck.as_problems) --------------------------


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    docs = tmp_path / "docs" / "guidance"
    docs.mkdir(parents=True)
    (docs / "rotas.md").write_text(
        '---\ntitle: Rotas\n---\n\n# Rotas\n\nSee <a href="../archive/">the archive</a>.\n\n'
        'And <a href="../visits/#on-the-dy">the day</a>.\n',
        encoding="utf-8",
    )
    (docs / "visits.md").write_text("---\ntitle: Visits\n---\n\n# Visits\n\n## On the day\n", encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    return tmp_path


def test_a_broken_link_in_a_documents_text_is_reported_at_its_line(sources):
    from kb.checks.linkcheck import BrokenLink, as_problems

    broken = [BrokenLink("/guidance/rotas/", "../archive/", "404 File not found")]
    assert [str(p) for p in as_problems(sources, broken)] == [
        "docs/guidance/rotas.md:7: link: ../archive/: there is no page or file at this address"
        " (write the link in Markdown, [text](file.md), so the checks can follow it)"
    ]


def test_a_missing_anchor_names_the_nearest_heading(sources):
    from kb.checks.linkcheck import BrokenLink, as_problems

    broken = [
        BrokenLink(
            "/guidance/rotas/",
            "../visits/#on-the-dy",
            "the page /guidance/visits/ has no anchor #on-the-dy",
            "/guidance/visits/",
        )
    ]
    assert [str(p) for p in as_problems(sources, broken)] == [
        "docs/guidance/rotas.md:9: link: ../visits/#on-the-dy: docs/guidance/visits.md has no heading with the link"
        " #on-the-dy (did you mean #on-the-day?)"
    ]


def test_a_broken_link_the_theme_puts_on_every_page_is_reported_once_for_the_web_editor(sources):
    from kb.checks.linkcheck import BrokenLink, as_problems

    broken = [
        BrokenLink("/", "about/news/", "404 File not found"),
        BrokenLink("/guidance/rotas/", "../../about/news/", "404 File not found"),
        BrokenLink("/guidance/visits/", "../../about/news/", "404 File not found"),
    ]
    assert [str(p) for p in as_problems(sources, broken)] == [
        "mkdocs.yml:1: link check: a link the site's theme makes, to /about/news/ on 3 pages, such as /, does not work"
        " (404 File not found) (no document's text has this link: tell the web editor)"
    ]
