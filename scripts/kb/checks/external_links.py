"""The nightly check of links to other sites (``kb external-links``): reported, never blocking.

Links to other sites break without anyone here changing anything, so they are
checked at night and reported, not in pull requests. Hosts in
``data/linkcheck-allowlist.yml`` are known to refuse automated checkers and are
not checked.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from kb import paths
from kb.checks import sitemap
from kb.checks.linkcheck import BrokenLink, LinkCheckerFailed, broken_links, run_linkchecker
from kb.content.vocabularies import load_data_file

ALLOWLIST = "linkcheck-allowlist"
THREADS = 10  # other sites answer slowly: check several at once
CONFIG = """\
[checking]
timeout=20
[filtering]
checkextern=1
ignorewarnings=http-empty-content,http-redirected,url-content-size-zero
ignore=
{ignore}
[output]
status=0
"""


def allowed_hosts(root: Path = paths.REPO_ROOT) -> list[str]:
    return [entry["host"] for entry in load_data_file(ALLOWLIST, root)["hosts"]]


def ignore_pattern(host: str) -> str:
    """A LinkChecker ``ignore`` regex for every URL on the host (http or https)."""
    return rf"^https?://{re.escape(host)}(:\d+)?(/|$)"


def linkchecker_config(hosts: list[str]) -> str:
    return CONFIG.format(ignore="\n".join(f"  {ignore_pattern(host)}" for host in hosts) or "  ^$never")


def check_external_links(site_dir: Path, hosts: list[str], cache_dir: Path | None = None) -> list[BrokenLink]:
    """Broken links from the built site to other sites, leaving out the allowed hosts.

    As in the gate (kb.checks.linkcheck): each page is read once, and LinkChecker
    checks each distinct address once, however many pages link to it.
    """
    if not (site_dir / "index.html").exists():
        return [BrokenLink("/", "/", f"there is no built site in {site_dir}; run `make build` first")]
    linked = external_links_by_url(sitemap.read_site(site_dir, processes=sitemap.cores(), cache_dir=cache_dir), hosts)
    if not linked:
        return []
    try:
        failed = run_linkchecker(linkchecker_config(hosts), sorted(linked), threads=THREADS)
    except LinkCheckerFailed as error:
        return [BrokenLink("/", "(LinkChecker)", str(error))]
    return sorted(set(broken_links(failed, linked)), key=lambda b: (b.page, b.target))


def external_links_by_url(pages: dict[str, sitemap.PageLinks], hosts: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Each distinct address on another site (http or https, not an allowed host), with every (page, link) to it."""
    allowed = [re.compile(ignore_pattern(host)) for host in hosts]
    linked: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for url, page in pages.items():
        for _tag, href in page.links:
            if urlsplit(href).scheme in ("http", "https") and not any(pattern.match(href) for pattern in allowed):
                linked[href.split("#", 1)[0]].append((url, href))
    return linked


def format_markdown(broken: list[BrokenLink]) -> str:
    lines = ["## Links to other sites", ""]
    if not broken:
        return "\n".join([*lines, "Every link to another site worked."]) + "\n"
    lines += [
        f"{len(broken)} link(s) to other sites did not work. Check each; "
        "if the site is only refusing checkers, add its host to `data/linkcheck-allowlist.yml`.",
        "",
    ]
    lines += ["| Page | Link | Result |", "| --- | --- | --- |"]
    lines += [f"| `{link.page}` | {link.target} | {link.result.replace('|', '/')} |" for link in broken]
    return "\n".join(lines) + "\n"
