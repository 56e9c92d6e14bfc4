"""The glossary in ``data/glossary.yml``: explanations on every page, and the glossary page.

Each page's Markdown gets the abbreviation definitions of the ``abbr``
extension appended, so every use of a term becomes ``<abbr title=...>``.
The first use of each term on a page is then made focusable, so keyboard
users reach the explanation too, not only mouse users.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kb import paths
from kb.content.vocabularies import DataFileError, load_data_file
from kb.reader.listings import markdown_text


@dataclass(frozen=True)
class Term:
    term: str
    expansion: str
    definition: str

    @property
    def explanation(self) -> str:
        """What a reader sees on hover or focus."""
        return f"{self.expansion}: {self.definition}"

    @property
    def anchor(self) -> str:
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")


def load_glossary(root: Path = paths.REPO_ROOT) -> list[Term]:
    """Every term, in alphabetical order. Raises DataFileError on a broken or repeated entry."""
    entries = load_data_file("glossary", root)["terms"]
    terms = sorted((Term(e["term"], e["expansion"], e["definition"]) for e in entries), key=lambda t: t.term.lower())
    seen: set[str] = set()
    for term in terms:
        if term.term in seen:
            raise DataFileError(f"data/glossary.yml lists {term.term} more than once: keep one entry")
        seen.add(term.term)
    return terms


_AUTHOR_DEFINITION = re.compile(r"^\*\[([^\]]+)\]:", re.MULTILINE)


def abbreviation_definitions(terms: list[Term], markdown: str = "") -> str:
    """Markdown abbreviation definitions (``*[PCN]: ...``) to append to a page.

    A term the page defines for itself keeps the author's definition.
    """
    own = set(_AUTHOR_DEFINITION.findall(markdown))
    return "\n\n" + "\n".join(f"*[{term.term}]: {term.explanation}" for term in terms if term.term not in own) + "\n"


# An opening or closing <a> or <abbr>, and for an opening <abbr> the term's text that follows it.
_LINK_OR_ABBR = re.compile(r"<(/?)(a|abbr)\b([^>]*)>([^<]*)", re.IGNORECASE)


def focusable_abbreviations(html: str) -> str:
    """Let keyboard users focus the first use of each term on a page, which shows its explanation.

    Only the first: a paper that says PCN sixteen times would otherwise put
    sixteen stops in the way of a reader moving through it with the Tab key,
    each with the same explanation. Later uses keep their explanation in the
    title (shown on hover, read by screen readers that read titles), as the
    first use of a term is where a reader meets it, and where GOV.UK style
    explains it. Not inside a link: the link itself takes the focus there,
    and a focusable element inside another is a trap for screen readers (axe:
    nested-interactive); the first use outside a link is then the one.
    """
    link_depth = 0
    explained: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        nonlocal link_depth
        closing, tag, attributes, text = match.group(1), match.group(2).lower(), match.group(3), match.group(4)
        if tag == "a":
            link_depth = max(0, link_depth + (-1 if closing else 1))
            return match.group(0)
        if closing or link_depth or "tabindex=" in attributes:
            return match.group(0)
        term = " ".join(text.split())
        if term in explained:
            return match.group(0)
        explained.add(term)
        return f'<abbr tabindex="0"{attributes}>{text}'

    return _LINK_OR_ABBR.sub(replace, html)


def glossary_markdown(terms: list[Term]) -> str:
    """The glossary as a definition list, each term with an anchor to link to."""
    blocks = []
    for term in terms:
        blocks.append(
            f"{markdown_text(term.term)} {{: #{term.anchor} }}\n"
            f":   **{markdown_text(term.expansion)}**. {markdown_text(term.definition)}\n"
        )
    return "\n".join(blocks)
