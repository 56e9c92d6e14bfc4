"""A repository that tracks files under .cache/ is refused: caches come from the build only."""

import subprocess

from conftest import front_matter, make_project, run_kb
from kb.checks.committed_caches import committed_cache_problems, tracked_cache_files

HOME = front_matter(type="page", id=None, title="Home")


def git(root, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def repository_with_a_planted_cache(tmp_path):
    root = make_project(tmp_path / "p", {"index.md": HOME})
    planted = root / ".cache" / "check" / "passed.json"
    planted.parent.mkdir(parents=True)
    planted.write_text("[]", encoding="utf-8")
    (root / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-f", ".cache/check/passed.json", "docs", ".gitignore")
    return root


def test_files_forced_into_the_repository_under_cache_are_found(tmp_path):
    root = repository_with_a_planted_cache(tmp_path)
    assert tracked_cache_files(root) == [".cache/check/passed.json"]
    [problem] = committed_cache_problems(root)
    assert str(problem) == (
        ".cache/check/passed.json:1: file: is committed to the repository, but .cache/ holds what the build remembers, "
        "made only by the build: a committed copy could make the gate skip its checks (remove it from the repository with `git rm -r --cached .cache` and commit)"
    )


def test_caches_the_build_made_itself_and_folders_without_git_are_fine(tmp_path):
    root = make_project(tmp_path / "p", {"index.md": HOME})
    (root / ".cache" / "pdf").mkdir(parents=True)
    (root / ".cache" / "pdf" / "x.pdf").write_bytes(b"%PDF")
    assert committed_cache_problems(root) == []  # no repository at all
    git(root, "init", "-q")
    git(root, "add", "docs")
    assert committed_cache_problems(root) == []  # present but not tracked


def test_the_check_and_the_build_refuse_a_committed_cache(tmp_path):
    root = repository_with_a_planted_cache(tmp_path)
    check = run_kb(root, "check")
    assert check.returncode == 1
    assert ".cache/check/passed.json:1: file: is committed to the repository" in check.stdout
    build = run_kb(root, "build")
    assert build.returncode == 1
    assert ".cache/check/passed.json:1: file: is committed to the repository" in build.stderr
    assert not (root / "site").exists()
