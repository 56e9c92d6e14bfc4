"""kb: the IGPM Knowledge Base command-line tool.

Each subcommand's docstring is its help text. The Makefile targets call these;
run `python -m kb --help` (with scripts/ on the path) for the list.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from kb import paths

Command = Callable[[argparse.Namespace], int]
EXIT_OK, EXIT_PROBLEMS, EXIT_INTERNAL = 0, 1, 3


def cmd_check(args: argparse.Namespace) -> int:
    """Check every document's front matter and the rules between documents."""
    from kb.validate import validate_project

    documents, problems = validate_project(args.root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"\n{len(problems)} problem(s) in {len({p.path for p in problems})} file(s). Nothing can be published until they are fixed.", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"All {len(documents)} documents passed the checks.", file=sys.stderr)
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site into site/ (strict: any warning fails; site/ is replaced only on success)."""
    from kb.site_build import BuildFailed, build_site

    try:
        build_site(args.root, args.site_dir)
    except BuildFailed as error:
        print(f"\nThe build failed: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Built the site into {args.site_dir}.", file=sys.stderr)
    return EXIT_OK


def cmd_linkcheck(args: argparse.Namespace) -> int:
    """Serve the built site on 127.0.0.1 and check every internal link and anchor with LinkChecker."""
    from kb.linkcheck import check_links

    broken = check_links(args.site_dir)
    for link in broken:
        print(link)
    if broken:
        print(f"\n{len(broken)} broken link(s). Fix them in the pages named above.", file=sys.stderr)
        return EXIT_PROBLEMS
    print("No broken links or anchors.", file=sys.stderr)
    return EXIT_OK


def cmd_addresses(args: argparse.Namespace) -> int:
    """Check that every address in published-urls.yml is still served by a page or a redirect."""
    from kb.addresses import LEDGER_FILE, missing_addresses, redirect_problems
    from kb.documents import load_documents
    from kb.publishing import build_time

    documents, _ = load_documents(args.root)
    problems = sorted(missing_addresses(args.root, documents, build_time()) + redirect_problems(documents, build_time()))
    for problem in problems:
        print(problem)
    if problems:
        print(f"\n{len(problems)} published address(es) would stop working. Nothing can be published until each has a redirect.", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Every address in {LEDGER_FILE} still works.", file=sys.stderr)
    return EXIT_OK


def cmd_urls(args: argparse.Namespace) -> int:
    """Record every published page's address in published-urls.yml, so the gate keeps them working."""
    from kb.addresses import LEDGER_FILE, update_ledger
    from kb.documents import load_documents
    from kb.publishing import build_time

    documents, _ = load_documents(args.root)
    added = update_ledger(args.root, documents, build_time())
    print(f"Added {len(added)} address(es) to {LEDGER_FILE}.", file=sys.stderr)
    return EXIT_OK


# The publishing gate, in order. Each stage takes the parsed arguments and
# returns an exit status; `make bench` times the same list.
GATE_STAGES: list[tuple[str, Command]] = [
    ("check", cmd_check),
    ("addresses", cmd_addresses),
    ("build", cmd_build),
    ("link check", cmd_linkcheck),
]


def cmd_gate(args: argparse.Namespace) -> int:
    """The publishing gate: check, then build, then link check; stops at the first stage that fails."""
    for name, stage in GATE_STAGES:
        print(f"== {name} ==", file=sys.stderr)
        status = stage(args)
        if status != EXIT_OK:
            print(f"The gate stopped at the {name} stage.", file=sys.stderr)
            return status
    print("The gate passed: the site may be published.", file=sys.stderr)
    return EXIT_OK


COMMANDS: dict[str, Command] = {
    "check": cmd_check,
    "build": cmd_build,
    "linkcheck": cmd_linkcheck,
    "gate": cmd_gate,
    "addresses": cmd_addresses,
    "urls": cmd_urls,
}


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="kb", description=__doc__.splitlines()[0])
    main_parser.add_argument("--root", type=Path, default=paths.REPO_ROOT, help="project folder (default: this repository)")
    sub = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in COMMANDS.items():
        help_text = (command.__doc__ or "").strip()
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        command_parser.add_argument("--site-dir", type=Path, default=None, help="where the built site goes (default: ROOT/site)")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.root = args.root.resolve()
    args.site_dir = (args.site_dir or args.root / "site").resolve()
    from kb.vocabularies import DataFileError

    try:
        return COMMANDS[args.command](args)
    except DataFileError as error:
        print(f"kb {args.command}: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # authors must never see a traceback
        print(f"kb {args.command}: internal error ({type(error).__name__}: {error}). Please report this to the web editor with the command you ran.", file=sys.stderr)
        return EXIT_INTERNAL
