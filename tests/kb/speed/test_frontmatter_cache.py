"""Front matter remembered by its text (kb.speed.frontmatter_cache): what comes back is exactly what
reading gives, a changed block is read again, and a block with a mistake is reported every time."""

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, front_matter, guidance_texts, make_project
from kb.content import frontmatter
from kb.content.documents import load_documents
from kb.content.frontmatter import FrontMatterError, parse
from kb.speed import frontmatter_cache
from kb.speed.cache_files import REMEMBER_FROM, read_json, write_json
from kb.speed.frontmatter_cache import RememberedFrontMatter
from read_only_cache import read_only


@pytest.fixture
def blocks_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The blocks really read (not taken from the memory), by their first field line."""
    seen: list[str] = []
    real = frontmatter.read_block
    monkeypatch.setattr(frontmatter, "read_block", lambda block: seen.append(block.split("\n", 1)[0]) or real(block))
    return seen


def as_read(documents: list) -> list[tuple]:
    return [
        (d.src_uri, json.dumps(d.meta), sorted(d.parsed.lines.items()), d.parsed.body, d.parsed.body_line)
        for d in documents
    ]


def test_a_second_run_reads_no_unchanged_block_and_gets_the_same_documents(tmp_path, blocks_read):
    root = make_project(tmp_path / "p", guidance_texts(REMEMBER_FROM))
    first, problems = load_documents(root)
    assert not problems and len(blocks_read) == REMEMBER_FROM
    blocks_read.clear()
    again, _ = load_documents(root)
    assert blocks_read == [] and as_read(again) == as_read(first)


def test_a_changed_block_is_read_again_and_a_changed_text_alone_is_not(tmp_path, blocks_read):
    texts = guidance_texts(REMEMBER_FROM)
    root = make_project(tmp_path / "p", texts)
    load_documents(root)
    blocks_read.clear()
    (root / "docs/guidance/g1.md").write_text(texts["guidance/g1.md"] + "\nA new paragraph.\n", encoding="utf-8")
    (root / "docs/guidance/g2.md").write_text(front_matter(id="GD-2025-02", title="A new title"), encoding="utf-8")
    documents = {d.src_uri: d for d in load_documents(root)[0]}
    assert blocks_read == ["id: GD-2025-02"]
    assert documents["guidance/g1.md"].parsed.body.endswith("A new paragraph.\n")
    assert documents["guidance/g2.md"].title == "A new title"


def test_a_block_with_a_mistake_is_read_and_reported_every_time(tmp_path, blocks_read):
    texts = guidance_texts(REMEMBER_FROM)
    texts["guidance/g1.md"] = texts["guidance/g1.md"].replace(
        "audience: members", "audience: members\naudience: public"
    )
    root = make_project(tmp_path / "p", texts)
    load_documents(root)
    for _ in range(2):
        blocks_read.clear()
        problems = load_documents(root)[1]
        assert [(p.path, p.line) for p in problems] == [("docs/guidance/g1.md", 8)]
        assert "appears twice" in problems[0].message
        assert blocks_read == ["id: GD-2025-01"]


def test_nothing_is_remembered_for_a_small_collection(tmp_path):
    root = make_project(tmp_path / "p", guidance_texts(REMEMBER_FROM - 1))
    load_documents(root)
    assert not frontmatter_cache.cache_file(root).exists()


@pytest.mark.parametrize(
    "damage",
    [
        "{not json",
        json.dumps({"reader": "another reader", "blocks": {}}),
        json.dumps({"reader": "x", "blocks": []}),
        json.dumps([1]),
    ],
)
def test_a_damaged_or_foreign_memory_reads_every_block(tmp_path, blocks_read, damage):
    root = make_project(tmp_path / "p", guidance_texts(REMEMBER_FROM))
    load_documents(root)
    frontmatter_cache.cache_file(root).write_text(damage, encoding="utf-8")
    blocks_read.clear()
    assert not load_documents(root)[1]
    assert len(blocks_read) == REMEMBER_FROM


def test_a_damaged_entry_is_read_again(tmp_path, blocks_read):
    memory_file = tmp_path / "memory.json"
    raw = front_matter().encode()
    first = RememberedFrontMatter(memory_file)
    first.parse(raw)
    first.save()
    saved = read_json(memory_file)
    saved["blocks"] = {key: {"meta": "not fields", "lines": []} for key in saved["blocks"]}
    write_json(memory_file, saved)  # stored with its hash: the entry itself is what is wrong
    expected = parse(raw).meta
    blocks_read.clear()
    assert RememberedFrontMatter(memory_file).parse(raw).meta == expected
    assert len(blocks_read) == 1


def test_a_change_to_the_reading_code_reads_every_block_again(tmp_path, monkeypatch):
    before = frontmatter_cache.reader_fingerprint()
    monkeypatch.setattr(frontmatter_cache.yaml, "__version__", "0.0")
    assert frontmatter_cache.reader_fingerprint() != before


def test_an_unwritable_memory_only_means_nothing_is_remembered(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    memory = RememberedFrontMatter(blocker / "memory.json")
    assert memory.parse(front_matter().encode()).meta["id"] == "GD-2025-01"
    memory.save()


def every_sample() -> list[Path]:
    return sorted([*FIXTURES.rglob("*.md"), *(REPO / "docs").rglob("*.md")])


def test_every_sample_comes_back_from_memory_exactly_as_read(tmp_path):
    """Fixtures (hostile ones included) and the site's own pages: values, their types and lines."""
    memory_file = tmp_path / "memory.json"
    first = RememberedFrontMatter(memory_file)
    expected = {}
    for path in every_sample():
        raw = path.read_bytes()
        try:
            expected[path] = parse(raw)
        except FrontMatterError:
            continue
        first.parse(raw)
    first.save()
    second = RememberedFrontMatter(memory_file)
    for path, parsed in expected.items():
        again = second.parse(path.read_bytes())
        assert (json.dumps(again.meta), again.lines, again.body, again.body_line) == (
            json.dumps(parsed.meta),
            parsed.lines,
            parsed.body,
            parsed.body_line,
        ), path
    assert second.reused == len(expected) > 40


def test_a_changed_memory_whose_hash_was_not_changed_reads_every_block_and_says_so(tmp_path, blocks_read, caplog):
    root = make_project(tmp_path / "p", guidance_texts(REMEMBER_FROM))
    load_documents(root)
    memory = frontmatter_cache.cache_file(root)
    memory.write_bytes(memory.read_bytes().replace(b"Guidance 1", b"Planted 1"))
    blocks_read.clear()
    with caplog.at_level("INFO", logger="mkdocs.kb"):
        documents = {d.src_uri: d for d in load_documents(root)[0]}
    assert len(blocks_read) == REMEMBER_FROM and documents["guidance/g1.md"].title == "Guidance 1"
    assert caplog.messages == [
        ".cache/check/front-matter.json: a damaged cache entry was thrown away (its content does not match its hash); the work is done again"
    ]


def test_a_read_only_memory_is_read_and_never_written(tmp_path, monkeypatch, blocks_read):
    root = make_project(tmp_path / "p", guidance_texts(REMEMBER_FROM))
    load_documents(root)
    (root / "docs/guidance/g2.md").write_text(front_matter(id="GD-2025-02", title="A new title"), encoding="utf-8")
    read_only(monkeypatch, root / ".cache")
    for _ in range(2):
        blocks_read.clear()
        documents = {d.src_uri: d for d in load_documents(root)[0]}
        assert blocks_read == ["id: GD-2025-02"] and documents["guidance/g2.md"].title == "A new title"
