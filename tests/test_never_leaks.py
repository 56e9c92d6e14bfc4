"""What must never leak, and what must keep working, in a real build of the lifecycle site.

The lifecycle fixture (drafts, embargoed and withdrawn documents beside public
ones) gets extra documents: a draft and an embargoed document each with an
image only they use, and a public page using every Markdown feature the
sanitiser must let through. The site is built twice with the same
SOURCE_DATE_EPOCH; every output file (HTML, search index, sitemap, tags,
listings, feeds, catalogue, PDFs: whatever the build writes) is scanned for
the hidden documents' unique markers, and the two builds must be identical.
"""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, TEST_NOW, front_matter, make_project
from kb.build.reproducible import differing_files

GZIP = b"\x1f\x8b"
EPOCH = "1735819200"  # 2025-01-02 12:00 UTC
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"

DRAFT = front_matter(id="GD-2025-21", title="Draft with a figure DRAFTFIGURETITLE", status="draft").replace(
    "Some text.",
    "DRAFT-FIGURE-PAGE-3b9e\n\n![Chart](draft-only-chart-3b9e.png)\n\n[Attachment](draft-only-notes-3b9e.pdf)",
)
EMBARGOED = front_matter(
    id="GD-2025-22", title="Embargoed with a figure EMBARGOFIGURETITLE", embargo_until="2027-01-01T09:00:00+00:00"
).replace("Some text.", "EMBARGOED-FIGURE-PAGE-77aa\n\n![Chart](images/embargoed-only-77aa.png)")
SHARED_IMAGE_USERS = front_matter(id="GD-2025-23", title="Public page with images").replace(
    "Some text.",
    "PUBLIC-PAGE-WITH-IMAGES ![Shared](shared-chart.png) and ![Public](public-only-chart.png)\n\n"
    '{% include "feedback.md" %}',
)
DRAFT_SHARING = front_matter(id="GD-2025-24", title="Draft sharing an image", status="draft").replace(
    "Some text.", "DRAFT-SHARING-PAGE-51c0 ![Shared](shared-chart.png)"
)
FEATURES = front_matter(id="GD-2025-25", title="Every Markdown feature").replace(
    "Some text.",
    """## A section

!!! note "A note"
    Admonition text.

??? tip "Details"
    Hidden until opened.

| Left | Centre |
| :--- | :----: |
| a    | b      |

The NHS is large.[^1]

*[NHS]: National Health Service

- [x] done
- [ ] not done

Term
: Its definition.

```text
{% raw %}{{ not rendered }}{% endraw %}
```

<div class="grid cards" markdown>

- **Bold card**

</div>

[^1]: A footnote.
""",
)
MARKERS = [
    "DRAFT-FIGURE-PAGE-3b9e",
    "DRAFTFIGURETITLE",
    "draft-only-chart-3b9e",
    "draft-only-notes-3b9e",
    "DRAFT-ONLY-IMAGE-BYTES-3b9e",
    "EMBARGOED-FIGURE-PAGE-77aa",
    "EMBARGOFIGURETITLE",
    "embargoed-only-77aa",
    "EMBARGOED-ONLY-IMAGE-BYTES-77aa",
    "DRAFT-SHARING-PAGE-51c0",
    # from the lifecycle fixture
    "DRAFT-SECRET-TEXT-7f3a",
    "EMBARGOED-SECRET-TEXT-91c2",
    "WITHDRAWN-HIDDEN-TEXT-c4d1",
]


def leak_project(root: Path) -> Path:
    root = make_project(
        root,
        {
            "guidance/draft-with-figure.md": DRAFT,
            "guidance/draft-only-chart-3b9e.png": PNG + b"DRAFT-ONLY-IMAGE-BYTES-3b9e",
            "guidance/draft-only-notes-3b9e.pdf": b"%PDF-1.4 DRAFT-ONLY-IMAGE-BYTES-3b9e",
            "guidance/embargoed-with-figure.md": EMBARGOED,
            "guidance/images/embargoed-only-77aa.png": PNG + b"EMBARGOED-ONLY-IMAGE-BYTES-77aa",
            "guidance/public-with-images.md": SHARED_IMAGE_USERS,
            "guidance/draft-sharing.md": DRAFT_SHARING,
            "guidance/shared-chart.png": PNG + b"SHARED",
            "guidance/public-only-chart.png": PNG + b"PUBLIC",
            "guidance/every-feature.md": FEATURES,
            "_includes/feedback.md": "FEEDBACK-SNIPPET-TEXT\n",
        },
        docs_from=FIXTURES / "lifecycle" / "docs",
    )
    return root


def build_into(root: Path, site: Path, render_processes: int) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "scripts"),
        "KB_NOW": TEST_NOW,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": EPOCH,
        "KB_RENDER_PROCESSES": str(render_processes),
    }
    return subprocess.run(
        [sys.executable, "-m", "kb", "--root", str(root), "build", "--verbose", "--site-dir", str(site)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture(scope="session")
def twice_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same project built twice: its pages rendered in two processes, then in one (kb.speed.parallel_render)."""
    root = leak_project(tmp_path_factory.mktemp("leaks"))
    sites = []
    for name, render_processes in (("first", 2), ("second", 1)):
        result = build_into(root, root / name, render_processes)
        assert result.returncode == 0, result.stderr[-3000:]
        assert ("Pages rendered in 2 processes" in result.stderr) == (render_processes == 2)
        sites.append(root / name)
    return sites[0], sites[1]


def readable_text(path: Path) -> str:
    """A file as text a reader or a crawler could get at: anything gzip opened (the sitemap's .gz,
    Pagefind's index, fragments, filters and metadata, whatever their names), PDF text extracted."""
    data = path.read_bytes()
    if data.startswith(GZIP):
        data = gzip.decompress(data)
    text = data.decode("utf-8", errors="replace")
    if path.suffix == ".pdf" and data.startswith(b"%PDF"):
        try:
            from pypdf import PdfReader

            text += "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
        except Exception:  # not a real PDF: its raw bytes were scanned above
            pass
    return path.as_posix() + "\n" + text


@pytest.mark.parametrize("marker", MARKERS)
def test_hidden_documents_and_their_files_leave_nothing_in_any_output(twice_built, marker):
    site = twice_built[0]
    found = [
        p.relative_to(site).as_posix() for p in sorted(site.rglob("*")) if p.is_file() and marker in readable_text(p)
    ]
    assert found == []


# What Pagefind's index keeps of a page's words: lower case, split at hyphens.
HIDDEN_WORDS = ["3b9e", "77aa", "51c0", "7f3a", "91c2", "c4d1", "draftfiguretitle", "embargofiguretitle"]


def search_files(site: Path) -> list[Path]:
    return sorted(path for path in (site / "pagefind").rglob("*") if path.is_file())


def test_the_search_index_is_compressed_and_these_tests_read_inside_it(twice_built):
    """Each index file is gzip: scanned raw, no marker could ever be found in it."""
    fragments = [path for path in search_files(twice_built[0]) if path.suffix == ".pf_fragment"]
    assert fragments, "the site has no search index to scan"
    assert all(path.read_bytes().startswith(GZIP) for path in fragments)
    assert any("PUBLIC-PAGE-WITH-IMAGES" in readable_text(path) for path in fragments)


@pytest.mark.parametrize("word", HIDDEN_WORDS)
def test_no_word_only_hidden_documents_use_is_in_the_search_index(twice_built, word):
    found = [path.name for path in search_files(twice_built[0]) if word in readable_text(path).lower()]
    assert found == []


def test_the_search_index_holds_exactly_the_public_documents(twice_built):
    import json

    site = twice_built[0]
    fragments = (site / "pagefind" / "fragment").glob("*.pf_fragment")
    indexed = sorted(
        json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])["url"] for path in fragments
    )
    pages = sorted(
        "/" + path.parent.relative_to(site).as_posix() + "/"
        for path in site.rglob("index.html")
        if b"data-pagefind-body" in path.read_bytes()
    )
    assert indexed == pages
    assert "/guidance/public-with-images/" in indexed
    assert not [url for url in indexed if "draft" in url or "embargoed" in url or "withdrawn-without" in url]


def test_files_only_hidden_documents_use_are_not_copied(twice_built):
    guidance = twice_built[0] / "guidance"
    assert not (guidance / "draft-only-chart-3b9e.png").exists()
    assert not (guidance / "draft-only-notes-3b9e.pdf").exists()
    assert not (guidance / "images" / "embargoed-only-77aa.png").exists()
    assert (guidance / "shared-chart.png").exists(), "an image a public page also uses stays"
    assert (guidance / "public-only-chart.png").exists()


def test_same_sources_give_the_same_site_byte_for_byte_in_one_process_or_two(twice_built):
    first, second = twice_built
    assert differing_files(first, second) == []


def test_sitemap_dates_come_from_source_date_epoch(twice_built):
    sitemap = (twice_built[0] / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2025-01-02</lastmod>" in sitemap
    assert "2026-" not in sitemap


def test_the_catalogue_is_dated_from_source_date_epoch_not_the_clock(twice_built):
    import json

    catalogue = json.loads((twice_built[0] / "catalogue.json").read_text(encoding="utf-8"))
    assert catalogue["generated"] == "2025-01-02T12:00:00+00:00"


def test_includes_work_from_the_includes_folder(twice_built):
    html = (twice_built[0] / "guidance" / "public-with-images" / "index.html").read_text(encoding="utf-8")
    assert "FEEDBACK-SNIPPET-TEXT" in html


@pytest.mark.parametrize(
    "expected",
    [
        '<h2 id="a-section">A section<a class="headerlink" href="#a-section" title="Link to this section">',
        '<div class="admonition note">',
        '<p class="admonition-title">A note</p>',
        '<details class="tip">',
        "<summary>Details</summary>",
        '<th style="text-align:center">Centre</th>',
        '<abbr tabindex="0" title="National Health Service">NHS</abbr>',  # focusable: kb.reader.glossary
        '<input type="checkbox" disabled="" checked="">',
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
        "<dt>Term</dt>",
        "{{ not rendered }}",
        '<div class="grid cards">',
    ],
)
def test_the_sanitiser_keeps_what_markdown_and_material_need(twice_built, expected):
    html = (twice_built[0] / "guidance" / "every-feature" / "index.html").read_text(encoding="utf-8")
    assert expected in html


def test_the_theme_keeps_its_own_scripts(twice_built):
    html = (twice_built[0] / "guidance" / "every-feature" / "index.html").read_text(encoding="utf-8")
    assert "assets/javascripts/bundle." in html  # only page content is sanitised, not the theme


def test_a_failure_after_pages_were_written_keeps_the_old_site(tmp_path):
    """MkDocs writes every page before strict mode counts the warnings; the old site must survive that.

    The broken link is in a docs/_includes/ snippet: kb check cannot see it, so the build gets as far as
    writing pages before MkDocs' own link validation fails it.
    """
    home = front_matter(type="page", id=None, title="Home").replace("Some text.", '{% include "see.md" %}')
    files = {"index.md": home, "_includes/see.md": "See [the missing page](guidance/missing.md).\n"}
    root = make_project(tmp_path / "p", {**files, "guidance/ok.md": front_matter()})
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous site", encoding="utf-8")
    result = build_into(root, root / "site", render_processes=2)
    assert result.returncode == 1
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr
    assert [p.name for p in (root / "site").iterdir()] == ["index.html"]
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert not list(root.glob(".site-*"))
