"""What the last run of the gate found, kept for the pull request: the job summary and the annotations.

``kb gate`` writes this file as it goes (``.cache/gate/report.json``, or the
path given with ``--report``): which stages passed, which one stopped it, and
every problem that stage found, each with its file and line. ``kb changes``
reads it to tell a pull request's author the whole truth (every problem the
change causes, in any file, and the stage that found it) without running the
stages again, and turns each problem into a GitHub Actions error annotation, shown
beside the line in the pull request's "Files changed" view.

A report describes the files as they were when the gate ran: it records a
fingerprint of the sources (every file's path, size and modification time
under docs/ and data/, with mkdocs.yml and published-urls.yml), and a report
whose fingerprint no longer matches is treated as out of date.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kb import paths
from kb.problems import Problem

REPORT_FOLDER, REPORT_NAME = "gate", "report.json"  # in the cache folder (kb.paths.cache_dir)
FORMAT = 1
RUNNING, PASSED, FAILED, INTERNAL_ERROR = "running", "passed", "failed", "internal error"
SOURCES = ("docs", "data")
SOURCE_FILES = ("mkdocs.yml", "published-urls.yml")


@dataclass
class GateReport:
    """One run of the gate: how far it got and what stopped it."""

    status: str = RUNNING  # RUNNING until the gate ends: a report left RUNNING means the gate was stopped
    stage: str = ""  # the stage running, or the one that stopped the gate
    passed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sources: str = ""  # sources_fingerprint() when the gate started

    @property
    def red(self) -> bool:
        """True unless the gate passed: a gate stopped half-way is not a pass."""
        return self.status != PASSED


def report_path(root: Path, given: Path | None = None) -> Path:
    """Where the gate writes its report and ``kb changes`` reads it: ``given``, or .cache/gate/report.json."""
    return given if given is not None else paths.cache_dir(root, REPORT_FOLDER, REPORT_NAME)


def sources_fingerprint(root: Path) -> str:
    """What the gate's result depends on, cheaply: every source file's path, size and modification time."""
    digest = hashlib.sha256()
    for name in SOURCE_FILES:
        _add_stat(digest, root / name, name)
    for folder in SOURCES:
        for directory, subfolders, files in os.walk(root / folder, followlinks=True):
            subfolders.sort()
            for name in sorted(files):
                path = Path(directory) / name
                _add_stat(digest, path, path.relative_to(root).as_posix())
    return digest.hexdigest()


def _add_stat(digest: hashlib._Hash, path: Path, name: str) -> None:
    try:
        stat = path.stat()
    except OSError:
        digest.update(f"{name}\0missing\n".encode())
        return
    digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())


def write(path: Path, report: GateReport) -> None:
    """Save the report; a folder that cannot be written only means the pull request summary has less to say."""
    data = {"format": FORMAT, **asdict(report)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass


def read(path: Path) -> GateReport | None:
    """The report saved at path; None when there is none or it cannot be read as one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        return GateReport(
            status=str(data["status"]),
            stage=str(data["stage"]),
            passed=[str(name) for name in data["passed"]],
            problems=[Problem(**problem) for problem in data["problems"]],
            sources=str(data["sources"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def annotation(problem: Problem, stage: str) -> str:
    """A GitHub Actions error annotation: shown beside the line in the pull request's "Files changed" view."""
    title = f"{problem.field} ({stage} stage)" if problem.field else f"{stage} stage"
    where = f"file={_property(problem.path)},line={problem.line},title={_property(title)}"
    text = f"{problem.message} ({problem.fix})" if problem.fix else problem.message
    return f"::error {where}::{_data(text)}"


def _data(text: str) -> str:
    # The escaping GitHub's own toolkit (@actions/core) applies to a command's message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
