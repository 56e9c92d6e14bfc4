"""The contributor guide's generated parts agree with the schema and the validator."""

from datetime import UTC, datetime

import pytest

from conftest import REPO
from kb.checks.validate import Validator
from kb.content import schema
from kb.workflow import authoring

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
RAW = schema.load_raw_schema(REPO)
VALIDATOR = Validator(REPO)


def test_the_field_reference_has_a_section_for_every_schema_field_in_order():
    text = authoring.render_field_reference(RAW)
    headings = [line.removeprefix("### `").removesuffix("`") for line in text.splitlines() if line.startswith("### ")]
    assert headings == RAW["x-field-order"]


def test_the_field_reference_uses_the_schema_wording():
    text = authoring.render_field_reference(RAW)
    for name in RAW["x-field-order"]:
        assert RAW["properties"][name]["description"] in text


def test_the_field_reference_says_when_a_field_is_required():
    text = authoring.field_reference(REPO)
    assert "- **Required:** for every document" in text
    assert "- **Required:** for position papers, guidance and FAQs" in text
    assert "- **Required:** for position papers\n" in text
    assert "- **Required:** when status is superseded" in text
    assert "- **Required:** no, optional" in text


def test_the_field_reference_lists_vocabulary_ids_and_examples():
    text = authoring.field_reference(REPO)
    assert "an id from `data/topics.yml`: `the-institute`" in text
    assert "- **Example:** `nations: [England, Wales]`" in text
    assert "- **Example:** `version: '1.0'`" in text


def test_conditions_requiring_reads_status_rules_only():
    assert authoring.conditions_requiring(RAW, "consultation") == ["when status is consultation"]
    assert authoring.conditions_requiring(RAW, "key_asks") == []


def test_the_base_example_is_valid_so_each_message_comes_from_its_mistake():
    base = authoring.CheckExample("none", "none")
    assert authoring.problems_for_example(base, VALIDATOR, NOW) == []


@pytest.mark.parametrize("example", authoring.CHECK_EXAMPLES, ids=lambda e: e.mistake)
def test_every_documented_mistake_produces_a_real_message(example):
    problems = authoring.problems_for_example(example, VALIDATOR, NOW)
    assert problems
    assert all(p.path == f"docs/{example.path}" for p in problems)


def test_the_rendered_messages_are_the_validators_exact_words():
    text = authoring.render_check_messages(VALIDATOR, NOW)
    for example in authoring.CHECK_EXAMPLES:
        for problem in authoring.problems_for_example(example, VALIDATOR, NOW):
            assert authoring.quoted_message(str(problem)) in text
    assert (
        "docs/guidance/example.md:15: review\\_due: '01/06/2026' is not a real date \\(write the date as YYYY-MM-DD, like 2025-07-01\\)"
        in text
    )


def test_a_quoted_message_shows_markup_and_markdown_as_text():
    assert (
        authoring.quoted_message("title: 'a <b>bold</b> *word*'") == "> title: 'a &lt;b&gt;bold&lt;/b&gt; \\*word\\*'"
    )


def test_the_base_faq_example_is_valid_once_its_heading_matches():
    faq = next(e for e in authoring.CHECK_EXAMPLES if e.path.startswith("faqs/"))
    fixed = authoring.CheckExample("none", "none", base=faq.base, path=faq.path, body="## Who can join?\n\nAnyone.\n")
    assert authoring.problems_for_example(fixed, VALIDATOR, NOW) == []


def test_roles_show_vacancies_from_people_data():
    text = authoring.render_roles([{"id": "web-editor", "role": "Web editor", "name": None, "github": None}])
    assert "| Web editor | `web-editor` | *vacancy* | *to be confirmed* |" in text
    assert "| Policy editor | `policy-editor` |" in authoring.roles(REPO)


def test_a_field_required_by_type_and_status_says_both():
    text = authoring.field_reference(REPO)
    assert (
        "- **Required:** for position papers, guidance and FAQs, when status is published or consultation or superseded or withdrawn"
        in text
    )


@pytest.mark.parametrize("doc_type", ["position-paper", "guidance", "faq"])
def test_document_template_shows_what_make_new_writes(doc_type):
    from kb.workflow.new import render

    shown = authoring.document_template(doc_type, REPO)
    assert shown.startswith("```markdown\n---\n") and shown.endswith("\n```\n")
    text = shown.removeprefix("```markdown\n").removesuffix("```\n")
    assert f"type: {doc_type}\n" in text
    assert "status: draft\n" in text
    year = authoring.build_time().year
    assert (
        f"id: {authoring.ID_PREFIX_FOR_TYPE[doc_type]}-{year}-01\n" in text
    )  # the year's first, not read from every document
    written = render(doc_type, authoring.EXAMPLE_TITLES[doc_type], "XX-2026-01", datetime(2026, 11, 25).date(), REPO)
    assert text.split("---\n", 2)[2] == written.split("---\n", 2)[2]
