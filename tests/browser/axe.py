"""Running axe-core (bundled with axe-playwright-python) in a page."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import axe_playwright_python

# The WCAG 2.0, 2.1 and 2.2 level A and AA rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Rules switched off, each with the reason. Keep it empty unless a rule is wrong
# for this site; data/accessibility.yml must list the same rules for readers.
DISABLED_RULES: dict[str, str] = {}


@cache
def axe_source() -> str:
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@cache
def axe_version() -> str:
    match = re.search(r"axe v([0-9.]+)", axe_source()[:200])
    assert match, "cannot read the bundled axe-core version"
    return match.group(1)


def run_axe(page: Any) -> list[dict[str, Any]]:
    """The WCAG A/AA violations axe finds in the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in DISABLED_RULES},
    }
    results = page.evaluate("options => axe.run(document, options)", options)
    return results["violations"]


def describe(found: dict[str, list[dict[str, Any]]]) -> list[str]:
    """One line per distinct failure, naming the elements and pages it is on.

    ``found`` maps a page's name to axe's violations on it; a failure shared by
    every page (a header, say) is reported once, not once per page.
    """
    grouped: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for page_name, violations in found.items():
        for violation in violations:
            for node in violation["nodes"]:
                target = " ".join(str(t) for t in node["target"])
                summary = " ".join((node.get("failureSummary") or violation["help"]).split())[:300]
                targets, pages = grouped.setdefault((f"{violation['id']} ({violation['impact']})", summary), ([], []))
                if target not in targets:
                    targets.append(target)
                if page_name not in pages:
                    pages.append(page_name)
    return [
        f"{rule}: {summary}\n    elements: {_some(targets)}\n    pages: {_some(pages)}"
        for (rule, summary), (targets, pages) in grouped.items()
    ]


def _some(items: list[str], shown: int = 4) -> str:
    return ", ".join(items[:shown]) + (f" and {len(items) - shown} more" if len(items) > shown else "")
