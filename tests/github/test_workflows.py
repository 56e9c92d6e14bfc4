"""The GitHub Actions workflows and .github files keep their promises.

Read as data: triggers (never pull_request_target), least-privilege permissions per
job, every third-party action pinned to a full commit SHA, deploys that never
overlap, the nightly schedule, and the pull request job running `make test`.
"""

import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
READ_ONLY = {"contents": "read"}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as true.
    on = workflow.get("on", workflow.get(True))
    return {on: None} if isinstance(on, str) else on


def steps(workflow: dict):
    for job_name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_name, step


@pytest.fixture(scope="module")
def pull_request() -> dict:
    return load(GITHUB / "workflows" / "pull-request.yml")


@pytest.fixture(scope="module")
def publish() -> dict:
    return load(GITHUB / "workflows" / "publish.yml")


def test_there_are_workflows():
    assert {path.name for path in WORKFLOWS} >= {"pull-request.yml", "publish.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_runs_pull_request_target(path):
    assert "pull_request_target" not in triggers(load(path))
    code = [
        line.split(" #")[0]
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")
    ]
    assert not any("pull_request_target" in line for line in code)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    text = path.read_text(encoding="utf-8")
    uses_lines = [line.strip() for line in text.splitlines() if re.match(r"^\s*(- )?uses:", line)]
    assert uses_lines
    for line in uses_lines:
        match = re.match(r"^(?:- )?uses:\s*(\S+)\s*(#.*)?$", line)
        assert match, line
        action, comment = match.groups()
        if action.startswith("./"):
            continue  # a local action is part of this repository
        assert PINNED.match(action), f"{path.name}: {action} is not pinned to a 40-character commit SHA"
        assert comment and re.match(r"# v\d+\.\d+\.\d+$", comment.strip()), (
            f"{path.name}: {action} needs a `# vX.Y.Z` comment"
        )


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_sets_its_own_permissions(path):
    workflow = load(path)
    assert "permissions" in workflow, "set a default for the whole workflow"
    assert workflow["permissions"] in ({}, READ_ONLY)
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {name} has no permissions block"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_only_the_deploy_job_can_write_pages_or_get_an_id_token(path):
    for name, job in load(path)["jobs"].items():
        permissions = job["permissions"]
        if name == "deploy":
            assert permissions == {"pages": "write", "id-token": "write"}
        else:
            assert "pages" not in permissions and "id-token" not in permissions, f"{path.name}: {name}"
            assert set(permissions.values()) <= {"read", "write", "none"}
            writes = {scope for scope, level in permissions.items() if level == "write"}
            assert writes <= ({"issues"} if name == "review" else set()), f"{path.name}: job {name} writes {writes}"


def test_pull_requests_run_the_full_gate_and_tests_read_only(pull_request):
    assert set(triggers(pull_request)) == {"pull_request"}
    assert pull_request["permissions"] == READ_ONLY
    for job in pull_request["jobs"].values():
        assert job["permissions"] == READ_ONLY
    runs = [step.get("run", "") for _, step in steps(pull_request)]
    gate = runs.index("make --no-print-directory check")
    tests = runs.index("make --no-print-directory lint\n.venv/bin/python -m pytest\n")
    assert gate < tests, "the gate's log comes first, so it starts with the problems"
    assert not any("make test" in run for run in runs), "make test would run the gate a second time"


def test_pull_requests_use_no_secrets_and_keep_no_credentials(pull_request):
    text = (GITHUB / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    assert "secrets." not in text and "github.token" not in text
    for _, step in steps(pull_request):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_pull_requests_upload_a_preview_and_summarise_the_documents(pull_request):
    uploads = [step for _, step in steps(pull_request) if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads and uploads[0]["with"]["path"] == "site/"
    summary = [step for _, step in steps(pull_request) if "kb changes" in step.get("run", "")]
    assert summary and summary[0]["if"] == "always()"
    assert '--format markdown --summary "$GITHUB_STEP_SUMMARY"' in summary[0]["run"]
    # kb changes prints the ::error annotations on its output, which must reach the log, not the summary.
    assert "tee" not in summary[0]["run"]
    runs = [step.get("run", "") for _, step in steps(pull_request)]
    assert runs.index("make --no-print-directory check") < runs.index(summary[0]["run"]), "reads the gate's report"
    # The base branch name comes in through the environment, never pasted into the script.
    assert "${{" not in summary[0]["run"]


def test_publishing_runs_on_main_nightly_and_on_demand(publish):
    on = triggers(publish)
    assert on["push"]["branches"] == ["main"]
    assert on["schedule"] and all(re.match(r"^[\d*]+ [\d*]+ \* \* \*$", entry["cron"]) for entry in on["schedule"])
    assert "workflow_dispatch" in on
    assert "pull_request" not in on


def test_deploys_never_overlap(publish):
    concurrency = publish["jobs"]["deploy"]["concurrency"]
    assert concurrency["group"]
    assert concurrency["cancel-in-progress"] is False


def test_the_site_is_built_by_the_gate_and_deployed_with_the_official_actions(publish):
    build, deploy = publish["jobs"]["build"], publish["jobs"]["deploy"]
    assert "make check" in [step.get("run") for step in build["steps"]]
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact@") for step in build["steps"])
    assert deploy["needs"] == "build"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == [
        "actions/configure-pages",
        "actions/deploy-pages",
    ]
    assert deploy["environment"]["name"] == "github-pages"


def test_nightly_checks_links_to_other_sites_without_blocking(publish):
    job = publish["jobs"]["external-links"]
    assert job["continue-on-error"] is True
    assert job["if"] == "github.event_name != 'push'"
    assert any("kb external-links" in step.get("run", "") for step in job["steps"])
    assert (REPO / "data" / "linkcheck-allowlist.yml").exists()


def test_nightly_turns_the_review_report_into_issues(publish):
    job = publish["jobs"]["review"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = " ".join(step.get("run", "") for step in job["steps"])
    assert "kb review --format markdown" in runs and "kb review-issues" in runs
    token_steps = [step for step in job["steps"] if "GITHUB_TOKEN" in step.get("env", {})]
    assert [step["env"]["GITHUB_TOKEN"] for step in token_steps] == ["${{ github.token }}"]


def test_dependabot_keeps_pip_and_actions_current():
    config = load(GITHUB / "dependabot.yml")
    assert config["version"] == 2
    assert {update["package-ecosystem"] for update in config["updates"]} == {"pip", "github-actions"}


@pytest.mark.parametrize("name", ["report-a-problem.yml", "propose-guidance.yml"])
def test_issue_forms_are_valid_forms(name):
    form = load(GITHUB / "ISSUE_TEMPLATE" / name)
    assert form["name"] and form["description"] and form["body"]
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids))
    for item in form["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        assert "label" in item["attributes"] or item["type"] == "markdown"


def test_issue_chooser_offers_only_the_forms():
    assert load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")["blank_issues_enabled"] is False


def test_pull_request_template_has_the_review_checklist():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 5
    assert "last_reviewed" in text and "review_due" in text


def test_pre_commit_runs_the_same_checks_locally_without_network():
    config = load(REPO / ".pre-commit-config.yaml")
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert all(repo["repo"] == "local" for repo in config["repos"])
    assert all(hook["language"] == "system" for hook in hooks)
    entries = " ".join(hook["entry"] for hook in hooks)
    assert "make --no-print-directory check" in entries and "make --no-print-directory lint" in entries


@pytest.mark.parametrize("name", ["pull-request.yml", "publish.yml"])
def test_rendered_pdfs_conversions_and_pages_links_are_kept_between_runs(name):
    workflow = load(GITHUB / "workflows" / name)
    cached = [step for _, step in steps(workflow) if str(step.get("uses", "")).startswith("actions/cache@")]
    assert cached, f"{name} does not keep .cache/pdf between runs"
    assert cached[0]["with"]["path"].split() == [
        ".cache/pdf",
        ".cache/pages",
        ".cache/search",
        ".cache/check",
        ".cache/linkcheck",
    ]
    assert cached[0]["with"]["restore-keys"] == "build-caches-"
