"""Directories from data/: unknown values show as placeholders, never as guesses."""

import json
import shutil

import pytest

from conftest import REPO
from kb.content.vocabularies import DataFileError, load_data_file
from kb.reader import directory

REPS = {
    "last_checked": "2026-11-01",
    "regions": [
        {"nation": "Wales", "region": "Wales", "name": None, "contact": None},
        {"nation": "England", "region": "London", "name": "A Person", "contact": "london@example.org"},
    ],
}


def test_a_vacant_post_shows_vacancy_and_its_contact_to_be_confirmed():
    text = directory.render_representatives(REPS)
    assert "| Wales | Wales | *vacancy* | *to be confirmed* |" in text


def test_representatives_are_listed_by_nation_with_a_count_and_the_date_checked():
    text = directory.render_representatives(REPS)
    assert text.index("London") < text.index("| Wales")
    assert "1 of 2 posts filled; 1 vacant. List last checked on 1 November 2026." in text


def test_representatives_can_be_filtered_by_nation():
    text = directory.render_representatives(REPS, nation="Wales")
    assert "London" not in text and "0 of 1 posts filled" in text
    assert directory.render_representatives(REPS, nation="Scotland") == "*No regions listed.*\n"


def test_contacts_and_fees_show_placeholders_and_last_checked():
    data = {
        "contacts": [{"id": "general", "purpose": "General enquiries", "address": None, "last_checked": "2026-11-01"}],
        "fees": [{"grade": "Associate", "amount": None, "period": "per year", "last_checked": "2026-10-02"}],
    }
    assert "| General enquiries | *to be confirmed* | 1 November 2026 |" in directory.render_contacts(data)
    assert "| Associate | *to be confirmed* | per year | 2 October 2026 |" in directory.render_fees(data)


def test_an_accessibility_result_not_yet_seen_is_to_be_confirmed():
    data = {
        "last_checked": "2026-11-01",
        "checks": [{"name": "Automated checks", "result": None}, {"name": "Manual", "result": "passed"}],
    }
    text = directory.render_accessibility_checks(data)
    assert "| Automated checks | *to be confirmed* |" in text and "| Manual | passed |" in text


def test_the_real_data_files_render_with_their_placeholders():
    assert "*vacancy*" in directory.representatives(REPO)
    assert "*to be confirmed*" in directory.contacts(REPO)
    assert "*to be confirmed*" in directory.fees(REPO)
    assert "*to be confirmed*" in directory.accessibility_checks(REPO)


@pytest.mark.parametrize("name", ["representatives", "contacts", "accessibility", "timeline"])
def test_a_data_file_that_breaks_its_schema_stops_with_a_plain_message(tmp_path, name):
    shutil.copytree(REPO / "data", tmp_path / "data")
    (tmp_path / "data" / f"{name}.yml").write_text(json.dumps({"unexpected": True}), encoding="utf-8")
    with pytest.raises(DataFileError, match=f"data/{name}.yml does not match its schema"):
        load_data_file(name, tmp_path)
