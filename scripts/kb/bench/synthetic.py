"""A synthetic corpus for the benchmark: N documents that pass the gate.

The corpus is a whole project (the real ``mkdocs.yml``, ``scripts/``,
``overrides/``, ``data/`` and pages of ``docs/``) plus N generated position
papers, guidance and FAQs. Their metadata is drawn from the real vocabularies
(every type, topic, nation, owner and lifecycle status), their text is about
800 words of varied Markdown (headings, tables, lists, an admonition), and
they link to each other and to each other's headings across the tree.

Three layouts: ``flat`` (one folder a type, as authors keep it, and what
``make bench`` measures), ``topic`` and ``topic-year`` (a type folder holds one
sub-folder per topic, with an index page listing its documents, and the topic
folder one sub-folder per year). Whatever the layout, a page's sidebar stays the
same size: a big section shows only the page's neighbours and a link to its
index (kb.reader.navigation.bounded).

Generation is deterministic for a given N and seed.
"""

from __future__ import annotations

import posixpath
import random
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

from kb import paths
from kb.content.documents import FOLDER_FOR_TYPE, load_documents, site_address
from kb.content.vocabularies import load_vocabularies

# The moment the corpus is generated "as of": benchmark builds set KB_NOW to it.
CORPUS_NOW = "2026-11-25T12:00:00+00:00"  # every generated date is before this; see corpus_now()
TODAY = date(2026, 11, 25)
NATIONS = ["England", "Scotland", "Wales", "Northern Ireland"]
LAYOUTS = ("topic-year", "topic", "flat")
TYPE_SHARES = (("guidance", 0.45), ("position-paper", 0.25), ("faq", 0.30))
ID_PREFIX = {"position-paper": "PP", "guidance": "GD", "faq": "FAQ"}
# Headings every generated paper and guidance page has, so others can link to them.
SECTION_HEADINGS = [
    "Summary",
    "Background",
    "What this means for practices",
    "How to put it into practice",
    "Evidence and sources",
    "Next steps",
]
ANCHORS = [
    "summary",
    "background",
    "what-this-means-for-practices",
    "how-to-put-it-into-practice",
    "evidence-and-sources",
    "next-steps",
]

SUBJECTS = [
    "practice managers",
    "PCN managers",
    "reception teams",
    "clinical leads",
    "partners",
    "integrated care boards",
    "health boards",
    "local medical committees",
    "patient participation groups",
    "new managers",
    "operations managers",
    "business managers",
]
VERBS = [
    "need clear guidance on",
    "should plan ahead for",
    "are asked to review",
    "can share the work of",
    "often carry the cost of",
    "depend on early notice of",
    "should keep a record of",
    "can agree locally on",
    "are responsible for",
    "must be consulted about",
]
OBJECTS = [
    "the annual contract changes",
    "rota planning across sites",
    "appointment systems",
    "the practice's premises",
    "staff wellbeing",
    "data protection duties",
    "recruitment of new staff",
    "complaints handling",
    "the move to neighbourhood health",
    "online access for patients",
    "business continuity",
    "training time for the team",
    "workforce planning",
    "shared services at PCN level",
]
CLAUSES = [
    "before the change takes effect",
    "so that patients are not affected",
    "in line with local agreements",
    "with the support of the wider team",
    "when the national position is clear",
    "and keep the decision under review",
    "while protecting protected learning time",
    "as part of the yearly planning cycle",
    "so that nothing falls between organisations",
    "and tell the team what has changed",
]
QUESTION_STARTS = ["How do", "When should", "Who decides how", "Why do", "What happens when", "Can"]
TITLE_FORMS = [
    "{topic}: {object}",
    "Managing {object}",
    "A guide to {object}",
    "Planning for {object}",
    "{object} in {nation}",
    "Getting {object} right",
]


@dataclass
class SyntheticDocument:
    doc_id: str
    doc_type: str
    src_uri: str  # path inside docs/
    meta: dict[str, object]
    links: list[tuple[str, str]] = field(default_factory=list)  # (src_uri, anchor)


@dataclass
class Corpus:
    root: Path
    documents: list[SyntheticDocument]

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    def position_paper(self) -> SyntheticDocument | None:
        return next(
            (d for d in self.documents if d.doc_type == "position-paper" and d.meta["status"] == "published"), None
        )


def make_project(root: Path, repo: Path = paths.REPO_ROOT) -> Path:
    """A project folder like the repository: config copied, code and data linked, pages copied."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(repo / "mkdocs.yml", root / "mkdocs.yml")
    for shared in ("scripts", "overrides", "data"):
        (root / shared).symlink_to(repo / shared)
    shutil.copytree(repo / "docs", root / "docs")
    return root


def generate(root: Path, count: int, seed: int = 8, repo: Path = paths.REPO_ROOT, layout: str = "topic-year") -> Corpus:
    """Write a project with ``count`` synthetic documents into ``root``.

    ``layout`` places each document in its type folder (``flat``), in a
    sub-folder for its main topic (``topic``), or in a topic folder then a
    year folder (``topic-year``, the default: sections stay small as the
    collection grows year by year).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}")
    make_project(root, repo)
    vocabularies = load_vocabularies(repo)
    topics = list(vocabularies.topics)
    people = list(vocabularies.people)
    rng = random.Random(seed)
    taken = {site_address(path.relative_to(root / "docs").as_posix()) for path in (root / "docs").rglob("*.md")}
    documents = _plan(count, topics, people, vocabularies.topic_label, rng, layout, taken)
    _link_lifecycles(documents, rng)
    titles = {d.src_uri: str(d.meta["title"]) for d in documents}
    linkable = [d for d in documents if d.doc_type != "faq" and is_public(d)]
    for document in documents:
        others = [d for d in rng.sample(documents, min(len(documents), 4)) if d is not document]
        document.meta["related"] = [d.doc_id for d in others[:2]] or []
        if not document.meta["related"]:
            del document.meta["related"]
        targets = [d for d in rng.sample(linkable, min(len(linkable), 3)) if d is not document] if linkable else []
        document.links = [(d.src_uri, rng.choice(ANCHORS)) for d in targets]
    docs = root / "docs"
    sections = (
        {(FOLDER_FOR_TYPE[d.doc_type], d.src_uri.split("/")[1], str(d.meta["topics"][0])) for d in documents}
        if layout != "flat"
        else set()
    )  # type: ignore[index]
    for folder, section, topic in sorted(sections):
        _write(
            docs / folder / section / "index.md",
            _section_index(
                folder, topic, vocabularies.topic_label(topic), vocabularies.topics[topic].get("description", "")
            ),
        )
    for document in documents:
        _write(docs / document.src_uri, _document_text(document, titles, rng))
    return Corpus(root, documents)


def _plan(
    count: int,
    topics: list[str],
    people: list[str],
    topic_label: object,
    rng: random.Random,
    layout: str,
    taken: set[str],
) -> list[SyntheticDocument]:
    documents = []
    numbers: dict[tuple[str, int], int] = {}
    for index in range(count):
        doc_type = _pick_type(index, count)
        year = 2019 + index % 8
        # Three-digit numbers from 100: never the two-digit ids real documents use.
        number = numbers.get((doc_type, year), 100)
        numbers[(doc_type, year)] = number + 1
        doc_id = f"{ID_PREFIX[doc_type]}-{year}-{number}"
        doc_topics = [
            topics[index % len(topics)],
            *rng.sample([t for t in topics if t != topics[index % len(topics)]], rng.choice([0, 1, 2])),
        ]
        nations = rng.choice(
            [NATIONS, ["England"], ["England", "Wales"], ["Scotland"], ["Wales"], ["Northern Ireland"], NATIONS[:3]]
        )
        published = date(year, 1, 1) + timedelta(days=rng.randrange(0, 300))
        published = min(published, TODAY - timedelta(days=30))
        updated = min(published + timedelta(days=rng.randrange(0, 400)), TODAY - timedelta(days=1))
        reviewed = max(updated, TODAY - timedelta(days=rng.randrange(1, 330)))
        title = _title(rng, topic_label(doc_topics[0]), nations[0], index)  # type: ignore[operator]
        slug = "-".join(re.sub(r"[^a-z0-9 ]", "", title.lower()).split()[:6])
        owner = rng.choice(people)
        meta: dict[str, object] = {
            "id": doc_id,
            "title": title,
            "summary": _sentence(rng) + " " + _sentence(rng),
            "type": doc_type,
            "status": "published",
            "audience": rng.choice(["public", "members"]),
            "nations": nations,
            "topics": doc_topics,
            "owner": owner,
            "authors": sorted({owner, rng.choice(people)}),
            "published": published.isoformat(),
            "updated": updated.isoformat(),
            "last_reviewed": reviewed.isoformat(),
            "review_due": (reviewed + timedelta(days=365)).isoformat(),
            "version": "1.0",
        }
        if doc_type == "position-paper":
            meta["key_asks"] = [_sentence(rng) for _ in range(rng.randint(2, 4))]
        if doc_type == "faq":
            meta["questions"] = _questions(rng)
        section = _section_folder(FOLDER_FOR_TYPE[doc_type], doc_topics[0], taken)
        folder = {"flat": "", "topic": f"{section}/", "topic-year": f"{section}/{year}/"}[layout]
        src_uri = f"{FOLDER_FOR_TYPE[doc_type]}/{folder}{slug}-{doc_id.lower()}.md"
        documents.append(SyntheticDocument(doc_id, doc_type, src_uri, meta))
    return documents


def _section_folder(type_folder: str, topic: str, taken: set[str]) -> str:
    """The topic's folder, unless a page of the site is already at that address (faqs/contributing.md)."""
    return topic if site_address(f"{type_folder}/{topic}/index.md") not in taken else f"{topic}-topic"


def _pick_type(index: int, count: int) -> str:
    """Types in fixed shares, interleaved so every N has every type."""
    position = (index * 0.618034) % 1.0
    total = 0.0
    for doc_type, share in TYPE_SHARES:
        total += share
        if position < total:
            return doc_type
    return TYPE_SHARES[-1][0]


def _link_lifecycles(documents: list[SyntheticDocument], rng: random.Random) -> None:
    """Give a few documents every other lifecycle status, consistently."""
    for index, document in enumerate(documents):
        meta = document.meta
        if index % 17 == 5:
            meta["status"] = "consultation"
            meta["consultation"] = {
                "closes": (TODAY + timedelta(days=40)).isoformat(),
                "how_to_respond": "Email the policy team with your views by the closing date.",
            }
        elif index % 23 == 7:
            meta["status"] = "withdrawn"
            meta["withdrawn_reason"] = "The national scheme this described has ended."
            meta["show_withdrawal_notice"] = True
        elif index % 13 == 3:
            successor = next(
                (
                    d
                    for d in documents[index + 1 :]
                    if d.doc_type == document.doc_type
                    and d.meta["status"] == "published"
                    and "supersedes" not in d.meta
                ),
                None,
            )
            if successor is not None and str(successor.meta["published"]) >= str(meta["published"]):
                meta["status"] = "superseded"
                meta["superseded_by"] = successor.doc_id
                successor.meta["supersedes"] = document.doc_id
        if index % 5 == 0 and meta["status"] == "published":
            meta["version"] = "1.1"
            meta["changes"] = [
                {
                    "version": "1.1",
                    "date": meta["updated"],
                    "summary": "Brought up to date with the latest national position.",
                },
                {"version": "1.0", "date": meta["published"], "summary": "First published."},
            ]


def is_public(document: SyntheticDocument) -> bool:
    return document.meta["status"] in ("published", "consultation", "superseded", "withdrawn")


def _title(rng: random.Random, topic: str, nation: str, index: int) -> str:
    words = rng.choice(TITLE_FORMS).format(topic=topic, object=rng.choice(OBJECTS), nation=nation)
    return f"{words[0].upper()}{words[1:]}"


def _sentence(rng: random.Random) -> str:
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}."
    return text[0].upper() + text[1:]


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _questions(rng: random.Random) -> list[str]:
    questions: list[str] = []
    while len(questions) < 5:
        question = f"{rng.choice(QUESTION_STARTS)} {rng.choice(SUBJECTS)} handle {rng.choice(OBJECTS)}?"
        if question not in questions:
            questions.append(question)
    return questions


def _link(document: SyntheticDocument, target_uri: str, anchor: str, title: str) -> str:
    relative = posixpath.relpath(target_uri, posixpath.dirname(document.src_uri))
    return f"[{title}]({relative}#{anchor})"


def _table(rng: random.Random) -> str:
    rows = ["| Task | Who | When |", "| --- | --- | --- |"]
    for _ in range(4):
        rows.append(
            f"| {rng.choice(OBJECTS).capitalize()} | {rng.choice(SUBJECTS).capitalize()} "
            f"| {rng.choice(['Monthly', 'Every quarter', 'Yearly', 'On each change'])} |"
        )
    return "\n".join(rows)


def _document_text(document: SyntheticDocument, titles: dict[str, str], rng: random.Random) -> str:
    meta = document.meta
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    links = [_link(document, uri, anchor, titles[uri]) for uri, anchor in document.links]
    parts = [f"# {meta['title']}", _paragraph(rng, 3)]
    if document.doc_type == "faq":
        for number, question in enumerate(meta["questions"]):  # type: ignore[arg-type]
            parts += [f"## {question}", _paragraph(rng, 4), _paragraph(rng, 3)]
            if number == 1:
                parts.append(_table(rng))
            if number == 2:
                parts.append("\n".join(f"- {_sentence(rng)}" for _ in range(4)))
            if number == 3 and links:
                parts.append("See also " + ", ".join(links) + ".")
        parts.append("### Still have a question?\n\n" + _paragraph(rng, 3))
    else:
        for number, heading in enumerate(SECTION_HEADINGS):
            parts += [f"## {heading}", _paragraph(rng, 5)]
            if number == 1:
                parts += [_paragraph(rng, 4), _table(rng)]
            if number == 2:
                parts.append("\n".join(f"{i}. {_sentence(rng)}" for i in range(1, 5)))
            if number == 3:
                parts += [
                    "### Checklist",
                    "\n".join(f"- {_sentence(rng)}" for _ in range(5)),
                    '!!! tip "Good practice"\n    ' + _sentence(rng),
                ]
            if number == 4 and links:
                parts.append("Read more in " + ", ".join(links) + ".")
            if number == 4:
                parts.append(_paragraph(rng, 4))
    return f"---\n{front}---\n\n" + "\n\n".join(parts) + "\n"


def _section_index(folder: str, topic: str, label: str, description: str) -> str:
    doc_type = next(t for t, f in FOLDER_FOR_TYPE.items() if f == folder)
    meta = {
        "title": label,
        "summary": f"Every document of this kind about {label.lower()}, newest first.",
        "type": "page",
        "status": "published",
        "owner": "web-editor",
        "last_reviewed": "2026-11-01",
        "review_due": "2027-05-01",
    }
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    return (
        f"---\n{front}---\n\n# {label}\n\n{description}\n\n"
        f'{{{{ document_list(type="{doc_type}", topic="{topic}") }}}}\n'
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def corpus_now(root: Path = paths.REPO_ROOT) -> str:
    """The moment the corpus is checked "as of": CORPUS_NOW, or noon on the newest edit of root's pages if later.

    The corpus copies the repository's own pages, whose dates move on as editors change them (a page
    updated today would be "in the future" as of an older moment). Worked out from the pages, not the
    clock, so the same pages always give the same answer.
    """
    documents, _ = load_documents(root)
    edits = [str(d.meta.get(name, "")) for d in documents for name in ("updated", "last_reviewed")]
    edits += [
        str(entry.get("date", ""))
        for d in documents
        for entry in d.meta.get("changes") or []
        if isinstance(entry, dict)
    ]
    newest = max((day for day in edits if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)), default="")
    return f"{newest}T12:00:00+00:00" if newest > CORPUS_NOW[:10] else CORPUS_NOW
