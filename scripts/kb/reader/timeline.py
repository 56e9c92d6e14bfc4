"""The Institute's history, from ``data/timeline.yml``, as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kb import paths
from kb.content.vocabularies import load_data_file
from kb.reader.listings import markdown_text


def load_events(root: Path = paths.REPO_ROOT) -> list[dict[str, Any]]:
    """Events in the order the data file gives them (oldest first)."""
    return list(load_data_file("timeline", root)["events"])


def render_timeline(events: list[dict[str, Any]]) -> str:
    """A definition list: each date, then what happened.

    A definition list reads in order for screen readers and needs no styling
    to make sense, so it survives printing and a change of theme.
    """
    if not events:
        return "*No events recorded yet.*\n"
    blocks = [f"**{markdown_text(str(event['when']))}**\n:   {markdown_text(str(event['what']))}\n" for event in events]
    return "\n".join(blocks)
