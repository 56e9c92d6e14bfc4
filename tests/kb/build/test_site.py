"""Which files MkDocs found stay out of the output, and why."""

from datetime import UTC, datetime

from conftest import front_matter
from kb.build.site import SourceFile, files_to_leave_out, prepare

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def sources_of(root):
    docs = root / "docs"
    return [
        SourceFile(p.relative_to(docs).as_posix(), p, p.suffix == ".md")
        for p in sorted(docs.rglob("*"))
        if p.is_file() or p.is_symlink()
    ]


def test_hidden_pages_their_images_and_links_out_of_docs_stay_out(project, tmp_path):
    draft = front_matter(status="draft", id="GD-2025-02").replace("Some text.", "![chart](chart.png)")
    root = project(
        {
            "index.md": front_matter(type="page", id=None, title="Home"),
            "guidance/ok.md": front_matter(),
            "guidance/draft.md": draft,
            "guidance/chart.png": b"png",
        }
    )
    (tmp_path / "secret.txt").write_text("secret")
    (root / "docs" / "guidance" / "linked.txt").symlink_to(tmp_path / "secret.txt")
    content = prepare(root, root / "docs", now=NOW)
    assert files_to_leave_out(content, sources_of(root), root / "docs") == [
        ("guidance/draft.md", "it is not published"),
        ("guidance/linked.txt", "it is a link to a file outside docs/"),
        ("guidance/chart.png", "only unpublished documents use it"),
    ]


def test_previews_keep_drafts_and_their_images_but_never_links_out_of_docs(project, tmp_path):
    draft = front_matter(status="draft", id="GD-2025-02").replace("Some text.", "![chart](chart.png)")
    root = project(
        {
            "index.md": front_matter(type="page", id=None, title="Home"),
            "guidance/draft.md": draft,
            "guidance/chart.png": b"png",
        }
    )
    (tmp_path / "secret.txt").write_text("secret")
    (root / "docs" / "guidance" / "linked.txt").symlink_to(tmp_path / "secret.txt")
    content = prepare(root, root / "docs", include_drafts=True, now=NOW)
    assert files_to_leave_out(content, sources_of(root), root / "docs") == [
        ("guidance/linked.txt", "it is a link to a file outside docs/")
    ]
