"""Directories kept in ``data/``: regional representatives, contacts and fees.

Anything not yet known is ``null`` in the data file and shown as a placeholder
("vacancy", "to be confirmed"), never guessed, and every table says when an
editor last checked it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from kb import paths
from kb.content.vocabularies import load_data_file
from kb.reader.listings import markdown_text

VACANCY = "vacancy"
TO_BE_CONFIRMED = "to be confirmed"
NATION_ORDER = ("England", "Scotland", "Wales", "Northern Ireland")


def shown(value: Any, placeholder: str = TO_BE_CONFIRMED) -> str:
    """A data value as page text, or the placeholder (in italics) while it is unknown."""
    if value is None or str(value).strip() == "":
        return f"*{placeholder}*"
    return markdown_text(str(value))


def long_date(value: Any) -> str:
    """2026-11-01 -> 1 November 2026, the GOV.UK style for dates."""
    day = date.fromisoformat(str(value))
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def render_representatives(data: dict[str, Any], nation: str | None = None) -> str:
    """Regional representatives by nation, with vacancies, and when the list was checked."""
    regions = [r for r in data["regions"] if nation is None or r["nation"] == nation]
    if not regions:
        return "*No regions listed.*\n"
    regions.sort(key=lambda r: NATION_ORDER.index(r["nation"]))  # stable: keeps the file's order within a nation
    rows = [
        (markdown_text(r["nation"]), markdown_text(r["region"]), shown(r["name"], VACANCY), shown(r["contact"]))
        for r in regions
    ]
    vacant = sum(1 for r in regions if not r["name"])
    table = _table(("Nation", "Region", "Representative", "Contact"), rows)
    summary = (
        f"{len(regions) - vacant} of {len(regions)} posts filled; {vacant} vacant. "
        f"List last checked on {long_date(data['last_checked'])}.\n"
    )
    return table + "\n" + summary


def render_contacts(data: dict[str, Any]) -> str:
    """How to reach the Institute, one row per purpose."""
    rows = [(markdown_text(c["purpose"]), shown(c["address"]), long_date(c["last_checked"])) for c in data["contacts"]]
    return _table(("What about", "Contact", "Last checked"), rows)


def render_fees(data: dict[str, Any]) -> str:
    """Membership and accreditation fees, with when each was last checked."""
    if not data.get("fees"):
        return "*No fees listed.*\n"
    rows = [
        (markdown_text(f["grade"]), shown(f["amount"]), markdown_text(f["period"]), long_date(f["last_checked"]))
        for f in data["fees"]
    ]
    return _table(("Grade", "Fee", "How often", "Last checked"), rows)


def render_accessibility_checks(data: dict[str, Any]) -> str:
    """The testing the accessibility statement reports; unseen results stay 'to be confirmed'."""
    rows = [(markdown_text(c["name"]), shown(c["result"])) for c in data["checks"]]
    return _table(("Test", "Latest result"), rows) + f"\nLast checked on {long_date(data['last_checked'])}.\n"


def representatives(root: Path = paths.REPO_ROOT, nation: str | None = None) -> str:
    return render_representatives(load_data_file("representatives", root), nation)


def contacts(root: Path = paths.REPO_ROOT) -> str:
    return render_contacts(load_data_file("contacts", root))


def fees(root: Path = paths.REPO_ROOT) -> str:
    return render_fees(load_data_file("contacts", root))


def accessibility_checks(root: Path = paths.REPO_ROOT) -> str:
    return render_accessibility_checks(load_data_file("accessibility", root))
