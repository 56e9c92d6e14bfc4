"""The nightly check of links to other sites (``kb external-links``): reported, never blocking.

Links to other sites break without anyone here changing anything, so they are
checked at night and reported, not in pull requests. Hosts in
``data/linkcheck-allowlist.yml`` are known to refuse automated checkers and are
not checked.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from kb import paths
from kb.linkcheck import BrokenLink, linkchecker_command, parse_report, serve
from kb.vocabularies import load_data_file

ALLOWLIST = "linkcheck-allowlist"
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


def check_external_links(site_dir: Path, hosts: list[str]) -> list[BrokenLink]:
    """Broken links from the built site to other sites, leaving out the allowed hosts."""
    if not (site_dir / "index.html").exists():
        return [BrokenLink("/", "/", f"there is no built site in {site_dir}; run `make build` first")]
    with tempfile.TemporaryDirectory() as work, serve(site_dir) as base_url:
        Path(work).chmod(0o755)
        config = Path(work) / "linkcheckerrc"
        config.write_text(linkchecker_config(hosts), encoding="utf-8")
        command = [*linkchecker_command(), "--config", str(config), "--no-robots", "--no-status", "-o", "csv/utf-8", base_url]
        result = subprocess.run(command, check=False, capture_output=True, text=True, encoding="utf-8")
        if "urlname;parentname" not in result.stdout:
            return [BrokenLink("/", base_url, f"LinkChecker did not run: {result.stderr.strip()[-300:]}")]
        return external_only(parse_report(result.stdout, base_url), base_url)


def external_only(broken: list[BrokenLink], base_url: str) -> list[BrokenLink]:
    """Internal links are the gate's business; keep the rest."""
    return [link for link in broken if re.match(r"^[a-z]+://", link.target) and not link.target.startswith(base_url)]


def format_markdown(broken: list[BrokenLink]) -> str:
    lines = ["## Links to other sites", ""]
    if not broken:
        return "\n".join([*lines, "Every link to another site worked."]) + "\n"
    lines += [f"{len(broken)} link(s) to other sites did not work. Check each; if the site is only refusing checkers, add its host to `data/linkcheck-allowlist.yml`.", ""]
    lines += ["| Page | Link | Result |", "| --- | --- | --- |"]
    lines += [f"| `{link.page}` | {link.target} | {link.result.replace('|', '/')} |" for link in broken]
    return "\n".join(lines) + "\n"
