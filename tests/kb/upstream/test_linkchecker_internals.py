"""LinkChecker's LinkFinder as kb.checks.sitemap asks it, and the refusal of another version."""

from __future__ import annotations

import inspect

import pytest
from linkcheck.htmlutil import linkparse
from upstream_versions import pretend_installed, versions_read_afresh  # noqa: F401 (the fixture)

from kb.upstream import linkchecker_internals


def test_link_finder_reads_links_from_a_start_tag():
    parameters = list(inspect.signature(linkparse.LinkFinder.html_element).parameters)
    assert parameters == ["self", "tag", "attrs", "element_text", "lineno", "column"]
    found = []
    finder = linkchecker_internals.link_finder(lambda url, **where: found.append(url))
    assert not linkchecker_internals.may_hold_links(finder, "p", {"class"})
    attributes = {"srcset": "a.png 1x, b.png 2x", "src": "c.png"}
    assert linkchecker_internals.may_hold_links(finder, "img", attributes)
    linkchecker_internals.read_element(finder, "img", attributes)
    assert sorted(found) == ["a.png", "b.png", "c.png"]
    assert linkchecker_internals.stylesheet_urls("/* url(no.png) */ a { background: url('yes.png') }") == ["yes.png"]


def test_another_linkchecker_is_refused(monkeypatch):
    pretend_installed(monkeypatch, {"linkchecker": "11.0"})
    with pytest.raises(linkchecker_internals.Changed) as refused:
        linkchecker_internals.link_finder(lambda *args: None)
    assert str(refused.value) == (
        "linkchecker 11.0 is installed, kb.upstream was written for 10.6.0: the link check might miss links. "
        "Nothing was built: install the version in requirements.txt, "
        "or review kb/upstream/ for 11.0 and update WRITTEN_FOR."
    )
