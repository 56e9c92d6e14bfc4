"""Generated parts of the contributor guide, so they can never disagree with the code.

* ``render_field_reference``: every front-matter field, read from the schema
  (``data/schema/document.schema.json``), the one source of truth.
* ``render_check_messages``: what the gate says about common mistakes, produced
  by running the real validator over small broken examples at build time.
* ``render_roles``: who owns and reviews documents, from ``data/people.yml``.
"""

from __future__ import annotations

import copy
import html
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from kb import paths
from kb.checks.validate import ID_PREFIX_FOR_TYPE, Validator
from kb.content import schema
from kb.content.documents import Document
from kb.content.frontmatter import FrontMatterError, parse
from kb.content.publishing import build_time
from kb.content.vocabularies import load_data_file, load_vocabularies
from kb.problems import Problem
from kb.reader.directory import TO_BE_CONFIRMED, VACANCY, shown
from kb.reader.listings import markdown_text

# --- The field reference ----------------------------------------------------

TYPE_PLURALS = {"position-paper": "position papers", "guidance": "guidance", "faq": "FAQs", "page": "plain pages"}


def conditions_requiring(raw_schema: dict[str, Any], name: str) -> list[str]:
    """Plain descriptions of the statuses that make a field required, e.g. 'when status is superseded'."""
    found = []
    for rule in raw_schema.get("allOf", []):
        tests = rule.get("if", {}).get("properties", {})
        if name not in rule.get("then", {}).get("required", []) or "status" not in tests:
            continue
        status = tests["status"]
        values = [status["const"]] if "const" in status else status.get("enum", [])
        found.append("when status is " + " or ".join(values))
    return found


def _example_yaml(name: str, example: Any) -> str:
    """One front-matter line, written the way the guide asks authors to write it."""
    if isinstance(example, list):
        return f"{name}: [{', '.join(str(item) for item in example)}]"
    return yaml.safe_dump({name: example}, default_flow_style=False, allow_unicode=True, sort_keys=False).strip()


def render_field_reference(raw_schema: dict[str, Any], vocabularies: dict[str, list[str]] | None = None) -> str:
    """One section per field, in the order authors write them, from the schema alone."""
    vocabularies = vocabularies or {}
    labels = {t: TYPE_PLURALS.get(t, t) for t in schema.document_types(raw_schema)}
    sections = []
    for info in schema.field_reference(raw_schema):
        prop = raw_schema["properties"][info.name]
        lines = [f"### `{info.name}`", "", f"**{markdown_text(info.title)}.** {info.description}", ""]
        required = [labels[t] for t in info.required_for]
        if set(info.required_for) == set(labels):
            needed = "every document"
        elif required:
            needed = " and ".join([", ".join(required[:-1]), required[-1]]) if len(required) > 1 else required[0]
        else:
            needed = ""
        conditions = conditions_requiring(raw_schema, info.name)
        if needed and conditions:
            lines.append(f"- **Required:** for {needed}, " + "; ".join(conditions))
        elif needed:
            lines.append(f"- **Required:** for {needed}")
        elif conditions:
            lines.append("- **Required:** " + "; ".join(conditions))
        else:
            lines.append("- **Required:** no, optional")
        vocabulary = prop.get("x-vocabulary") or prop.get("items", {}).get("x-vocabulary")
        if vocabulary:
            ids = ", ".join(f"`{value}`" for value in vocabularies.get(vocabulary, []))
            lines.append(f"- **Allowed values:** an id from `data/{vocabulary}.yml`" + (f": {ids}" if ids else ""))
        elif info.allowed:
            lines.append("- **Allowed values:** " + ", ".join(f"`{value}`" for value in info.allowed))
        if "default" in prop:
            lines.append(f"- **If you leave it out:** `{str(prop['default']).lower()}`")
        hint = prop.get("x-hint") or _ref_hint(raw_schema, prop)
        if hint:
            lines.append(f"- **How to write it:** {hint}")
        example = info.example if info.example is not None else (info.allowed[0] if info.allowed else None)
        if example is not None:
            lines.append(f"- **Example:** `{_example_yaml(info.name, example)}`")
        sections.append("\n".join(lines) + "\n")
    return "\n".join(sections)


def _ref_hint(raw_schema: dict[str, Any], prop: dict[str, Any]) -> str:
    ref = prop.get("$ref") or prop.get("items", {}).get("$ref") or ""
    if ref.startswith("#/$defs/"):
        return str(raw_schema.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {}).get("x-hint", ""))
    return ""


# --- What the checks say: real messages from broken examples ----------------

EXAMPLE_GUIDANCE: dict[str, Any] = {
    "id": "GD-2025-09",
    "title": "Working within a primary care network",
    "summary": "How a practice manager can make the most of the practice's place in a PCN.",
    "type": "guidance",
    "status": "published",
    "audience": "members",
    "nations": ["England"],
    "topics": ["primary-care-networks"],
    "owner": "guidance-editor",
    "authors": ["guidance-editor"],
    "published": "2025-01-10",
    "updated": "2025-01-10",
    "last_reviewed": "2025-06-01",
    "review_due": "2026-06-01",
    "version": "1.0",
}


@dataclass(frozen=True)
class CheckExample:
    """One common mistake: a change to a valid document, and what to do about it."""

    mistake: str
    fix: str
    changes: dict[str, Any] = field(default_factory=dict)
    replace: tuple[str, str] | None = None  # a text edit, for mistakes YAML itself rejects
    body: str = "Some text.\n"
    base: dict[str, Any] | None = None  # another valid starting point, such as an FAQ
    path: str = "guidance/example.md"


CHECK_EXAMPLES: tuple[CheckExample, ...] = (
    CheckExample(
        "A required field is missing",
        "Add the field on its own line. The message gives an example and says what the field is for.",
        changes={"summary": None},
    ),
    CheckExample(
        "A field name is misspelt",
        "Correct the spelling. Field names are lower case, with underscores between words.",
        changes={"relatd": ["GD-2024-01"]},
    ),
    CheckExample(
        "A date is written the wrong way",
        "Write every date as year, month, day with dashes: 2026-06-01 for 1 June 2026.",
        changes={"review_due": "01/06/2026"},
    ),
    CheckExample(
        "A topic is not on the list",
        (
            "Use one of the topic ids listed in the message. "
            "If none fits, ask an editor to add a topic to data/topics.yml."
        ),
        changes={"topics": ["staffing"]},
    ),
    CheckExample(
        "An owner is not a known role",
        "Documents name a role, not a person. Use a role id from data/people.yml, such as guidance-editor.",
        changes={"owner": "jo-smith"},
    ),
    CheckExample(
        "Text contains markup",
        "Titles and summaries are plain words. Delete the angle brackets and anything between them.",
        changes={"title": "Working within a <b>PCN</b>"},
    ),
    CheckExample(
        "A colon in unquoted text",
        "Put the whole value in double quotes when it contains a colon followed by a space.",
        replace=("title: Working within a primary care network", "title: PCNs: working within one"),
    ),
    CheckExample(
        "The next review is not after the last one",
        "Set review_due after last_reviewed, usually a year later.",
        changes={"review_due": "2025-05-01"},
    ),
    CheckExample(
        "A related document does not exist",
        "Check the id against the top of the other document's file. Ids never change once published.",
        changes={"related": ["GD-2019-99"]},
    ),
    CheckExample(
        "A superseded document does not say what replaces it",
        "Add superseded_by with the id of the newer document, and add supersedes to that newer document.",
        changes={"status": "superseded"},
    ),
    CheckExample(
        "An FAQ question does not match its heading",
        "Make each entry in questions exactly the same as its ## heading, word for word, including the question mark.",
        base={
            **EXAMPLE_GUIDANCE,
            "id": "FAQ-2025-09",
            "title": "Membership",
            "summary": "Short answers about joining the Institute and the membership grades.",
            "type": "faq",
            "topics": ["membership"],
            "questions": ["Who can join?"],
        },
        path="faqs/example.md",
        body="## Who can join the Institute?\n\nAnyone in a management role in general practice.\n",
    ),
    CheckExample(
        "A version number is not in the right form",
        'Write the version as two numbers with a dot, in quotes, like "1.0" or "2.1".',
        changes={"version": "2"},
    ),
)


def example_text(example: CheckExample) -> str:
    """The broken document an example describes, as an author would have written it."""
    meta = copy.deepcopy(example.base or EXAMPLE_GUIDANCE)
    for name, value in example.changes.items():
        if value is None:
            meta.pop(name, None)
        else:
            meta[name] = value
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=None, width=200)
    if example.replace:
        front = front.replace(*example.replace)
    return f"---\n{front}---\n\n# {meta.get('title', 'Untitled')}\n\n{example.body}"


def problems_for_example(example: CheckExample, validator: Validator, now: datetime | None = None) -> list[Problem]:
    """Run the real checks on one broken example, exactly as `make check` would."""
    repo_path = f"docs/{example.path}"
    text = example_text(example)
    try:
        parsed = parse(text.encode("utf-8"))
    except FrontMatterError as error:
        return [Problem(repo_path, error.line, "front matter", error.message, error.fix)]
    document = Document(source=Path(example.path), src_uri=example.path, repo_path=repo_path, parsed=parsed)
    return validator.check_all([document], now or build_time())


def quoted_message(message: str) -> str:
    """A message as a quoted paragraph of literal text.

    A quotation wraps on narrow screens, where a code block would make readers
    scroll sideways; the message quotes author input, so nothing in it may
    become markup.
    """
    return "> " + markdown_text(html.escape(message, quote=False))


def render_check_messages(validator: Validator, now: datetime | None = None) -> str:
    """Each common mistake with the exact message the gate prints and how to fix it."""
    sections = []
    for example in CHECK_EXAMPLES:
        messages = "\n>\n".join(
            quoted_message(str(problem)) for problem in problems_for_example(example, validator, now)
        )
        sections.append(
            f"### {markdown_text(example.mistake)}\n\n"
            f"The check says:\n\n{messages}\n\n"
            f"**How to fix it:** {example.fix}\n"
        )
    return "\n".join(sections)


# --- Who reviews what --------------------------------------------------------


def render_roles(people: list[dict[str, Any]]) -> str:
    """The roles that own and review documents, with their current holders."""
    rows = [
        f"| {markdown_text(p['role'])} | `{p['id']}` | {shown(p.get('name'), VACANCY)}"
        f" | {shown(p.get('github'), TO_BE_CONFIRMED)} |"
        for p in people
    ]
    return (
        "| Role | Id to use in front matter | Held by | GitHub account |\n| --- | --- | --- | --- |\n"
        + "\n".join(rows)
        + "\n"
    )


# --- Entry points for the macros adapter -------------------------------------


def field_reference(root: Path = paths.REPO_ROOT) -> str:
    vocabularies = load_vocabularies(root)
    return render_field_reference(
        schema.load_raw_schema(root), {"topics": vocabularies.values("topics"), "people": vocabularies.values("people")}
    )


def check_messages(root: Path = paths.REPO_ROOT) -> str:
    return render_check_messages(Validator(root))


def roles(root: Path = paths.REPO_ROOT) -> str:
    return render_roles(load_data_file("people", root)["people"])


EXAMPLE_TITLES = {"position-paper": "Your paper's title", "guidance": "Your guidance title", "faq": "Your FAQ theme"}


def document_template(doc_type: str, root: Path = paths.REPO_ROOT) -> str:
    """What `make new` writes for a type, shown as a code block in the contributor guide.

    Rendered by the same code as `kb new`, so the guide can never drift from it.
    The id shown is the year's first: finding the next unused one would mean
    reading every document, and would change this page whenever one is added.
    """
    from kb.workflow.new import render

    today = build_time().date()
    text = render(doc_type, EXAMPLE_TITLES[doc_type], f"{ID_PREFIX_FOR_TYPE[doc_type]}-{today.year}-01", today, root)
    fence = "````" if "```" in text else "```"
    return f"{fence}markdown\n{text.rstrip()}\n{fence}\n"
