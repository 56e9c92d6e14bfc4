"""The accessibility statement claims only what the browser tests check (data/accessibility.yml)."""

from __future__ import annotations

import json

import pytest

from browser.axe import DISABLED_RULES, WCAG_TAGS, axe_version
from browser.conftest import DESKTOP, PHONE, REPO
from browser.htmlcs import EXCLUDED, PACKAGE_DIR
from browser.test_accessibility import SCHEMES
from browser.test_html_valid import vnu_version
from kb.reader.accessibility import load_testing


@pytest.fixture(scope="module")
def testing():
    return load_testing(REPO)


def tool_version(testing, name):
    return next(tool["version"] for tool in testing["tools"] if tool["name"] == name)


def test_the_statement_names_the_rules_the_tests_run(testing):
    assert testing["rule_tags"] == WCAG_TAGS


def test_the_statement_lists_the_rules_switched_off(testing):
    axe_rules = [rule for rule in testing["disabled_rules"] if "tool" not in rule]
    assert {rule["rule"]: rule["reason"] for rule in axe_rules} == DISABLED_RULES


def test_the_statement_lists_html_codesniffers_exclusions_with_their_reasons(testing):
    listed = [(r["rule"], r["reason"]) for r in testing["disabled_rules"] if r.get("tool") == "HTML_CodeSniffer"]
    assert listed == [(f"{e.code} on {e.selector}", e.reason) for e in EXCLUDED]
    assert {rule.get("tool", "axe-core") for rule in testing["disabled_rules"]} <= {"axe-core", "HTML_CodeSniffer"}


def test_the_statement_gives_the_html_codesniffer_version_the_tests_use(testing):
    lock = json.loads((PACKAGE_DIR / "package-lock.json").read_text(encoding="utf-8"))
    locked = lock["packages"]["node_modules/@pa11y/html_codesniffer"]["version"]
    assert tool_version(testing, "HTML_CodeSniffer") == locked


def test_the_statement_names_the_colour_schemes_and_widths_tested(testing):
    assert testing["colour_schemes"] == list(SCHEMES)
    assert testing["screen_widths"] == [PHONE["width"], DESKTOP["width"]]


def test_the_statement_gives_the_axe_core_version_the_tests_use(testing):
    assert tool_version(testing, "axe-core") == axe_version()


@pytest.mark.vnu
def test_the_statement_gives_the_html_checker_version_the_tests_use(testing):
    assert tool_version(testing, "Nu Html Checker") == vnu_version()


@pytest.mark.browser
def test_the_statement_page_shows_the_method_and_result(desktop, site):
    statement = next(
        (
            p
            for p in site.pages
            if "How we test this site" in (site.site_dir / p.path / "index.html").read_text(encoding="utf-8")
        ),
        None,
    )
    if statement is None:
        pytest.skip(
            f"no page of the {site.name} site shows accessibility_testing() yet: place it on the accessibility statement in docs/about/"
        )
    desktop.goto(site.url(statement.path))
    text = desktop.locator("article").inner_text()
    assert "How we test this site" in text
    assert f"axe-core {axe_version()}" in text
    assert "No failures" in text
