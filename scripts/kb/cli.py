"""kb: the IGPM Knowledge Base command-line tool.

Each subcommand's docstring is its help text. The Makefile targets call these;
run `python -m kb --help` (with scripts/ on the path) for the list.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path

from kb import paths
from kb.checks.gate_clock import gate_stage, with_time_limit
from kb.problems import Problem

Command = Callable[[argparse.Namespace], int]
EXIT_OK, EXIT_PROBLEMS, EXIT_INTERNAL = 0, 1, 3


def record(args: argparse.Namespace, problems: Sequence[Problem]) -> None:
    """Keep a stage's problems for the gate's report (kb.workflow.gate_report); outside the gate, nothing."""
    found: list[Problem] | None = getattr(args, "found", None)
    if found is not None:
        found.extend(problems)


def report(findings: Sequence[object], failure: str, success: str) -> int:
    """Print each finding on stdout (one per line, for editors and CI annotations), then a summary."""
    for finding in findings:
        print(finding)
    sys.stdout.flush()  # the findings before the summary, in a CI log (stdout is buffered there, stderr is not)
    if findings:
        print(f"\n{failure}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(success, file=sys.stderr)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Check every document's front matter and the rules between documents."""
    from kb.checks.validate import validate_project

    documents, problems = validate_project(args.root)
    record(args, problems)
    return report(
        problems,
        (
            f"{len(problems)} problem(s) in {len({p.path for p in problems})} file(s)."
            " Nothing can be published until they are fixed."
        ),
        f"All {len(documents)} documents passed the checks.",
    )


STAGED = "Built the site into a staging folder; it replaces site/ once every stage has passed."


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site into site/ (strict: any warning fails; site/ is replaced only on success)."""
    from kb.build.site_build import BuildFailed, build_site, staged_build

    staging: ExitStack | None = getattr(args, "staging", None)
    verbose = getattr(args, "verbose", False)
    try:
        if staging is None:
            build_site(args.root, args.site_dir, verbose=verbose)
        else:  # in the gate: later stages check the staging folder, and the gate swaps it in
            args.site_dir = staging.enter_context(staged_build(args.root, args.site_dir, verbose=verbose))
            print(STAGED, file=sys.stderr)
            return EXIT_OK
    except BuildFailed as error:
        record(args, error.problems)
        print(f"\nThe build failed: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Built the site into {args.site_dir}.", file=sys.stderr)
    return EXIT_OK


def cmd_linkcheck(args: argparse.Namespace) -> int:
    """Serve the built site on 127.0.0.1 and check every internal link and anchor with LinkChecker."""
    from kb.checks.linkcheck import as_problems, check_links
    from kb.upstream.linkchecker_internals import Changed

    verbose = getattr(args, "verbose", False)
    try:
        memory = _linkcheck_memory(args.root)
        broken = check_links(
            args.site_dir, cache_dir=memory, say=lambda line: print(line, file=sys.stderr) if verbose else None
        )
    except Changed as error:  # another LinkChecker than the one kb.upstream was written for
        print(str(error), file=sys.stderr)
        return EXIT_INTERNAL
    problems = as_problems(args.root, broken)
    record(args, problems)
    return report(
        problems, f"{len(problems)} broken link(s). Fix them at the lines named above.", "No broken links or anchors."
    )


def _linkcheck_memory(root: Path) -> Path | None:
    """Where the link checks remember pages' links and passed addresses.

    None (read every page, check every address) when KB_FAST turns that memory off."""
    from kb import speed

    return paths.cache_dir(root, "linkcheck") if speed.enabled("linkcheck_memory") else None


def cmd_addresses(args: argparse.Namespace) -> int:
    """Check that every address in published-urls.yml is still served by a page or a redirect."""
    from kb.checks.addresses import LEDGER_FILE, missing_addresses, redirect_problems
    from kb.content.documents import load_documents
    from kb.content.publishing import build_time

    documents, _ = load_documents(args.root)
    problems = sorted(
        missing_addresses(args.root, documents, build_time()) + redirect_problems(documents, build_time())
    )
    record(args, problems)
    return report(
        problems,
        (
            f"{len(problems)} published address(es) would stop working."
            " Nothing can be published until each has a redirect."
        ),
        f"Every address in {LEDGER_FILE} still works.",
    )


def cmd_urls(args: argparse.Namespace) -> int:
    """Record every published page's address in published-urls.yml, so the gate keeps them working."""
    from kb.checks.addresses import LEDGER_FILE, update_ledger
    from kb.content.documents import load_documents
    from kb.content.publishing import build_time

    documents, _ = load_documents(args.root)
    added = update_ledger(args.root, documents, build_time())
    print(f"Added {len(added)} address(es) to {LEDGER_FILE}.", file=sys.stderr)
    return EXIT_OK


def cmd_search_index(args: argparse.Namespace) -> int:
    """Make the search index of the built site (the gate adds the one it started with the build)."""
    from kb.build.site_build import BuildFailed, add_search_index

    try:
        seconds = add_search_index(args.site_dir)
    except BuildFailed as error:
        message = str(error)
        print(f"\n{message[:1].upper()}{message[1:]}", file=sys.stderr)
        record(args, error.problems)
        return EXIT_PROBLEMS
    print(f"Indexed the site for search in {seconds:.1f} s.", file=sys.stderr)
    return EXIT_OK


# The publishing gate, in order. Each stage takes the parsed arguments and
# returns an exit status; `make bench` times the same list.
GATE_STAGES: list[tuple[str, Command]] = [
    ("check", cmd_check),
    ("addresses", cmd_addresses),
    ("build", cmd_build),
    ("link check", cmd_linkcheck),
    ("search index", cmd_search_index),  # started with the build, made while the link check ran
]


@with_time_limit  # KB_GATE_TIMEOUT: see kb.checks.gate_clock
def cmd_gate(args: argparse.Namespace) -> int:
    """The publishing gate: check, then build, then link check; stops at the first stage that fails.

    The build goes into a staging folder that every later stage checks; site/
    is replaced only when all of them have passed, so a broken link leaves the
    previous site as it was.
    """
    from kb.build.site_build import swap_in
    from kb.workflow import gate_report

    # What the pull request's summary and annotations read (kb changes): written as each stage starts, so a
    # gate stopped half-way (time limit, internal error) is never mistaken for one that passed.
    report_file = gate_report.report_path(args.root, getattr(args, "report", None))
    found: list[Problem] = []
    result = gate_report.GateReport(sources=gate_report.sources_fingerprint(args.root))
    with ExitStack() as staging:
        stage_args = argparse.Namespace(**{**vars(args), "staging": staging, "found": found})
        for name, stage in GATE_STAGES:
            print(f"== {name} ==", file=sys.stderr)
            result.stage = name
            gate_report.write(report_file, result)
            gate_stage(name)
            status = stage(stage_args)
            sys.stdout.flush()  # problems (stdout) before the stage's result (stderr), in a CI log too
            if status != EXIT_OK:
                result.status = gate_report.INTERNAL_ERROR if status == EXIT_INTERNAL else gate_report.FAILED
                result.problems = sorted(set(found))
                gate_report.write(report_file, result)
                print(f"The gate stopped at the {name} stage. Nothing was published.", file=sys.stderr)
                return status
            result.passed.append(name)
        if stage_args.site_dir != args.site_dir:
            swap_in(stage_args.site_dir, args.site_dir)
    result.status, result.stage = gate_report.PASSED, ""
    gate_report.write(report_file, result)
    print(f"The gate passed: the site is in {args.site_dir} and may be published.", file=sys.stderr)
    return EXIT_OK


# --- Editors' and authors' tools: review report, changes, new documents ------


def cmd_review(args: argparse.Namespace) -> int:
    """Documents overdue for review and due soon, by owner. Exit 0: nothing overdue; 1: something is overdue."""
    from kb.content.documents import load_documents
    from kb.content.publishing import build_time
    from kb.content.vocabularies import load_vocabularies
    from kb.workflow import review

    documents, _ = load_documents(args.root)
    report = review.review_report(documents, load_vocabularies(args.root), build_time().date(), args.days)
    print(review.format_markdown(report) if args.format == "markdown" else review.format_text(report))
    return EXIT_PROBLEMS if report.overdue_count else EXIT_OK


def cmd_review_issues(args: argparse.Namespace) -> int:
    """Open or update one GitHub issue per owner with overdue documents (needs GITHUB_TOKEN and GITHUB_REPOSITORY)."""
    import os

    from kb.content.documents import load_documents
    from kb.content.publishing import build_time
    from kb.content.vocabularies import load_vocabularies
    from kb.workflow import review, review_issues

    documents, _ = load_documents(args.root)
    report = review.review_report(documents, load_vocabularies(args.root), build_time().date(), args.days)
    token, repo = os.environ.get("GITHUB_TOKEN", ""), args.repo or os.environ.get("GITHUB_REPOSITORY", "")
    if not token or not repo:
        missing = " and ".join(
            name for name, value in (("GITHUB_TOKEN", token), ("GITHUB_REPOSITORY (or --repo)", repo)) if not value
        )
        print(f"No issues were changed: {missing} not set. This is what the nightly job would do:")
        for action in review_issues.dry_run(report):
            print(f"  {action}")
        if not report.overdue_count:
            print("  nothing: no document is overdue for review")
        return EXIT_OK
    client = review_issues.GitHubClient(token, os.environ.get("GITHUB_API_URL", review_issues.DEFAULT_API))
    try:
        actions = review_issues.sync_issues(client, repo, report)
    except review_issues.GitHubError as error:
        print(f"kb review-issues: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    for action in actions:
        print(action)
    if not actions:
        print("No document is overdue for review; no issue to open.")
    return EXIT_OK


def cmd_changes(args: argparse.Namespace) -> int:
    """Documents added, changed, re-statused or removed since git revision --base, and problems in them.

    Exit 1 when there are problems.
    """
    import os

    from kb.checks.output_guard import read_config
    from kb.checks.validate import validate_project
    from kb.content.publishing import build_time
    from kb.workflow import changes, gate_report

    try:
        report = changes.compare(args.root, args.base, build_time().date())
    except changes.GitError as error:
        print(f"kb changes: cannot compare with {args.base}: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    gate = changes.gate_result(args.root, gate_report.report_path(args.root, args.report))
    changes.add_gate(report, gate, lambda: validate_project(args.root)[1])
    report.guide = read_config(args.root).site_url
    markdown = changes.format_markdown(report)
    print(markdown if args.format == "markdown" else changes.format_text(report))
    if args.summary is not None:  # GitHub Actions: the job summary, $GITHUB_STEP_SUMMARY
        with args.summary.open("a", encoding="utf-8") as summary:
            summary.write(markdown)
    if os.environ.get("GITHUB_ACTIONS") == "true":  # each problem beside its line in "Files changed"
        for line in changes.annotations(report):
            print(line)
    return EXIT_PROBLEMS if changes.blocked(report) else EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Start a new draft document from its type's template, with the next free id; prints its path."""
    from kb import paths
    from kb.content.publishing import build_time
    from kb.workflow import new

    try:
        created = new.create(args.root, args.type, args.title, build_time().date())
    except new.NewDocumentError as error:
        print(f"kb new: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(paths.relative_to_root(created.path, args.root))
    print(f"Created {created.doc_id} as a draft. Replace the placeholder text, then run `make check`.", file=sys.stderr)
    return EXIT_OK


def cmd_codeowners(args: argparse.Namespace) -> int:
    """Write .github/CODEOWNERS from data/people.yml (--check: only say whether it is up to date)."""
    from kb.content.documents import load_documents
    from kb.content.vocabularies import load_vocabularies
    from kb.workflow import codeowners

    documents, _ = load_documents(args.root)
    text = codeowners.render(load_vocabularies(args.root), documents)
    target = codeowners.codeowners_file(args.root)
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if args.check:
        if current != text:
            print(
                f"{codeowners.CODEOWNERS_PATH} is out of date with data/people.yml; run `make codeowners`.",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
        print(f"{codeowners.CODEOWNERS_PATH} is up to date.", file=sys.stderr)
        return EXIT_OK
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"Wrote {codeowners.CODEOWNERS_PATH}.", file=sys.stderr)
    return EXIT_OK


def cmd_external_links(args: argparse.Namespace) -> int:
    """Check links to other sites in the built site (skipping data/linkcheck-allowlist.yml hosts).

    Exit 1 when some are broken.
    """
    from kb.checks import external_links

    hosts = external_links.allowed_hosts(args.root)
    broken = external_links.check_external_links(args.site_dir, hosts, cache_dir=_linkcheck_memory(args.root))
    if args.format == "markdown":
        print(external_links.format_markdown(broken))
    else:
        for link in broken:
            print(link)
        print(
            f"{len(broken)} broken link(s) to other sites." if broken else "Every link to another site worked.",
            file=sys.stderr,
        )
    return EXIT_PROBLEMS if broken else EXIT_OK


def _format_option(command_parser: argparse.ArgumentParser) -> None:
    command_parser.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="plain text (default) or Markdown for a GitHub job summary",
    )


def _days_option(command_parser: argparse.ArgumentParser) -> None:
    command_parser.add_argument(
        "--days", type=int, default=60, help="also list documents due within this many days (default 60)"
    )


def cmd_bench(args: argparse.Namespace) -> int:
    """Benchmark the gate on N synthetic documents (default 100,1000,3000): seconds, memory, page weight."""
    from kb.bench import benchmark as bench

    sizes = [int(size) for size in args.sizes.replace(" ", "").split(",") if size]
    results = bench.run(sizes, baseline=not args.no_baseline, serve=not args.no_serve, keep=args.keep, repo=args.root)
    print(bench.format_report(results))
    if args.json:
        args.json.write_text(bench.to_json(results), encoding="utf-8")
    failed = [t for r in results for t in [*r.stages, *r.serve] if not t.ok]
    return EXIT_PROBLEMS if failed else EXIT_OK


def _bench_options(command_parser: argparse.ArgumentParser) -> None:
    command_parser.add_argument("--sizes", default="100,1000,3000", help="numbers of documents, comma-separated")
    command_parser.add_argument("--no-baseline", action="store_true", help="skip the stock Material build")
    command_parser.add_argument("--no-serve", action="store_true", help="skip timing mkdocs serve")
    command_parser.add_argument("--keep", type=Path, default=None, help="keep the corpora in this folder")
    command_parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")


def _verbose_option(command_parser: argparse.ArgumentParser) -> None:
    command_parser.add_argument(
        "--verbose",
        action="store_true",
        help="also show MkDocs', the plugins' and LinkChecker's own log (make check VERBOSE=1)",
    )


def _report_option(command_parser: argparse.ArgumentParser) -> None:
    command_parser.add_argument(
        "--report",
        type=Path,
        default=None,
        help="the gate's report of what it found, for the pull request (default: .cache/gate/report.json)",
    )


# Options of the subcommands above, added to their parsers.
COMMAND_OPTIONS: dict[str, list[Callable[[argparse.ArgumentParser], None]]] = {
    "review": [_format_option, _days_option],
    "review-issues": [
        _days_option,
        lambda p: p.add_argument("--repo", default="", help="owner/name (default: $GITHUB_REPOSITORY)"),
    ],
    "changes": [
        _format_option,
        lambda p: p.add_argument(
            "--base", default="origin/main", help="git revision to compare with (default origin/main)"
        ),
        _report_option,
        lambda p: p.add_argument(
            "--summary",
            type=Path,
            default=None,
            help="also add the Markdown summary to this file (in GitHub Actions: $GITHUB_STEP_SUMMARY)",
        ),
    ],
    "gate": [_verbose_option, _report_option],
    "build": [_verbose_option],
    "linkcheck": [_verbose_option],
    "new": [
        lambda p: p.add_argument("type", metavar="TYPE", help="position-paper, guidance or faq"),
        lambda p: p.add_argument("title", metavar="TITLE", help="the document's title, in quotes"),
    ],
    "codeowners": [lambda p: p.add_argument("--check", action="store_true", help="only check the file is up to date")],
    "external-links": [_format_option],
    "bench": [_bench_options],
}


COMMANDS: dict[str, Command] = {
    "check": cmd_check,
    "build": cmd_build,
    "linkcheck": cmd_linkcheck,
    "search-index": cmd_search_index,
    "gate": cmd_gate,
    "review": cmd_review,
    "review-issues": cmd_review_issues,
    "changes": cmd_changes,
    "new": cmd_new,
    "codeowners": cmd_codeowners,
    "external-links": cmd_external_links,
    "addresses": cmd_addresses,
    "urls": cmd_urls,
    "bench": cmd_bench,
}


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="kb", description=__doc__.splitlines()[0])
    main_parser.add_argument(
        "--root", type=Path, default=paths.REPO_ROOT, help="project folder (default: this repository)"
    )
    sub = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in COMMANDS.items():
        help_text = (command.__doc__ or "").strip()
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        command_parser.add_argument(
            "--site-dir", type=Path, default=None, help="where the built site goes (default: ROOT/site)"
        )
        for add_option in COMMAND_OPTIONS.get(name, []):
            add_option(command_parser)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.root = args.root.resolve()
    args.site_dir = (args.site_dir or args.root / "site").resolve()
    from kb.adapters.engine import UnknownEngine, install
    from kb.content.vocabularies import DataFileError

    try:
        install()  # KB_ENGINE: `import mkdocs` here too gives the chosen engine; a mistake in it is reported now
        return COMMANDS[args.command](args)
    except (DataFileError, UnknownEngine) as error:
        print(f"kb {args.command}: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # authors must never see a traceback
        print(
            f"kb {args.command}: internal error ({type(error).__name__}: {error})."
            " Please report this to the web editor with the command you ran.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
