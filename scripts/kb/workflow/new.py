"""Starting a new document (``kb new``): the next free id, a template, valid front matter.

The fields written are the ones the schema requires for a draft of the type, in
the schema's order, so the schema stays the one source of truth: add a required
field there and every new document gets it. The body comes from
``data/templates/<type>.md``.
"""

from __future__ import annotations

import json
import re
import string
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from kb import paths
from kb.checks.validate import ID_PREFIX_FOR_TYPE, Validator, question_headings
from kb.content import schema
from kb.content.documents import FOLDER_FOR_TYPE, PUBLICATION_TYPES, markdown_files, read_document
from kb.problems import Problem

MAX_SLUG = 60
NEW_STATUS = "draft"
FIRST_VERSION = "0.1"
# Who looks after a new document until the author chooses; any role in data/people.yml.
DEFAULT_OWNER = {"position-paper": "policy-editor", "guidance": "guidance-editor", "faq": "web-editor"}
# Text an author must replace. Each passes the schema, so the new file passes the gate.
PLACEHOLDERS: dict[str, Any] = {
    "summary": "Replace this with one or two plain sentences saying what the document is for.",
    "key_asks": ["Replace this with the first thing the Institute asks for."],
}


class NewDocumentError(Exception):
    """The document cannot be created; the message says why and what to do."""


@dataclass(frozen=True)
class NewDocument:
    path: Path
    doc_id: str
    text: str


def templates_dir(root: Path = paths.REPO_ROOT) -> Path:
    return paths.data_dir(root) / "templates"


def slugify(title: str) -> str:
    """'Handling a national announcement!' -> 'handling-a-national-announcement'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    return slug


_ID_LINE = re.compile(r"^id:\s*[\"']?([A-Z]+)-(\d{4})-(\d{2,3})[\"']?\s*$", re.MULTILINE)


def next_id(doc_type: str, year: int, docs: Path) -> str:
    """The next unused id for the type and year, read from every file under docs/ (drafts included)."""
    return next_ids([doc_type], year, docs)[doc_type]


def next_ids(doc_types: list[str], year: int, docs: Path) -> dict[str, str]:
    """The next unused id of each type for the year, reading every file under docs/ once."""
    prefixes = {ID_PREFIX_FOR_TYPE[doc_type]: doc_type for doc_type in doc_types}
    used = dict.fromkeys(prefixes, 0)
    for source in markdown_files(docs):
        try:
            text = source.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for found_prefix, found_year, number in _ID_LINE.findall(text):
            if found_prefix in used and int(found_year) == year:
                used[found_prefix] = max(used[found_prefix], int(number))
    return {doc_type: f"{prefix}-{year}-{used[prefix] + 1:02d}" for prefix, doc_type in prefixes.items()}


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def field_value(name: str, prop: dict[str, Any], generated: dict[str, Any]) -> Any:
    """The starting value of a required field: generated, a placeholder, or the schema's own example."""
    if name in generated:
        return generated[name]
    if name in PLACEHOLDERS:
        return PLACEHOLDERS[name]
    if prop.get("type") == "array" and prop.get("items", {}).get("enum"):
        return list(prop["items"]["enum"])  # every allowed value (all UK nations); the author narrows it
    if prop.get("examples"):
        return prop["examples"][0]
    if "default" in prop:
        return prop["default"]
    if prop.get("enum"):
        return prop["enum"][0]
    raise NewDocumentError(
        f"the schema gives no example for the required field {name};"
        " add `examples` to it in data/schema/document.schema.json"
    )


def render(doc_type: str, title: str, doc_id: str, today: date, root: Path = paths.REPO_ROOT) -> str:
    """The text of a new document: front matter from the schema, body from the template."""
    template_path = templates_dir(root) / f"{doc_type}.md"
    try:
        body = string.Template(template_path.read_text(encoding="utf-8")).safe_substitute(title=title)
    except OSError:
        raise NewDocumentError(
            f"there is no template for {doc_type}: add {paths.relative_to_root(template_path, root)}"
        ) from None
    raw = schema.load_raw_schema(root)
    generated: dict[str, Any] = {
        "id": doc_id,
        "title": title,
        "type": doc_type,
        "status": NEW_STATUS,
        "owner": DEFAULT_OWNER[doc_type],
        "authors": [DEFAULT_OWNER[doc_type]],
        "updated": today.isoformat(),
        "last_reviewed": today.isoformat(),
        "review_due": _a_year_after(today).isoformat(),
        "version": FIRST_VERSION,
        "questions": list(question_headings(body)),
    }
    meta = {
        name: field_value(name, raw["properties"][name], generated)
        for name in schema.required_fields(raw, doc_type, NEW_STATUS)
    }
    fields = "".join(_field_lines(name, value) for name, value in meta.items())
    return "---\n" + fields + "---\n\n" + body


def _field_lines(name: str, value: Any) -> str:
    """One field as YAML. The title always in double quotes, so an author who edits it
    to "Complaints: a checklist" does not break the front matter; short lists on one
    line, [England, Wales], as in the existing documents."""
    if name == "title":
        return f"title: {json.dumps(value, ensure_ascii=False)}\n"  # a JSON string is a double-quoted YAML one
    flow = None if isinstance(value, list) else False  # None: lists of plain values in [ ]; False: never { }
    return yaml.safe_dump({name: value}, sort_keys=False, allow_unicode=True, default_flow_style=flow, width=1000)


def create(root: Path, doc_type: str, title: str, today: date) -> NewDocument:
    """Write a new draft document and return where it went. Raises NewDocumentError."""
    title = " ".join(title.split())
    if doc_type not in PUBLICATION_TYPES:
        raise NewDocumentError(
            f"{doc_type or '(nothing)'} is not a document type; choose one of: {', '.join(PUBLICATION_TYPES)}"
        )
    if not title:
        raise NewDocumentError('the title is empty; give one, like TITLE="Recruiting a deputy practice manager"')
    slug = slugify(title)
    if not slug:
        raise NewDocumentError("the title has no letters or numbers to name the file with; use words")
    docs = paths.docs_dir(root)
    target = docs / FOLDER_FOR_TYPE[doc_type] / f"{slug}.md"
    if target.exists():
        raise NewDocumentError(
            f"{paths.relative_to_root(target, root)} already exists; choose a different title, or edit that file"
        )
    doc_id = next_id(doc_type, today.year, docs)
    text = render(doc_type, title, doc_id, today, root)
    problems = _check(root, target, text)
    if problems:
        raise NewDocumentError(
            "the new document would not pass the checks:\n" + "\n".join(f"  {problem}" for problem in problems)
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:
        out.write(text)
    return NewDocument(target, doc_id, text)


def _check(root: Path, target: Path, text: str) -> list[Problem]:
    """Check the text as if it were already in place, before writing anything."""
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        staged = Path(work) / "docs" / target.relative_to(paths.docs_dir(root))
        staged.parent.mkdir(parents=True)
        staged.write_text(text, encoding="utf-8")
        document = read_document(staged, Path(work) / "docs", Path(work))
        problems = Validator(root).check_document(document)
    return [Problem(paths.relative_to_root(target, root), p.line, p.field, p.message, p.fix) for p in problems]
