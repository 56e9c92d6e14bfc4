"""PDFs of position papers, made at build time with WeasyPrint from the page's own HTML.

A paper's PDF is its web page's text behind a title page (title, id, version,
dates). Rendering takes about a second a paper, so each PDF is cached under
``.cache/pdf/`` by a hash of everything that goes into it: an unchanged paper
is copied, not rendered again. WeasyPrint never reaches the network: its URL
fetcher only reads files of the built site.

Usable on its own: ``render_paper(PaperPdf(...), site_dir, cache_dir)``.
"""

from __future__ import annotations

import functools
import hashlib
import html
import importlib.metadata
import multiprocessing
import os
import shutil
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from kb import paths

FORMAT_VERSION = "2"  # raise when the layout below changes, so cached PDFs are redone
PUBLISHER = "Institute of General Practice Management"

PDF_CSS = """
@page { size: A4; margin: 22mm 20mm 24mm; @bottom-center { content: counter(page) " of " counter(pages); font-size: 9pt; color: #555; } }
@page :first { @bottom-center { content: none; } }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.45; color: #111; }
.title-page { page-break-after: always; padding-top: 45mm; }
.title-page .publisher { font-size: 12pt; color: #333; }
.title-page h1 { font-size: 24pt; line-height: 1.2; margin: 8mm 0; }
.title-page dl { display: grid; grid-template-columns: 40mm 1fr; gap: 2mm 4mm; }
.title-page dt { font-weight: bold; }
.title-page dd { margin: 0; }
.title-page .url { margin-top: 12mm; font-size: 9pt; word-break: break-all; }
.notice { border: 2pt solid #b00020; padding: 3mm 5mm; margin: 0 0 6mm; }
.key-asks { border: 1pt solid #3f51b5; padding: 3mm 5mm; margin: 0 0 6mm; }
h1, h2, h3 { page-break-after: avoid; }
a { color: #1a237e; }
a.headerlink { display: none; }
abbr { text-decoration: none; }
pre, code { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; white-space: pre-wrap; }
table { border-collapse: collapse; } th, td { border: 0.5pt solid #999; padding: 1mm 2mm; }
"""


class PdfError(Exception):
    """The PDF could not be made; the message says which paper and why."""


@dataclass(frozen=True)
class PaperPdf:
    """What goes into one paper's PDF."""

    doc_id: str
    title: str
    version: str
    url: str  # the paper's stable web address; relative links resolve against it
    body_html: str  # the page's converted text (trusted output of Markdown)
    facts: list[tuple[str, str]] = field(default_factory=list)  # (label, value) for the title page
    summary: str = ""
    key_asks: list[str] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)  # (heading, text): consultation, superseded, ...
    out_path: str = ""  # where the PDF goes, relative to the site folder


def document_html(paper: PaperPdf) -> str:
    """The whole HTML document WeasyPrint renders. Author values are escaped here."""
    e = html.escape
    facts = "".join(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in paper.facts)
    notices = "".join(f'<div class="notice"><strong>{e(heading)}.</strong> {e(text)}</div>' for heading, text in paper.notices)
    asks = ""
    if paper.key_asks:
        items = "".join(f"<li>{e(ask)}</li>" for ask in paper.key_asks)
        summary = f"<p><strong>{e(paper.summary)}</strong></p>" if paper.summary else ""
        asks = f'<section class="key-asks"><h2>Summary and key asks</h2>{summary}<p>We ask for:</p><ol>{items}</ol></section>'
    return (
        f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{e(paper.title)}</title>'
        f'<meta name="author" content="{e(PUBLISHER)}"><meta name="description" content="{e(paper.summary)}">'
        f"<style>{PDF_CSS}</style></head><body>"
        f'<section class="title-page"><p class="publisher">{e(PUBLISHER)}</p><h1>{e(paper.title)}</h1>'
        f'{notices}<dl>{facts}</dl><p class="url">{e(paper.url)}</p></section>'
        f"{asks}<main>{paper.body_html}</main></body></html>"
    )


@functools.cache
def weasyprint_version() -> str:
    # From the installed package's metadata: importing WeasyPrint itself takes
    # over a second, which a build whose PDFs are all cached need not spend.
    return importlib.metadata.version("weasyprint")


def content_hash(document: str) -> str:
    digest = hashlib.sha256()
    for part in (FORMAT_VERSION, weasyprint_version(), document):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def local_fetcher(site_dir: Path, site_url: str) -> Any:  # a weasyprint URLFetcher
    """A URL fetcher that reads only files of the built site and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = site_dir.resolve()
    prefix = site_url.rstrip("/") + "/"

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(prefix):
                relative = unquote(urlsplit(url).path)[len(urlsplit(prefix).path) :]
                target = (root / relative).resolve()
            elif url.startswith("file:"):
                target = Path(unquote(urlsplit(url).path)).resolve()
            else:
                raise ValueError(f"the PDF may only use files of the site, not {url}")
            if not target.is_relative_to(root) or not target.is_file():
                raise ValueError(f"{url} is not a file of the built site")
            return URLFetcherResponse(target.as_uri(), target.read_bytes())

    return LocalOnlyFetcher()


def render_paper(paper: PaperPdf, site_dir: Path, cache_dir: Path, site_url: str) -> bool:
    """Write the paper's PDF into the site. Returns True if it was rendered, False if cached."""
    document = document_html(paper)
    cached = cache_dir / f"{content_hash(document)}.pdf"
    target = site_dir / paper.out_path
    target.parent.mkdir(parents=True, exist_ok=True)
    if cached.is_file():
        shutil.copyfile(cached, target)
        return False
    import weasyprint

    try:
        pdf = weasyprint.HTML(string=document, base_url=paper.url, url_fetcher=local_fetcher(site_dir, site_url)).write_pdf()
    except Exception as error:  # WeasyPrint raises many kinds; the author needs the paper named
        raise PdfError(f"the PDF of {paper.doc_id} could not be made: {type(error).__name__}: {error}") from None
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".tmp")
    partial.write_bytes(pdf)
    partial.replace(cached)
    shutil.copyfile(cached, target)
    return True


def render_papers(papers: list[PaperPdf], site_dir: Path, cache_dir: Path, site_url: str, low_priority: bool = False) -> tuple[int, int]:
    """Every paper's PDF: cached ones copied, the rest rendered on every core.

    WeasyPrint is pure Python and takes a fraction of a second a paper, so a
    cold cache at scale is the slowest part of a build; papers are independent,
    so they render in parallel processes. low_priority (for `make serve`, where
    this runs behind the preview) renders them in processes that give way to
    the rebuild an author is waiting for. Returns (rendered, reused).
    """
    missing = [paper for paper in papers if not cached_copy(paper, site_dir, cache_dir)]
    workers = min(len(missing), os.cpu_count() or 1)
    render = functools.partial(render_paper, site_dir=site_dir, cache_dir=cache_dir, site_url=site_url)
    if low_priority and missing:
        _render_stoppable(render, missing, workers)
    elif workers <= 1 and (worker := _take_worker()) is not None:
        worker.render(missing, site_dir, cache_dir, site_url)
    elif workers <= 1:
        for paper in missing:
            render(paper)
    elif missing:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(render, missing, chunksize=4))
    return len(missing), len(papers) - len(missing)


# --- A worker that loads WeasyPrint while MkDocs reads the pages ----------------
#
# Importing WeasyPrint takes about 1.5 s on this machine, more than rendering one
# paper. A build in which one paper changed paid it at the very end, on one core,
# although the other core had sat idle while MkDocs read every page, one after
# another. start_worker(), called by the hook as a build begins, forks one small
# process that imports WeasyPrint at once and then waits; render_papers hands it
# the papers when there are too few for a pool. A paper goes over a pipe, the
# worker renders it exactly as render_paper does here and answers None or the
# error message. It is a daemon: it ends with the build, used or not.


class _Worker:
    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")  # forking starts no thread here (kb.parallel_render forks later)
        self._connection, theirs = context.Pipe()
        self._process = context.Process(target=_serve_papers, args=(theirs, self._connection), daemon=True, name="kb-pdf-worker")
        self._process.start()
        theirs.close()

    def render(self, papers: list[PaperPdf], site_dir: Path, cache_dir: Path, site_url: str) -> None:
        try:
            for paper in papers:
                self._connection.send((paper, site_dir, cache_dir, site_url))
                failure = self._connection.recv()
                if failure is not None:
                    raise PdfError(failure)
        except (EOFError, OSError) as error:  # the worker ended unexpectedly
            raise PdfError(f"the process making PDFs ended unexpectedly ({type(error).__name__}); run the build again") from None
        finally:
            self.stop()

    def stop(self) -> None:
        self._connection.close()  # the worker reads the end of its pipe and returns
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.terminate()


def _serve_papers(connection: Connection, builds_end: Connection) -> None:
    builds_end.close()  # this process's copy of it: else closing the build's own would never end this one
    import weasyprint  # noqa: F401 - the point of this process: loaded before the first paper arrives

    while True:
        try:
            paper, site_dir, cache_dir, site_url = connection.recv()
        except EOFError:
            return
        try:
            render_paper(paper, site_dir, cache_dir, site_url)
            connection.send(None)
        except PdfError as error:
            connection.send(str(error))
        except Exception as error:
            connection.send(f"the PDF of {paper.doc_id} could not be made: {type(error).__name__}: {error}")


_worker: _Worker | None = None


def start_worker() -> None:
    """Start loading WeasyPrint in a process of its own, for render_papers to use once."""
    global _worker
    if _worker is None:
        _worker = _Worker()


def _take_worker() -> _Worker | None:
    global _worker
    worker, _worker = _worker, None
    return worker


def stop_worker() -> None:
    """The build needed no PDF the worker could make: end it now."""
    worker = _take_worker()
    if worker is not None:
        worker.stop()


# Pools rendering behind `make serve`, so that stopping the server stops them:
# without that, Ctrl+C waited for every PDF still to be made (minutes, for a
# thousand documents and an empty cache).
_stoppable_pools: set[ProcessPoolExecutor] = set()
_stopped = threading.Event()


def _render_stoppable(render: Callable[[PaperPdf], bool], papers: list[PaperPdf], workers: int) -> None:
    """Render at low priority, one paper a task, until stop_rendering() (raises CancelledError then)."""
    if _stopped.is_set():
        raise CancelledError()
    pool = ProcessPoolExecutor(max_workers=workers, initializer=os.nice, initargs=(10,))
    _stoppable_pools.add(pool)
    try:
        list(pool.map(render, papers))
    finally:
        _stoppable_pools.discard(pool)
        pool.shutdown(wait=False, cancel_futures=True)


def stop_rendering() -> None:
    """`make serve` is stopping: start no more PDFs, and wait for the few being made.

    Waiting matters: MkDocs deletes its temporary site folder next, which
    fails if a PDF is still being written into it.
    """
    _stopped.set()
    for pool in list(_stoppable_pools):
        pool.shutdown(wait=True, cancel_futures=True)


def cached_copy(paper: PaperPdf, site_dir: Path, cache_dir: Path) -> bool:
    """Copy the paper's PDF from the cache into the site, if it is there."""
    cached = cache_dir / f"{content_hash(document_html(paper))}.pdf"
    if not cached.is_file():
        return False
    target = site_dir / paper.out_path
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, target)
    return True


def cache_dir(root: Path = paths.REPO_ROOT) -> Path:
    return root / ".cache" / "pdf"
