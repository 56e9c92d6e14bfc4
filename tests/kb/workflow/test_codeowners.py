"""CODEOWNERS is generated from data/people.yml and kept up to date."""

from conftest import REPO, front_matter, run_kb
from kb.content.documents import load_documents
from kb.content.vocabularies import Vocabularies, load_vocabularies
from kb.workflow.codeowners import PLACEHOLDER_TEAM, codeowners_file, render


def vocabularies_with(**handles):
    real = load_vocabularies(REPO)
    people = {
        role: {**person, "github": handles.get(role.replace("-", "_"), person.get("github"))}
        for role, person in real.people.items()
    }
    return Vocabularies(topics=real.topics, people=people)


def test_the_committed_file_is_up_to_date():
    documents, _ = load_documents(REPO)
    assert codeowners_file(REPO).read_text(encoding="utf-8") == render(load_vocabularies(REPO), documents), (
        "run `make codeowners`"
    )


def test_null_handles_fall_back_to_the_marked_placeholder():
    text = render(vocabularies_with(), [])
    assert f"/docs/position-papers/ {PLACEHOLDER_TEAM}" in text
    assert "is a PLACEHOLDER used while a role's `github` handle in data/people.yml is null" in text


def test_papers_need_the_policy_editor_and_guidance_its_owner(project):
    root = project(
        {
            "guidance/by-membership.md": front_matter(owner="membership-lead"),
            "guidance/by-guidance-editor.md": front_matter(id="GD-2025-02"),
        }
    )
    documents, _ = load_documents(root)
    text = render(
        vocabularies_with(
            policy_editor="policy-ed", guidance_editor="guide-ed", membership_lead="@member-lead", web_editor="web-ed"
        ),
        documents,
    )
    assert "/docs/position-papers/ @policy-ed" in text
    assert "/docs/guidance/ @guide-ed" in text
    assert "/docs/guidance/by-membership.md @guide-ed @member-lead" in text
    assert "by-guidance-editor.md" not in text
    assert "/scripts/ @web-ed" in text
    assert "/.github/ @web-ed" in text
    # Later lines win in CODEOWNERS: folder rules come after the catch-all.
    assert text.index("* @web-ed") < text.index("/docs/guidance/ @guide-ed")


def test_check_reports_an_out_of_date_file(project):
    root = project({"guidance/a.md": front_matter()})
    result = run_kb(root, "codeowners", "--check")
    assert result.returncode == 1
    assert ".github/CODEOWNERS is out of date with data/people.yml; run `make codeowners`." in result.stderr
    written = run_kb(root, "codeowners")
    assert written.returncode == 0
    assert "Wrote .github/CODEOWNERS." in written.stderr
    result = run_kb(root, "codeowners", "--check")
    assert result.returncode == 0
    assert ".github/CODEOWNERS is up to date." in result.stderr
