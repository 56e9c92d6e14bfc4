"""The content macros work inside a real build: one small site, built once."""

import re
from pathlib import Path

import pytest

from conftest import make_project, run_kb

PAGE = """---
title: Macro showcase
summary: A page that calls every content macro, to prove each renders in a build.
type: page
status: published
owner: web-editor
last_reviewed: 2026-11-01
review_due: 2027-05-01
---

# Macro showcase

## Timeline

{{ history_timeline() }}

## Representatives

{{ representatives() }}

## Welsh representatives

{{ representatives(nation="Wales") }}

## Contacts

{{ contacts() }}

## Fees

{{ fees() }}

## Accessibility

{{ accessibility_checks() }}

## Roles

{{ roles() }}

## Checks

{{ check_messages() }}

## Fields

{{ field_reference() }}

## Start

{{ new_document_links() }}
"""


@pytest.fixture(scope="session")
def macro_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = make_project(tmp_path_factory.mktemp("macros"), {"index.md": PAGE})
    result = run_kb(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return (Path(root) / "site" / "index.html").read_text(encoding="utf-8")


def test_the_timeline_renders_as_a_definition_list(macro_page):
    assert "<dt><strong>16 December 2020</strong></dt>" in macro_page


def test_vacancies_and_unconfirmed_details_are_shown_as_such(macro_page):
    assert "<td><em>vacancy</em></td>" in macro_page
    assert "<td><em>to be confirmed</em></td>" in macro_page


def test_the_field_reference_and_check_messages_render(macro_page):
    assert '<h3 id="summary"><code>summary</code>' in macro_page
    assert "is not a real date" in macro_page


def test_author_supplied_angle_brackets_in_messages_stay_text(macro_page):
    text = re.sub(r"</?abbr[^>]*>", "", macro_page)  # glossary terms such as PCN are wrapped in <abbr>
    assert "Working within a <b>PCN</b>" not in text
    assert "&lt;b&gt;PCN&lt;/b&gt;" in text


def test_the_start_links_reach_the_page_whole(macro_page):
    from html import unescape
    from urllib.parse import parse_qs, urlsplit

    links = re.findall(r'<a href="(https://github\.com/[^"]+/new/main/docs/[^"]+)"[^>]*>([^<]+)</a>', macro_page)
    assert [text for _, text in links] == ["Start a new guidance page", "Start a new position paper", "Start a new FAQ"]
    value = parse_qs(urlsplit(unescape(links[0][0])).query)["value"][0]
    assert value.startswith("---\nid: GD-2026-01\n") and "status: draft\n" in value
