"""Files written after the pages: paper PDFs, sharing pictures, the tidied feeds, ``robots.txt``, ``catalogue.json``."""

from __future__ import annotations

import logging
from concurrent.futures import CancelledError, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb import speed
from kb.build import reproducible
from kb.build.site import SiteContent
from kb.content.documents import Document
from kb.reader import catalogue, crawlers, pdf, sharing
from kb.reader.feeds import tidy_feed
from kb.reader.page_model import UrlOf
from kb.reader.reader import has_pdf, pdf_name

log = logging.getLogger("mkdocs.kb")


@dataclass
class RenderedPage:
    document: Document
    url: str  # site URL of the page, like position-papers/x/
    context: dict[str, Any]  # page.meta[CONTEXT_KEY]
    html: str  # the converted text


def pdf_path(document: Document, page_url: str) -> str:
    return page_url + pdf_name(document)


def paper_pdf(page: RenderedPage) -> pdf.PaperPdf:
    context = page.context
    facts = [(f["label"], f["value"]) for f in context["fields"] if f["label"] not in ("Written for",)]
    return pdf.PaperPdf(
        doc_id=page.document.doc_id or "",
        title=page.document.title,
        version=context["version"],
        url=context["url"],
        body_html=page.html,
        facts=facts,
        summary=context["summary"],
        key_asks=list(context["key_asks"]),
        notices=[(b["heading"], _banner_text(b)) for b in context["banners"]],
        out_path=pdf_path(page.document, page.url),
    )


def _banner_text(banner: dict[str, Any]) -> str:
    link = banner.get("link")
    return (
        f"{banner['text']} {banner['link_label']} {link['title']} ({link['doc_id']}).".replace("  ", " ")
        if link
        else banner["text"]
    )


def write_pdfs(
    pages: list[RenderedPage],
    content: SiteContent,
    site_dir: Path,
    cache: Path | None,
    site_url: str,
    low_priority: bool = False,
) -> tuple[int, int]:
    """Every public paper's PDF. Returns (rendered, reused from the cache)."""
    return pdf.render_papers(_papers(pages, content), site_dir, cache, site_url, low_priority)


def _papers(pages: list[RenderedPage], content: SiteContent) -> list[pdf.PaperPdf]:
    """The papers among the pages that have a PDF."""
    return [paper_pdf(page) for page in pages if has_pdf(page.document, content)]


# One PDF job at a time, in order, for `make serve`; each renders its papers on every core.
_background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-pdfs")


def _write_pdfs_and_log(
    pages: list[RenderedPage],
    content: SiteContent,
    site_dir: Path,
    cache: Path | None,
    site_url: str,
    in_background: bool = False,
) -> None:
    try:
        rendered, reused = write_pdfs(pages, content, site_dir, cache, site_url, low_priority=in_background)
    except pdf.PdfError as error:
        if not in_background:
            raise
        log.error(str(error))  # in the background nobody could catch it: say it
        return
    except CancelledError:
        return  # `make serve` stopped meanwhile
    _log_pdfs(rendered, reused, cache)


def _log_pdfs(rendered: int, reused: int, cache: Path | None) -> None:
    reuse = f", {reused} unchanged (from .cache/pdf)" if cache else ", none looked up (KB_FAST)"
    log.info(f"PDFs of position papers: {rendered} rendered{reuse}")


def write_sharing_images(pages: list[RenderedPage], site_dir: Path, root: Path, site_url: str, site_name: str) -> None:
    """Each page's sharing picture (kb.reader.sharing) and the site's own, which pages without one name."""
    images = [sharing.SharingImage(**page.context["sharing_image"]) for page in pages]
    images.append(sharing.default_image(site_url, site_name))
    cache = sharing.cache_dir(root) if speed.enabled("pdf_cache") else None
    drawn, reused = sharing.write_images(images, site_dir, cache, sharing.mark_path(root))
    reuse = f", {reused} unchanged (from .cache/share)" if cache else ", none looked up (KB_FAST)"
    log.info(f"Sharing pictures: {drawn} drawn{reuse}")


def stop_background() -> None:
    """`make serve` is stopping: drop the PDF work still waiting, so that it stops at once."""
    pdf.stop_rendering()
    _background.shutdown(wait=True, cancel_futures=True)


def write_all(
    pages: list[RenderedPage],
    content: SiteContent,
    site_dir: Path,
    root: Path,
    site_url: str,
    url_of: UrlOf,
    pdfs_in_background: bool = False,
    site_name: str = "",
) -> None:
    """PDFs, tidied feeds and the catalogue, once the pages are written.

    pdfs_in_background is for `make serve`: the changed page is shown at once
    and a changed paper's PDF follows a moment later, instead of the reader
    of the preview waiting for WeasyPrint. A real build always waits.
    """
    cache = pdf.cache_dir(root) if speed.enabled("pdf_cache") else None
    rendering = None
    if pdfs_in_background:
        _background.submit(_write_pdfs_and_log, pages, content, site_dir, cache, site_url, in_background=True)
    elif speed.enabled("pdfs_beside_outputs"):  # rendered in other processes while the files below are written
        rendering = pdf.start_rendering(_papers(pages, content), site_dir, cache, site_url)
    else:
        _write_pdfs_and_log(pages, content, site_dir, cache, site_url)

    def pdf_of(src_uri: str) -> str | None:
        document, page_url = content.documents.get(src_uri), url_of(src_uri)
        return (
            pdf_path(document, page_url) if document and page_url is not None and has_pdf(document, content) else None
        )

    try:
        write_sharing_images(pages, site_dir, root, site_url, site_name)
        for feed in site_dir.glob("feed-*.xml"):
            feed.write_text(tidy_feed(feed.read_text(encoding="utf-8"), feed.name), encoding="utf-8")
        crawlers.write_robots_txt(site_dir, site_url)
        generated = reproducible.source_date(default=content.now)  # two builds of one commit give the same file
        documents = list(content.documents.values())
        catalogue.write_catalogue(
            catalogue.build_catalogue(documents, content.now, site_url, url_of, pdf_of, generated), site_dir
        )
    except BaseException:
        if rendering is not None:
            rendering.cancel()  # the build stops: no PDF is waited for
        raise
    if rendering is not None:
        _log_pdfs(*rendering.wait(), cache)
