"""Reproducible builds: the environment kb build gives MkDocs, and comparing two sites."""

import subprocess
from pathlib import Path

from kb.build.reproducible import build_environment, differing_files, source_date_epoch


def test_source_date_epoch_is_the_last_commit(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    env = {
        "GIT_AUTHOR_DATE": "2025-01-02T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2025-01-02T12:00:00+00:00",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(["git", "-C", str(tmp_path), "commit", "-q", "--allow-empty", "-m", "x"], check=True, env=env)
    assert source_date_epoch(tmp_path) == "1735819200"
    assert build_environment({}, tmp_path)["SOURCE_DATE_EPOCH"] == "1735819200"


def test_an_explicit_epoch_wins_and_outside_git_none_is_set(tmp_path):
    assert build_environment({"SOURCE_DATE_EPOCH": "5"}, tmp_path)["SOURCE_DATE_EPOCH"] == "5"
    assert "SOURCE_DATE_EPOCH" not in build_environment({}, Path("/"))
    assert build_environment({}, tmp_path)["PYTHONHASHSEED"] == "0"


def test_differing_files_lists_changed_and_missing_files(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "same.html").write_text("x")
        (tmp_path / name / "sub" / "changed.xml").write_text(name)
    (tmp_path / "a" / "only-here.txt").write_text("x")
    assert differing_files(tmp_path / "a", tmp_path / "b") == ["only-here.txt", "sub/changed.xml"]
