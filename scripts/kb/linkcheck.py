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
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# LinkChecker rate-limits each host to 10 requests a second (0.1-0.6 s between
# requests). Our own loopback server lifts that: maxrequestspersecond sets the
# rate, and the "LinkChecker" response header (see _QuietHandler) allows it.
LINKCHECKER_CONFIG = """\
[checking]
maxrequestspersecond=1000
[filtering]
checkextern=0
ignorewarnings=http-empty-content
[output]
status=0
[AnchorCheck]
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


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve site_dir on a free port of 127.0.0.1 for the duration of the block."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
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
    with tempfile.TemporaryDirectory() as work, serve(site_dir) as base_url:
        # Run as root, LinkChecker drops to user `nobody`: let it read its config.
        Path(work).chmod(0o755)
        config = Path(work) / "linkcheckerrc"
        config.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
        # The report comes on stdout, which needs no file permissions.
        command = [*linkchecker_command(), "--config", str(config), "--no-robots", "--no-status", "--threads", "0", "-o", "csv/utf-8", base_url]
        result = subprocess.run(command, check=False, capture_output=True, text=True, encoding="utf-8")
        if "urlname;parentname" not in result.stdout:
            return [BrokenLink("/", base_url, f"LinkChecker did not run: {result.stderr.strip()[-300:]}")]
        return parse_report(result.stdout, base_url)


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
