"""kb.speed.switch: one switch, KB_FAST, for every speed path; and no speed path changes a byte.

Every speed mechanism promises the same site with it or without it. The
build test holds it to that as a whole: one project, built with every
mechanism on (from empty caches, then warm, the way a pull request's build
runs) and with every one off (before and after the caches are warm), must
publish the same bytes each time.
"""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, real_site_now
from kb import speed
from kb.bench import synthetic
from kb.speed import switch
from kb.speed.cache_files import REMEMBER_FROM

EPOCH = "1735819200"  # SOURCE_DATE_EPOCH, as tests/test_never_leaks.py: PDFs and feeds made the same each time


def test_unset_empty_or_one_is_all_on():
    for value in (None, "", "1", " 1 "):
        assert switch.switched_off(value) == frozenset()


def test_zero_is_all_off():
    assert switch.switched_off("0") == frozenset(switch.MECHANISMS)


def test_names_turn_one_off_or_back_on():
    assert switch.switched_off("-nav_html, -parallel_render") == {"nav_html", "parallel_render"}
    assert switch.switched_off("0,+pdf_cache") == set(switch.MECHANISMS) - {"pdf_cache"}
    assert switch.switched_off("-pdf_cache,+pdf_cache") == frozenset()


def test_a_name_that_is_no_mechanism_is_refused_with_the_names():
    with pytest.raises(switch.UnknownMechanism, match="'nav' is not a speed mechanism; the names are build_cache"):
        switch.switched_off("-nav")
    with pytest.raises(switch.UnknownMechanism):
        speed.enabled("navigation")


def test_enabled_reads_the_environment_each_time(monkeypatch):
    monkeypatch.delenv(switch.VARIABLE, raising=False)
    assert all(speed.enabled(name) for name in switch.MECHANISMS)
    monkeypatch.setenv(switch.VARIABLE, "-fast_exit")
    assert not speed.enabled("fast_exit") and speed.enabled("build_cache")
    monkeypatch.setenv(switch.VARIABLE, "0")
    assert not any(speed.enabled(name) for name in switch.MECHANISMS)


def test_every_mechanism_is_asked_for_somewhere():
    """A name in the list that no code asks for would switch nothing."""
    sources = [path for path in (REPO / "scripts" / "kb").rglob("*.py") if path.name != "switch.py"]
    code = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    assert [name for name in switch.MECHANISMS if f'enabled("{name}")' not in code] == []


def build(root: Path, site: str, fast: str) -> str:
    """Build root into root/site with KB_FAST=fast; MkDocs' log."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "KB_NOW": real_site_now(), "NO_MKDOCS_2_WARNING": "1"}
    env.update({"SOURCE_DATE_EPOCH": EPOCH, "KB_FAST": fast})
    env.pop("KB_RENDER_PROCESSES", None)
    command = [sys.executable, "-m", "kb", "--root", str(root), "build", "--verbose", "--site-dir", str(root / site)]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def differences(first: Path, second: Path) -> list[str]:
    """Files that are in one site only or whose bytes differ, by path inside the site."""
    found: list[str] = []

    def walk(comparison: filecmp.dircmp[str], inside: str) -> None:
        found.extend(inside + name for name in comparison.left_only + comparison.right_only + comparison.funny_files)
        common = comparison.common_files
        _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, common, shallow=False)
        found.extend(inside + name for name in errors)
        found.extend(inside + name for name in mismatch)
        for name, sub in comparison.subdirs.items():
            walk(sub, f"{inside}{name}/")

    walk(filecmp.dircmp(first, second), "")
    return sorted(found)


def test_every_speed_path_off_publishes_the_same_bytes(tmp_path):
    root = tmp_path / "project"
    synthetic.generate(root, 15)
    assert sum(1 for _ in (root / "docs").rglob("*.md")) >= REMEMBER_FROM  # enough for the caches to be used
    cold = build(root, "on-cold", "1")
    off = build(root, "off-cold", "0")
    warm = build(root, "on-warm", "1")
    off_warm = build(root, "off-warm", "0,+nav_html")  # every path off but one
    assert "Markdown conversions: 0 made" not in cold
    assert re.search(r"Markdown conversions: 0 made, [1-9][\d,]* unchanged", warm)  # the caches were used
    for log in (off, off_warm):  # and, off, not at all
        assert "from .cache/pages" not in log and "Pages rendered in" not in log
    assert differences(root / "on-cold", root / "on-warm") == []
    assert differences(root / "on-cold", root / "off-warm") == []
    assert differences(root / "on-cold", root / "off-cold") == []  # the navigation too: kb.speed.nav_html.tidy
