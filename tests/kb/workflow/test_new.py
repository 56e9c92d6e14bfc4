"""`kb new` / `make new`: a new draft with the next free id that passes the gate as written."""

from datetime import date

import pytest

from conftest import REPO, front_matter, run_kb
from kb.content import schema
from kb.content.frontmatter import parse
from kb.workflow.new import NewDocumentError, create, next_id, render, slugify

HOME = front_matter(type="page", id=None, title="Home", review_due="2028-01-01")
TODAY = date(2026, 11, 25)


def test_slug_from_title():
    assert slugify("Recruiting a deputy practice manager") == "recruiting-a-deputy-practice-manager"
    assert slugify("  Café: what's “new”?  ") == "cafe-what-s-new"
    assert len(slugify("word " * 40)) <= 60
    assert slugify("!!!") == ""


def test_next_id_counts_every_file_of_the_type_and_year(project):
    root = project(
        {
            "guidance/a.md": front_matter(id="GD-2026-01"),
            "guidance/b.md": front_matter(id="GD-2026-07", status="draft"),
            "guidance/c.md": front_matter(id="GD-2025-12"),
            "faqs/d.md": "---\nid: FAQ-2026-03\ntitle: [broken\n---\n",
        }
    )
    assert next_id("guidance", 2026, root / "docs") == "GD-2026-08"
    assert next_id("faq", 2026, root / "docs") == "FAQ-2026-04"
    assert next_id("position-paper", 2026, root / "docs") == "PP-2026-01"


@pytest.mark.parametrize("doc_type", ["position-paper", "guidance", "faq"])
def test_every_required_field_of_the_schema_is_written(doc_type):
    text = render(doc_type, "A new document", "GD-2026-01", TODAY, REPO)
    meta = parse(text.encode()).meta
    raw = schema.load_raw_schema(REPO)
    assert list(meta) == schema.required_fields(raw, doc_type, "draft")
    assert meta["status"] == "draft"
    assert (meta["last_reviewed"], meta["review_due"], meta["updated"]) == ("2026-11-25", "2027-11-25", "2026-11-25")


@pytest.mark.parametrize(
    ("doc_type", "folder", "doc_id"),
    [
        ("position-paper", "position-papers", "PP-2026-01"),
        ("guidance", "guidance", "GD-2026-01"),
        ("faq", "faqs", "FAQ-2026-01"),
    ],
)
def test_new_document_passes_the_gate_as_written(project, doc_type, folder, doc_id):
    root = project({"index.md": HOME})
    result = run_kb(root, "new", doc_type, "Working with the local medical committee")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"docs/{folder}/working-with-the-local-medical-committee.md"
    assert f"Created {doc_id} as a draft." in result.stderr
    text = (root / result.stdout.strip()).read_text()
    assert f'id: {doc_id}\ntitle: "Working with the local medical committee"\n' in text
    assert "# Working with the local medical committee\n" in text
    check = run_kb(root, "check")
    assert check.returncode == 0, check.stdout


def test_the_second_document_gets_the_next_id(project):
    root = project({"index.md": HOME, "guidance/first.md": front_matter(id="GD-2026-01")})
    created = create(root, "guidance", "Second guidance", TODAY)
    assert created.doc_id == "GD-2026-02"


def test_a_title_that_needs_quoting_stays_valid(project):
    root = project({"index.md": HOME})
    created = create(root, "faq", 'Questions: "what now?"', TODAY)
    assert parse(created.text.encode()).meta["title"] == 'Questions: "what now?"'
    assert run_kb(root, "check").returncode == 0


def test_refuses_an_unknown_type(project):
    result = run_kb(project({"index.md": HOME}), "new", "blog", "A title")
    assert result.returncode == 1
    assert "kb new: blog is not a document type; choose one of: position-paper, guidance, faq" in result.stderr


def test_refuses_an_empty_title(project):
    result = run_kb(project({"index.md": HOME}), "new", "guidance", "   ")
    assert result.returncode == 1
    assert 'kb new: the title is empty; give one, like TITLE="Recruiting a deputy practice manager"' in result.stderr


def test_refuses_a_title_without_letters(project):
    with pytest.raises(NewDocumentError, match="the title has no letters or numbers to name the file with"):
        create(project({"index.md": HOME}), "guidance", "???", TODAY)


def test_refuses_to_overwrite_an_existing_file(project):
    root = project({"index.md": HOME, "guidance/existing-guidance.md": front_matter()})
    before = (root / "docs/guidance/existing-guidance.md").read_text()
    result = run_kb(root, "new", "guidance", "Existing guidance")
    assert result.returncode == 1
    assert (
        "kb new: docs/guidance/existing-guidance.md already exists; choose a different title, or edit that file"
        in result.stderr
    )
    assert (root / "docs/guidance/existing-guidance.md").read_text() == before


def test_refuses_a_title_the_gate_would_refuse_and_writes_nothing(project):
    root = project({"index.md": HOME})
    result = run_kb(root, "new", "guidance", "A <b>bold</b> title")
    assert result.returncode == 1
    assert "kb new: the new document would not pass the checks:" in result.stderr
    assert "docs/guidance/a-b-bold-b-title.md:3: title: contains markup or template characters" in result.stderr
    assert not (root / "docs/guidance/a-b-bold-b-title.md").exists()


def test_make_new_without_a_title_says_what_to_type():
    import subprocess

    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), "new", "TYPE=guidance"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert 'Give a title: make new TYPE=guidance TITLE="..."' in result.stderr


def test_make_new_without_a_type_says_what_to_type():
    import subprocess

    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), "new", "TITLE=Anything"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert 'Say which type: make new TYPE=guidance TITLE="..." (position-paper, guidance or faq)' in result.stderr


def test_a_missing_template_is_named(tmp_path):
    (tmp_path / "data" / "templates").mkdir(parents=True)
    (tmp_path / "data" / "schema").symlink_to(REPO / "data" / "schema")
    with pytest.raises(NewDocumentError, match=r"there is no template for faq: add data/templates/faq\.md"):
        render("faq", "A title", "FAQ-2026-01", TODAY, tmp_path)


def test_a_required_field_without_an_example_in_the_schema_is_named():
    from kb.workflow.new import field_value

    with pytest.raises(
        NewDocumentError, match="the schema gives no example for the required field colour; add `examples` to it"
    ):
        field_value("colour", {"type": "string"}, {})


def test_next_ids_reads_once_and_agrees_with_next_id_for_each_type(project):
    from kb.workflow.new import next_ids

    root = project({"guidance/a.md": front_matter(id="GD-2026-04"), "faqs/b.md": "---\nid: FAQ-2026-09\n---\n"})
    types = ["guidance", "position-paper", "faq"]
    assert next_ids(types, 2026, root / "docs") == {t: next_id(t, 2026, root / "docs") for t in types}
    assert next_ids(types, 2026, root / "docs") == {
        "guidance": "GD-2026-05",
        "position-paper": "PP-2026-01",
        "faq": "FAQ-2026-10",
    }
