"""Lighthouse on a built site, offline: `make lighthouse` and the page figures of `make bench`.

Lighthouse (pinned in tests/browser/lighthouse/package.json, installed by
``npm ci --prefix tests/browser/lighthouse``) runs Debian's Chromium headless against
the site served on 127.0.0.1 by a small server that compresses text with gzip, as the real host does. Nothing leaves
the machine: the site has no third-party requests, and Lighthouse needs none.

`make lighthouse` checks home, a position paper, a guidance page and an FAQ page
(the first of each kind in ``catalogue.json``) and fails when any page scores
below 100 for accessibility, listing each failing check.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from kb import paths
from kb.checks import linkcheck

TOOLS = paths.REPO_ROOT / "tests" / "browser" / "lighthouse"
LIGHTHOUSE_CLI = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
ACCESSIBILITY_TARGET = 100
PERFORMANCE_TARGET = 90  # mobile; reported, not enforced (the score depends on the machine's load)
LIGHTHOUSE_SECONDS = 300  # one page; Chromium on a busy two-core machine is slow to start
# What a reader's first visit compresses; fonts and images are compressed already.
COMPRESSED_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".xsl")
PAGE_KINDS = (("home", None), ("position paper", "position-paper"), ("guidance", "guidance"), ("FAQ", "faq"))


class LighthouseMissing(Exception):
    """Lighthouse or Chromium is not installed: said in one sentence, never a traceback."""


@dataclass
class PageScores:
    name: str
    path: str  # inside the site: "/", "/guidance/x/"
    performance: int
    accessibility: int
    total_blocking_ms: float
    largest_paint_ms: float
    failing: list[str] = field(default_factory=list)  # accessibility checks that failed: "id: title"
    fetched: list[str] = field(default_factory=list)  # every address the page loaded, in order


# --- A local server that compresses like the real host ---------------------------------


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder; text is sent gzip-compressed when the browser accepts it."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the stock handler redirects /x to /x/
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.is_file() and path.suffix in COMPRESSED_TYPES):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Body:
    """What send_head returns: a file-like object copyfile reads from."""

    def __init__(self, data: bytes) -> None:
        self._data, self._read = data, False

    def read(self, size: int = -1) -> bytes:
        if self._read:
            return b""
        self._read = True
        return self._data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """The site served on 127.0.0.1, gzip-compressed; yields its address ("http://127.0.0.1:PORT")."""
    with linkcheck.serve(site_dir, _GzipHandler) as address:
        yield address.rstrip("/")


# --- Running Lighthouse -----------------------------------------------------------------


def check_installed(cli: Path = LIGHTHOUSE_CLI, chromium: Path = CHROMIUM) -> None:
    if shutil.which("node") is None:
        raise LighthouseMissing(
            "Lighthouse needs Node.js: install Node.js 18 or later (Debian: apt-get install nodejs npm)."
        )
    if not cli.is_file():
        raise LighthouseMissing(
            "Lighthouse is not installed: run `npm ci --prefix tests/browser/lighthouse`"
            " (it installs the versions pinned in its package-lock.json)."
        )
    if not chromium.is_file():
        raise LighthouseMissing(
            f"Chromium was not found at {chromium}: install it (Debian: apt-get install chromium) "
            "or set CHROME_PATH to its program."
        )


def lighthouse_command(url: str, categories: tuple[str, ...], cli: Path = LIGHTHOUSE_CLI) -> list[str]:
    """Lighthouse's default mobile run (simulated slow 4G and a four-times slower CPU), as JSON on stdout."""
    return [
        "node",
        str(cli),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(categories)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]


def run_page(
    name: str, base_url: str, path: str, categories: tuple[str, ...] = ("performance", "accessibility")
) -> PageScores:
    """Lighthouse on one page of the served site."""
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    result = subprocess.run(
        lighthouse_command(base_url + path, categories),
        capture_output=True,
        text=True,
        env=env,
        timeout=LIGHTHOUSE_SECONDS,
        check=False,
    )
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"Lighthouse failed on {path}: {result.stderr.strip()[-500:]}")
    return scores_from_report(name, path, json.loads(result.stdout))


def scores_from_report(name: str, path: str, report: dict) -> PageScores:
    """The figures we keep from one Lighthouse JSON report."""
    categories, audits = report["categories"], report["audits"]

    def score(category: str) -> int:
        value = categories.get(category, {}).get("score")
        return -1 if value is None else round(value * 100)

    failing = []
    for reference in categories.get("accessibility", {}).get("auditRefs", []):
        audit = audits.get(reference["id"], {})
        if reference.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            failing.append(f"{reference['id']}: {audit.get('title', '')}")
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    return PageScores(
        name,
        path,
        score("performance"),
        score("accessibility"),
        float(audits.get("total-blocking-time", {}).get("numericValue", -1)),
        float(audits.get("largest-contentful-paint", {}).get("numericValue", -1)),
        failing,
        [str(request.get("url", "")) for request in requests],
    )


# --- Which pages ------------------------------------------------------------------------


def sample_pages(site_dir: Path) -> list[tuple[str, str]]:
    """Home and the first position paper, guidance page and FAQ page in catalogue.json: (kind, path)."""
    catalogue = json.loads((site_dir / "catalogue.json").read_text(encoding="utf-8"))
    site_url = str(catalogue.get("site", ""))
    pages = []
    for kind, doc_type in PAGE_KINDS:
        if doc_type is None:
            pages.append((kind, "/"))
            continue
        found = next((d for d in catalogue["documents"] if d.get("type") == doc_type), None)
        if found is not None:
            pages.append((kind, "/" + str(found["url"]).removeprefix(site_url).lstrip("/")))
    return pages


def run_pages(site_dir: Path, pages: list[tuple[str, str]]) -> list[PageScores]:
    check_installed()
    with serve(site_dir) as base_url:
        return [run_page(name, base_url, path) for name, path in pages]


def format_scores(scores: list[PageScores]) -> str:
    lines = [
        "| page | address | accessibility | performance (mobile) | total blocking time (ms) | largest paint (ms) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {s.name} | {s.path} | {s.accessibility} | {s.performance} | {s.total_blocking_ms:,.0f} "
        f"| {s.largest_paint_ms:,.0f} |"
        for s in scores
    ]
    for page in scores:
        lines += [f"{page.path}: accessibility check failed: {failing}" for failing in page.failing]
    return "\n".join(lines)


def below_target(scores: list[PageScores]) -> list[PageScores]:
    return [s for s in scores if s.accessibility < ACCESSIBILITY_TARGET]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.bench.lighthouse", description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=paths.REPO_ROOT / "site", help="a built site (make build)")
    args = parser.parse_args(argv)
    if not (args.site_dir / "catalogue.json").is_file():
        print(f"No built site in {args.site_dir}: run `make build` first.", file=sys.stderr)
        return 1
    try:
        scores = run_pages(args.site_dir, sample_pages(args.site_dir))
    except LighthouseMissing as missing:
        print(missing, file=sys.stderr)
        return 1
    print(format_scores(scores))
    low = below_target(scores)
    if low:
        names = ", ".join(f"{s.name} ({s.accessibility})" for s in low)
        print(f"Lighthouse accessibility is below {ACCESSIBILITY_TARGET} on: {names}.", file=sys.stderr)
        return 1
    print(f"Lighthouse accessibility is {ACCESSIBILITY_TARGET} on every page checked.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
