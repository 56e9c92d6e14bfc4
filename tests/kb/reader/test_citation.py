"""'Cite this paper': the plain citation and the BibTeX entry."""

from kb.reader.citation import bibtex_text, cite, stable_url
from reader_helpers import PAPER, make_document


def test_stable_url_joins_site_and_page():
    assert stable_url("https://example.org/kb/", "position-papers/p/") == "https://example.org/kb/position-papers/p/"


def test_citation_names_the_institute_title_id_version_date_and_url():
    document = make_document("position-papers/p.md", PAPER, version="1.2", updated="2025-04-02")
    citation = cite(document, "https://example.org/position-papers/p/")
    assert citation.text == ("Institute of General Practice Management (2025). A paper. Position paper PP-2025-01, version 1.2, 2 April 2025. Available at: https://example.org/position-papers/p/")


def test_bibtex_entry_is_complete():
    bibtex = cite(make_document("position-papers/p.md", PAPER), "https://example.org/p/").bibtex
    assert bibtex.startswith("@techreport{igpm-pp-2025-01,")
    for line in ("  title = {{A paper}},", "  number = {PP-2025-01},", "  version = {1.0},", "  year = {2025},", "  month = jan,", "  url = {https://example.org/p/},"):
        assert line in bibtex
    assert bibtex.endswith("}")


def test_bibtex_special_characters_are_escaped():
    assert bibtex_text("R&D 100% of #1_a") == r"R\&D 100\% of \#1\_a"
    assert "{Pay \\& conditions}" in cite(make_document("position-papers/p.md", PAPER, title="Pay & conditions"), "u").bibtex
