"""Position-paper PDFs: valid, titled, cached, and never fetching from the network."""

import io
import os

import pypdf
import pytest
from pypdf.generic import BooleanObject

from kb.reader.pdf import PaperPdf, document_html, local_fetcher, render_paper

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
    for text in (
        "A paper <about> pay & conditions",
        "PP-2025-01",
        "Version",
        "1 March 2025",
        "https://example.org/position-papers/p/",
    ):
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

    from kb.reader.pdf import PdfError

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(weasyprint, "HTML", broken)
    with pytest.raises(PdfError, match=r"the PDF of PP-2025-01 could not be made: RuntimeError: no fonts"):
        render_paper(PAPER, tmp_path / "site", tmp_path / "cache", "https://example.org/")


def test_low_priority_rendering_for_make_serve_makes_the_same_pdf(tmp_path):
    from kb.reader.pdf import render_papers

    rendered = render_papers([PAPER], tmp_path / "site", tmp_path / "cache", "https://example.org/", low_priority=True)
    assert rendered == (1, 0)
    reader = pypdf.PdfReader(io.BytesIO((tmp_path / "site" / PAPER.out_path).read_bytes()))
    assert reader.metadata.title == PAPER.title


def test_a_background_pdf_failure_is_logged_not_lost(tmp_path, monkeypatch, caplog):
    from kb.build import outputs
    from kb.reader.pdf import PdfError

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

    from kb.reader import pdf

    monkeypatch.setattr(pdf, "_stopped", threading.Event())  # this test's stop only
    papers = [
        PaperPdf(**{**PAPER.__dict__, "doc_id": f"PP-2025-{n:02d}", "title": f"Paper {n}", "out_path": f"p/{n}.pdf"})
        for n in range(1, 41)
    ]
    outcome: list[object] = []

    def serve_in_background() -> None:
        try:
            outcome.append(
                pdf.render_papers(
                    papers, tmp_path / "site", tmp_path / "cache", "https://example.org/", low_priority=True
                )
            )
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


def damaged_line(name: str, why: str) -> str:
    return f"{name}: a damaged cache entry was thrown away ({why}); the work is done again"


def kb_lines(caplog) -> list[str]:
    return [
        record.getMessage() for record in caplog.records if record.name == "mkdocs.kb"
    ]  # not WeasyPrint's about PAPER's image


def cached_entry(cache):
    [entry] = cache.glob("*.pdf")
    return entry


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda pdf: b"this is not a PDF\n", "its content does not match its hash"),  # 18 bytes of text
        (lambda pdf: pdf[:100] + bytes([pdf[100] ^ 1]) + pdf[101:], "its content does not match its hash"),  # one bit
        (None, "no record of its hash beside it"),
    ],
)
def test_a_damaged_cached_pdf_is_rendered_again_and_the_published_one_is_a_real_pdf(tmp_path, caplog, damage, why):
    from kb.reader.pdf import render_papers

    site, cache = tmp_path / "site", tmp_path / ".cache" / "pdf"
    render_papers([PAPER], site, cache, "https://example.org/")
    entry = cached_entry(cache)
    if damage is None:
        entry.with_suffix(".json").unlink()
    else:
        entry.write_bytes(damage(entry.read_bytes()))
    with caplog.at_level("INFO", logger="mkdocs.kb"):
        assert render_papers([PAPER], site, cache, "https://example.org/") == (1, 0)
    assert kb_lines(caplog) == [damaged_line(f".cache/pdf/{entry.name}", why)]
    published = (site / PAPER.out_path).read_bytes()
    assert published.startswith(b"%PDF-") and pypdf.PdfReader(io.BytesIO(published)).metadata.title == PAPER.title
    assert entry.read_bytes() == published  # and the cache holds the real one again
    assert render_papers([PAPER], site, cache, "https://example.org/") == (0, 1)


def test_a_cached_file_that_is_not_a_pdf_is_not_published_even_with_its_hash_recorded(tmp_path, caplog):
    import hashlib

    from kb.reader.pdf import render_papers
    from kb.speed.cache_files import write_json

    site, cache = tmp_path / "site", tmp_path / ".cache" / "pdf"
    render_papers([PAPER], site, cache, "https://example.org/")
    entry = cached_entry(cache)
    text = b"<html>not a PDF</html>"
    entry.write_bytes(text)
    write_json(entry.with_suffix(".json"), {"sha256": hashlib.sha256(text).hexdigest(), "size": len(text)})
    with caplog.at_level("INFO", logger="mkdocs.kb"):
        assert render_papers([PAPER], site, cache, "https://example.org/") == (1, 0)
    assert kb_lines(caplog) == [damaged_line(f".cache/pdf/{entry.name}", "it is not a PDF")]
    assert (site / PAPER.out_path).read_bytes().startswith(b"%PDF-")


def test_a_pdf_made_before_a_change_of_format_is_not_reused(monkeypatch):
    from kb.reader import pdf

    before = pdf.content_hash(document_html(PAPER))
    monkeypatch.setattr(pdf, "WRITE_OPTIONS", {})  # untagged, as PDFs were made before PDF/UA
    assert pdf.content_hash(document_html(PAPER)) != before
    monkeypatch.undo()
    monkeypatch.setattr(pdf, "FORMAT_VERSION", "another")
    assert pdf.content_hash(document_html(PAPER)) != before


def test_an_untagged_pdf_cached_before_pdf_ua_is_rendered_again_tagged(tmp_path, monkeypatch):
    from kb.reader import pdf

    site, cache = tmp_path / "site", tmp_path / ".cache" / "pdf"
    with monkeypatch.context() as before_pdf_ua:
        before_pdf_ua.setattr(pdf, "WRITE_OPTIONS", {})
        assert pdf.render_papers([PAPER], site, cache, "https://example.org/") == (1, 0)
    assert "/StructTreeRoot" not in pypdf.PdfReader(site / PAPER.out_path).trailer["/Root"]
    assert pdf.render_papers([PAPER], site, cache, "https://example.org/") == (1, 0)
    assert "/StructTreeRoot" in pypdf.PdfReader(site / PAPER.out_path).trailer["/Root"]
    assert len(list(cache.glob("*.pdf"))) == 2


@pytest.mark.parametrize("how", ["a file where the folder should be", "read-only"])
def test_a_cache_that_cannot_be_written_still_publishes_every_pdf(tmp_path, monkeypatch, how):
    from kb.reader.pdf import render_papers
    from read_only_cache import read_only

    site, cache = tmp_path / "site", tmp_path / ".cache" / "pdf"
    if how == "read-only":
        cache.mkdir(parents=True)
        read_only(monkeypatch, cache.parent)
    else:
        cache.parent.write_text("", encoding="utf-8")
    for _ in range(2):
        assert render_papers([PAPER], site, cache, "https://example.org/") == (1, 0)
        assert pypdf.PdfReader(io.BytesIO((site / PAPER.out_path).read_bytes())).metadata.title == PAPER.title
    assert render_paper(PAPER, tmp_path / "other", cache, "https://example.org/")


# PDF/UA-1: what a screen reader is given. Read from the structure tree itself with pypdf,
# and with poppler's pdfinfo, a reader this project does not otherwise use.
TAGGED = PaperPdf(
    doc_id="PP-2025-02",
    title="A tagged paper",
    version="2.0",
    url="https://example.org/position-papers/tagged/",
    body_html=(
        '<h2>The case</h2><p>Read <a href="https://example.org/guidance/g/">the guidance</a> first.</p>'
        "<ul><li>First point</li><li>Second point</li></ul>"
        "<table><thead><tr><th>Nation</th><th>Managers</th></tr></thead>"
        "<tbody><tr><td>Wales</td><td>Some</td></tr></tbody></table>"
        "<h3>Detail</h3><p>The end.</p>"
    ),
    facts=[("Document id", "PP-2025-02"), ("Version", "2.0")],
    summary="A tagged summary.",
    key_asks=["Ask one.", "Ask two."],
    out_path="position-papers/tagged/PP-2025-02.pdf",
)


@pytest.fixture(scope="module")
def tagged(tmp_path_factory):
    site = tmp_path_factory.mktemp("tagged")
    render_paper(TAGGED, site, None, "https://example.org/")
    return site / TAGGED.out_path


def structure_roles(element, found=None):
    """Every structure element's role (H1, P, L, ...) in the tree's order, which is the reading order."""
    found = [] if found is None else found
    element = element.get_object()
    if element.get("/Type") == "/StructElem" or "/S" in element:
        found.append(element["/S"][1:])
    kids = element.get("/K")
    kids = kids.get_object() if kids is not None else []
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and "/S" in kid:
            structure_roles(kid, found)
    return found


def link_annotations(reader):
    return [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
    ]


def test_a_paper_pdf_is_tagged_pdf_ua_1_with_language_and_title_shown(tagged):
    reader = pypdf.PdfReader(io.BytesIO(tagged.read_bytes()))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert reader.metadata.title == "A tagged paper"
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp
    assert reader.pdf_header == "%PDF-1.7"


def test_the_structure_tree_reads_in_document_order_with_headings_lists_tables_and_links(tagged):
    reader = pypdf.PdfReader(io.BytesIO(tagged.read_bytes()))
    roles = structure_roles(reader.trailer["/Root"]["/StructTreeRoot"])
    headings = [role for role in roles if role in ("H1", "H2", "H3")]
    assert headings == ["H1", "H2", "H2", "H3"]  # title, "Summary and key asks", "The case", "Detail"
    assert roles[0] == "Document"
    # title page (facts as a table of row headers), the asks as a list, then the text: its link, list and table
    order = [role for role in roles if role in ("H1", "H2", "H3", "Table", "L", "Link", "TH", "TD")]
    assert order[:6] == ["H1", "Table", "TH", "TD", "TH", "TD"]
    assert order[6:] == ["H2", "L", "H2", "Link", "L", "Table", "TH", "TH", "TD", "TD", "H3"]
    assert roles.count("LI") == 4 and roles.count("Lbl") == 4 and roles.count("LBody") == 4


def test_every_link_in_a_paper_pdf_has_alternative_text(tagged):
    reader = pypdf.PdfReader(io.BytesIO(tagged.read_bytes()))
    links = link_annotations(reader)
    assert [str(link["/Contents"]) for link in links] == ["https://example.org/guidance/g/"]
    assert all("/StructParent" in link for link in links)  # each tied to its Link element, which holds the words


def test_poppler_reads_the_words_of_the_structure_tree_in_order(tagged):
    import shutil
    import subprocess

    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true and pdfinfo (Debian's poppler-utils) is missing: .ci/run installs it")
        pytest.skip("pdfinfo (Debian's poppler-utils) is not installed")
    tree = subprocess.run([pdfinfo, "-struct-text", str(tagged)], capture_output=True, text=True, check=True).stdout
    words = [line.strip().strip('"') for line in tree.splitlines() if line.strip().startswith('"')]
    expected = ["A tagged paper", "Document id", "PP-2025-02", "Summary and key asks", "Ask one.", "The case"]
    expected += ["the guidance", "First point", "Nation", "Wales", "Detail", "The end."]
    positions = [words.index(text) for text in expected]
    assert positions == sorted(positions)
    assert "H1 (block)" in tree and "Link (inline)" in tree


def test_every_pdf_of_a_built_site_is_tagged_pdf_ua_1(built_site):
    pdfs = sorted(built_site.rglob("*.pdf"))
    assert pdfs
    for path in pdfs:
        reader = pypdf.PdfReader(path)
        catalog = reader.trailer["/Root"]
        assert "/StructTreeRoot" in catalog and catalog["/Lang"] == "en-GB", path
        assert 'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data().decode("utf-8"), path
        roles = structure_roles(catalog["/StructTreeRoot"])
        assert roles.index("H1") < roles.index("H2"), path  # the title first, then the text's sections


def test_pdfs_started_beside_the_other_outputs_are_the_same_files(tmp_path):
    """start_rendering (the build's path) copies what is cached and renders the rest in other processes."""
    from kb.reader.pdf import render_papers, start_rendering

    other = PaperPdf(**{**PAPER.__dict__, "doc_id": "PP-2025-02", "title": "Another", "out_path": "p/PP-2025-02.pdf"})
    beside, alone = tmp_path / "beside", tmp_path / "alone"
    render_papers([PAPER], alone / "site", alone / "cache", "https://example.org/")
    render_papers([PAPER], beside / "site", beside / "cache", "https://example.org/")
    rendering = start_rendering([PAPER, other], beside / "site", beside / "cache", "https://example.org/")
    assert rendering.wait() == (1, 1)
    assert render_papers([PAPER, other], alone / "site", alone / "cache", "https://example.org/") == (1, 1)
    for paper in (PAPER, other):
        assert (beside / "site" / paper.out_path).read_bytes() == (alone / "site" / paper.out_path).read_bytes()
    assert start_rendering([PAPER, other], beside / "site", beside / "cache", "https://example.org/").wait() == (0, 2)


def test_a_failure_in_another_process_names_the_paper_when_waited_for(tmp_path, monkeypatch):
    from kb.reader import pdf

    def no_fetcher(*args):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(pdf, "local_fetcher", no_fetcher)  # the forked process has the same module
    rendering = pdf.start_rendering([PAPER], tmp_path / "site", tmp_path / "cache", "https://example.org/")
    with pytest.raises(pdf.PdfError) as raised:
        rendering.wait()
    assert str(raised.value) == "the PDF of PP-2025-01 could not be made: RuntimeError: no fonts"
    assert not (tmp_path / "site" / PAPER.out_path).exists()
