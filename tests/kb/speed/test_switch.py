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

from conftest import REPO, TEST_NOW
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
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "KB_NOW": TEST_NOW, "NO_MKDOCS_2_WARNING": "1"}
    env.update({"SOURCE_DATE_EPOCH": EPOCH, "KB_FAST": fast})
    env.pop("KB_RENDER_PROCESSES", None)
    command = [sys.executable, "-m", "kb", "--root", str(root), "build", "--site-dir", str(root / site)]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def differences(first: Path, second: Path, html_spacing: bool = False) -> list[str]:
    """Files that are in one site only or whose bytes differ, by path inside the site.

    html_spacing: pages may differ in the white space around their tags only, as
    Material's own navigation template lays it out differently from kb.speed.nav_html.
    """
    found: list[str] = []

    def walk(comparison: filecmp.dircmp[str], inside: str) -> None:
        found.extend(inside + name for name in comparison.left_only + comparison.right_only + comparison.funny_files)
        common = comparison.common_files
        _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, common, shallow=False)
        found.extend(inside + name for name in errors)
        pages = [name for name in mismatch if html_spacing and name.endswith(".html")]
        spacing_only = {name for name in pages if same_but_spacing(comparison, name)}
        found.extend(inside + name for name in mismatch if name not in spacing_only)
        for name, sub in comparison.subdirs.items():
            walk(sub, f"{inside}{name}/")

    walk(filecmp.dircmp(first, second), "")
    return sorted(found)


def normalised(html: str) -> str:
    """HTML with the white space around tags taken out (as tests/kb/speed/test_nav_html.py compares)."""
    return re.sub(r"\s+", " ", re.sub(r"\s*(<|>)\s*", r"\1", html)).strip()


def same_but_spacing(comparison: filecmp.dircmp[str], name: str) -> bool:
    left, right = (Path(folder, name).read_text(encoding="utf-8") for folder in (comparison.left, comparison.right))
    return normalised(left) == normalised(right)


def test_every_speed_path_off_publishes_the_same_bytes(tmp_path):
    root = tmp_path / "project"
    synthetic.generate(root, 15)
    assert sum(1 for _ in (root / "docs").rglob("*.md")) >= REMEMBER_FROM  # enough for the caches to be used
    cold = build(root, "on-cold", "1")
    off = build(root, "off-cold", "0")
    warm = build(root, "on-warm", "1")
    off_warm = build(root, "off-warm", "0,+nav_html")  # every other path off: the same bytes exactly
    assert "Markdown conversions: 0 made" not in cold
    assert re.search(r"Markdown conversions: 0 made, [1-9][\d,]* unchanged", warm)  # the caches were used
    for log in (off, off_warm):  # and, off, not at all
        assert "from .cache/pages" not in log and "Pages rendered in" not in log
    assert differences(root / "on-cold", root / "on-warm") == []
    assert differences(root / "on-cold", root / "off-warm") == []
    assert differences(root / "on-cold", root / "off-cold", html_spacing=True) == []
