"""Strict reading of a document's front matter, with a line number for everything.

MkDocs reads front matter leniently: when the YAML does not parse it keeps
going and publishes the block as page text, duplicate keys silently overwrite
each other, and ``no`` becomes ``False``. Authors need the opposite: every
mistake stopped, at the line where it is. So this module composes the YAML into
nodes (which carry their positions) and builds the values itself, accepting only
plain mappings, lists, text, numbers, ``true``/``false`` and ``null``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from kb.content.yaml_mistakes import find_mistake

MAX_FILE_BYTES = 1_000_000  # a long position paper is ~60 KB; anything near 1 MB is a mistake
# Real front matter has about forty fields and items. Without a limit, a list of
# 300,000 items gave 600,000 problems (one per item) and half a minute of checking.
MAX_VALUES = 1_000
# The largest real front matter is about 1,500 characters. Reading YAML costs about a
# second per 200,000 characters, so a block near 1 MB kept the check busy for seconds.
MAX_FRONT_MATTER_CHARS = 20_000
DELIMITER = "---"

# Tags a plain (unquoted) YAML value may resolve to. Anything else, such as
# !!python/object or !!binary, is refused.
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_YAML12_BOOLEANS = {"true": True, "false": False}
FieldPath = tuple[str | int, ...]


class FrontMatterError(Exception):
    """The front matter cannot be read. ``line`` is 1-based within the file."""

    def __init__(self, line: int, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.fix = fix


@dataclass
class ParsedDocument:
    """A document split into its metadata and its Markdown body."""

    meta: dict[str, Any]
    body: str
    body_line: int  # the file line on which ``body`` starts
    lines: dict[FieldPath, int] = field(default_factory=dict)  # field path -> file line

    def line_of(self, path: FieldPath) -> int:
        """The line of a field, or of its nearest parent that has one, or line 1."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 (a byte-order mark is allowed), any line endings."""
    if len(raw) > MAX_FILE_BYTES:
        raise FrontMatterError(
            1,
            f"the file is {len(raw):,} bytes, over the limit of {MAX_FILE_BYTES:,}",
            "split it into smaller documents, and put images in their own files",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise FrontMatterError(
            line,
            "the file is not saved as UTF-8 text",
            "save it again choosing the UTF-8 encoding; GitHub's web editor always does",
        ) from None
    if "\x00" in text:
        raise FrontMatterError(
            text[: text.index("\x00")].count("\n") + 1,
            "the file contains a NUL character",
            "save it as plain UTF-8 text",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> tuple[str, str, int]:
    """Find the front matter block. Returns (yaml text, body, body start line)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != DELIMITER:
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is not None and lines[first].rstrip() == DELIMITER:
            raise FrontMatterError(
                first + 1,
                "the front matter must start on the very first line, but there are blank lines before it",
                "delete the blank lines above the first ---",
            )
        raise FrontMatterError(
            1,
            "the file does not start with front matter",
            "make the first line exactly --- and put the fields (title:, summary: ...) below it, then another ---",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (DELIMITER, "..."):
            block = "\n".join(lines[1:index])
            if not block.strip():
                raise FrontMatterError(
                    1,
                    "the front matter is empty",
                    "add the fields between the two --- lines; `make new` writes a complete example",
                )
            if len(block) > MAX_FRONT_MATTER_CHARS:
                raise FrontMatterError(
                    1,
                    f"the front matter is {len(block):,} characters long, over the limit of {MAX_FRONT_MATTER_CHARS:,}",
                    "real front matter is under 2,000 characters; put long text in the page, below the second ---",
                )
            return block + "\n", "\n".join(lines[index + 1 :]), index + 2
    raise FrontMatterError(
        1,
        "the front matter starts on line 1 but is never closed",
        "add a line of exactly --- after the last field",
    )


def parse(raw: bytes) -> ParsedDocument:
    """Read a whole document file strictly. Raises FrontMatterError."""
    block, body, body_line = split(decode(raw))
    meta, lines = read_block(block)
    return ParsedDocument(meta=meta, body=body, body_line=body_line, lines=lines)


def read_block(block: str) -> tuple[dict[str, Any], dict[FieldPath, int]]:
    """The fields of a front matter block and the file line of each. Raises FrontMatterError.

    What comes out is only text, true/false, null, lists and mappings with text
    keys: numbers and dates stay as written (see _build_scalar).
    """
    refuse_deep_nesting(block)
    try:
        node = _compose(block)
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error, block) from None
    except yaml.YAMLError as error:  # errors without a position
        raise FrontMatterError(2, f"the front matter is not valid YAML: {error}", _YAML_FIX) from None
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 2 if node is not None else 2
        raise FrontMatterError(
            line,
            "the front matter must be a list of fields (name: value), one per line",
            "write each field as name: value; do not start lines with - at the top level",
        )
    lines: dict[FieldPath, int] = {}
    return _build(node, (), lines), lines


# libyaml (C) reads a block about ten times faster than the pure-Python loader;
# the benchmark showed YAML as most of `kb check`. The two agree except in a
# few corners (tabs, characters YAML forbids, `?` and `:` inside [ ] or { }),
# so blocks with any of those, and blocks libyaml rejects, are read by the
# pure-Python loader, whose errors the author-facing wording is written for.
# The bracket test is anchored at the start of each line and cannot go back past the
# line's first bracket, so it is linear: unanchored, every [ of a line of 40,000
# started a scan to the line's end (18 seconds).
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_BRACKET_THEN_COLON = r"^[^\[{\n]*[\[{][^\n]*[?:]"
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE.pattern
_NEEDS_PURE_PYTHON = re.compile(r"\t|" + _BRACKET_THEN_COLON + "|" + _NON_PRINTABLE, re.MULTILINE)


def _compose(block: str) -> yaml.Node | None:
    """The block's YAML node tree, refusing anchors and aliases."""
    if _FAST_LOADER is not None and not _NEEDS_PURE_PYTHON.search(block):
        try:
            _refuse_aliases(block, _FAST_LOADER)
            return yaml.compose(block, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    _refuse_aliases(block)
    return yaml.compose(block, Loader=yaml.SafeLoader)


def _refuse_aliases(block: str, loader: type = yaml.SafeLoader) -> None:
    """Anchors (&a) and aliases (*a) can multiply a small file into a huge value."""
    if "&" not in block and "*" not in block:
        return  # neither can be written without its character: no need to read the block twice
    for event in yaml.parse(block, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise FrontMatterError(
                event.start_mark.line + 2,
                "anchors and aliases (& and *) are not allowed in front matter",
                "write the value out in full",
            )


_YAML_FIX = "check for a missing closing quote or bracket, a missing space after a colon, or a tab: indent with spaces"


def _yaml_error(error: yaml.MarkedYAMLError, block: str) -> FrontMatterError:
    mark = error.problem_mark or error.context_mark
    # The everyday mistakes, each in its own words at its own line (kb.content.yaml_mistakes).
    mistake = find_mistake(block, mark.line if mark else len(block))
    if mistake is not None:
        return FrontMatterError(mistake.index + 2, mistake.message, mistake.fix)
    context = error.context or ""
    opened = error.context_mark
    if opened and context.startswith(("while parsing a flow", "while scanning a quoted")):
        if error.problem_mark and error.problem_mark.line > opened.line:
            # An unclosed bracket or quote: the mistake is where it opened.
            return FrontMatterError(
                opened.line + 2,
                "a bracket or quote opened on this line is not closed",
                'close it on the same line, like [England, Wales] or "text"',
            )
        return FrontMatterError(
            opened.line + 2,
            f"the list in [ ] on this line cannot be read ({error.problem})",
            'put each item in quotes, like ["What is this?"], or write one item per line starting with - ',
        )
    line = mark.line + 2 if mark else 2  # +1 for 1-based, +1 for the opening ---
    problem = (error.problem or error.context or "unreadable").strip()
    if "\\t" in problem or "'\\t'" in problem or "tab" in problem:
        return FrontMatterError(line, "the front matter contains a tab character", "indent with spaces, never tabs")
    return FrontMatterError(line, f"the front matter is not valid YAML ({problem})", _YAML_FIX)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 2


def _build(node: yaml.Node, path: FieldPath, lines: dict[FieldPath, int]) -> Any:
    if node.tag not in _STANDARD_TAGS:
        tag = node.tag if len(node.tag) <= 80 else node.tag[:77] + "..."  # a tag can be as long as the file
        fix = "remove the tag (the part starting with !); write plain values"
        raise FrontMatterError(_line(node), f"the YAML tag {tag!r} is not allowed", fix)
    if path:
        lines.setdefault(path, _line(node))
        if len(lines) > MAX_VALUES:
            raise FrontMatterError(
                _line(node),
                f"the front matter has more than {MAX_VALUES:,} fields and list items",
                "real documents have under a hundred; keep lists to the few items readers need",
            )
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(node, path, lines)
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, index), lines) for index, item in enumerate(node.value)]
    return _build_scalar(node, path)


def _build_mapping(node: yaml.MappingNode, path: FieldPath, lines: dict[FieldPath, int]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise FrontMatterError(
                _line(key_node), "a field name must be a plain word", "write the field as name: value"
            )
        key = key_node.value
        if key in result:
            raise FrontMatterError(
                _line(key_node),
                f"the field {key!r} appears twice (first on line {lines[(*path, key)]})",
                "keep one of them and delete the other",
            )
        lines[(*path, key)] = _line(key_node)
        result[key] = _build(value_node, (*path, key), lines)
    return result


def _build_scalar(node: yaml.ScalarNode, path: FieldPath) -> Any:
    value = node.value
    if node.style:  # quoted or block text is always text
        return value
    tag = node.tag
    if tag == "tag:yaml.org,2002:bool":
        if value in _YAML12_BOOLEANS:
            return _YAML12_BOOLEANS[value]
        # YAML 1.1 reads yes/no/on/off (any case) as true/false; authors mean words.
        name = path[-1] if path else "value"
        raise FrontMatterError(
            _line(node),
            f"{value!r} is read by YAML as true/false, not as the word {value!r}",
            f'put it in quotes, like {name}: "{value}", or write true or false',
        )
    if tag == "tag:yaml.org,2002:null":
        return None
    # Numbers, dates and date-times stay exactly as written: no field holds a
    # number, and `version: 1.10` must not become 1.1. The schema checks formats.
    return value


# --- Nesting, measured before YAML reads the block --------------------------
#
# PyYAML builds nested lists and mappings by recursion, so a field nested 5,000
# deep ended in RecursionError naming no file and 100,000 deep crashed the
# process; its scanner also looks at every open bracket for each new one, so a
# 100,000-deep [[[ took minutes before that. Real front matter nests three deep
# (changes: - version: ...). One pass over the text counts how deep lists and
# groups of fields go, by indentation and by [ ] { } outside quotes, and stops at
# the first line past the limit; it may count a bracket inside plain text too,
# which only matters in text no author writes (ten brackets deep).

MAX_NESTING = 10
_NESTING_FIX = "real documents need three levels at most: a field, a list under it, and fields in each item"
_FLOW_MARK = re.compile(r"[\[\]{}'\"#,:?]")
_VALUE_START = re.compile(r":(?:[ \t]|$)")
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?")
_DOUBLE_QUOTE_END = re.compile(r'[\\"]')
_TOKEN_BEFORE_QUOTE = "[{,:?"  # a quote starts quoted text only at the start of an item


@dataclass
class _Nesting:
    """Where the pass is: indentation of open blocks, open brackets, an open quote."""

    indents: list[int] = field(default_factory=list)
    flow: int = 0
    quote: str = ""
    previous: str = ""  # the last bracket, comma or colon in [ ] or { }, or "x" after other text
    block_scalar: int | None = None  # indentation of the field whose | or > text is being skipped
    field_name: str = ""


def refuse_deep_nesting(block: str) -> None:
    """Raise FrontMatterError at the first line nested more than MAX_NESTING deep. Linear."""
    state = _Nesting()
    for number, line in enumerate(block.split("\n")):
        if state.flow or state.quote:
            _scan_flow(line, 0, state)
        else:
            _scan_block_line(line, state)
        if len(state.indents) + state.flow > MAX_NESTING:
            raise _too_deep(number + 2, state.field_name)


def _too_deep(line: int, name: str) -> FrontMatterError:
    where = f"the field {name!r}" if name else "the front matter"
    return FrontMatterError(
        line,
        f"{where} has lists or groups of fields inside one another more than {MAX_NESTING} levels deep",
        _NESTING_FIX,
    )


def _scan_block_line(line: str, state: _Nesting) -> None:
    content = line.lstrip(" ")
    indent = len(line) - len(content)
    if state.block_scalar is not None:
        if not content.strip() or indent > state.block_scalar:
            return  # text of a | or > block: not nesting
        state.block_scalar = None
    if not content.strip() or content.startswith("#"):
        return
    while state.indents and state.indents[-1] > indent:
        state.indents.pop()
    if not state.indents or state.indents[-1] < indent:
        state.indents.append(indent)
    if indent == 0 and not content.startswith(("-", "?")):
        state.field_name = content.split(":", 1)[0].strip()[:40]
    position = indent
    while line.startswith(("- ", "? "), position) or line[position:].rstrip() in ("-", "?"):
        position = len(line) - len(line[position + 1 :].lstrip(" "))
        state.indents.append(position)  # `- - x` opens a list inside a list on one line
        if len(state.indents) > MAX_NESTING:
            return
    _scan_value(line, position, state)


def _scan_value(line: str, position: int, state: _Nesting) -> None:
    """After the indentation and any - markers: a key, then a value that may open [ ], { }, quotes or a | block."""
    key_column = position
    if line.startswith(("'", '"'), position):  # a quoted key, or quoted text
        state.quote, state.previous = line[position], ":"
        position = _end_of_quote(line, position + 1, state)
        if state.quote:
            return
    found = _VALUE_START.search(line, position)
    if found is not None:
        position = found.end()
        position += len(line[position:]) - len(line[position:].lstrip(" "))
    elif position != key_column:
        return  # quoted text with nothing after it
    if line.startswith(("[", "{"), position):
        state.previous = ":"
        _scan_flow(line, position, state)
    elif line.startswith(("'", '"'), position):
        state.quote = line[position]
        _scan_flow(line, position + 1, state)
    elif _BLOCK_SCALAR.fullmatch(line, position):
        state.block_scalar = key_column


def _scan_flow(line: str, position: int, state: _Nesting) -> None:
    """Count [ ] and { } from position to the end of the line, skipping quoted text and comments."""
    while position <= len(line):
        if state.quote:
            position = _end_of_quote(line, position, state)
            if state.quote:
                return
            state.previous = "x"
        found = _FLOW_MARK.search(line, position)
        if found is None:
            if line[position:].strip():
                state.previous = "x"
            return
        if line[position : found.start()].strip():
            state.previous = "x"
        mark, position = found.group(), found.end()
        if not _flow_mark(line, found.start(), mark, state):
            return


def _flow_mark(line: str, start: int, mark: str, state: _Nesting) -> bool:
    """Take one mark into account; False when the rest of the line is not to be read."""
    if mark in "[{":
        state.flow += 1
        state.previous = mark
        return len(state.indents) + state.flow <= MAX_NESTING
    if mark in "]}":
        state.flow = max(state.flow - 1, 0)
        state.previous = mark
        return state.flow > 0
    if mark in "'\"":
        if state.previous and state.previous in _TOKEN_BEFORE_QUOTE:
            state.quote = mark
        else:
            state.previous = "x"
        return True
    if mark == "#":
        if start == 0 or line[start - 1] in " \t":
            return False  # a comment
        state.previous = "x"
        return True
    state.previous = mark if mark == "," or line[start + 1 : start + 2] in ("", " ", ",", "]", "}") else "x"
    return True


def _end_of_quote(line: str, position: int, state: _Nesting) -> int:
    """Just after the closing quote (state.quote cleared), or the line's end when it goes on."""
    while True:
        if state.quote == "'":
            end = line.find("'", position)
            if end >= 0 and line.startswith("''", end):
                position = end + 2
                continue
        else:
            found = _DOUBLE_QUOTE_END.search(line, position)
            end = found.start() if found else -1
            if found is not None and found.group() == "\\":
                position = end + 2
                continue
        if end < 0:
            return len(line) + 1
        state.quote = ""
        return end + 1
