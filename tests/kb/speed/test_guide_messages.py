"""The contributor guide's example messages are remembered, and made again whenever what they come from changes."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import REPO
from kb.checks.validate import Validator
from kb.speed import guide_messages
from kb.workflow import authoring

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project whose data/ is a copy, so that a test may change it."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    return tmp_path


class Maker:
    """make() for remembered(): counts its calls."""

    def __init__(self, text: str = "the messages") -> None:
        self.text, self.calls = text, 0

    def __call__(self) -> str:
        self.calls += 1
        return self.text


def test_the_text_is_made_once_then_remembered(root):
    make = Maker()
    assert guide_messages.remembered(root, NOW, make) == "the messages"
    assert guide_messages.remembered(root, NOW, make) == "the messages"
    assert make.calls == 1
    assert guide_messages.cache_file(root) == root / ".cache" / "guide" / "check-messages.json"


@pytest.mark.parametrize("change", ["data file", "new data file", "another day", "kb code", "anchor library"])
def test_a_change_to_what_the_messages_come_from_makes_them_again(root, monkeypatch, change):
    guide_messages.remembered(root, NOW, Maker("before"))
    now = NOW
    if change == "data file":
        topics = root / "data" / "topics.yml"
        topics.write_text(topics.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    elif change == "new data file":
        (root / "data" / "templates" / "extra.md").write_text("x", encoding="utf-8")
    elif change == "another day":
        now = datetime(2026, 3, 5, 0, 0, tzinfo=UTC)
    elif change == "kb code":
        monkeypatch.setattr(guide_messages, "code_fingerprint", lambda: "other code")
    else:
        real_version = guide_messages.importlib.metadata.version
        monkeypatch.setattr(
            guide_messages.importlib.metadata, "version", lambda name: "0" if name == "markdown" else real_version(name)
        )
    make = Maker("after")
    assert guide_messages.remembered(root, now, make) == "after"
    assert make.calls == 1


def test_the_same_day_is_the_same_text():
    """Why the key holds the day and not the time: the examples' checks give the same words all day."""
    validator = Validator(REPO)
    morning = authoring.render_check_messages(validator, datetime(2026, 3, 4, 0, 0, 1, tzinfo=UTC))
    evening = authoring.render_check_messages(validator, datetime(2026, 3, 4, 23, 59, 59, tzinfo=UTC))
    assert morning == evening
    assert "The check says:" in morning


def test_switched_off_the_text_is_made_every_time_and_nothing_is_kept(root, monkeypatch):
    monkeypatch.setenv("KB_FAST", "-guide_messages")
    make = Maker()
    guide_messages.remembered(root, NOW, make)
    guide_messages.remembered(root, NOW, make)
    assert make.calls == 2
    assert not guide_messages.cache_file(root).exists()


def test_a_damaged_entry_is_thrown_away_and_the_text_made_again(root, caplog):
    guide_messages.remembered(root, NOW, Maker("first"))
    entry = guide_messages.cache_file(root)
    entry.write_bytes(entry.read_bytes().replace(b"first", b"forged"))
    make = Maker("again")
    with caplog.at_level("INFO", logger="mkdocs.kb"):
        assert guide_messages.remembered(root, NOW, make) == "again"
    assert make.calls == 1
    assert caplog.messages == [
        ".cache/guide/check-messages.json: a damaged cache entry was thrown away "
        "(its content does not match its hash); the work is done again"
    ]


def test_the_guide_shows_the_same_messages_from_the_cache(tmp_path, monkeypatch):
    shutil.copytree(REPO / "data", tmp_path / "data")
    made = authoring.check_messages(tmp_path)
    assert made == authoring.render_check_messages(Validator(tmp_path))
    with monkeypatch.context() as patched:
        patched.setattr(authoring, "render_check_messages", lambda *_: pytest.fail("made again"))
        assert authoring.check_messages(tmp_path) == made
