"""Making the search index: Pagefind's own program, run over the built pages.

Pagefind reads the final HTML, so it indexes exactly what readers get, and only
the article of the pages our templates mark (``data-pagefind-body``: documents,
never the 404 page, listings of tags or redirects). Its program comes in the
pinned ``pagefind-bin`` wheel and is run as a child process: started as soon as
the pages are written, it works while the output guard and the link check read
the same pages, and its files are checked (kb.search.bundle) before they join the site.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kb.search import bundle
from kb.upstream import pagefind_internals

# Parts of the article that are not its text: heading links, the facts block, downloads,
# feeds, citation, history, related documents, the edit button and the home page's search box.
NOT_TEXT = (
    ".headerlink, .kb-facts, .kb-download, .kb-feeds, .kb-cite, .kb-history, .kb-related,"
    " .md-source-file, .md-tags, .md-content__button, .kb-search-box"
)
TIMEOUT = 300  # seconds: a stuck indexer fails the build rather than holding it for ever


class IndexFailed(Exception):
    """Pagefind could not index the site, or wrote files the site does not publish."""


def executable() -> Path:
    """Pagefind's program, from the pinned pagefind-bin wheel."""
    try:
        import pagefind_bin
    except ImportError:
        raise IndexFailed("Pagefind is not installed: run `make venv` to install requirements.txt") from None
    return pagefind_bin.get_executable()


def command(site: Path, output: Path) -> list[str]:
    return [
        str(executable()),
        "--site",
        str(site),
        "--output-path",
        str(output),
        "--exclude-selectors",
        NOT_TEXT,
        "--quiet",
    ]


@dataclass
class Indexing:
    """A Pagefind run under way, writing into a folder of its own beside the site."""

    site: Path
    output: Path
    process: subprocess.Popen[bytes]
    log: Path
    started: float

    def wait(self) -> float:
        """Wait for Pagefind to finish; seconds it took. Raises IndexFailed with its messages."""
        try:
            status = self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise IndexFailed(f"Pagefind did not finish indexing the site within {TIMEOUT} seconds") from None
        seconds = time.perf_counter() - self.started
        if status != 0:
            said = [line.strip() for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines()]
            last = next((line for line in reversed(said) if line), "no message")
            raise IndexFailed(f"Pagefind stopped with exit status {status}: {last}")
        return seconds

    def discard(self) -> None:
        """Stop the run if it is still going and remove what it wrote."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.output.parent, ignore_errors=True)


def start(site: Path) -> Indexing:
    """Start indexing the built pages in site; the index is written beside it, not into it."""
    work = Path(tempfile.mkdtemp(prefix=f".{site.name}-search-", dir=site.parent))
    output, log = work / bundle.FOLDER, work / "pagefind.log"
    with log.open("wb") as said:
        process = subprocess.Popen(
            command(site, output),
            stdin=subprocess.DEVNULL,
            stdout=said,
            stderr=said,
            env=pagefind_internals.environment(),
        )
    return Indexing(site, output, process, log, time.perf_counter())


def finish(indexing: Indexing) -> float:
    """Wait for the index, keep only the files the site uses, check them, and move them into the site.

    Returns the seconds indexing took. On any failure nothing is added to the site.
    """
    try:
        seconds = indexing.wait()
        bundle.keep_only_what_is_used(indexing.output)
        try:
            pagefind_internals.thin_common_words(indexing.output)
            pagefind_internals.put_filters_in_order(indexing.output)
        except (pagefind_internals.NotPagefindData, KeyError, TypeError, ValueError, OSError) as error:
            raise IndexFailed(f"Pagefind's index files could not be read ({error})") from None
        problems = bundle.check_folder(indexing.output)
        if problems:
            raise IndexFailed("; ".join(problems))
        target = indexing.site / bundle.FOLDER
        if target.exists():
            shutil.rmtree(target)
        indexing.output.rename(target)
        return seconds
    finally:
        indexing.discard()


def index_site(site: Path) -> float:
    """Index site in place (``make serve``, ``kb search-index``); seconds it took."""
    if not any(site.glob("*.html")):
        raise IndexFailed(f"there is no built site in {site}: run `make build` first")
    return finish(start(site))
