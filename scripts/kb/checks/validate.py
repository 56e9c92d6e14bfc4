"""The rules every document must pass, reported as problems an author can fix.

Two layers: the JSON Schema (one document at a time, translated from
jsonschema's wording into plain English) and the collection rules that need
every document at once (unique ids, references that exist, lifecycles that
agree). Every problem is reported; nothing stops at the first.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb import paths, speed
from kb.content import schema
from kb.content.documents import FOLDER_FOR_TYPE, Document, field_path, load_documents, site_address
from kb.content.publishing import build_time, embargo_lifted, is_public
from kb.content.replacements import circle_problems
from kb.content.vocabularies import Vocabularies, load_vocabularies
from kb.problems import Problem
from kb.speed import passed_checks
from kb.speed.cache_files import REMEMBER_FROM

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

ID_PREFIX_FOR_TYPE = {"position-paper": "PP", "guidance": "GD", "faq": "FAQ"}
REFERENCE_FIELDS = ("supersedes", "superseded_by", "read_instead")
TYPE_WORDS = {"position-paper": "a position paper", "guidance": "guidance", "faq": "an FAQ", "page": "a page"}


class Validator:
    """Checks documents against the schema and the vocabularies in one project."""

    def __init__(self, root: Path = paths.REPO_ROOT, vocabularies: Vocabularies | None = None) -> None:
        self.vocabularies = vocabularies or load_vocabularies(root)
        self.raw_schema = schema.load_raw_schema(root)
        self.schema = schema.with_vocabularies(self.raw_schema, self.vocabularies)

    @functools.cached_property
    def _validator(self) -> Any:
        # Made, and jsonschema imported, at the first document that needs checking: when
        # every document passed before (kb.speed.passed_checks), a run never loads jsonschema.
        return schema.document_validator(self.schema)

    def check_document(self, document: Document) -> list[Problem]:
        """Schema and placement problems of one document (they depend on nothing else)."""
        errors = self._validator.iter_errors(document.meta)
        problems = [explain(error, document, self.raw_schema) for error in _leaf_errors(errors)]
        return _one_message_for_a_misspelt_field(problems) + check_placement(document)

    def _check_document_remembered(self, document: Document, fingerprint: str) -> list[Problem]:
        if not speed.enabled("memos"):
            return self.check_document(document)
        key = (fingerprint, document.repo_path, document.src_uri, id(document.parsed))
        remembered = _checked.get(key)
        if remembered is not None and remembered[0] is document.parsed:
            return list(remembered[1])
        problems = self.check_document(document)
        if len(_checked) > 20_000:
            _checked.clear()
        _checked[key] = (document.parsed, tuple(problems))
        return problems

    def check_all(
        self,
        documents: list[Document],
        now: datetime | None = None,
        remember_in: Path | None = None,
        recorded: frozenset[str] = frozenset(),
    ) -> list[Problem]:
        """Every problem in a collection. remember_in: a project folder whose .cache/check
        remembers, between runs, the documents that passed (kb.speed.passed_checks);
        recorded: the paths published-urls.yml records, which keep their ids."""
        now = now or build_time()
        problems: list[Problem] = []
        if len(documents) >= REMEMBER_FROM:  # the fingerprints cost milliseconds: worth it over a collection only
            problems += self._check_documents_remembered(documents, remember_in)
        else:
            for document in documents:
                problems += self.check_document(document)
        problems += check_collection(documents, now, recorded)
        return sorted(set(problems))

    def _check_documents_remembered(self, documents: list[Document], remember_in: Path | None) -> list[Problem]:
        fingerprint = json.dumps([self.raw_schema, self.schema], sort_keys=True, default=str)
        if remember_in is None:
            return [
                problem for document in documents for problem in self._check_document_remembered(document, fingerprint)
            ]
        lasting = hashlib.sha256((fingerprint + passed_checks.code_fingerprint()).encode("utf-8")).hexdigest()
        return passed_checks.check_each(
            documents,
            passed_checks.memory_at(passed_checks.cache_file(remember_in)),
            lambda document: passed_checks.document_key(lasting, document),
            lambda document: self._check_document_remembered(document, fingerprint),
        )


# Problems found in a document, while its parsed text (kb.content.documents.parse_unchanged
# gives the same object for the same bytes) and the schema stay the same: in
# `mkdocs serve`, a rebuild re-checks only the files that changed. The entry
# holds the parsed document itself, so its id() cannot be reused meanwhile.
_checked: dict[tuple[str, str, str, int], tuple[Any, tuple[Problem, ...]]] = {}


def validate_project(root: Path = paths.REPO_ROOT, now: datetime | None = None) -> tuple[list[Document], list[Problem]]:
    """Load and check every document in a project: the whole of ``kb check``."""
    return check_project(root, paths.docs_dir(root), now or build_time(), Validator(root))


def check_project(root: Path, docs: Path, now: datetime, validator: Validator) -> tuple[list[Document], list[Problem]]:
    """Read every document under docs and run every check: what `kb check` and the build's hook both do."""
    from kb.checks.addresses import read_ledger, redirect_problems
    from kb.checks.committed_caches import committed_cache_problems
    from kb.checks.content_safety import check_content
    from kb.checks.limits import every_body_problem
    from kb.checks.links import link_problems

    documents, problems = load_documents(root, docs)
    problems += committed_cache_problems(root)
    problems += validator.check_all(documents, now, remember_in=root, recorded=frozenset(read_ledger(root)))
    problems += check_content(root, docs, documents, now)
    refused_bodies = every_body_problem(root, documents)
    problems += refused_bodies
    refused = {problem.path for problem in refused_bodies}
    problems += _on_new_lines(link_problems(root, docs, documents, now, refused), problems)
    problems += _new_problems(redirect_problems(documents, now), problems)
    return documents, sorted(set(problems))


def _new_problems(found: list[Problem], already: list[Problem]) -> list[Problem]:
    """Problems at a field and line that nothing has reported yet: one message per mistake."""
    reported = {(problem.path, problem.line, problem.field) for problem in already}
    return [problem for problem in found if (problem.path, problem.line, problem.field) not in reported]


def _on_new_lines(found: list[Problem], already: list[Problem]) -> list[Problem]:
    """Problems on lines nothing has reported yet: a link that another rule refuses (a javascript: address,
    an event handler) gets that rule's message alone."""
    reported = {(problem.path, problem.line) for problem in already}
    return [problem for problem in found if (problem.path, problem.line) not in reported]


# --- Schema errors in plain words -------------------------------------------


def _leaf_errors(errors: Iterable[ValidationError]) -> Iterable[ValidationError]:
    """Unwrap allOf/if-then wrappers so each message is about one field."""
    for error in errors:
        if error.validator in ("allOf", "anyOf", "oneOf") and error.context:
            yield from _leaf_errors(error.context)
        else:
            yield error


def _field_name(path: Iterable[str | int]) -> str:
    parts = [str(part + 1) if isinstance(part, int) else part for part in path]
    return ".".join(parts)


def _describe_condition(rule: dict[str, Any]) -> str:
    """'for a position paper' / 'when status is superseded', from an if-clause."""
    words = []
    for name, test in rule.get("if", {}).get("properties", {}).items():
        values = [test["const"]] if "const" in test else test.get("enum", [])
        if name == "type":
            words.append("for " + ", ".join(TYPE_WORDS.get(value, value) for value in values))
        else:
            words.append(f"when {name} is " + " or ".join(values))
    return " ".join(words)


def _example_line(name: str, raw_schema: dict[str, Any]) -> str:
    prop = raw_schema["properties"].get(name, {})
    example = (prop.get("examples") or [None])[0]
    if example is None and prop.get("$ref", "").endswith("/date"):
        example = date.today().isoformat()
    if example is None:
        return f"add a line `{name}: ...` to the front matter"
    if isinstance(example, list):
        return f"add `{name}:` with one item per line, like `{name}: [{', '.join(map(str, example))}]`"
    return f"add a line like `{name}: {example}`"


def explain(error: ValidationError, document: Document, raw_schema: dict[str, Any]) -> Problem:
    """Turn one jsonschema error into a Problem with a line, a field and a fix."""
    path = list(error.absolute_path)
    field = _field_name(path)
    line = document.line_of(*path) if path else 1
    hint = error.schema.get("x-hint", "") if isinstance(error.schema, dict) else ""
    value = error.instance
    kind = error.validator

    if kind == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        name = missing.group(1) if missing else error.message
        rule_path = list(error.relative_schema_path)
        condition = ""
        if rule_path and rule_path[0] == "allOf":
            condition = " " + _describe_condition(raw_schema["allOf"][rule_path[1]])
        full = _field_name([*path, name])
        nested = raw_schema["properties"].get(name, {})
        fix = _example_line(name, raw_schema) if not path else f"add `{name}:` under `{field}`"
        description = nested.get("description", "")
        if description and not path:
            fix += f"; {description[0].lower()}{description[1:].rstrip('.')}"
        return Problem(document.repo_path, line, full, f"is missing; it is required{condition}", fix)
    if kind == "additionalProperties":
        unknown = sorted(set(value) - set(error.schema.get("properties", {})))
        name = unknown[0] if unknown else "?"
        known = list(error.schema.get("properties", {}))
        full = _field_name([*path, name])
        return Problem(
            document.repo_path, document.line_of(*path, name), full, "is not a field we know", _suggest(name, known)
        )
    if kind == "enum":
        allowed = error.validator_value
        shown = ", ".join(str(a) for a in allowed[:12]) + (", ..." if len(allowed) > 12 else "")
        fix = f"choose one of: {shown}"
        vocabulary = _vocabulary_for(path, raw_schema)
        if vocabulary:
            fix = f"choose one of: {shown}; or ask an editor to add it to data/{vocabulary}.yml"
        close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
        if close:
            fix = f"did you mean {close[0]}? Otherwise {fix}"
        return Problem(document.repo_path, line, field, f"{_show(value)} is not an allowed value", fix)
    if kind == "const":
        return Problem(
            document.repo_path, line, field, f"{_show(value)} is not allowed here", f"use {error.validator_value}"
        )
    if kind == "type":
        expected = _TYPE_WORDS.get(str(error.validator_value), str(error.validator_value))
        fix = _type_fix(error.validator_value, field)
        return Problem(document.repo_path, line, field, f"must be {expected}, not {_kind_of(value)}", fix)
    if kind == "pattern":
        if isinstance(value, str) and re.search(r"[<>{}]", value):
            return Problem(
                document.repo_path,
                line,
                field,
                f"contains markup or template characters in {_show(value)}",
                hint or "remove the < > { } characters",
            )
        if isinstance(value, str) and re.search(r"[\x00-\x08\x0b-\x1f]", value):
            return Problem(
                document.repo_path,
                line,
                field,
                "contains an invisible control character",
                "retype the text; it may have been pasted from another program",
            )
        if isinstance(value, str) and "\n" in value:
            message = f"{_show(value)} has a line break in it"
            return Problem(document.repo_path, line, field, message, _one_line_fix(hint))
        return Problem(
            document.repo_path,
            line,
            field,
            f"{_show(value)} is not in the right form",
            hint or f"match the pattern {error.validator_value}",
        )
    if kind == "format":
        what = "a real date" if error.validator_value == "date" else "a real date and time with an offset"
        return Problem(document.repo_path, line, field, f"{_show(value)} is not {what}", hint or "check the numbers")
    if kind == "minLength":
        return Problem(
            document.repo_path,
            line,
            field,
            f"is too short (at least {error.validator_value} characters)",
            "say a little more",
        )
    if kind == "maxLength":
        return Problem(
            document.repo_path,
            line,
            field,
            f"is too long ({len(value)} characters; at most {error.validator_value})",
            "shorten it; put detail in the text of the page",
        )
    if kind == "minItems":
        return Problem(
            document.repo_path,
            line,
            field,
            f"needs at least {error.validator_value} item(s)",
            "add an item on its own line starting with - ",
        )
    if kind == "uniqueItems":
        return Problem(
            document.repo_path, line, field, "lists the same item more than once", "delete the repeated item"
        )
    return Problem(document.repo_path, line, field, error.message, "see the field reference in the contributor guide")


_MEANT = re.compile(r"(?:did you mean |write )([a-z_]+)\??$")


def _one_message_for_a_misspelt_field(problems: list[Problem]) -> list[Problem]:
    """`sumary:` is one mistake: the unknown name, with its nearest known name, says it all.
    The missing `summary` it leaves is not reported as well."""
    meant = {
        (problem.path, found.group(1))
        for problem in problems
        if problem.message == "is not a field we know" and (found := _MEANT.search(problem.fix))
    }
    return [
        problem
        for problem in problems
        if not (problem.message.startswith("is missing") and (problem.path, problem.field) in meant)
    ]


def _one_line_fix(hint: str) -> str:
    """YAML makes a line break from \\n in double quotes, or from a | or > block."""
    return "write the value on the same line as the field name, without \\n, | or >" + (f"; {hint}" if hint else "")


_TYPE_WORDS = {"string": "text", "array": "a list", "object": "a group of fields", "boolean": "true or false"}


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return "text"


def _type_fix(expected: Any, field: str) -> str:
    if expected == "array":
        return f"write each item on its own line under `{field}:`, starting with - "
    if expected == "string":
        return "write the text after the colon; put it in quotes if it contains a colon"
    if expected == "boolean":
        return "write true or false"
    return "see the field reference in the contributor guide"


def _show(value: Any) -> str:
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _suggest(name: str, known: list[str]) -> str:
    lowered = {k.lower(): k for k in known}
    if name.lower() in lowered:
        return f"field names are lower case: write {lowered[name.lower()]}"
    normalised = name.lower().replace("-", "_").replace(" ", "_")
    if normalised in known:
        return f"write {normalised}"
    close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]}?"
    return "delete it, or check the spelling against the field reference in the contributor guide"


def _vocabulary_for(path: list[str | int], raw_schema: dict[str, Any]) -> str | None:
    if not path or not isinstance(path[0], str):
        return None
    prop = raw_schema["properties"].get(path[0], {})
    return prop.get("x-vocabulary") or prop.get("items", {}).get("x-vocabulary")


# --- Placement: a document lives in the folder of its type ------------------


def check_placement(document: Document) -> list[Problem]:
    problems: list[Problem] = []
    doc_type = document.doc_type
    folder = document.src_uri.split("/")[0] if "/" in document.src_uri else ""
    expected = FOLDER_FOR_TYPE.get(doc_type or "")
    if expected and folder != expected:
        problems.append(
            document.problem(
                "type",
                f"is {doc_type} but the file is not in docs/{expected}/",
                f"move the file into docs/{expected}/, or correct the type",
            )
        )
    if doc_type == "page" and folder in FOLDER_FOR_TYPE.values() and not document.src_uri.endswith("index.md"):
        problems.append(
            document.problem(
                "type",
                f"a plain page cannot live in docs/{folder}/",
                f"set the type to the kind of document this is ({', '.join(FOLDER_FOR_TYPE)})",
            )
        )
    doc_id, prefix = document.doc_id, ID_PREFIX_FOR_TYPE.get(doc_type or "")
    if doc_id and prefix and re.match(r"(PP|GD|FAQ)-", doc_id) and not doc_id.startswith(prefix + "-"):
        problems.append(
            document.problem(
                "id",
                f"{doc_id} does not match the type {doc_type}",
                f"ids of {TYPE_WORDS[doc_type]} start with {prefix}-",
            )
        )
    if doc_type == "page" and doc_id:
        problems.append(
            document.problem("id", "plain pages do not have ids", "delete the id line, or set the type of document")
        )
    return problems


# --- Rules across the whole collection --------------------------------------


def check_collection(documents: list[Document], now: datetime, recorded: frozenset[str] = frozenset()) -> list[Problem]:
    """The rules between documents. recorded: the paths in published-urls.yml (published at some time)."""
    by_id = _index_by_id(documents)
    problems = _duplicate_ids(documents, now, recorded) + _shared_addresses(documents) + circle_problems(by_id)
    for document in documents:
        problems += _references(document, by_id, now)
        problems += _dates(document, now)
        problems += _versions(document)
        problems += _faq_questions(document)
    return problems


def _index_by_id(documents: list[Document]) -> dict[str, Document]:
    index: dict[str, Document] = {}
    for document in documents:
        if document.doc_id and document.doc_id not in index:
            index[document.doc_id] = document
    return index


def _duplicate_ids(documents: list[Document], now: datetime, recorded: frozenset[str]) -> list[Problem]:
    """Two documents with one id: the published one keeps it, the new or unpublished one is told the next free id.

    A published document's id is in its readers' citations and must never change,
    so it keeps the id whichever file name sorts first: recorded in the ledger of
    published addresses first, then public now, then the first in file order."""
    keeps_first = sorted(
        enumerate(documents),
        key=lambda pair: (pair[1].src_uri not in recorded, not is_public(pair[1], now), pair[0]),
    )
    taken = {document.doc_id for document in documents if document.doc_id}
    problems = []
    for document, keeper in _claimed_again([document for _, document in keeps_first], lambda d: d.doc_id):
        free = next_free_id(str(document.doc_id), taken)
        fix = f"change it to the next free id, {free}" if free else "give this document an id of its own"
        if free:
            taken.add(free)
        problems.append(document.problem("id", f"{document.doc_id} is already used by {keeper.repo_path}", fix))
    return problems


_NUMBERED_ID = re.compile(r"(PP|GD|FAQ)-([0-9]{4})-([0-9]{2,3})")


def next_free_id(doc_id: str, taken: Iterable[str]) -> str | None:
    """The first id after every taken one of the same type and year (GD-2026-03 -> GD-2026-08 when 07 is the last)."""
    match = _NUMBERED_ID.fullmatch(doc_id)
    if match is None:
        return None
    prefix, year = match.group(1), match.group(2)
    matches = (_NUMBERED_ID.fullmatch(taken_id) for taken_id in taken)
    numbers = [int(found.group(3)) for found in matches if found and found.group(1, 2) == (prefix, year)]
    return f"{prefix}-{year}-{max(numbers, default=0) + 1:02d}"


def _shared_addresses(documents: list[Document]) -> list[Problem]:
    """Two files published at one address: MkDocs would write one over the other without a word."""
    in_file_order = sorted(documents, key=lambda d: d.repo_path)
    return [
        Problem(
            document.repo_path,
            1,
            "address",
            f"would be published at {site_address(document.src_uri)}, the address of {first.repo_path}; "
            "one page would silently replace the other",
            "rename this file or move it to another folder",
        )
        for document, first in _claimed_again(in_file_order, lambda d: site_address(d.src_uri))
    ]


def _claimed_again(
    documents: list[Document], claim: Callable[[Document], str | None]
) -> Iterator[tuple[Document, Document]]:
    """Each document whose claim (an id, an address) an earlier one made, with that earlier one; no claim, no clash."""
    first_seen: dict[str, Document] = {}
    for document in documents:
        value = claim(document)
        if not value:
            continue
        if value in first_seen:
            yield document, first_seen[value]
        else:
            first_seen[value] = document


def _references(document: Document, by_id: dict[str, Document], now: datetime) -> list[Problem]:
    problems = []
    references = [(name, document.meta.get(name)) for name in REFERENCE_FIELDS]
    references += [(f"related.{i + 1}", value) for i, value in enumerate(_as_list(document.meta.get("related")))]
    for field, target_id in references:
        if not isinstance(target_id, str):
            continue
        line = document.line_of(*field_path(field))
        if target_id == document.doc_id:
            problems.append(
                document.problem(field, "points at this document itself", "name a different document", line)
            )
        elif target_id not in by_id:
            problems.append(
                document.problem(
                    field,
                    f"{target_id} is not the id of any document",
                    "check the id; every document's id is at the top of its file",
                    line,
                )
            )
    successor = by_id.get(str(document.meta.get("superseded_by")))
    if document.status == "superseded" and successor is not None:
        if not (is_public(successor, now)):
            problems.append(
                document.problem(
                    "superseded_by",
                    f"{successor.doc_id} is not published yet, so it cannot replace this document",
                    "keep this document published until its successor is published",
                )
            )
        if successor.meta.get("supersedes") != document.doc_id:
            problems.append(
                successor.problem(
                    "supersedes",
                    f"is missing or wrong: {document.doc_id} says this document replaces it",
                    f"add `supersedes: {document.doc_id}`",
                )
            )
    if "superseded_by" in document.meta and document.status != "superseded":
        problems.append(
            document.problem(
                "superseded_by",
                f"is set but status is {document.status}",
                "set status: superseded, or delete superseded_by",
            )
        )
    predecessor = by_id.get(str(document.meta.get("supersedes")))
    if predecessor is not None and is_public(document, now) and predecessor.status not in ("superseded", "withdrawn"):
        problems.append(
            predecessor.problem(
                "status",
                f"is {predecessor.status}, but {document.doc_id} ({document.repo_path}) replaces it",
                f"set status: superseded and superseded_by: {document.doc_id}",
            )
        )
    for name in ("withdrawn_reason", "read_instead", "show_withdrawal_notice"):
        if name in document.meta and document.status != "withdrawn":
            problems.append(
                document.problem(name, "only applies to withdrawn documents", "delete it, or set status: withdrawn")
            )
    if "consultation" in document.meta and document.status != "consultation":
        problems.append(
            document.problem(
                "consultation",
                "only applies while status is consultation",
                "delete the consultation block, or set status: consultation",
            )
        )
    return problems


def _dates(document: Document, now: datetime) -> list[Problem]:
    meta, today = document.meta, now.date()
    dates = {name: _date(meta.get(name)) for name in ("published", "updated", "last_reviewed", "review_due")}
    problems = []
    published, updated = dates["published"], dates["updated"]
    reviewed, due = dates["last_reviewed"], dates["review_due"]
    if published and updated and updated < published:
        problems.append(
            document.problem(
                "updated",
                f"{updated} is before the published date {published}",
                "the updated date is the same as or after the published date",
            )
        )
    if reviewed and due and due <= reviewed:
        problems.append(
            document.problem(
                "review_due",
                f"{due} is not after last_reviewed {reviewed}",
                "set the next review date after the last review, usually a year later",
            )
        )
    if reviewed and reviewed > today:
        problems.append(
            document.problem(
                "last_reviewed", f"{reviewed} is in the future", "use the date the review actually happened"
            )
        )
    public_now = document.status != "draft" and embargo_lifted(document, now)
    for name in ("published", "updated"):
        if public_now and dates[name] and dates[name] > today:
            problems.append(
                document.problem(
                    name,
                    f"{dates[name]} is in the future",
                    "to publish later, use embargo_until and keep this date as the day it goes live",
                )
            )
    closes = _date(
        (meta.get("consultation") or {}).get("closes") if isinstance(meta.get("consultation"), dict) else None
    )
    if closes and published and closes < published:
        problems.append(
            document.problem(
                "consultation.closes",
                f"{closes} is before the published date {published}",
                "a consultation closes after it opens",
            )
        )
    return problems


def _versions(document: Document) -> list[Problem]:
    changes = document.meta.get("changes")
    if not isinstance(changes, list) or not changes or not all(isinstance(c, dict) for c in changes):
        return []
    problems = []
    newest = changes[0].get("version")
    if document.meta.get("version") and newest != document.meta.get("version"):
        problems.append(
            document.problem(
                "changes.1.version",
                f"the newest entry is {newest} but version is {document.meta.get('version')}",
                "put the newest version first and make it match version",
            )
        )
    keys = [_version_key(c.get("version")) for c in changes]
    if any(a is not None and b is not None and a <= b for a, b in itertools.pairwise(keys)):
        problems.append(
            document.problem("changes", "is not in order, newest first", "list versions from the newest down to 1.0")
        )
    return problems


def _faq_questions(document: Document) -> list[Problem]:
    questions = document.meta.get("questions")
    if document.doc_type != "faq" or not isinstance(questions, list):
        return []
    headings = question_headings(document.body)
    problems = []
    for index, question in enumerate(questions):
        if isinstance(question, str) and question.strip() not in headings:
            problems.append(
                document.problem(
                    f"questions.{index + 1}",
                    f"{_show(question)} has no matching heading in the text",
                    f"add a line `## {question}` followed by its answer, or correct the wording so both match",
                    document.line_of("questions", index),
                )
            )
    listed = {q.strip() for q in questions if isinstance(q, str)}
    for heading, line in headings.items():
        if heading not in listed:
            problems.append(
                Problem(
                    document.repo_path,
                    document.parsed.body_line + line,
                    "questions",
                    f"the heading {_show(heading)} is not listed in questions",
                    "add it to the questions list in the front matter, or make it a ### sub-heading",
                )
            )
    return problems


def question_headings(body: str) -> dict[str, int]:
    """Level-two headings of a Markdown body, with their 0-based line in the body."""
    headings: dict[str, int] = {}
    in_fence = False
    for number, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and line.startswith("## "):
            headings[line[3:].strip().rstrip("#").strip()] = number
    return headings


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None  # the schema already reports it


def _version_key(value: Any) -> tuple[tuple[int, str], tuple[int, str]] | None:
    """Major and minor number, compared as numbers without making ints of them:
    a version of 5,000 digits passes the schema's pattern, and int() refuses over 4,300."""
    match = re.fullmatch(r"([0-9]+)\.([0-9]+)", str(value))
    return (_number_key(match.group(1)), _number_key(match.group(2))) if match else None


def _number_key(digits: str) -> tuple[int, str]:
    significant = digits.lstrip("0") or "0"
    return len(significant), significant
