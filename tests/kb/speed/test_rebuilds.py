"""What `mkdocs serve` keeps between the rebuilds after each save, and what it never keeps.

A rebuild reuses the work done on files whose bytes did not change (front
matter parsed, schema checked, markup scanned) and Material's compiled
templates; anything that changed is done again, and errors are never kept.
"""

import jinja2
import pytest

from conftest import REPO, documents_from, front_matter, guidance_texts
from kb.checks import validate
from kb.checks.content_safety import check_markup
from kb.checks.validate import Validator
from kb.content.documents import parse_unchanged
from kb.content.frontmatter import FrontMatterError
from kb.speed.cache_files import REMEMBER_FROM
from kb.speed.theme_cache import MemoryBytecodeCache


def test_unchanged_bytes_are_parsed_once_and_broken_ones_every_time():
    text = front_matter().encode()
    assert parse_unchanged(text) is parse_unchanged(bytes(text))
    for _ in range(2):
        with pytest.raises(FrontMatterError):
            parse_unchanged(b"---\ntitle: [x\n---\n")


def test_a_rebuild_checks_again_only_the_documents_that_changed(monkeypatch):
    texts = guidance_texts(REMEMBER_FROM)
    first = Validator(REPO).check_all(documents_from(texts))
    checked: list[str] = []
    real_check = Validator.check_document
    monkeypatch.setattr(
        Validator,
        "check_document",
        lambda self, document: checked.append(document.src_uri) or real_check(self, document),
    )
    assert Validator(REPO).check_all(documents_from(texts)) == first == []
    assert checked == []
    texts["guidance/g3.md"] = front_matter(id="GD-2025-03", title="Guidance 3", summary=None)
    second = Validator(REPO).check_all(documents_from(texts))
    assert checked == ["guidance/g3.md"]
    assert [(p.path, p.field) for p in second] == [("docs/guidance/g3.md", "summary")]


def test_remembered_problems_are_forgotten_when_the_schema_changes(monkeypatch):
    texts = guidance_texts(REMEMBER_FROM)
    Validator(REPO).check_all(documents_from(texts))
    changed = Validator(REPO)
    changed.schema = {**changed.schema, "title": "a changed schema"}
    checked: list[str] = []
    real_check = Validator.check_document
    monkeypatch.setattr(
        Validator,
        "check_document",
        lambda self, document: checked.append(document.src_uri) or real_check(self, document),
    )
    changed.check_all(documents_from(texts))
    assert len(checked) == REMEMBER_FROM
    assert validate._checked  # remembered under the new schema too


def test_markup_findings_are_remembered_as_copies():
    text = "<script>alert(1)</script>"
    first = check_markup(text)
    first.clear()
    assert [f.field for f in check_markup(text)] == ["HTML"]


def test_theme_templates_are_compiled_once_across_environments(monkeypatch):
    cache = MemoryBytecodeCache()
    compiled: list[str] = []
    real_compile = jinja2.Environment.compile

    def counting_compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return real_compile(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting_compile)
    templates = {"page.html": "Hello {{ name }}"}
    for _ in range(2):
        env = jinja2.Environment(loader=jinja2.DictLoader(templates), bytecode_cache=cache)
        assert env.get_template("page.html").render(name="reader") == "Hello reader"
    assert compiled == ["page.html"]
    templates["page.html"] = "Goodbye {{ name }}"
    env = jinja2.Environment(loader=jinja2.DictLoader(templates), bytecode_cache=cache)
    assert env.get_template("page.html").render(name="reader") == "Goodbye reader"
    assert compiled == ["page.html", "page.html"]
