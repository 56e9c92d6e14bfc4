"""The controlled vocabularies and structured data in ``data/``.

Each data file has a JSON Schema beside it in ``data/schema/``; a data file
that does not match its schema stops the build, because every page reads them.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kb import paths, speed
from kb.speed import passed_checks
from kb.speed.cache_files import read_json, write_json


class DataFileError(Exception):
    """A file in data/ is missing, unreadable or does not match its schema."""


def load_data_file(name: str, root: Path = paths.REPO_ROOT) -> dict[str, Any]:
    """Load ``data/<name>.yml`` and check it against ``data/schema/<name>.schema.json``."""
    return _load_data_file(name, root.resolve())


@cache
def _load_data_file(name: str, root: Path) -> dict[str, Any]:
    import json

    source = paths.data_dir(root) / f"{name}.yml"
    try:
        text = source.read_text(encoding="utf-8")
        schema_text = (paths.schema_dir(root) / f"{name}.schema.json").read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        schema = json.loads(schema_text)
    except (OSError, yaml.YAMLError, ValueError) as error:
        raise DataFileError(f"data/{name}.yml cannot be read: {error}") from None
    if not speed.enabled("passed_checks"):
        _check_against_schema(name, data, schema)
        return data
    passes = remembered_passes(root)
    key = pass_key(text, schema_text)
    if passes.get(name) != key:
        _check_against_schema(name, data, schema)
        write_json(_passes_file(root), {**passes, name: key})
        passes[name] = key
    return data


def _check_against_schema(name: str, data: Any, schema: dict[str, Any]) -> None:
    # Imported here, not at the top: a data file that passed before needs no checking, so most runs never load it.
    import jsonschema

    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        where = "/".join(str(part) for part in errors[0].path) or "(top)"
        raise DataFileError(f"data/{name}.yml does not match its schema at {where}: {errors[0].message}")


# Data files that matched their schema, remembered between runs like kb.speed.passed_checks
# remembers documents: by a hash of the file, its schema, this module and jsonschema's
# version. A file that failed is never remembered, so its message is always current.
def _passes_file(root: Path) -> Path:
    return passed_checks.cache_file(root, "data-files")


@cache
def remembered_passes(root: Path) -> dict[str, str]:
    saved = read_json(_passes_file(root))
    return {name: key for name, key in saved.items() if isinstance(key, str)} if isinstance(saved, dict) else {}


@cache
def _checking_code() -> bytes:
    return importlib.metadata.version("jsonschema").encode() + b"\0" + Path(__file__).read_bytes()


def pass_key(text: str, schema_text: str) -> str:
    digest = hashlib.sha256(_checking_code())
    for part in (schema_text, text):
        digest.update(b"\0" + part.encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Vocabularies:
    """Allowed values for the fields whose schema says ``x-vocabulary``."""

    topics: dict[str, dict[str, Any]]
    people: dict[str, dict[str, Any]]

    def values(self, name: str) -> list[str]:
        return list(getattr(self, name))

    def topic_label(self, topic_id: str) -> str:
        return self.topics[topic_id]["label"]

    def person_label(self, person_id: str) -> str:
        """A role with its holder, or 'vacancy' while nobody holds it."""
        person = self.people[person_id]
        return f"{person['role']} ({person['name'] or 'vacancy'})"


def load_vocabularies(root: Path = paths.REPO_ROOT) -> Vocabularies:
    topics = load_data_file("topics", root)["topics"]
    people = load_data_file("people", root)["people"]
    return Vocabularies(
        topics={topic["id"]: topic for topic in topics},
        people={person["id"]: person for person in people},
    )
