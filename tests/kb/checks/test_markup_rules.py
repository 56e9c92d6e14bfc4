"""Ids, classes, tooltips and remote images written across lines or through references: exact messages."""

import time

import pytest

from kb.checks.content_safety import check_markup

REMOTE = "loads an image or media from another website (evil.example)"
LINK_TITLE = "the title of a link or image has < or > in it: Material's tooltips would show it as markup"
HTML_TITLE = "a title= has < or > in it: Material's tooltips would show it as markup"
ABBREVIATION = "the explanation has < or > in it: Material's tooltips would show it as markup"


def found(text: str) -> list[tuple[int, str, str]]:
    return [(f.line, f.field, f.message) for f in check_markup(text)]


def fixes(text: str) -> list[str]:
    return [f.fix for f in check_markup(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("![x][px]\n\n[px]: https://evil.example/pixel.png", [(3, "image", REMOTE)]),
        ("![px]\n\n[PX]:\n  https://evil.example/pixel.png 'T'", [(4, "image", REMOTE)]),
        ("![px][]\n\n[px]: <//evil.example/p.png>", [(3, "image", REMOTE)]),
        ("![x](\nhttps://evil.example/p.png)", [(2, "image", REMOTE)]),
        ('<img\nsrc=\n"https://evil.example/p.png">', [(3, "image", REMOTE)]),
        ('<img src="ht\ttps://evil.example/p.png">', [(1, "image", REMOTE)]),
        ("[a](\njavascript:alert(1))", [(2, "link", "a javascript: address is not allowed in a link or image")]),
    ],
)
def test_remote_images_across_lines_and_through_references(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "[px][]\n\n[px]: https://evil.example/page",  # a link, not an image
        "![Chart][c]\n\n[c]: chart.png",
        "![x](chart.png)\n\n[x]: https://www.nhs.uk/",  # an inline image that happens to share a label
        "*[HTML]: Hyper Text Markup Language",
        '[NHS](https://www.nhs.uk/ "The NHS website")',
        "## Heading { #good-id .wide }",
        '<div class="grid cards" markdown>',
        '{% include "feedback.md" %}',
        '{{ document_list(type="guidance", nation="Wales") }}',
        "<abbr title='General practice'>GP</abbr>",
    ],
)
def test_ordinary_writing_passes(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[a](https://x.example "a <b> c")', [(1, "title", LINK_TITLE)]),
        ("[a](https://x.example '&lt;img&gt;')", [(1, "title", LINK_TITLE)]),
        ("[a](https://x.example (&#60;b))", [(1, "title", LINK_TITLE)]),
        ('![a](chart.png "&#x3c;b")', [(1, "title", LINK_TITLE)]),
        ('[r]: https://x.example "&#x3c;script"', [(1, "title", LINK_TITLE)]),
        ('[r]: https://x.example\n    "<b>"', [(2, "title", LINK_TITLE)]),
        ('<abbr title="&lt;b&gt;">x</abbr>', [(1, "title", HTML_TITLE)]),
        ('## H { title="&lt;i&gt;" }', [(1, "title", HTML_TITLE)]),
        ("*[HTML]: Hyper <b>Text</b>", [(1, "abbreviation", ABBREVIATION)]),
        ("*[HTML]: Hyper Text &lt;", [(1, "abbreviation", ABBREVIATION)]),
    ],
)
def test_tooltips_with_markup_are_refused_at_their_line(text, expected):
    assert found(text) == expected
    assert set(fixes(text)) == {"write it in words, without < or >"}


THEME_ID_FIX = "choose another id: ids starting md-, kb- or __ are the theme's own"


@pytest.mark.parametrize(
    ("text", "message", "fix"),
    [
        (
            "## Heading {: #__search }",
            "the id '__search' in an attribute list { } belongs to the site's theme",
            THEME_ID_FIX,
        ),
        (
            '## Heading { id="md-header" }',
            "the id 'md-header' in an attribute list { } belongs to the site's theme",
            THEME_ID_FIX,
        ),
        ('<div id="kb-title">', "the id 'kb-title' in an HTML tag belongs to the site's theme", THEME_ID_FIX),
        ('<div id="&#95;_search">', "the id '__search' in an HTML tag belongs to the site's theme", THEME_ID_FIX),
        (
            '<label for="__search">x</label>',
            "the label target for='__search' in an HTML tag belongs to the site's theme",
            THEME_ID_FIX,
        ),
        (
            '<div class="md-header md-banner" markdown>',
            "the classes 'md-header' and 'md-banner' in an HTML tag belong to the site's theme",
            "delete it: classes starting md-, kb- or __ are the theme's own",
        ),
        (
            "{: .md-banner .ok }",
            "the class 'md-banner' in an attribute list { } belongs to the site's theme",
            "delete it: classes starting md-, kb- or __ are the theme's own",
        ),
        (
            '<div data-md-component="search">',
            "the attribute data-md-component= in an HTML tag belongs to the site's theme",
            "delete it: attributes starting data-md- are the theme's own",
        ),
        (
            "## Costs {#Costs_2026}",
            "the id 'Costs_2026' in an attribute list { } may use only lower-case letters (a-z), digits and hyphens",
            "write it as 'costs-2026'",
        ),
        (
            '<h2 id="Costs 2026">',
            "the id 'Costs 2026' in an HTML tag may use only lower-case letters (a-z), digits and hyphens",
            "write it as 'costs-2026'",
        ),
    ],
)
def test_theme_names_and_ids_that_are_not_plain_are_refused(text, message, fix):
    [finding] = check_markup(text)
    assert (finding.line, finding.field, finding.message, finding.fix) == (1, "HTML", message, fix)


def test_an_attribute_is_reported_at_its_own_line():
    assert found('<div\n  class="x"\n  id="__config">x</div>') == [
        (3, "HTML", "the id '__config' in an HTML tag belongs to the site's theme")
    ]


HOSTILE_UNITS = [
    "[",
    "<",
    "{",
    "![",
    "](",
    "<a ",
    "<a '",
    '<a "',
    "{:",
    "{ #",
    '{ title="',
    "*[",
    "&#",
    "![x][",
    "[x]: ",
    "](x '",
    '<a title="',
    '\n[r]: x "',
    "<a x='<a x=\"",
    "url(",
    "=",
    "\\",
]


@pytest.mark.parametrize("unit", HOSTILE_UNITS)
def test_every_check_is_linear_in_a_hostile_million_character_line(unit):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    started = time.perf_counter()
    check_markup(text)
    assert time.perf_counter() - started < 1.5  # quadratic would take minutes; the margin is for a busy machine
