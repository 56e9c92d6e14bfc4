"""kb.adapters.serve_log: `make serve` reports MkDocs' warnings, and a failed build, in the gate's words.

Driven through `make serve`'s own entry (``kb.adapters.mkdocs_run serve``, with
the Makefile's options) in this process, on a fixture project: MkDocs' real
serve command, real builds, real log. Only the web server is replaced, by one
that, instead of waiting for files to be saved, makes the test's changes and
rebuilds after each as the live reload does, then stops as Ctrl-C does.
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer

from conftest import REPO, make_project
from kb.adapters import mkdocs_run, serve_log
from kb.build import outputs
from kb.build.build_log import BuildLog
from kb.reader import pdf

FRONT_MATTER = """\
---
id: GD-2025-01
title: Preparing for an inspection
summary: What to have ready before an inspector visits, and who to tell about it.
type: guidance
status: published
audience: members
nations:
  - England
topics:
  - workforce
owner: guidance-editor
authors:
  - guidance-editor
published: 2025-01-10
updated: 2025-01-10
last_reviewed: 2025-06-01
review_due: 2026-06-01
version: "1.0"
{extra}---
"""
PAGE = (
    FRONT_MATTER.format(extra="")
    + """
# Preparing for an inspection

Start with the [staff rota](staff-rota.md).

See [cover](staff-rotas.md#planing-cover) before the visit.

The [list of rotas](/guidance/staff-rotas/) is kept up to date.

{% include "cover.md" %}
"""
)
ROTAS = FRONT_MATTER.replace("GD-2025-01", "GD-2025-02").replace("Preparing for an inspection", "Staff rotas").format(
    extra=""
) + ("\n# Staff rotas\n\n## Planning cover\n\nText.\n")
SNIPPET = "Cover.\n\nSee [the rota](staf-rotas.md).\n"
WHERE = "docs/guidance/preparing-for-an-inspection.md"
# The Makefile's `make serve`, but for the address.
SERVE = [
    "serve",
    "--config-file",
    "mkdocs.yml",
    "--dev-addr",
    "127.0.0.1:8000",
    "--livereload",
    "--dirty",
    "--no-strict",
]

PROBLEMS = [
    f"{WHERE}:24: link: staff-rota.md: there is no page docs/guidance/staff-rota.md (did you mean staff-rotas.md?)",
    f"{WHERE}:26: link: staff-rotas.md#planing-cover: docs/guidance/staff-rotas.md has no heading with the link"
    " #planing-cover (did you mean #planning-cover?)",
    f"{WHERE}:28: link: /guidance/staff-rotas/: a link starting with / breaks in previews and if the site moves"
    " (write the link from this file's folder: staff-rotas.md)",
    "docs/_includes/cover.md:3: link: staf-rotas.md: there is no page docs/guidance/staf-rotas.md; this snippet is"
    f" shown on {WHERE} (did you mean staff-rotas.md?)",
]


@pytest.fixture(autouse=True)
def fresh_serve_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """`make serve` is one session a process: its end (the hook's on_shutdown) stops the PDF work for good."""
    monkeypatch.setattr(outputs, "_background", ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-pdfs"))
    monkeypatch.setattr(pdf, "_stopped", threading.Event())


@pytest.fixture(autouse=True)
def logging_restored() -> Iterator[None]:
    """MkDocs' command line reconfigures its loggers and Python's warnings for the process: put them back after."""
    names = ["mkdocs", mkdocs_build.log.name, *mkdocs_run.QUIETED_LOGGERS]
    kept = {name: logging.getLogger(name) for name in names}
    before = {name: (log.level, log.propagate, list(log.handlers), list(log.filters)) for name, log in kept.items()}
    with warnings.catch_warnings():
        yield
    for name, log in kept.items():
        log.level, log.propagate, log.handlers[:], log.filters[:] = before[name]


def serve(root: Path, monkeypatch: pytest.MonkeyPatch, *saves: Callable[[], None]) -> int:
    """`make serve` on root: its first build, one rebuild after each save, then Ctrl-C; its exit status."""

    def rebuild_after_each_save(server: LiveReloadServer, open_in_browser: bool = False) -> None:
        for save in saves:
            search_indexed()  # an author saves seconds later: the index made behind the preview is done
            save()
            server.builder()  # what the live reload calls when a file is saved
        search_indexed()
        raise KeyboardInterrupt

    monkeypatch.setattr(LiveReloadServer, "serve", rebuild_after_each_save)
    monkeypatch.chdir(root)
    return mkdocs_run.run(SERVE)


def search_indexed() -> None:
    """Wait for kb.search.preview's indexing thread, so that what it logs is this build's."""
    for thread in threading.enumerate():
        if thread.name == "kb-search-index":
            thread.join()


def saved(path: Path, text: str | None = None) -> Callable[[], None]:
    """Saving path (with new text), a second later than anything built: --dirty rebuilds it."""

    def save() -> None:
        if text is not None:
            path.write_text(text, encoding="utf-8")
        later = path.stat().st_mtime + 60
        os.utime(path, (later, later))

    return save


@pytest.fixture
def broken_links(tmp_path: Path) -> Path:
    return make_project(
        tmp_path / "project",
        {
            "guidance/preparing-for-an-inspection.md": PAGE,
            "guidance/staff-rotas.md": ROTAS,
            "_includes/cover.md": SNIPPET,
        },
    )


def test_each_build_reports_mkdocs_warnings_once_in_the_gates_words(broken_links, monkeypatch, capsys):
    page = broken_links / WHERE
    fixed = PAGE.replace("(staff-rota.md)", "(staff-rotas.md)")
    status = serve(broken_links, monkeypatch, saved(page), saved(page, fixed))
    assert status == 0
    every_problem_once = ["Building documentation...", *PROBLEMS]
    the_first_put_right = ["Building documentation...", *PROBLEMS[1:]]
    # The first build, the page saved unchanged (each problem still there, once), then its first link put right.
    expected = [*every_problem_once, *every_problem_once, *the_first_put_right, "Shutting down..."]
    assert capsys.readouterr().err.splitlines() == expected


def test_verbose_shows_every_record_in_mkdocs_words(broken_links, monkeypatch, capsys):
    monkeypatch.setenv(serve_log.VERBOSE_VARIABLE, "1")
    assert serve(broken_links, monkeypatch) == 0
    shown = capsys.readouterr().err.splitlines()
    assert "INFO    -  Building documentation..." in shown
    assert f"ERROR   -  {PROBLEMS[0]}" in shown  # our hook's
    assert (
        "WARNING -  Doc file 'guidance/preparing-for-an-inspection.md' contains a link 'staf-rotas.md', but the target"
        " 'guidance/staf-rotas.md' is not found among documentation files." in shown
    )
    assert "INFO    -  Shutting down..." in shown


def test_a_page_that_cannot_be_built_is_reported_and_serving_goes_on(tmp_path, monkeypatch, capsys):
    broken = FRONT_MATTER.format(extra="template: no-such-template.html\n") + "\n# Preparing for an inspection\n"
    root = make_project(tmp_path / "project", {"guidance/preparing-for-an-inspection.md": broken})
    page = root / WHERE
    status = serve(root, monkeypatch, saved(page), saved(page, PAGE.split("Start with")[0]))
    assert status == 0
    cannot = (
        f"{WHERE}:1: build: the page could not be built (no-such-template.html)"
        " (please tell the web editor, with a link to your change)"
    )
    shown = capsys.readouterr().err.splitlines()
    field = f"{WHERE}:20: template: is not a field we know (did you mean related?)"  # our hook's, kb check's words
    assert shown == [
        "Building documentation...",
        field,
        cannot,
        serve_log.NOT_UP_TO_DATE,
        "Building documentation...",  # saved, still broken: said again
        field,
        cannot,
        serve_log.NOT_UP_TO_DATE,
        "Building documentation...",  # put right
        "Shutting down...",
    ]


def test_the_contributor_guide_quotes_what_make_serve_says():
    guide = (REPO / "docs" / "contributing" / "checks.md").read_text(encoding="utf-8")
    section = guide.split("{: #previewing-with-make-serve }")[1].split("\n## ")[0]
    shown = section.split("```text\n")[1].split("```")[0].splitlines()
    assert shown[0] == "Building documentation..."
    assert shown[1].endswith(PROBLEMS[0].partition(":24:")[2]) and shown[1].startswith("docs/guidance/example.md:24:")
    assert BuildLog(REPO).record("INFO", shown[2]) == [shown[2]]
    assert " ".join(serve_log.NOT_UP_TO_DATE.split()) in " ".join(section.split())


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (
            Abort("data/people.yml:4: people: any problem our hook stops a build with (its fix)"),
            ["data/people.yml:4: people: any problem our hook stops a build with (its fix)"],
        ),
        (Abort("Aborted with a BuildError!"), []),  # MkDocs' summary: the error itself was logged before
        (
            RuntimeError("cannot schedule new futures after shutdown"),
            [
                "mkdocs.yml:1: build: the build stopped with an internal error (RuntimeError: cannot schedule new futures"
                " after shutdown) (please tell the web editor, with a link to your change)"
            ],
        ),
    ],
)
def test_a_failed_build_is_reported_then_the_preview_said_to_be_behind(error, shown, tmp_path, capsys):
    handler = serve_log.AuthorsLog(BuildLog(tmp_path))

    def failing_build(config: object, **options: object) -> None:
        raise error

    serve_log.reporting(failing_build, handler, forget=lambda: None)("config", dirty=True)
    assert capsys.readouterr().err.splitlines() == [*shown, serve_log.NOT_UP_TO_DATE]


def test_ctrl_c_during_a_build_still_ends_serve(tmp_path):
    def interrupted_build(config: object, **options: object) -> None:
        raise KeyboardInterrupt

    build = serve_log.reporting(interrupted_build, serve_log.AuthorsLog(BuildLog(tmp_path)), forget=lambda: None)
    with pytest.raises(KeyboardInterrupt):
        build("config")
