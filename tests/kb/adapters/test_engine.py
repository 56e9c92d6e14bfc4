"""kb.adapters.engine: the site built with MkDocs and with ProperDocs is byte for byte the same site.

This is the proof that the project has a way off MkDocs 1.6.1 (no more
releases). The lifecycle fixture is built with each engine under the same
SOURCE_DATE_EPOCH (the feeds carry the build time otherwise): with MkDocs by
``kb build``, with ProperDocs by the whole gate (``make check ENGINE=properdocs``).
In the ProperDocs run an ``import mkdocs`` that reached MkDocs' own package
would fail, as if MkDocs were not installed: everything must come through
ProperDocs' alias. A page's warnings must still refuse a ``--strict`` build
when a forked child renders it, which depends on counting them on the
running engine's logger.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, TEST_NOW, make_project
from kb.adapters import engine
from kb.build.reproducible import differing_files

EPOCH = "1735819200"  # 2025-01-02 12:00 UTC
NO_MKDOCS = 'raise ImportError("MkDocs itself was imported in a ProperDocs build")\n'


def without_mkdocs(folder: Path) -> Path:
    """A folder that, first on PYTHONPATH, makes MkDocs' own package impossible to import."""
    (folder / "mkdocs").mkdir(parents=True)
    (folder / "mkdocs" / "__init__.py").write_text(NO_MKDOCS, encoding="utf-8")
    return folder


def run_with(engine_name: str, root: Path, *args: str, path_first: Path | None = None) -> subprocess.CompletedProcess:
    """``python -m kb`` on root with KB_ENGINE=engine_name, its build time fixed."""
    python_path = os.pathsep.join(str(p) for p in (path_first, REPO / "scripts") if p)
    env = {**os.environ, "PYTHONPATH": python_path, "KB_NOW": TEST_NOW, "NO_MKDOCS_2_WARNING": "1"}
    env |= {"SOURCE_DATE_EPOCH": EPOCH, "KB_ENGINE": engine_name}
    command = [sys.executable, "-m", "kb", "--root", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


@pytest.fixture(scope="session")
def built_by_each_engine(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The lifecycle fixture built by each engine, in projects of their own (no cache shared); each site/."""
    sites = {}
    for name, command in ((engine.MKDOCS, "build"), (engine.PROPERDOCS, "gate")):
        base = tmp_path_factory.mktemp(name)
        root = make_project(base / "project", docs_from=FIXTURES / "lifecycle" / "docs")
        blocker = without_mkdocs(base / "no-mkdocs") if name == engine.PROPERDOCS else None
        result = run_with(name, root, command, path_first=blocker)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
        sites[name] = root / "site"
    return sites


def test_both_engines_build_the_same_site_byte_for_byte(built_by_each_engine):
    mkdocs_site = built_by_each_engine[engine.MKDOCS]
    properdocs_site = built_by_each_engine[engine.PROPERDOCS]
    assert (mkdocs_site / "index.html").is_file() and any(mkdocs_site.glob("feed-*.xml"))
    assert differing_files(mkdocs_site, properdocs_site) == []


def test_the_blocker_really_blocks_mkdocs(tmp_path):
    """Without ProperDocs' alias the build fails: the comparison above cannot pass by reaching MkDocs."""
    root = make_project(tmp_path / "project", docs_from=FIXTURES / "lifecycle" / "docs")
    result = run_with(engine.MKDOCS, root, "build", path_first=without_mkdocs(tmp_path / "no-mkdocs"))
    assert result.returncode != 0
    assert "MkDocs itself was imported in a ProperDocs build" in result.stderr


def command_line(*args: str, cwd: Path = REPO, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m kb.adapters.mkdocs_run`` (what kb build runs) with env."""
    environment = {"PYTHONPATH": str(REPO / "scripts"), "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", **env}
    command = [sys.executable, "-m", "kb.adapters.mkdocs_run", *args]
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("chosen", "version"),
    [("", "mkdocs, version 1."), ("properdocs", "properdocs, version 1."), ("ProperDocs", "properdocs, version 1.")],
)
def test_kb_engine_chooses_the_command_line(chosen, version):
    result = command_line("--version", KB_ENGINE=chosen)
    assert result.returncode == 0 and result.stdout.startswith(version), result.stderr


HOOK = """
import logging
from kb.adapters import engine

def on_post_page(output, page, config, **kwargs):
    if page.file.src_uri == "b.md":  # rendered by the forked child when there are two processes
        logging.getLogger(engine.logger_name() + ".test_hook").warning("a warning from the child")
    return output

def on_post_build(config, **kwargs):
    print("running engine:", engine.running(), engine.version())
"""


@pytest.mark.parametrize("chosen", engine.ENGINES)
def test_a_warning_in_a_forked_child_refuses_a_strict_build_with_either_engine(tmp_path, chosen):
    (tmp_path / "docs").mkdir()
    for name in ("a", "b", "c"):
        (tmp_path / "docs" / f"{name}.md").write_text(f"# Page {name}\n", encoding="utf-8")
    (tmp_path / "hook.py").write_text(HOOK, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ntheme: {name: material}\nhooks: [hook.py]\n", encoding="utf-8")
    site = str(tmp_path / "site")
    env = {"KB_ENGINE": chosen, "KB_RENDER_PROCESSES": "2"}
    result = command_line("build", "--strict", "--site-dir", site, cwd=tmp_path, **env)
    assert "Pages rendered in 2 processes" in result.stderr
    assert "a warning from the child" in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout
    assert result.returncode == 1
    assert f"running engine: {chosen} " in result.stdout


def test_an_unknown_engine_is_refused_before_any_work(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_ENGINE", "zensical")
    with pytest.raises(engine.UnknownEngine, match="mkdocs or properdocs"):
        engine.chosen()
    result = run_with("zensical", make_project(tmp_path / "project"), "build")
    assert result.returncode == 1
    assert "KB_ENGINE='zensical' is not an engine" in result.stderr
    assert not (tmp_path / "project" / "site").exists()


def test_unset_means_mkdocs_and_this_process_runs_mkdocs(monkeypatch):
    monkeypatch.delenv("KB_ENGINE", raising=False)
    assert engine.chosen() == engine.MKDOCS
    import mkdocs  # noqa: F401  (the test process has the default engine)

    assert engine.running() == engine.MKDOCS and engine.logger_name() == "mkdocs"
