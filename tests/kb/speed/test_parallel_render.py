"""kb.speed.parallel_render: pages rendered in forked processes, with MkDocs' warnings and failures kept.

That a site rendered in two processes is byte for byte the site rendered in
one is tested on the richest fixture project, hidden documents and every
Markdown feature included: tests/test_never_leaks.py builds it both ways.
Here: a child's warnings still refuse a --strict build, a page that fails in
either process refuses it with MkDocs' message naming the page, and when the
renderer stays in one process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from kb.speed import parallel_render

PAGES = ("a", "b", "c", "d")  # MkDocs' order; with two processes this one renders a and c, the child b and d

HOOK = """
import logging, os
log = logging.getLogger("mkdocs.test_hook")

def on_post_page(output, page, config, **kwargs):
    name = page.file.src_uri
    if name in os.environ.get("WARN_ON", "").split():
        log.warning(f"a warning about {name}")
    if name == os.environ.get("FAIL_ON"):
        raise ValueError(f"boom on {name}")
    return output
"""


def tiny_project(root: Path) -> Path:
    (root / "docs").mkdir(parents=True)
    for name in PAGES:
        (root / "docs" / f"{name}.md").write_text(f"# Page {name}\n\nText.\n", encoding="utf-8")
    (root / "hook.py").write_text(HOOK, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: material}\nhooks: [hook.py]\nplugins: [search]\n", encoding="utf-8"
    )
    return root


def build(root: Path, processes: int = 2, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        "PYTHONPATH": str(REPO / "scripts"),
        "NO_MKDOCS_2_WARNING": "1",
        "PATH": "/usr/bin:/bin",
        "KB_RENDER_PROCESSES": str(processes),
        **env,
    }
    command = [sys.executable, "-m", "kb.adapters.mkdocs_run", "build", "--strict", "--site-dir", str(root / "site")]
    return subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True, check=False)


def test_every_page_is_written_and_the_split_is_reported(tmp_path):
    root = tiny_project(tmp_path)
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "Pages rendered in 2 processes" in result.stderr
    assert sorted(path.parent.name for path in (root / "site").glob("?/index.html")) == list(PAGES)


def test_one_process_is_mkdocs_own_loop(tmp_path):
    result = build(tiny_project(tmp_path), processes=1)
    assert result.returncode == 0, result.stderr
    assert "Pages rendered in" not in result.stderr


def test_warnings_logged_in_the_child_refuse_a_strict_build(tmp_path):
    result = build(tiny_project(tmp_path), WARN_ON="b.md c.md d.md")  # c in this process, b and d in the child
    assert result.returncode == 1
    assert "a warning about d.md" in result.stderr
    assert "Aborted with 3 warnings in strict mode!" in result.stdout


def test_a_page_that_fails_in_the_child_refuses_the_build_naming_it(tmp_path):
    result = build(tiny_project(tmp_path), FAIL_ON="d.md")
    assert result.returncode == 1
    assert "Error building page 'd.md': boom on d.md" in result.stderr
    assert "ValueError: boom on d.md" in result.stderr  # the child's traceback, as MkDocs would print it
    assert "Aborted with a BuildError!" in result.stdout + result.stderr


def test_a_page_that_fails_here_ends_the_build_as_mkdocs_would(tmp_path):
    result = build(tiny_project(tmp_path), FAIL_ON="c.md")
    assert result.returncode == 1
    assert "Error building page 'c.md': boom on c.md" in result.stderr
    assert result.stderr.rstrip().endswith("ValueError: boom on c.md")


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("3", 3), ("99", parallel_render.MAX_PROCESSES)])
def test_the_number_of_processes_can_be_chosen(monkeypatch, value, expected):
    monkeypatch.setenv(parallel_render.PROCESSES_VARIABLE, value)
    assert parallel_render.processes() == expected


@pytest.mark.parametrize("value", ["", "0", "two", "-1"])
def test_otherwise_one_process_a_core(monkeypatch, value):
    monkeypatch.setenv(parallel_render.PROCESSES_VARIABLE, value)
    monkeypatch.setattr(parallel_render.os, "sched_getaffinity", lambda _pid: {0, 1})
    assert parallel_render.processes() == 2


def test_no_fork_while_another_thread_runs(monkeypatch):
    monkeypatch.setenv(parallel_render.PROCESSES_VARIABLE, "2")
    threads = {"running": 1}
    monkeypatch.setattr(parallel_render.threading, "active_count", lambda: threads["running"])
    assert parallel_render.processes_for(10) == 2
    assert parallel_render.processes_for(1) == 1
    threads["running"] = 2  # a server's thread, a pool's worker: a forked child would not have them
    assert parallel_render.processes_for(10) == 1
