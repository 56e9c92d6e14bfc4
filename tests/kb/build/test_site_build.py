"""Integration: build the lifecycle fixture site once and inspect what came out."""

import gzip
import json
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import front_matter, make_project, run_kb
from kb.search import bundle

NEVER_PUBLISHED = [
    "DRAFT-SECRET-TEXT-7f3a",
    "DRAFTTITLE",
    "EMBARGOED-SECRET-TEXT-91c2",
    "EMBARGOTITLE",
    "WITHDRAWN-HIDDEN-TEXT-c4d1",
    "WITHDRAWNTITLE",
    "draft-paper",
    "embargoed-guidance",
    "withdrawn-without-notice",
]
GZIP = b"\x1f\x8b"
PUBLISHED = ["PUBLISHED-PAPER-TEXT", "PUBLISHED-GUIDANCE-TEXT", "EMBARGO-LIFTED-TEXT", "FAQ-ANSWER-TEXT"]


def all_output_text(site: Path) -> str:
    """Every file the build wrote, decompressed, as one string."""
    parts = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data.startswith(GZIP):  # the sitemap's .gz and Pagefind's index files (kb.search.bundle)
                data = gzip.decompress(data)
            parts.append(path.as_posix() + "\n" + data.decode("utf-8", errors="replace"))
    return "\n".join(parts)


@pytest.mark.parametrize("marker", NEVER_PUBLISHED)
def test_hidden_documents_leave_no_trace_in_any_output(built_site, marker):
    assert marker not in all_output_text(built_site)


@pytest.mark.parametrize("marker", PUBLISHED)
def test_public_documents_are_published(built_site, marker):
    assert marker in all_output_text(built_site)


def test_search_index_holds_public_documents_only(built_site):
    fragments = (built_site / "pagefind" / "fragment").glob("*.pf_fragment")
    locations = {json.loads(bundle.decoded(path.read_bytes()))["url"] for path in fragments}
    assert "/guidance/published-guidance/" in locations
    assert not any("draft" in location or "embargoed" in location for location in locations)


def test_page_language_is_uk_english(built_site):
    html = (built_site / "guidance" / "published-guidance" / "index.html").read_text()
    assert '<html lang="en-GB"' in html


def test_no_page_loads_anything_from_another_origin(built_site):
    loaded = []
    for page in built_site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        loaded += [
            tag.get("src")
            for tag in soup.find_all(["script", "img", "iframe", "source", "audio", "video"])
            if tag.get("src")
        ]
        loaded += [
            tag.get("href")
            for tag in soup.find_all("link")
            if tag.get("href") and tag.get("rel") not in (["canonical"], ["alternate"])
        ]
    assert loaded, "expected pages to load their own assets"
    assert [url for url in loaded if urlsplit(url).netloc or url.startswith("//")] == []
    assert "fonts.googleapis.com" not in all_output_text(built_site)


def test_tags_come_from_topics_and_nations(built_site):
    tags = (built_site / "tags" / "index.html").read_text()
    assert "Workforce and wellbeing" in tags
    assert "Wales" in tags


def test_listings_link_public_documents(built_site):
    listing = (built_site / "guidance" / "index.html").read_text()
    assert 'href="published-guidance/"' in listing
    assert "embargo-lifted/" in listing


def test_edit_link_points_at_the_source_file(built_site):
    html = (built_site / "guidance" / "published-guidance" / "index.html").read_text()
    assert "edit/main/docs/guidance/published-guidance.md" in html


def test_invalid_document_refuses_the_build_and_keeps_the_old_site(tmp_path):
    root = make_project(
        tmp_path / "p",
        {"index.md": front_matter(type="page", id=None, title="Home"), "guidance/bad.md": front_matter(summary=None)},
    )
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("previous site")
    result = run_kb(root, "build")
    assert result.returncode == 1
    assert "docs/guidance/bad.md:1: summary: is missing" in result.stderr
    assert "Nothing was published" in result.stdout + result.stderr
    assert (root / "site" / "index.html").read_text() == "previous site"
    assert not list(root.glob(".site-*"))


def test_public_page_linking_to_a_draft_refuses_the_build(tmp_path):
    home = front_matter(type="page", id=None, title="Home").replace("Some text.", "See [the draft](guidance/draft.md).")
    root = make_project(tmp_path / "p", {"index.md": home, "guidance/draft.md": front_matter(status="draft")})
    result = run_kb(root, "build")
    assert result.returncode == 1
    assert result.stderr.startswith(
        "docs/index.md:23: link: guidance/draft.md: docs/guidance/draft.md is not published, because it is a draft"
        " (take the link out until that page is published)\n"
    )
    assert not (root / "site").exists()


def test_page_titles_name_the_page_then_the_site(built_site):
    def title(path: str) -> str:
        return BeautifulSoup((built_site / path).read_text(), "html.parser").title.string.strip()

    assert title("index.html") == "IGPM Knowledge Base"
    assert title("guidance/published-guidance/index.html") == "Published guidance - IGPM Knowledge Base"
    assert title("404.html") == "Page not found - IGPM Knowledge Base"


def test_swap_in_replaces_the_site_and_removes_the_old_one_in_the_background(tmp_path):
    from kb.build.site_build import swap_in

    site, staging = tmp_path / "site", tmp_path / ".site-building-x"
    (site / "old-page").mkdir(parents=True)
    (site / "old-page" / "index.html").write_text("old")
    staging.mkdir()
    (staging / "index.html").write_text("new")
    remover = swap_in(staging, site)
    assert [p.name for p in site.iterdir()] == ["index.html"]  # complete before the old one is gone
    assert (site / "index.html").read_text() == "new"
    assert remover is not None and remover.wait(timeout=30) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_in_with_no_old_site_removes_nothing(tmp_path):
    from kb.build.site_build import swap_in

    staging = tmp_path / ".site-building-x"
    staging.mkdir()
    assert swap_in(staging, tmp_path / "site") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_every_page_is_cleaned_in_the_build_and_our_additions_come_after(tmp_path):
    """The sanitiser runs on a second thread (kb.reader.sanitise.BackgroundCleaning); what it returns is what is published."""
    text = front_matter().replace(
        "Some text.", 'A probe paragraph.\n{: data-probe="kb-sanitiser-probe" }\n\nSee [the home page](../index.md).\n'
    )
    root = make_project(
        tmp_path / "p", {"index.md": front_matter(type="page", id=None, title="Home"), "guidance/g.md": text}
    )
    converted = markdown.markdown('A probe paragraph.\n{: data-probe="kb-sanitiser-probe" }', extensions=["attr_list"])
    assert 'data-probe="kb-sanitiser-probe"' in converted  # what Markdown makes, before cleaning
    result = run_kb(root, "build")
    assert result.returncode == 0, result.stderr[-2000:]
    page = (root / "site" / "guidance" / "g" / "index.html").read_text(encoding="utf-8")
    assert "<p>A probe paragraph.</p>" in page
    assert "kb-sanitiser-probe" not in page
    assert 'data-print-href="https://' in page  # added after cleaning, which would have removed it


def test_a_staged_build_that_a_later_stage_refuses_leaves_the_previous_site(tmp_path, monkeypatch):
    from kb.build import site_build

    def fake_mkdocs(root: Path, staging: Path, config_file: str, log: object = None) -> int:
        new = "<!doctype html><html><head><title>New</title></head><body>new</body></html>"
        (staging / "index.html").write_text(new, encoding="utf-8")
        return 0

    monkeypatch.setattr(site_build, "run_mkdocs", fake_mkdocs)
    root = make_project(tmp_path / "p")
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    with pytest.raises(RuntimeError), site_build.staged_build(root, site) as staging:
        assert (staging / "index.html").read_text(encoding="utf-8").endswith("new</body></html>")
        raise RuntimeError("the link check failed")
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert not list(root.glob(".site-*")), "a staging folder was left behind"
    site_build.build_site(root, site)
    assert "new" in (site / "index.html").read_text(encoding="utf-8")


def test_a_cache_that_is_a_file_does_not_stop_the_build(tmp_path):
    """.cache/ only remembers work: when it is a file, every stage does the work again, the feeds plugin too."""
    root = make_project(tmp_path / "p", {"guidance/ok.md": front_matter()})
    (root / ".cache").write_text("a file where the cache folder should be", encoding="utf-8")
    result = run_kb(root, "build")
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "feed-guidance-new.xml").is_file()
