"""kb.adapters.mkdocs_run: MkDocs' own command line and exit status, without the slow end of the process."""

import subprocess
import sys

import pytest

from conftest import REPO
from kb.adapters.mkdocs_run import exit_status


def run(*args: str, cwd=REPO) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(REPO / "scripts"), "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "kb.adapters.mkdocs_run", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_is_mkdocs_with_its_output_and_status():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("mkdocs, version ")


def test_a_refused_build_keeps_mkdocs_exit_status_and_messages(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nnav:\n  - missing.md\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    result = run("build", "--strict", "--site-dir", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "missing.md" in result.stderr and "Aborted with 1 warnings in strict mode!" in result.stdout
    )  # where MkDocs prints it


def test_a_usage_mistake_keeps_clicks_status():
    assert run("build", "--no-such-option").returncode == 2


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (2, 2), ("a message", 1)])
def test_exit_status_is_what_python_would_return(code, status, capsys):
    assert exit_status(code) == status
    assert capsys.readouterr().err == ("a message\n" if isinstance(code, str) else "")


def test_known_dependency_notices_are_silenced_where_they_arise_and_others_still_show():
    import logging
    import warnings

    from kb.adapters import mkdocs_run

    harfbuzz = (
        "HarfBuzz-Subset will be required by future versions of WeasyPrint. "
        "Please install this library with your package manager."
    )
    macros = logging.getLogger("mkdocs.plugins.mkdocs_macros.util")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            mkdocs_run.quiet_dependencies()
            warnings.warn_explicit(harfbuzz, DeprecationWarning, "ffi.py", 528, module="weasyprint.text.ffi")
            warnings.warn_explicit("another notice", DeprecationWarning, "ffi.py", 9, module="weasyprint.text.ffi")
            warnings.warn_explicit(harfbuzz, DeprecationWarning, "mine.py", 1, module="kb.reader.pdf")
        assert [(str(w.message), w.filename) for w in caught] == [("another notice", "ffi.py"), (harfbuzz, "mine.py")]
        assert not macros.isEnabledFor(logging.INFO)
        assert macros.isEnabledFor(logging.WARNING)
    finally:
        for name in mkdocs_run.QUIETED_LOGGERS:
            logging.getLogger(name).setLevel(logging.NOTSET)
