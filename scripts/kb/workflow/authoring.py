"""Generated parts of the contributor guide, so they can never disagree with the code.

* ``render_field_reference``: every front-matter field, read from the schema
  (``data/schema/document.schema.json``), the one source of truth.
* ``render_check_messages``: what the gate says about common mistakes, produced
  by running the real validator over small broken examples at build time.
* ``render_roles``: who owns and reviews documents, from ``data/people.yml``.
* ``new_document_links``: "Start a new ..." links that open GitHub's web editor
  on a new file in the type's folder, filled in as ``kb new`` would fill it, so
  an author without ``make`` can start a document.
"""

from __future__ import annotations

import copy
import html
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from kb import paths
from kb.checks.validate import ID_PREFIX_FOR_TYPE, Validator
from kb.content import schema
from kb.content.documents import FOLDER_FOR_TYPE, Document
from kb.content.frontmatter import FrontMatterError, parse
from kb.content.publishing import build_time
from kb.content.vocabularies import load_data_file, load_vocabularies
from kb.problems import Problem
from kb.reader.directory import TO_BE_CONFIRMED, VACANCY, shown
from kb.reader.listings import markdown_text
from kb.speed import guide_messages

# Sections of the contributor guide that messages and the pull-request summary link to:
# (page inside docs/, heading id). Their ids are written into the headings, so rewording
# a heading never breaks a link; tests/test_contributor_guide.py checks each exists.
GUIDE_SECTIONS: dict[str, tuple[str, str]] = {
    "read a message": ("contributing/checks.md", "read-a-message"),
    "fix a problem": ("contributing/checks.md", "fix-a-problem"),
    "problems in a pull request": ("contributing/checks.md", "problems-in-a-pull-request"),
    "the checks in order": ("contributing/checks.md", "stages"),
    "publishing checklist": ("contributing/index.md", "publishing-checklist"),
    "pictures": ("contributing/index.md", "pictures"),
    "renaming or moving a page": ("contributing/index.md", "renaming-or-moving-a-page"),
    "start a new document": ("contributing/index.md", "in-your-web-browser"),
    "choosing topics, audience, owner and authors": (
        "contributing/front-matter-reference.md",
        "choosing-topics-audience-owner-and-authors",
    ),
}


def guide_address(section: str, site_url: str) -> str:
    """The published address of a guide section, such as https://.../contributing/checks/#fix-a-problem."""
    page, anchor = GUIDE_SECTIONS[section]
    path = page.removesuffix(".md").removesuffix("index").rstrip("/")
    return f"{site_url.rstrip('/')}/{path}/#{anchor}"


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


def render_field_reference(raw_schema: dict[str, Any], vocabularies: dict[str, dict[str, str]] | None = None) -> str:
    """One section per field, in the order authors write them, from the schema alone.

    ``vocabularies`` gives, for each data file a field takes its ids from, what
    each id means (a topic's label and description, a role's name), so an author
    can choose without opening the data file.
    """
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
            lines += _vocabulary_lines(vocabulary, vocabularies.get(vocabulary, {}))
        elif info.allowed:
            lines.append("- **Allowed values:** " + ", ".join(_value_shown(value, prop) for value in info.allowed))
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


def _value_shown(value: Any, prop: dict[str, Any]) -> str:
    """An allowed value, with the words readers see for it when those differ: `public` (shown as "Everyone")."""
    label = prop.get("x-labels", {}).get(value)
    if label and label.lower() != str(value).replace("-", " ").lower():
        return f'`{value}` (shown as "{markdown_text(label)}")'
    return f"`{value}`"


def _vocabulary_lines(vocabulary: str, meanings: dict[str, str]) -> list[str]:
    """The allowed ids of a field, each with what it means, as a list nested under the field's entry."""
    lines = [f"- **Allowed values:** an id from `data/{vocabulary}.yml`" + (":" if meanings else "")]
    lines += [f"    - `{value}`: {markdown_text(meaning)}" for value, meaning in meanings.items()]
    return lines


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
        "A quote that is never closed",
        "End the text with the same kind of quote you started it with, on the same line.",
        replace=(
            "summary: How a practice manager can make the most of the practice's place in a PCN.",
            "summary: \"How a practice manager can make the most of the practice's place in a PCN.",
        ),
    ),
    CheckExample(
        "A list that is never closed",
        "End a list written in square brackets with ] on the same line, or write one item per line starting with - .",
        replace=("nations: [England]", "nations: [England"),
    ),
    CheckExample(
        "A field indented by mistake",
        "Start every field at the beginning of its line, with no spaces before it, unless it belongs under another.",
        replace=("topics: [primary-care-networks]", "  topics: [primary-care-networks]"),
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
    sections = [
        _message_section(example.mistake, "", problems_for_example(example, validator, now), example.fix)
        for example in CHECK_EXAMPLES
    ]
    sections += [
        _message_section(
            example.mistake, example.why, problems_for_project_example(example, validator, now), example.fix
        )
        for example in PROJECT_EXAMPLES
    ]
    return "\n".join(sections)


def _message_section(mistake: str, why: str, problems: list[Problem], fix: str) -> str:
    messages = "\n>\n".join(quoted_message(str(problem)) for problem in problems)
    intro = f"{why}\n\n" if why else ""
    return f"### {markdown_text(mistake)}\n\n{intro}The check says:\n\n{messages}\n\n**How to fix it:** {fix}\n"


# --- Mistakes that involve more than one file --------------------------------


@dataclass(frozen=True)
class ProjectExample:
    """A mistake seen only among several files: a small project, checked by the whole of `kb check`."""

    mistake: str
    why: str
    fix: str
    files: dict[str, str | bytes]


def example_document(path: str, **changes: Any) -> str:
    """The valid example guidance, changed, as the text of a file."""
    return example_text(CheckExample("", "", changes=changes, path=path))


PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\0" * 32  # the first bytes of a PNG: enough for the file-type check
INSPECTION_GUIDANCE = {
    "guidance/preparing-for-an-inspection.md": example_document(
        "guidance/preparing-for-an-inspection.md", id="GD-2025-10", title="Preparing for an inspection"
    ).replace("Some text.\n", "## Before the visit\n\nSome text.\n\n## On the day\n\nSome text.\n")
}


def example_with_body(body: str) -> str:
    """The valid example guidance with other text below its front matter."""
    return example_text(CheckExample("", "", path="guidance/example.md", body=body))


PROJECT_EXAMPLES: tuple[ProjectExample, ...] = (
    ProjectExample(
        "An id is already used",
        "Every document needs its own id. Here a new draft was given the id of a published page.",
        "Give the new document the next free id, as the message says. Never change the id of a document that is "
        "already published: other pages and citations use it.",
        {
            "guidance/example.md": example_document("guidance/example.md"),
            "guidance/a-new-page.md": example_document(
                "guidance/a-new-page.md", title="A new page", status="draft", published=None
            ),
        },
    ),
    ProjectExample(
        "Two files would be published at the same address",
        "A page's address comes from its file's place: `guidance/example.md` and `guidance/example/index.md` would "
        "both be published at `/guidance/example/`, and one would silently replace the other.",
        "Rename the newer file, or move it to another folder. If the older page is published, keep its address: "
        "readers and other sites link to it.",
        {
            "guidance/example.md": example_document("guidance/example.md"),
            "guidance/example/index.md": example_document("guidance/example/index.md", id="GD-2025-10"),
        },
    ),
    ProjectExample(
        "A link to a page that does not exist",
        "Links go from the folder of the page you are editing: `../guidance/the-accreditation-framework.md` means "
        '"up one folder, then into guidance". Here the file name in a link is mistyped.',
        "Correct the file name in the link, or use the one the message suggests.",
        {
            "guidance/example.md": example_with_body("Read [how to prepare](preparing-for-an-inspecton.md) first.\n"),
            **INSPECTION_GUIDANCE,
        },
    ),
    ProjectExample(
        "A link to a heading that does not exist",
        "A link can point to a heading with `#`, such as `join.md#fees`. The part after `#` is the heading in lower "
        "case, with spaces replaced by dashes. Here the heading is misspelt in the link.",
        "Open the page, find the heading, and copy its link from the link symbol that appears beside it; or use the "
        "heading the message suggests.",
        {
            "guidance/example.md": example_with_body(
                "See [what to do on the day](preparing-for-an-inspection.md#on-the-days).\n"
            ),
            **INSPECTION_GUIDANCE,
        },
    ),
    ProjectExample(
        "A picture that is not there",
        "A picture is a file in `docs/`, in the same folder as the page that shows it.",
        "Upload the picture to the folder the message names, or correct its name in the page. The contributor "
        "guide's section on pictures says which kinds and sizes to use.",
        {
            "guidance/example.md": example_with_body("![A rota with three shifts a day](rota-exmple.png)\n"),
            "guidance/rota-example.png": PNG_BYTES,
        },
    ),
    ProjectExample(
        "A file name has capital letters or spaces",
        "File and folder names under `docs/` use only lower-case letters, digits and hyphens, then one ending such "
        "as `.md` or `.png`. Here a picture was saved as `Practice Photo.PNG`.",
        "Rename the file to the name the message gives, and change the links to it in your page.",
        {"guidance/example.md": example_document("guidance/example.md"), "guidance/Practice Photo.PNG": PNG_BYTES},
    ),
    ProjectExample(
        "A file of a kind the site does not publish",
        "The site publishes pages (`.md`), pictures and PDF documents. Anything else is refused, because a "
        "reader's browser could run it, or because it should be a page or a PDF.",
        "Save a document as PDF, or a photo as PNG or JPEG, and link to that.",
        {"guidance/example.md": example_document("guidance/example.md"), "guidance/rota.docx": b"PK\x03\x04"},
    ),
)


def problems_for_project_example(
    example: ProjectExample, validator: Validator, now: datetime | None = None
) -> list[Problem]:
    """Run the whole of `kb check` on a small project holding the example's files."""
    import tempfile

    from kb.checks.validate import check_project

    with tempfile.TemporaryDirectory(prefix="kb-guide-") as work:
        root = Path(work)
        for relative, content in example.files.items():
            target = root / "docs" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return check_project(root, root / "docs", now or build_time(), validator)[1]


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


def vocabulary_meanings(root: Path = paths.REPO_ROOT) -> dict[str, dict[str, str]]:
    """What each topic and role id means, from data/topics.yml and data/people.yml."""
    vocabularies = load_vocabularies(root)
    return {
        "topics": {key: f"{topic['label']}. {topic['description']}" for key, topic in vocabularies.topics.items()},
        "people": {key: person["role"] for key, person in vocabularies.people.items()},
    }


def field_reference(root: Path = paths.REPO_ROOT) -> str:
    return render_field_reference(schema.load_raw_schema(root), vocabulary_meanings(root))


def check_messages(root: Path = paths.REPO_ROOT) -> str:
    """The guide's example messages; the same text as last build's when nothing they come from changed."""
    now = build_time()
    return guide_messages.remembered(root, now, lambda: render_check_messages(Validator(root), now))


def roles(root: Path = paths.REPO_ROOT) -> str:
    return render_roles(load_data_file("people", root)["people"])


EXAMPLE_TITLES = {
    "position-paper": "Your position paper title",
    "guidance": "Your guidance title",
    "faq": "Your FAQ theme",
}


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


# --- Starting a document in GitHub's web editor ------------------------------

NEW_DOCUMENT_LINK_TEXT = {
    "guidance": "Start a new guidance page",
    "position-paper": "Start a new position paper",
    "faq": "Start a new FAQ",
}


class NewDocumentLinkError(ValueError):
    """The site's settings give no way to open GitHub's editor; the message says what to set."""


def new_file_address(repo_url: str, edit_uri: str) -> str:
    """Where GitHub creates a file, from the settings the "Edit this page" button uses.

    ``edit_uri`` is ``edit/<branch>/docs/``; GitHub's page for a new file in the
    same place is ``new/<branch>/docs/``, so the branch is written once, in mkdocs.yml.
    """
    if not repo_url.startswith("https://") or not edit_uri.startswith("edit/"):
        raise NewDocumentLinkError(
            "mkdocs.yml needs repo_url (https://github.com/owner/name) and edit_uri (edit/<branch>/docs/)"
            " for the contributor guide's links that start a new document"
        )
    return f"{repo_url.rstrip('/')}/new/{edit_uri.removeprefix('edit/').strip('/')}/"


def new_document_url(doc_type: str, doc_id: str, new_file_base: str, root: Path, now: datetime) -> str:
    """GitHub's editor on a new file in the type's folder, holding what `kb new` would write.

    The file name is the placeholder title's, for the author to change.
    """
    from kb.workflow.new import render, slugify

    title = EXAMPLE_TITLES[doc_type]
    text = render(doc_type, title, doc_id, now.date(), root)
    query = f"filename={quote(slugify(title) + '.md', safe='')}&value={quote(text, safe='')}"
    return f"{new_file_base}{FOLDER_FOR_TYPE[doc_type]}?{query}"


def render_new_document_links(new_file_base: str, root: Path, now: datetime) -> str:
    """One link per document type, as a Markdown list.

    Each id is the next one nobody has used when the site is built, found by the
    same code as `kb new` (drafts in the repository count), reading every file once.
    """
    from kb.workflow.new import next_ids

    ids = next_ids(list(NEW_DOCUMENT_LINK_TEXT), now.year, paths.docs_dir(root))
    return "".join(
        f"- [{text}]({new_document_url(doc_type, ids[doc_type], new_file_base, root, now)})\n"
        for doc_type, text in NEW_DOCUMENT_LINK_TEXT.items()
    )


def new_document_links(repo_url: str, edit_uri: str, root: Path = paths.REPO_ROOT) -> str:
    return render_new_document_links(new_file_address(repo_url, edit_uri), root, build_time())
