"""The one source of truth for front matter: ``data/schema/document.schema.json``.

The gate validates against it, the contributor guide's field reference is
generated from it, and ``kb new`` writes documents that satisfy it.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb import paths
from kb.content.vocabularies import Vocabularies

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jsonschema.exceptions import ValidationError

SCHEMA_FILE = "document.schema.json"


def load_raw_schema(root: Path = paths.REPO_ROOT) -> dict[str, Any]:
    return json.loads((paths.schema_dir(root) / SCHEMA_FILE).read_text(encoding="utf-8"))


def with_vocabularies(schema: dict[str, Any], vocabularies: Vocabularies) -> dict[str, Any]:
    """Replace each ``x-vocabulary`` marker with an ``enum`` of the allowed values.

    The vocabularies live in data/*.yml so editors can extend them without
    touching the schema; injecting them keeps one validator for everything.
    """
    resolved = copy.deepcopy(schema)

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if "x-vocabulary" in node:
                node["enum"] = vocabularies.values(node["x-vocabulary"])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(resolved)
    return inline_definitions(resolved)


def inline_definitions(schema: dict[str, Any]) -> dict[str, Any]:
    """Replace each local ``$ref`` to ``#/$defs/...`` with the definition itself.

    jsonschema resolves a ``$ref`` on every use (about a third of the time of
    checking 1,000 documents); the schema's definitions are small, flat and never
    recursive, so copying them in place gives the same rules without the lookups.
    A ``$ref`` whose siblings would overwrite a key of its definition is kept.
    """
    definitions = schema.get("$defs", {})

    def visit(node: Any) -> Any:
        if isinstance(node, list):
            return [visit(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: visit(value) for key, value in node.items()}
        reference = node.get("$ref", "")
        name = (
            reference.removeprefix("#/$defs/")
            if isinstance(reference, str) and reference.startswith("#/$defs/")
            else None
        )
        if name in definitions:
            definition = visit(definitions[name])
            siblings = {key: value for key, value in node.items() if key != "$ref"}
            if not set(siblings) & set(definition):
                return {**definition, **siblings}
        return node

    return visit(schema)


@dataclass(frozen=True)
class FieldInfo:
    """What an author needs to know about one field, for generated documentation."""

    name: str
    title: str
    description: str
    required_for: tuple[str, ...]
    allowed: tuple[str, ...]
    example: Any


def document_types(schema: dict[str, Any]) -> list[str]:
    return list(schema["properties"]["type"]["enum"])


def required_fields(schema: dict[str, Any], doc_type: str, status: str = "published") -> list[str]:
    """Fields a document of this type and status must have, in the schema's order."""
    required = set(schema["required"])
    for rule in schema.get("allOf", []):
        if _condition_matches(rule["if"], {"type": doc_type, "status": status}):
            required.update(rule["then"].get("required", []))
    order = schema["x-field-order"]
    return sorted(required, key=lambda name: order.index(name) if name in order else len(order))


def _condition_matches(condition: dict[str, Any], values: dict[str, str]) -> bool:
    for name, test in condition.get("properties", {}).items():
        value = values.get(name)
        if "const" in test and value != test["const"]:
            return False
        if "enum" in test and value not in test["enum"]:
            return False
    return True


def field_reference(schema: dict[str, Any]) -> list[FieldInfo]:
    """Every field, in the order authors write them, with who must fill it in."""
    fields = []
    types = [t for t in document_types(schema)]
    for name in schema["x-field-order"]:
        prop = schema["properties"][name]
        required_for = tuple(t for t in types if name in required_fields(schema, t))
        allowed = prop.get("enum") or prop.get("items", {}).get("enum") or ()
        examples = prop.get("examples") or [None]
        fields.append(
            FieldInfo(
                name=name,
                title=prop.get("title", name),
                description=prop.get("description", ""),
                required_for=required_for,
                allowed=tuple(allowed),
                example=examples[0],
            )
        )
    return fields


# --- The validator: the schema's words, as JSON Schema defines them ------------


def document_validator(resolved: dict[str, Any]) -> Any:
    """A jsonschema validator for the document schema whose ``pattern`` and ``date-time``
    mean exactly what JSON Schema says, so a value cannot pass with anything after it.

    jsonschema checks a pattern with Python's ``re.search``, where ``$`` also matches
    before a final line break: ``id: "GD-2024-02\\n"`` passed ``^...$`` and two pages
    showed one id. JSON Schema patterns are ECMA-262 expressions, in which ``$``
    (without the multiline flag) is the end of the text only; :func:`ecma_pattern`
    gives them that meaning. The patterns in the schema stay as they are.
    """
    import jsonschema

    base = jsonschema.Draft202012Validator
    checker = jsonschema.FormatChecker()
    checker.checkers = dict(base.FORMAT_CHECKER.checkers)
    checker.checks("date-time")(is_date_time)
    validator_class = jsonschema.validators.extend(base, {"pattern": _pattern_keyword})
    return validator_class(resolved, format_checker=checker)


def _pattern_keyword(validator: Any, pattern: str, instance: Any, _schema: dict[str, Any]) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.lru_cache(maxsize=64)
def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """A schema pattern compiled with ECMA-262's ``$``: the end of the text, never before a final line break.

    Each ``$`` outside a character class and not escaped becomes ``\\Z``; one pass over the pattern.
    """
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        out.append("\\Z" if char == "$" and not in_class else char)
        index += 1
    return re.compile("".join(out))


_DATE_PART, _TIME_PART = r"[0-9]{4}-[0-9]{2}-[0-9]{2}", r"[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
_DATE_TIME = re.compile(_DATE_PART + "T" + _TIME_PART + r"(?:Z|[+-][0-9]{2}:[0-9]{2})")


def is_date_time(instance: object) -> bool:
    """RFC 3339 date and time with an offset, the whole text and ASCII digits only.

    The checker jsonschema uses (rfc3339-validator) ends its expression with ``$`` and
    accepts any Unicode digit, so ``"2026-03-01T09:00:00+00:00\\n"`` passed.
    """
    if not isinstance(instance, str):
        return True
    if not _DATE_TIME.fullmatch(instance):
        return False
    try:
        datetime.fromisoformat(instance.replace("Z", "+00:00"))
    except ValueError:  # a 25th hour or a 30th of February
        return False
    return True
