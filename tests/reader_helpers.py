"""Small builders shared by the reader-experience unit tests."""

from datetime import UTC, datetime
from pathlib import Path

from conftest import VALID_GUIDANCE, front_matter
from kb.content.documents import Document
from kb.content.frontmatter import parse

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
PAPER = {
    **VALID_GUIDANCE,
    "id": "PP-2025-01",
    "type": "position-paper",
    "title": "A paper",
    "key_asks": ["Recognise practice managers."],
}


def make_document(src_uri: str = "guidance/example.md", base: dict | None = None, **changes: object) -> Document:
    text = front_matter(base, **changes)
    return Document(
        source=Path("/x") / src_uri, src_uri=src_uri, repo_path=f"docs/{src_uri}", parsed=parse(text.encode())
    )


def url_of(src_uri: str) -> str:
    return src_uri.removesuffix(".md") + "/"
