"""Problems found in documents, reported in words an author can act on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one document.

    Rendered as ``docs/path.md:LINE: field: what is wrong (how to fix)``, the
    format compilers use, so editors and GitHub annotations can jump to it.
    """

    path: str
    line: int
    field: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what} ({self.fix})" if self.fix else f"{where}: {what}"


class ProblemsFound(Exception):
    """Raised by a stage that found problems; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) found")
        self.problems = sorted(problems)


def shorten(text: str, limit: int = 40) -> str:
    """``text`` on one line and at most ``limit`` characters, for quoting what an author wrote in a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def as_page_text(text: str) -> str:
    """Problem text shown inside a page's Markdown: it quotes the author's input, so never markup or code."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
        .replace("`", "&#96;")
    )
