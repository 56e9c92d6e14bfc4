"""robots.txt names the sitemap; each sitemap entry carries its own page's date, not the build's."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date

from conftest import documents_from, front_matter, make_project, run_kb
from kb.build.site import SiteContent
from kb.content.vocabularies import Vocabularies
from kb.reader.crawlers import last_modified, robots_txt
from reader_helpers import NOW


def test_robots_txt_allows_everything_and_gives_the_sitemaps_full_address():
    robots = "User-agent: *\nDisallow:\n\nSitemap: https://knowledge.igpm.org.uk/sitemap.xml\n"
    assert robots_txt("https://knowledge.igpm.org.uk/") == robots
    assert robots_txt("https://example.org/kb").endswith("Sitemap: https://example.org/kb/sitemap.xml\n")


def test_the_built_site_has_robots_txt_at_its_root(built_site):
    assert (built_site / "robots.txt").read_text() == robots_txt("https://knowledge.igpm.org.uk/")


def content_of(texts: dict[str, str], history: dict[str, date]) -> SiteContent:
    documents = {d.src_uri: d for d in documents_from(texts)}
    vocabularies = Vocabularies(topics={}, people={})
    return SiteContent(documents=documents, problems=[], now=NOW, vocabularies=vocabularies, history=history)


TEXTS = {
    "guidance/a.md": front_matter(id="GD-2025-01", updated="2025-03-01"),
    "guidance/b.md": front_matter(id="GD-2025-02", updated="2025-04-01"),
    "guidance/hidden.md": front_matter(id="GD-2025-03", status="draft"),
    "guidance/index.md": front_matter(id=None, type="page", title="Guidance"),
}
BUILD = "2026-11-25"  # MkDocs' date for every page: the build's (SOURCE_DATE_EPOCH)
HISTORY = {
    "docs/guidance/a.md": date(2025, 6, 1),
    "docs/guidance/b.md": date(2025, 7, 1),
    "docs/guidance/hidden.md": date(2026, 1, 1),
    "docs/guidance/index.md": date(2025, 1, 1),
    "data/people.yml": date(2025, 8, 1),
}


def test_a_document_is_dated_by_its_own_files_last_commit():
    content = content_of(TEXTS, HISTORY)
    assert last_modified("guidance/a.md", "Text.", content, BUILD) == "2025-06-01"
    assert last_modified("guidance/b.md", "Text.", content, BUILD) == "2025-07-01", "not re-dated by a.md"


def test_without_history_a_document_falls_back_to_its_updated_date():
    content = content_of(TEXTS, {})
    assert last_modified("guidance/a.md", "Text.", content, BUILD) == "2025-03-01"
    assert last_modified("not-a-document.md", "Text.", content, BUILD) == BUILD, "MkDocs' own date then"


def test_no_page_is_dated_after_the_build():
    content = content_of(TEXTS, {"docs/guidance/a.md": date(2026, 1, 1)})
    assert last_modified("guidance/a.md", "Text.", content, "2025-12-31") == "2025-12-31"


def test_a_generated_page_takes_the_newest_of_what_it_may_show_but_never_a_hidden_document():
    content = content_of(TEXTS, HISTORY)
    listing = '{{ document_list(type="guidance") }}'
    assert last_modified("guidance/index.md", listing, content, BUILD) == "2025-08-01", "the data file is newest"
    assert last_modified("guidance/index.md", "Plain text.", content, BUILD) == "2025-01-01"
    without_data = {k: v for k, v in HISTORY.items() if not k.startswith("data/")}
    assert last_modified("guidance/index.md", listing, content_of(TEXTS, without_data), BUILD) == "2025-07-01"
    assert last_modified("tags.md", "<!-- material/tags -->", content_of(TEXTS, without_data), BUILD) == "2025-07-01"


def test_the_built_sitemap_dates_each_page_by_its_own_dates(built_site):
    """The fixture project has no git history, so documents carry their updated dates."""
    sitemap = (built_site / "sitemap.xml").read_text()
    dates = dict(re.findall(r"<loc>([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap))
    base = "https://knowledge.igpm.org.uk/"
    assert dates[base + "position-papers/old-paper/"] == "2024-02-01"
    assert dates[base + "position-papers/new-paper/"] == "2026-09-15"
    assert len(set(dates.values())) > 3


def test_a_typo_fix_re_dates_its_own_page_only(tmp_path):
    """Two commits: the second changes one document; the sitemap re-dates that page (and the listing), no other."""
    home = front_matter(type="page", id=None, title="Home")
    listing = front_matter(type="page", id=None, title="Guidance") + '\n{{ document_list(type="guidance") }}\n'
    b = front_matter(id="GD-2025-02", title="Second guidance")
    docs = {"index.md": home, "guidance/index.md": listing, "guidance/a.md": front_matter(), "guidance/b.md": b}
    root = make_project(tmp_path / "p", docs)

    def commit(when: str) -> None:
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        for args in (["add", "docs"], ["-c", "user.email=t@example.org", "-c", "user.name=T", "commit", "-qm", "x"]):
            subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)

    subprocess.run(["git", "-C", str(root), "init", "-q"], check=True, capture_output=True)
    commit("2024-03-01T10:00:00Z")
    (root / "docs" / "guidance" / "a.md").write_text(front_matter().replace("Some text.", "Some text, fixed."))
    commit("2024-04-02T10:00:00Z")
    assert run_kb(root, "build").returncode == 0
    sitemap = (root / "site" / "sitemap.xml").read_text()
    entries = re.findall(r"<loc>https://knowledge.igpm.org.uk/([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap)
    expected = {"": "2024-03-01", "guidance/": "2024-04-02", "guidance/a/": "2024-04-02", "guidance/b/": "2024-03-01"}
    assert dict(entries) == expected
