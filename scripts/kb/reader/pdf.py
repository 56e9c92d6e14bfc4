"""PDFs of position papers, made at build time with WeasyPrint from the page's own HTML.

A paper's PDF is its web page's text behind a title page (title, id, version,
dates). Rendering takes about a second a paper, so each PDF is cached under
``.cache/pdf/`` by a hash of everything that goes into it: an unchanged paper
is copied, not rendered again. WeasyPrint never reaches the network: its URL
fetcher only reads files of the built site.

A cached PDF is published only if it is exactly what was stored: beside each
``<key>.pdf`` a ``<key>.json`` records its sha256 and size, and the file must
still begin ``%PDF-`` and end ``%%EOF``. Anything else is thrown away with one
INFO line (kb.speed.cache_files) and the paper rendered again. Opening it with pypdf
as well would cost 3-10 ms a PDF and 0.16 s to import on every warm build, for
bytes whose hash already proves they are the ones WeasyPrint wrote. A cache
that cannot be written only means the PDF is rendered again next time.

Usable on its own: ``render_paper(PaperPdf(...), site_dir, cache_dir)``.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import html
import importlib.metadata
import json
import os
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from kb import paths
from kb.speed.cache_files import peek_json, read_bytes, remove, thrown_away, write_bytes, write_json

FORMAT_VERSION = "4"  # raise when the layout below or the way PDFs are cached changes, so cached PDFs are redone
# WeasyPrint's write_pdf options: part of every PDF's cache key, so a PDF made before a
# change of format (such as the untagged PDFs made before PDF/UA) is never published after it.
# PDF/UA-1: a structure tree (headings, lists, tables, links with their text), /MarkInfo,
# the document title shown by viewers, the language, and the PDF/UA identifier in XMP.
# It needs <html lang> and <title>, which document_html always writes.
PDF_VARIANT = "pdf/ua-1"
WRITE_OPTIONS: dict[str, Any] = {"pdf_variant": PDF_VARIANT}
PUBLISHER = "Institute of General Practice Management"

PDF_CSS = """
@page { size: A4; margin: 22mm 20mm 24mm; \
@bottom-center { content: counter(page) " of " counter(pages); font-size: 9pt; color: #555; } }
@page :first { @bottom-center { content: none; } }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; \
font-size: 10.5pt; line-height: 1.45; color: #111; }
.title-page { page-break-after: always; padding-top: 45mm; }
.title-page .publisher { font-size: 12pt; color: #333; }
.title-page h1 { font-size: 24pt; line-height: 1.2; margin: 8mm 0; }
.title-page table.facts, .title-page table.facts th, .title-page table.facts td { border: none; }
.title-page table.facts th { width: 40mm; text-align: left; vertical-align: top; padding: 0 4mm 2mm 0; }
.title-page table.facts td { padding: 0 0 2mm 0; }
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
    # A table, not a <dl>: WeasyPrint tags a <dl>'s terms and values as separate list items,
    # where a row header keeps each value with its label for a screen reader.
    rows = "".join(f'<tr><th scope="row">{e(label)}</th><td>{e(value)}</td></tr>' for label, value in paper.facts)
    facts = f'<table class="facts"><tbody>{rows}</tbody></table>' if rows else ""
    notices = "".join(
        f'<div class="notice"><strong>{e(heading)}.</strong> {e(text)}</div>' for heading, text in paper.notices
    )
    asks = ""
    if paper.key_asks:
        items = "".join(f"<li>{e(ask)}</li>" for ask in paper.key_asks)
        summary = f"<p><strong>{e(paper.summary)}</strong></p>" if paper.summary else ""
        asks = (
            f'<section class="key-asks"><h2>Summary and key asks</h2>{summary}'
            f"<p>We ask for:</p><ol>{items}</ol></section>"
        )
    return (
        f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{e(paper.title)}</title>'
        f'<meta name="author" content="{e(PUBLISHER)}"><meta name="description" content="{e(paper.summary)}">'
        f"<style>{PDF_CSS}</style></head><body>"
        f'<section class="title-page"><p class="publisher">{e(PUBLISHER)}</p><h1>{e(paper.title)}</h1>'
        f'{notices}{facts}<p class="url">{e(paper.url)}</p></section>'
        f"{asks}<main>{paper.body_html}</main></body></html>"
    )


@functools.cache
def weasyprint_version() -> str:
    # From the installed package's metadata: importing WeasyPrint itself takes
    # over a second, which a build whose PDFs are all cached need not spend.
    return importlib.metadata.version("weasyprint")


def content_hash(document: str) -> str:
    digest = hashlib.sha256()
    for part in (FORMAT_VERSION, weasyprint_version(), json.dumps(WRITE_OPTIONS, sort_keys=True), document):
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


Job = tuple[PaperPdf, str]  # a paper and its HTML document


def worker_start(niceness: int = 0) -> None:
    """First thing in a process forked to render PDFs: leave the build's objects out of its garbage collection.

    The fork holds every page of the build; each full collection WeasyPrint's import and
    layout set off would walk them all, and touching them copies the memory the fork
    shared (importing WeasyPrint took 1.6-2.6 s of CPU beside a large heap, 0.3-0.4 s frozen).
    """
    gc.freeze()
    if niceness:
        os.nice(niceness)  # `make serve`: give way to the rebuild an author is waiting for


def render_paper(paper: PaperPdf, site_dir: Path, cache_dir: Path | None, site_url: str) -> bool:
    """Write the paper's PDF into the site. Returns True if it was rendered, False if cached.

    With no cache_dir nothing is looked up or kept (KB_FAST=0: every paper rendered).
    """
    document = document_html(paper)
    if _copied_from_cache(paper, document, site_dir, cache_dir):
        return False
    return _render_and_keep((paper, document), site_dir, cache_dir, site_url)


def _render_and_keep(job: Job, site_dir: Path, cache_dir: Path | None, site_url: str) -> bool:
    """Render one paper from its HTML document, keep the PDF in the cache and write it into the site."""
    paper, document = job
    import weasyprint

    try:
        fetcher = local_fetcher(site_dir, site_url)
        pdf = weasyprint.HTML(string=document, base_url=paper.url, url_fetcher=fetcher).write_pdf(**WRITE_OPTIONS)
    except Exception as error:  # WeasyPrint raises many kinds; the author needs the paper named
        raise PdfError(f"the PDF of {paper.doc_id} could not be made: {type(error).__name__}: {error}") from None
    if cache_dir is not None:
        store_pdf(cache_dir, content_hash(document), pdf)
    publish(site_dir, paper, pdf)
    return True


def publish(site_dir: Path, paper: PaperPdf, pdf: bytes) -> None:
    """Write the PDF into the site (the site, unlike the cache, must be written: an error stops the build)."""
    target = site_dir / paper.out_path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)


def cached_pdf(cache_dir: Path, key: str) -> bytes | None:
    """The PDF stored under key, if it is exactly what was stored; a damaged one is thrown away."""
    path = cache_dir / f"{key}.pdf"
    pdf = read_bytes(path)
    if pdf is None:
        return None
    why = damage(pdf, peek_json(path.with_suffix(".json")))
    if why is None:
        return pdf
    thrown_away(path, why)
    remove(path.with_suffix(".json"))
    return None


def damage(pdf: bytes, record: Any) -> str | None:
    """What is wrong with a cached PDF, given the record stored beside it; None if nothing is."""
    if not isinstance(record, dict):
        return "no record of its hash beside it"
    if record.get("size") != len(pdf) or record.get("sha256") != hashlib.sha256(pdf).hexdigest():
        return "its content does not match its hash"
    if not looks_like_pdf(pdf):
        return "it is not a PDF"
    return None


def looks_like_pdf(data: bytes) -> bool:
    """A PDF's header and its end-of-file marker (which a writer may follow with a line break)."""
    return data.startswith(b"%PDF-") and data[-32:].rstrip().endswith(b"%%EOF")


def store_pdf(cache_dir: Path, key: str, pdf: bytes) -> None:
    """Keep the PDF and, once it is whole, the record of its hash; a cache that cannot be written keeps nothing."""
    path = cache_dir / f"{key}.pdf"
    if write_bytes(path, pdf):
        write_json(path.with_suffix(".json"), {"sha256": hashlib.sha256(pdf).hexdigest(), "size": len(pdf)})


def render_papers(
    papers: list[PaperPdf], site_dir: Path, cache_dir: Path | None, site_url: str, low_priority: bool = False
) -> tuple[int, int]:
    """Every paper's PDF: cached ones copied, the rest rendered on every core.

    WeasyPrint is pure Python and takes a fraction of a second a paper, so a
    cold cache at scale is the slowest part of a build; papers are independent,
    so they render in parallel processes. low_priority (for `make serve`, where
    this runs behind the preview) renders them in processes that give way to
    the rebuild an author is waiting for. Returns (rendered, reused).
    """
    missing, render = _copy_cached(papers, site_dir, cache_dir, site_url)
    workers = min(len(missing), os.cpu_count() or 1)
    if low_priority and missing:
        _render_stoppable(render, missing, workers)
    elif workers <= 1:
        for paper in missing:
            render(paper)
    elif missing:
        with ProcessPoolExecutor(max_workers=workers, initializer=worker_start) as pool:
            list(pool.map(render, missing, chunksize=4))
    return len(missing), len(papers) - len(missing)


def _copy_cached(
    papers: list[PaperPdf], site_dir: Path, cache_dir: Path | None, site_url: str
) -> tuple[list[Job], Callable[[Job], bool]]:
    """Copy the papers' cached PDFs into the site; the papers still to render, and what renders one."""
    jobs = [(paper, document_html(paper)) for paper in papers]  # each paper's HTML made once, here
    missing = [job for job in jobs if not _copied_from_cache(*job, site_dir, cache_dir)]
    render = functools.partial(_render_and_keep, site_dir=site_dir, cache_dir=cache_dir, site_url=site_url)
    return missing, render


@dataclass
class Rendering:
    """Papers' PDFs being made in other processes (start_rendering) while the build writes its other files."""

    pool: ProcessPoolExecutor | None
    futures: list[Future[bool]]
    reused: int

    def wait(self) -> tuple[int, int]:
        """Wait for every PDF (a PdfError of any paper is raised here); (rendered, reused from the cache)."""
        try:
            for future in self.futures:
                future.result()
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)
        return len(self.futures), self.reused

    def cancel(self) -> None:
        """The build stopped: start no more PDFs and end the processes (those being made finish first)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def start_rendering(papers: list[PaperPdf], site_dir: Path, cache_dir: Path | None, site_url: str) -> Rendering:
    """Copy the cached PDFs now, and start rendering the others in processes of their own; wait() for them.

    A pull request changes one paper or none: rendered in the build's own process it
    held the build up by importing WeasyPrint (about a second) and laying the paper out,
    one core working and the other idle. In another process it is made meanwhile.
    """
    missing, render = _copy_cached(papers, site_dir, cache_dir, site_url)
    if not missing:
        return Rendering(None, [], len(papers))
    pool = ProcessPoolExecutor(max_workers=min(len(missing), os.cpu_count() or 1), initializer=worker_start)
    return Rendering(pool, [pool.submit(render, job) for job in missing], len(papers) - len(missing))


# Pools rendering behind `make serve`, so that stopping the server stops them:
# without that, Ctrl+C waited for every PDF still to be made (minutes, for a
# thousand documents and an empty cache).
_stoppable_pools: set[ProcessPoolExecutor] = set()
_stopped = threading.Event()


def _render_stoppable(
    render: Callable[[tuple[PaperPdf, str]], bool], papers: list[tuple[PaperPdf, str]], workers: int
) -> None:
    """Render at low priority, one paper a task, until stop_rendering() (raises CancelledError then)."""
    if _stopped.is_set():
        raise CancelledError()
    pool = ProcessPoolExecutor(max_workers=workers, initializer=worker_start, initargs=(10,))
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


def _copied_from_cache(paper: PaperPdf, document: str, site_dir: Path, cache_dir: Path | None) -> bool:
    """Write the paper's PDF from the cache into the site, if it is there and exactly as stored."""
    if cache_dir is None:
        return False
    pdf = cached_pdf(cache_dir, content_hash(document))
    if pdf is None:
        return False
    publish(site_dir, paper, pdf)
    return True


def cache_dir(root: Path = paths.REPO_ROOT) -> Path:
    return paths.cache_dir(root, "pdf")
