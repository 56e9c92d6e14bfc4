"""Every link and picture in every document, checked in the first stage, with MkDocs' rules.

The strict build (MkDocs' link validation) and LinkChecker find the same
mistakes minutes later, in their own words and without a line. This module
finds them in the check stage, reading the Markdown: a link to a page that
does not exist, to a heading the page does not have, to a page that is not
published, to a folder, an absolute address, a picture that is not there.
Each message names the line and the nearest name that does exist.

What counts as a heading's link is what Python-Markdown's toc extension makes:
its own ``slugify`` and ``unique`` (duplicate headings get ``_1``, ``_2``), an
``{#id}`` or ``{: #id }`` written after a heading, ``id=`` in raw HTML and
footnotes. Headings that template code writes (glossary terms, topic and
nation listings) are added for the macros that write them; a page whose other
template code could write a heading is given the benefit of the doubt, and the
build's own validation stays the safety net there.

Links inside code (`` `...` `` and fenced blocks), HTML comments and template
code are not links and are skipped, as Markdown does.
"""

from __future__ import annotations

import difflib
import functools
import html
import posixpath
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from markdown.extensions.toc import slugify, unique

from kb.checks.limits import MAX_HEADINGS
from kb.content.documents import INCLUDE_FOLDERS, Document, site_address
from kb.content.moves import moved_to
from kb.content.publishing import is_public
from kb.problems import Problem
from kb.reader.feeds import FEEDS_BY_NAME

PICTURES_FIX = "save the picture in docs/{folder}, the folder of this page, and write its file name here"
# Longer lines are not read for links: real paragraphs are far shorter, and some patterns slow down on
# pathological lines (a megabyte of `[`), which kb.checks.limits refuses anyway.
MAX_LINE = 10_000
# Files the build writes that a page may link to (besides the feeds named in mkdocs.yml and the papers' PDFs).
GENERATED_FILES = frozenset({"catalogue.json", "robots.txt", "sitemap.xml", "sitemap.xml.gz", "404.html"})

_FENCE = re.compile(r"^ {0,3}(?:[-*+] +|[0-9]+[.)] +|> *)*(`{3,}|~{3,})")
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation
_BACKTICKS = re.compile(r"`+")
_TEMPLATE_START = re.compile(r"\{[{%#]")
_TEMPLATE_END = {"{{": "}}", "{%": "%}", "{#": "#}"}
_INLINE = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
    r"\(\s*(?:<(?P<angled>[^>\n]*)>|(?P<plain>(?:[^()\s\\]|\\.|\((?:[^()\s\\]|\\.)*\))*))"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_REFERENCE = re.compile(r"^ {0,3}\[(?!\^)(?P<label>[^\]]+)\]:\s*<?(?P<target>[^\s>]+)>?")
_TAG = re.compile(r"<([a-z][a-z0-9]*)\b([^<>]*)>", re.I)  # one HTML tag; [^<>] keeps it linear
_ADDRESS_ATTRIBUTE = {"a": "href", "img": "src"}
_ATTRIBUTE = re.compile(r"\s([a-z-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_ATTR_LIST = re.compile(r"[ \t]*\{:?[ \t]*([^}]*)\}[ \t]*$")
_ATTR_ID = re.compile(r"(?:^|\s)#([^\s}]+)")
_BLOCK_ATTR = re.compile(r"^ {0,3}\{:?[ \t]*([^}]*)\}[ \t]*$")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
_INLINE_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|<[^>]+>|[*_`~]")


@dataclass(frozen=True)
class Link:
    """One link or picture as written in a document."""

    line: int  # line in the file
    target: str
    picture: bool
    html: bool  # written as <a href> or <img src>: relative to the page's address, not its file


def links_in(document: Document) -> list[Link]:
    """Every link and picture in a document's body, skipping code, comments and template code."""
    found: list[Link] = []
    for number, line in _prose_lines(document.body):
        if "](" not in line and "]:" not in line and "<" not in line:
            continue  # most lines hold no link: skip the patterns
        if len(line) > MAX_LINE:
            continue  # kb.checks.limits refuses a page with such a line before it is converted
        where = document.parsed.body_line + number
        for match in _INLINE.finditer(line):
            target = match.group("angled") if match.group("angled") is not None else match.group("plain")
            target = _MARKDOWN_ESCAPE.sub(r"\1", target)  # Markdown reads `a\_b.md` as `a_b.md`
            found.append(Link(where, html.unescape(target), bool(match.group("image")), False))
        reference = _REFERENCE.match(line)
        if reference:
            found.append(Link(where, html.unescape(reference.group("target")), False, False))
        for tag, name, value in _html_attributes(line):
            if _ADDRESS_ATTRIBUTE.get(tag) == name:
                found.append(Link(where, html.unescape(value), tag == "img", True))
    return found


def _prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(line number in the body, text) for each line outside code blocks and comments, code spans blanked."""
    fence = ""
    in_comment = False
    for number, line in enumerate(body.split("\n")):
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        opening = _FENCE.match(line) if ("`" in line or "~" in line) else None
        if opening:
            fence = opening.group(1)
            continue
        if len(line) > MAX_LINE:
            yield number, line  # links_in skips it; its patterns would take too long
            continue
        if in_comment or "<!--" in line:
            line, in_comment = _without_comments(line, in_comment)
        if "`" in line:
            line = _without_code_spans(line)
        yield number, _without_template_code(line) if "{" in line else line


def _without_code_spans(line: str) -> str:
    """The line with each `code` span blanked: a run of backticks is closed by the next run of the same
    length, and a run that nothing closes is plain text. Linear: each run's partner is found in one pass."""
    runs = [(found.start(), found.end()) for found in _BACKTICKS.finditer(line)]
    partner: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        partner[index] = seen.get(length)
        seen[length] = index
    kept, position, index = [], 0, 0
    while index < len(runs):
        closing = partner[index]
        if closing is None:
            index += 1
            continue
        kept.append(line[position : runs[index][0]])
        position = runs[closing][1]
        index = closing + 1
    kept.append(line[position:])
    return " ".join(kept)


def _without_template_code(line: str) -> str:
    """The line with {{ ... }}, {% ... %} and {# ... #} blanked; linear (one search for each end)."""
    kept, position = [], 0
    while True:
        found = _TEMPLATE_START.search(line, position)
        if found is None:
            break
        end = line.find(_TEMPLATE_END[found.group()], found.end())
        if end < 0:
            break
        kept.append(line[position : found.start()])
        position = end + 2
    kept.append(line[position:])
    return " ".join(kept)


def _without_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    kept = []
    position = 0
    while position <= len(line):
        if in_comment:
            end = line.find("-->", position)
            if end < 0:
                return "".join(kept), True
            position, in_comment = end + 3, False
        else:
            start = line.find("<!--", position)
            if start < 0:
                kept.append(line[position:])
                break
            kept.append(line[position:start])
            position, in_comment = start + 4, True
    return "".join(kept), in_comment


# --- Headings and their links ------------------------------------------------


def anchors_of(body: str) -> set[str]:
    """The ids a page's text gives its headings and elements, as Python-Markdown makes them."""
    explicit: set[str] = set()
    headings: list[str] = []  # heading texts without an id of their own, in order
    previous = ""
    fence = ""
    for line in body.split("\n"):
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            previous = ""
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            previous = ""
            continue
        explicit.update(_element_ids(line))
        if len(headings) > MAX_HEADINGS:
            break
        heading = _ATX.match(line)
        if heading:
            _add_heading(heading.group(2) or "", explicit, headings)
        elif _SETEXT.match(line) and previous.strip() and not _ATX.match(previous) and not previous.startswith(" " * 4):
            _add_heading(previous.strip(), explicit, headings)
        previous = line
    used = set(explicit)
    # Python-Markdown's unique() counts up from _1 for each repeat: a page of 100,000 equal headings
    # would take minutes. kb.checks.limits refuses a page with more than MAX_HEADINGS; past that,
    # the rest are not worked out.
    for text in headings[: MAX_HEADINGS + 1]:
        used.add(unique(slugify(text, "-"), used))
    return used


def _add_heading(text: str, explicit: set[str], headings: list[str]) -> None:
    attributes = _ATTR_LIST.search(text)
    if attributes:
        given = _ATTR_ID.search(attributes.group(1))
        text = text[: attributes.start()]
        if given:
            explicit.add(given.group(1))
            return
    headings.append(heading_text(text))


def heading_text(markdown_text: str) -> str:
    """A heading's text as a reader sees it: links, emphasis, code marks and HTML tags taken away."""
    plain = _INLINE_MARKUP.sub(lambda match: match.group(1) or "", markdown_text.strip().rstrip("#").strip())
    return html.unescape(plain)


def _html_attributes(line: str) -> Iterator[tuple[str, str, str]]:
    """(tag, attribute, value) for each quoted attribute of each HTML tag on a line, names in lower case."""
    if "<" not in line:
        return
    for tag in _TAG.finditer(line):
        for attribute in _ATTRIBUTE.finditer(tag.group(2)):
            value = attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
            yield tag.group(1).lower(), attribute.group(1).lower(), value


def _element_ids(line: str) -> Iterator[str]:
    for _, name, value in _html_attributes(line):
        if name in ("id", "name"):
            yield value
    block = _BLOCK_ATTR.match(line)
    if block:
        yield from _ATTR_ID.findall(block.group(1))
    for note in _FOOTNOTE.findall(line):
        yield f"fn:{note}"
        yield f"fnref:{note}"


# Template code that writes headings, and the ids they get (kb.reader.listings, kb.reader.glossary).
def _macro_anchors(body: str, root: Path) -> tuple[set[str], bool]:
    """Ids written by the page's template code, and whether other template code might write more."""
    calls = set(re.findall(r"\{\{-?\s*([a-z_]+)\s*\(", body))
    anchors: set[str] = set()
    if "glossary_list" in calls:
        from kb.reader.glossary import load_glossary

        try:
            anchors |= {term.anchor for term in load_glossary(root)}
        except Exception:  # the glossary's own check reports a broken data file
            return anchors, True
    listings = {"documents_by_topic": _topic_labels, "documents_by_nation": _nation_labels}
    for macro, labels in listings.items():
        if macro in calls:
            anchors |= {slugify(label, "-") for label in labels(root)}
    quiet = {"glossary_list", *listings, "document_list", "fees", "contacts", "representatives", "roles"}
    return anchors, bool(calls - quiet)


def _topic_labels(root: Path) -> list[str]:
    """Headings of documents_by_topic: every topic's label (an empty group is left out; the build sees that)."""
    from kb.content.vocabularies import load_vocabularies

    try:
        return [str(topic.get("label", "")) for topic in load_vocabularies(root).topics.values()]
    except Exception:  # the vocabularies' own check reports a broken data file
        return []


def _nation_labels(root: Path) -> list[str]:
    from kb.reader.listings import NATIONS

    return list(NATIONS)


# --- What a link may point at ------------------------------------------------


@dataclass
class Site:
    """The pages, files and generated files a link may point at."""

    root: Path
    documents: dict[str, Document]  # src_uri -> document
    unreadable: set[str]  # pages whose front matter has a problem of its own: they exist
    files: set[str]  # every other file under docs/
    generated: set[str]  # files the build writes
    now: datetime
    _anchors: dict[str, tuple[set[str], bool]] = field(default_factory=dict)
    _moved: dict[str, Document | None] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Path, docs: Path, documents: list[Document], now: datetime) -> Site:
        pages = {d.src_uri: d for d in documents}
        files, unreadable = set(), set()
        for path in docs.rglob("*"):
            relative = path.relative_to(docs).as_posix()
            if not path.is_file() or relative.split("/", 1)[0] in INCLUDE_FOLDERS:
                continue
            if relative.endswith(".md"):
                if relative not in pages:
                    unreadable.add(relative)
            else:
                files.add(relative)
        generated = set(GENERATED_FILES) | set(FEEDS_BY_NAME)  # tests/kb/reader/test_feeds.py: as in mkdocs.yml
        generated |= {
            site_address(d.src_uri).lstrip("/") + f"{d.doc_id}.pdf"
            for d in documents
            if d.doc_type == "position-paper" and d.doc_id
        }
        return cls(root, pages, unreadable, files, generated, now)

    @functools.cached_property
    def folders(self) -> set[str]:
        every = [*self.documents, *self.unreadable, *self.files]
        return {"/".join(uri.split("/")[:depth]) for uri in every for depth in range(1, uri.count("/") + 1)}

    @functools.cached_property
    def addresses(self) -> dict[str, str]:
        """Each page's address without its slashes (guidance/x) -> its file."""
        return {site_address(uri).strip("/"): uri for uri in [*self.documents, *self.unreadable]}

    @functools.cached_property
    def recorded(self) -> set[str]:
        """Paths published-urls.yml records: a link to one that is gone may be to a moved page."""
        from kb.checks.addresses import read_ledger

        return set(read_ledger(self.root))

    def moved(self, src_uri: str) -> Document | None:
        """The page now standing for a path that is gone (kb.content.moves); None when it was not moved."""
        if src_uri not in self._moved:
            named = any(src_uri in (d.meta.get("redirect_from") or []) for d in self.documents.values())
            found = moved_to(self.root, list(self.documents.values()), src_uri)
            self._moved[src_uri] = found if (named or src_uri in self.recorded) else None
        return self._moved[src_uri]

    def redirects_missing(self) -> list[tuple[str, Document]]:
        """Moved pages found through links to their old names, whose old name is in no redirect_from yet."""
        return [
            (old, document)
            for old, document in sorted(self._moved.items())
            if document is not None and old not in (document.meta.get("redirect_from") or [])
        ]

    def anchors(self, src_uri: str) -> tuple[set[str], bool]:
        """A page's heading links, and whether its template code might make more. Worked out once a page."""
        if src_uri not in self._anchors:
            document = self.documents.get(src_uri)
            if document is None:  # unreadable: its own problem is reported
                self._anchors[src_uri] = (set(), True)
            else:
                made, unsure = _macro_anchors(document.body, self.root)
                self._anchors[src_uri] = (anchors_of(document.body) | made, unsure)
        return self._anchors[src_uri]


# --- Checking each link ------------------------------------------------------


def link_problems(
    root: Path, docs: Path, documents: list[Document], now: datetime, refused: Collection[str] = ()
) -> list[Problem]:
    """A problem for every link or picture in every document that would not work on the site.

    refused: files whose text kb.checks.limits already refused (too large or too deeply nested to convert),
    whose links are not read."""
    site = Site.of(root, docs, documents, now)
    problems = []
    for document in documents:
        if not is_public(document, now) or document.repo_path in refused:
            continue  # not built: its links are checked when it is published, as the build would
        for link in links_in(document):
            problem = check_link(site, document, link)
            if problem is not None:
                problems.append(problem)
    # The addresses stage would ask for the redirect next: said now, so one round of fixes is enough.
    from kb.checks.addresses import redirect_to_add

    problems += [redirect_to_add(document, old) for old, document in site.redirects_missing()]
    return problems


def check_link(site: Site, document: Document, link: Link) -> Problem | None:
    """What is wrong with one link, or None."""
    target = link.target.strip()
    if not target or _SCHEME.match(target) or target.startswith("//"):
        return None  # another site, an email address: the nightly external link check reads those
    path, _, anchor = target.partition("#")
    return _OneLink(site, document, link, target, unquote(path.split("?", 1)[0]), anchor).problem()


@dataclass(frozen=True)
class _OneLink:
    """One link being checked: where it is, what was written, the path and the #anchor in it."""

    site: Site
    document: Document
    link: Link
    target: str
    path: str
    anchor: str

    @property
    def here(self) -> str:
        """The folder of the linking file, inside docs/."""
        return posixpath.dirname(self.document.src_uri)

    def wrong(self, message: str, fix: str) -> Problem:
        thing = "picture" if self.link.picture else "link"
        return Problem(self.document.repo_path, self.link.line, thing, f"{self.target}: {message}", fix)

    def problem(self) -> Problem | None:
        if "\\" in self.path:
            return self.wrong("folders are separated by /, not \\", f"write {self.target.replace(chr(92), '/')}")
        if self.path.startswith("/"):
            return self.absolute()
        if self.link.html:
            return self.html_link()
        if not self.path:
            return self.anchor_problem(self.document.src_uri)
        resolved = posixpath.normpath(posixpath.join(self.here, self.path))
        if resolved == ".." or resolved.startswith("../"):
            return self.wrong("this goes outside the docs folder", "link to a page inside docs/")
        if resolved in self.site.documents or resolved in self.site.unreadable:
            return self.page_problem(resolved)
        if resolved in self.site.files or resolved in self.site.generated:
            return None
        return self.not_found(resolved)

    def page_problem(self, resolved: str) -> Problem | None:
        page = self.site.documents.get(resolved)
        if page is not None and not is_public(page, self.site.now):
            return None  # a link to a page that is not published: kb.checks.leaks reports it
        return self.anchor_problem(resolved) if self.anchor else None

    def anchor_problem(self, resolved: str) -> Problem | None:
        anchors, unsure = self.site.anchors(resolved)
        wanted = unquote(self.anchor)
        if not wanted or wanted in anchors or unsure:
            return None
        page = "this page" if resolved == self.document.src_uri else f"docs/{resolved}"
        close = difflib.get_close_matches(wanted, sorted(anchors), n=1, cutoff=0.6)
        fix = f"did you mean #{close[0]}?" if close else "copy the link from the symbol beside the heading on that page"
        return self.wrong(f"{page} has no heading with the link #{self.anchor}", fix)

    def not_found(self, resolved: str) -> Problem:
        site, path, here = self.site, self.path, self.here
        if path.endswith("/") or resolved in site.folders:
            index = posixpath.join(resolved, "index.md")
            if index in site.documents or index in site.unreadable:
                return self.wrong("this is a folder, not a page", f"link to its page: {path.rstrip('/')}/index.md")
            return self.wrong("this is a folder, not a page", "link to a page's file, ending in .md")
        if self.link.picture:
            fix = PICTURES_FIX.format(folder=f"{here}/" if here else "")
            close = _nearest(resolved, site.files)
            if close:
                fix = f"did you mean {_relative(close, here)}? Otherwise {fix}"
            return self.wrong(f"there is no picture docs/{resolved}", fix)
        moved = site.moved(resolved) if resolved.endswith(".md") else None
        if moved is not None:
            return moved_link_problem(self.document, self.link, moved)
        if not resolved.endswith(".md") and resolved + ".md" in site.documents:
            return self.wrong("a link to a page ends in .md", f"write {path}.md")
        is_page = resolved.endswith(".md")
        close = _nearest(resolved, [*site.documents, *site.unreadable] if is_page else [*site.files, *site.documents])
        fix = f"did you mean {_relative(close, here)}?" if close else "check the file's name and folder in docs/"
        return self.wrong(f"there is no {'page' if is_page else 'file'} docs/{resolved}", fix)

    def absolute(self) -> Problem:
        bare = self.path.strip("/")
        page = self.site.addresses.get(bare) or (bare if bare in self.site.documents else None)
        fix = (
            f"write the link from this file's folder: {_relative(page, self.here)}"
            if page
            else "write the link from this file's folder to the page's file, such as ../guidance/a-page.md"
        )
        return self.wrong("a link starting with / breaks in previews and if the site moves", fix)

    def html_link(self) -> Problem | None:
        """<a href> and <img src> are not rewritten by MkDocs: they go from the page's address, not its file."""
        site, path = self.site, self.path
        if not path:
            return self.anchor_problem(self.document.src_uri)
        if path.endswith(".md"):
            from_file = posixpath.normpath(posixpath.join(self.here, path))
            if from_file in site.documents:
                fix = f"write it as a Markdown link: [text]({_relative(from_file, self.here)})"
                return self.wrong("a link to a .md file does not work in HTML", fix)
        base = site_address(self.document.src_uri).strip("/")
        resolved = posixpath.normpath(posixpath.join(base, path))
        if resolved in site.files or resolved in site.generated:
            return None
        page = site.addresses.get(resolved.strip("/"))
        if page is not None:
            return self.page_problem(page)
        return self.wrong(
            "there is no page or file at this address",
            "write the link in Markdown, [text](file.md), so the checks can follow it",
        )


def resolves_to(document: Document, link: Link) -> str | None:
    """The path inside docs/ a Markdown link goes to; None for other sites, HTML and links within the page."""
    target = link.target.strip()
    if link.html or not target or _SCHEME.match(target) or target.startswith(("//", "/", "#")):
        return None
    path = unquote(target.partition("#")[0].split("?", 1)[0])
    return posixpath.normpath(posixpath.join(posixpath.dirname(document.src_uri), path))


def moved_link_problem(document: Document, link: Link, moved: Document) -> Problem:
    """A link to a moved page's old name, told the new one."""
    here = posixpath.dirname(document.src_uri)
    anchor = link.target.partition("#")[2]
    new = _relative(moved.src_uri, here) + (f"#{anchor}" if anchor else "")
    old = resolves_to(document, link)
    return Problem(
        document.repo_path,
        link.line,
        "link",
        f"{link.target}: docs/{old} was moved to {moved.repo_path}",
        f"link to the new name: {new}",
    )


def _nearest(resolved: str, candidates: list[str] | set[str]) -> str | None:
    """The existing path most like the one written: first among the same folder's files, then anywhere."""
    folder = posixpath.dirname(resolved)
    same_folder = sorted(c for c in candidates if posixpath.dirname(c) == folder)
    for pool in (same_folder, sorted(candidates)):
        close = difflib.get_close_matches(resolved, pool, n=1, cutoff=0.75)
        if close:
            return close[0]
    return None


def _relative(src_uri: str, here: str) -> str:
    return posixpath.relpath(src_uri, here or ".")
