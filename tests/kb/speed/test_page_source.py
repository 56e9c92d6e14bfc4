"""Pages whose front matter kb has read: MkDocs gets the same body and kb's metadata, without parsing the YAML again."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as mkdocs_meta

from kb.speed.page_source import reuse_front_matter

SOURCE = "---\ntitle: A page\npublished: 2025-01-10\n---\n\n\n# Heading\n\nBody text.\n"


def page_of(tmp_path: Path, text: str | bytes) -> Page:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "p.md").write_bytes(text.encode() if isinstance(text, str) else text)
    file = File("p.md", str(docs), str(tmp_path / "site"), use_directory_urls=True)
    return Page(None, file, {"site_url": None})


def config(source: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(plugins=SimpleNamespace(on_page_read_source=lambda page, config: source))


def test_the_body_is_mkdocs_own_and_the_metadata_kb_s(tmp_path):
    page = page_of(tmp_path, SOURCE)
    reuse_front_matter(page, {"title": "A page", "published": "2025-01-10"})
    page.read_source(config())
    assert page.markdown == mkdocs_meta.get_data(SOURCE)[0] == "# Heading\n\nBody text.\n"
    assert page.meta == {
        "title": "A page",
        "published": "2025-01-10",
    }  # kb keeps dates as written; PyYAML would make a date
    assert page.title == "A page"


def test_a_plugin_giving_the_source_is_still_asked(tmp_path):
    page = page_of(tmp_path, SOURCE)
    reuse_front_matter(page, {"title": "Kb"})
    page.read_source(config("---\ntitle: From a plugin\n---\nPlugin body\n"))
    assert page.markdown == "Plugin body\n"
    assert page.meta == {"title": "Kb"}


def test_a_source_without_front_matter_is_read_as_mkdocs_reads_it(tmp_path):
    page = page_of(tmp_path, "Title: Old style\n\nText\n")
    reuse_front_matter(page, {"title": "Kb"})
    page.read_source(config())
    assert (page.markdown, page.meta) == mkdocs_meta.get_data("Title: Old style\n\nText\n")


def test_an_unreadable_file_fails_as_mkdocs_fails(tmp_path, caplog):
    page = page_of(tmp_path, b"---\ntitle: x\n---\n\xff\xfe broken")
    reuse_front_matter(page, {"title": "x"})
    with pytest.raises(ValueError):
        page.read_source(config())
    assert "Encoding error reading file: p.md" in caplog.text
