"""Links and files of hidden documents."""

from datetime import UTC, datetime

import pytest

from conftest import front_matter
from kb.checks.leaks import files_only_hidden_documents_use, link_targets, links_to_hidden_documents, resolve
from kb.content.documents import Document
from kb.content.frontmatter import parse

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def document(src_uri: str, **changes: object) -> Document:
    body = changes.pop("body", "Some text.")
    text = front_matter(**changes).replace("Some text.", str(body))
    return Document(source=None, src_uri=src_uri, repo_path="docs/" + src_uri, parsed=parse(text.encode()))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("draft.md", "guidance/draft.md"),
        ("../faqs/x.md#part", "faqs/x.md"),
        ("./images/a%20b.png?x=1", "guidance/images/a b.png"),
        ("/guidance/y.md", "guidance/y.md"),
        ("https://example.org/draft.md", ""),
        ("mailto:a@b.example", ""),
        ("#anchor", ""),
        ("../../outside.md", ""),
    ],
)
def test_addresses_resolve_inside_docs(address, expected):
    assert resolve(address, "guidance/page.md") == expected


def test_link_targets_are_found_in_markdown_and_html():
    text = "[a](one.md)\n![b](two.png)\n\n[ref]: three.md\n<img src='four.png'>\n"
    assert [(t.line, t.src_uri) for t in link_targets(text, "guidance/p.md")] == [
        (1, "guidance/one.md"),
        (2, "guidance/two.png"),
        (4, "guidance/three.md"),
        (5, "guidance/four.png"),
    ]


def test_a_public_page_linking_to_hidden_pages_is_refused():
    public = document("guidance/public.md", body="See [the draft](draft.md).\n\nAnd [the embargoed](embargoed.md#x).")
    draft = document("guidance/draft.md", id="GD-2025-02", status="draft")
    embargoed = document("guidance/embargoed.md", id="GD-2025-03", embargo_until="2027-01-01T00:00:00+00:00")
    withdrawn = document(
        "guidance/gone.md",
        id="GD-2025-04",
        status="withdrawn",
        withdrawn_reason="No longer right.",
        show_withdrawal_notice=False,
    )
    linking_withdrawn = document("guidance/other.md", id="GD-2025-05", body="[Gone](gone.md)")
    problems = [
        str(p) for p in links_to_hidden_documents([public, draft, embargoed, withdrawn, linking_withdrawn], NOW)
    ]
    assert problems == [
        "docs/guidance/public.md:24: link: draft.md: docs/guidance/draft.md is not published, because it is a draft (take the link out until that page is published)",
        "docs/guidance/public.md:26: link: embargoed.md#x: docs/guidance/embargoed.md is not published, because it is embargoed until 2027-01-01T00:00:00+00:00 (take the link out until that page is published)",
        "docs/guidance/other.md:24: link: gone.md: docs/guidance/gone.md is not published, because it was withdrawn without a notice (take the link out until that page is published)",
    ]


def test_hidden_pages_may_link_to_each_other():
    draft = document("guidance/draft.md", status="draft", body="[Other draft](other.md)")
    other = document("guidance/other.md", id="GD-2025-02", status="draft")
    assert links_to_hidden_documents([draft, other], NOW) == []


def test_files_only_hidden_documents_use():
    public = document("guidance/public.md", body="![a](shared.png) ![b](public.png)")
    draft = document(
        "guidance/draft.md",
        id="GD-2025-02",
        status="draft",
        body="![a](shared.png) ![c](secret.png) [p](public.md) [d](notes.pdf)",
    )
    snippet = {"_includes/s.md": "![e](../guidance/notes.pdf)"}
    assert files_only_hidden_documents_use([public, draft], NOW) == {"guidance/secret.png", "guidance/notes.pdf"}
    assert files_only_hidden_documents_use([public, draft], NOW, snippet) == {"guidance/secret.png"}


@pytest.mark.parametrize(
    "written",
    [
        "![c](<embargoed chart.png>)",
        '![c](embargoed%20chart.png "A title")',
        "[c][m]\n\n[m]: <embargoed chart.png>",
        '<img src="embargoed chart.png" alt="c">',
        "<a href='embargoed chart.png'>c</a>",
        "![c](embargoed&#32;chart.png)",
    ],
)
def test_every_way_of_writing_an_address_with_a_space_is_found(written):
    assert [t.src_uri for t in link_targets(written, "about/x.md")] == ["about/embargoed chart.png"]


def test_markdown_escapes_and_parentheses_in_addresses_are_read_as_markdown_reads_them():
    assert [t.src_uri for t in link_targets(r"![a](a\_b.png) [f](file(1).pdf)", "x.md")] == ["a_b.png", "file(1).pdf"]
