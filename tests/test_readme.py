"""The README's promises match the Makefile."""

import re

from conftest import REPO


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([a-z-]+):.*## ", (REPO / "Makefile").read_text(), re.MULTILINE))


def test_readme_commands_exist_in_the_makefile():
    readme = (REPO / "README.md").read_text()
    commands = set(re.findall(r"`make ([a-z-]+)", readme))
    assert {"serve", "test"} <= commands
    assert commands <= makefile_targets()


def test_ci_runs_the_readme_test_command():
    assert "make test" in (REPO / ".ci" / "run").read_text()
