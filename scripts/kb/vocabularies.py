"""The controlled vocabularies and structured data in ``data/``.

Each data file has a JSON Schema beside it in ``data/schema/``; a data file
that does not match its schema stops the build, because every page reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kb import paths


class DataFileError(Exception):
    """A file in data/ is missing, unreadable or does not match its schema."""


def load_data_file(name: str, root: Path = paths.REPO_ROOT) -> dict[str, Any]:
    """Load ``data/<name>.yml`` and check it against ``data/schema/<name>.schema.json``."""
    return _load_data_file(name, root.resolve())


@cache
def _load_data_file(name: str, root: Path) -> dict[str, Any]:
    import json

    import jsonschema  # here, not at the top: every kb command imports this module, few read data files

    source = paths.data_dir(root) / f"{name}.yml"
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        schema = json.loads((paths.schema_dir(root) / f"{name}.schema.json").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, ValueError) as error:
        raise DataFileError(f"data/{name}.yml cannot be read: {error}") from None
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        where = "/".join(str(part) for part in errors[0].path) or "(top)"
        raise DataFileError(f"data/{name}.yml does not match its schema at {where}: {errors[0].message}")
    return data


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
