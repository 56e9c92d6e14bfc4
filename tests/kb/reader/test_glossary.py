"""The glossary: data, explanations on every page, and the glossary page."""

import markdown
import pytest

from conftest import REPO, make_project
from kb.content import vocabularies
from kb.content.vocabularies import DataFileError
from kb.reader.glossary import Term, abbreviation_definitions, focusable_abbreviations, glossary_markdown, load_glossary

TERMS = [
    Term("PCN", "Primary care network", "A group of practices."),
    Term("ICB", "Integrated care board", "The NHS body for an area."),
]


def test_the_real_glossary_loads_and_covers_the_common_abbreviations():
    terms = {t.term for t in load_glossary(REPO)}
    assert {"PCN", "ICB", "LMC", "GPC", "ARRS", "CQC", "QOF", "BMA", "RCGP", "NAPC", "CPD", "NHSE"} <= terms


def test_abbreviations_become_focusable_explanations():
    html = markdown.markdown("The PCN and the ICB." + abbreviation_definitions(TERMS), extensions=["abbr"])
    html = focusable_abbreviations(html)
    assert '<abbr tabindex="0" title="Primary care network: A group of practices.">PCN</abbr>' in html
    assert '<abbr tabindex="0" title="Integrated care board: The NHS body for an area.">ICB</abbr>' in html


def test_a_page_that_defines_a_term_keeps_its_own_definition():
    definitions = abbreviation_definitions(TERMS, "Text.\n\n*[PCN]: Our own words")
    assert "*[PCN]" not in definitions
    assert "*[ICB]: Integrated care board" in definitions


def test_focusable_abbreviations_do_not_add_a_second_tabindex():
    assert focusable_abbreviations('<abbr tabindex="-1" title="x">A</abbr>') == '<abbr tabindex="-1" title="x">A</abbr>'


def test_abbreviations_inside_links_are_not_focusable_themselves():
    html = focusable_abbreviations('<a href="x">The <abbr title="t">PCN</abbr></a> and <abbr title="t">PCN</abbr>')
    assert html == '<a href="x">The <abbr title="t">PCN</abbr></a> and <abbr tabindex="0" title="t">PCN</abbr>'


def test_only_the_first_use_of_each_term_on_a_page_is_a_tab_stop():
    text = "The PCN, the ICB and the PCN again. Each PCN and ICB." + abbreviation_definitions(TERMS)
    html = focusable_abbreviations(markdown.markdown(text, extensions=["abbr"]))
    assert html.count('tabindex="0"') == 2
    assert html.index('<abbr tabindex="0" title="Primary care network') < html.index("and the")  # the first PCN
    assert html.count('<abbr title="Primary care network: A group of practices.">PCN</abbr>') == 2
    assert html.count('<abbr title="Integrated care board: The NHS body for an area.">ICB</abbr>') == 1


def test_glossary_page_has_an_anchor_per_term():
    html = markdown.markdown(glossary_markdown(TERMS), extensions=["attr_list", "def_list"])
    assert '<dt id="term-pcn">PCN</dt>' in html
    assert "<strong>Integrated care board</strong>. The NHS body for an area." in html


def test_a_repeated_term_is_a_clear_error(tmp_path):
    root = make_project(tmp_path / "p")
    (root / "data").unlink()
    (root / "data").mkdir()
    (root / "data" / "schema").symlink_to(REPO / "data" / "schema")
    entry = "  - term: PCN\n    expansion: Primary care network\n    definition: A group of practices.\n"
    (root / "data" / "glossary.yml").write_text("terms:\n" + entry + entry)
    vocabularies._load_data_file.cache_clear()
    with pytest.raises(DataFileError, match=r"data/glossary\.yml lists PCN more than once: keep one entry"):
        load_glossary(root)
