"""Hostile input, round two: whole-value patterns, replacement circles, nesting, and bounded cost.

Each limit is tested at its edge (the limit itself passes, one more is refused)
and at hostile sizes, with the time it may take.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import threading
import time
from typing import Any

import markdown
import pytest

from conftest import documents_from, front_matter
from kb.checks import limits
from kb.checks.gate_clock import gate_stage, with_time_limit
from kb.checks.time_limits import MAX_PAGE_HTML_BYTES, TOO_LARGE_FIX, TOO_SLOW_FIX, PageClock, PageRefused
from kb.checks.validate import Validator
from kb.content import frontmatter, schema
from kb.content.frontmatter import MAX_NESTING, FrontMatterError, read_block, refuse_deep_nesting
from kb.content.replacements import circle_problems
from kb.reader import listings

IN_A_CIRCLE = "replace one another in a circle, so none of them is the current version"
TOO_DEEP = "has lists or groups of fields inside one another more than 10 levels deep"
HOSTILE_CHARACTERS = ["[", "{", "'", '"', ":", "#", " "]
# A valid value for every pattern in the schema: a new pattern must be added here.
VALID_FOR_PATTERN = {
    "^(PP|GD|FAQ)-[0-9]{4}-[0-9]{2,3}$": "PP-2025-01",
    "^[0-9]+\\.[0-9]+$": "1.0",
    "^[a-z0-9][a-z0-9/_-]*\\.md$": "guidance/old-name.md",
    "^[^<>{}\\u0000-\\u0008\\u000b-\\u001f]*$": "Plain words",
}


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return own + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


def _accepts(pattern: str, value: str) -> bool:
    return not list(schema.document_validator({"type": "string", "pattern": pattern}).iter_errors(value))


# --- 1. A pattern matches the whole value -----------------------------------


def test_every_pattern_in_the_schema_has_a_valid_example_here():
    assert set(_patterns(schema.load_raw_schema())) == set(VALID_FOR_PATTERN)


@pytest.mark.parametrize("pattern", sorted(VALID_FOR_PATTERN))
def test_a_final_line_break_is_treated_like_any_other(pattern):
    """Python's `$` matches before a final line break; JSON Schema's (ECMA-262) does not."""
    valid = VALID_FOR_PATTERN[pattern]
    assert _accepts(pattern, valid)
    inside = valid[:1] + "\n" + valid[1:]
    assert _accepts(pattern, valid + "\n") == _accepts(pattern, inside)
    assert _accepts(pattern, valid + "\r\n") == _accepts(pattern, valid[:1] + "\r\n" + valid[1:])


def test_a_one_line_id_with_a_line_break_is_refused_at_its_line():
    [document] = documents_from({"guidance/g.md": front_matter(id="GD-2024-02\n")})
    [problem] = Validator().check_document(document)
    assert (problem.line, problem.field, problem.message) == (2, "id", "'GD-2024-02\\n' has a line break in it")
    fix = "write the value on the same line as the field name, without \\n, | or >; "
    assert problem.fix == fix + "write it like PP-2025-01, GD-2024-03 or FAQ-2023-01"


def test_dollar_inside_a_character_class_or_escaped_is_left_alone():
    assert schema.ecma_pattern(r"^[$]\$$").pattern == r"^[$]\$\Z"


@pytest.mark.parametrize(
    "value",
    [
        "2026-03-01T09:00:00+00:00\n",
        "2026-03-01T09:00:00+00:00 ",
        "٢٠٢٦-03-01T09:00:00+00:00",
        "2026-03-01T25:00:00+00:00",
    ],
)
def test_date_time_is_the_whole_value_in_ascii_digits(value):
    assert not schema.is_date_time(value)


@pytest.mark.parametrize("value", ["2026-03-01T09:00:00+00:00", "2026-03-01T09:00:00Z", "2026-03-01T09:00:00.5+01:00"])
def test_date_time_accepts_rfc_3339_with_an_offset(value):
    assert schema.is_date_time(value)


def test_a_version_of_five_thousand_digits_is_compared_without_int():
    texts = {
        "guidance/g.md": front_matter(
            version="1" * 5000 + ".0",
            changes=[{"version": "1" * 5000 + ".0", "date": "2025-01-10", "summary": "First."}],
        )
    }
    assert Validator().check_all(documents_from(texts)) == []


# --- 2. Circles of replacement ------------------------------------------------


def _chain(links: dict[str, tuple[str | None, str | None]]) -> dict[str, str]:
    """id -> (supersedes, superseded_by): guidance texts, every one superseded."""
    texts = {}
    for number, (doc_id, (older, newer)) in enumerate(links.items()):
        changes: dict[str, Any] = {
            "id": doc_id,
            "title": f"Guidance {number}",
            "status": "superseded" if newer else "published",
        }
        changes |= {"supersedes": older} if older else {}
        changes |= {"superseded_by": newer} if newer else {}
        texts[f"guidance/g{number}.md"] = front_matter(**changes)
    return texts


def _circle_messages(texts: dict[str, str]) -> list[str]:
    documents = documents_from(texts)
    return [f"{p.path}:{p.line}: {p.field}: {p.message}" for p in circle_problems({d.doc_id: d for d in documents})]


def test_two_documents_replacing_each_other_are_both_named_at_their_lines():
    texts = _chain({"GD-2024-11": ("GD-2024-12", "GD-2024-12"), "GD-2024-12": ("GD-2024-11", "GD-2024-11")})
    message = "GD-2024-11 and GD-2024-12 replace each other, so neither is the current version"
    assert _circle_messages(texts) == [
        f"docs/guidance/g0.md:20: supersedes: {message}",
        f"docs/guidance/g1.md:20: supersedes: {message}",
    ]


def test_a_circle_of_three_names_all_three():
    texts = _chain({f"GD-2024-2{n}": (f"GD-2024-2{(n + 1) % 3 + 1}", None) for n in (1, 2, 3)})
    message = "GD-2024-21, GD-2024-22 and GD-2024-23 " + IN_A_CIRCLE
    assert _circle_messages(texts) == [f"docs/guidance/g{n}.md:20: supersedes: {message}" for n in range(3)]


def test_a_circle_made_by_superseded_by_alone_is_found():
    texts = _chain({"GD-2024-31": (None, "GD-2024-32"), "GD-2024-32": (None, "GD-2024-31")})
    assert [m.split(": ")[1] for m in _circle_messages(texts)] == ["superseded_by", "superseded_by"]


def test_a_chain_of_replacements_is_not_a_circle():
    texts = _chain(
        {
            "GD-2024-41": (None, "GD-2024-42"),
            "GD-2024-42": ("GD-2024-41", "GD-2024-43"),
            "GD-2024-43": ("GD-2024-42", None),
        }
    )
    assert _circle_messages(texts) == []
    assert Validator().check_all(documents_from(texts)) == []


def test_a_circle_of_three_thousand_is_found_in_linear_time():
    count = 3000
    ids = [f"GD-2024-{n:03d}" for n in range(count)]
    texts = _chain({doc_id: (ids[n - 1], None) for n, doc_id in enumerate(ids)})
    documents = documents_from(texts)
    started = time.perf_counter()
    problems = circle_problems({d.doc_id: d for d in documents})
    assert time.perf_counter() - started < 1
    assert len(problems) == count
    shown = "GD-2024-000, GD-2024-001, GD-2024-002, GD-2024-003, GD-2024-004 and 2,995 others "
    assert problems[0].message == shown + IN_A_CIRCLE


# --- 3. Nesting, refused before YAML reads it -----------------------------------


DEEP = {
    "flow lists": lambda n: "related: " + "[" * n + "x" + "]" * n + "\n",
    "flow groups": lambda n: "related: " + "{a: " * n + "x" + "}" * n + "\n",
    "lists on one line": lambda n: "related:\n  " + "- " * n + "x\n",
    # one more space a level: 1,400 levels are a megabyte
    "indentation": lambda n: "related:\n" + "".join(" " * i + "a:\n" for i in range(1, min(n, 1400) + 1)),
}


@pytest.mark.parametrize("depth", [5_000, 100_000])
@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_nesting_is_refused_by_name_within_milliseconds(shape, depth):
    block = "title: Deep\n" + DEEP[shape](depth)
    started = time.perf_counter()
    with pytest.raises(FrontMatterError) as refused:
        read_block(block)
    assert time.perf_counter() - started < 0.1
    assert refused.value.message == "the field 'related' " + TOO_DEEP
    assert refused.value.line == {"flow lists": 3, "flow groups": 3, "lists on one line": 4, "indentation": 13}[shape]


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_nesting_up_to_the_limit_is_read(shape):
    # the field is one level; a list's indentation under it and its - are one each
    depth = MAX_NESTING - 1 if shape.startswith("flow") else MAX_NESTING - 2
    refuse_deep_nesting("title: x\n" + DEEP[shape](depth))
    with pytest.raises(FrontMatterError):
        refuse_deep_nesting("title: x\n" + DEEP[shape](depth + 2))


@pytest.mark.parametrize(
    "block",
    [
        'title: "[[[[[[[[[[[[[[[[[[[["\n',
        "title: '{{{{{{{{{{{{{{{{{{{{'\n",
        'related: [\'[[[[[[[[[[[[[[[[\', "[[[[[[[[[[[[[[\\"[[[["]\n',
        "summary: |\n" + "".join(" " * i + "text\n" for i in range(2, 40)),
        "title: Brackets [[[[[[[[[[[[[[[[ in plain text are text\n",
        "changes:\n  - version: '1.0'\n    date: 2025-01-10\n    summary: First.\nnations: [England, Wales]\n",
    ],
)
def test_brackets_in_text_and_real_front_matter_are_not_nesting(block):
    refuse_deep_nesting(block)


def test_a_quote_inside_a_plain_item_does_not_hide_the_brackets_after_it():
    with pytest.raises(FrontMatterError):
        refuse_deep_nesting("related: [don't, " + "[" * 20 + "\n")


def test_more_than_a_thousand_values_are_refused_at_the_line_past_the_limit():
    with pytest.raises(FrontMatterError) as refused:
        read_block("related:\n" + "- a\n" * 2000)
    assert (refused.value.line, refused.value.message) == (
        1002,
        "the front matter has more than 1,000 fields and list items",
    )


# --- 4. Linear reading of hostile values ------------------------------------------


def test_the_pure_python_test_is_linear_on_a_line_of_brackets():
    started = time.perf_counter()
    assert frontmatter._NEEDS_PURE_PYTHON.search("title: " + "[" * 1_000_000) is None
    assert time.perf_counter() - started < 0.5
    assert frontmatter._NEEDS_PURE_PYTHON.search("related: [a, b]\nx: {a: 1}\n")


@pytest.mark.parametrize("character", HOSTILE_CHARACTERS)
def test_a_million_character_value_is_read_within_two_seconds(character):
    """read_block itself, past the 20,000-character limit parse() puts on a block: every step is linear."""
    started = time.perf_counter()
    with contextlib.suppress(FrontMatterError):
        read_block("title: " + character * 1_000_000 + "\nsummary: x\n")
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("character", HOSTILE_CHARACTERS)
def test_a_million_character_value_in_a_file_is_refused_at_once(character):
    text = "---\ntitle: " + character * 999_000 + "\ntype: page\n---\n\nText.\n"
    started = time.perf_counter()
    with pytest.raises(FrontMatterError) as refused:
        frontmatter.parse(text.encode())
    assert time.perf_counter() - started < 0.5
    assert (refused.value.line, refused.value.message) == (
        1,
        "the front matter is 999,018 characters long, over the limit of 20,000",
    )


def test_a_tag_as_long_as_the_file_is_shown_shortened():
    with pytest.raises(FrontMatterError) as refused:
        read_block("title: !" + "!" * 5000 + " x\n")
    assert len(refused.value.message) < 150


# --- 5. Page bodies, macros, page conversion, the gate ------------------------------


def _body_messages(body: str) -> list[str]:
    [document] = documents_from({"about/x.md": front_matter(type="page", id=None, title="Body") + body})
    return [f"{p.line}: {p.field}: {p.message}" for p in limits.body_problems(document)]


def test_five_hundred_headings_pass_and_five_hundred_and_one_are_refused():
    """front_matter() writes the page's title as its first heading, at line 21; the body starts at line 24."""
    assert _body_messages("## h\n\n" * 499) == []
    assert _body_messages("## h\n\n" * 500) == ["1022: text: the page has more than 500 headings"]


def test_bodies_that_passed_are_remembered_and_a_refused_one_is_read_every_time(tmp_path, monkeypatch):
    """A collection (50 documents or more) remembers bodies that passed; a refused body keeps its message."""
    texts = {f"guidance/g{n}.md": front_matter(id=f"GD-2025-{n:02d}", title=f"G {n}") for n in range(1, 60)}
    texts["guidance/g1.md"] += "## h\n\n" * 501
    read: list[str] = []
    real = limits.body_problems
    monkeypatch.setattr(limits, "body_problems", lambda document: read.append(document.src_uri) or real(document))

    def messages() -> list[str]:
        return [f"{p.path}:{p.line}: {p.message}" for p in limits.every_body_problem(tmp_path, documents_from(texts))]

    refused = ["docs/guidance/g1.md:1023: the page has more than 500 headings"]
    assert messages() == refused and len(read) == 59
    read.clear()
    assert messages() == refused and read == ["guidance/g1.md"]
    read.clear()
    texts["guidance/g2.md"] += "Another sentence.\n"
    assert messages() == refused and read == ["guidance/g1.md", "guidance/g2.md"]
    read.clear()
    monkeypatch.setenv("KB_FAST", "-passed_checks")
    assert messages() == refused and len(read) == 59


def test_underlined_headings_count_too():
    assert _body_messages("h\n-\n\n" * 500) == ["1521: text: the page has more than 500 headings"]


def test_headings_in_fenced_code_do_not_count():
    assert _body_messages("```\n" + "## h\n" * 1000 + "```\n") == []


def test_nesting_to_the_limit_passes_and_deeper_is_refused():
    assert _body_messages("> " * 20 + "x\n") == []
    assert _body_messages("> " * 21 + "x\n") == ["24: text: lists or quotes are nested more than 20 levels deep"]
    assert _body_messages("    " * 21 + "- x\n") == ["24: text: lists or quotes are nested more than 20 levels deep"]


def test_linked_text_reads_little_and_unclosed_brackets_a_lot():
    assert limits.bracket_reading("[a](b.md) and [c](d.md)") == (2 + 5) * 2  # from each [ to its ], each ( to its )
    assert limits.bracket_reading("\\[ \\( \\<") == 0
    assert limits.bracket_reading("[[[") == 3 + 2 + 1


def test_a_page_of_a_thousand_links_passes_and_unclosed_brackets_are_refused():
    assert _body_messages("".join(f"See [document {n}](guidance/g{n}.md) for more.\n" for n in range(1000))) == []
    unclosed = "26: text: brackets [ ( < from here on are not closed, or hold too much text, "
    assert _body_messages("Text.\n\n" + "[" * 3000 + "\n") == [unclosed + "so converting the page would take too long"]


HOSTILE_BODIES = {
    "[": "[" * 990_000,
    "(": "(" * 990_000,
    "<": "<" * 990_000,
    "## h lines": "## h\n" * 190_000,
    "underlined headings": "h\n-\n" * 240_000,
    "> quotes": ">" * 990_000,
    "- lists": "- " * 490_000,
    "{{ ": "{{ " * 330_000,
    "macro calls": "{{ document_list() }}\n" * 45_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
def test_a_hostile_body_of_a_megabyte_is_answered_within_two_seconds(name, tmp_path):
    from conftest import make_project
    from kb.checks.validate import validate_project

    root = make_project(
        tmp_path / "p",
        {
            "index.md": front_matter(type="page", id=None, title="Home"),
            "about/x.md": front_matter(type="page", id=None, title="X") + HOSTILE_BODIES[name],
        },
    )
    started = time.perf_counter()
    _, problems = validate_project(root)
    assert time.perf_counter() - started < 2
    assert {p.path for p in problems} == {"docs/about/x.md"}


def _template_issues(text: str) -> list[str]:
    from pathlib import Path

    from kb.checks.template_sandbox import check_template_code

    return [f"{i.line}: {i.message}" for i in check_template_code(text, None, Path("/nonexistent"))]


@pytest.mark.parametrize("level", ["1", "7", "100000000", "True", "'3'", "2.5"])
def test_a_heading_level_that_does_not_exist_is_refused(level):
    [issue] = _template_issues("{{ documents_by_topic(level=" + level + ") }}")
    assert issue.startswith("1: documents_by_topic() is given level=")
    assert issue.endswith(", which is not a heading level")


def test_heading_levels_two_to_six_and_the_default_pass():
    text = "".join("{{ documents_by_nation(level=" + str(level) + ") }}\n" for level in range(2, 7))
    assert _template_issues(text + "{{ documents_by_topic() }}\n{{ documents_by_topic('guidance', None, 4) }}\n") == []
    refused = ["1: documents_by_topic() is given level=9, which is not a heading level"]
    assert _template_issues("{{ documents_by_topic('guidance', None, 9) }}") == refused


def test_the_macro_refuses_a_huge_level_at_run_time_too():
    with pytest.raises(ValueError, match="level must be a whole number from 2 to 6, not 100000000"):
        listings.render_groups([("Topic", [])], "index.md", 100_000_000)


def test_twenty_macro_calls_pass_and_twenty_one_are_refused():
    assert _template_issues("{{ document_list() }}\n" * 20) == []
    refused = ["21: the page calls macros or includes snippets 21 times; at most 20 are allowed"]
    assert _template_issues("{{ document_list() }}\n" * 21) == refused


def test_template_code_nested_past_what_jinja_can_read_is_refused_not_crashed():
    refused = ["2: the template code has brackets or words like `not` inside one another too deeply to read"]
    assert _template_issues("text\n{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}") == refused
    assert _template_issues("{{ " + "not " * 5000 + "1 }}")[0].endswith("too deeply to read")


def _slow_conversion() -> None:
    markdown.Markdown(extensions=["attr_list", "toc"]).convert("[" * 20_000)  # about a minute unchecked


def test_a_conversion_past_its_time_is_stopped_and_names_the_page():
    clock = PageClock(0.1)
    started = time.perf_counter()
    clock.start("docs/about/slow.md")
    with pytest.raises(PageRefused) as refused:
        _slow_conversion()
    clock.cancel()
    assert time.perf_counter() - started < 1
    what = "converting the page took longer than 0.1 seconds, so it was stopped"
    assert str(refused.value) == f"docs/about/slow.md:1: text: {what} ({TOO_SLOW_FIX})"


def test_a_swallowed_time_limit_goes_off_again_and_the_page_is_still_refused():
    clock = PageClock(0.1)
    clock.start("docs/about/slow.md")
    with contextlib.suppress(Exception):  # like a plugin that catches everything
        _slow_conversion()
    with pytest.raises(PageRefused):
        _slow_conversion()  # the alarm goes off again half a second later
    with pytest.raises(PageRefused, match=re.escape("took longer than 0.1 seconds")):
        clock.stop("<p>done</p>")
    assert not clock.armed


def test_a_page_over_the_size_limit_is_refused_and_one_at_it_passes():
    clock = PageClock(10)
    clock.start("docs/about/big.md")
    clock.stop("x" * MAX_PAGE_HTML_BYTES)
    clock.start("docs/about/big.md")
    with pytest.raises(PageRefused) as refused:
        clock.stop("x" * (MAX_PAGE_HTML_BYTES + 1))
    what = "the page would be 5,000,001 bytes of HTML, over the limit of 5,000,000"
    assert str(refused.value) == f"docs/about/big.md:1: text: {what} ({TOO_LARGE_FIX})"


def test_outside_the_main_thread_no_alarm_is_set():
    clock = PageClock(0.01)
    thread = threading.Thread(target=clock.start, args=("docs/x.md",))
    thread.start()
    thread.join()
    assert not clock.armed


def test_the_gate_stops_after_its_time_limit_naming_the_stage(monkeypatch, capsys):
    monkeypatch.setenv("KB_GATE_TIMEOUT", "0.2")

    @with_time_limit
    def gate(args: argparse.Namespace) -> int:
        gate_stage("build")
        time.sleep(5)
        return 0

    started = time.perf_counter()
    assert gate(argparse.Namespace()) == 1
    assert time.perf_counter() - started < 1
    stopped = "The gate took longer than its limit of 0.2 seconds and was stopped in the build stage. "
    why = "(A page or check is far slower than it should be; if the site has simply grown, "
    grown = "set KB_GATE_TIMEOUT to more seconds.)\n"
    assert capsys.readouterr().err == stopped + "Nothing was published. " + why + grown


def test_a_gate_within_its_time_returns_its_status(monkeypatch):
    monkeypatch.setenv("KB_GATE_TIMEOUT", "not a number")
    assert with_time_limit(lambda args: 3)(argparse.Namespace()) == 3
