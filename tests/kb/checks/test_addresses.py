"""Old addresses keep working: redirects from redirect_from, and the ledger the gate checks."""

import pytest

from conftest import front_matter, run_kb
from kb.checks.addresses import (
    LEDGER_FILE,
    missing_addresses,
    read_ledger,
    redirect_map,
    redirect_problems,
    update_ledger,
)
from reader_helpers import NOW, make_document

HOME = front_matter(type="page", id=None, title="Home")


def test_redirect_from_maps_old_paths_to_the_document():
    moved = make_document("guidance/new-name.md", redirect_from=["guidance/old-name.md"])
    draft = make_document("guidance/draft.md", id="GD-2025-02", status="draft", redirect_from=["guidance/draft-old.md"])
    assert redirect_map([moved, draft], NOW) == {"guidance/old-name.md": "guidance/new-name.md"}


def test_an_old_path_that_is_still_a_page_is_a_problem():
    moved = make_document("guidance/new-name.md", redirect_from=["guidance/other.md"])
    other = make_document("guidance/other.md", id="GD-2025-02")
    (problem,) = redirect_problems([moved, other], NOW)
    assert (
        "redirect_from.1: guidance/other.md is still a page (docs/guidance/other.md), so it cannot redirect here"
        in str(problem)
    )


def test_an_old_path_claimed_twice_is_a_problem():
    first = make_document("guidance/a.md", redirect_from=["guidance/old.md"])
    second = make_document("guidance/b.md", id="GD-2025-02", redirect_from=["guidance/old.md"])
    (problem,) = redirect_problems([first, second], NOW)
    assert str(problem).startswith("docs/guidance/b.md:")
    assert "guidance/old.md already redirects to docs/guidance/a.md (keep the old path on one document only)" in str(
        problem
    )


def test_ledger_records_published_pages_and_never_forgets(tmp_path):
    published = make_document("guidance/a.md")
    draft = make_document("guidance/d.md", id="GD-2025-02", status="draft")
    assert update_ledger(tmp_path, [published, draft], NOW) == ["guidance/a.md"]
    assert update_ledger(tmp_path, [], NOW) == []
    assert read_ledger(tmp_path) == ["guidance/a.md"]


def test_a_removed_page_without_a_redirect_is_refused_with_the_fix(tmp_path):
    update_ledger(tmp_path, [make_document("guidance/a.md")], NOW)
    (problem,) = missing_addresses(tmp_path, [make_document("guidance/b.md")], NOW)
    assert str(problem) == (
        f"{LEDGER_FILE}:6: published: docs/guidance/a.md was published, but no page or redirect serves its address now "
        "(if you renamed or moved it, add `redirect_from: [guidance/a.md]` to the moved file, so old links keep"
        " working; a published page is never deleted: an editor withdraws it instead)"
    )


def _git(root, *args):
    import subprocess

    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(["git", "-C", str(root), *identity, *args], check=True, capture_output=True)


def renamed_project(project):
    """A committed project whose published guidance/old-name.md was then renamed to new-name.md with git."""
    home = HOME.replace("Some text.", "Read [the old](guidance/old-name.md).")
    other = front_matter(id="GD-2025-04", title="Other").replace(
        "Some text.", "See [x](old-name.md#a-valid-guidance-page)."
    )
    root = project(
        {"index.md": home, "guidance/old-name.md": front_matter(id="GD-2025-03"), "guidance/other.md": other}
    )
    _git(root, "init", "-q")
    assert run_kb(root, "urls").returncode == 0
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "Published")
    _git(root, "mv", "docs/guidance/old-name.md", "docs/guidance/new-name.md")
    return root


REDIRECT_TO_ADD = (
    "docs/guidance/new-name.md:20: redirect_from: this page was published as docs/guidance/old-name.md, and links to"
    " that address would stop working (add this line to the front matter: redirect_from: [guidance/old-name.md])"
)
LINKS_TO_OLD_NAME = [
    "docs/guidance/other.md:24: link: old-name.md#a-valid-guidance-page: docs/guidance/old-name.md was moved to"
    " docs/guidance/new-name.md (link to the new name: new-name.md#a-valid-guidance-page)",
    "docs/index.md:23: link: guidance/old-name.md: docs/guidance/old-name.md was moved to docs/guidance/new-name.md"
    " (link to the new name: guidance/new-name.md)",
]


def test_a_renamed_page_is_named_with_its_old_address_the_line_to_add_and_every_link_to_it(project):
    root = renamed_project(project)
    addresses = run_kb(root, "addresses")
    assert addresses.returncode == 1
    assert addresses.stdout.splitlines() == [REDIRECT_TO_ADD, *LINKS_TO_OLD_NAME]
    check = run_kb(root, "check")  # the first stage says it all at once, so one round of fixes is enough
    assert check.stdout.splitlines() == [REDIRECT_TO_ADD, *LINKS_TO_OLD_NAME]


def test_after_the_redirect_is_added_each_old_link_is_told_the_new_name(project):
    root = renamed_project(project)
    moved = root / "docs" / "guidance" / "new-name.md"
    moved.write_text(
        moved.read_text().replace("version: '1.0'\n", "version: '1.0'\nredirect_from: [guidance/old-name.md]\n")
    )
    assert run_kb(root, "addresses").returncode == 0
    assert run_kb(root, "check").stdout.splitlines() == LINKS_TO_OLD_NAME


def test_a_redirect_or_a_deliberate_withdrawal_keeps_the_address(tmp_path):
    update_ledger(tmp_path, [make_document("guidance/a.md"), make_document("guidance/w.md", id="GD-2025-02")], NOW)
    moved = make_document("guidance/b.md", redirect_from=["guidance/a.md"])
    gone = make_document(
        "guidance/w.md",
        id="GD-2025-02",
        status="withdrawn",
        withdrawn_reason="No longer needed.",
        show_withdrawal_notice=False,
    )
    assert missing_addresses(tmp_path, [moved, gone], NOW) == []


def test_gate_refuses_a_removed_address_and_urls_records_them(project):
    root = project({"index.md": HOME, "guidance/ok.md": front_matter()})
    result = run_kb(root, "urls")
    assert result.returncode == 0
    assert "Added 2 address(es) to published-urls.yml." in result.stderr
    (root / "docs" / "guidance" / "ok.md").rename(root / "docs" / "guidance" / "renamed.md")
    result = run_kb(root, "gate")
    assert result.returncode == 1
    assert (
        "published-urls.yml:6: published: docs/guidance/ok.md was published, but no page or redirect serves its address now"
        in result.stdout
    )
    assert (
        "1 published address(es) would stop working. Nothing can be published until each has a redirect."
        in result.stderr
    )
    assert "The gate stopped at the addresses stage." in result.stderr
    (root / "docs" / "guidance" / "renamed.md").write_text(front_matter(redirect_from=["guidance/ok.md"]))
    result = run_kb(root, "addresses")
    assert result.returncode == 0, result.stdout
    assert "Every address in published-urls.yml still works." in result.stderr


def test_a_build_with_a_bad_redirect_is_refused(project):
    root = project({"index.md": HOME, "guidance/ok.md": front_matter(redirect_from=["index.md"])})
    result = run_kb(root, "build")
    assert result.returncode == 1
    assert (
        "docs/guidance/ok.md:21: redirect_from.1: index.md is still a page (docs/index.md), so it cannot redirect here"
        in result.stderr
    )
    assert "1 problem(s) in the documents, listed above. Nothing was published." in result.stdout + result.stderr
    assert result.stderr.count("redirect_from.1: index.md is still a page") == 1


def test_check_refuses_a_redirect_that_takes_over_a_page_once(project):
    root = project({"index.md": HOME, "guidance/ok.md": front_matter(redirect_from=["index.md", "../outside.md"])})
    result = run_kb(root, "check")
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "redirect_from" in line]
    assert lines == [
        "docs/guidance/ok.md:21: redirect_from.1: index.md is still a page (docs/index.md), so it cannot redirect here (delete this line, or move the other page first)",
        "docs/guidance/ok.md:22: redirect_from.2: '../outside.md' is not in the right form (write the old path inside docs/, like guidance/old-name.md)",
    ]


def test_redirect_from_cannot_take_over_a_section_a_page_or_what_the_build_makes():
    section = make_document("guidance/index.md", type="page", id=None, title="Guidance")
    about = make_document("about/team.md", type="page", id=None, title="Team")
    attacker = make_document(
        "about/attacker.md", type="page", id=None, title="Attacker",
        redirect_from=["guidance.md", "about.md", "guidance/index/x.md", "search.md", "feed-guidance-new.md", "about/team/index.md", "about/old.md"],
    )  # fmt: skip
    messages = [f"{p.field}: {p.message}" for p in redirect_problems([section, about, attacker], NOW)]
    assert messages == [
        "redirect_from.1: guidance.md would be served at guidance/, the address of docs/guidance/index.md, so it cannot redirect here",
        "redirect_from.2: about.md would be served at the address of the section docs/about/, so it cannot redirect here",
        "redirect_from.4: search.md would be served at search/, where the build puts the site's search, so it cannot redirect here",
        "redirect_from.5: feed-guidance-new.md would be served at feed-guidance-new/, where the build puts the feeds, so it cannot redirect here",
        "redirect_from.6: about/team/index.md would be served at about/team/, the address of docs/about/team.md, so it cannot redirect here",
    ]
    assert redirect_map([section, about, attacker], NOW) == {
        "guidance/index/x.md": "about/attacker.md",
        "about/old.md": "about/attacker.md",
    }


@pytest.mark.parametrize(
    "old", ["https://evil.example/x.md", "../outside.md", "/guidance/x.md", "guidance//x.md", "javascript:x.md"]
)
def test_redirect_from_outside_the_site_is_refused_and_never_redirects(old):
    attacker = make_document("about/attacker.md", type="page", id=None, title="Attacker", redirect_from=[old])
    (problem,) = redirect_problems([attacker], NOW)
    assert str(problem).endswith(
        f"redirect_from.1: {old!r} is not a path of a page inside docs/ (write the old path inside docs/, like guidance/old-name.md)"
    )
    assert redirect_map([attacker], NOW) == {}
