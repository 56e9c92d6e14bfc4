"""What a change does to the documents: compared with a git revision (``kb changes --base REF``).

Lists the documents a pull request adds, changes, re-statuses, moves or removes, in
plain words, and holds the one rule that needs the previous version: a document
past its review date that is edited must have its review recorded. Documents
past review that a change does not touch are left alone, so an overdue page
never fails somebody else's pull request.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kb.content.frontmatter import FrontMatterError, ParsedDocument, parse
from kb.problems import Problem
from kb.workflow import gate_report
from kb.workflow.gate_report import GateReport, annotation

KINDS = ("added", "re-statused", "changed", "moved", "removed")
HEADINGS = {
    "added": "Added",
    "re-statused": "Status changed",
    "changed": "Changed",
    "moved": "Moved or renamed",
    "removed": "Removed",
}


class GitError(Exception):
    """git could not answer: not a repository, or an unknown revision."""


@dataclass(frozen=True)
class Change:
    kind: str  # one of KINDS
    path: str  # the file as it is now (or was, when removed)
    title: str
    old_path: str | None = None
    old_status: str | None = None
    new_status: str | None = None

    def detail(self) -> str:
        """What happened, in plain words ('' when the kind says it all)."""
        if self.kind == "re-statused":
            return f"status changed from {self.old_status} to {self.new_status}"
        if self.kind == "moved":
            return f"moved from {self.old_path}"
        if self.kind == "added":
            return f"new, status {self.new_status or 'not set'}"
        return ""

    def describe(self) -> str:
        """One line in plain words."""
        name = f"{self.path} ({self.title})" if self.title else self.path
        return f"{name}: {self.detail()}" if self.detail() else name


# The contributor guide's page on the checks, on the published site: each stage and how to fix a problem.
GUIDE_PAGE = "contributing/checks/"
GUIDE_FIX, GUIDE_STAGES = "#fix-a-problem", "#stages"


@dataclass
class GateResult:
    """What the summary can say about the publishing gate."""

    report: GateReport | None  # None: the gate has not run on these files (kb.workflow.gate_report)
    why_unknown: str = ""  # when report is None: why, in plain words

    @property
    def stage(self) -> str:
        return self.report.stage if self.report and self.report.red else ""


@dataclass
class ChangeReport:
    base: str
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    gate: GateResult | None = None  # None: the summary says nothing about the gate
    guide: str = ""  # the published site's address, for links to the contributor guide

    def of_kind(self, kind: str) -> list[Change]:
        return [change for change in self.changes if change.kind == kind]


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise GitError(
            result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"git {' '.join(args)} failed"
        )
    return result.stdout


def _git_root(root: Path) -> Path:
    return Path(git(root, "rev-parse", "--show-toplevel").strip())


def changed_files(root: Path, base: str) -> list[tuple[str, str, str | None]]:
    """(status letter, path now, old path) for each changed file under docs/, paths from ``root``.

    Compares the revision ``base`` with the working tree, including new files
    not yet added to git.
    """
    git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    top = _git_root(root)
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    output = git(root, "diff", "--name-status", "--find-renames", "-z", base, "--", "docs/")
    fields = output.split("\0")
    rows: list[tuple[str, str, str | None]] = []
    index = 0
    while index < len(fields) and fields[index]:
        letter = fields[index][0]
        if letter in "RC":
            old, new = fields[index + 1], fields[index + 2]
            rows.append((letter, new.removeprefix(prefix), old.removeprefix(prefix)))
            index += 3
        else:
            rows.append((letter, fields[index + 1].removeprefix(prefix), None))
            index += 2
    for path in git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", "docs/").split("\0"):
        if path:
            rows.append(("A", path, None))
    return [row for row in rows if row[1].endswith(".md")]


def _old_version(root: Path, base: str, path: str) -> ParsedDocument | None:
    try:
        return parse(git(root, "show", f"{base}:./{path}").encode("utf-8"))
    except (GitError, FrontMatterError):
        return None


def _parse_file(root: Path, path: str) -> ParsedDocument | None:
    try:
        return parse((root / path).read_bytes())
    except (OSError, FrontMatterError):
        return None


def compare(root: Path, base: str, today: date) -> ChangeReport:
    """Every document change between ``base`` and the working tree, with the review-date problems."""
    report = ChangeReport(base)
    rows = changed_files(root, base)
    old = {
        (old_path or path): _old_version(root, base, old_path or path)
        for letter, path, old_path in rows
        if letter != "A"
    }  # by the path it had
    new = {path: _parse_file(root, path) for letter, path, _ in rows if letter != "D"}
    for letter, path, old_path in _pair_moves(rows, old, new):
        before, after = old.get(old_path or path) if letter != "A" else None, new.get(path)
        title = str(((after or before).meta if (after or before) else {}).get("title", ""))
        old_status = before.meta.get("status") if before else None
        new_status = after.meta.get("status") if after else None
        if letter == "A":
            report.changes.append(Change("added", path, title, new_status=new_status))
        elif letter == "D":
            report.changes.append(Change("removed", path, title, old_status=old_status))
        elif before is not None and after is not None and old_status != new_status:
            report.changes.append(Change("re-statused", path, title, old_path, old_status, new_status))
        elif letter in "RC":
            report.changes.append(Change("moved", path, title, old_path))
        else:
            report.changes.append(Change("changed", path, title))
        if letter != "A" and after is not None:
            report.problems += review_problems(path, after, before, today)
    report.changes.sort(key=lambda change: (KINDS.index(change.kind), change.path))
    return report


def _pair_moves(
    rows: list[tuple[str, str, str | None]],
    old: dict[str, ParsedDocument | None],
    new: dict[str, ParsedDocument | None],
) -> list[tuple[str, str, str | None]]:
    """A file removed and a file added with the same document id is one document moved.

    git finds renames among committed files; this also finds them among files not
    yet added, by the id, which never changes. Old versions are keyed by the path
    they had, so a paired move reads its old version from the removed path.
    """

    def doc_id(parsed: ParsedDocument | None) -> str | None:
        value = parsed.meta.get("id") if parsed else None
        return value if isinstance(value, str) else None

    removed = {doc_id(old.get(path)): path for letter, path, _ in rows if letter == "D" and doc_id(old.get(path))}
    paired: list[tuple[str, str, str | None]] = []
    moved_from: set[str] = set()
    for letter, path, old_path in rows:
        found = doc_id(new.get(path)) if letter == "A" else None
        if found and found in removed:
            moved_from.add(removed[found])
            paired.append(("R", path, removed[found]))
        else:
            paired.append((letter, path, old_path))
    return [row for row in paired if not (row[0] == "D" and row[1] in moved_from)]


def review_problems(path: str, new: ParsedDocument, old: ParsedDocument | None, today: date) -> list[Problem]:
    """An edited document past its review date must record a review in the same change."""
    if old is not None and old.meta == new.meta and old.body == new.body:
        return []  # moved or renamed without a change to its text
    due = _date(new.meta.get("review_due"))
    if due is None or due >= today or new.meta.get("status") in ("superseded", "withdrawn", "draft"):
        return []
    unchanged = [
        name for name in ("last_reviewed", "review_due") if old is None or old.meta.get(name) == new.meta.get(name)
    ]
    which = " and ".join(unchanged) if unchanged else "review_due"
    verb = "were" if len(unchanged) > 1 else "was"
    return [
        Problem(
            path,
            new.line_of(("review_due",)),
            "review_due",
            f"this document was due for review on {due} and this change edits it, but {which} {verb} not updated",
            f"review the whole document, then set last_reviewed to today ({today})"
            " and review_due to the next review date, usually a year later",
        )
    ]


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def problems_in_changed_files(report: ChangeReport, problems: list[Problem]) -> list[Problem]:
    """The gate's problems that are in files this change touches."""
    touched = {change.path for change in report.changes}
    return [problem for problem in problems if problem.path in touched]


def gate_result(root: Path, report_file: Path) -> GateResult:
    """What the gate's last report says about the files as they are now (kb.workflow.gate_report)."""
    report = gate_report.read(report_file)
    if report is None:
        return GateResult(None, "run `make check` to run it")
    if report.sources != gate_report.sources_fingerprint(root):
        return GateResult(None, "the files have changed since it last ran: run `make check` again")
    return GateResult(report)


def add_gate(report: ChangeReport, gate: GateResult, checked: Callable[[], list[Problem]]) -> None:
    """Every problem that stops this change: the gate's, in whatever file, or the document checks' when it has not run.

    ``checked`` runs the document checks (kb check); it is called only when the gate has not run.
    """
    report.gate = gate
    found = gate.report.problems if gate.report is not None else checked()
    report.problems = sorted(set(report.problems + found))


def blocked(report: ChangeReport) -> bool:
    """True when this change cannot be merged: a problem, or a gate that did not pass."""
    return bool(report.problems) or (
        report.gate is not None and report.gate.report is not None and report.gate.report.red
    )


def gate_sentence(gate: GateResult) -> str:
    """One sentence on the publishing gate: passed, stopped at a stage, or not known."""
    report = gate.report
    if report is None:
        return f"The publishing gate has not run on these files ({gate.why_unknown})."
    if not report.red:
        return "The publishing gate passed: every check found nothing to fix."
    if report.status == "running":
        return (
            f"The publishing gate stopped during the {report.stage} stage without finishing"
            " (it ran out of time or met an internal error): nothing can be published until it passes."
        )
    if report.status == "internal error":
        return (
            f"The publishing gate stopped at the {report.stage} stage with an internal error:"
            " nothing can be published until it passes. Ask the web editor."
        )
    return f"The publishing gate stopped at the {report.stage} stage: nothing can be published until it passes."


def format_text(report: ChangeReport) -> str:
    if not report.changes:
        lines = [f"No documents were added, changed or removed since {report.base}."]
    else:
        lines = [f"Documents changed since {report.base}:"]
        for kind in KINDS:
            changes = report.of_kind(kind)
            if changes:
                lines.append(f"  {HEADINGS[kind]}:")
                lines += [f"    {change.describe()}" for change in changes]
    if report.gate is not None:
        lines += ["", gate_sentence(report.gate)]
    if report.problems:
        lines += ["", f"{len(report.problems)} problem(s) to fix before this change can be merged:"]
        lines += [f"  {problem}" for problem in report.problems]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_markdown(report: ChangeReport) -> str:
    """For the pull request's job summary: the gate's result and every problem first, then the documents."""
    lines = ["## Problems", ""]
    if report.gate is not None:
        lines += [_gate_markdown(report), ""]
    if report.problems:
        lines += [f"{len(report.problems)} problem(s) to fix before this pull request can be merged:", ""]
        lines += [
            f"- `{problem.path}` line {problem.line}: **{_cell(problem.field)}**: {_cell(problem.message)}"
            + (f" ({_cell(problem.fix)})" if problem.fix else "")
            for problem in report.problems
        ]
    elif report.gate is None:
        lines.append("No problems in the documents this pull request touches.")
    elif report.gate.stage:
        lines.append("The log of the step that failed (select **Details** beside the red cross) says more.")
    elif report.gate.report is None:
        lines.append("The document checks found nothing to fix; the later stages have not run.")
    while lines[-1] == "":
        lines.pop()
    lines += ["", "## Documents in this pull request", ""]
    if not report.changes:
        lines.append(f"No documents were added, changed or removed (compared with `{report.base}`).")
    for kind in KINDS:
        changes = report.of_kind(kind)
        if changes:
            lines += [f"### {HEADINGS[kind]} ({len(changes)})", ""]
            lines += [
                f"- `{change.path}`"
                + (f" {_cell(change.title)}" if change.title else "")
                + (f": {_cell(change.detail())}" if change.detail() else "")
                for change in changes
            ]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _gate_markdown(report: ChangeReport) -> str:
    assert report.gate is not None
    sentence = gate_sentence(report.gate)
    if not (report.gate.stage or report.gate.report is None) or not report.guide:
        return sentence
    guide = report.guide.rstrip("/") + "/" + GUIDE_PAGE
    return f"**{sentence}** [What each check does]({guide}{GUIDE_STAGES}); [how to fix a problem]({guide}{GUIDE_FIX})."


def annotations(report: ChangeReport) -> list[str]:
    """One GitHub Actions error annotation per problem, shown beside its line in "Files changed"."""
    stage = (report.gate.stage if report.gate else "") or "check"
    return [annotation(problem, stage) for problem in report.problems]
