"""The allow-list over the built site (kb.checks.output_guard): each rule on plain values, then real builds."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, make_project, run_kb
from kb.build import site_build
from kb.checks import output_guard
from kb.checks.output_guard import (
    Finding,
    SiteFacts,
    check_file,
    check_page,
    check_svg,
    check_xml,
    css_urls,
    normalise_script,
)

FACTS = SiteFacts(
    "https",
    "knowledge.igpm.org.uk",
    "/",
    frozenset({"assets/javascripts/bundle.js"}),
    frozenset({"assets/stylesheets/site.css"}),
)
SCOPE_SCRIPT = (
    '__md_scope=new URL("{base}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
)
REDIRECT_SCRIPT = 'var anchor=window.location.hash.substr(1);location.href="{url}"+(anchor?"#"+anchor:"")'
ARTICLE_OPEN = '<article class="md-content__inner md-typeset">'


def page(body: str = "", head: str = "", article: str = "") -> bytes:
    """A minimal built page: head, body and the article Material puts page text in."""
    top = f"<!doctype html><html lang=en-GB><head><meta charset=utf-8><title>T</title>{head}</head>"
    main = f"<main>{ARTICLE_OPEN}<h1 id=title>T</h1>{article}</article></main>"
    return f"{top}<body>{body}{main}</body></html>".encode()


def messages(html: bytes, output: str = "guidance/x/index.html") -> list[str]:
    return [f"{finding.field}: {finding.message}" for finding in check_page(output, html, FACTS)]


# --- Plain values: one rule each --------------------------------------------


def test_a_plain_page_passes():
    links = '<link rel="stylesheet" href="../../assets/stylesheets/site.css">'
    canonical = '<link rel="canonical" href="https://knowledge.igpm.org.uk/guidance/x/">'
    palette = '<form class="md-header__option"><input type="radio" name="__palette" id="__palette_0"></form>'
    text = '<p><a href="https://www.gov.uk/">GOV.UK</a> <img src="chart.png" alt="A chart"></p>'
    mail = '<p><a href="mailto:web@igpm.org.uk">Mail</a></p>'
    html = page(head=links + canonical, body=palette, article=f'<h2 id="why-it-matters">Why</h2>{text}{mail}')
    assert messages(html) == []


@pytest.mark.parametrize(
    ("markup", "attribute", "tag"),
    [
        ('<img src="a.png" onerror="alert(1)">', "onerror", "img"),
        ('<a href="#" OnClick="alert(1)">x</a>', "onclick", "a"),
        ('<svg onload="alert(1)"></svg>', "onload", "svg"),
        ('<details ontoggle="alert(1)" open></details>', "ontoggle", "details"),
    ],
)
def test_event_handlers_are_refused_anywhere(markup, attribute, tag):
    expected = [f"HTML: the built page has the event-handler attribute {attribute}= on <{tag}>"]
    assert messages(page(article=markup)) == expected
    assert messages(page(body=markup)) == expected


REFUSED_ELEMENTS = ["base", "iframe", "object", "embed", "style", "template", "textarea", "marquee", "math"]


@pytest.mark.parametrize("tag", REFUSED_ELEMENTS)
def test_elements_outside_the_allow_list_are_refused(tag):
    found = messages(page(body=f"<{tag}></{tag}>"))
    assert f"HTML: the built page has the element <{tag}>, which the site does not publish" in found


def test_the_theme_form_and_inputs_are_allowed_but_not_formaction():
    assert messages(page(body='<form class="md-search__form" name="search"><input type="text" required></form>')) == []
    found = messages(page(body='<button type="submit" formaction="https://evil.example/">Go</button>'))
    assert "HTML: the built page has the attribute formaction= on <button>, which the site does not publish" in found


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            '<img src="a.png" srcset="b.png 2x">',
            "HTML: the built page has the attribute srcset= on <img>, which the site does not publish",
        ),
        (
            '<p style="color: red">x</p>',
            "HTML: the built page has the attribute style= on <p>, which the site does not publish",
        ),
        (
            '<div data-x="1">x</div>',
            "HTML: the built page has the attribute data-x= on <div>, which the site does not publish",
        ),
    ],
)
def test_attributes_outside_the_allow_list_are_refused(markup, expected):
    assert expected in messages(page(article=markup))


def test_theme_scripts_pass_by_path_from_any_depth():
    assert messages(page(head='<script src="../../assets/javascripts/bundle.js"></script>')) == []
    assert messages(page(head='<script src="assets/javascripts/bundle.js"></script>'), "index.html") == []
    assert messages(page(head='<script src="/assets/javascripts/bundle.js"></script>'), "404.html") == []


@pytest.mark.parametrize(
    "src",
    [
        "../../assets/javascripts/other.js",
        "https://cdn.example/bundle.js",
        "../../assets/javascripts/bundle.js?x=1",
        "//cdn.example/a.js",
    ],
)
def test_other_scripts_are_refused(src):
    found = messages(page(head=f'<script src="{src}"></script>'))
    assert found == [f"script: the built page loads the script {src}, which is not one of the theme's own"]


@pytest.mark.parametrize("base", [".", "..", "../..", "../../..", "/"])
def test_material_inline_script_passes_at_every_depth(base):
    assert messages(page(head=f"<script>{SCOPE_SCRIPT.replace('{base}', base)}</script>")) == []


def test_unknown_or_changed_inline_scripts_are_refused():
    unknown = messages(page(article="<script>alert(1)</script>"))
    assert unknown == ["script: the built page has a script that is not one of the theme's own (alert(1))"]
    changed = SCOPE_SCRIPT.replace("{base}", "https://evil.example/")
    assert messages(page(head=f"<script>{changed}</script>"))[0].startswith("script: the built page has a script")
    module = f'<script type="module">{SCOPE_SCRIPT.replace("{base}", ".")}</script>'
    assert messages(page(head=module))[0].startswith("script: the built page has a script")


def test_redirect_script_passes_to_this_site_only():
    assert messages(page(head=f"<script>{REDIRECT_SCRIPT.replace('{url}', '../new-name/')}</script>")) == []
    away = messages(page(head=f"<script>{REDIRECT_SCRIPT.replace('{url}', 'https://evil.example/')}</script>"))
    assert away == ["redirect: the built page loads https://evil.example/ from another website (evil.example)"]


def test_json_scripts_must_be_plain_json_without_angle_brackets():
    assert messages(page(head='<script id="__config" type="application/json">{"base": ".."}</script>')) == []
    assert messages(page(head='<script type="application/ld+json">{"@type": "Article"}</script>')) == []
    for text in ('{"a": "</script><script>alert(1)//"}', "{not json", "alert(1)"):
        found = messages(page(head=f'<script type="application/json">{text}</script>'))
        assert found[0] == "script: the built page has a block of application/json data that is not plain JSON", text


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            '<img src="https://tracker.example/p.png" alt="">',
            "image: the built page loads https://tracker.example/p.png from another website (tracker.example)",
        ),
        (
            '<img src="//tracker.example/p.png" alt="">',
            "image: the built page loads //tracker.example/p.png from another website (tracker.example)",
        ),
        (
            '<img src="/\\tracker.example/p.png" alt="">',
            "image: the built page loads /\\tracker.example/p.png from another website (tracker.example)",
        ),
        (
            '<form action="https://evil.example/collect"></form>',
            "form: the built page loads https://evil.example/collect from another website (evil.example)",
        ),
        (
            '<table><tr><td style="background: url(https://evil.example/x.png)">x</td></tr></table>',
            "CSS: the built page loads https://evil.example/x.png from another website (evil.example)",
        ),
        (
            "<table><tr><td style=\"background: image-set('https://evil.example/y.png' 1x)\">x</td></tr></table>",
            "CSS: the built page loads https://evil.example/y.png from another website (evil.example)",
        ),
    ],
)
def test_nothing_is_loaded_from_another_website(markup, expected):
    assert expected in messages(page(article=markup))


def test_links_in_the_head_and_meta_refresh_stay_on_this_site():
    refresh = '<meta http-equiv="refresh" content="0; url=https://evil.example/">'
    head = '<link rel="stylesheet" href="https://fonts.example/css">' + refresh
    assert messages(page(head=head)) == [
        "link: the built page loads https://fonts.example/css from another website (fonts.example)",
        "redirect: the built page loads https://evil.example/ from another website (evil.example)",
    ]
    assert messages(page(head='<meta http-equiv="refresh" content="0; url=../new-name/">')) == []
    preload = messages(page(head='<link rel="preload" href="x.js">'))
    assert preload == ['HTML: the built page has <link rel="preload">, which the site does not publish']
    stylesheet = messages(page(head='<link rel="stylesheet" href="../../x.css">'))
    assert stylesheet == ["CSS: the built page loads the stylesheet ../../x.css, which is not one of the theme's own"]


@pytest.mark.parametrize(
    ("href", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("JaVaScRiPt&#x3A;alert(1)", "javascript"),
        ("jav&#x09;ascript:alert(1)", "javascript"),
        (" vbscript:x", "vbscript"),
        ("data:text/html,x", "data"),
    ],
)
def test_script_and_data_addresses_are_refused(href, scheme):
    expected = [f"link: the built page has a {scheme}: address in href= on <a>"]
    assert messages(page(article=f'<a href="{href}">x</a>')) == expected


def test_data_images_are_refused():
    found = messages(page(article='<img src="data:image/png;base64,AAAA" alt="">'))
    assert found == ["link: the built page has a data: address in src= on <img>"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("__search", "id: '__search' starts with __, which the theme keeps for its own ids"),
        ("Top", "id: 'Top' is not a valid id: use lower-case letters and digits, with - or _ between"),
        ("a--b", "id: 'a--b' is not a valid id: use lower-case letters and digits, with - or _ between"),
        ("x:y", "id: 'x:y' is not a valid id: use lower-case letters and digits, with - or _ between"),
        (
            "fn:My Note",
            "id: the footnote label in 'fn:My Note' may use only letters, digits and - between them",
        ),
    ],
)
def test_ids_in_page_text_are_refused_unless_like_toc_slugs(value, expected):
    assert messages(page(article=f'<span id="{value}">x</span>')) == [expected]


@pytest.mark.parametrize(
    "value",
    ["why-it-matters", "embargo_until", "step-2", "_1", "tag:wales", "fn:1", "fnref2:note-a", "fn:Note"],
)
def test_ids_like_the_toc_tags_and_footnotes_make_pass(value):
    assert messages(page(article=f'<span id="{value}">x</span>')) == []


def test_the_theme_may_use_its_own_ids_outside_the_article():
    assert messages(page(body='<input class="md-toggle" type="checkbox" id="__drawer">')) == []


def test_an_id_twice_in_a_page_is_refused_even_against_the_theme():
    twice = messages(page(article='<span id="a">x</span><span id="a">y</span>'))
    assert twice == ["id: the id 'a' is used twice in the page"]
    against_theme = messages(page(body='<label id="search">x</label>', article='<span id="search">y</span>'))
    assert against_theme == ["id: the id 'search' is used twice in the page"]


def test_names_in_page_text_are_refused_when_they_could_pass_for_the_theme():
    found = messages(page(article='<a name="__search">x</a>'))
    assert found == ["name: the name '__search' is not allowed: names are lower-case words with - between them"]


def test_theme_classes_in_page_text_are_refused_except_those_material_puts_there():
    found = messages(page(article='<p class="md-header">x</p>'))
    assert found == ["class: 'md-header' is one of the theme's classes and cannot be used in page text"]
    button = '<a class="md-button md-button--primary" href="x/">x</a>'
    assert messages(page(article=button + '<div class="md-typeset__scrollwrap"></div>')) == []
    assert messages(page(body='<div class="md-header">theme</div>')) == []


def test_titles_with_angle_brackets_are_refused_because_tooltips_show_them_as_html():
    found = messages(page(article='<abbr title="&lt;img src=x onerror=alert(1)&gt;">x</abbr>'))
    assert found == ["title: a title (the text shown on hovering) contains < or > (<img src=x onerror=alert(1)>)"]
    assert messages(page(article='<abbr title="Primary care network">PCN</abbr>')) == []


def test_css_urls_finds_every_address_css_would_fetch():
    css = "a { background: url(x.png) } b { background: url('y.png') } @import 'z.css'; c { x: image-set('w.png' 1x) }"
    assert sorted(css_urls(css)) == ["@import", "w.png", "x.png", "y.png"]


def test_inline_scripts_are_normalised_for_their_depth_and_redirect_address():
    deep, _ = normalise_script(SCOPE_SCRIPT.replace("{base}", "../.."))
    top, _ = normalise_script(SCOPE_SCRIPT.replace("{base}", "."))
    assert deep == top
    assert normalise_script(REDIRECT_SCRIPT.replace("{url}", "../x/")) == (
        REDIRECT_SCRIPT.replace('"{url}"', "URL"),
        ["../x/"],
    )


# --- Files other than pages ---------------------------------------------------


def file_messages(tmp_path: Path, name: str, data: bytes, theme: dict[str, Path] | None = None) -> list[str]:
    path = tmp_path / "file"
    path.write_bytes(data)
    return [f"{finding.field}: {finding.message}" for finding in check_file(name, path, theme or {})]


REFUSED_FILES = ["guidance/page.xht", "a/b.htm", "x.swf", "notes.txt", "archive", "x.js", "y.css", "z.xsl"]


@pytest.mark.parametrize("name", REFUSED_FILES)
def test_file_types_outside_the_allow_list_are_refused(tmp_path, name):
    [found] = file_messages(tmp_path, name, b"<script>alert(1)</script>")
    assert found.startswith("file: ")
    assert "are not published: a browser could run them" in found or "only when they are the theme's own" in found


def test_theme_files_pass_only_with_the_theme_bytes(tmp_path):
    theirs = tmp_path / "theirs.js"
    theirs.write_bytes(b"console.log(1)")
    theme = {"assets/javascripts/bundle.js": theirs}
    assert file_messages(tmp_path, "assets/javascripts/bundle.js", b"console.log(1)", theme) == []
    changed = file_messages(tmp_path, "assets/javascripts/bundle.js", b"alert(1)", theme)
    assert changed == ["file: .js files are published only when they are the theme's own, and this one is not"]


def test_images_and_pdfs_must_be_what_their_names_say(tmp_path):
    assert file_messages(tmp_path, "a.png", b"\x89PNG\r\n\x1a\n....") == []
    assert file_messages(tmp_path, "a.pdf", b"%PDF-1.7") == []
    html = file_messages(tmp_path, "a.png", b"<html><script>alert(1)</script>")
    assert html == ["file: the file is not really a .png file: its contents do not match its name"]


XLINK = ' xmlns:x="http://www.w3.org/1999/xlink"'
AWAY = "https://e.example/a.svg#i"


def test_svg_images_hold_shapes_only():
    safe = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><path d="M0 0h1v1z" fill="url(#g)"/></svg>'
    assert check_svg("logo.svg", safe) == []
    svg = '<svg xmlns="http://www.w3.org/2000/svg"{}>{}</svg>'
    may_not = "which SVG images on the site may not have"
    bad = {
        svg.format("", "<script>alert(1)</script>"): f"the image has the element <script>, {may_not}",
        svg.format(' onload="alert(1)"', ""): "the image has the event-handler attribute onload= on <svg>",
        svg.format(XLINK, f'<use x:href="{AWAY}"/>'): f"the image links to {AWAY}, outside itself",
        '<!DOCTYPE svg [<!ENTITY x "y">]>' + svg.format("", ""): "the file declares a DOCTYPE or entities",
        svg.format("", "<foreignObject/>"): f"the image has the element <foreignobject>, {may_not}",
    }
    for data, message in bad.items():
        assert [finding.message for finding in check_svg("x.svg", data.encode())] == [message]


def test_xml_files_are_plain_data():
    assert (
        check_xml(
            "feed.xml",
            b'<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="rss.xsl"?><rss><channel/></rss>',
        )
        == []
    )
    live = b'<rss xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script></rss>'
    expected = "the XML file holds a web page or image element ({http://www.w3.org/1999/xhtml}script)"
    assert [f.message for f in check_xml("feed.xml", live)] == [expected]
    other = b'<?xml-stylesheet type="text/xsl" href="https://evil.example/x.xsl"?><rss/>'
    expected = "the XML file asks for a stylesheet other than the feeds' own"
    assert [f.message for f in check_xml("feed.xml", other)] == [expected]
    in_text = b"<rss><description>&lt;!DOCTYPE html&gt;</description><x><![CDATA[<!DOCTYPE x>]]></x></rss>"
    assert check_xml("feed.xml", in_text) == [], "a DOCTYPE is only one before the first element"


def test_robots_txt_is_published_at_the_root_with_crawler_rules_only(tmp_path):
    robots = b"User-agent: *\nDisallow:\n\nSitemap: https://knowledge.igpm.org.uk/sitemap.xml\n"
    assert file_messages(tmp_path, "robots.txt", robots) == []
    assert file_messages(tmp_path, "robots.txt", b"# comment\nUser-agent: x\nAllow: /\nDisallow: /a/\n") == []
    refused = "file: robots.txt holds a line that is not a crawler rule or the sitemap's address"
    for bad in (b"<script>alert(1)</script>\n", b"Sitemap: javascript:alert(1)\n", b"Host: x\n", b"Allow: \xff\n"):
        assert file_messages(tmp_path, "robots.txt", bad) == [refused], bad
    assert file_messages(tmp_path, "robots.txt", b"#" * 20_000) == [refused], "a bounded size"
    [elsewhere] = file_messages(tmp_path, "guidance/robots.txt", robots)
    assert elsewhere.startswith("file: .txt files are not published")


def test_feed_autodiscovery_links_pass_the_guard():
    feed = '<link rel="alternate feed" type="application/rss+xml" title="IGPM new guidance" href="../../feed-guidance-new.xml">'
    assert messages(page(head=feed)) == []


# --- Real builds -------------------------------------------------------------------


@pytest.fixture(scope="module")
def repository_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own docs/, built once for this module. Returns site/."""
    root = make_project(tmp_path_factory.mktemp("repository"), docs_from=REPO / "docs")
    result = run_kb(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_the_built_fixture_sites_pass_the_guard(built_site, repository_site):
    for site in (built_site, repository_site):
        assert output_guard.check_site(site, site.parent, remember=False) == []
        assert (site / "robots.txt").is_file() and (site / "assets" / "logo.png").is_file()
    assert (built_site / "guidance" / "old-guidance-name" / "index.html").exists(), "the fixture has a redirect page"


PLANTED = '<img src="https://tracker.example/pixel.png" alt="" onerror="alert(1)"><script>alert(1)</script>'
PAGE = "docs/guidance/published-guidance.md"
PLANTED_PROBLEMS = [
    (
        PAGE,
        "HTML: the built page has the event-handler attribute onerror= on <img>",
        "remove it: pages cannot run scripts",
    ),
    (
        PAGE,
        "image: the built page loads https://tracker.example/pixel.png from another website (tracker.example)",
        "put the file in docs/ and link to it there: pages load files from this site only",
    ),
    (
        PAGE,
        "script: the built page has a script that is not one of the theme's own (alert(1))",
        "remove it: only the theme's scripts run on the site",
    ),
    (
        "docs/guidance/page.xht",
        "file: .xht files are not published: a browser could run them as part of the site",
        "remove the file, or ask the web editor about this kind of file",
    ),
]
PLANTED_MESSAGES = [f"{path}:1: {what} ({fix})" for path, what, fix in PLANTED_PROBLEMS]


def plant(staging: Path) -> None:
    """What an earlier layer let through: a handler, a remote image, a script, and a file of an unknown type."""
    page = staging / "guidance" / "published-guidance" / "index.html"
    opening = 'class="md-content__inner md-typeset">'
    page.write_text(page.read_text(encoding="utf-8").replace(opening, opening + PLANTED, 1), encoding="utf-8")
    xhtml = "<html xmlns='http://www.w3.org/1999/xhtml'><script>alert(1)</script></html>"
    (staging / "guidance" / "page.xht").write_text(xhtml, encoding="utf-8")


def fake_mkdocs(built_site: Path, change: Callable[[Path], None]) -> Callable[..., int]:
    """A stand-in for MkDocs that writes the fixture site into the staging folder, changed."""

    def run(root: Path, staging: Path, config_file: str, log: object = None) -> int:
        shutil.copytree(built_site, staging, dirs_exist_ok=True)
        change(staging)
        return 0

    return run


def test_planted_content_refuses_the_build_naming_source_and_line(built_site, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(site_build, "run_mkdocs", fake_mkdocs(built_site, plant))
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    with pytest.raises(
        site_build.BuildFailed,
        match=r"4 problem\(s\) in the built site, listed above. Nothing was published.",
    ):
        site_build.build_site(built_site.parent, site)
    assert capsys.readouterr().err.splitlines() == sorted(PLANTED_MESSAGES)
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert not list(tmp_path.glob(".site-*")), "a staging folder was left behind"


def test_a_value_found_in_the_source_is_named_at_its_line(tmp_path):
    root = make_project(tmp_path / "p", {"guidance/x.md": "---\ntitle: X\n---\n\n# X\n\n<span id='intro'>a</span>\n"})
    sources = output_guard.Sources(tmp_path / "staging", root)
    twice = Finding("guidance/x/index.html", "id", "the id 'intro' is used twice in the page", "fix it", "intro")
    problem = sources.problem(twice)
    assert str(problem) == "docs/guidance/x.md:7: id: the id 'intro' is used twice in the page (fix it)"
    pdf = sources.problem(Finding("guidance/x/X-1.pdf", "file", "the file is not really a .pdf file", "fix it"))
    assert str(pdf) == "docs/guidance/x.md:1: file: guidance/x/X-1.pdf: the file is not really a .pdf file (fix it)"
    feed = sources.problem(Finding("feed-guidance-new.xml", "file", "the XML file is not well-formed", "fix it"))
    assert str(feed) == "mkdocs.yml:1: file: feed-guidance-new.xml: the XML file is not well-formed (fix it)"
    missing = sources.problem(Finding("404.html", "script", "the built page has a script", "fix it"))
    assert str(missing) == "overrides/404.html:1: script: the built page has a script (fix it)"


def test_a_redirect_page_is_traced_to_the_document_that_declares_it(built_site):
    sources = output_guard.Sources(built_site, built_site.parent)
    source = sources.source_of("guidance/old-guidance-name/index.html")
    assert source == built_site.parent / "docs" / "guidance" / "published-guidance.md"


def test_remembering_passed_pages_gives_the_same_answer(built_site, tmp_path, monkeypatch):
    root = make_project(tmp_path / "p", docs_from=FIXTURES / "lifecycle" / "docs")
    staging = tmp_path / "staging"
    shutil.copytree(built_site, staging)
    plant(staging)
    without = output_guard.check_site(staging, root, remember=False)
    first = output_guard.check_site(staging, root, remember=True)
    again = output_guard.check_site(staging, root, remember=True)  # the clean pages now come from .cache/
    assert without == first == again and len(without) == 4
    assert (root / ".cache" / "output-guard" / "passed.json").exists()
    monkeypatch.setenv("KB_FAST", "0")
    assert not output_guard.remembering(10_000)
    assert output_guard.check_site(staging, root) == without


CONFIG = output_guard.read_config(REPO)


def test_pages_are_checked_on_two_cores_with_the_same_answer(built_site, tmp_path, monkeypatch):
    staging = tmp_path / "staging"
    shutil.copytree(built_site, staging)
    plant(staging)
    one_core = output_guard.find_problems(staging, built_site.parent, CONFIG, remember=False)
    monkeypatch.setattr(output_guard, "PARALLEL_FROM", 1)
    two_cores = output_guard.find_problems(staging, built_site.parent, CONFIG, remember=False)
    assert sorted(two_cores, key=repr) == sorted(one_core, key=repr)


HOSTILE_NEW = FIXTURES / "hostile-output"
# Documents that pass kb check and the sanitiser; only the allow-list at the end refuses them.
NAMES = "names are lower-case words with - between them"
HOSTILE_NEW_PROBLEMS = [
    (
        "duplicate-id.md:13: id: the id 'intro' is used twice in the page",
        "give each heading or element an id of its own",
    ),
    (
        f"theme-name-attribute.md:13: name: the name '__search' is not allowed: {NAMES}",
        "use an id like { #my-section } instead",
    ),
]


def test_hostile_documents_only_the_guard_catches_are_refused_at_their_line(tmp_path):
    home = "---\ntitle: Home\nsummary: The home page of a project with hostile documents.\ntype: page\n"
    home += "status: published\nowner: web-editor\nlast_reviewed: 2026-11-01\nreview_due: 2027-05-01\n---\n\n# Home\n"
    texts = {f"about/{path.name}": path.read_text(encoding="utf-8") for path in sorted(HOSTILE_NEW.glob("*.md"))}
    root = make_project(tmp_path / "p", {"index.md": home, **texts})
    assert run_kb(root, "check").returncode == 0, "kb check should not see these: the built site shows them"
    result = run_kb(root, "build")
    assert result.returncode == 1
    expected = [f"docs/about/{problem} ({fix})" for problem, fix in HOSTILE_NEW_PROBLEMS]
    assert [line for line in result.stderr.splitlines() if line.startswith("docs/")] == expected
    assert "2 problem(s) in the built site, listed above. Nothing was published." in result.stderr
    assert not (root / "site").exists()
