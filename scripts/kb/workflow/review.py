"""The review report: which documents are overdue for review, and which fall due soon.

Every live document has an owner (a role in data/people.yml) and a ``review_due``
date. The report groups what needs attention by owner, so each role sees its own
list; ``kb review`` prints it and the nightly job turns the overdue part into one
GitHub issue per owner (see kb.workflow.review_issues).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from kb.content.documents import Document
from kb.content.vocabularies import Vocabularies

DEFAULT_DAYS = 60
# Drafts are not live yet; superseded and withdrawn documents are kept as a
# record and are not reviewed again.
REVIEWED_STATUSES = ("published", "consultation")


@dataclass(frozen=True)
class ReviewItem:
    """One document that needs reviewing."""

    repo_path: str
    title: str
    doc_id: str | None
    review_due: date
    last_reviewed: date | None
    days: int  # days from today to review_due: negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days < 0

    def when(self) -> str:
        if self.days < 0:
            return f"{-self.days} day{'s' if self.days != -1 else ''} overdue"
        if self.days == 0:
            return "due today"
        return f"due in {self.days} day{'s' if self.days != 1 else ''}"

    def name(self) -> str:
        return f"{self.doc_id}: {self.title}" if self.doc_id else self.title


@dataclass
class OwnerReview:
    """What one owner must review."""

    owner: str  # the role id in data/people.yml
    label: str  # the role as readers see it, like "Guidance editor (vacancy)"
    role: str  # the role alone, like "Guidance editor": stays the same when the post-holder changes
    github: str | None
    overdue: list[ReviewItem] = field(default_factory=list)
    due_soon: list[ReviewItem] = field(default_factory=list)


@dataclass
class ReviewReport:
    today: date
    days: int
    owners: list[OwnerReview]

    @property
    def overdue_count(self) -> int:
        return sum(len(owner.overdue) for owner in self.owners)

    @property
    def due_soon_count(self) -> int:
        return sum(len(owner.due_soon) for owner in self.owners)


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def review_report(
    documents: list[Document], vocabularies: Vocabularies, today: date, days: int = DEFAULT_DAYS
) -> ReviewReport:
    """Documents overdue for review, and those due within ``days`` days, by owner."""
    horizon = today + timedelta(days=days)
    by_owner: dict[str, OwnerReview] = {}
    for document in documents:
        due = _date(document.meta.get("review_due"))
        if document.status not in REVIEWED_STATUSES or due is None or due > horizon:
            continue
        owner_id = str(document.meta.get("owner") or "")
        if owner_id not in by_owner:
            person = vocabularies.people.get(owner_id)
            label = (
                vocabularies.person_label(owner_id) if person else f"{owner_id or 'No owner'} (not in data/people.yml)"
            )
            role = str((person or {}).get("role") or owner_id or "No owner")
            by_owner[owner_id] = OwnerReview(owner_id, label, role, (person or {}).get("github"))
        item = ReviewItem(
            document.repo_path,
            document.title,
            document.doc_id,
            due,
            _date(document.meta.get("last_reviewed")),
            (due - today).days,
        )
        target = by_owner[owner_id].overdue if item.overdue else by_owner[owner_id].due_soon
        target.append(item)
    for owner in by_owner.values():
        owner.overdue.sort(key=lambda item: (item.review_due, item.repo_path))
        owner.due_soon.sort(key=lambda item: (item.review_due, item.repo_path))
    return ReviewReport(today, days, sorted(by_owner.values(), key=lambda owner: owner.label))


def format_text(report: ReviewReport) -> str:
    """The report as plain text for a terminal."""
    if not report.owners:
        return (
            "Nothing is overdue for review, and nothing falls due"
            f" in the next {report.days} days (as of {report.today})."
        )
    lines = [
        (
            f"Review report as of {report.today}: {report.overdue_count} overdue,"
            f" {report.due_soon_count} due within {report.days} days."
        ),
        "",
    ]
    for owner in report.owners:
        lines.append(f"{owner.label}:")
        for heading, items in (("Overdue", owner.overdue), (f"Due within {report.days} days", owner.due_soon)):
            if items:
                lines.append(f"  {heading}:")
                lines += [
                    f"    {item.repo_path}: {item.name()} (review due {item.review_due}, {item.when()})"
                    for item in items
                ]
        lines.append("")
    lines.append(
        "To record a review: check the whole document, then set last_reviewed to the date of the review"
        " and review_due to the next review date."
    )
    return "\n".join(lines)


def _escape(text: str) -> str:
    """Keep Markdown table cells intact."""
    return text.replace("|", "\\|")


def items_table(items: list[ReviewItem]) -> list[str]:
    """Markdown table rows for a list of documents."""
    lines = ["| Document | File | Review due | |", "| --- | --- | --- | --- |"]
    lines += [f"| {_escape(item.name())} | `{item.repo_path}` | {item.review_due} | {item.when()} |" for item in items]
    return lines


def format_markdown(report: ReviewReport) -> str:
    """The report as Markdown, for a GitHub job summary."""
    lines = ["## Review report", ""]
    if not report.owners:
        lines.append(
            "Nothing is overdue for review, and nothing falls due"
            f" in the next {report.days} days (as of {report.today})."
        )
        return "\n".join(lines) + "\n"
    lines += [
        (
            f"As of {report.today}: **{report.overdue_count} overdue**,"
            f" {report.due_soon_count} due within {report.days} days."
        ),
        "",
    ]
    for owner in report.owners:
        lines += [f"### {_escape(owner.label)}", ""]
        for heading, items in (("Overdue", owner.overdue), (f"Due within {report.days} days", owner.due_soon)):
            if items:
                lines += [f"**{heading}**", "", *items_table(items), ""]
    return "\n".join(lines)
