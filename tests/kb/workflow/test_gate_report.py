"""kb.workflow.gate_report: the gate's result kept for the pull request, and its GitHub annotations."""

import time
from pathlib import Path

from kb.problems import Problem
from kb.workflow import gate_report
from kb.workflow.gate_report import GateReport, annotation, read, sources_fingerprint, write

PROBLEM = Problem("docs/guidance/x.md", 12, "link", "staff-rota.md: there is no page", "did you mean a, b: c?")


def test_a_report_reads_back_as_written(tmp_path):
    path = tmp_path / "report.json"
    report = GateReport(status=gate_report.FAILED, stage="build", passed=["check"], problems=[PROBLEM], sources="s")
    write(path, report)
    assert read(path) == report


def test_no_report_or_a_damaged_one_is_none(tmp_path):
    assert read(tmp_path / "missing.json") is None
    (tmp_path / "bad.json").write_text('{"format": 1, "status": "passed"}', encoding="utf-8")
    assert read(tmp_path / "bad.json") is None
    (tmp_path / "other.json").write_text("not json", encoding="utf-8")
    assert read(tmp_path / "other.json") is None


def test_a_report_that_cannot_be_written_is_no_error(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    write(tmp_path / "file" / "report.json", GateReport())  # a file where the folder should be


def test_only_a_finished_pass_is_green():
    assert GateReport().red  # still running, or stopped half-way
    assert GateReport(status=gate_report.FAILED).red
    assert GateReport(status=gate_report.INTERNAL_ERROR).red
    assert not GateReport(status=gate_report.PASSED).red


def test_the_fingerprint_changes_with_any_source_file(tmp_path):
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "a.md"
    page.write_text("one", encoding="utf-8")
    before = sources_fingerprint(tmp_path)
    assert sources_fingerprint(tmp_path) == before
    page.write_text("two!", encoding="utf-8")
    assert sources_fingerprint(tmp_path) != before
    after_edit = sources_fingerprint(tmp_path)
    (tmp_path / "published-urls.yml").write_text("published: []\n", encoding="utf-8")
    assert sources_fingerprint(tmp_path) != after_edit


def test_the_fingerprint_sees_a_same_size_edit(tmp_path):
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "a.md"
    page.write_text("one", encoding="utf-8")
    before = sources_fingerprint(tmp_path)
    time.sleep(0.01)
    page.write_text("two", encoding="utf-8")
    assert sources_fingerprint(tmp_path) != before


def test_an_annotation_names_file_line_title_and_message_escaped_as_github_expects():
    assert annotation(PROBLEM, "build") == (
        "::error file=docs/guidance/x.md,line=12,title=link (build stage)::"
        "staff-rota.md: there is no page (did you mean a, b: c?)"
    )
    odd = Problem("docs/a,b.md", 3, "", "100% wrong\nsecond line")
    assert annotation(odd, "check") == "::error file=docs/a%2Cb.md,line=3,title=check stage::100%25 wrong%0Asecond line"


def test_the_default_report_is_in_the_cache_folder(tmp_path):
    assert gate_report.report_path(tmp_path) == tmp_path / ".cache" / "gate" / "report.json"
    assert gate_report.report_path(tmp_path, Path("/x/r.json")) == Path("/x/r.json")
