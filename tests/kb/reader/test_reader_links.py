"""Links print with their full address."""

from kb.reader.reader import printable_links


def test_relative_and_absolute_links_get_a_full_print_address():
    html = '<a href="../other/">Other</a> <a href="#part">Part</a> <a class="x" href="https://nhs.uk/a?b=1&amp;c=2">NHS</a>'
    result = printable_links(html, "https://example.org/guidance/this/")
    assert '<a href="../other/" data-print-href="https://example.org/guidance/other/">' in result
    assert '<a href="#part">' in result
    assert 'data-print-href="https://nhs.uk/a?b=1&amp;c=2"' in result
