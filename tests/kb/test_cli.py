"""The kb command line, as an author meets it: messages and exit codes."""

import re

from conftest import front_matter, run_kb

HOME = front_matter(type="page", id=None, title="Home")


def test_check_passes_on_valid_documents(project):
    result = run_kb(project({"index.md": HOME, "guidance/ok.md": front_matter()}), "check")
    assert result.returncode == 0
    assert "All 2 documents passed the checks." in result.stderr


def test_check_lists_every_problem_and_fails(project):
    root = project(
        {"index.md": HOME, "guidance/a.md": front_matter(summary=None), "guidance/b.md": "---\ntitle: [x\n---\n"}
    )
    result = run_kb(root, "check")
    assert result.returncode == 1
    assert "docs/guidance/a.md:1: summary: is missing; it is required" in result.stdout
    assert "docs/guidance/b.md:2: front matter: the list under title opens with [ but is never closed" in result.stdout
    assert "2 problem(s) in 2 file(s). Nothing can be published until they are fixed." in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_gate_fails_on_a_broken_link_naming_page_and_link(project):
    home = HOME.replace("Some text.", "Read [this](guidance/missing.md).")
    result = run_kb(project({"index.md": home}), "gate")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/index.md:23: link: guidance/missing.md: there is no page docs/guidance/missing.md"
        " (check the file's name and folder in docs/)"
    ]
    assert "The gate stopped at the check stage." in result.stderr


def test_gate_fails_on_a_missing_anchor(project):
    home = HOME.replace("Some text.", "Read [this](guidance/ok.md#no-such-heading).")
    result = run_kb(project({"index.md": home, "guidance/ok.md": front_matter()}), "gate")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/index.md:23: link: guidance/ok.md#no-such-heading: docs/guidance/ok.md has no heading with the link"
        " #no-such-heading (copy the link from the symbol beside the heading on that page)"
    ]
    assert "The gate stopped at the check stage." in result.stderr


def test_gate_runs_every_stage_on_a_good_project(project):
    result = run_kb(project({"index.md": HOME, "guidance/ok.md": front_matter()}), "gate", "--verbose")
    assert result.returncode == 0, result.stderr
    for stage in ("== check ==", "== build ==", "== link check ==", "The gate passed"):
        assert stage in result.stderr
    assert re.search(
        r"Pages read for links: [1-9]\d*, 0 unchanged \(from \.cache/linkcheck\); \d+ distinct addresses\.",
        result.stderr,
    )
    assert re.search(
        r"Addresses checked by LinkChecker: [1-9]\d*, 0 unchanged since they passed \(from \.cache/linkcheck\)\.",
        result.stderr,
    )


def test_link_check_again_reads_no_unchanged_page(project):
    root = project({"index.md": HOME, "guidance/ok.md": front_matter()})
    assert run_kb(root, "gate").returncode == 0
    again = run_kb(root, "linkcheck", "--verbose")
    assert again.returncode == 0, again.stderr
    assert re.search(r"Pages read for links: 0, [1-9]\d* unchanged", again.stderr)
    assert re.search(r"Addresses checked by LinkChecker: 0, [1-9]\d* unchanged since they passed", again.stderr)


def test_broken_data_file_is_a_clear_error_not_a_traceback(project, tmp_path):
    root = project({"index.md": HOME})
    (root / "data").unlink()
    (root / "data").mkdir()
    result = run_kb(root, "check")
    assert result.returncode == 1
    assert "data/topics.yml cannot be read" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_finds_a_broken_link_in_raw_html_that_mkdocs_cannot_see(project):
    # MkDocs validates Markdown links only; kb check reads raw HTML links too, from the page's address.
    home = HOME.replace(
        "Some text.", '<a href="guidance/nowhere/">Read this</a> and <a href="guidance/ok/#nowhere">that</a>.'
    )
    result = run_kb(project({"index.md": home, "guidance/ok.md": front_matter()}), "check")
    assert result.stdout.splitlines() == [
        "docs/index.md:23: link: guidance/nowhere/: there is no page or file at this address"
        " (write the link in Markdown, [text](file.md), so the checks can follow it)",
        "docs/index.md:23: link: guidance/ok/#nowhere: docs/guidance/ok.md has no heading with the link #nowhere"
        " (copy the link from the symbol beside the heading on that page)",
    ]


# A snippet from docs/_includes/ lands in whichever page includes it, so its links are only known once
# the page is built: the link check stage is the safety net that finds them.
SNIPPET_HOME = HOME.replace("Some text.", '{% include "broken.md" %}')
BROKEN_SNIPPET = '<a href="guidance/nowhere/">Read this</a> and <a href="guidance/ok/#nowhere">that</a>.\n'


def test_gate_link_check_finds_a_broken_link_mkdocs_cannot_see(project):
    files = {"index.md": SNIPPET_HOME, "_includes/broken.md": BROKEN_SNIPPET, "guidance/ok.md": front_matter()}
    result = run_kb(project(files), "gate")
    assert result.returncode == 1, result.stderr
    # The link check's exact words are tested in tests/kb/checks/test_linkcheck.py.
    # Reported in the snippet, where the link is written, naming the page that includes it.
    broken = [line for line in result.stdout.splitlines() if line.startswith("docs/_includes/broken.md:1: link: ")]
    assert any("guidance/nowhere/" in line for line in broken), result.stdout
    assert any("guidance/ok/#nowhere" in line for line in broken), result.stdout
    assert all("; this snippet is shown on docs/index.md" in line for line in broken), result.stdout
    assert "The gate stopped at the link check stage." in result.stderr


def test_gate_replaces_site_only_after_the_link_check_has_passed(project):
    root = project({"index.md": SNIPPET_HOME, "_includes/broken.md": BROKEN_SNIPPET, "guidance/ok.md": front_matter()})
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous site", encoding="utf-8")
    result = run_kb(root, "gate")
    assert "The gate stopped at the link check stage. Nothing was published." in result.stderr
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert sorted(p.name for p in (root / "site").iterdir()) == ["index.html"]
    assert not list(root.glob(".site-*")), "a staging folder was left behind"


def test_gate_that_passes_replaces_site(project):
    root = project({"index.md": HOME, "guidance/ok.md": front_matter()})
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous site", encoding="utf-8")
    result = run_kb(root, "gate")
    assert result.returncode == 0, result.stderr
    assert "Built the site into a staging folder; it replaces site/ once every stage has passed." in result.stderr
    assert "the previous site" not in (root / "site" / "index.html").read_text(encoding="utf-8")
    assert (root / "site" / "guidance" / "ok" / "index.html").exists()
    assert not list(root.glob(".site-*")), "a staging folder was left behind"


def test_gate_writes_its_report_for_the_pull_request_where_asked(project, tmp_path):
    from kb.workflow import gate_report

    root = project({"index.md": HOME, "guidance/a.md": front_matter(summary=None)})
    report_file = tmp_path / "elsewhere" / "report.json"
    result = run_kb(root, "gate", "--report", str(report_file))
    assert result.returncode == 1
    report = gate_report.read(report_file)
    assert report is not None
    assert (report.status, report.stage, report.passed) == ("failed", "check", [])
    assert [str(problem) for problem in report.problems] == [
        line for line in result.stdout.splitlines() if line.startswith("docs/")
    ]
    assert [(problem.path, problem.line, problem.field) for problem in report.problems] == [
        ("docs/guidance/a.md", 1, "summary")
    ]
    assert report.sources == gate_report.sources_fingerprint(root)
    assert not (root / ".cache" / "gate").exists()
