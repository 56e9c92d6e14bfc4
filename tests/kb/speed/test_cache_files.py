"""Cache files (kb.speed.cache_files) are checked, not trusted, and a cache that cannot be written fails nothing."""

import json
import logging

import pytest

from kb.speed.cache_files import read_json, write_json
from read_only_cache import read_only


def damaged_line(name: str, why: str = "its content does not match its hash") -> str:
    return f"{name}: a damaged cache entry was thrown away ({why}); the work is done again"


@pytest.fixture
def entry(tmp_path):
    path = tmp_path / ".cache" / "check" / "passed.json"
    write_json(path, ["a", "b"])
    return path


def test_an_entry_comes_back_as_stored_and_is_still_json(entry):
    assert read_json(entry) == ["a", "b"]
    assert read_json(entry, list) == ["a", "b"]
    assert json.loads(entry.read_text(encoding="utf-8"))["value"] == ["a", "b"]


def test_a_changed_entry_whose_hash_was_not_changed_is_thrown_away_with_one_line(entry, caplog):
    entry.write_bytes(entry.read_bytes().replace(b'"b"', b'"c"'))
    with caplog.at_level(logging.INFO, logger="mkdocs.kb"):
        assert read_json(entry) is None
    assert caplog.messages == [damaged_line(".cache/check/passed.json")]
    assert not entry.exists()


@pytest.mark.parametrize("damage", [b"", b"{not json", b'["a", "b"]', b'{"sha256":"00","value":["a"]}'])
def test_an_entry_without_its_hash_is_thrown_away(entry, caplog, damage):
    entry.write_bytes(damage)
    with caplog.at_level(logging.INFO, logger="mkdocs.kb"):
        assert read_json(entry) is None
    assert caplog.messages == [damaged_line(".cache/check/passed.json")]


def test_an_entry_of_another_type_is_thrown_away(entry, caplog):
    with caplog.at_level(logging.INFO, logger="mkdocs.kb"):
        assert read_json(entry, dict) is None
    assert caplog.messages == [damaged_line(".cache/check/passed.json", "it is not what this cache stores")]


def test_a_missing_entry_or_cache_is_nothing_to_say(tmp_path, caplog):
    (tmp_path / ".cache").write_text("a file where the cache folder should be", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs.kb"):
        assert read_json(tmp_path / "nothing.json") is None
        assert read_json(tmp_path / ".cache" / "check" / "passed.json") is None
        write_json(tmp_path / ".cache" / "check" / "passed.json", ["a"])  # cannot be written: nothing happens
    assert caplog.messages == []


def test_an_entry_that_cannot_be_read_is_thrown_away(tmp_path, caplog):
    (tmp_path / ".cache" / "passed.json").mkdir(parents=True)  # a folder where the file should be
    with caplog.at_level(logging.INFO, logger="mkdocs.kb"):
        assert read_json(tmp_path / ".cache" / "passed.json") is None
    assert caplog.messages == [damaged_line(".cache/passed.json", "it cannot be read: Is a directory")]


def test_a_read_only_cache_is_read_and_never_written(entry, monkeypatch, caplog):
    read_only(monkeypatch, entry.parent.parent)
    write_json(entry, ["c"])
    write_json(entry.parent / "new" / "other.json", ["c"])
    assert read_json(entry) == ["a", "b"]
    assert sorted(path.name for path in entry.parent.iterdir()) == ["passed.json"]  # nothing half-written left
    entry_bytes = entry.read_bytes()
    monkeypatch.undo()
    entry.write_bytes(entry_bytes.replace(b'"b"', b'"c"'))
    read_only(monkeypatch, entry.parent.parent)
    with caplog.at_level(logging.INFO, logger="mkdocs.kb"):
        assert read_json(entry) is None  # damaged, and cannot be removed: still not used
    assert caplog.messages == [damaged_line(".cache/check/passed.json")]
