"""JSON-LD and Open Graph: correct, and impossible to break out of."""

import json

from reader_helpers import PAPER, make_document

from kb.structured_data import article, json_ld, open_graph, script_json, section_texts

FAQ = {**PAPER, "id": "FAQ-2025-01", "type": "faq", "key_asks": None, "questions": ["What is it?", "Who runs it?"]}


def test_script_json_cannot_close_the_script_element():
    text = script_json({"a": "</script><script>alert(1)</script> & <!--"})
    assert "</script" not in text and "<!--" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script> & <!--"}


def test_article_carries_the_document_facts():
    data = article(make_document("position-papers/p.md", PAPER), "https://example.org/p/")
    assert data["@type"] == "Article"
    assert data["headline"] == "A paper"
    assert data["identifier"] == "PP-2025-01"
    assert data["datePublished"] == "2025-01-10"
    assert data["url"] == "https://example.org/p/"


def test_faq_page_answers_each_question_from_its_section():
    html = '<h2 id="a">What is it?<a class="headerlink" href="#a">¶</a></h2><p>A <abbr title="x">PCN</abbr> body.</p><h2>Who runs it?</h2><ul><li>Managers</li></ul>'
    data = json.loads(json_ld(make_document("faqs/f.md", FAQ), "https://example.org/f/", html))
    assert data["@type"] == "FAQPage"
    assert [(q["name"], q["acceptedAnswer"]["text"]) for q in data["mainEntity"]] == [("What is it?", "A PCN body."), ("Who runs it?", "Managers")]


def test_plain_pages_have_no_json_ld():
    assert json_ld(make_document("about/index.md", type="page", id=None), "u", "") is None


def test_section_texts_skip_permalinks():
    assert section_texts('<h2>Q<a class="headerlink">¶</a></h2><p>Answer</p>') == {"Q": "Answer"}


def test_open_graph_describes_the_page():
    pairs = dict(open_graph(make_document("position-papers/p.md", PAPER), "https://example.org/p/", "Site"))
    assert pairs["og:title"] == "A paper"
    assert pairs["og:type"] == "article"
    assert pairs["og:locale"] == "en_GB"
    assert pairs["og:url"] == "https://example.org/p/"
