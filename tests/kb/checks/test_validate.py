"""Every validator rule, with the exact words an author sees."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import REPO, VALID_GUIDANCE, front_matter
from kb.checks.validate import Validator, question_headings
from kb.content.documents import Document, site_address
from kb.content.frontmatter import parse

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
VALIDATOR = Validator(REPO)

PAPER = {
    **VALID_GUIDANCE,
    "id": "PP-2025-01",
    "type": "position-paper",
    "key_asks": ["Recognise practice managers in workforce planning."],
}
FAQ = {**VALID_GUIDANCE, "id": "FAQ-2025-01", "type": "faq", "questions": ["What is this?"]}


def document(text: str, src_uri: str = "guidance/example.md") -> Document:
    return Document(
        source=Path("/x") / src_uri, src_uri=src_uri, repo_path=f"docs/{src_uri}", parsed=parse(text.encode())
    )


def problems(*documents: Document) -> list[str]:
    return [str(p) for p in VALIDATOR.check_all(list(documents), NOW)]


def only_problem(text: str, src_uri: str = "guidance/example.md") -> str:
    found = problems(document(text, src_uri))
    assert len(found) == 1, found
    return found[0]


def test_a_valid_document_has_no_problems():
    assert problems(document(front_matter())) == []


def test_valid_paper_and_faq_have_no_problems():
    paper = document(front_matter(PAPER), "position-papers/p.md")
    faq = document(front_matter(FAQ).replace("Some text.", "## What is this?\n\nAn answer."), "faqs/f.md")
    assert problems(paper, faq) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"title": None},
            "docs/guidance/example.md:1: title: is missing; it is required (add a line like `title: Recognising primary care managers in the 10-Year Health Plan`; the name of the document, as readers see it",
        ),
        (
            {"summary": None},
            "docs/guidance/example.md:1: summary: is missing; it is required (add a line like `summary: ",
        ),
        (
            {"id": None},
            "docs/guidance/example.md:1: id: is missing; it is required for a position paper, guidance, an FAQ (add a line like `id: PP-2025-01`",
        ),
        (
            {"published": None},
            "docs/guidance/example.md:1: published: is missing; it is required for a position paper, guidance, an FAQ when status is published or consultation or superseded or withdrawn (add a line like `published: ",
        ),
        (
            {"nations": None},
            "docs/guidance/example.md:1: nations: is missing; it is required for a position paper, guidance, an FAQ (add `nations:` with one item per line, like `nations: [England, Wales]`",
        ),
        (
            {"Title": "Capital"},
            "docs/guidance/example.md:20: Title: is not a field we know (field names are lower case: write title)",
        ),
        (
            {"review-due": "2027-01-01"},
            "docs/guidance/example.md:20: review-due: is not a field we know (write review_due)",
        ),
        ({"sumary": "typo"}, "docs/guidance/example.md:20: sumary: is not a field we know (did you mean summary?)"),
        (
            {"colour": "blue"},
            "docs/guidance/example.md:20: colour: is not a field we know (delete it, or check the spelling against the field reference in the contributor guide)",
        ),
        (
            {"status": "live"},
            "docs/guidance/example.md:6: status: 'live' is not an allowed value (choose one of: draft, consultation, published, superseded, withdrawn)",
        ),
        (
            {"status": "publshed"},
            "docs/guidance/example.md:6: status: 'publshed' is not an allowed value (did you mean published? Otherwise choose one of:",
        ),
        (
            {"topics": ["workforse"]},
            "docs/guidance/example.md:11: topics.1: 'workforse' is not an allowed value (did you mean workforce? Otherwise choose one of: the-institute",
        ),
        ({"topics": ["gardening"]}, "or ask an editor to add it to data/topics.yml)"),
        (
            {"owner": "someone"},
            "docs/guidance/example.md:12: owner: 'someone' is not an allowed value (choose one of: policy-editor",
        ),
        (
            {"nations": ["Englund"]},
            "docs/guidance/example.md:9: nations.1: 'Englund' is not an allowed value (did you mean England?",
        ),
        (
            {"nations": "England"},
            "docs/guidance/example.md:8: nations: must be a list, not text (write each item on its own line under `nations:`, starting with - )",
        ),
        (
            {"nations": []},
            "docs/guidance/example.md:8: nations: needs at least 1 item(s) (add an item on its own line starting with - )",
        ),
        (
            {"nations": ["England", "England"]},
            "docs/guidance/example.md:8: nations: lists the same item more than once (delete the repeated item)",
        ),
        (
            {"title": ["a", "list"]},
            "docs/guidance/example.md:3: title: must be text, not a list (write the text after the colon; put it in quotes if it contains a colon)",
        ),
        (
            {"title": "<script>alert(1)</script>"},
            "docs/guidance/example.md:3: title: contains markup or template characters in '<script>alert(1)</script>' (use plain words only: no < > { } characters, HTML or template code)",
        ),
        (
            {"summary": "A summary with {{ config }} in it, which is template code."},
            "summary: contains markup or template characters",
        ),
        ({"title": "Bell\x07 character"}, "title: contains an invisible control character (retype the text"),
        (
            {"title": "Hi"},
            "docs/guidance/example.md:3: title: is too short (at least 3 characters) (say a little more)",
        ),
        (
            {"summary": "x" * 401},
            "docs/guidance/example.md:4: summary: is too long (401 characters; at most 400) (shorten it; put detail in the text of the page)",
        ),
        (
            {"id": "guidance-one"},
            "docs/guidance/example.md:2: id: 'guidance-one' is not in the right form (write it like PP-2025-01, GD-2024-03 or FAQ-2023-01)",
        ),
        (
            {"version": "v1"},
            "docs/guidance/example.md:19: version: 'v1' is not in the right form (write it as two numbers with a dot, in quotes, like \"1.0\")",
        ),
        (
            {"published": "2025-13-45"},
            "docs/guidance/example.md:15: published: '2025-13-45' is not a real date (write the date as YYYY-MM-DD, like 2025-07-01)",
        ),
        ({"published": "1 March 2025"}, "published: '1 March 2025' is not a real date"),
        (
            {"embargo_until": "2030-01-01 09:00"},
            "embargo_until: '2030-01-01 09:00' is not a real date and time with an offset (write it like 2026-03-01T09:00:00+00:00, in quotes)",
        ),
        (
            {
                "show_withdrawal_notice": "maybe",
                "status": "withdrawn",
                "withdrawn_reason": "Replaced by other guidance.",
            },
            "show_withdrawal_notice: must be true or false, not text (write true or false)",
        ),
        ({"type": "news"}, "type: 'news' is not an allowed value (choose one of: position-paper, guidance, faq, page)"),
    ],
)
def test_schema_problems_name_line_field_and_fix(changes, expected):
    assert expected in only_problem(front_matter(**changes))


def test_all_problems_are_reported_in_one_run():
    found = problems(document(front_matter(title=None, status="live", nations="England")))
    assert sorted(p.split(": ")[1] for p in found) == ["nations", "status", "title"]


def test_paper_needs_key_asks():
    assert "key_asks: is missing; it is required for a position paper (add a line" in only_problem(
        front_matter(PAPER, key_asks=None), "position-papers/p.md"
    )


def test_faq_needs_questions():
    text = front_matter(FAQ, questions=None)
    assert "questions: is missing; it is required for an FAQ" in only_problem(text, "faqs/f.md")


def test_faq_questions_must_match_headings():
    text = front_matter(FAQ).replace("Some text.", "## Something else?\n\nAnswer.")
    found = problems(document(text, "faqs/f.md"))
    assert (
        "docs/faqs/f.md:21: questions.1: 'What is this?' has no matching heading in the text (add a line `## What is this?` followed by its answer"
        in found[0]
    )
    assert (
        "questions: the heading 'Something else?' is not listed in questions (add it to the questions list" in found[1]
    )


def test_question_headings_ignore_code_blocks():
    assert question_headings("## One\n```\n## not a heading\n```\n## Two ##\n") == {"One": 0, "Two": 4}


def test_superseded_needs_successor():
    assert "superseded_by: is missing; it is required when status is superseded" in only_problem(
        front_matter(status="superseded")
    )


def test_consultation_needs_its_details():
    assert "consultation: is missing; it is required when status is consultation" in only_problem(
        front_matter(status="consultation")
    )


def test_consultation_details_are_checked():
    found = only_problem(front_matter(status="consultation", consultation={"closes": "2026-01-01"}))
    assert (
        "consultation.how_to_respond: is missing; it is required (add `how_to_respond:` under `consultation`)" in found
    )


def test_withdrawn_needs_a_reason():
    assert "withdrawn_reason: is missing; it is required when status is withdrawn" in only_problem(
        front_matter(status="withdrawn")
    )


@pytest.mark.parametrize(
    ("src_uri", "changes", "expected"),
    [
        (
            "faqs/x.md",
            {},
            "type: is guidance but the file is not in docs/guidance/ (move the file into docs/guidance/, or correct the type)",
        ),
        (
            "guidance/x.md",
            {"id": "PP-2025-09"},
            "id: PP-2025-09 does not match the type guidance (ids of guidance start with GD-)",
        ),
        (
            "guidance/x.md",
            {"type": "page", "id": None},
            "type: a plain page cannot live in docs/guidance/ (set the type to the kind of document this is",
        ),
        (
            "about/x.md",
            {"type": "page"},
            "id: plain pages do not have ids (delete the id line, or set the type of document)",
        ),
    ],
)
def test_placement_rules(src_uri, changes, expected):
    assert expected in " | ".join(problems(document(front_matter(**changes), src_uri)))


def test_ids_must_be_unique():
    first = document(front_matter(), "guidance/a.md")
    second = document(front_matter(), "guidance/b.md")
    assert problems(first, second) == [
        "docs/guidance/b.md:2: id: GD-2025-01 is already used by docs/guidance/a.md (change it to the next free id, GD-2025-02)"
    ]


def test_a_new_draft_sorting_first_is_blamed_not_the_published_page():
    """The draft's file name sorts first; the published page keeps its id, and the draft is told a real free id."""
    published = document(front_matter(), "guidance/z-published.md")
    draft = document(front_matter(status="draft", published=None), "guidance/a-new-page.md")
    other = document(front_matter(id="GD-2025-07"), "guidance/other.md")
    assert problems(draft, other, published) == [
        "docs/guidance/a-new-page.md:2: id: GD-2025-01 is already used by docs/guidance/z-published.md"
        " (change it to the next free id, GD-2025-08)"
    ]


def test_the_page_in_the_ledger_keeps_its_id_even_when_both_are_public():
    recorded = document(front_matter(), "guidance/z-recorded.md")
    new = document(front_matter(), "guidance/a-new.md")
    found = VALIDATOR.check_all([new, recorded], NOW, recorded=frozenset({"guidance/z-recorded.md"}))
    assert [str(p) for p in found] == [
        "docs/guidance/a-new.md:2: id: GD-2025-01 is already used by docs/guidance/z-recorded.md"
        " (change it to the next free id, GD-2025-02)"
    ]


def test_three_documents_with_one_id_get_two_different_free_ids():
    texts = [document(front_matter(), f"guidance/{name}.md") for name in ("a", "b", "c")]
    assert problems(*texts) == [
        "docs/guidance/b.md:2: id: GD-2025-01 is already used by docs/guidance/a.md"
        " (change it to the next free id, GD-2025-02)",
        "docs/guidance/c.md:2: id: GD-2025-01 is already used by docs/guidance/a.md"
        " (change it to the next free id, GD-2025-03)",
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("faqs/contributing.md", "faqs/contributing/index.md"),
        ("guidance/a/index.md", "guidance/a/README.md"),
        ("guidance/a.md", "guidance/a/index.md"),
    ],
)
def test_two_files_at_one_address_are_refused(first, second):
    documents = [
        document(front_matter(type="page", id=None, title="One"), first),
        document(front_matter(type="page", id=None, title="Two"), second),
    ]
    found = [p for p in problems(*documents) if "would be published" in p]
    later, earlier = sorted((first, second), reverse=True)
    assert found == [
        f"docs/{later}:1: address: would be published at /{first.removesuffix('.md').removesuffix('/index')}/, the address of docs/{earlier}; one page would silently replace the other (rename this file or move it to another folder)"
    ]


@pytest.mark.parametrize(
    ("src_uri", "address"),
    [("index.md", "/"), ("README.md", "/"), ("a/b.md", "/a/b/"), ("a/b/index.md", "/a/b/"), ("a/README.md", "/a/")],
)
def test_site_address_is_mkdocs_directory_address(src_uri, address):
    assert site_address(src_uri) == address


@pytest.mark.parametrize("field", ["supersedes", "read_instead"])
def test_referenced_ids_must_exist(field):
    changes = {field: "GD-2019-99"}
    if field == "read_instead":
        changes |= {"status": "withdrawn", "withdrawn_reason": "No longer accurate."}
    assert f"{field}: GD-2019-99 is not the id of any document (check the id" in only_problem(front_matter(**changes))


def test_related_ids_must_exist_and_not_be_itself():
    found = problems(document(front_matter(related=["GD-2019-99", "GD-2025-01"])))
    assert found == [
        "docs/guidance/example.md:21: related.1: GD-2019-99 is not the id of any document (check the id; every document's id is at the top of its file)",
        "docs/guidance/example.md:22: related.2: points at this document itself (name a different document)",
    ]


def test_superseded_document_and_successor_must_agree():
    old = document(front_matter(status="superseded", superseded_by="GD-2025-02"), "guidance/old.md")
    new = document(front_matter(id="GD-2025-02"), "guidance/new.md")
    assert problems(old, new) == [
        "docs/guidance/new.md:1: supersedes: is missing or wrong: GD-2025-01 says this document replaces it (add `supersedes: GD-2025-01`)"
    ]


def test_successor_must_be_published_before_the_old_document_is_superseded():
    old = document(front_matter(status="superseded", superseded_by="GD-2025-02"), "guidance/old.md")
    new = document(front_matter(id="GD-2025-02", status="draft", supersedes="GD-2025-01"), "guidance/new.md")
    assert "superseded_by: GD-2025-02 is not published yet, so it cannot replace this document" in problems(old, new)[0]


def test_published_successor_requires_old_document_to_be_superseded():
    old = document(front_matter(), "guidance/old.md")
    new = document(front_matter(id="GD-2025-02", supersedes="GD-2025-01"), "guidance/new.md")
    assert problems(old, new) == [
        "docs/guidance/old.md:6: status: is published, but GD-2025-02 (docs/guidance/new.md) replaces it (set status: superseded and superseded_by: GD-2025-02)"
    ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"superseded_by": "GD-2025-01"},
            "superseded_by: is set but status is published (set status: superseded, or delete superseded_by)",
        ),
        ({"withdrawn_reason": "Because."}, "withdrawn_reason: only applies to withdrawn documents"),
        (
            {"consultation": {"closes": "2026-01-01", "how_to_respond": "Email the policy editor."}},
            "consultation: only applies while status is consultation",
        ),
        (
            {"updated": "2024-01-01"},
            "updated: 2024-01-01 is before the published date 2025-01-10 (the updated date is the same as or after the published date)",
        ),
        (
            {"review_due": "2025-06-01"},
            "review_due: 2025-06-01 is not after last_reviewed 2025-06-01 (set the next review date after the last review, usually a year later)",
        ),
        (
            {"last_reviewed": "2027-01-01", "review_due": "2028-01-01"},
            "last_reviewed: 2027-01-01 is in the future (use the date the review actually happened)",
        ),
        (
            {"published": "2027-01-01", "updated": "2027-01-01"},
            "published: 2027-01-01 is in the future (to publish later, use embargo_until",
        ),
        (
            {"version": "1.1", "changes": [{"version": "1.0", "date": "2025-01-10", "summary": "First."}]},
            "changes.1.version: the newest entry is 1.0 but version is 1.1 (put the newest version first and make it match version)",
        ),
        (
            {
                "version": "1.0",
                "changes": [
                    {"version": "1.0", "date": "2025-01-10", "summary": "First."},
                    {"version": "1.1", "date": "2025-02-10", "summary": "Later."},
                ],
            },
            "changes: is not in order, newest first",
        ),
    ],
)
def test_collection_rules(changes, expected):
    assert expected in " | ".join(problems(document(front_matter(**changes))))


def test_consultation_cannot_close_before_it_opens():
    text = front_matter(
        status="consultation", consultation={"closes": "2025-01-01", "how_to_respond": "Email the policy editor."}
    )
    assert (
        "consultation.closes: 2025-01-01 is before the published date 2025-01-10 (a consultation closes after it opens)"
        in only_problem(text)
    )


def test_embargoed_document_may_have_future_dates():
    text = front_matter(published="2030-01-01", updated="2030-01-01", embargo_until="2030-01-01T09:00:00+00:00")
    assert problems(document(text)) == []


def test_draft_may_have_future_dates_and_no_published_date():
    assert problems(document(front_matter(status="draft", published=None))) == []


def test_a_misspelt_required_field_gets_one_message_not_two():
    text = front_matter(summary=None, sumary="A valid guidance page used as the starting point of tests.")
    assert problems(document(text)) == [
        "docs/guidance/example.md:19: sumary: is not a field we know (did you mean summary?)"
    ]
