"""Link checking of the built site with LinkChecker, over HTTP on 127.0.0.1.

MkDocs already checks the links it can see in Markdown; LinkChecker checks
what the reader gets: every link and anchor in the final HTML, including the
theme's and the generated pages'.
"""

from __future__ import annotations

import csv
import functools
import http.server
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from kb import sitemap

# LinkChecker rate-limits each host to 10 requests a second (0.1-0.6 s between
# requests). Our own loopback server lifts that: maxrequestspersecond sets the
# rate, and the "LinkChecker" response header (see _QuietHandler) allows it.
#
# LinkChecker's own anchor check is off on purpose: with it on, LinkChecker
# caches by URL *with* its #fragment, so it fetched and re-parsed a page once
# for every distinct anchor linked on it (every table-of-contents entry), which
# made the check grow far faster than the site. Anchors are checked instead by
# check_anchors below: each page read once, each distinct anchor looked up once.
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

    def __str__(self) -> str:
        return f"{self.page}: broken link to {self.target}: {self.result}"


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


def check_links(site_dir: Path) -> list[BrokenLink]:
    """Every broken internal link or missing anchor in the built site."""
    if not (site_dir / "index.html").exists():
        return [BrokenLink("/", "/", f"there is no built site in {site_dir}; run `make build` first")]
    starts = start_paths(site_dir)
    groups = [group for group in (starts[i :: linkchecker_processes()] for i in range(linkchecker_processes())) if group]
    # The anchor check runs in a process of its own: in this one, it would hold
    # the interpreter lock that the web server answering LinkChecker needs.
    with (
        ProcessPoolExecutor(max_workers=1) as anchor_pool,
        tempfile.TemporaryDirectory() as work,
        serve(site_dir) as base_url,
        ThreadPoolExecutor(max_workers=len(groups)) as pool,
    ):
        # Run as root, LinkChecker drops to user `nobody`: let it read its config.
        Path(work).chmod(0o755)
        config = Path(work) / "linkcheckerrc"
        config.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
        anchors = anchor_pool.submit(check_anchors, site_dir)
        runs = [pool.submit(_run_linkchecker, config, base_url, group) for group in groups]
        broken: set[BrokenLink] = set(anchors.result())
        for run in runs:
            broken.update(run.result())
    return sorted(broken, key=lambda b: (b.page, b.target))


def linkchecker_processes() -> int:
    """LinkChecker is single-threaded in practice (its parser holds the GIL): one process per core, up to four."""
    return max(1, min(4, os.cpu_count() or 1))


def start_paths(site_dir: Path) -> list[str]:
    """Every page and stylesheet of the site: each is read by exactly one LinkChecker process.

    The 404 page is left out, as the crawl from the home page always left it
    out: it is shown at addresses that do not exist, never linked to.
    """
    files = [*site_dir.rglob("*.html"), *site_dir.rglob("*.css")]
    return sorted(sitemap.page_url(site_dir, path).lstrip("/") for path in files if path != site_dir / "404.html")


def _run_linkchecker(config: Path, base_url: str, paths: list[str]) -> list[BrokenLink]:
    """Check every link on the given pages (recursion level 1: the pages themselves are the crawl)."""
    command = [*linkchecker_command(), "--config", str(config), "--no-robots", "--no-status", "--threads", "0", "--recursion-level", "1", "-o", "csv/utf-8", "--stdin"]
    urls = "\n".join(base_url + path for path in paths) + "\n"
    # The report comes on stdout, which needs no file permissions.
    result = subprocess.run(command, input=urls, check=False, capture_output=True, text=True, encoding="utf-8")
    if "urlname;parentname" not in result.stdout:
        return [BrokenLink("/", base_url, f"LinkChecker did not run: {result.stderr.strip()[-300:]}")]
    return parse_report(result.stdout, base_url)


def check_anchors(site_dir: Path) -> list[BrokenLink]:
    """Every link to an anchor (#id) that the page it points at does not have.

    Each page is read once; links to pages that do not exist are left to
    LinkChecker, which reports them as broken links.
    """
    pages = sitemap.read_site(site_dir)
    broken = []
    for page in pages.values():
        for tag, href in page.links:
            resolved = sitemap.resolve(page.url, href) if tag in ("a", "area") else None
            if resolved is None or not resolved[1]:
                continue
            target = sitemap.find(pages, resolved[0])
            if target is not None and resolved[1] not in target.anchors:
                broken.append(BrokenLink(page.url, href, f"the page {target.url} has no anchor #{resolved[1]}"))
    return sorted(broken, key=lambda b: (b.page, b.target))


def parse_report(text: str, base_url: str) -> list[BrokenLink]:
    """Broken links and missing anchors from LinkChecker's CSV output."""
    rows = csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#"))), delimiter=";")
    broken = []
    for row in rows:
        invalid = row.get("valid", "True") != "True"
        anchor_missing = "anchor" in (row.get("warningstring") or "").lower()
        if invalid or anchor_missing:
            result = row.get("result") if invalid else row.get("warningstring")
            result = (result or "").split(" Available anchors:")[0]
            broken.append(BrokenLink(_site_path(row.get("parentname") or "", base_url), row.get("urlname") or "", (result or "").strip()))
    return sorted(set(broken), key=lambda b: (b.page, b.target))


def _site_path(url: str, base_url: str) -> str:
    if not url:
        return "(start page)"
    return "/" + urlsplit(url).path.lstrip("/") if url.startswith(base_url) else url
