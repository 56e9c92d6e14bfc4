"""Each everyday YAML mistake: its own message, at its own line, with the file named, as `kb check` prints it."""

from pathlib import Path

import pytest

from kb.content.documents import load_documents

FIELDS = "type: guidance\nstatus: draft\n"


def problems_for(tmp_path: Path, front_matter: str) -> list[str]:
    docs = tmp_path / "docs" / "guidance"
    docs.mkdir(parents=True)
    (docs / "complaints.md").write_text(f"---\n{front_matter}---\n\n# Text\n", encoding="utf-8")
    documents, problems = load_documents(tmp_path)
    assert documents == []
    return [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        (
            "title: Complaints: a checklist\n" + FIELDS,
            "2: front matter: the title has a colon in it, which is read as the start of another field"
            ' (put the title in double quotes: title: "Complaints: a checklist")',
        ),
        (
            'title: x\nsummary: Say "hello": then go\n' + FIELDS,
            "3: front matter: the summary has a colon in it, which is read as the start of another field"
            """ (put the summary in double quotes: summary: 'Say "hello": then go')""",
        ),
        (
            'title: "Complaints a checklist\n' + FIELDS,
            '2: front matter: the title opens with " but the quote is never closed'
            ' (end the text with " on the same line: title: "Complaints a checklist")',
        ),
        (
            "title: x\nnations: [England, Wales\n" + FIELDS,
            "3: front matter: the list under nations opens with [ but is never closed"
            " (end the list with ] on the same line: nations: [England, Wales])",
        ),
        (
            'title: "Complaints" a checklist\n' + FIELDS,
            "2: front matter: the title has more text after its closing quote"
            """ (put the whole value inside the quotes: title: '"Complaints" a checklist')""",
        ),
        (
            "title: x\n  summary: y\n" + FIELDS,
            "3: front matter: summary is indented further than title on the line above"
            " (line summary up with title: the same number of spaces before both)",
        ),
        (
            "title: x\nchanges:\n  - version: '1.0'\n     date: 2025-01-01\n" + FIELDS,
            "5: front matter: date is indented further than version on the line above"
            " (line date up with version: the same number of spaces before both)",
        ),
        (
            "title:Complaints\nsummary: y\n" + FIELDS,
            "2: front matter: there is no space after the colon in title:"
            " (write one space after the colon: title: Complaints)",
        ),
        (
            "title: x\ntopics: - complaints\n" + FIELDS,
            "3: front matter: the list under topics starts on the same line as the field name"
            " (put each item on its own line below topics:, starting with - , or write topics: [complaints])",
        ),
        (
            "title: @home working\n" + FIELDS,
            "2: front matter: the title starts with @, which cannot start a value unless it is in quotes"
            ' (put the title in double quotes: title: "@home working")',
        ),
        (
            "title: x\nsummary y\n" + FIELDS,
            "3: front matter: the line 'summary y' has no colon, so it is not a field"
            " (write it as name: value; if it belongs to the line above, join the two lines)",
        ),
        (
            "title: x\n\tsummary: y\n" + FIELDS,
            "3: front matter: the front matter contains a tab character (indent with spaces, never tabs)",
        ),
    ],
)
def test_each_mistake_has_its_own_message_at_its_line(tmp_path, front_matter, expected):
    assert problems_for(tmp_path, front_matter) == [f"docs/guidance/complaints.md:{expected}"]


def test_a_folded_value_under_a_field_is_not_taken_for_a_mistake(tmp_path):
    """Text under `summary: >` is indented on purpose; the mistake is the colon further down."""
    text = "summary: >\n  One line\n  and another.\ntitle: Complaints: a checklist\n" + FIELDS
    assert problems_for(tmp_path, text) == [
        "docs/guidance/complaints.md:5: front matter: the title has a colon in it, which is read as the start of"
        ' another field (put the title in double quotes: title: "Complaints: a checklist")'
    ]


def test_a_mistake_it_does_not_know_keeps_the_general_message(tmp_path):
    assert problems_for(tmp_path, "title: x\nquestions: [What is this?]\n" + FIELDS) == [
        "docs/guidance/complaints.md:3: front matter: the list in [ ] on this line cannot be read"
        " (expected ',' or ']', but got '?') (put each item in quotes, like [\"What is this?\"],"
        " or write one item per line starting with - )"
    ]
