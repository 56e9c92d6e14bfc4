"""kb.reader.accessibility: the statement's account of testing, rendered from data/accessibility.yml."""

import copy

import pytest

from conftest import REPO
from kb.content.vocabularies import DataFileError, load_data_file
from kb.reader.accessibility import load_testing, render_testing
from kb.reader.listings import markdown_text


@pytest.fixture(scope="module")
def testing():
    return load_testing(REPO)


def test_the_data_file_matches_its_schema(testing):
    assert testing["standard"] == "WCAG 2.2 level AA"


def test_the_statement_names_each_tool_with_its_version(testing):
    text = render_testing(testing)
    for tool in testing["tools"]:
        assert f"**{markdown_text(tool['name'])} {tool['version']}**" in text  # names are shown Markdown-escaped


def test_the_statement_gives_method_result_and_limits(testing):
    text = render_testing(testing)
    assert "## How we test this site" in text
    assert "## Result" in text
    assert "## What this testing cannot tell us" in text
    assert "light and dark colour schemes" in text
    assert "375 pixels and 1280 pixels" in text
    assert "screen readers" in text


def test_no_rule_switched_off_is_said_plainly(testing):
    assert "No rule is switched off." in render_testing({**testing, "disabled_rules": []})


def test_rules_switched_off_are_listed_with_their_reasons(testing):
    changed = {**testing, "disabled_rules": [{"rule": "region", "reason": "an example reason for the test"}]}
    text = render_testing(changed)
    assert "`region`: an example reason for the test" in text
    assert "No rule is switched off." not in text


def test_a_rule_of_another_tool_is_named_with_its_tool(testing):
    rule = {"rule": "H32.2 on form.x", "reason": "an example reason for the test", "tool": "HTML_CodeSniffer"}
    text = render_testing({**testing, "disabled_rules": [rule]})
    assert "- `H32.2 on form.x` (HTML\\_CodeSniffer): an example reason for the test" in text


def test_author_text_cannot_inject_markup(testing):
    changed = copy.deepcopy(testing)
    changed["limitations"] = ["A [link](http://example.org) and **bold** stay text."]
    assert "\\[link\\]\\(http://example.org\\)" in render_testing(changed)


def _project_with(tmp_path, text):
    (tmp_path / "data" / "schema").mkdir(parents=True)
    (tmp_path / "data" / "schema" / "accessibility.schema.json").write_text(
        (REPO / "data" / "schema" / "accessibility.schema.json").read_text()
    )
    (tmp_path / "data" / "accessibility.yml").write_text(text)
    return tmp_path


def test_a_testing_block_that_breaks_its_schema_is_refused(tmp_path):
    root = _project_with(
        tmp_path,
        'last_checked: "2026-11-01"\nchecks: [{name: Some check, result: null}]\nautomated_testing:\n  standard: WCAG 2.2 level AA\n',
    )
    with pytest.raises(DataFileError, match=r"data/accessibility.yml does not match its schema at automated_testing"):
        load_data_file("accessibility", root)


def test_a_missing_testing_block_is_reported_in_plain_words(tmp_path):
    root = _project_with(tmp_path, 'last_checked: "2026-11-01"\nchecks: [{name: Some check, result: null}]\n')
    with pytest.raises(DataFileError, match=r"data/accessibility.yml has no automated_testing block"):
        load_testing(root)
