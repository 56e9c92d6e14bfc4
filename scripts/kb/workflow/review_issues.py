"""The overdue review list as GitHub issues: one open issue per owner, kept up to date.

The nightly workflow runs ``kb review-issues``. Each owner with overdue documents
gets one issue, found again on later nights by its label and its fixed title, and
edited rather than duplicated; when an owner has nothing overdue any more, their
issue is closed with a comment. Without a token it only reports what it would do.
Uses the GitHub REST API through urllib, so it needs no extra package.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

from kb.workflow.review import OwnerReview, ReviewReport, items_table

LABEL = "review-overdue"
TITLE_PREFIX = "Documents overdue for review: "
DEFAULT_API = "https://api.github.com"


class GitHubError(Exception):
    """The GitHub API refused or failed a request."""


class Client(Protocol):
    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any: ...


class GitHubClient:
    """A minimal GitHub REST client: JSON in, JSON out."""

    def __init__(self, token: str, api_url: str = DEFAULT_API, timeout: float = 30) -> None:
        self.token = token
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout

    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(self.api_url + path, data=data, method=method)
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("X-GitHub-Api-Version", "2022-11-28")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = response.read()
        except urllib.error.HTTPError as error:
            raise GitHubError(
                f"GitHub answered {error.code} to {method} {path}: {error.read()[:300].decode('utf-8', 'replace')}"
            ) from None
        except urllib.error.URLError as error:
            raise GitHubError(f"cannot reach GitHub at {self.api_url}: {error.reason}") from None
        return json.loads(payload) if payload else None


def issue_title(owner: OwnerReview) -> str:
    """Stable from night to night: the role, not its holder, so the issue is found again."""
    return TITLE_PREFIX + owner.role


def issue_body(owner: OwnerReview, report: ReviewReport) -> str:
    mention = f"@{owner.github.lstrip('@')}, t" if owner.github else "T"
    lines = [
        (
            f"{mention}hese documents owned by **{owner.label}** were due for review"
            f" by the dates below (as of {report.today})."
        ),
        "",
        *items_table(owner.overdue),
        "",
        (
            "To record a review: check the whole document is still right,"
            " then set `last_reviewed` to the date of the review"
            " and `review_due` to the next review date, and open a pull request."
        ),
        "",
        (
            "This issue is updated every night by the review job"
            f" and closed when nothing owned by {owner.label} is overdue."
            f" Role `{owner.owner}` in `data/people.yml`."
        ),
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Action:
    verb: str  # "opened", "updated", "closed", "unchanged", "would open", ...
    title: str
    number: int | None = None

    def __str__(self) -> str:
        return f"{self.verb}: {self.title}" + (f" (#{self.number})" if self.number else "")


def open_issues(client: Client, repo: str) -> dict[str, dict[str, Any]]:
    """Open issues carrying the review label, by title."""
    found: dict[str, dict[str, Any]] = {}
    page = 1
    while True:
        batch = client.request("GET", f"/repos/{repo}/issues?state=open&labels={LABEL}&per_page=100&page={page}") or []
        for issue in batch:
            if "pull_request" not in issue and str(issue.get("title", "")).startswith(TITLE_PREFIX):
                found.setdefault(issue["title"], issue)
        if len(batch) < 100:
            return found
        page += 1


def ensure_label(client: Client, repo: str) -> None:
    """Create the label if the repository lacks it: issues are found again by it."""
    try:
        client.request("GET", f"/repos/{repo}/labels/{LABEL}")
    except GitHubError as error:
        if " 404 " not in str(error):
            raise
        client.request(
            "POST",
            f"/repos/{repo}/labels",
            {
                "name": LABEL,
                "color": "d93f0b",
                "description": "Documents overdue for review (kept up to date every night)",
            },
        )


def sync_issues(client: Client, repo: str, report: ReviewReport) -> list[Action]:
    """Open, update or close one issue per owner so GitHub matches the report."""
    if any(owner.overdue for owner in report.owners):
        ensure_label(client, repo)
    existing = open_issues(client, repo)
    actions: list[Action] = []
    wanted: set[str] = set()
    for owner in report.owners:
        if not owner.overdue:
            continue
        title, body = issue_title(owner), issue_body(owner, report)
        wanted.add(title)
        issue = existing.get(title)
        if issue is None:
            created = client.request("POST", f"/repos/{repo}/issues", {"title": title, "body": body, "labels": [LABEL]})
            actions.append(Action("opened", title, (created or {}).get("number")))
        elif issue.get("body") != body:
            client.request("PATCH", f"/repos/{repo}/issues/{issue['number']}", {"body": body})
            actions.append(Action("updated", title, issue["number"]))
        else:
            actions.append(Action("unchanged", title, issue["number"]))
    for title, issue in sorted(existing.items()):
        if title not in wanted:
            client.request(
                "POST",
                f"/repos/{repo}/issues/{issue['number']}/comments",
                {"body": f"Nothing owned by this role is overdue for review any more (as of {report.today}). Closing."},
            )
            client.request(
                "PATCH", f"/repos/{repo}/issues/{issue['number']}", {"state": "closed", "state_reason": "completed"}
            )
            actions.append(Action("closed", title, issue["number"]))
    return actions


def dry_run(report: ReviewReport) -> list[Action]:
    """What sync_issues would open or update, for when there is no token."""
    return [Action("would open or update", issue_title(owner)) for owner in report.owners if owner.overdue]
