"""kb.build.build_log: MkDocs' log turned into the author's one form, at the line of the source file.

Each known form of MkDocs warning is fed in as MkDocs 1.6.1 writes it (the words are
MkDocs' own, from mkdocs/structure/pages.py and nav.py) and must come out as exactly
one line, ``docs/path.md:LINE: thing: what is wrong (how to fix it)``.
"""

from pathlib import Path

import pytest

from kb.build.build_log import BuildLog, heading_anchors

PAGE = """\
---
title: Preparing for an inspection
---

# Preparing for an inspection

Start with the [staff rota](staff-rota.md#planning-cover).

![A week's staff rota](images/staff-rotas.png)

See [cover](staff-rotas.md#planing-cover), [the list](/guidance/staff-rotas/) and [rotas](staff-rotas).

## Before the visit

Back to [the visit](#before-the-vist).
"""
ROTAS = """\
---
title: Staff rotas
---

# Staff rotas

## Planning cover

## Planning cover

## Leave {#annual-leave}

```
# not a heading
```
"""


@pytest.fixture
def log(tmp_path: Path) -> BuildLog:
    docs = tmp_path / "docs" / "guidance"
    (docs / "images").mkdir(parents=True)
    (docs / "preparing-for-an-inspection.md").write_text(PAGE, encoding="utf-8")
    (docs / "staff-rotas.md").write_text(ROTAS, encoding="utf-8")
    (docs / "images" / "staff-rota.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nnav:\n  - guidance/gone.md\n", encoding="utf-8")
    return BuildLog(tmp_path)


DOC = "Doc file 'guidance/preparing-for-an-inspection.md'"
WHERE = "docs/guidance/preparing-for-an-inspection.md"

# (MkDocs' warning, exactly as logged) -> the one line an author sees
TRANSLATIONS = {
    "a link to a page that does not exist": (
        f"WARNING -  {DOC} contains a link 'staff-rota.md#planning-cover', but the target "
        "'guidance/staff-rota.md' is not found among documentation files.",
        f"{WHERE}:7: link: staff-rota.md#planning-cover: there is no page docs/guidance/staff-rota.md"
        " (did you mean staff-rotas.md?)",
    ),
    "a picture that does not exist": (
        f"WARNING -  {DOC} contains a link 'images/staff-rotas.png', but the target "
        "'guidance/images/staff-rotas.png' is not found among documentation files.",
        f"{WHERE}:9: picture: images/staff-rotas.png: there is no picture docs/guidance/images/staff-rotas.png"
        " (did you mean images/staff-rota.png? Otherwise save the picture in docs/guidance/, the folder of this"
        " page, and write its file name here)",
    ),
    "a heading anchor that does not exist on another page": (
        f"WARNING -  {DOC} contains a link 'staff-rotas.md#planing-cover', but the doc "
        "'guidance/staff-rotas.md' does not contain an anchor '#planing-cover'.",
        f"{WHERE}:11: link: staff-rotas.md#planing-cover: docs/guidance/staff-rotas.md has no heading with the link"
        " #planing-cover (did you mean #planning-cover?)",
    ),
    "a heading anchor that does not exist on the same page": (
        f"WARNING -  {DOC} contains a link '#before-the-vist', but there is no such anchor on this page.",
        f"{WHERE}:15: link: #before-the-vist: this page has no heading with the link #before-the-vist"
        " (did you mean #before-the-visit?)",
    ),
    "a link starting with /": (
        f"WARNING -  {DOC} contains an absolute link '/guidance/staff-rotas/', it was left as is."
        " Did you mean 'staff-rotas.md'?",
        f"{WHERE}:11: link: /guidance/staff-rotas/: a link starting with / breaks in previews and if the site moves"
        " (write the link from this file's folder: staff-rotas.md)",
    ),
    "a link without .md": (
        f"WARNING -  {DOC} contains an unrecognized relative link 'staff-rotas', it was left as is."
        " Did you mean 'staff-rotas.md'?",
        f"{WHERE}:11: link: staff-rotas: a link to a page ends in .md (write staff-rotas.md)",
    ),
    "a navigation entry that does not exist": (
        "WARNING -  A reference to 'guidance/gone.md' is included in the 'nav' configuration, which is not found"
        " in the documentation files.",
        "mkdocs.yml:3: nav: the navigation lists 'guidance/gone.md', which is not a file in docs/"
        " (correct the path, or take the entry out of the navigation)",
    ),
    "our own hook's problem, already in the form": (
        "ERROR   -  docs/guidance/staff-rotas.md:2: template code: page() is not one of the site's macros",
        "docs/guidance/staff-rotas.md:2: template code: page() is not one of the site's macros",
    ),
    "our own problem in a file outside docs/": (
        "ERROR   -  .cache/check/passed.json:1: file: is committed to the repository",
        ".cache/check/passed.json:1: file: is committed to the repository",
    ),
    "an unknown warning about a page": (
        f"WARNING -  {DOC} has something MkDocs has not said before.",
        f"{WHERE}:1: build: has something MkDocs has not said before."
        " (please tell the web editor, with a link to your change)",
    ),
    "a page that could not be built": (
        "ERROR   -  Error reading page 'guidance/staff-rotas.md': 'NoneType' object is not iterable",
        "docs/guidance/staff-rotas.md:1: build: the page could not be built ('NoneType' object is not iterable)"
        " (please tell the web editor, with a link to your change)",
    ),
    "a page that failed while it was made": (
        "ERROR   -  Error building page 'guidance/staff-rotas.md': boom",
        "docs/guidance/staff-rotas.md:1: build: the page could not be built (boom)"
        " (please tell the web editor, with a link to your change)",
    ),
}


@pytest.mark.parametrize("form", TRANSLATIONS)
def test_each_known_warning_becomes_one_line_at_the_source_line(log, form):
    warning, expected = TRANSLATIONS[form]
    assert log.read(warning + "\n") == [expected]
    assert [str(problem) for problem in log.problems] == [expected]


def test_the_same_link_twice_is_reported_at_each_of_its_lines(log, tmp_path):
    page = tmp_path / "docs" / "guidance" / "preparing-for-an-inspection.md"
    page.write_text(PAGE + "\nAgain: [staff rota](staff-rota.md#planning-cover).\n", encoding="utf-8")
    warning = TRANSLATIONS["a link to a page that does not exist"][0]
    lines = [log.read(warning)[0].split(":")[1] for _ in range(2)]
    assert lines == ["7", "17"]


def test_a_link_written_in_an_included_snippet_is_reported_in_the_snippet(log, tmp_path):
    page = tmp_path / "docs" / "guidance" / "preparing-for-an-inspection.md"
    page.write_text(PAGE.replace("## Before the visit", '{% include "cover.md" %}\n\n## Before the visit'))
    (tmp_path / "docs" / "_includes").mkdir()
    (tmp_path / "docs" / "_includes" / "cover.md").write_text("Cover.\n\nSee [the rota](staf-rotas.md).\n")
    warning = f"WARNING -  {DOC} contains a link 'staf-rotas.md', but the target 'guidance/staf-rotas.md' is not found"
    assert log.read(warning + " among documentation files.\n") == [
        "docs/_includes/cover.md:3: link: staf-rotas.md: there is no page docs/guidance/staf-rotas.md; this snippet is"
        " shown on docs/guidance/preparing-for-an-inspection.md (did you mean staff-rotas.md?)"
    ]


@pytest.mark.parametrize(
    "line",
    [
        "INFO    -  [macros] - Found local Python module 'scripts/kb/adapters/macros' in: /x",
        "INFO    -  Building documentation to directory: /x/.site-building-1",
        "DEBUG   -  Running 1 `page_markdown` events",
        "Aborted with 5 warnings in strict mode!",
        "/x/weasyprint/text/ffi.py:528: DeprecationWarning: HarfBuzz-Subset will be required by future versions of"
        " WeasyPrint. Please install this library with your package manager.",
        "  warnings.warn(",
        "",
    ],
)
def test_progress_lines_summaries_and_known_notices_are_not_shown(log, line):
    assert log.read(line + "\n") == []
    assert log.problems == []


def test_an_unknown_line_is_still_shown_never_dropped(log):
    assert log.read("WARNING -  Something new from a plugin.\n") == ["Something new from a plugin."]
    assert log.read("A line from no logger\n") == ["A line from no logger"]


def test_a_traceback_becomes_one_line_asking_for_a_report(log):
    traceback = [
        "Traceback (most recent call last):",
        '  File "/x/mkdocs/__main__.py", line 1, in <module>',
        "    build()",
        "KeyError: 'nav'",
    ]
    shown = [line for text in traceback for line in log.read(text + "\n")]
    assert shown == [
        "mkdocs.yml:1: build: the build stopped with an internal error (KeyError: 'nav')"
        " (please tell the web editor, with a link to your change)"
    ]


def test_a_traceback_for_an_error_already_named_at_a_page_is_not_repeated(log):
    log.read(TRANSLATIONS["a page that could not be built"][0])
    for text in ["Traceback (most recent call last):", "  File x", "TypeError: 'NoneType' object is not iterable"]:
        assert log.read(text) == []
    assert log.finish() == []
    assert len(log.problems) == 1


def test_a_traceback_cut_short_is_reported_when_the_output_ends(log):
    log.read("Traceback (most recent call last):\n")
    log.read('  File "/x/y.py", line 3, in f\n')
    assert log.finish() == [
        "mkdocs.yml:1: build: the build stopped with an internal error"
        ' (File "/x/y.py", line 3, in f) (please tell the web editor, with a link to your change)'
    ]


def test_verbose_shows_every_line_as_it_came_and_still_keeps_the_problems(tmp_path, log):
    verbose = BuildLog(log.root, verbose=True)
    info = "INFO    -  Cleaning site directory"
    warning = TRANSLATIONS["a link without .md"][0]
    assert verbose.read(info + "\n") == [info]
    assert verbose.read(warning + "\n") == [warning]
    assert [str(p) for p in verbose.problems] == [TRANSLATIONS["a link without .md"][1]]


def test_heading_anchors_follow_the_toc_rules(tmp_path):
    page = tmp_path / "p.md"
    page.write_text(ROTAS, encoding="utf-8")
    assert heading_anchors(page) == ["annual-leave", "planning-cover", "planning-cover_1", "staff-rotas"]


# --- one log record at a time, as `make serve` gives them (kb.adapters.serve_log) ---


@pytest.mark.parametrize(
    "message",
    [
        "Building documentation...",
        "[21:46:42] Serving on http://127.0.0.1:8000/",
        "[21:46:42] Serving on http://127.0.0.1:8000/ and opening it in a browser",
        "[21:47:20] Reloading browsers",
        "Shutting down...",
    ],
)
def test_the_progress_of_make_serve_is_kept_as_mkdocs_words_it(log, message):
    assert log.record("INFO", message) == [message]


@pytest.mark.parametrize(
    ("level", "message"),
    [
        ("INFO", "[21:46:42] Watching paths for changes: 'docs', 'mkdocs.yml'"),
        ("INFO", "[21:47:19] Detected file changes"),
        ("INFO", "[21:47:21] Browser connected: http://127.0.0.1:8000/guidance/"),
        ("INFO", "Documentation built in 0.47 seconds"),
        ("INFO", "Search index updated in 0.0 s"),
        ("DEBUG", "Building documentation..."),
        (
            "WARNING",
            "A 'dirty' build is being performed, this will likely lead to inaccurate navigation and other links within"
            " your site. This option is designed for site development purposes only.",
        ),
        ("ERROR", "Error reading page 'guidance/staff-rotas.md':"),  # a BuildError's own message follows
        ("ERROR", "Aborted with a BuildError!"),
    ],
)
def test_the_rest_of_make_serves_log_is_not_shown(log, level, message):
    assert log.record(level, message) == []
    assert log.problems == []


@pytest.mark.parametrize(
    "form", ["a link to a page that does not exist", "our own hook's problem, already in the form"]
)
def test_a_record_is_translated_as_its_line_is(log, form):
    warning, expected = TRANSLATIONS[form]
    level, _, message = warning.partition("-  ")
    assert log.record(level.strip(), message) == [expected]


def test_a_line_is_shown_once_a_build_and_again_after_a_rebuild(log):
    hook = TRANSLATIONS["a link to a page that does not exist"][1]
    warning = TRANSLATIONS["a link to a page that does not exist"][0].partition("-  ")[2]
    assert log.record("ERROR", hook) == [hook]
    assert log.record("WARNING", warning) == []  # MkDocs' warning about the link our hook reported, in the same words
    assert log.record("WARNING", "Something new from a plugin.") == ["Something new from a plugin."]
    assert log.record("WARNING", "Something new from a plugin.") == []
    log.new_build()
    assert log.record("WARNING", warning) == [hook]
    assert log.record("WARNING", "Something new from a plugin.") == ["Something new from a plugin."]
    assert [str(problem) for problem in log.problems] == [hook]


def test_a_build_that_stopped_is_one_line_unless_a_page_named_the_error(log):
    assert log.stopped("TypeError: boom") == [
        "mkdocs.yml:1: build: the build stopped with an internal error (TypeError: boom)"
        " (please tell the web editor, with a link to your change)"
    ]
    log.new_build()
    log.record("ERROR", "Error building page 'guidance/staff-rotas.md': boom")
    assert log.stopped("TypeError: boom") == []


def test_verbose_records_are_shown_in_mkdocs_form(log):
    verbose = BuildLog(log.root, verbose=True)
    assert verbose.record("INFO", "Cleaning site directory") == ["INFO    -  Cleaning site directory"]
    warning, expected = TRANSLATIONS["a link without .md"]
    assert verbose.record("WARNING", warning.partition("-  ")[2]) == [warning]
    assert [str(p) for p in verbose.problems] == [expected]
