"""The history timeline is read from data/timeline.yml and rendered in order."""

from conftest import REPO
from kb.reader.timeline import load_events, render_timeline


def test_the_real_timeline_loads_oldest_first_from_its_data_file():
    events = load_events(REPO)
    assert events[0]["when"] == "2009"
    assert any(event["when"] == "16 December 2020" for event in events)


def test_each_event_becomes_a_definition_in_the_order_given():
    text = render_timeline([{"when": "Autumn 2020", "what": "First."}, {"when": "2021", "what": "Second."}])
    assert text == "**Autumn 2020**\n:   First.\n\n**2021**\n:   Second.\n"


def test_markdown_in_event_text_is_shown_literally():
    text = render_timeline([{"when": "2020", "what": "A [link](x) and *stars*."}])
    assert "\\[link\\]\\(x\\)" in text and "\\*stars\\*" in text


def test_an_empty_timeline_says_so():
    assert render_timeline([]) == "*No events recorded yet.*\n"
