"""Counting the words of a document's text, for the content targets in reviews.

Counts words a reader sees in the body: Markdown marks, link addresses, HTML
comments, admonition titles' quotes and template calls are left out.
"""

from __future__ import annotations

import re

from kb.content.documents import Document

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"[A-Za-z0-9£%][A-Za-z0-9£%',.\-]*")


def count_words(markdown: str) -> int:
    """Words in Markdown text as a reader would count them."""
    text = _FENCE.sub(" ", markdown)
    text = _TEMPLATE.sub(" ", text)
    text = _COMMENT.sub(" ", text)
    text = _LINK_TARGET.sub("]", text)
    return len(_WORD.findall(text))


def body_words(document: Document) -> int:
    return count_words(document.body)
