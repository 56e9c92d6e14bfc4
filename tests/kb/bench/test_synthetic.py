"""The benchmark's synthetic corpus: realistic documents that pass the checks."""

import pytest

from kb.bench import synthetic
from kb.checks.validate import validate_project


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return synthetic.generate(tmp_path_factory.mktemp("synthetic") / "project", 60)


def test_every_generated_document_passes_the_checks(corpus, monkeypatch):
    monkeypatch.setenv("KB_NOW", synthetic.corpus_now())
    documents, problems = validate_project(corpus.root)
    assert problems == []
    assert {d.src_uri for d in documents} >= {d.src_uri for d in corpus.documents}


def test_the_corpus_covers_every_type_status_topic_and_nation(corpus):
    metas = [d.meta for d in corpus.documents]
    assert {m["type"] for m in metas} == {"position-paper", "guidance", "faq"}
    assert {m["status"] for m in metas} == {"published", "consultation", "superseded", "withdrawn"}
    assert {t for m in metas for t in m["topics"]} == set(synthetic.load_vocabularies().topics)
    assert {n for m in metas for n in m["nations"]} == set(synthetic.NATIONS)


def test_documents_are_about_800_words_and_link_across_the_tree(corpus):
    for document in corpus.documents:
        text = (corpus.docs_dir / document.src_uri).read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1]
        assert 600 <= len(body.split()) <= 1100, document.src_uri
        assert "|" in body or document.doc_type == "faq"
    assert sum(bool(d.links) for d in corpus.documents) > len(corpus.documents) / 2
    assert any(d.meta.get("related") for d in corpus.documents)


def test_layouts_place_documents_in_small_sections(tmp_path):
    flat = synthetic.generate(tmp_path / "flat", 5, layout="flat")
    assert all(d.src_uri.count("/") == 1 for d in flat.documents)
    by_year = synthetic.generate(tmp_path / "by-year", 5)
    assert all(d.src_uri.count("/") == 3 for d in by_year.documents)
    with pytest.raises(ValueError, match="layout must be one of"):
        synthetic.generate(tmp_path / "bad", 5, layout="nested")
