"""Position-paper PDFs: valid, titled, cached, and never fetching from the network."""

import io

import pypdf
import pytest

from kb.pdf import PaperPdf, document_html, local_fetcher, render_paper

PAPER = PaperPdf(
    doc_id="PP-2025-01",
    title="A paper <about> pay & conditions",
    version="1.0",
    url="https://example.org/position-papers/p/",
    body_html='<h2>The case</h2><p>BODY-TEXT <img src="https://tracker.example.com/pixel.png" alt=""></p>',
    facts=[("Document id", "PP-2025-01"), ("Version", "1.0"), ("Published", "1 March 2025")],
    summary="A summary.",
    key_asks=["Ask one."],
    out_path="position-papers/p/PP-2025-01.pdf",
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    site, cache = tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("cache")
    first = render_paper(PAPER, site, cache, "https://example.org/")
    second = render_paper(PAPER, site, cache, "https://example.org/")
    return site / PAPER.out_path, cache, first, second


def test_pdf_is_valid_with_the_title_and_title_page(rendered):
    path, *_ = rendered
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    assert reader.metadata.title == PAPER.title
    first_page = reader.pages[0].extract_text()
    for text in ("A paper <about> pay & conditions", "PP-2025-01", "Version", "1 March 2025", "https://example.org/position-papers/p/"):
        assert text in first_page
    assert "BODY-TEXT" in "".join(page.extract_text() for page in reader.pages)


def test_an_unchanged_paper_is_not_rendered_again(rendered):
    _, cache, first, second = rendered
    assert (first, second) == (True, False)
    assert len(list(cache.glob("*.pdf"))) == 1


def test_author_text_is_escaped_in_the_pdf_source():
    assert "<title>A paper &lt;about&gt; pay &amp; conditions</title>" in document_html(PAPER)


def test_fetcher_refuses_other_origins_and_reads_site_files(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.svg").write_text("<svg/>")
    fetcher = local_fetcher(tmp_path, "https://example.org/")
    with pytest.raises(ValueError, match="the PDF may only use files of the site"):
        fetcher.fetch("https://tracker.example.com/pixel.png")
    with pytest.raises(ValueError, match="is not a file of the built site"):
        fetcher.fetch("https://example.org/../../etc/passwd")
    assert fetcher.fetch("https://example.org/assets/logo.svg").read() == b"<svg/>"


def test_a_rendering_failure_names_the_paper(tmp_path, monkeypatch):
    import weasyprint

    from kb.pdf import PdfError

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(weasyprint, "HTML", broken)
    with pytest.raises(PdfError, match=r"the PDF of PP-2025-01 could not be made: RuntimeError: no fonts"):
        render_paper(PAPER, tmp_path / "site", tmp_path / "cache", "https://example.org/")


def test_low_priority_rendering_for_make_serve_makes_the_same_pdf(tmp_path):
    from kb.pdf import render_papers

    rendered = render_papers([PAPER], tmp_path / "site", tmp_path / "cache", "https://example.org/", low_priority=True)
    assert rendered == (1, 0)
    reader = pypdf.PdfReader(io.BytesIO((tmp_path / "site" / PAPER.out_path).read_bytes()))
    assert reader.metadata.title == PAPER.title


def test_a_background_pdf_failure_is_logged_not_lost(tmp_path, monkeypatch, caplog):
    from kb import outputs
    from kb.pdf import PdfError

    def failing(*args, **kwargs):
        raise PdfError("the PDF of PP-2025-01 could not be made: RuntimeError: no fonts")

    monkeypatch.setattr(outputs, "write_pdfs", failing)
    with caplog.at_level("ERROR", logger="mkdocs.kb"):
        outputs._write_pdfs_and_log([], None, tmp_path, tmp_path, "https://example.org/", in_background=True)
    assert "the PDF of PP-2025-01 could not be made: RuntimeError: no fonts" in caplog.text
    with pytest.raises(PdfError):
        outputs._write_pdfs_and_log([], None, tmp_path, tmp_path, "https://example.org/")


def test_stopping_make_serve_drops_the_pdfs_not_yet_started(tmp_path, monkeypatch):
    import threading
    from concurrent.futures import CancelledError

    from kb import pdf

    monkeypatch.setattr(pdf, "_stopped", threading.Event())  # this test's stop only
    papers = [PaperPdf(**{**PAPER.__dict__, "doc_id": f"PP-2025-{n:02d}", "title": f"Paper {n}", "out_path": f"p/{n}.pdf"}) for n in range(1, 41)]
    outcome: list[object] = []

    def serve_in_background() -> None:
        try:
            outcome.append(pdf.render_papers(papers, tmp_path / "site", tmp_path / "cache", "https://example.org/", low_priority=True))
        except CancelledError as stopped:
            outcome.append(stopped)

    worker = threading.Thread(target=serve_in_background)
    worker.start()
    while not list((tmp_path / "cache").glob("*.pdf")):  # wait until rendering is under way
        worker.join(0.1)
    pdf.stop_rendering()
    worker.join(30)
    assert not worker.is_alive()
    assert isinstance(outcome[0], CancelledError)
    assert 0 < len(list((tmp_path / "cache").glob("*.pdf"))) < len(papers)
    assert not list((tmp_path / "cache").glob("*.tmp"))  # nothing left half-written


def test_the_early_worker_makes_the_same_pdf_as_this_process(tmp_path, monkeypatch):
    from kb import pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735819200")  # the worker is forked: it sees the same environment
    pdf.start_worker()
    assert pdf.render_papers([PAPER], tmp_path / "a", tmp_path / "cache-a", "https://example.org/") == (1, 0)
    assert pdf._worker is None, "a worker is used once"
    render_paper(PAPER, tmp_path / "b", tmp_path / "cache-b", "https://example.org/")
    assert (tmp_path / "a" / PAPER.out_path).read_bytes() == (tmp_path / "b" / PAPER.out_path).read_bytes()


def test_a_failure_in_the_worker_names_the_paper(tmp_path, monkeypatch):
    import weasyprint

    from kb import pdf

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(weasyprint, "HTML", broken)  # before the fork, so the worker has it too
    pdf.start_worker()
    with pytest.raises(pdf.PdfError, match=r"^the PDF of PP-2025-01 could not be made: RuntimeError: no fonts$"):
        pdf.render_papers([PAPER], tmp_path / "site", tmp_path / "cache", "https://example.org/")


def test_a_worker_that_died_refuses_the_build(tmp_path):
    from kb import pdf

    pdf.start_worker()
    process = pdf._worker._process
    process.kill()
    process.join()
    with pytest.raises(pdf.PdfError, match="the process making PDFs ended unexpectedly"):
        pdf.render_papers([PAPER], tmp_path / "site", tmp_path / "cache", "https://example.org/")


def test_an_unused_worker_ends_with_the_build():
    from kb import pdf

    pdf.start_worker()
    process = pdf._worker._process
    pdf.stop_worker()
    assert not process.is_alive() and pdf._worker is None
