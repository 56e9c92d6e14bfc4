"""Real questions members ask, and the documents that must come in search's first three results.

Run on the real site (docs/): the questions are about its documents. Searched as a
reader does, with the default filters (current documents only). When a document
is renamed or a better answer is written, change the expected address here.
"""

from __future__ import annotations

import pytest

from browser.helpers import site_path
from browser.search import RESULT_LINKS, search_for

pytestmark = pytest.mark.browser

# The question, and the addresses of which at least one must be in the first three results.
QUESTIONS = {
    "accreditation": ["faqs/accreditation/", "guidance/the-accreditation-framework/"],
    "New to Partnership": ["position-papers/including-practice-managers-in-new-to-partnership/"],
    "Northern Ireland": ["guidance/general-practice-in-northern-ireland/"],
    "regional representative": ["guidance/becoming-a-regional-representative/", "about/representatives/"],
    "review date": ["faqs/using-this-site/", "contributing/front-matter-reference/"],
    "federation": ["guidance/at-scale-working-and-federations/"],
    "staff wellbeing": ["guidance/staff-wellbeing-and-retention/"],
    "responding to a consultation": ["guidance/responding-to-a-national-consultation/"],
}


@pytest.mark.parametrize("site", ["real"], indirect=True, ids=["real-site"])  # the questions are about its documents
@pytest.mark.parametrize("question", list(QUESTIONS))
def test_the_answer_is_in_the_first_three_results(desktop, site, question):
    desktop.goto(site.url(""))
    search_for(desktop, question)
    links = desktop.locator(RESULT_LINKS).all()[:3]
    top = [site_path(link.evaluate("a => a.href"), site.base_url) for link in links]
    assert set(top) & set(QUESTIONS[question]), f"{question!r}: the first three results were {top}"
