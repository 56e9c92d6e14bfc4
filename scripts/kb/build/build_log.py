"""MkDocs' log, as an author reads it: each warning turned into ``docs/path.md:LINE: thing: what (fix)``.

The build runs MkDocs in a process of its own (kb.build.site_build). Its log is
written for programmers: ``WARNING - Doc file 'guidance/x.md' contains a link
...``, among pages of ``INFO`` lines, with no line number and no fix. This reads
that log line by line and keeps only what an author must act on:

- INFO and DEBUG lines (MkDocs', the plugins' and our hook's progress) are left
  out; ``make check VERBOSE=1`` shows the whole log instead;
- each warning in a known form (a link or picture that is not there, a heading
  anchor that is not there, a link starting with ``/``, a link without ``.md``,
  a navigation entry that is not there) becomes a :class:`kb.problems.Problem`,
  at the line of the source file where the link is written, with the nearest
  existing file or heading suggested;
- our own hook's problems, already in that form, are kept as they are;
- a warning in a form not known here is still shown, never dropped, with the
  file named when MkDocs named it;
- a traceback is summed up in one line asking for the problem to be reported;
- a line already shown in this build is not shown again (our hook's link problems
  and MkDocs' warnings about the same links come out in the same words).

The gate reads a stream of lines (:meth:`BuildLog.read`); ``make serve``, which
runs MkDocs in the same process as our code, gives it one log record at a time
(:meth:`BuildLog.record`, from kb.adapters.serve_log), keeping the few progress
lines an author needs there (``Serving on ...``, ``Building documentation...``),
and calls :meth:`BuildLog.new_build` before each rebuild.

Nothing here imports MkDocs: it reads text.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kb.checks.links import anchors_of
from kb.checks.template_sandbox import INCLUDE_FOLDER
from kb.problems import Problem

# "WARNING -  message", as MkDocs' log formatter pads it; plugins add "[name] - " after.
_LOG_LINE = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s*-\s+(.*)$")
_OUR_PROBLEM = re.compile(r"^(?!/)([^\s:]+):(\d+): (.*)$")  # a path inside the project, as kb.problems writes it
_DOC_FILE = re.compile(r"^Doc file '(?P<page>[^']+)' ")
_MISSING_TARGET = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']*)', but the target"
    r"(?: '(?P<target>[^']*)')? is not found among documentation files\.(?: Did you mean '(?P<guess>[^']*)'\?)?$"
)
_MISSING_ANCHOR = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']*)', but "
    r"(?:the doc '(?P<target>[^']+)' does not contain an anchor '#(?P<anchor>[^']*)'"
    r"|there is no such anchor on this page)\.(?P<context>.*)$"
)
_ABSOLUTE = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains an absolute link '(?P<link>[^']*)', it was left as is\."
    r"(?: Did you mean '(?P<guess>[^']*)'\?)?$"
)
_UNRECOGNISED = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains an unrecognized relative link '(?P<link>[^']*)', it was left as is\."
    r"(?: Did you mean '(?P<guess>[^']*)'\?)?$"
)
_PAGE_ERROR = re.compile(r"^Error (?:reading|building) page '(?P<page>[^']+)': (?P<error>.*)$")
_NAV_MISSING = re.compile(
    r"^A reference to '(?P<target>[^']+)' is included in the 'nav' configuration, "
    r"which is not found in the documentation files\.$"
)
# Lines that are MkDocs' own summary of what we already report, or known noise from a dependency.
_DROPPED = (
    re.compile(r"^Aborted with (\d+ warnings?|a BuildError!) in strict mode!$|^Aborted with a BuildError!$"),
    re.compile(r"HarfBuzz-Subset will be required by future versions of WeasyPrint"),
    re.compile(r"^\s+warnings\.warn\($"),
    # MkDocs names the page of a BuildError alone, then logs the error's own message, ours already in our form.
    re.compile(r"^Error (?:reading|building) page '[^']+':$"),
    # `make serve` builds --dirty on purpose (kb.adapters.serve_log): MkDocs' caution about it is for its own users.
    re.compile(r"^A 'dirty' build is being performed, "),
)
# `make serve`'s progress, logged at INFO and kept: the livereload server puts the time first.
_PROGRESS = re.compile(
    r"^(?:\[\d\d:\d\d:\d\d\] )?"
    r"(?:Building documentation\.\.\.|Serving on \S+.*|Reloading browsers|Shutting down\.\.\.)$"
)
IMAGE_ENDINGS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
REPORT = "please tell the web editor, with a link to your change"
# The same words as kb check's (kb.checks.links), which finds these first: the build only repeats them as a safety net.
PICTURES_FIX = "save the picture in docs/{folder}, the folder of this page, and write its file name here"


@dataclass
class BuildLog:
    """Reads MkDocs' output line by line; says what to show an author and keeps the problems found."""

    root: Path
    verbose: bool = False
    problems: list[Problem] = field(default_factory=list)
    _seen: Counter[tuple[str, str]] = field(default_factory=Counter)
    _traceback: list[str] = field(default_factory=list)
    _errors: list[str] = field(default_factory=list)  # errors already reported at a page
    _shown: set[str] = field(default_factory=set)  # the lines shown in this build

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def read(self, raw: str) -> list[str]:
        """What to print for one line of MkDocs' output (everything, with ``verbose``)."""
        line = raw.rstrip("\n")
        if self.verbose:
            shown = [line]
            self._translate(line)  # still collect the problems, for the gate's report
            return shown
        return self._translate(line)

    def record(self, level: str, message: str) -> list[str]:
        """What to print for one log record, by its level's name (everything, in MkDocs' form, with ``verbose``)."""
        if self.verbose:
            self._message(level, message)
            return [f"{level:<8}-  {message}"]
        return self._message(level, message)

    def finish(self) -> list[str]:
        """What is left to print when the output has ended (a traceback still being read)."""
        return [] if self.verbose else self._end_traceback()

    def new_build(self) -> None:
        """Start another build of the same site (``make serve``'s rebuilds): what it reports is shown again."""
        self.problems = []
        self._seen.clear()
        self._errors.clear()
        self._shown.clear()

    def stopped(self, error: str) -> list[str]:
        """A build that stopped on an error (its last line, as Python prints it): one line asking for a report,
        or nothing when a page's problem already named that error."""
        if any(error.endswith(named) for named in self._errors):
            return []
        problem = Problem("mkdocs.yml", 1, "build", f"the build stopped with an internal error ({error[:200]})", REPORT)
        return self._once(problem)

    def _translate(self, line: str) -> list[str]:
        if self._traceback:
            self._traceback.append(line)
            if line and not line[0].isspace() and not line.startswith(("Traceback", "During", "The above")):
                return self._end_traceback()
            return []
        if line.startswith("Traceback (most recent call last):"):
            self._traceback.append(line)
            return []
        logged = _LOG_LINE.match(line)
        return self._message(logged.group(1), logged.group(2)) if logged else self._message(None, line)

    def _message(self, level: str | None, message: str) -> list[str]:
        """What to show for one message, logged at level (None: a line printed by no logger)."""
        if not message.strip() or any(pattern.search(message) for pattern in _DROPPED):
            return []
        if level == "DEBUG":
            return []
        if level == "INFO":
            return [message] if _PROGRESS.match(message) else []
        problem = self.problem(message)
        return self._once(problem if problem is not None else message)

    def _once(self, shown: Problem | str) -> list[str]:
        """The line, unless this build has shown it already; a problem is kept for the gate's report."""
        line = str(shown)
        if line in self._shown:
            return []
        self._shown.add(line)
        if isinstance(shown, Problem):
            self.problems.append(shown)
        return [line]

    def _end_traceback(self) -> list[str]:
        if not self._traceback:
            return []
        last = self._traceback[-1].strip()
        self._traceback = []
        return self.stopped(last)

    def problem(self, message: str) -> Problem | None:
        """The author's problem in one logged message; None when the message is in no form known here."""
        mine = _OUR_PROBLEM.match(message)
        if mine:
            path, line, rest = mine.groups()
            name, _, what = rest.partition(": ")
            if what and len(name) < 40:
                return Problem(path, int(line), name, what)
            return Problem(path, int(line), "", rest)
        for pattern, translate in (
            (_MISSING_TARGET, self._missing_target),
            (_MISSING_ANCHOR, self._missing_anchor),
            (_ABSOLUTE, self._absolute),
            (_UNRECOGNISED, self._unrecognised),
            (_NAV_MISSING, self._nav_missing),
            (_PAGE_ERROR, self._page_error),
        ):
            found = pattern.match(message)
            if found:
                return translate(found)
        named = _DOC_FILE.match(message)
        if named:  # an unknown warning about a page: shown in MkDocs' words, at the page
            page = named.group("page")
            return Problem(f"docs/{page}", 1, "build", message[named.end() :].strip(), REPORT)
        return None

    # --- one translation per known form ---------------------------------

    def _missing_target(self, found: re.Match[str]) -> Problem:
        page, link = found.group("page"), found.group("link")
        target = found.group("target") or _target_of(page, link)
        source, line, shown = self._where(page, link)
        path = link.partition("#")[0]
        here = posixpath.dirname(page)
        if path.lower().endswith(IMAGE_ENDINGS):
            fix = PICTURES_FIX.format(folder=f"{here}/" if here else "")
            guess = _nearest_file(self.docs, page, path, IMAGE_ENDINGS)
            fix = f"did you mean {guess}? Otherwise {fix}" if guess else fix
            return Problem(source, line, "picture", f"{link}: there is no picture docs/{target}{shown}", fix)
        guess = _nearest_file(self.docs, page, path, (".md",))
        fix = f"did you mean {guess}?" if guess else "check the file's name and folder in docs/"
        return Problem(source, line, "link", f"{link}: there is no page docs/{target}{shown}", fix)

    def _missing_anchor(self, found: re.Match[str]) -> Problem:
        page, link = found.group("page"), found.group("link")
        target = found.group("target") or page
        anchor = found.group("anchor") or link.partition("#")[2]
        source, line, shown = self._where(page, link)
        problem = anchor_problem(self.docs, source, line, link, target, target == page, anchor)
        return Problem(problem.path, problem.line, problem.field, problem.message + shown, problem.fix)

    def _absolute(self, found: re.Match[str]) -> Problem:
        page, link = found.group("page"), found.group("link")
        fix = (
            f"write the link from this file's folder: {found.group('guess')}"
            if found.group("guess")
            else "write the link from this file's folder to the page's file, such as ../guidance/a-page.md"
        )
        source, line, shown = self._where(page, link)
        message = f"{link}: a link starting with / breaks in previews and if the site moves{shown}"
        return Problem(source, line, "link", message, fix)

    def _unrecognised(self, found: re.Match[str]) -> Problem:
        page, link = found.group("page"), found.group("link")
        fix = f"write {found.group('guess')}" if found.group("guess") else "write the page's file name, ending in .md"
        source, line, shown = self._where(page, link)
        return Problem(source, line, "link", f"{link}: a link to a page ends in .md{shown}", fix)

    def _page_error(self, found: re.Match[str]) -> Problem:
        self._errors.append(found.group("error"))
        return Problem(
            f"docs/{found.group('page')}", 1, "build", f"the page could not be built ({found.group('error')})", REPORT
        )

    def _nav_missing(self, found: re.Match[str]) -> Problem:
        target = found.group("target")
        line = line_containing(self.root / "mkdocs.yml", target, 1)
        return Problem(
            "mkdocs.yml",
            line,
            "nav",
            f"the navigation lists '{target}', which is not a file in docs/",
            "correct the path, or take the entry out of the navigation",
        )

    def _where(self, page: str, link: str) -> tuple[str, int, str]:
        """Where link is written: the page or a snippet it includes, the line of its nth mention there for the
        nth warning about it (1 when not found), and, for a snippet, the words naming the page it is shown on."""
        source = next(
            (name for name in written_from(self.root, f"docs/{page}") if written_in(self.root / name, link)),
            f"docs/{page}",
        )
        self._seen[(source, link)] += 1
        shown = f"; this snippet is shown on docs/{page}" if source != f"docs/{page}" else ""
        return source, line_containing(self.root / source, link, self._seen[(source, link)]), shown


_INCLUDE = re.compile(r"""\{%-?\s*include\s+["']([^"']+)["']""")


def written_from(root: Path, page: str | None) -> list[str]:
    """The files a page's text comes from: its own, then the snippets it includes (docs/_includes/)."""
    if page is None:
        return []
    try:
        text = (root / page).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return [page]
    snippets = [f"docs/{INCLUDE_FOLDER}/{name}" for name in _INCLUDE.findall(text)]
    return [page, *(snippet for snippet in snippets if (root / snippet).is_file())]


def written_in(source: Path, href: str) -> bool:
    try:
        return href in source.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def anchor_problem(docs: Path, path: str, line: int, link: str, target: str, same_page: bool, anchor: str) -> Problem:
    """A link to a heading that is not on the page it points to (target: inside docs/), nearest heading suggested."""
    close = difflib.get_close_matches(anchor, heading_anchors(docs / target), n=1, cutoff=0.6)
    fix = f"did you mean #{close[0]}?" if close else "copy the link from the symbol beside the heading on that page"
    page = "this page" if same_page else f"docs/{target}"
    return Problem(path, line, "link", f"{link}: {page} has no heading with the link #{anchor}", fix)


def line_containing(path: Path, text: str, nth: int) -> int:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 1
    # Where the text is written as a link's target first; anywhere on a line only when it is nowhere as a target.
    as_target = (f"]({text}", f"]: {text}", f'="{text}"', f"='{text}'", f"<{text}>", f"({text} ")
    found = [number for number, line in enumerate(lines, 1) if any(form in line for form in as_target)]
    found = found or [number for number, line in enumerate(lines, 1) if text in line]
    if not found:
        return 1
    return found[min(nth, len(found)) - 1]


def _target_of(page: str, link: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), link.partition("#")[0]))


def _nearest_file(docs: Path, page: str, link_path: str, endings: tuple[str, ...]) -> str | None:
    """The existing file, written as a link from page, closest to link_path; None when none is close."""
    folder = posixpath.dirname(page)
    try:
        candidates = [
            posixpath.relpath(file.relative_to(docs).as_posix(), folder or ".")
            for file in docs.rglob("*")
            if file.is_file() and file.suffix.lower() in endings
        ]
    except OSError:
        return None
    close = difflib.get_close_matches(link_path, candidates, n=1, cutoff=0.75)
    return close[0] if close else None


def heading_anchors(path: Path) -> list[str]:
    """The anchors of a Markdown file's headings and elements, by kb check's rules (kb.checks.links), sorted."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    body = text.split("\n---", 1)[-1] if text.startswith("---") else text
    return sorted(anchors_of(body))
