"""Which files under docs/ may be published: an allow-list of kinds that cannot run.

MkDocs copies every file in docs/ that is not a page into the site as it is,
and a browser decides what to do with it from its ending and its first bytes.
A deny-list of dangerous endings always misses one (``.xht``, ``.rdf``,
``.svgz`` ...), so only pages, images and PDF documents are allowed, and each
must really be what its ending says: a "chart.png" whose bytes are HTML is
refused. SVG images are XML that can run script, so they are read with
defusedxml (no DTDs, entities or external references) and anything in them
that could run, load or link to something outside the image is refused.
"""

from __future__ import annotations

import io
import re
import xml.sax
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.expatreader import DefusedExpatParser

from kb.problems import Problem, shorten

# Every extension MkDocs reads as Markdown (any case); only lower-case .md is a page here.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# The first bytes each allowed binary kind starts with (WebP: RIFF, four bytes of size, WEBP).
MAGIC: dict[str, tuple[str, str, Callable[[bytes], bool]]] = {
    ".png": ("a PNG image", "PNG", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("a JPEG image", "JPEG", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("a JPEG image", "JPEG", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".gif": ("a GIF image", "GIF", lambda head: head.startswith((b"GIF87a", b"GIF89a"))),
    ".webp": ("a WebP image", "WebP", lambda head: head.startswith(b"RIFF") and head[8:12] == b"WEBP"),
    ".pdf": ("a PDF document", "PDF", lambda head: head.startswith(b"%PDF-")),
}
ALLOWED_SUFFIXES = (".md", ".svg", *MAGIC)
# Files a browser would run or render as a page if opened from the site: named, with the reason.
ACTIVE_SUFFIXES = (
    ".html", ".htm", ".xhtml", ".xht", ".shtml", ".js", ".mjs", ".css", ".xml", ".xsl", ".xslt", ".rdf",
    ".swf", ".svgz", ".php", ".wasm", ".hta", ".vbs",
)  # fmt: skip
# Documents that are better published as PDF or as a page: they can carry macros, formulas or links.
DOCUMENT_SUFFIXES = (
    ".doc",
    ".docx",
    ".docm",
    ".xls",
    ".xlsx",
    ".xlsm",
    ".ppt",
    ".pptx",
    ".odt",
    ".ods",
    ".odp",
    ".rtf",
    ".csv",
    ".txt",
)
SVG_LIMIT = 2_000_000
SVG_FIX = "save the image as PNG instead, or export the SVG again without scripts, links or styles"


def check_file_type(path: Path, repo_path: str) -> list[Problem]:
    """A file that is not a symbolic link: refused unless it is a kind of file the site may publish."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES and path.suffix != ".md":
        # MkDocs makes a page of these too, but the checks read only *.md: nothing may pass unchecked.
        return [
            Problem(
                repo_path,
                1,
                "file",
                f"{path.suffix} files are made into pages without being checked",
                "rename the file to end in .md, in lower case",
            )
        ]
    if suffix in ALLOWED_SUFFIXES:
        return _check_content(path, repo_path, suffix)
    return [_refused_kind(repo_path, suffix)]


def _refused_kind(repo_path: str, suffix: str) -> Problem:
    if suffix in ACTIVE_SUFFIXES:
        return Problem(
            repo_path,
            1,
            "file",
            f"{suffix} files are not allowed in docs/: a browser would run them as part of the site",
            "write the content as a Markdown page, or ask the web editor",
        )
    if suffix in DOCUMENT_SUFFIXES:
        return Problem(
            repo_path,
            1,
            "file",
            f"{suffix} files are not published from docs/",
            "save the document as PDF and link to the .pdf file, or write the content as a Markdown page",
        )
    if repo_path.rsplit("/", 1)[-1].startswith("."):
        return Problem(
            repo_path, 1, "file", "hidden files (names starting with a full stop) are not allowed in docs/", "delete it"
        )
    if not suffix:
        return Problem(
            repo_path,
            1,
            "file",
            "files without an ending such as .md or .png are not allowed in docs/",
            "give the file the ending of its kind, or delete it",
        )
    allowed = ", ".join(ALLOWED_SUFFIXES)
    return Problem(
        repo_path,
        1,
        "file",
        f"{suffix} files are not allowed in docs/; only these kinds are published: {allowed}",
        "save it as one of those kinds, or ask the web editor",
    )


def _check_content(path: Path, repo_path: str, suffix: str) -> list[Problem]:
    if suffix == ".md":
        return []  # pages and snippets are checked as text elsewhere
    if suffix == ".svg":
        return check_svg(path, repo_path)
    kind, format_name, matches = MAGIC[suffix]
    with path.open("rb") as file:
        head = file.read(16)
    if matches(head):
        return []
    fix = f"save it again as {format_name} from the program that made it, or give it the ending of its real kind"
    return [Problem(repo_path, 1, "file", f"is named {suffix} but is not {kind}", fix)]


# --- SVG ----------------------------------------------------------------------

# Elements that run code, hold HTML, link away, play media or embed other documents.
XHTML = "http://www.w3.org/1999/xhtml"  # HTML inside an SVG file opened on its own is rendered as HTML
REFUSED_SVG_ELEMENTS = frozenset(
    {"script", "foreignobject", "a", "iframe", "embed", "object", "audio", "video", "handler", "listener"}
)
_URL = re.compile(r"url\(\s*+([^)]*+)", re.IGNORECASE)


@dataclass
class _SvgReader(xml.sax.handler.ContentHandler):
    """Collects what is refused in an SVG, with the line of each start tag."""

    lines: list[str]
    findings: list[tuple[int, str, str]] = field(default_factory=list)
    locator: xml.sax.xmlreader.Locator | None = None
    style_text: list[str] | None = None
    style_line: int = 0

    def __post_init__(self) -> None:
        super().__init__()

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:
        self.locator = locator

    def line(self) -> int:
        return self.locator.getLineNumber() if self.locator else 1

    def refuse(self, message: str, fix: str = SVG_FIX) -> None:
        self.findings.append((self.line(), message, fix))

    def processingInstruction(self, target: str, data: str) -> None:
        self.refuse(f"processing instructions such as <?{target}?> are not allowed in images")

    def startElementNS(
        self, name: tuple[str | None, str], qname: str | None, attrs: xml.sax.xmlreader.AttributesNSImpl
    ) -> None:
        namespace, local = name
        if local.lower() in REFUSED_SVG_ELEMENTS:
            self.refuse(f"<{local}> tags are not allowed (found {self.tag_text()})")
        elif namespace == XHTML:
            self.refuse(f"HTML elements are not allowed in images (found {self.tag_text()})")
        if local.lower() == "style":
            self.style_text, self.style_line = [], self.line()
        for (_, attribute), value in attrs.items():
            self.check_attribute(attribute.lower(), value)

    def characters(self, content: str) -> None:
        if self.style_text is not None:
            self.style_text.append(content)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        if name[1].lower() == "style" and self.style_text is not None:
            text = "".join(self.style_text)
            if _loads_in_css(text):
                self.findings.append(
                    (
                        self.style_line,
                        "a <style> element that loads files (url() or @import) is not allowed in images",
                        SVG_FIX,
                    )
                )
            self.style_text = None

    def check_attribute(self, name: str, value: str) -> None:
        if name.startswith("on"):
            self.refuse(f"the event-handler attribute {name}= is not allowed in images")
        elif name == "href" and not value.strip().startswith("#"):
            self.refuse(f"href= may only point to a part of the same image (#name), not to {shorten(value)}")
        elif name == "style" and _loads_in_css(value):
            self.refuse("a style= attribute that loads files (url() or @import) is not allowed in images")
        elif name == "attributename" and value.strip().lower().endswith("href"):
            self.refuse("animating a link (attributeName=href) is not allowed in images")
        elif any(not target.strip(" \"'").startswith("#") for target in _URL.findall(value)) or "\\" in value:
            self.refuse(f"{name}= may only use url(#name) for a part of the same image, not {shorten(value)}")

    def tag_text(self) -> str:
        """The start tag as written, for the message (expat gives the line and column where it starts)."""
        if not self.locator:
            return ""
        line = self.lines[self.line() - 1] if self.line() <= len(self.lines) else ""
        start = line[self.locator.getColumnNumber() :]
        end = start.find(">")
        return shorten(start[: end + 1] if end != -1 else start)


def _loads_in_css(text: str) -> bool:
    """url(), @import or a CSS escape (which could spell either) in style text."""
    lowered = text.lower()
    return "url(" in lowered or "@import" in lowered or "\\" in text


def check_svg(path: Path, repo_path: str) -> list[Problem]:
    """An SVG image: readable XML without DTDs or entities, and nothing that runs, loads or links away."""
    data = path.read_bytes()
    if len(data) > SVG_LIMIT:
        return [
            Problem(
                repo_path,
                1,
                "SVG",
                f"the image is {len(data):,} bytes, over the limit of {SVG_LIMIT:,} for SVG",
                "save the image as PNG instead",
            )
        ]
    reader = _SvgReader(data.decode("utf-8", errors="replace").splitlines())
    parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    # Names by namespace and local name: an element is judged by what it is, whatever its prefix.
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setContentHandler(reader)
    try:
        parser.parse(io.BytesIO(data))
    except DefusedXmlException as error:
        reader.refuse(_DEFUSED_MESSAGES.get(type(error), "the image declares things images may not declare"))
    except xml.sax.SAXParseException as error:
        reader.findings.append(
            (
                error.getLineNumber() or 1,
                f"the image cannot be read as SVG ({error.getMessage()})",
                "save the image as PNG instead, or export the SVG again",
            )
        )
    return [Problem(repo_path, line, "SVG", message, fix) for line, message, fix in reader.findings]


_DEFUSED_MESSAGES: dict[type, str] = {
    DTDForbidden: "a <!DOCTYPE> declaration is not allowed in images",
    EntitiesForbidden: "entity declarations (<!ENTITY>) are not allowed in images",
    ExternalReferenceForbidden: "references to other files in a declaration are not allowed in images",
}
