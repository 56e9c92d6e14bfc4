"""What a build remembers between builds (kb.speed.build_cache), and when it must not.

A remembered Markdown conversion is reused only
when everything it was made from is unchanged; the site built from
remembered work is byte for byte the site built without it, and every
message about a broken link appears in every build.
"""

import os
import subprocess
import sys
from pathlib import Path

from mkdocs.structure.files import File, Files

from conftest import FIXTURES, REPO, TEST_NOW, front_matter, make_project, run_kb
from kb.speed import build_cache
from kb.speed.build_cache import ContentCache
from read_only_cache import read_only, read_only_env

HOME = front_matter(type="page", id=None, title="Home")
SETTINGS = {
    "markdown_extensions": ["toc", "tables"],
    "mdx_configs": {"toc": {"permalink": True}},
    "validation": {"links": {"not_found": 30}},
    "use_directory_urls": True,
}


def site_files(site: Path) -> dict[str, bytes]:
    # The feeds carry the time of the build itself (mkdocs-rss-plugin), so they differ between any two builds.
    return {
        str(path.relative_to(site)): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and not path.name.startswith("feed-")
    }


def test_a_second_build_reuses_every_conversion_and_makes_the_same_site(tmp_path):
    root = make_project(tmp_path / "p", docs_from=FIXTURES / "lifecycle" / "docs")
    first = run_kb(root, "build", "--verbose")
    assert first.returncode == 0, first.stderr
    assert "Markdown conversions: 0 made" not in first.stderr
    before = site_files(root / "site")
    second = run_kb(root, "build", "--verbose")
    assert second.returncode == 0, second.stderr
    assert "Markdown conversions: 0 made," in second.stderr
    assert site_files(root / "site") == before


def test_a_page_that_changed_is_converted_again(tmp_path):
    root = make_project(tmp_path / "p", {"index.md": HOME, "guidance/ok.md": front_matter()})
    assert run_kb(root, "build", "--verbose").returncode == 0
    (root / "docs" / "guidance" / "ok.md").write_text(
        front_matter().replace("Some text.", "Some new text."), encoding="utf-8"
    )
    result = run_kb(root, "build", "--verbose")
    assert "Markdown conversions: 1 made, 1 unchanged" in result.stderr
    assert "Some new text." in (root / "site" / "guidance" / "ok" / "index.html").read_text(encoding="utf-8")


def test_a_listing_follows_the_documents_it_lists_although_its_own_file_did_not_change(tmp_path):
    home = HOME.replace("Some text.", '{{ document_list(type="guidance") }}')
    root = make_project(tmp_path / "p", {"index.md": home, "guidance/ok.md": front_matter()})
    assert run_kb(root, "build", "--verbose").returncode == 0
    (root / "docs" / "guidance" / "ok.md").write_text(front_matter(title="A renamed guidance page"), encoding="utf-8")
    result = run_kb(root, "build", "--verbose")
    # The renamed page's own text did not change (its title is in the front matter);
    # the home page's did, because the listing is part of the text converted.
    assert "Markdown conversions: 1 made, 1 unchanged" in result.stderr
    home_page = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert ">A renamed guidance page</a><br" in home_page  # in the listing, not only in the navigation


# Links in a page's own text are refused by kb check before MkDocs runs (kb.checks.links); a link in a
# docs/_includes/ snippet is known only once the page is built, so MkDocs' validation of remembered
# conversions is what finds it: these tests put the link there.
SNIPPET_HOME = HOME.replace("Some text.", '{% include "read-this.md" %}')


def test_a_link_to_a_document_since_removed_is_reported_although_the_page_did_not_change(tmp_path):
    files = {"index.md": SNIPPET_HOME, "_includes/read-this.md": "Read [the guidance](guidance/ok.md).\n"}
    root = make_project(tmp_path / "p", {**files, "guidance/ok.md": front_matter()})
    assert run_kb(root, "build", "--verbose").returncode == 0
    (root / "docs" / "guidance" / "ok.md").unlink()
    result = run_kb(root, "build", "--verbose")
    assert result.returncode == 1
    assert (
        "Doc file 'index.md' contains a link 'guidance/ok.md', but the target is not found among documentation files."
        in result.stderr
    )


def test_a_broken_link_is_reported_in_every_build_and_its_page_never_remembered(tmp_path):
    files = {"index.md": SNIPPET_HOME, "_includes/read-this.md": "Read [this](guidance/missing.md).\n"}
    root = make_project(tmp_path / "p", files)
    for _ in range(2):
        result = run_kb(root, "build", "--verbose")
        assert result.returncode == 1
        assert "Doc file 'index.md' contains a link 'guidance/missing.md', but the target is not found" in result.stderr
    remembered = [path.read_text(encoding="utf-8") for path in (root / ".cache" / "pages").glob("*.json")]
    assert not any("missing.md" in text for text in remembered)


def test_damaged_entries_are_made_again_and_unused_ones_forgotten(tmp_path):
    root = make_project(tmp_path / "p", {"index.md": HOME, "guidance/ok.md": front_matter()})
    assert run_kb(root, "build", "--verbose").returncode == 0
    pages = root / ".cache" / "pages"
    for path in pages.glob("*.json"):
        path.write_text("{not json", encoding="utf-8")
    (pages / "left-from-an-older-build.json").write_text("{}", encoding="utf-8")
    result = run_kb(root, "build", "--verbose")
    assert result.returncode == 0, result.stderr
    assert "Markdown conversions: 2 made, 0 unchanged" in result.stderr
    assert not (pages / "left-from-an-older-build.json").exists()
    assert len(list(pages.glob("*.json"))) == 2


def files_with(*uris: str, use_directory_urls: bool = True) -> Files:
    return Files([File(uri, "/docs", "/site", use_directory_urls) for uri in uris])


def test_a_remembered_conversion_holds_only_while_its_links_find_the_same_files():
    entry = {"lookups": {"guidance/ok.md": ["guidance/ok/", False], "guidance/missing.md": None}}
    assert build_cache.still_valid(entry, files_with("guidance/ok.md"))
    assert not build_cache.still_valid(
        entry, files_with("guidance/ok.md", use_directory_urls=False)
    )  # same file, new address
    assert not build_cache.still_valid(entry, files_with())  # the target is gone
    assert not build_cache.still_valid(
        entry, files_with("guidance/ok.md", "guidance/missing.md")
    )  # a link that failed now finds a file
    assert not build_cache.still_valid(
        {"content": "<p>x</p>"}, files_with("guidance/ok.md")
    )  # an entry from another version


def test_any_change_to_the_markdown_settings_or_versions_is_a_new_fingerprint(monkeypatch):
    base = build_cache.conversion_settings(SETTINGS)
    assert build_cache.conversion_settings(dict(SETTINGS)) == base
    assert build_cache.conversion_settings({**SETTINGS, "markdown_extensions": ["toc", "tables", "abbr"]}) != base
    assert build_cache.conversion_settings({**SETTINGS, "mdx_configs": {"toc": {"permalink": False}}}) != base
    assert build_cache.conversion_settings({**SETTINGS, "mdx_configs": {"toc": {"slugify": str.lower}}}) != base
    monkeypatch.setattr(build_cache, "CACHE_VERSION", "changed")
    assert build_cache.conversion_settings(SETTINGS) != base


def test_a_folder_that_cannot_be_written_only_means_nothing_is_remembered(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    cache = ContentCache(blocker / "pages", "settings")
    cache.store("key", {"content": "<p>x</p>"})
    assert cache.load("key") is None


def damaged_line(name: str, why: str = "its content does not match its hash") -> str:
    return f"INFO    -  {name}: a damaged cache entry was thrown away ({why}); the work is done again"


def test_an_edited_conversion_is_not_published_but_made_again_with_one_line(tmp_path):
    root = make_project(
        tmp_path / "p", {"index.md": HOME.replace("Some text.", "Welcome."), "guidance/ok.md": front_matter()}
    )
    assert run_kb(root, "build", "--verbose").returncode == 0
    [entry] = [path for path in (root / ".cache" / "pages").glob("*.json") if b"Some text." in path.read_bytes()]
    entry.write_bytes(
        entry.read_bytes().replace(b"Some text.", b'<img src=\\"https://tracker.example.com/pixel.png\\">')
    )  # the hash as it was
    result = run_kb(root, "build", "--verbose")
    assert result.returncode == 0, result.stderr
    assert "Markdown conversions: 1 made, 1 unchanged" in result.stderr
    assert [line for line in result.stderr.splitlines() if "damaged" in line] == [
        damaged_line(f".cache/pages/{entry.name}")
    ]
    page = (root / "site" / "guidance" / "ok" / "index.html").read_text(encoding="utf-8")
    assert "tracker.example.com" not in page and "Some text." in page


def test_a_conversion_of_another_shape_is_not_taken_for_one():
    assert not build_cache.is_conversion(
        {"content": "<p>x</p>", "toc": [], "title": None, "anchors": [], "links_to_anchors": {}}
    )


def test_a_read_only_folder_is_used_but_never_changed(tmp_path, monkeypatch):
    cache = ContentCache(tmp_path / ".cache" / "pages", "settings")
    cache.store("kept", {"content": "<p>x</p>"})
    cache.store("unused", {"content": "<p>y</p>"})
    read_only(monkeypatch, tmp_path / ".cache")
    cache.store("new", {"content": "<p>z</p>"})
    assert cache.load("kept") == {"content": "<p>x</p>"}
    assert cache.forget_unused() == 1  # it tried; a read-only folder keeps what it has
    assert sorted(path.stem for path in cache.folder.glob("*.json")) == ["kept", "unused"]


def test_a_build_with_a_read_only_cache_succeeds_and_prints_no_traceback(tmp_path):
    root = make_project(
        tmp_path / "p", {"index.md": HOME.replace("Some text.", "Welcome."), "guidance/ok.md": front_matter()}
    )
    assert run_kb(root, "build", "--verbose").returncode == 0
    before = {path: path.read_bytes() for path in (root / ".cache").rglob("*") if path.is_file()}
    (root / "docs" / "guidance" / "ok.md").write_text(
        front_matter().replace("Some text.", "Some new text."), encoding="utf-8"
    )
    [entry] = [path for path in (root / ".cache" / "pages").glob("*.json") if b"Welcome." in path.read_bytes()]
    entry.write_bytes(entry.read_bytes().replace(b"Welcome.", b"Planted."))
    before[entry] = entry.read_bytes()
    env = read_only_env(
        tmp_path,
        root / ".cache",
        {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "KB_NOW": TEST_NOW, "NO_MKDOCS_2_WARNING": "1"},
    )
    command = [sys.executable, "-m", "kb", "--root", str(root), "build", "--verbose"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Markdown conversions: 2 made, 0 unchanged" in result.stderr
    assert damaged_line(f".cache/pages/{entry.name}") in result.stderr
    assert "Some new text." in (root / "site" / "guidance" / "ok" / "index.html").read_text(encoding="utf-8")
    assert "Planted." not in (root / "site" / "index.html").read_text(encoding="utf-8")
    assert {path: path.read_bytes() for path in (root / ".cache").rglob("*") if path.is_file()} == before
