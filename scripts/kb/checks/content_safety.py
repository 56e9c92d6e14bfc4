"""The gate for what authors write below the front matter: no active content, ever.

Page text is untrusted. Markdown passes raw HTML through, ``attr_list`` adds
any attribute (``{ onclick=... }``) and links take any address, so a page
could run script in every reader's browser. This module refuses, at the line
where it is written:

* tags that run code, frame or load other documents, style the page or
  collect input (``<script>``, ``<iframe>``, ``<object>``, ``<embed>``,
  ``<style>``, ``<form>``, ...);
* event-handler attributes (``onerror=``, ``onclick=`` ...), in HTML or in an
  attribute list;
* ``javascript:``, ``vbscript:`` and ``data:`` addresses in links and images;
* images and media loaded from other websites (the site loads nothing from
  another origin);
* template code other than calls to the site's macros (see kb.checks.template_sandbox);
* ids, classes, tooltips and references that kb.checks.markup_rules refuses;
* files under docs/ of any kind but pages, images and PDF documents, or that
  are not what their ending says (kb.checks.file_types), names that are not plain
  (kb.checks.names), and symbolic links, which could publish files from outside docs/.

It is deliberately strict and simple: code blocks are not exempt, because
what looks like a code block to a regular expression may not to Markdown.
The sanitiser in kb.reader.sanitise is the second line of defence.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Collection, Iterator
from datetime import datetime
from pathlib import Path

from kb import paths, speed
from kb.checks import file_types, names, template_sandbox
from kb.checks.markup_rules import REMOTE_FIX, REMOTE_MESSAGE, Finding, check_rules, flatten, line_at
from kb.content.documents import INCLUDE_FOLDERS, Document
from kb.problems import Problem, shorten
from kb.speed import passed_checks
from kb.speed.cache_files import REMEMBER_FROM

# Tags that run code, embed other documents, restyle or re-address the page, or collect input.
REFUSED_TAGS = (
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link", "meta", "base",
    "form", "input", "button", "textarea", "select", "svg", "math", "template", "portal", "noscript",
)  # fmt: skip
REFUSED_SCHEMES = ("javascript", "vbscript", "data", "livescript")

_TAG = re.compile(r"<\s*(" + "|".join(REFUSED_TAGS) + r")(?=[\s/>]|$)", re.IGNORECASE | re.MULTILINE)
# Quoted attribute values may hold ">" (alt=">"), which ends no tag.
_HANDLER_IN_TAG = re.compile(
    r"<[a-z](?:[^<>\"']|\"[^\"]{0,2000}\"|'[^']{0,2000}')*?[\s/\"'](on[a-z]+)\s*=", re.IGNORECASE | re.DOTALL
)
_HANDLER_IN_ATTR_LIST = re.compile(r"\{[^{}\n]*?(?<![\w-])(on[a-z]+)\s*=", re.IGNORECASE)
# In flattened text (entities decoded, no white space, across lines): a scheme where an address starts.
_ADDRESS_START = r"(?:\]\(<?|\]:<?|=[\"']?|<|url\([\"']?)"
_BAD_ADDRESS = re.compile(_ADDRESS_START + r"(" + "|".join(REFUSED_SCHEMES) + r"):")
# An image's alt text may hold one level of brackets (![a [b] c](...)); possessive, so it cannot backtrack.
_IMAGE_START = r"!\[[^\[\]]*+(?:\[[^\[\]]*+\][^\[\]]*+)*+\]\(<?"
_REMOTE_IMAGE = re.compile(
    r"(?:" + _IMAGE_START + r"|(?:src|srcset|poster|background)=[\"']?|url\([\"']?)((?:https?:)?//[^/\"')>?#\\]{1,253})"
)


def check_markup(text: str) -> list[Finding]:
    """Active content in Markdown or HTML text, at its line (1-based within ``text``)."""
    return list(_markup_findings(text) if speed.enabled("memos") else _markup_findings.__wrapped__(text))


@functools.lru_cache(maxsize=20_000)  # `mkdocs serve` rebuilds: unchanged texts are not scanned again
def _markup_findings(text: str) -> tuple[Finding, ...]:
    findings: list[Finding] = []
    for match in _TAG.finditer(text):
        tag = match.group(1).lower()
        end = text.find(
            ">", match.start(), match.start() + 200
        )  # enough for the message; never to the end of a long text
        found = text[match.start() : end + 1 if end != -1 else match.end()]
        findings.append(
            Finding(
                line_at(text, match.start()),
                "HTML",
                f"<{tag}> tags are not allowed (found {shorten(found)})",
                _TAG_FIXES.get(tag, _DEFAULT_TAG_FIX),
            )
        )
    for pattern, where in ((_HANDLER_IN_TAG, "an HTML tag"), (_HANDLER_IN_ATTR_LIST, "an attribute list { }")):
        for match in pattern.finditer(text):
            name = match.group(1).lower()
            findings.append(
                Finding(
                    line_at(text, match.start(1)),
                    "HTML",
                    f"the event-handler attribute {name}= in {where} is not allowed",
                    "delete it: pages cannot run code",
                )
            )
    flat = flatten(text)
    for match in _BAD_ADDRESS.finditer(flat.text):
        message = f"a {match.group(1)}: address is not allowed in a link or image"
        findings.append(Finding(flat.line_at(match.start(1)), "link", message, _ADDRESS_FIX))
    for match in _REMOTE_IMAGE.finditer(flat.text):
        findings.append(
            Finding(
                flat.line_at(match.start(1)),
                "image",
                REMOTE_MESSAGE.format(host=match.group(1).split("//", 1)[1]),
                REMOTE_FIX,
            )
        )
    findings += check_rules(text, flat)
    # A refused tag says what to do with the whole tag: a pasted <iframe src="https://...">
    # is not also told to save its address as a file in docs/.
    refused_tags = {finding.line for finding in findings if finding.field == "HTML"}
    findings = [f for f in findings if not (f.field == "image" and f.line in refused_tags)]
    return tuple(sorted(set(findings), key=lambda f: (f.line, f.field, f.message)))


_ADDRESS_FIX = "link to a web page (https://...) or to a file in docs/; put images in docs/ beside the page"
_DEFAULT_TAG_FIX = "delete it: pages cannot contain scripts, frames, forms, styles or embedded objects"
_TAG_FIXES = {
    "iframe": "delete it and link to the page instead: pages cannot embed other sites",
    "form": "delete it and link to the form instead: pages cannot collect input",
    "style": "delete it: the look of the site is set in overrides/, not in pages",
    "svg": "save the image as a file in docs/ and include it with ![description](file.svg)",
    "math": "write the formula in words, or as an image",
}


def check_text(
    text: str, first_line: int, repo_path: str, allowed_macros: Collection[str] | None, include_folder: Path
) -> list[Problem]:
    """Markup and template code in one text that starts on ``first_line`` of its file."""
    problems = [Problem(repo_path, first_line + f.line - 1, f.field, f.message, f.fix) for f in check_markup(text)]
    for issue in template_sandbox.check_template_code(text, allowed_macros, include_folder):
        problems.append(Problem(repo_path, first_line + issue.line - 1, "template code", issue.message, issue.fix))
    return problems


def check_document(document: Document, allowed_macros: Collection[str] | None, include_folder: Path) -> list[Problem]:
    return check_text(document.body, document.parsed.body_line, document.repo_path, allowed_macros, include_folder)


# --- Files under docs/ ------------------------------------------------------


def docs_files(docs: Path) -> Iterator[Path]:
    """Every entry under docs/, without following symbolic links."""
    for folder, subfolders, files in os.walk(docs, followlinks=False):
        base = Path(folder)
        for name in sorted(subfolders):
            if (base / name).is_symlink():
                yield base / name
        for name in sorted(files):
            yield base / name


def check_file(path: Path, root: Path) -> list[Problem]:
    """Any file under docs/: a symbolic link, a kind the site does not publish, or a name that is not plain.

    One message a file: a file of a refused kind has to go or change anyway, so its name waits.
    """
    if path.is_symlink():
        return [
            Problem(
                _link_path(path, root),
                1,
                "file",
                "is a symbolic link; links could publish files from outside docs/",
                "replace the link with a copy of the file itself",
            )
        ]
    repo_path = paths.relative_to_root(path, root)
    return file_types.check_file_type(path, repo_path) or names.check_file_name(path, repo_path)


def _link_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


# --- Everything together: what `kb check` and the build hook run --------------


def check_content(root: Path, docs: Path, documents: list[Document], now: datetime) -> list[Problem]:
    """Every content-safety problem in a project: pages, snippets, other files, links to hidden pages."""
    from kb.checks import leaks

    include_folder = docs / template_sandbox.INCLUDE_FOLDER
    allowed = template_sandbox.macro_names(root)
    problems: list[Problem] = []
    if len(documents) >= REMEMBER_FROM:
        fingerprint = passed_checks.code_fingerprint()
        problems += passed_checks.check_each(
            documents,
            passed_checks.memory_at(passed_checks.cache_file(root, "passed-content")),
            # Template code is judged against the macros and snippets of the day: never remembered.
            lambda document: (
                None
                if template_sandbox.has_template_code(document.body)
                else passed_checks.text_key(fingerprint, document.body)
            ),
            lambda document: check_document(document, allowed, include_folder),
        )
    else:
        for document in documents:
            problems += check_document(document, allowed, include_folder)
    page_sources = {document.source for document in documents}
    for path in docs_files(docs):
        problems += check_file(path, root)
        if not path.is_symlink() and path.suffix == ".md" and path not in page_sources:
            problems += _check_snippet(path, root, docs, allowed, include_folder)
    problems += names.check_folder_names(docs, root)
    problems += leaks.links_to_hidden_documents(documents, now)
    return sorted(set(problems))


def _check_snippet(
    path: Path, root: Path, docs: Path, allowed: Collection[str] | None, include_folder: Path
) -> list[Problem]:
    """Files in docs/_includes/ are put into pages as they are: the same rules apply."""
    if not any(part in INCLUDE_FOLDERS for part in path.relative_to(docs).parts):
        return []  # a page whose front matter could not be read: already reported
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return [
            Problem(
                paths.relative_to_root(path, root),
                1,
                "file",
                "cannot be read as UTF-8 text",
                "save it again choosing the UTF-8 encoding",
            )
        ]
    return check_text(text.replace("\r\n", "\n"), 1, paths.relative_to_root(path, root), allowed, include_folder)


def outside_docs(path: Path, docs: Path) -> bool:
    """A file MkDocs found under docs/ that is, or is reached through, a symbolic link."""
    docs = docs.absolute()
    path = path.absolute()
    if docs not in path.parents:
        return False  # a theme file, not content
    current = path
    while current != docs:
        if current.is_symlink():
            return True
        current = current.parent
    return False
