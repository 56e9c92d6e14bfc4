"""Links, headings and pictures in the first stage: each mistake's exact message, file and line."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import front_matter, make_project
from kb.checks.links import anchors_of, link_problems, links_in
from kb.content.documents import load_documents

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
PAGE = front_matter()
BODY_LINE = PAGE.count("\n") + 1  # the file line of the first line appended to PAGE

TARGET = front_matter(id="GD-2025-02", title="Preparing for an inspection") + (
    "\n## Before the visit\n\n## Before the visit\n\n## On the day {#the-day}\n\nText.[^1]\n\n[^1]: A note.\n"
)


def problems_in(tmp_path: Path, body: str, extra: dict[str, str | bytes] | None = None) -> list[str]:
    """The link problems of docs/guidance/x.md, whose text ends with body, beside the inspection page."""
    files = {
        "index.md": front_matter(type="page", id=None, title="Home"),
        "guidance/index.md": front_matter(type="page", id=None, title="Guidance"),
        "guidance/x.md": PAGE + body,
        "guidance/preparing-for-an-inspection.md": TARGET,
        **(extra or {}),
    }
    root = make_project(tmp_path / "project", files)
    documents, _ = load_documents(root)
    return [str(problem) for problem in sorted(link_problems(root, root / "docs", documents, NOW))]


def at(line: int, text: str) -> str:
    return f"docs/guidance/x.md:{BODY_LINE + line}: {text}"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "See [the guide](preparing-for-an-inspecton.md).\n",
            "link: preparing-for-an-inspecton.md: there is no page docs/guidance/preparing-for-an-inspecton.md"
            " (did you mean preparing-for-an-inspection.md?)",
        ),
        (
            "See [the day](preparing-for-an-inspection.md#on-the-day).\n",
            "link: preparing-for-an-inspection.md#on-the-day: docs/guidance/preparing-for-an-inspection.md has no"
            " heading with the link #on-the-day (did you mean #the-day?)",
        ),
        (
            "See [visit](preparing-for-an-inspection.md#before-the-visit_2).\n",
            "link: preparing-for-an-inspection.md#before-the-visit_2: docs/guidance/preparing-for-an-inspection.md"
            " has no heading with the link #before-the-visit_2 (did you mean #before-the-visit_1?)",
        ),
        (
            "![A rota with three shifts](rota.png)\n",
            "picture: rota.png: there is no picture docs/guidance/rota.png"
            " (save the picture in docs/guidance/, the folder of this page, and write its file name here)",
        ),
        (
            "See [guidance](../guidance/).\n",
            "link: ../guidance/: this is a folder, not a page (link to its page: ../guidance/index.md)",
        ),
        (
            "See [the guide](/guidance/preparing-for-an-inspection/).\n",
            "link: /guidance/preparing-for-an-inspection/: a link starting with / breaks in previews and if the site"
            " moves (write the link from this file's folder: preparing-for-an-inspection.md)",
        ),
        (
            "See [the guide](preparing-for-an-inspection).\n",
            "link: preparing-for-an-inspection: a link to a page ends in .md (write preparing-for-an-inspection.md)",
        ),
        (
            "See [below](#nowhere).\n",
            "link: #nowhere: this page has no heading with the link #nowhere"
            " (copy the link from the symbol beside the heading on that page)",
        ),
        (
            "See [the guide](..\\guidance\\preparing-for-an-inspection.md).\n",
            "link: ..\\guidance\\preparing-for-an-inspection.md: folders are separated by /, not \\"
            " (write ../guidance/preparing-for-an-inspection.md)",
        ),
        (
            "See [up](../../outside.md).\n",
            "link: ../../outside.md: this goes outside the docs folder (link to a page inside docs/)",
        ),
        (
            'Read <a href="preparing-for-an-inspection.md">the guide</a>.\n',
            "link: preparing-for-an-inspection.md: a link to a .md file does not work in HTML"
            " (write it as a Markdown link: [text](preparing-for-an-inspection.md))",
        ),
        (
            'Read <a href="../nowhere/">this</a>.\n',
            "link: ../nowhere/: there is no page or file at this address"
            " (write the link in Markdown, [text](file.md), so the checks can follow it)",
        ),
        (
            "See [the guide][guide].\n\n[guide]: preparing-for-an-inspecton.md\n",
            None,  # on the line of the reference definition, two lines further down
        ),
    ],
)
def test_each_broken_link_is_named_at_its_line_with_the_fix(tmp_path, body, expected):
    found = problems_in(tmp_path, "\n" + body)
    if expected is None:
        assert found == [
            at(
                3,
                "link: preparing-for-an-inspecton.md: there is no page docs/guidance/preparing-for-an-inspecton.md"
                " (did you mean preparing-for-an-inspection.md?)",
            )
        ]
    else:
        assert found == [at(1, expected)]


def test_a_picture_with_a_near_name_is_suggested(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    found = problems_in(tmp_path, "\n![A rota](rota-exmple.png)\n", {"guidance/rota-example.png": png})
    assert found == [
        at(
            1,
            "picture: rota-exmple.png: there is no picture docs/guidance/rota-exmple.png (did you mean"
            " rota-example.png? Otherwise save the picture in docs/guidance/, the folder of this page,"
            " and write its file name here)",
        )
    ]


def test_links_that_work_are_not_reported(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    body = (
        "\n[a](preparing-for-an-inspection.md) [b](preparing-for-an-inspection.md#before-the-visit)"
        " [c](preparing-for-an-inspection.md#before-the-visit_1) [d](preparing-for-an-inspection.md#the-day)"
        " [e](preparing-for-an-inspection.md#fn:1) [f](../index.md) [g](index.md) ![h](rota.png)"
        " [i](https://example.org/x.md) [j](mailto:a@example.org) [k](#a-valid-guidance-page)"
        ' [l](../glossary.md#term-pcn) <a href="../../catalogue.json">m</a> <img src="../rota.png" alt="n">'
        ' [o](preparing-for-an-inspection.md?x=1) [p](<preparing-for-an-inspection.md> "Title")'
        " [q](preparing\\-for-an-inspection.md)\n"
    )
    extra = {
        "guidance/rota.png": png,
        "glossary.md": front_matter(type="page", id=None, title="Glossary") + "\n{{ glossary_list() }}\n",
    }
    assert problems_in(tmp_path, body, extra) == []


def test_links_in_code_comments_and_template_code_are_not_links(tmp_path):
    body = (
        "\n`[a](nowhere.md)` and ``[b](nowhere.md)``\n\n```markdown\n[c](nowhere.md)\n```\n\n"
        "~~~\n![d](nowhere.png)\n~~~\n\n<!-- [e](nowhere.md)\n[f](nowhere.md) -->\n\n"
        '{{ document_list(type="guidance") }}\n'
    )
    assert problems_in(tmp_path, body) == []


def test_a_draft_is_not_checked_until_it_is_published(tmp_path):
    files = {"guidance/draft.md": front_matter(id="GD-2025-09", status="draft", published=None) + "[a](no.md)\n"}
    root = make_project(tmp_path / "project", files)
    documents, _ = load_documents(root)
    assert link_problems(root, root / "docs", documents, NOW) == []


def test_heading_links_follow_python_markdown():
    body = (
        "# Café & bar\n\n## Why **now**?\n\n## Why now?\n\nSetext heading\n--------------\n\n"
        "## With an [inline link](x.md)\n\n## Own id { #mine .wide }\n\n"
        '<div id="raw-id"></div>\n\n{: #block-id }\n\n```\n## Not a heading\n```\n'
    )
    assert anchors_of(body) == {
        "cafe-bar",
        "why-now",
        "why-now_1",
        "setext-heading",
        "with-an-inline-link",
        "mine",
        "raw-id",
        "block-id",
    }


def test_every_link_form_is_found_at_its_line():
    from conftest import documents_from

    (document,) = documents_from(
        {
            "guidance/x.md": PAGE
            + '\n[a](one.md) ![b](two.png)\n[c]: three.md\n<a href="four/">d</a> <img src="five.png">\n'
        }
    )
    assert [(link.line - BODY_LINE, link.target, link.picture, link.html) for link in links_in(document)] == [
        (1, "one.md", False, False),
        (1, "two.png", True, False),
        (2, "three.md", False, False),
        (3, "four/", False, True),
        (3, "five.png", True, True),
    ]
