"""Rules on page text that need more than one line at a time: ids, tooltips, remote loads.

kb.checks.content_safety refuses tags, handlers and addresses; this module adds what
it missed because an address or attribute can be written across lines, or be
named in one place and used in another:

* ids and classes set by authors (``{#id}``, ``{: .class }``, ``id=`` in HTML)
  must be plain, and may not take the theme's own names (``__search``,
  ``md-header``, ``kb-title``): a page could hide, restyle or take over the
  header, search or banners, or pass itself off as an official notice;
* link titles and abbreviations become tooltips, which Material renders as
  markup, so they may not hold ``<`` or ``>``, written or as entities;
* images loaded from other websites through a reference (``![x][r]`` with
  ``[r]: https://...``) or with the address on another line.

Every pattern is written so that it cannot backtrack: possessive quantifiers,
and no two alternatives that can match the same text, so each check takes
time in proportion to the text however hostile it is.
"""

from __future__ import annotations

import functools
import html
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from kb.problems import shorten

SAFE_ID = re.compile(r"[a-z0-9]++(?:-[a-z0-9]++)*+")
# Names the theme (Material: __search, __drawer, md-header ...) and our overrides (kb-title ...) use.
RESERVED_PREFIXES = ("__", "md-", "kb-")
RESERVED_ATTRIBUTE = "data-md-"  # Material and overrides/assets/javascripts find components by it
INVISIBLE = re.compile(r"[\x00-\x20\x7f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]++")

_ATTR_LIST = re.compile(r"(?<!\{)\{(?![{%])([^{}\n]*+)\}")
_ATTR_LIST_TOKEN = re.compile(r"""([^\s=}]++)(?:=(?:"([^"]*+)"|'([^']*+)'|([^\s=}]*+)))?+""")
_HTML_TAG = re.compile(r"""<[a-z][a-z0-9-]*+((?:[^<>"']++|"[^"]*+"|'[^']*+')*+)""", re.IGNORECASE)
_HTML_ATTRIBUTE = re.compile(r"""([^\s"'<>=/]++)(?:\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s"'>]++)))?+""")
_LINK_TITLE = re.compile(r"""\]\(\s*+(?:<[^<>\n]*+>|[^\s()<>]*+)\s++(?:"([^"]*+)"|'([^']*+)'|\(([^()]*+)\))""")
_REFERENCE_TITLE = re.compile(
    r"""^ {0,3}\[[^\[\]\n]++\]:[ \t]*+\n?[ \t]*+\S++[ \t]*+(?:\n[ \t]*+)?"""
    r"""(?:"([^"\n]*+)"|'([^'\n]*+)'|\(([^()\n]*+)\))""",
    re.MULTILINE,
)
_ABBREVIATION = re.compile(r"^\*\[[^\\\n]*?\] ?:[ \t]*+(.*+)$", re.MULTILINE)
_REFERENCE = re.compile(r"^ {0,3}\[([^\[\]\n]++)\]:[ \t]*+(.*+)$", re.MULTILINE)
# In flattened text (no white space): ![alt][label], ![label][] and ![label], but not ![alt](address).
_IMAGE_REFERENCE = re.compile(r"!\[([^\[\]]*+)\](?:\[([^\[\]]*+)\]|(?!\())")
_REMOTE = re.compile(r"<?((?:https?:)?//[^/\"')>?#\\]{1,253})")
_MARKUP_IN_TEXT = ("<", ">")

REMOTE_MESSAGE = "loads an image or media from another website ({host})"
REMOTE_FIX = "save the file in docs/ beside the page and link to it: the site loads nothing from other websites"
TOOLTIP_FIX = "write it in words, without < or >"


@dataclass(frozen=True)
class Finding:
    """Something refused in a text; ``line`` counts from the text's first line."""

    line: int
    field: str
    message: str
    fix: str


@dataclass(frozen=True)
class FlatText:
    """A text as a browser reads an address in it: entities decoded, white space gone, lower case.

    Browsers drop tabs and newlines inside addresses and HTML allows white space
    around ``=``, so ``<img\\nsrc=\\n"https://...">`` is one address; lines are
    kept as offsets so a finding still names the line it is on.
    """

    text: str
    line_starts: tuple[int, ...]

    def line_at(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)


def flatten(text: str) -> FlatText:
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    for line in text.split("\n"):
        starts.append(length)
        flat = INVISIBLE.sub("", html.unescape(html.unescape(line))).lower()
        parts.append(flat)
        length += len(flat)
    return FlatText("".join(parts), tuple(starts))


def check_rules(text: str, flat: FlatText) -> Iterator[Finding]:
    """Every finding of this module's rules in one text."""
    attributes = list(_attributes(text))
    yield from _id_and_class_findings(text, attributes)
    yield from _tooltip_findings(text, attributes)
    yield from _remote_reference_findings(text, flat)


def line_at(text: str, offset: int) -> int:
    """The 1-based line of an offset; counting from the start each time would be quadratic in findings."""
    return bisect_right(_line_starts(text), offset)


@functools.lru_cache(maxsize=8)  # the same text's lines are looked up by every rule
def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(match.end() for match in re.finditer("\n", text)))


# --- Ids and classes --------------------------------------------------------------


_CHECKED_ATTRIBUTES = frozenset({"id", "for", "class", "title"})


def _attributes(text: str) -> Iterator[tuple[int, str, str, str]]:
    """(offset, where, name, value) of the attributes these rules read, in attribute lists and HTML tags."""
    for match in _ATTR_LIST.finditer(text):
        start = match.start(1)
        for token in _ATTR_LIST_TOKEN.finditer(match.group(1)):
            word, value = token.group(1), next((v for v in token.group(2, 3, 4) if v is not None), None)
            offset = start + token.start()
            if value is None and word[:1] == "#":
                yield offset, "an attribute list { }", "id", word[1:]
            elif value is None and word[:1] == ".":
                yield offset, "an attribute list { }", "class", word[1:]
            elif value is not None and _checked(word.lower()):
                yield offset, "an attribute list { }", word.lower(), html.unescape(value)
    for match in _HTML_TAG.finditer(text):
        start = match.start(1)
        for attribute in _HTML_ATTRIBUTE.finditer(match.group(1)):
            if not _checked(attribute.group(1).lower()):
                continue
            value = next((v for v in attribute.group(2, 3, 4) if v is not None), "")
            yield start + attribute.start(), "an HTML tag", attribute.group(1).lower(), html.unescape(value)


def _checked(name: str) -> bool:
    return name in _CHECKED_ATTRIBUTES or name.startswith(RESERVED_ATTRIBUTE)


def _id_and_class_findings(text: str, attributes: list[tuple[int, str, str, str]]) -> Iterator[Finding]:
    for offset, where, name, value in attributes:
        line = line_at(text, offset)
        if name in ("id", "for"):
            yield from _id_finding(line, where, name, value)
        elif name == "class":
            reserved = [repr(shorten(word)) for word in value.split() if _reserved(word)]
            if reserved:
                what = (
                    f"the class {reserved[0]}"
                    if len(reserved) == 1
                    else f"the classes {', '.join(reserved[:-1])} and {reserved[-1]}"
                )
                verb = "belongs" if len(reserved) == 1 else "belong"
                yield Finding(
                    line,
                    "HTML",
                    f"{what} in {where} {verb} to the site's theme",
                    "delete it: classes starting md-, kb- or __ are the theme's own",
                )
        elif name.startswith(RESERVED_ATTRIBUTE):
            yield Finding(
                line,
                "HTML",
                f"the attribute {repr(shorten(name))[1:-1]}= in {where} belongs to the site's theme",
                "delete it: attributes starting data-md- are the theme's own",
            )


def _id_finding(line: int, where: str, name: str, value: str) -> Iterator[Finding]:
    if _reserved(value):
        what = f"the id {shorten(value)!r}" if name == "id" else f"the label target for={shorten(value)!r}"
        yield Finding(
            line,
            "HTML",
            f"{what} in {where} belongs to the site's theme",
            "choose another id: ids starting md-, kb- or __ are the theme's own",
        )
    elif name == "id" and not SAFE_ID.fullmatch(value):
        suggestion = "-".join(re.findall(r"[a-z0-9]+", value.lower()))
        fix = f"write it as {suggestion!r}" if suggestion else "use only lower-case letters, digits and hyphens"
        yield Finding(
            line,
            "HTML",
            f"the id {shorten(value)!r} in {where} may use only lower-case letters (a-z), digits and hyphens",
            fix,
        )


def _reserved(name: str) -> bool:
    return name.strip().lower().startswith(RESERVED_PREFIXES)


# --- Tooltips ---------------------------------------------------------------------------


def _has_markup(value: str) -> bool:
    plain = html.unescape(html.unescape(value))
    return any(character in plain for character in _MARKUP_IN_TEXT)


def _tooltip_findings(text: str, attributes: list[tuple[int, str, str, str]]) -> Iterator[Finding]:
    for pattern in (_LINK_TITLE, _REFERENCE_TITLE):
        for match in pattern.finditer(text):
            group = next(g for g in (1, 2, 3) if match.group(g) is not None)
            if _has_markup(match.group(group)):
                yield Finding(
                    line_at(text, match.start(group)),
                    "title",
                    "the title of a link or image has < or > in it: Material's tooltips would show it as markup",
                    TOOLTIP_FIX,
                )
    for offset, _, name, value in attributes:
        if name == "title" and _has_markup(value):
            yield Finding(
                line_at(text, offset),
                "title",
                "a title= has < or > in it: Material's tooltips would show it as markup",
                TOOLTIP_FIX,
            )
    for match in _ABBREVIATION.finditer(text):
        if _has_markup(match.group(1)):
            yield Finding(
                line_at(text, match.start(1)),
                "abbreviation",
                "the explanation has < or > in it: Material's tooltips would show it as markup",
                TOOLTIP_FIX,
            )


# --- Images loaded from other websites through a reference -------------------------------


def _remote_reference_findings(text: str, flat: FlatText) -> Iterator[Finding]:
    """``![x][r]`` with ``[r]: https://...``: reported at the line of the address."""
    used = {_label(match.group(2) or match.group(1)) for match in _IMAGE_REFERENCE.finditer(flat.text)}
    if not used:
        return
    lines = text.split("\n")
    for match in _REFERENCE.finditer(text):
        if _label(match.group(1)) not in used:
            continue
        line = line_at(text, match.start())
        address = match.group(2)
        if not address.strip() and line < len(lines):  # the address may start on the next line
            line, address = line + 1, lines[line]
        remote = _REMOTE.match(_label(address.strip().split()[0] if address.strip() else ""))
        if remote:
            yield Finding(line, "image", REMOTE_MESSAGE.format(host=remote.group(1).split("//", 1)[1]), REMOTE_FIX)


def _label(text: str) -> str:
    """A reference label or address as compared: entities decoded, white space gone, lower case."""
    return INVISIBLE.sub("", html.unescape(html.unescape(text))).lower()
