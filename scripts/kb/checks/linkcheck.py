"""Link checking of the built site: every link and anchor in the final HTML.

MkDocs already checks the links it can see in Markdown; this checks what the
reader gets, including the theme's and the generated pages' links, in three
steps that each do a piece of work once:

1. every page is read once (kb.checks.sitemap, with LinkChecker's own rules for what
   is a link), over one process per core; stylesheets' url()s are read too;
2. LinkChecker checks each distinct address on the site once, over HTTP on
   127.0.0.1 (the same server and status codes a reader's browser meets);
3. each link's #anchor is looked up in the anchors of the page it points at.

A broken address is then reported once for every page that links to it.

With a cache folder, step 1 skips pages whose bytes have not changed, and
step 2 skips an address that passed before when the file our server sends for
it is byte for byte the same (and LinkChecker, its settings and our code are
too): LinkChecker's verdict on a static file depends on nothing else. Only
passes are remembered; an address with no file behind it is always checked.

Why not let LinkChecker crawl every page: it parses each page with
BeautifulSoup's pure-Python parser, then makes an object of every link on it,
so crawling cost about 100 ms a page (every page carries a hundred navigation
links), nine times what reading the page once here costs. The links it finds
and the way it checks an address are the same either way.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import http.server
import io
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from kb.build.build_log import anchor_problem, line_containing, written_from, written_in
from kb.checks import sitemap
from kb.problems import Problem
from kb.speed.passed_checks import PassedChecks, code_fingerprint

# LinkChecker rate-limits each host to 10 requests a second (0.1-0.6 s between
# requests). Our own loopback server lifts that: maxrequestspersecond sets the
# rate, and the "LinkChecker" response header (see _QuietHandler) allows it.
# Recursion level 0: LinkChecker checks the addresses it is given and reads
# none of them; kb.checks.sitemap has already read every page.
LINKCHECKER_CONFIG = """\
[checking]
maxrequestspersecond=1000
[filtering]
checkextern=0
ignorewarnings=http-empty-content
[output]
status=0
"""


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the page the link is on, as a site path
    target: str  # the link as written
    result: str  # what LinkChecker found
    anchor_page: str = ""  # for a missing anchor: the site path of the page it was looked for in

    def __str__(self) -> str:
        return f"{self.page}: broken link to {self.target}: {self.result}"


def source_of(root: Path, site_path: str) -> str | None:
    """The document a site path was built from, as ``docs/...md``; None for the theme's and generated files."""
    stem = site_path.strip("/")
    candidates = [f"{stem}.md", f"{stem}/index.md"] if stem and site_path.endswith("/") else []
    candidates = candidates if stem else ["index.md"]
    return next((f"docs/{name}" for name in candidates if (root / "docs" / name).is_file()), None)


def as_problems(root: Path, broken: list[BrokenLink]) -> list[Problem]:
    """Broken links as an author reads them: each at the line of the document where it is written.

    A link that is in no document's text comes from the theme or a generated page, and is
    on many pages at once: it is reported once, for the web editor.
    """
    problems: set[Problem] = set()
    theirs: dict[tuple[str, str], list[BrokenLink]] = {}
    for link in broken:
        page = source_of(root, link.page)
        written = next((file for file in written_from(root, page) if written_in(root / file, link.target)), None)
        if page is not None and written is not None:
            problems.add(as_problem(root, link, written, page))
        else:
            theirs.setdefault((_site_path(link), link.result), []).append(link)
    for (target, result), links in theirs.items():
        pages = sorted({link.page for link in links})
        where = f"on {pages[0]}" if len(pages) == 1 else f"on {len(pages)} pages, such as {pages[0]}"
        problems.add(
            Problem(
                "mkdocs.yml",
                1,
                "link check",
                f"a link the site's theme makes, to {target} {where}, does not work ({result})",
                "no document's text has this link: tell the web editor",
            )
        )
    return sorted(problems)


def _site_path(link: BrokenLink) -> str:
    resolved = sitemap.resolve(link.page, link.target)
    return resolved[0] + (f"#{resolved[1]}" if resolved[1] else "") if resolved else link.target


def as_problem(root: Path, broken: BrokenLink, source: str, page: str | None = None) -> Problem:
    """A broken link written in source (``docs/...``), at its line; page: the document including source, if another."""
    line = line_containing(root / source, broken.target, 1)
    included = f"; this snippet is shown on {page}" if page and page != source else ""
    # LinkChecker's "404 File not found" says no more than "there is no page or file here", in jargon.
    found = "" if broken.result.startswith("404") else f" ({broken.result})"
    if broken.anchor_page:
        target = source_of(root, broken.anchor_page)
        anchor = broken.target.partition("#")[2]
        if target is not None:
            docs = root / "docs"
            problem = anchor_problem(
                docs, source, line, broken.target, target[len("docs/") :], target == (page or source), anchor
            )
            return replace(problem, message=problem.message + included)
        message = f"{broken.target}: the page {broken.anchor_page} has no heading with the link #{anchor}{included}"
        return Problem(source, line, "link", message, "copy the link from the symbol beside the heading on that page")
    return Problem(
        source,
        line,
        "link",
        f"{broken.target}: there is no page or file at this address{found}{included}",
        "write the link in Markdown, [text](file.md), so the checks can follow it",
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        # LinkChecker waits 0.1-0.6 s between requests to a host unless the
        # host opts out with this header; our own loopback server does.
        self.send_header("LinkChecker", "local")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # LinkChecker hangs up once it has the headers of a file it need not
        # read; that is not a problem worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serve(site_dir: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler) -> Iterator[str]:
    """Serve site_dir on a free port of 127.0.0.1 for the duration of the block."""
    handler = functools.partial(handler_class, directory=str(site_dir))
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def linkchecker_command() -> list[str]:
    beside = Path(sys.executable).with_name("linkchecker")
    return [str(beside) if beside.exists() else shutil.which("linkchecker") or "linkchecker"]


def check_links(
    site_dir: Path, cache_dir: Path | None = None, say: Callable[[str], None] = lambda _: None
) -> list[BrokenLink]:
    """Every broken internal link or missing anchor in the built site.

    cache_dir keeps what was read from each page by its content (kb.checks.sitemap),
    so an unchanged page is not read again; every address is checked each time.
    ``say`` is told what was read and checked.
    """
    if not (site_dir / "index.html").exists():
        return [BrokenLink("/", "/", f"there is no built site in {site_dir}; run `make build` first")]
    pages, read = sitemap.read_site_counted(site_dir, processes=sitemap.cores(), cache_dir=cache_dir)
    linked = links_by_target(site_dir, pages)
    cached = f", {len(pages) - read} unchanged (from {cache_dir.parent.name}/{cache_dir.name})" if cache_dir else ""
    say(f"Pages read for links: {read}{cached}; {len(linked)} distinct addresses.")
    try:
        failed, remembered = check_addresses(site_dir, sorted(linked), cache_dir)
    except LinkCheckerFailed as error:
        return [BrokenLink("/", "/", str(error))]
    if cache_dir:
        say(
            f"Addresses checked by LinkChecker: {len(linked) - remembered}, {remembered} unchanged since they passed "
            f"(from {cache_dir.parent.name}/{cache_dir.name})."
        )
    return sorted(set(check_anchors(pages) + broken_links(failed, linked)), key=lambda b: (b.page, b.target))


def links_by_target(site_dir: Path, pages: dict[str, sitemap.PageLinks]) -> dict[str, list[tuple[str, str]]]:
    """Each distinct site path linked to, with every (page, link as written) that leads there.

    Pages and stylesheets are the sources. The 404 page is left out: it is shown
    at addresses that do not exist, so its relative links cannot be resolved.
    """
    sources = [(url, page.links) for url, page in pages.items() if url != "/404.html"]
    sources += [
        (sitemap.page_url(site_dir, css), [("css", link) for link in sitemap.stylesheet_links(site_dir, css)])
        for css in sorted(site_dir.rglob("*.css"))
    ]
    linked: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for url, links in sources:
        for _tag, href in links:
            resolved = sitemap.resolve(url, href)
            if resolved is not None:
                linked[resolved[0]].append((url, href))
    return linked


def check_addresses(site_dir: Path, targets: list[str], cache_dir: Path | None = None) -> tuple[dict[str, str], int]:
    """What LinkChecker found at each site path that does not work, and how many passes were remembered.

    Each path is checked once, unless cache_dir remembers it passing with the
    same file behind it (see the module's description).
    """
    memory = PassedChecks(cache_dir / ADDRESSES_FILE) if cache_dir else None
    fingerprint = address_fingerprint() if memory else ""
    keys = {target: served_key(site_dir, target, fingerprint) for target in targets} if memory else {}
    unknown = [target for target in targets if not (memory and keys[target] and memory.passed_before(keys[target]))]
    failed = run_over_cores(site_dir, unknown) if unknown else {}
    if memory:
        memory.save({key for target, key in keys.items() if key and target not in failed})
    return failed, len(targets) - len(unknown)


ADDRESSES_FILE = "passed-addresses.json"


def address_fingerprint() -> str:
    """What else LinkChecker's verdict on a file depends on: its version, its settings, our server's code."""
    return hashlib.sha256(
        f"{sitemap.linkcheck_version()}\0{LINKCHECKER_CONFIG}\0{code_fingerprint()}".encode()
    ).hexdigest()


def served_key(site_dir: Path, target: str, fingerprint: str) -> str | None:
    """The key of (path, the bytes our server sends for it), or None when no single file is sent."""
    if ".." in target.split("/"):
        return None  # kb.checks.sitemap.resolve gives normalised paths; anything else, LinkChecker decides
    path = site_dir / target.lstrip("/")
    if target.endswith("/"):
        path = path / "index.html"
    try:
        if not path.is_file():
            return None  # a folder (a redirect or a listing) or nothing: LinkChecker decides
        content = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return hashlib.sha256(f"{fingerprint}\0{target}\0{content}".encode()).hexdigest()


def run_over_cores(site_dir: Path, targets: list[str]) -> dict[str, str]:
    """LinkChecker over the site on a loopback server; it holds the GIL in practice, so one process per core."""
    urls_of = {target: quote(target.lstrip("/"), safe="/%") for target in targets}
    groups = [group for group in (targets[i :: sitemap.cores()] for i in range(sitemap.cores())) if group]
    failed: dict[str, str] = {}
    with serve(site_dir) as base_url, ThreadPoolExecutor(max_workers=max(1, len(groups))) as pool:
        runs = [
            pool.submit(run_linkchecker, LINKCHECKER_CONFIG, [base_url + urls_of[target] for target in group])
            for group in groups
        ]
        target_of = {base_url + url: target for target, url in urls_of.items()}
        for run in runs:
            failed.update({target_of.get(url, url): result for url, result in run.result().items()})
    return failed


def broken_links(failed: dict[str, str], linked: dict[str, list[tuple[str, str]]]) -> list[BrokenLink]:
    """Each address that did not work, reported for every (page, link as written) leading to it."""
    return [
        BrokenLink(page, href, result)
        for address, result in failed.items()
        for page, href in linked.get(address, [("/", address)])
    ]


class LinkCheckerFailed(Exception):
    """LinkChecker itself did not run; the message says why."""


def run_linkchecker(config: str, urls: list[str], threads: int = 0) -> dict[str, str]:
    """LinkChecker's result for each given URL that does not work (each checked, none read for links).

    config is the text of a LinkChecker configuration file. threads=0 suits our
    own loopback server, where the work is LinkChecker's; other sites are worth
    waiting on in parallel.
    """
    with tempfile.TemporaryDirectory() as work:
        # Run as root, LinkChecker drops to user `nobody`: let it read its config.
        Path(work).chmod(0o755)
        config_file = Path(work) / "linkcheckerrc"
        config_file.write_text(config, encoding="utf-8")
        command = [
            *linkchecker_command(),
            "--config",
            str(config_file),
            "--no-robots",
            "--no-status",
            "--threads",
            str(threads),
            "--recursion-level",
            "0",
            "-o",
            "csv/utf-8",
            "--stdin",
        ]
        # The report comes on stdout, which needs no file permissions.
        result = subprocess.run(
            command, input="\n".join(urls) + "\n", check=False, capture_output=True, text=True, encoding="utf-8"
        )
    if "urlname;parentname" not in result.stdout:
        raise LinkCheckerFailed(f"LinkChecker did not run: {result.stderr.strip()[-300:]}")
    return failures(result.stdout)


def failures(report: str) -> dict[str, str]:
    """From LinkChecker's CSV report: each URL that did not work, with what was found there."""
    return {
        row["urlname"]: (row.get("result") or "").strip()
        for row in report_rows(report)
        if row.get("valid", "True") != "True"
    }


def check_anchors(pages: dict[str, sitemap.PageLinks]) -> list[BrokenLink]:
    """Missing anchors: each link's #fragment looked up in the anchors of the page it leads to.

    Links to pages that do not exist are left to LinkChecker, which reports
    them as broken links.
    """
    broken = []
    for page in pages.values():
        for tag, href in page.links:
            resolved = sitemap.resolve(page.url, href) if tag in ("a", "area") else None
            if resolved is None or not resolved[1]:
                continue
            target = sitemap.find(pages, resolved[0])
            if target is not None and resolved[1] not in target.anchors:
                broken.append(
                    BrokenLink(page.url, href, f"the page {target.url} has no anchor #{resolved[1]}", target.url)
                )
    return sorted(broken, key=lambda b: (b.page, b.target))


def report_rows(text: str) -> list[dict[str, str]]:
    """The rows of LinkChecker's CSV output, without its comment lines."""
    return list(
        csv.DictReader(
            io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#"))), delimiter=";"
        )
    )
