"""'Cite this paper': the plain citation and the BibTeX entry."""

from kb.reader.citation import bibtex_text, cite, stable_url, status_note
from kb.reader.page_model import Link
from reader_helpers import PAPER, make_document


def test_stable_url_joins_site_and_page():
    assert stable_url("https://example.org/kb/", "position-papers/p/") == "https://example.org/kb/position-papers/p/"


def test_citation_names_the_institute_title_id_version_date_and_url():
    document = make_document("position-papers/p.md", PAPER, version="1.2", updated="2025-04-02")
    citation = cite(document, "https://example.org/position-papers/p/")
    assert citation.text == (
        "Institute of General Practice Management (2025). A paper. Position paper PP-2025-01, version 1.2, 2 April 2025. Available at: https://example.org/position-papers/p/"
    )


def test_bibtex_entry_is_complete():
    bibtex = cite(make_document("position-papers/p.md", PAPER), "https://example.org/p/").bibtex
    assert bibtex.startswith("@techreport{igpm-pp-2025-01,")
    for line in (
        "  title = {{A paper}},",
        "  number = {PP-2025-01},",
        "  version = {1.0},",
        "  year = {2025},",
        "  month = jan,",
        "  url = {https://example.org/p/},",
    ):
        assert line in bibtex
    assert bibtex.endswith("}")


def test_bibtex_special_characters_are_escaped():
    assert bibtex_text("R&D 100% of #1_a") == r"R\&D 100\% of \#1\_a"
    assert (
        "{Pay \\& conditions}"
        in cite(make_document("position-papers/p.md", PAPER, title="Pay & conditions"), "u").bibtex
    )


def test_a_consultation_draft_is_cited_as_one():
    document = make_document("position-papers/p.md", PAPER, status="consultation", updated="2025-04-02")
    citation = cite(document, "https://example.org/p/")
    assert "version 1.0, 2 April 2025. Consultation draft. Available at: https://example.org/p/" in citation.text
    assert "  note = {Version 1.0. Consultation draft}" in citation.bibtex


def test_a_superseded_paper_is_cited_with_what_replaced_it():
    document = make_document("position-papers/p.md", PAPER, status="superseded", superseded_by="PP-2026-01")
    successor = Link(title="Pay & conditions", url="../new/", doc_id="PP-2026-01")
    citation = cite(document, "https://example.org/p/", successor)
    assert ". Superseded by PP-2026-01, Pay & conditions. Available at: https://example.org/p/" in citation.text
    assert "  note = {Version 1.0. Superseded by PP-2026-01, Pay \\& conditions}" in citation.bibtex
    hidden_successor = cite(document, "https://example.org/p/").text
    assert ". Superseded. Available at:" in hidden_successor, "a successor that is not public is not named"


def test_a_current_paper_has_no_status_note():
    citation = cite(make_document("position-papers/p.md", PAPER), "https://example.org/p/")
    assert status_note(make_document("position-papers/p.md", PAPER)) == ""
    assert "  note = {Version 1.0}" in citation.bibtex
    assert status_note(make_document("position-papers/p.md", PAPER, status="withdrawn")) == "Withdrawn"


def test_the_built_pages_cite_a_superseded_paper_and_a_consultation_with_their_status(built_site):
    from bs4 import BeautifulSoup

    def cite_text(slug: str) -> str:
        html = (built_site / "position-papers" / slug / "index.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser").select_one(".kb-cite__text").get_text()

    assert "Superseded by PP-2026-01, New paper & successor. Available at:" in cite_text("old-paper")
    assert "Consultation draft. Available at:" in cite_text("consultation-paper")
