"""Passes remembered between runs (kb.speed.passed_checks): a document is skipped only while
everything its checks read is unchanged, and problems are found again every time."""

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import REPO, TEST_NOW, documents_from, front_matter, guidance_texts, make_project, run_kb
from kb.checks import content_safety, validate
from kb.checks.validate import Validator
from kb.content.documents import load_documents
from kb.speed import passed_checks
from kb.speed.cache_files import REMEMBER_FROM, read_json
from read_only_cache import read_only, read_only_env


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents the schema check really looked at, in a run that starts afresh (as a new process does)."""
    seen: list[str] = []
    real_check = Validator.check_document
    monkeypatch.setattr(
        Validator, "check_document", lambda self, document: seen.append(document.src_uri) or real_check(self, document)
    )
    monkeypatch.setattr(validate, "_checked", {})
    return seen


def run_again(
    monkeypatch: pytest.MonkeyPatch, texts: dict[str, str], root: Path, validator: Validator | None = None
) -> list[str]:
    monkeypatch.setattr(validate, "_checked", {})  # what a new process forgets
    problems = (validator or Validator(REPO)).check_all(documents_from(texts), remember_in=root)
    return [f"{p.path}:{p.field}" for p in problems]


def test_a_new_run_skips_documents_that_passed_and_checks_the_rest_again(tmp_path, monkeypatch, checked):
    texts = guidance_texts(REMEMBER_FROM)
    texts["guidance/g2.md"] = front_matter(id="GD-2025-02", title="Guidance 2", audience="everyone")
    assert run_again(monkeypatch, texts, tmp_path) == ["docs/guidance/g2.md:audience"]
    assert len(checked) == REMEMBER_FROM
    checked.clear()
    assert run_again(monkeypatch, texts, tmp_path) == ["docs/guidance/g2.md:audience"]
    assert checked == ["guidance/g2.md"]  # problems are never remembered: found again, in the same words


def test_a_changed_field_is_checked_again(tmp_path, monkeypatch, checked):
    texts = guidance_texts(REMEMBER_FROM)
    run_again(monkeypatch, texts, tmp_path)
    checked.clear()
    texts["guidance/g3.md"] = front_matter(
        id="GD-2025-03", title="Guidance 3", summary="A changed summary of this guidance page."
    )
    assert run_again(monkeypatch, texts, tmp_path) == []
    assert checked == ["guidance/g3.md"]


def test_a_changed_schema_checks_every_document_again(tmp_path, monkeypatch, checked):
    texts = guidance_texts(REMEMBER_FROM)
    run_again(monkeypatch, texts, tmp_path)
    checked.clear()
    changed = Validator(REPO)
    changed.raw_schema = {**changed.raw_schema, "title": "a changed schema"}
    run_again(monkeypatch, texts, tmp_path, changed)
    assert len(checked) == REMEMBER_FROM


def test_a_change_to_the_checks_code_checks_every_document_again(tmp_path, monkeypatch, checked):
    texts = guidance_texts(REMEMBER_FROM)
    run_again(monkeypatch, texts, tmp_path)
    checked.clear()
    monkeypatch.setattr(passed_checks, "code_fingerprint", lambda: "the code changed")
    run_again(monkeypatch, texts, tmp_path)
    assert len(checked) == REMEMBER_FROM


def test_a_damaged_memory_checks_everything(tmp_path, monkeypatch, checked):
    texts = guidance_texts(REMEMBER_FROM)
    run_again(monkeypatch, texts, tmp_path)
    passed_checks.cache_file(tmp_path).write_text("[not json", encoding="utf-8")
    checked.clear()
    assert run_again(monkeypatch, texts, tmp_path) == []
    assert len(checked) == REMEMBER_FROM
    assert len(read_json(passed_checks.cache_file(tmp_path))) == REMEMBER_FROM


def test_keys_follow_what_the_checks_read_the_front_matter_and_the_place():
    def key(uri: str, text: str, fingerprint: str = "f") -> str:
        [document] = documents_from({uri: f"---\n{text}\n---\n"})
        return passed_checks.document_key(fingerprint, document)

    base = key("guidance/a.md", "published: 2025-01-10")
    assert key("guidance/a.md", 'published: "2025-01-10"') == base  # the same value, as the checks see it
    assert key("guidance/a.md", "published: 2025-01-11") != base
    assert key("faqs/a.md", "published: 2025-01-10") != base
    assert key("guidance/a.md", "published: 2025-01-10", fingerprint="g") != base


def test_texts_scanned_clean_are_not_scanned_again_but_findings_and_template_code_are(tmp_path, monkeypatch):
    texts = guidance_texts(REMEMBER_FROM)
    texts["guidance/g1.md"] = texts["guidance/g1.md"].replace("Some text.", "<script>alert(1)</script>")
    texts["guidance/g2.md"] = texts["guidance/g2.md"].replace("Some text.", '{{ document_list(type="guidance") }}')
    root = make_project(tmp_path / "p", texts)
    documents, _ = load_documents(root)
    scanned: list[str] = []
    real_check = content_safety.check_document
    monkeypatch.setattr(
        content_safety,
        "check_document",
        lambda document, *args: scanned.append(document.src_uri) or real_check(document, *args),
    )

    def problems() -> list[str]:
        return [
            f"{p.path}:{p.line}:{p.field}"
            for p in content_safety.check_content(root, root / "docs", documents, datetime.now(UTC))
        ]

    first = problems()
    assert first == ["docs/guidance/g1.md:24:HTML"]
    assert len(scanned) == REMEMBER_FROM
    scanned.clear()
    assert problems() == first
    assert sorted(scanned) == ["guidance/g1.md", "guidance/g2.md"]  # the finding again; template code judged every time


def test_the_fingerprint_follows_the_code_and_the_checking_libraries(monkeypatch):
    before = passed_checks.code_fingerprint()
    assert passed_checks.code_fingerprint() == before
    monkeypatch.setattr(
        passed_checks.importlib.metadata, "version", lambda package: "99.0" if package == "jsonschema" else "1.0"
    )
    assert passed_checks.code_fingerprint() != before


def test_a_changed_memory_whose_hash_was_not_changed_checks_everything_and_says_so(
    tmp_path, monkeypatch, checked, caplog
):
    texts = guidance_texts(REMEMBER_FROM)
    texts["guidance/g2.md"] = front_matter(id="GD-2025-02", title="Guidance 2", audience="everyone")
    run_again(monkeypatch, texts, tmp_path)
    memory = passed_checks.cache_file(tmp_path)
    memory.write_bytes(memory.read_bytes().replace(b'"]}', b'","' + b"0" * 64 + b'"]}'))
    checked.clear()
    with caplog.at_level("INFO", logger="mkdocs.kb"):
        assert run_again(monkeypatch, texts, tmp_path) == ["docs/guidance/g2.md:audience"]
    assert len(checked) == REMEMBER_FROM
    assert caplog.messages == [
        ".cache/check/passed.json: a damaged cache entry was thrown away (its content does not match its hash); the work is done again"
    ]


@pytest.mark.parametrize("how", ["a file where the folder should be", "read-only"])
def test_a_memory_that_cannot_be_written_only_means_checking_everything(tmp_path, monkeypatch, checked, how):
    texts = guidance_texts(REMEMBER_FROM)
    if how == "read-only":
        (tmp_path / ".cache").mkdir()
        read_only(monkeypatch, tmp_path / ".cache")
    else:
        (tmp_path / ".cache").write_text("", encoding="utf-8")
    for _ in range(2):
        checked.clear()
        assert run_again(monkeypatch, texts, tmp_path) == []
        assert len(checked) == REMEMBER_FROM


def test_kb_check_with_a_cache_that_cannot_be_written_passes_and_prints_no_traceback(tmp_path):
    texts = {"index.md": front_matter(type="page", id=None, title="Home"), **guidance_texts(REMEMBER_FROM)}
    root = make_project(tmp_path / "p", texts)
    assert run_kb(root, "check").returncode == 0
    passed = passed_checks.cache_file(root)
    passed.write_bytes(
        passed.read_bytes().replace(b'"]}', b'","' + b"0" * 64 + b'"]}')
    )  # damaged, and cannot be removed
    env = read_only_env(
        tmp_path, root / ".cache", {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "KB_NOW": TEST_NOW}
    )
    result = subprocess.run(
        [sys.executable, "-m", "kb", "--root", str(root), "check"], capture_output=True, text=True, env=env, check=False
    )
    assert (result.returncode, "Traceback" in result.stderr) == (0, False), result.stderr
    assert (
        "INFO    -  .cache/check/passed.json: a damaged cache entry was thrown away (its content does not match its hash); the work is done again"
        in result.stderr
    )
    shutil.rmtree(root / ".cache")
    (root / ".cache").write_text("a file where the cache folder should be", encoding="utf-8")
    result = run_kb(root, "check")
    assert (result.returncode, "Traceback" in result.stderr) == (0, False), result.stderr
