"""libyaml reads front matter for speed; it must read it exactly as the pure-Python loader does."""

from pathlib import Path

import pytest

from kb.bench import synthetic
from kb.content import frontmatter
from kb.content.frontmatter import FrontMatterError, parse

REPO = Path(__file__).resolve().parents[3]
TRICKY = [
    b"---\ntitle: Hello\nnations: [England, Wales]\nversion: '1.0'\n---\n",
    b"---\nsummary: >\n  folded\n  text\nkey_asks:\n  - one\n  - 'two: three'\n---\n",
    b"---\nquestions: [What is this?]\n---\n",
    b"---\nconsultation: {closes: 2025-01-01, how_to_respond: by email}\n---\n",
    b"---\ntitle: x\n\tsummary: y\n---\n",
    b"---\na: &x [1]\nb: *x\n---\n",
    b"---\ntitle: x\x07\n---\n",
    "---\ntitle: Caf\u00e9 \u2019quotes\u2019 \u00a3 \U0001f600\n---\n".encode(),
    b"---\ntitle: x\nsummary:y: z: w\n---\n",
    b"---\ntitle: no\n---\n",
]


def read(raw: bytes) -> object:
    try:
        parsed = parse(raw)
    except FrontMatterError as error:
        return ("error", error.line, error.message, error.fix)
    return (parsed.meta, parsed.lines, parsed.body, parsed.body_line)


def every_sample(tmp: Path) -> list[bytes]:
    corpus = synthetic.generate(tmp / "corpus", 40)
    sources = [*REPO.glob("docs/**/*.md"), *REPO.glob("tests/fixtures/**/*.md"), *corpus.docs_dir.rglob("*.md")]
    return TRICKY + [path.read_bytes() for path in sources]


@pytest.mark.skipif(frontmatter._FAST_LOADER is None, reason="PyYAML without libyaml")
def test_fast_and_pure_python_loaders_read_every_sample_alike(tmp_path, monkeypatch):
    samples = every_sample(tmp_path)
    fast = [read(raw) for raw in samples]
    monkeypatch.setattr(frontmatter, "_FAST_LOADER", None)
    assert [read(raw) for raw in samples] == fast
