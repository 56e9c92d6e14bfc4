"""`kb review-issues`: one GitHub issue per owner, updated not duplicated, against a fake GitHub on 127.0.0.1."""

import http.server
import json
import threading
from datetime import date

import pytest

from conftest import front_matter, run_kb
from kb.content.documents import load_documents
from kb.content.vocabularies import load_vocabularies
from kb.workflow.review import review_report
from kb.workflow.review_issues import LABEL, GitHubClient, GitHubError, issue_title, sync_issues

HOME = front_matter(type="page", id=None, title="Home", review_due="2028-01-01")
TODAY = date(2026, 11, 25)
REPO_NAME = "igpm-uk/knowledge-base"


class FakeGitHub:
    """Just enough of the GitHub issues API, in memory, served on 127.0.0.1."""

    def __init__(self):
        self.issues: list[dict] = []
        self.labels: list[dict] = []
        self.comments: list[tuple[int, str]] = []
        self.requests: list[tuple[str, str, dict | None]] = []
        self.fail_with: int | None = None
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, payload):
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                data = json.loads(self.rfile.read(length)) if length else None
                fake.requests.append((self.command, self.path, data))
                if self.headers.get("Authorization") != "Bearer test-token":
                    return self._reply(401, {"message": "Bad credentials"})
                if fake.fail_with:
                    return self._reply(fake.fail_with, {"message": "Server error"})
                self._reply(*fake.answer(self.command, self.path, data))

            do_GET = do_POST = do_PATCH = _handle

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def answer(self, method, path, data):
        base = f"/repos/{REPO_NAME}/issues"
        if path.startswith(f"/repos/{REPO_NAME}/labels"):
            if method == "POST":
                self.labels.append(data)
                return 201, data
            found = [label for label in self.labels if path.endswith("/" + label["name"])]
            return (200, found[0]) if found else (404, {"message": "Not Found"})
        if method == "GET" and path.startswith(base + "?"):
            assert f"labels={LABEL}" in path and "state=open" in path
            return 200, [issue for issue in self.issues if issue["state"] == "open" and LABEL in issue["labels"]]
        if method == "POST" and path == base:
            issue = {
                "number": len(self.issues) + 1,
                "state": "open",
                "labels": data["labels"],
                "title": data["title"],
                "body": data["body"],
            }
            self.issues.append(issue)
            return 201, issue
        number = int(path[len(base) + 1 :].split("/")[0])
        issue = self.issues[number - 1]
        if method == "PATCH":
            issue.update(data)
            return 200, issue
        if method == "POST" and path.endswith("/comments"):
            self.comments.append((number, data["body"]))
            return 201, {"id": 1}
        return 404, {"message": "Not Found"}

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def github():
    fake = FakeGitHub()
    yield fake
    fake.close()


def overdue_docs(**changes):
    docs = {
        "index.md": HOME,
        "guidance/overdue.md": front_matter(id="GD-2025-01", title="Overdue guidance", review_due="2026-10-01"),
        "position-papers/overdue.md": front_matter(
            id="PP-2025-01",
            title="Overdue paper",
            type="position-paper",
            owner="policy-editor",
            key_asks=["Recognise managers."],
            review_due="2026-09-01",
        ),
    }
    docs.update(changes)
    return docs


def report(root):
    documents, _ = load_documents(root)
    return review_report(documents, load_vocabularies(root), TODAY)


def test_one_issue_per_owner_is_opened(project, github):
    actions = sync_issues(GitHubClient("test-token", github.url), REPO_NAME, report(project(overdue_docs())))
    assert sorted(str(action) for action in actions) == [
        "opened: Documents overdue for review: Guidance editor (#1)",
        "opened: Documents overdue for review: Policy editor (#2)",
    ]
    assert [label["name"] for label in github.labels] == [LABEL]
    first = github.issues[0]
    assert first["labels"] == [LABEL]
    assert (
        "| GD-2025-01: Overdue guidance | `docs/guidance/overdue.md` | 2026-10-01 | 55 days overdue |" in first["body"]
    )


def test_a_later_night_updates_instead_of_duplicating(project, github):
    client = GitHubClient("test-token", github.url)
    root = project(overdue_docs())
    sync_issues(client, REPO_NAME, report(root))
    (root / "docs/guidance/later.md").write_text(
        front_matter(id="GD-2025-02", title="Another overdue page", review_due="2026-11-01")
    )
    actions = sync_issues(client, REPO_NAME, report(root))
    assert len(github.issues) == 2
    assert len(github.labels) == 1, "the label is created once"
    assert [str(action) for action in actions] == [
        "updated: Documents overdue for review: Guidance editor (#1)",
        "unchanged: Documents overdue for review: Policy editor (#2)",
    ]
    assert "docs/guidance/later.md" in github.issues[0]["body"]


def test_an_owner_with_nothing_overdue_has_their_issue_closed(project, github):
    client = GitHubClient("test-token", github.url)
    root = project(overdue_docs())
    sync_issues(client, REPO_NAME, report(root))
    (root / "docs/position-papers/overdue.md").unlink()
    actions = sync_issues(client, REPO_NAME, report(root))
    assert "closed: Documents overdue for review: Policy editor (#2)" in [str(action) for action in actions]
    assert github.issues[1]["state"] == "closed"
    assert github.comments == [
        (2, "Nothing owned by this role is overdue for review any more (as of 2026-11-25). Closing.")
    ]


def test_the_title_does_not_change_when_a_post_is_filled(project):
    owner = report(project(overdue_docs())).owners[0]
    assert issue_title(owner) == "Documents overdue for review: Guidance editor"
    assert "vacancy" not in issue_title(owner)


def test_api_errors_are_reported_in_words(project, github):
    github.fail_with = 500
    with pytest.raises(
        GitHubError, match="GitHub answered 500 to GET /repos/igpm-uk/knowledge-base/labels/review-overdue"
    ):
        sync_issues(GitHubClient("test-token", github.url), REPO_NAME, report(project(overdue_docs())))


def test_cli_against_the_fake_api(project, github, monkeypatch):
    root = project(overdue_docs())
    monkeypatch.setenv("GITHUB_TOKEN", "test-token")
    monkeypatch.setenv("GITHUB_API_URL", github.url)
    result = run_kb(root, "review-issues", "--repo", REPO_NAME)
    assert result.returncode == 0, result.stderr
    assert "opened: Documents overdue for review: Guidance editor (#1)" in result.stdout


def test_cli_with_a_bad_token_fails_clearly(project, github, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "wrong")
    monkeypatch.setenv("GITHUB_API_URL", github.url)
    result = run_kb(project(overdue_docs()), "review-issues", "--repo", REPO_NAME)
    assert result.returncode == 1
    assert "kb review-issues: GitHub answered 401 to GET" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_without_a_token_reports_what_it_would_do(project, monkeypatch):
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    result = run_kb(project(overdue_docs()), "review-issues")
    assert result.returncode == 0
    assert (
        "No issues were changed: GITHUB_TOKEN and GITHUB_REPOSITORY (or --repo) not set. This is what the nightly job would do:"
        in result.stdout
    )
    assert "would open or update: Documents overdue for review: Guidance editor" in result.stdout


def test_cli_without_a_token_and_nothing_overdue(project, monkeypatch):
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    result = run_kb(project({"index.md": HOME}), "review-issues", "--repo", REPO_NAME)
    assert result.returncode == 0
    assert "nothing: no document is overdue for review" in result.stdout


def test_cli_with_a_token_and_nothing_overdue(project, github, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "test-token")
    monkeypatch.setenv("GITHUB_API_URL", github.url)
    result = run_kb(project({"index.md": HOME}), "review-issues", "--repo", REPO_NAME)
    assert result.returncode == 0
    assert "No document is overdue for review; no issue to open." in result.stdout
    assert github.issues == []


def test_an_unreachable_github_is_reported_in_words(project):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(GitHubError, match=f"cannot reach GitHub at http://127.0.0.1:{port}"):
        sync_issues(
            GitHubClient("test-token", f"http://127.0.0.1:{port}", timeout=5),
            REPO_NAME,
            report(project(overdue_docs())),
        )
