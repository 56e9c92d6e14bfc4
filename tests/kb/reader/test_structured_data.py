"""JSON-LD and Open Graph: correct, and impossible to break out of."""

import json
from html.parser import HTMLParser

import pytest

from kb.reader.sanitise import sanitise_html
from kb.reader.structured_data import article, json_ld, open_graph, script_json, section_texts
from reader_helpers import PAPER, make_document

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
    assert [(q["name"], q["acceptedAnswer"]["text"]) for q in data["mainEntity"]] == [
        ("What is it?", "A PCN body."),
        ("Who runs it?", "Managers"),
    ]


def test_faq_page_has_the_sharing_picture_when_there_is_one():
    document = make_document("faqs/f.md", FAQ)
    with_picture = json.loads(json_ld(document, "https://example.org/f/", "", "https://example.org/assets/share.png"))
    assert with_picture["image"] == "https://example.org/assets/share.png"
    assert "image" not in json.loads(json_ld(document, "https://example.org/f/", ""))


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


class _ReferenceSections(HTMLParser):
    """The html.parser reading section_texts replaced; kept here to compare the two."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, list[str]] = {}
        self.heading: list[str] | None = None
        self.current: str | None = None
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style") or (tag == "a" and "headerlink" in (dict(attrs).get("class") or "")):
            self.skip += 1
        elif tag == "h2":
            self.heading = []
        elif tag in ("p", "li", "br", "tr", "h3", "h4") and self.current is not None:
            self.sections[self.current].append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") or (tag == "a" and self.skip):
            self.skip = max(0, self.skip - 1)
        elif tag == "h2" and self.heading is not None:
            self.current = " ".join("".join(self.heading).split())
            self.sections[self.current] = []
            self.heading = None

    def handle_data(self, data):
        if self.skip:
            return
        if self.heading is not None:
            self.heading.append(data)
        elif self.current is not None:
            self.sections[self.current].append(data)


def reference_section_texts(html: str) -> dict[str, str]:
    parser = _ReferenceSections()
    parser.feed(html)
    parser.close()
    return {heading: " ".join("".join(parts).split()) for heading, parts in parser.sections.items()}


TRICKY = [
    "Intro text<h2>First</h2><p>One</p><p>two</p><h2>Second &amp; last</h2><ul><li>a</li><li>b&nbsp;c</li></ul>",
    '<h2 title="a > b">Q &lt;1&gt;<a class="x headerlink" href="#q" title=\'¶ > here\'>¶</a></h2><p data-x="<h2>">A<br>B</p>',
    "<H2>Upper</H2><P>Case</P><TABLE><TR><TD>c1</TD><TD>c2</TD></TR><TR><TD>d</TD></TR></TABLE>",
    "<h2>Same</h2><p>first</p><h2>Same</h2><p>second</p><h2>Empty</h2>",
    "<h2>S</h2><p>a < b and 3<4</p><script>var x = '<h2>no</h2>';</script><style>p{}</style><p>after</p>",
    '<h2>Links</h2><p><a href="x" class="headerlinkish">kept</a> <a class=headerlink>gone</a> and <abbr title="Primary care network">PCN</abbr>s</p>',
    "<h2>Unclosed<p>text",
    "<h2>Nested <em>em</em> <code>&lt;b&gt;</code></h2><h3>Sub</h3>Text<h4>Deeper</h4>More",
]


@pytest.mark.parametrize("html", TRICKY)
def test_section_texts_read_as_html_parser_did(html):
    assert section_texts(sanitise_html(html)) == reference_section_texts(sanitise_html(html))
    assert section_texts(html) == reference_section_texts(html)


def test_section_texts_read_every_built_page_as_html_parser_did(built_site):
    pages = [page.read_text(encoding="utf-8") for page in sorted(built_site.rglob("*.html"))]
    assert len(pages) > 10
    for page in pages:
        assert section_texts(page) == reference_section_texts(page)
