"""The last line of defence: an allow-list over every file the build wrote, before it is published.

kb.checks.content_safety refuses active content in what authors write and kb.reader.sanitise
cleans what Markdown made of it; both look at the start, at pages one by one,
with lists of what is forbidden. This looks at the end, at the whole built site
in the staging folder, and accepts only what the site is known to publish: the
elements and attributes that Material's templates, our overrides/ and the
sanitiser produce, the theme's own scripts (by path and bytes, or by the hash
of an inline script), files of known types, and nothing loaded from another
website. Anything else, however it got there (a plugin, a template, a gap in
an earlier check), refuses the build, naming the source file behind it.

The lists below were derived from real builds of the site and of the test
fixtures; when the theme is upgraded or a template changes, a refusal names
what is new, and a maintainer adds it here after reading it.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import json
import os
import posixpath
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import tinycss2
import yaml
from selectolax.lexbor import LexborHTMLParser, LexborNode

from kb import paths, speed
from kb.checks import file_types
from kb.content.documents import markdown_files, site_address
from kb.problems import Problem, shorten
from kb.search import bundle as search_bundle
from kb.speed.cache_files import REMEMBER_FROM
from kb.speed.passed_checks import PassedChecks
from kb.upstream import material_internals

CACHE_VERSION = "1"  # raise when what a page's verdict depends on changes
PARALLEL_FROM = 150  # pages to check before a second process pays for itself
CONFIG = "mkdocs.yml"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- What a page may hold -----------------------------------------------------

# Elements of Material's templates, our overrides/ and kb.reader.sanitise.ALLOWED_TAGS;
# svg and path are the theme's icons.
HTML_ELEMENTS = _words(
    """html head body title meta link script header footer main nav article section aside div span a abbr address
    b bdi bdo blockquote br button caption cite code col colgroup dd del details dfn dl dt em figcaption figure
    form h1 h2 h3 h4 h5 h6 hr i img input ins kbd label li mark ol p pre q rp rt ruby s samp small strong sub
    summary sup table tbody td tfoot th thead time tr u ul var wbr svg path dialog"""
)
# Attributes any allowed element may have (kb.reader.sanitise.GENERIC_ATTRIBUTES), and aria-* names.
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "hidden", "tabindex"})
ARIA_PREFIX = "aria-"
_COLOURS = "data-md-color-scheme data-md-color-primary data-md-color-accent"
_INPUT = "type name checked disabled placeholder autocapitalize autocomplete spellcheck required data-md-toggle"
# Attributes by element: the theme's (seen in built sites) and kb.reader.sanitise.TAG_ATTRIBUTES.
ELEMENT_ATTRIBUTES: dict[str, frozenset[str]] = {
    tag: frozenset(names.split())
    for tag, names in {
        "meta": "charset name content property http-equiv",
        "link": "rel href type media",  # media="print": print.css (overrides/main.html)
        "script": "src type",
        "body": _COLOURS,
        "header": "data-md-component",
        "main": "data-md-component",
        "nav": "data-md-component data-md-level",
        "div": "data-md-component data-md-scrollfix data-md-type data-pagefind-body data-pagefind-ignore",
        "span": "data-pagefind-filter data-pagefind-meta data-pagefind-sort",  # kb.search.fields
        "ul": "data-md-component data-md-scrollfix",
        "a": "href hreflang name rel download data-md-component data-print-href",
        "img": "src alt width height loading decoding",
        "form": "name action method data-md-component",
        "input": f"{_INPUT} data-md-component data-md-color-media {_COLOURS}",
        "button": "type data-md-component",
        "label": "for",
        "td": "style colspan rowspan align",
        "th": "style colspan rowspan align scope",
        "col": "span width",
        "colgroup": "span",
        "ol": "start type reversed",
        "li": "value",
        "details": "open",
        "time": "datetime",
        "blockquote": "cite",
        "q": "cite",
        "del": "cite datetime",
        "ins": "cite datetime",
        "svg": "xmlns viewBox width height",
        "path": "d",
    }.items()
}
# "alternate feed": feed autodiscovery that Material's bundle, which reads [rel=alternate] as a language version
# and fetches sitemap.xml for it, leaves alone (overrides/main.html).
LINK_RELS = frozenset({"canonical", "prev", "next", "alternate", "feed", "icon", "stylesheet"})
# Attributes whose value a browser follows or fetches ...
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "cite", "poster", "data", "srcset", "ping"})
# ... and those where it fetches it into the page: these may not point to another website.
LOADING_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "action"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})  # kb.reader.sanitise.URL_SCHEMES

# Material's inline scripts, by sha256 of their text after normalise_script(); the value says which.
# hashes_of_inline_scripts() lists those of a built site, for when the theme is upgraded.
INLINE_SCRIPTS = {
    "89614d6b864bbe7884f6ad1ab21aa2216e6686af528a97cd15075dda2fe14374": "Material: __md_scope, __md_get, __md_set",
    "0eb10c249dbdb0beef225a10ce5cbe55418cc4a7014cc208f8e7d6ed8f00906e": "Material: the colour palette chosen",
    "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f": "Material: open the target of the #",
    "7ad5637525c1185c2d4ba2969c6c9941e5f94a3a1d13fdf4346f88218184caea": "mkdocs-redirects: on to the new address",
}
JSON_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})

# The article (page text): ids as the toc extension makes them, and the theme's prefixes.
ARTICLE = "article.md-content__inner"
SLUG = r"[a-z0-9]+(?:[-_][a-z0-9]+)*"
# toc slugs (and _1, _2 ... for headings without letters or digits), tag:... from Material's tags listing.
ARTICLE_ID = re.compile(rf"(?:tag:)?{SLUG}|_\d+")
# Footnotes: fn:label and fnref:label, fnref2:label ..., where the label is the author's [^label].
FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*")
# Classes starting md- that Material's content partials and our overrides put inside the article.
ARTICLE_THEME_CLASSES = _words(
    """md-content__inner md-typeset md-content__button md-icon md-tag md-tags md-tag-icon md-tag-shadow
    md-source-file md-source-file__fact md-author md-author--more md-button md-button--primary
    md-typeset__scrollwrap md-typeset__table"""
)

# --- What files the site may hold -----------------------------------------------

# Published whatever made them, each checked by its type.
OPEN_SUFFIXES = frozenset({".html", ".xml", ".json", ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"})
# Published only when byte for byte the theme's (Material's or overrides/) or the feeds' stylesheet.
THEME_SUFFIXES = frozenset({".js", ".css", ".map", ".woff", ".woff2", ".ttf", ".eot", ".ico", ".xsl", ".png", ".svg"})
# SVG images: shapes, text and gradients; no script, foreignObject, links out, images, animation or style sheets.
SVG_ELEMENTS = _words(
    """svg g path rect circle ellipse line polyline polygon text tspan title desc defs lineargradient
    radialgradient stop clippath mask symbol use metadata"""
)
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
# Elements of these in an XML file would be live in a browser that opens it.
_W3 = ("1999/xhtml", "2000/svg", "1998/Math/MathML", "1999/XSL/Transform")
FOREIGN_NAMESPACES = tuple(f"{{http://www.w3.org/{ns}}}" for ns in _W3)
# Files made by plugins and the theme rather than copied from docs/: what to name when one is refused.
GENERATED_BY = {
    "404.html": "overrides/404.html",
    "sitemap.xml": "mkdocs.yml",
    "sitemap.xml.gz": "mkdocs.yml",
    "tags.json": "mkdocs.yml",
    "rss.xsl": "mkdocs.yml",
    "catalogue.json": "scripts/kb/reader/catalogue.py",
    "robots.txt": "scripts/kb/reader/crawlers.py",
}
# robots.txt, the one text file published (at the root only): these lines and nothing else.
_ROBOTS_RULE = r"(?:User-agent|Allow|Disallow):[ \t]*[\x21-\x7e]*"
_ROBOTS_SITEMAP = r"Sitemap:[ \t]*https?://[\x21-\x7e]+"
ROBOTS_LINE = re.compile(rf"(?:#[\x20-\x7e]*|{_ROBOTS_RULE}|{_ROBOTS_SITEMAP})?")
ROBOTS_LIMIT = 10_000  # bytes; ours is under 100

FIX_REMOVE = "remove it from the page, or ask the web editor"
FIX_SCRIPT = "remove it: only the theme's scripts run on the site"
FIX_REMOTE = "put the file in docs/ and link to it there: pages load files from this site only"
FIX_SVG = "save the image again without it, or use a PNG"
FIX_PLUGIN = "ask the web editor: this file is made by a plugin"


@dataclass(frozen=True)
class Finding:
    """Something in one output file that is not on the allow-list, before it is traced to its source."""

    output: str  # path inside the site, like guidance/x/index.html
    field: str
    message: str
    fix: str
    needle: str = ""  # the offending value, to find its line in the source


@dataclass(frozen=True)
class SiteFacts:
    """What the checks of one page need to know about the site (small, so it travels to other processes)."""

    scheme: str  # of site_url: the site's own origin
    host: str
    base: str  # site_url's path, like /
    theme_scripts: frozenset[str]  # paths inside the site of the theme's .js files
    theme_styles: frozenset[str]  # ... and of its .css files

    def url(self, page_dir: str) -> str:
        return f"{self.scheme}://{self.host}{self.base}{page_dir}"


# --- URLs ------------------------------------------------------------------------

_OUTER_SPACE = "".join(chr(code) for code in range(0x21))  # what browsers trim: controls and space


def clean_url(value: str) -> str:
    """A URL as a browser reads it: tabs and newlines dropped, outer space and controls trimmed, \\ as /."""
    return re.sub(r"[\t\n\r]", "", value).strip(_OUTER_SPACE).replace("\\", "/")


def scheme_of(value: str) -> str:
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", clean_url(value))
    return match.group(1).lower() if match else ""


def other_host(value: str, facts: SiteFacts) -> str | None:
    """The website a URL points to, when it is not this one; None for this site's own addresses."""
    parts = urlsplit(clean_url(value))
    if not parts.scheme and not parts.netloc:
        return None
    if parts.scheme.lower() == facts.scheme and parts.netloc.lower() == facts.host:
        return None
    return parts.netloc or f"{parts.scheme}:"


def srcset_urls(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


def refresh_url(content: str) -> str:
    """The address of ``<meta http-equiv="refresh" content="0; url=...">``."""
    match = re.match(r"\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?['\"]?([^'\"]*)", content, re.IGNORECASE)
    return match.group(1).strip() if match else ""


def css_urls(text: str) -> list[str]:
    """Every address a piece of CSS would fetch: url(), image-set() strings, and @import as "@import"."""
    found: list[str] = []
    pending: list[Any] = list(tinycss2.parse_component_value_list(text))
    while pending:
        token = pending.pop()
        if token.type == "url":
            found.append(token.value)
        elif token.type == "function":
            if token.lower_name in ("url", "src", "image-set", "image", "-webkit-image-set"):
                found += [arg.value for arg in token.arguments if arg.type == "string"]
            pending += token.arguments
        elif token.type in ("() block", "[] block", "{} block"):
            pending += token.content
        elif token.type == "at-keyword" and token.lower_value == "import":
            found.append("@import")
    return found


# --- Scripts -----------------------------------------------------------------------

_SCOPE = re.compile(r'__md_scope=new URL\("(\.|/|\.\.(?:/\.\.)*)",location\)')
_REDIRECT = re.compile(r'location\.href="([^"\\<>\s]*)"')


def normalise_script(text: str) -> tuple[str, list[str]]:
    """An inline script with its page-dependent addresses taken out, and those addresses.

    Material's first script sets ``__md_scope=new URL("../..",location)``, with as many
    ``..`` as the page is deep; mkdocs-redirects' pages send the reader on with
    ``location.href="<new address>"``. Both are replaced by a fixed word, so that one hash
    stands for every page, and the addresses are checked on their own.
    """
    addresses = [match.group(1) for match in _REDIRECT.finditer(text)]
    scoped = _SCOPE.sub("__md_scope=new URL(BASE,location)", text)
    return _REDIRECT.sub("location.href=URL", scoped), addresses


def script_hash(text: str) -> str:
    return hashlib.sha256(normalise_script(text)[0].encode("utf-8")).hexdigest()


# --- One HTML page -------------------------------------------------------------------


def check_page(output: str, data: bytes, facts: SiteFacts) -> list[Finding]:
    """Everything in one built page that is not on the allow-list."""
    tree = LexborHTMLParser(data)
    page_dir = posixpath.dirname(output) + "/" if "/" in output else ""
    found: list[Finding] = []
    for node in tree.root.traverse(include_text=False) if tree.root is not None else ():
        found += _check_element(output, node, page_dir, facts)
    found += _check_ids(output, tree)
    article = tree.css_first(ARTICLE)
    if article is not None:
        found += _check_article(output, article)
    return found


def _check_element(output: str, node: LexborNode, page_dir: str, facts: SiteFacts) -> list[Finding]:
    tag = node.tag or ""
    if tag.startswith("-"):
        return []  # comments and the doctype
    if tag not in HTML_ELEMENTS:
        message = f"the built page has the element <{tag}>, which the site does not publish"
        return [Finding(output, "HTML", message, FIX_REMOVE, f"<{tag}")]
    found: list[Finding] = []
    attributes = node.attributes
    shape = (tag, *attributes)
    known = shape in _ALLOWED_SHAPES or _allowed_shape(shape)
    for name, value in attributes.items():
        if not known or (name in VALUE_RULES and not _plainly_safe(name, value or "")):
            found += _check_attribute(output, tag, name, value or "", facts)
    if tag == "script":
        found += _check_script(output, node, page_dir, facts)
    elif tag == "link":
        found += _check_link(output, attributes, page_dir, facts)
    elif tag == "meta":
        found += _check_meta(output, attributes, facts)
    return found


# Element and attribute names that passed: most of a page is the same few shapes, so each is judged once.
_ALLOWED_SHAPES: set[tuple[str, ...]] = set()
VALUE_RULES = URL_ATTRIBUTES | {"style", "title"}  # attributes whose values are checked every time


def _allowed_shape(shape: tuple[str, ...]) -> bool:
    tag, *names = shape
    if any(name.lower().startswith("on") or not _allowed_attribute(tag, name) for name in names):
        return False
    _ALLOWED_SHAPES.add(shape)
    return True


def _plainly_safe(name: str, value: str) -> bool:
    """A value no rule can object to, seen without parsing: most links are relative paths."""
    if name == "title":
        return "<" not in value and ">" not in value
    if name == "style":
        return False
    return ":" not in value and "\\" not in value and " " not in value and value.isprintable() and value[:2] != "//"


def _allowed_attribute(tag: str, name: str) -> bool:
    lower = name.lower()
    return lower in GLOBAL_ATTRIBUTES or lower.startswith(ARIA_PREFIX) or name in ELEMENT_ATTRIBUTES.get(tag, ())


def _check_attribute(output: str, tag: str, name: str, value: str, facts: SiteFacts) -> list[Finding]:
    lower = name.lower()
    if lower.startswith("on"):
        message = f"the built page has the event-handler attribute {lower}= on <{tag}>"
        return [Finding(output, "HTML", message, "remove it: pages cannot run scripts", lower)]
    found: list[Finding] = []
    if not _allowed_attribute(tag, name):
        message = f"the built page has the attribute {name}= on <{tag}>, which the site does not publish"
        found.append(Finding(output, "HTML", message, FIX_REMOVE, name))
    if lower in URL_ATTRIBUTES:
        found += _check_url(output, tag, lower, value, facts)
    elif lower == "style":
        found += [_remote(output, "CSS", url, host) for url in css_urls(value) if (host := _css_host(url, facts))]
    elif lower == "title" and ("<" in value or ">" in value):
        message = f"a title (the text shown on hovering) contains < or > ({shorten(value, 60)})"
        found.append(Finding(output, "title", message, "remove the angle brackets from it", value))
    return found


def _check_url(output: str, tag: str, name: str, value: str, facts: SiteFacts) -> list[Finding]:
    found: list[Finding] = []
    for url in srcset_urls(value) if name == "srcset" else [value]:
        scheme = scheme_of(url)
        if scheme and scheme not in LINK_SCHEMES:
            message = f"the built page has a {scheme}: address in {name}= on <{tag}>"
            found.append(Finding(output, "link", message, "use an https: address or a page of this site", url))
        elif name in LOADING_ATTRIBUTES and tag != "script" and (host := other_host(url, facts)):
            found.append(_remote(output, "image" if tag == "img" else tag, url, host))
    return found


def _remote(output: str, field: str, url: str, host: str) -> Finding:
    message = f"the built page loads {shorten(url, 60)} from another website ({host})"
    return Finding(output, field, message, FIX_REMOTE, url)


def _css_host(url: str, facts: SiteFacts) -> str | None:
    if url == "@import":
        return "@import"
    scheme = scheme_of(url)
    return f"{scheme}:" if scheme and scheme not in ("http", "https") else other_host(url, facts)


def _site_path(url: str, page_dir: str, facts: SiteFacts) -> str | None:
    """The path inside the site that a page's src or href names; None if it is not plainly one."""
    cleaned = clean_url(url)
    if other_host(cleaned, facts) or "?" in cleaned or "#" in cleaned:
        return None
    path = urlsplit(urljoin(facts.url(page_dir), cleaned)).path
    return path[len(facts.base) :] if path.startswith(facts.base) else None


def _check_script(output: str, node: LexborNode, page_dir: str, facts: SiteFacts) -> list[Finding]:
    """The theme's scripts only: its files by path, its inline scripts by hash, and plain JSON data."""
    attributes = node.attributes
    kind = (attributes.get("type") or "").strip().lower()
    if "src" in attributes:
        src = attributes.get("src") or ""
        if not kind and _site_path(src, page_dir, facts) in facts.theme_scripts:
            return []
        message = f"the built page loads the script {shorten(src, 60)}, which is not one of the theme's own"
        return [Finding(output, "script", message, FIX_SCRIPT, src)]
    text = node.text(deep=True)
    if kind in JSON_SCRIPT_TYPES:
        if _is_plain_json(text):
            return []
        message = f"the built page has a block of {kind} data that is not plain JSON"
        return [Finding(output, "script", message, "remove it: only data the site makes itself goes there")]
    normalised, addresses = normalise_script(text)
    if kind or hashlib.sha256(normalised.encode("utf-8")).hexdigest() not in INLINE_SCRIPTS:
        message = f"the built page has a script that is not one of the theme's own ({shorten(text.strip(), 60)})"
        return [Finding(output, "script", message, FIX_SCRIPT, text.strip()[:40])]
    return [_remote(output, "redirect", url, host) for url in addresses if (host := other_host(url, facts))]


def _is_plain_json(text: str) -> bool:
    if "<" in text:
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _check_link(output: str, attributes: dict[str, str | None], page_dir: str, facts: SiteFacts) -> list[Finding]:
    href, rels = attributes.get("href") or "", (attributes.get("rel") or "").lower().split()
    message = 'the built page has <link rel="{}">, which the site does not publish'
    found = [Finding(output, "HTML", message.format(rel), FIX_REMOVE, rel) for rel in rels if rel not in LINK_RELS]
    if host := other_host(href, facts):
        found.append(_remote(output, "link", href, host))
    elif "stylesheet" in rels and _site_path(href, page_dir, facts) not in facts.theme_styles:
        message = f"the built page loads the stylesheet {shorten(href, 60)}, which is not one of the theme's own"
        found.append(Finding(output, "CSS", message, "remove it: only the theme's stylesheets are used", href))
    return found


def _check_meta(output: str, attributes: dict[str, str | None], facts: SiteFacts) -> list[Finding]:
    """``http-equiv`` only as mkdocs-redirects uses it: a refresh to a page of this site."""
    equiv = (attributes.get("http-equiv") or "").strip().lower()
    if not equiv:
        return []
    if equiv != "refresh":
        message = f'the built page has <meta http-equiv="{shorten(equiv, 60)}">, which the site does not publish'
        return [Finding(output, "HTML", message, FIX_REMOVE, equiv)]
    url = refresh_url(attributes.get("content") or "")
    scheme = scheme_of(url)
    if scheme and scheme not in ("http", "https"):
        message = f"the built page sends readers on to a {scheme}: address"
        return [Finding(output, "redirect", message, "redirect only to pages of this site", url)]
    host = other_host(url, facts)
    return [_remote(output, "redirect", url, host)] if host else []


def _check_ids(output: str, tree: LexborHTMLParser) -> list[Finding]:
    seen: set[str] = set()
    found: list[Finding] = []
    for node in tree.css("[id]"):
        value = node.attributes.get("id") or ""
        if value in seen:
            message = f"the id '{shorten(value, 60)}' is used twice in the page"
            found.append(Finding(output, "id", message, "give each heading or element an id of its own", value))
        seen.add(value)
    return found


def _check_article(output: str, article: LexborNode) -> list[Finding]:
    """Page text may not pass for the theme: no theme ids or classes, and ids only like toc's."""
    found: list[Finding] = []
    for node in article.css("[id]"):
        found += _check_article_id(output, node.attributes.get("id") or "")
    for node in article.css("[name]"):
        found += _check_article_name(output, node.attributes.get("name") or "")
    for node in article.css('[class*="md-"]'):
        for name in (node.attributes.get("class") or "").split():
            if name.startswith("md-") and name not in ARTICLE_THEME_CLASSES:
                message = f"'{shorten(name, 60)}' is one of the theme's classes and cannot be used in page text"
                found.append(Finding(output, "class", message, "remove it from the attribute list { }", name))
    return found


def _check_article_id(output: str, value: str) -> list[Finding]:
    if value.startswith("__"):
        message = f"'{shorten(value, 60)}' starts with __, which the theme keeps for its own ids"
        return [Finding(output, "id", message, "choose an id that starts with a letter", value)]
    if FOOTNOTE_ID.fullmatch(value):
        return []
    if value.startswith("fnref"):
        return []  # the same label as its fn: id, which is reported
    if value.startswith("fn:"):
        message = f"the footnote label in '{shorten(value, 60)}' may use only letters, digits and - between them"
        return [Finding(output, "id", message, "write the footnote like [^my-note]", value.split(":", 1)[-1])]
    if not ARTICLE_ID.fullmatch(value):
        message = f"'{shorten(value, 60)}' is not a valid id: use lower-case letters and digits, with - or _ between"
        fix = "write it like { #my-section }; a heading with no letters or digits needs words or an id"
        return [Finding(output, "id", message, fix, value)]
    return []


def _check_article_name(output: str, value: str) -> list[Finding]:
    """A name= in page text is also a global name in the browser: the theme's names are its own."""
    if value.startswith("__") or not ARTICLE_ID.fullmatch(value):
        message = f"the name '{shorten(value, 60)}' is not allowed: names are lower-case words with - between them"
        return [Finding(output, "name", message, "use an id like { #my-section } instead", value)]
    return []


# --- Other files --------------------------------------------------------------------


def check_svg(output: str, data: bytes) -> list[Finding]:
    """An SVG image opened on its own is a web page: shapes and text only, nothing that runs or loads."""
    problem = _xml_declarations(data)
    if problem or b"<?xml-stylesheet" in data:
        return [Finding(output, "SVG", problem or "the image asks for a stylesheet", FIX_SVG)]
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return [Finding(output, "SVG", "the image is not well-formed SVG", "save the image again, or use a PNG")]
    found: list[Finding] = []
    for element in root.iter():
        tag = str(element.tag)
        name = tag.removeprefix(SVG_NAMESPACE).lower()
        if not tag.startswith(SVG_NAMESPACE) or name not in SVG_ELEMENTS:
            message = f"the image has the element <{name}>, which SVG images on the site may not have"
            found.append(Finding(output, "SVG", message, FIX_SVG, name))
        for attribute, value in element.attrib.items():
            found += _check_svg_attribute(output, name, attribute.rsplit("}", 1)[-1].lower(), value)
    return found


def _check_svg_attribute(output: str, tag: str, name: str, value: str) -> list[Finding]:
    if name.startswith("on"):
        message = f"the image has the event-handler attribute {name}= on <{tag}>"
        return [Finding(output, "SVG", message, FIX_SVG, name)]
    if name == "href" and not value.startswith("#"):
        message = f"the image links to {shorten(value, 60)}, outside itself"
        return [Finding(output, "SVG", message, FIX_SVG, value)]
    if "url(" in value.replace(" ", "").lower() and any(not url.startswith("#") for url in css_urls(value)):
        return [Finding(output, "SVG", "the image loads something through CSS", FIX_SVG, value)]
    return []


def _xml_declarations(data: bytes) -> str:
    """A DOCTYPE (and with it entities) can only come before the first element: look there, not in the text."""
    first_element = re.search(rb"<[A-Za-z_:]", data)
    prolog = data[: first_element.start() if first_element else len(data)].lower()
    return "the file declares a DOCTYPE or entities" if b"<!doctype" in prolog or b"<!entity" in prolog else ""


def check_xml(output: str, data: bytes) -> list[Finding]:
    """Feeds and the sitemap: plain XML, no HTML, SVG or XSLT inside, and only the feeds' own stylesheet."""
    stylesheets = re.findall(rb'<\?xml-stylesheet[^>]*href="([^"]*)"', data)
    if any(href != b"rss.xsl" for href in stylesheets) or len(stylesheets) != data.count(b"<?xml-stylesheet"):
        return [Finding(output, "file", "the XML file asks for a stylesheet other than the feeds' own", FIX_PLUGIN)]
    problem = _xml_declarations(data)
    if problem:
        return [Finding(output, "file", problem.replace("the file", "the XML file"), FIX_PLUGIN)]
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return [Finding(output, "file", "the XML file is not well-formed", FIX_PLUGIN)]
    foreign = sorted({str(element.tag) for element in root.iter() if str(element.tag).startswith(FOREIGN_NAMESPACES)})
    if foreign:
        return [Finding(output, "file", f"the XML file holds a web page or image element ({foreign[0]})", FIX_PLUGIN)]
    return []


def check_file(output: str, path: Path, theme: dict[str, Path]) -> list[Finding]:
    """A file other than a page: its type on the allow-list, its bytes what its type says."""
    suffix = posixpath.splitext(output.lower())[1]
    if output.startswith(search_bundle.FOLDER + "/"):  # Pagefind's files: pinned by kb.search.bundle
        problem = search_bundle.check_file(output.removeprefix(search_bundle.FOLDER + "/"), path.read_bytes())
        return [Finding(output, "file", problem, FIX_PLUGIN)] if problem else []
    theirs = theme.get(output)
    if suffix in THEME_SUFFIXES and theirs is not None and _same_bytes(theirs, path):
        return []
    if output.lower().endswith(".xml.gz"):
        return check_xml(output, _gunzip(path.read_bytes()))
    if output == "robots.txt":
        return check_robots(output, path.read_bytes())
    if suffix not in OPEN_SUFFIXES:
        return [_refused_type(output, suffix)]
    if suffix == ".svg":
        return check_svg(output, path.read_bytes())
    if suffix == ".xml":
        return check_xml(output, path.read_bytes())
    with path.open("rb") as file:
        head = file.read(16)  # PDFs and images: their first bytes say what they are
    kind = file_types.MAGIC.get(suffix)  # the same first-byte rules as for files in docs/
    if kind is not None and not kind[2](head):
        return [_wrong_content(output, suffix)]
    return []


def check_robots(output: str, data: bytes) -> list[Finding]:
    """robots.txt: crawler rules and the sitemap's address in plain ASCII, nothing a browser would run or show."""
    lines = data.decode("ascii", errors="replace").split("\n") if len(data) <= ROBOTS_LIMIT else ["<too large>"]
    if any(not ROBOTS_LINE.fullmatch(line) for line in lines):
        message = "robots.txt holds a line that is not a crawler rule or the sitemap's address"
        return [Finding(output, "file", message, FIX_PLUGIN)]
    return []


def _refused_type(output: str, suffix: str) -> Finding:
    if suffix in THEME_SUFFIXES:
        message = f"{suffix} files are published only when they are the theme's own, and this one is not"
        return Finding(output, "file", message, "remove it: a browser would run it as part of the site")
    kind = f"{suffix} files" if suffix else "files without a type at the end of the name (.pdf, .png ...)"
    message = f"{kind} are not published: a browser could run them as part of the site"
    return Finding(output, "file", message, "remove the file, or ask the web editor about this kind of file")


def _wrong_content(output: str, suffix: str) -> Finding:
    message = f"the file is not really a {suffix} file: its contents do not match its name"
    return Finding(output, "file", message, "save it again in that format, or rename it")


def _same_bytes(theirs: Path, ours: Path) -> bool:
    try:
        return theirs.stat().st_size == ours.stat().st_size and theirs.read_bytes() == ours.read_bytes()
    except OSError:
        return False


def _gunzip(data: bytes) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError):
        return b"<not-gzip"


# --- The whole site ------------------------------------------------------------------


@dataclass(frozen=True)
class SiteConfig:
    """The trusted settings the guard reads from mkdocs.yml."""

    site_url: str
    docs_dir: str
    custom_dir: str | None


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when PyYAML has it: mkdocs.yml in 1 ms


class _TolerantLoader(_SafeLoader):
    """mkdocs.yml may use tags such as !ENV; the guard needs none of their values."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(root: Path, config_file: str = CONFIG) -> SiteConfig:
    config = yaml.load((root / config_file).read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    site_url, docs_dir = config.get("site_url") or "http://localhost/", config.get("docs_dir") or "docs"
    return SiteConfig(str(site_url), str(docs_dir), theme.get("custom_dir"))


def theme_files(root: Path, config: SiteConfig) -> dict[str, Path]:
    """Every file the theme may copy into the site, by path inside the site; overrides/ wins, as in MkDocs."""
    import mkdocs_rss_plugin

    material_assets = material_internals.templates_dir() / "assets"  # the rest is templates and icons
    folders = [(material_assets, "assets/")] + ([(root / config.custom_dir, "")] if config.custom_dir else [])
    files: dict[str, Path] = {}
    for folder, prefix in folders:
        for here, _, names in os.walk(folder):
            inside = prefix + Path(here).relative_to(folder).as_posix() + "/"
            for name in names:
                if not name.endswith((".html", ".py", ".pyc", ".yml")):
                    files[posixpath.normpath(inside + name)] = Path(here, name)
    files["rss.xsl"] = Path(mkdocs_rss_plugin.__file__).parent / "templates" / "default.xsl"
    return files


def site_facts(config: SiteConfig, theme: dict[str, Path]) -> SiteFacts:
    parts = urlsplit(config.site_url)
    base = parts.path if parts.path.endswith("/") else parts.path + "/"
    scripts = frozenset(name for name in theme if name.endswith(".js"))
    styles = frozenset(name for name in theme if name.endswith(".css"))
    return SiteFacts(parts.scheme.lower(), parts.netloc.lower(), base, scripts, styles)


def fingerprint(facts: SiteFacts) -> str:
    """Everything a page's verdict depends on besides its bytes and place: this code, the parsers, the site."""
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for package in ("selectolax", "tinycss2"):
        digest.update(f"{package}={importlib.metadata.version(package)}\0".encode())
    digest.update(Path(__file__).read_bytes())
    site = (facts.scheme, facts.host, facts.base, sorted(facts.theme_scripts), sorted(facts.theme_styles))
    digest.update(repr(site).encode())
    return digest.hexdigest()


def _check_pages(batch: list[tuple[str, str]], facts: SiteFacts) -> list[Finding]:
    """One process's share of the pages: (output, path) pairs."""
    found: list[Finding] = []
    for output, path in batch:
        found += check_page(output, Path(path).read_bytes(), facts)
    return found


def _run_pages(pages: list[tuple[str, Path]], facts: SiteFacts) -> list[Finding]:
    """Check pages, on both cores when there are enough of them to be worth a second process."""
    pairs = [(output, str(path)) for output, path in pages]
    workers = min(2, os.cpu_count() or 1)
    if len(pairs) < PARALLEL_FROM or workers < 2:
        return _check_pages(pairs, facts)
    batches = [pairs[start :: workers * 4] for start in range(workers * 4)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [finding for found in pool.map(_check_pages, batches, [facts] * len(batches)) for finding in found]


def remembering(pages: int) -> bool:
    """Pages that passed are remembered unless KB_FAST turns it off, which gives the same answer, only slower."""
    return pages >= REMEMBER_FROM and speed.enabled("output_guard_memory")


def output_files(staging: Path) -> Iterator[tuple[str, Path]]:
    """Every file (and symbolic link) under staging, by path inside the site, in a stable order."""
    found: list[tuple[str, Path]] = []
    for here, folders, names in os.walk(staging):
        inside = Path(here).relative_to(staging).as_posix()
        prefix = "" if inside == "." else inside + "/"
        found += [(prefix + name, Path(here, name)) for name in names]
        found += [(prefix + name, Path(here, name)) for name in folders if Path(here, name).is_symlink()]
    return iter(sorted(found))


def find_problems(staging: Path, root: Path, config: SiteConfig, remember: bool | None = None) -> list[Finding]:
    """Every finding in the built site in staging, before any is traced to a source."""
    theme = theme_files(root, config)
    facts = site_facts(config, theme)
    pages: list[tuple[str, Path]] = []
    found: list[Finding] = []
    for output, path in output_files(staging):
        if path.is_symlink():
            found.append(Finding(output, "file", "the built site holds a symbolic link", "remove the link from docs/"))
        elif output.lower().endswith(".html"):
            pages.append((output, path))
        else:
            found += check_file(output, path, theme)
    if remember is None:
        remember = remembering(len(pages))
    memory = PassedChecks(paths.cache_dir(root, "output-guard", "passed.json")) if remember else None
    return found + _check_remembered(pages, facts, memory)


def _check_remembered(pages: list[tuple[str, Path]], facts: SiteFacts, memory: PassedChecks | None) -> list[Finding]:
    """Check the pages whose bytes did not pass before; remember those that pass now."""
    if memory is None:
        return _run_pages(pages, facts)
    code = fingerprint(facts)
    keys = {output: _page_key(code, output, path) for output, path in pages}
    found = _run_pages([(output, path) for output, path in pages if not memory.passed_before(keys[output])], facts)
    failed = {finding.output for finding in found}
    memory.save({key for output, key in keys.items() if output not in failed})
    return found


def _page_key(code: str, output: str, path: Path) -> str:
    return hashlib.sha256(f"{code}\0{output}\0".encode() + path.read_bytes()).hexdigest()


# --- Tracing a finding to its source --------------------------------------------------


class Sources:
    """Which file under docs/ (or which generator) is behind each output file."""

    def __init__(self, staging: Path, root: Path, docs_dir: str = "docs") -> None:
        self.staging, self.root, self.docs = staging, root, root / docs_dir
        self.pages = {site_address(uri): self.docs / uri for uri in self._page_sources()}

    def _page_sources(self) -> list[str]:
        return [path.relative_to(self.docs).as_posix() for path in markdown_files(self.docs)]

    def source_of(self, output: str) -> Path | str:
        """The docs/ file behind output, or the name of what generates it."""
        copied = self.docs / output
        if output in GENERATED_BY:
            return GENERATED_BY[output]
        if copied.is_file() and not output.endswith(".html"):
            return copied
        address = "/" + (posixpath.dirname(output) + "/" if "/" in output else "")
        if address in self.pages and output.endswith((".html", ".pdf")):  # a page, or a paper's PDF beside it
            return self.pages[address]
        if output.endswith(".html"):
            return self._redirect_source(output, address)
        return "mkdocs.yml" if output.startswith(("feed-", "assets/")) else copied

    def _redirect_source(self, output: str, address: str) -> Path | str:
        """A page at no document's address is a redirect: the document it leads to declares it."""
        try:
            html = (self.staging / output).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "mkdocs.yml"
        match = re.search(r'<link rel="canonical" href="([^"]*)"', html)
        target = posixpath.normpath(posixpath.join(address, match.group(1))) + "/" if match else ""
        return self.pages.get(target, "mkdocs.yml")

    def problem(self, finding: Finding) -> Problem:
        source = self.source_of(finding.output)
        message = finding.message if self._made_from(finding.output, source) else f"{finding.output}: {finding.message}"
        if isinstance(source, str):
            return Problem(source, 1, finding.field, message, finding.fix)
        path = source.relative_to(self.root).as_posix()
        return Problem(path, line_of(source, finding.needle), finding.field, message, finding.fix)

    def _made_from(self, output: str, source: Path | str) -> bool:
        """Whether output is simply source's own page or copy; if not, the message names the output file."""
        address = "/" + (posixpath.dirname(output) + "/" if "/" in output else "")
        page = output.endswith("index.html") and self.pages.get(address) == source
        return page or source == self.docs / output or output == "404.html"


def line_of(source: Path, needle: str) -> int:
    """The line of a Markdown source where needle first appears (in any case), else 1."""
    if not needle or source.suffix != ".md":
        return 1
    try:
        text = source.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 1
    at = text.find(needle)
    if at < 0:
        at = text.lower().find(needle.lower())
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def check_site(staging: Path, root: Path, config_file: str = CONFIG, remember: bool | None = None) -> list[Problem]:
    """The problems in a built site, each named at its source; an empty list means it may be published."""
    config = read_config(root, config_file)
    findings = find_problems(staging, root, config, remember)
    sources = Sources(staging, root, config.docs_dir)
    return sorted({sources.problem(finding) for finding in findings})


def hashes_of_inline_scripts(pages: Iterable[Path]) -> dict[str, str]:
    """The normalised inline scripts of built pages, by hash: how INLINE_SCRIPTS is kept up to date."""
    found: dict[str, str] = {}
    for page in pages:
        for node in LexborHTMLParser(page.read_bytes()).css("script:not([src]):not([type])"):
            text = node.text(deep=True)
            found[script_hash(text)] = normalise_script(text)[0][:60]
    return found
