"""Limits that keep one document from keeping the gate busy or making a huge page.

Every check is linear in its input or has a limit. Python-Markdown is not: each
``[`` (or ``(``, ``<``) that is not closed makes it read on to the end of the
paragraph, so 5,000 of them took 3 seconds and 990,000 never finished; a
heading repeated 100,000 times spends minutes making unique anchors; lists and
quotes nested thousands deep exhaust Python's stack. So ``kb check`` measures a
page's body before anything converts it (:func:`body_problems`), at the line
where a limit is passed, and page template code may call macros a few times,
with heading levels that exist (:func:`macro_argument_issue`).

The build keeps a second line of defence for anything these checks do not
foresee: kb.checks.time_limits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.problems import Problem

if TYPE_CHECKING:
    from kb.content.documents import Document

# The longest real page has 18 headings; identical headings cost the table of contents
# time that grows with the square of their number (4,000 took 0.2 s, 100,000 minutes).
MAX_HEADINGS = 500
# Real pages nest lists and quotes two or three deep; Python-Markdown recurses per level.
MAX_BODY_NESTING = 20
# Characters Python-Markdown reads on from each [ ( < to where it closes (or the end of
# the paragraph): about 0.25 s per million. Real pages need a few tens of thousands.
MAX_BRACKET_READING = 2_000_000
# Real pages call macros or include snippets at most four times; each call can list
# every document, so the number of calls bounds the size of the page.
MAX_TEMPLATE_CALLS = 20
TEMPLATE_TOO_DEEP = "the template code has brackets or words like `not` inside one another too deeply to read"
TEMPLATE_TOO_DEEP_FIX = 'call a macro with plain values, like {{ document_list(type="guidance") }}'
RAW_FIX = "pages call a macro a few times at most; to show braces as text, wrap them in {% raw %} ... {% endraw %}"
HEADING_LEVELS = range(2, 7)  # level 1 is the page's title
LEVEL_MACROS = {"documents_by_topic": 2, "documents_by_nation": 2}  # macro -> position of its `level` argument


_FENCE = ("```", "~~~")
_ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
_NESTING_MARKS = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t])))*")
_MAY_NEST = set(" \t>-*+0123456789")
_TEMPLATE_MARKER = re.compile(r"\{[{%]")
_BRACKET = re.compile(r"\\.|[\[\]()<>]")
_CLOSES = {"]": "[", ")": "(", ">": "<"}


# --- Before conversion: kb check ---------------------------------------------


def every_body_problem(root: Path, documents: list[Document]) -> list[Problem]:
    """body_problems of every document, where a body that passed before passes again without being read.

    What body_problems finds depends only on the body's text and the code (the line of
    the front matter's end only places a message), so a collection remembers the texts
    that passed, like the scan for active content (kb.speed.passed_checks, switch
    passed_checks): about 0.3 s of each of the gate's check and build at 1,000 documents.
    """
    from kb.speed import passed_checks
    from kb.speed.cache_files import REMEMBER_FROM

    if len(documents) < REMEMBER_FROM:
        return [problem for document in documents for problem in body_problems(document)]
    fingerprint = passed_checks.code_fingerprint()
    return passed_checks.check_each(
        documents,
        passed_checks.memory_at(passed_checks.cache_file(root, "passed-limits")),
        lambda document: passed_checks.text_key(fingerprint, document.body),
        body_problems,
    )


def body_problems(document: Document) -> list[Problem]:
    """Headings, nesting and unclosed brackets of a page's body, each reported once, at its line. Linear."""
    found: dict[str, Problem] = {}  # the first problem of each kind
    headings, reading = 0, 0
    for start, lines in _paragraphs(document.body):
        line = document.parsed.body_line + start
        headings += _heading_count(lines)
        if headings > MAX_HEADINGS:
            found.setdefault("headings", _too_many_headings(document, line))
        if "nesting" not in found and (deep := _nesting_problem(document, line, lines)):
            found["nesting"] = deep
        if reading <= MAX_BRACKET_READING:
            reading += bracket_reading("\n".join(lines), MAX_BRACKET_READING - reading + 1)
            if reading > MAX_BRACKET_READING:
                found["brackets"] = _unclosed_brackets(document, line)
    return list(found.values())


def _paragraphs(body: str) -> Iterator[tuple[int, list[str]]]:
    """(0-based first line, lines) of each run of non-blank lines outside fenced code."""
    current: list[str] = []
    first, in_fence = 0, False
    for number, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(_FENCE):
            in_fence = not in_fence
            continue
        if in_fence or not line.strip():
            if current:
                yield first, current
            current = []
            continue
        if not current:
            first = number
        current.append(line)
    if current:
        yield first, current


def _heading_count(lines: list[str]) -> int:
    count = sum(1 for line in lines if _ATX_HEADING.match(line))
    return count + sum(1 for index, line in enumerate(lines) if index and _SETEXT_UNDERLINE.fullmatch(line))


def _nesting_problem(document: Document, first_line: int, lines: list[str]) -> Problem | None:
    for offset, line in enumerate(lines):
        if line[:1] not in _MAY_NEST:
            continue
        marks = _NESTING_MARKS.match(line)
        prefix = marks.group() if marks else ""
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        depth = sum(1 for char in prefix if char in ">-*+.)") + indent // 4
        if depth > MAX_BODY_NESTING:
            return Problem(
                document.repo_path,
                first_line + offset,
                "text",
                f"lists or quotes are nested more than {MAX_BODY_NESTING} levels deep",
                "real pages nest two or three levels; start a new list, or remove the extra > or spaces",
            )
    return None


def bracket_reading(text: str, enough: int = MAX_BRACKET_READING + 1) -> int:
    """How far Python-Markdown reads on from every [ ( < to its closing bracket or the end of the text.

    One pass with a stack per kind of bracket; stops counting once ``enough`` is reached.
    """
    opened: dict[str, list[int]] = {"[": [], "(": [], "<": []}
    total = 0
    for found in _BRACKET.finditer(text):
        mark = found.group()
        if mark in opened:
            opened[mark].append(found.start())
        elif mark in _CLOSES and opened[_CLOSES[mark]]:
            total += found.start() - opened[_CLOSES[mark]].pop()
            if total >= enough:
                return total
    return total + sum(len(text) - position for stack in opened.values() for position in stack)


def _too_many_headings(document: Document, line: int) -> Problem:
    return Problem(
        document.repo_path,
        line,
        "text",
        f"the page has more than {MAX_HEADINGS} headings",
        "split it into several pages; the longest page today has under 20",
    )


def _unclosed_brackets(document: Document, line: int) -> Problem:
    return Problem(
        document.repo_path,
        line,
        "text",
        "brackets [ ( < from here on are not closed, or hold too much text, so converting the page would take too long",
        "close each bracket where it should end, or write \\[ \\( \\< for a bracket shown as text",
    )


def macro_argument_issue(name: str, arguments: list[Any], keywords: dict[str, Any]) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) when a macro is given a value it cannot use sensibly."""
    position = LEVEL_MACROS.get(name)
    if position is None:
        return None
    level = keywords.get("level", arguments[position] if len(arguments) > position else 3)
    if _is_heading_level(level):
        return None
    return (
        f"{name}() is given level={level!r:.20}, which is not a heading level",
        "use a level from 2 to 6, or leave level out (3)",
    )


def too_many_calls(lines: list[int]) -> tuple[int, str, str] | None:
    """(line, message, fix) when a page calls macros or includes snippets too often."""
    if len(lines) <= MAX_TEMPLATE_CALLS:
        return None
    return (
        lines[MAX_TEMPLATE_CALLS],
        f"the page calls macros or includes snippets {len(lines)} times; at most {MAX_TEMPLATE_CALLS} are allowed",
        "each call can list every document; use one call with the right filters, or split the page",
    )


def too_many_markers(text: str) -> tuple[int, str, str] | None:
    """(line, message, fix) when a page has so many {{ and {% that reading them all would be slow.

    Counted before Jinja parses the page (45,000 calls took seconds); real pages have four.
    """
    for count, found in enumerate(_TEMPLATE_MARKER.finditer(text), start=1):
        if count > MAX_TEMPLATE_CALLS * 5:
            return (
                text.count("\n", 0, found.start()) + 1,
                f"the page has more than {MAX_TEMPLATE_CALLS * 5} {{{{ or {{% template tags",
                RAW_FIX,
            )
    return None


def heading_level(level: object) -> int:
    """A macro's heading level, refused at run time too (a preview renders pages with problems)."""
    if _is_heading_level(level):
        return level
    raise ValueError(f"level must be a whole number from 2 to 6, not {level!r:.20}")


def _is_heading_level(level: object) -> bool:
    """2 to 6, as a whole number (YAML's true is an int to Python, and is no level)."""
    return isinstance(level, int) and not isinstance(level, bool) and level in HEADING_LEVELS
