"""The contributor guide's generated parts agree with the schema and the validator."""

import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import REPO
from kb.checks.validate import Validator, validate_project
from kb.content import schema
from kb.content.frontmatter import parse
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
    assert "- **Allowed values:** an id from `data/topics.yml`:\n    - `the-institute`: The Institute. Who we" in text
    assert "- **Example:** `nations: [England, Wales]`" in text
    assert "- **Example:** `version: '1.0'`" in text


def test_every_topic_is_described_from_the_topics_file_so_an_author_can_choose():
    from kb.content.vocabularies import load_data_file

    text = authoring.field_reference(REPO)
    topics = text[text.index("### `topics`") : text.index("### `owner`")]
    for topic in load_data_file("topics", REPO)["topics"]:
        assert f"    - `{topic['id']}`: {topic['label']}. {topic['description']}\n" in topics


def test_roles_are_named_for_owner_and_authors():
    text = authoring.render_field_reference(
        RAW, {"people": {"web-editor": "Web editor"}, "topics": {"x-topic": "A *starred* topic."}}
    )
    assert text.count("    - `web-editor`: Web editor\n") == 2
    assert "    - `x-topic`: A \\*starred\\* topic.\n" in text


def test_values_show_the_words_readers_see_when_they_differ():
    text = authoring.render_field_reference(RAW)
    assert '- **Allowed values:** `public` (shown as "Everyone"), `members`\n' in text
    assert '`draft`, `consultation` (shown as "Under consultation"), `published`' in text
    assert "- **Allowed values:** `position-paper`, `guidance`, `faq`, `page`\n" in text


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


# --- Starting a document in GitHub's web editor ------------------------------

REPO_URL = "https://github.com/igpm-uk/knowledge-base"
LINK = re.compile(r"^- \[(?P<text>[^\]]+)\]\((?P<url>[^)]+)\)$")


def _links(root, now=NOW) -> dict[str, urlsplit]:
    text = authoring.render_new_document_links(authoring.new_file_address(REPO_URL, "edit/main/docs/"), root, now)
    found = [LINK.match(line) for line in text.splitlines()]
    assert all(found), text
    return {match["text"]: urlsplit(match["url"]) for match in found}


def _query(url) -> dict[str, str]:
    query = parse_qs(url.query, strict_parsing=True)
    assert all(len(values) == 1 for values in query.values())
    return {name: values[0] for name, values in query.items()}


def test_each_start_link_opens_githubs_editor_on_a_new_file_in_the_types_folder(project):
    links = _links(project({}))
    assert {text: (url.scheme, url.netloc, url.path, _query(url)["filename"]) for text, url in links.items()} == {
        "Start a new guidance page": (
            "https",
            "github.com",
            "/igpm-uk/knowledge-base/new/main/docs/guidance",
            "your-guidance-title.md",
        ),
        "Start a new position paper": (
            "https",
            "github.com",
            "/igpm-uk/knowledge-base/new/main/docs/position-papers",
            "your-position-paper-title.md",
        ),
        "Start a new FAQ": ("https", "github.com", "/igpm-uk/knowledge-base/new/main/docs/faqs", "your-faq-theme.md"),
    }


def test_the_new_file_holds_the_next_free_id_as_a_draft_that_passes_kb_check(project):
    from conftest import front_matter

    root = project(
        {
            "guidance/existing.md": front_matter(id="GD-2026-03"),
            "faqs/draft.md": front_matter(
                id="FAQ-2026-05", type="faq", status="draft", questions=["Why does it matter?"]
            ).replace("Some text.", "## Why does it matter?\n\nBecause."),
        }
    )
    links = _links(root)
    written = {}
    for url in links.values():
        query = _query(url)
        folder = url.path.removeprefix("/igpm-uk/knowledge-base/new/main/docs/")
        written[f"{folder}/{query['filename']}"] = query["value"]
        (root / "docs" / folder / query["filename"]).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / folder / query["filename"]).write_text(query["value"], encoding="utf-8")
    metas = {path: parse(text.encode()).meta for path, text in written.items()}
    assert {path: (meta["id"], meta["status"]) for path, meta in metas.items()} == {
        "guidance/your-guidance-title.md": ("GD-2026-04", "draft"),
        "position-papers/your-position-paper-title.md": ("PP-2026-01", "draft"),
        "faqs/your-faq-theme.md": ("FAQ-2026-06", "draft"),
    }
    documents, problems = validate_project(root, NOW)
    assert problems == []
    assert len(documents) == 5


@pytest.mark.parametrize("doc_type", ["position-paper", "guidance", "faq"])
def test_the_new_file_is_what_make_new_writes(project, doc_type):
    from kb.workflow.new import render

    root = project({})
    url = _links(root)[authoring.NEW_DOCUMENT_LINK_TEXT[doc_type]]
    prefix = authoring.ID_PREFIX_FOR_TYPE[doc_type]
    expected = render(doc_type, authoring.EXAMPLE_TITLES[doc_type], f"{prefix}-2026-01", NOW.date(), root)
    assert _query(url)["value"] == expected


def test_start_links_stay_short_enough_for_every_browser_and_github():
    # Measured at about 1,100 to 1,350 characters; 8,000 is the smallest limit browsers and servers commonly keep.
    for url in _links(REPO).values():
        assert len(url.geturl()) < 4000


def test_the_links_are_safe_in_markdown():
    for url in _links(REPO).values():
        assert not set(url.geturl()) & set(" ()[]<>\"'\n")


@pytest.mark.parametrize(
    ("repo_url", "edit_uri"),
    [("", "edit/main/docs/"), (REPO_URL, ""), (REPO_URL, "blob/main/docs/"), ("http://example.com", "edit/main/docs/")],
)
def test_without_the_editor_settings_the_guide_says_what_to_set(repo_url, edit_uri):
    with pytest.raises(authoring.NewDocumentLinkError) as raised:
        authoring.new_file_address(repo_url, edit_uri)
    assert str(raised.value) == (
        "mkdocs.yml needs repo_url (https://github.com/owner/name) and edit_uri (edit/<branch>/docs/)"
        " for the contributor guide's links that start a new document"
    )


def test_the_branch_comes_from_the_edit_button_setting():
    assert authoring.new_file_address(REPO_URL + "/", "edit/live/docs/") == f"{REPO_URL}/new/live/docs/"
