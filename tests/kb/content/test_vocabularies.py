"""Data files: checked against their schema, and remembered between runs once they pass."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TEST_NOW, front_matter, guidance_texts, make_project
from kb.content import vocabularies
from kb.content.vocabularies import DataFileError, load_data_file
from kb.speed.cache_files import REMEMBER_FROM, read_json

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "data", tmp_path / "data")
    return tmp_path


def load_fresh(name: str, root: Path) -> dict:
    """As a new run would: nothing remembered in this process."""
    vocabularies._load_data_file.cache_clear()
    vocabularies.remembered_passes.cache_clear()
    return load_data_file(name, root)


def never_checked(*args: object) -> None:
    raise AssertionError("checked against its schema again")


def test_a_data_file_that_passed_is_not_checked_again_until_it_changes(data_root, monkeypatch):
    topics = load_fresh("topics", data_root)
    remembered = read_json(data_root / ".cache" / "check" / "data-files.json")
    assert set(remembered) == {"topics"}
    monkeypatch.setattr(vocabularies, "_check_against_schema", never_checked)
    assert load_fresh("topics", data_root) == topics
    (data_root / "data" / "topics.yml").write_text(json.dumps({"unexpected": True}), encoding="utf-8")
    monkeypatch.undo()
    with pytest.raises(DataFileError, match=r"data/topics\.yml does not match its schema at \(top\)"):
        load_fresh("topics", data_root)


def test_a_data_file_that_fails_is_never_remembered(data_root):
    (data_root / "data" / "people.yml").write_text(json.dumps({"unexpected": True}), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataFileError, match=r"data/people\.yml does not match its schema"):
            load_fresh("people", data_root)
    assert not (data_root / ".cache" / "check" / "data-files.json").exists()


def test_a_new_schema_checks_the_file_again(data_root, monkeypatch):
    load_fresh("topics", data_root)
    schema_file = data_root / "data" / "schema" / "topics.schema.json"
    schema = json.loads(schema_file.read_text())
    schema["required"] = [*schema.get("required", []), "a_field_nobody_has"]
    schema_file.write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(DataFileError, match="a_field_nobody_has"):
        load_fresh("topics", data_root)


def test_a_check_where_everything_passed_before_never_loads_jsonschema(tmp_path):
    documents = {
        "index.md": front_matter(type="page", id=None, title="Home"),
        **guidance_texts(REMEMBER_FROM),
    }  # enough to be remembered
    root = make_project(tmp_path / "p", documents)
    code = "import sys; from kb import cli; status = cli.main(['--root', sys.argv[1], 'check']); print(status, 'jsonschema' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "KB_NOW": TEST_NOW}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(root)], capture_output=True, text=True, env=env, check=False
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs == [["0", "True"], ["0", "False"]]
