"""The sanitiser: the second line of defence, run on every page's HTML."""

import threading

import pytest

from kb.reader.sanitise import BackgroundCleaning, sanitise_html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hi</p><script>alert(1)</script>", "<p>Hi</p>"),
        ('<img src="x.png" alt="x" onerror="alert(1)">', '<img src="x.png" alt="x">'),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="data:text/html,x">x</a>', "<a>x</a>"),
        ('<a href="#top" onclick="x()">x</a>', '<a href="#top">x</a>'),
        ("<iframe src=x></iframe><p>after</p>", "<p>after</p>"),
        ("<style>body{}</style><form action=x><input type=text name=pw></form>", "<input>"),
        (
            '<table><tbody><tr><td style="text-align: center; position: fixed">x</td></tr></tbody></table>',
            '<table><tbody><tr><td style="text-align:center">x</td></tr></tbody></table>',
        ),
        ('<svg onload="x()"><circle/></svg>', ""),
        ("<p>a<!-- hidden -->b</p>", "<p>ab</p>"),
        ('<div data-md-component="x">y</div>', "<div>y</div>"),
    ],
)
def test_active_content_is_removed(dirty, clean):
    assert sanitise_html(dirty) == clean


@pytest.mark.parametrize(
    "html",
    [
        '<h2 id="a">A<a class="headerlink" href="#a" title="Link to this section">¶</a></h2>',
        '<div class="admonition note"><p class="admonition-title">Note</p><p>x</p></div>',
        '<details class="tip"><summary>More</summary><p>x</p></details>',
        '<abbr title="National Health Service">NHS</abbr>',
        '<ul class="task-list"><li class="task-list-item"><input type="checkbox" disabled="" checked=""> done</li></ul>',
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
        '<pre><code class="language-python"><span class="k">def</span></code></pre>',
        '<a href="https://www.england.nhs.uk/">NHS England</a> <a href="mailto:a@b.example">mail</a>',
        '<img src="../chart.png" alt="Chart" width="300">',
        '<p><time datetime="2025-01-02">2 January 2025</time></p>',
    ],
)
def test_what_markdown_and_material_produce_is_kept(html):
    assert sanitise_html(html) == html


def test_background_cleaning_gives_each_page_back_cleaned_in_order():
    cleaning = BackgroundCleaning[str]()
    pages = {f"page-{n}": f'<p onclick="x()">Text {n}</p><script>alert({n})</script>' for n in range(50)}
    for name, html in pages.items():
        cleaning.add(name, html)
    assert cleaning.finish() == [(name, sanitise_html(html)) for name, html in pages.items()]
    assert cleaning.finish() == []  # each page is given back once


def test_background_cleaning_leaves_no_thread_running():
    cleaning = BackgroundCleaning[str]()
    assert cleaning.finish() == []
    cleaning.add("a", "<p>a</p>")
    cleaning.finish()
    assert [t.name for t in threading.enumerate() if t.name.startswith("kb-cleaning")] == []


def test_background_cleaning_reports_a_failure_when_finishing():
    cleaning = BackgroundCleaning[str]()
    cleaning.add("broken", 42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cleaning.finish()
    assert [t.name for t in threading.enumerate() if t.name.startswith("kb-cleaning")] == []


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        (
            '<a href="x" title="&lt;img src=x onerror=alert(1)&gt;">l</a>',
            '<a href="x" title="img src=x onerror=alert(1)">l</a>',
        ),
        ('<abbr title="&lt;b&gt;PCN&lt;/b&gt; network">PCN</abbr>', '<abbr title="bPCN/b network">PCN</abbr>'),
        (
            '<p>text title="&lt;b&gt;" <span class="c" title="a &amp; b">s</span></p>',
            '<p>text title="&lt;b&gt;" <span class="c" title="a &amp; b">s</span></p>',
        ),
        ('<img src="a.png" alt="&lt;x&gt;">', '<img src="a.png" alt="&lt;x&gt;">'),
    ],
)
def test_titles_lose_what_material_tooltips_would_read_as_markup(dirty, clean):
    """content.tooltips puts a decoded title into the page as HTML; text and other attributes keep < and >."""
    assert sanitise_html(dirty) == clean
