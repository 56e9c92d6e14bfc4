"""What a build remembers between builds (kb.build_cache), and when it must not.

A remembered Markdown conversion or set of search entries is reused only
when everything it was made from is unchanged; the site built from
remembered work is byte for byte the site built without it, and every
message about a broken link appears in every build.
"""

from pathlib import Path
from types import SimpleNamespace

from material.plugins.search.plugin import SearchIndex
from mkdocs.structure.files import File, Files

from conftest import FIXTURES, front_matter, make_project, run_kb
from kb import build_cache
from kb.build_cache import ContentCache

HOME = front_matter(type="page", id=None, title="Home")
SETTINGS = {"markdown_extensions": ["toc", "tables"], "mdx_configs": {"toc": {"permalink": True}}, "validation": {"links": {"not_found": 30}}, "use_directory_urls": True}


def site_files(site: Path) -> dict[str, bytes]:
    # The feeds carry the time of the build itself (mkdocs-rss-plugin), so they differ between any two builds.
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file() and not path.name.startswith("feed-")}


def test_a_second_build_reuses_every_conversion_and_makes_the_same_site(tmp_path):
    root = make_project(tmp_path / "p", docs_from=FIXTURES / "lifecycle" / "docs")
    first = run_kb(root, "build")
    assert first.returncode == 0, first.stderr
    assert "Markdown conversions: 0 made" not in first.stderr
    before = site_files(root / "site")
    second = run_kb(root, "build")
    assert second.returncode == 0, second.stderr
    assert "Markdown conversions: 0 made," in second.stderr
    assert "Search entries: 0 made," in second.stderr
    assert site_files(root / "site") == before


def test_a_page_that_changed_is_converted_again(tmp_path):
    root = make_project(tmp_path / "p", {"index.md": HOME, "guidance/ok.md": front_matter()})
    assert run_kb(root, "build").returncode == 0
    (root / "docs" / "guidance" / "ok.md").write_text(front_matter().replace("Some text.", "Some new text."), encoding="utf-8")
    result = run_kb(root, "build")
    assert "Markdown conversions: 1 made, 1 unchanged" in result.stderr
    assert "Some new text." in (root / "site" / "guidance" / "ok" / "index.html").read_text(encoding="utf-8")


def test_a_listing_follows_the_documents_it_lists_although_its_own_file_did_not_change(tmp_path):
    home = HOME.replace("Some text.", '{{ document_list(type="guidance") }}')
    root = make_project(tmp_path / "p", {"index.md": home, "guidance/ok.md": front_matter()})
    assert run_kb(root, "build").returncode == 0
    (root / "docs" / "guidance" / "ok.md").write_text(front_matter(title="A renamed guidance page"), encoding="utf-8")
    result = run_kb(root, "build")
    # The renamed page's own text did not change (its title is in the front matter);
    # the home page's did, because the listing is part of the text converted.
    assert "Markdown conversions: 1 made, 1 unchanged" in result.stderr
    home_page = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert ">A renamed guidance page</a><br" in home_page  # in the listing, not only in the navigation


def test_a_link_to_a_document_since_removed_is_reported_although_the_page_did_not_change(tmp_path):
    home = HOME.replace("Some text.", "Read [the guidance](guidance/ok.md).")
    root = make_project(tmp_path / "p", {"index.md": home, "guidance/ok.md": front_matter()})
    assert run_kb(root, "build").returncode == 0
    (root / "docs" / "guidance" / "ok.md").unlink()
    result = run_kb(root, "build")
    assert result.returncode == 1
    assert "Doc file 'index.md' contains a link 'guidance/ok.md', but the target is not found among documentation files." in result.stderr


def test_a_broken_link_is_reported_in_every_build_and_its_page_never_remembered(tmp_path):
    home = HOME.replace("Some text.", "Read [this](guidance/missing.md).")
    root = make_project(tmp_path / "p", {"index.md": home})
    for _ in range(2):
        result = run_kb(root, "build")
        assert result.returncode == 1
        assert "Doc file 'index.md' contains a link 'guidance/missing.md', but the target is not found" in result.stderr
    remembered = [path.read_text(encoding="utf-8") for path in (root / ".cache" / "pages").glob("*.json")]
    assert not any("missing.md" in text for text in remembered)


def test_damaged_entries_are_made_again_and_unused_ones_forgotten(tmp_path):
    root = make_project(tmp_path / "p", {"index.md": HOME, "guidance/ok.md": front_matter()})
    assert run_kb(root, "build").returncode == 0
    pages = root / ".cache" / "pages"
    for path in pages.glob("*.json"):
        path.write_text("{not json", encoding="utf-8")
    (pages / "left-from-an-older-build.json").write_text("{}", encoding="utf-8")
    result = run_kb(root, "build")
    assert result.returncode == 0, result.stderr
    assert "Markdown conversions: 2 made, 0 unchanged" in result.stderr
    assert not (pages / "left-from-an-older-build.json").exists()
    assert len(list(pages.glob("*.json"))) == 2


def files_with(*uris: str, use_directory_urls: bool = True) -> Files:
    return Files([File(uri, "/docs", "/site", use_directory_urls) for uri in uris])


def test_a_remembered_conversion_holds_only_while_its_links_find_the_same_files():
    entry = {"lookups": {"guidance/ok.md": ["guidance/ok/", False], "guidance/missing.md": None}}
    assert build_cache.still_valid(entry, files_with("guidance/ok.md"))
    assert not build_cache.still_valid(entry, files_with("guidance/ok.md", use_directory_urls=False))  # same file, new address
    assert not build_cache.still_valid(entry, files_with())  # the target is gone
    assert not build_cache.still_valid(entry, files_with("guidance/ok.md", "guidance/missing.md"))  # a link that failed now finds a file
    assert not build_cache.still_valid({"content": "<p>x</p>"}, files_with("guidance/ok.md"))  # an entry from another version


def test_any_change_to_the_markdown_settings_or_versions_is_a_new_fingerprint(monkeypatch):
    base = build_cache.conversion_settings(SETTINGS)
    assert build_cache.conversion_settings(dict(SETTINGS)) == base
    assert build_cache.conversion_settings({**SETTINGS, "markdown_extensions": ["toc", "tables", "abbr"]}) != base
    assert build_cache.conversion_settings({**SETTINGS, "mdx_configs": {"toc": {"permalink": False}}}) != base
    assert build_cache.conversion_settings({**SETTINGS, "mdx_configs": {"toc": {"slugify": str.lower}}}) != base
    monkeypatch.setattr(build_cache, "CACHE_VERSION", "changed")
    assert build_cache.conversion_settings(SETTINGS) != base


def search_page(content: str) -> SimpleNamespace:
    return SimpleNamespace(meta={"title": "A page", "tags": ["Workforce"]}, content=content, toc=[], url="guidance/a/", title="A page")


def test_search_entries_are_reused_while_the_page_is_unchanged(tmp_path):
    cache = ContentCache(tmp_path, "settings")
    page = search_page('<h1 id="a-page">A page</h1><p>Rota planning.</p>')
    first = SearchIndex()
    build_cache.remember_search_entries(first, cache)
    first.add_entry_from_context(page)
    second = SearchIndex()
    build_cache.remember_search_entries(second, cache)
    second.add_entry_from_context(page)
    assert cache.report() == (1, 1)
    assert second.entries == first.entries
    assert first.entries[0]["text"] == "<p>Rota planning.</p>"
    changed = SearchIndex()
    build_cache.remember_search_entries(changed, cache)
    changed.add_entry_from_context(search_page('<h1 id="a-page">A page</h1><p>Premises.</p>'))
    assert cache.report() == (1, 0)
    assert changed.entries[0]["text"] == "<p>Premises.</p>"


def test_a_folder_that_cannot_be_written_only_means_nothing_is_remembered(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    cache = ContentCache(blocker / "pages", "settings")
    cache.store("key", {"content": "<p>x</p>"})
    assert cache.load("key") is None
