"""The sanitiser: the second line of defence, run on every page's HTML."""

import pytest

from kb.sanitise import sanitise_html


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
        ('<table><tbody><tr><td style="text-align: center; position: fixed">x</td></tr></tbody></table>', '<table><tbody><tr><td style="text-align:center">x</td></tr></tbody></table>'),
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
