"""The everyday YAML mistakes, recognised line by line and explained in plain words.

PyYAML's own messages ("mapping values are not allowed here") name a parser's
state, often on the line after the mistake. When a front matter block does not
read, each line up to the one PyYAML stopped at is looked at for the mistakes
authors make by hand: a colon inside an unquoted value, no space after a
colon, a quote or bracket never closed, text after a closing quote, a list
started on the field's own line, a value starting with a character YAML keeps
for itself, a line with no colon, a line indented under a field that already
has its value. The first one found is the message; when none is, the caller
falls back to a general one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FIELD = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][A-Za-z0-9_-]*):(?P<after>.*)$")
_RESERVED_START = "@`%"  # YAML refuses a plain value starting with these
TAB_MESSAGE, TAB_FIX = "the front matter contains a tab character", "indent with spaces, never tabs"
_BLOCK_TEXT = re.compile(r"[|>][-+0-9]*\s*(?:#.*)?")


@dataclass(frozen=True)
class Mistake:
    """One recognised mistake: its line within the block (0-based), what is wrong and the fix."""

    index: int
    message: str
    fix: str


@dataclass(frozen=True)
class _Field:
    index: int
    column: int  # where the field name starts
    key: str
    value: str  # what follows "key:" with the surrounding spaces removed


def find_mistake(block: str, last_index: int) -> Mistake | None:
    """The first recognisable mistake on lines 0..last_index of a front matter block, or None."""
    previous: _Field | None = None
    block_text_under: int | None = None  # column of a field whose | or > text is being skipped
    for index, line in enumerate(block.split("\n")[: last_index + 1]):
        content = line.lstrip(" ")
        column = len(line) - len(content)
        if not content.strip() or content.startswith("#"):
            continue
        if block_text_under is not None and column > block_text_under:
            continue
        block_text_under = None
        if "\t" in line:
            return Mistake(index, TAB_MESSAGE, TAB_FIX)
        field = _field_on(line, index)
        mistake = _mistake_on_field(field, line) if field else _mistake_on_other(line, index, column, previous)
        if mistake is None and field is not None:
            mistake = _indented_under_a_value(field, previous)
        if mistake is not None:
            return mistake
        if field is not None:
            previous = field
            if _BLOCK_TEXT.fullmatch(field.value):
                block_text_under = field.column
    return None


def _field_on(line: str, index: int) -> _Field | None:
    match = _FIELD.match(line)
    if match is None:
        return None
    column = len(match.group("indent")) + len(match.group("dash") or "")
    return _Field(index, column, match.group("key"), match.group("after").strip())


def _mistake_on_field(field: _Field, line: str) -> Mistake | None:
    """Mistakes in the value written after one field name."""
    after = line[line.index(":", field.column) + 1 :]
    key, value, index = field.key, field.value, field.index
    if after and not after[0].isspace():
        return Mistake(
            index,
            f"there is no space after the colon in {key}:",
            f"write one space after the colon: {key}: {after.strip()}",
        )
    if not value:
        return None
    if value[0] in "\"'":
        return _quoted_value(index, key, value)
    if value[0] == "[":
        return _list_in_brackets(index, key, value)
    if value.startswith("- ") or value == "-":
        item = value[1:].strip() or "..."
        return Mistake(
            index,
            f"the list under {key} starts on the same line as the field name",
            f"put each item on its own line below {key}:, starting with - , or write {key}: [{item}]",
        )
    if value[0] in _RESERVED_START:
        return Mistake(
            index,
            f"the {key} starts with {value[0]}, which cannot start a value unless it is in quotes",
            f"put the {key} in double quotes: {_quoted(key, value)}",
        )
    if ": " in value or value.endswith(":"):
        return Mistake(
            index,
            f"the {key} has a colon in it, which is read as the start of another field",
            f"put the {key} in double quotes: {_quoted(key, value)}",
        )
    return None


def _quoted_value(index: int, key: str, value: str) -> Mistake | None:
    quote = value[0]
    closing = _closing_quote(value, quote)
    if closing < 0:
        return Mistake(
            index,
            f"the {key} opens with {quote} but the quote is never closed",
            f"end the text with {quote} on the same line: {key}: {value}{quote}",
        )
    rest = value[closing + 1 :].strip()
    if rest and not rest.startswith("#"):
        return Mistake(
            index,
            f"the {key} has more text after its closing quote",
            f"put the whole value inside the quotes: {key}: {_whole_in_quotes(value)}",
        )
    return None


_QUOTED = {'"': re.compile(r'"(?:[^"\\]|\\.)*"'), "'": re.compile(r"'(?:[^']|'')*'")}


def _closing_quote(value: str, quote: str) -> int:
    """Where the quote that opens value closes, or -1. A regular expression: linear, and fast on a long line."""
    found = _QUOTED[quote].match(value)
    return found.end() - 1 if found else -1


def _list_in_brackets(index: int, key: str, value: str) -> Mistake | None:
    if value.count("[") > value.count("]"):
        return Mistake(
            index,
            f"the list under {key} opens with [ but is never closed",
            f"end the list with ] on the same line: {key}: {value}]",
        )
    return None


def _mistake_on_other(line: str, index: int, column: int, previous: _Field | None) -> Mistake | None:
    """A line that is not `name: value`: a list item, the continuation of a value, or a mistake."""
    content = line.strip()
    if content.startswith("- ") or content == "-" or ":" in content:
        return None
    if column == 0:
        return Mistake(
            index,
            f"the line {_shown(content)} has no colon, so it is not a field",
            "write it as name: value; if it belongs to the line above, join the two lines",
        )
    return None


def _indented_under_a_value(field: _Field, previous: _Field | None) -> Mistake | None:
    """A field indented further than the one above it, which already has its value."""
    if previous is None or field.column <= previous.column or not previous.value:
        return None
    if _BLOCK_TEXT.fullmatch(previous.value):
        return None
    return Mistake(
        field.index,
        f"{field.key} is indented further than {previous.key} on the line above",
        f"line {field.key} up with {previous.key}: the same number of spaces before both",
    )


def _quoted(key: str, value: str) -> str:
    """key: "value" with any " and \\ inside escaped; in single quotes when it holds double quotes."""
    if '"' in value and "'" not in value:
        return f"{key}: '{value}'"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{key}: "{escaped}"'


def _whole_in_quotes(value: str) -> str:
    """A value written as "a" b, as one quoted value: '"a" b'."""
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")
