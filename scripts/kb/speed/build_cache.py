"""Work a build remembers between builds, by what went into it.

Converting a page's Markdown to HTML gives the same result for an unchanged
page, and for a pull request nearly every page is unchanged. It is the largest
single part of a build (about a third when profiled; see DEVELOPMENT.md).
MkDocs converts a page in ``Page.render``; ``remember_render(page, cache)``
gives one page a render that first looks in ``.cache/pages`` for the result of
the same conversion, and otherwise converts it as MkDocs always does and keeps
the result.

A conversion is reused only when everything it depends on is the same:

- the page's Markdown as MkDocs is about to convert it (after the front matter,
  the macros and this project's hooks: listings of other documents are part
  of the text by then), its source path, address and inclusion;
- the Markdown extensions and their settings, the link validation settings and
  the versions of MkDocs, Python-Markdown and pymdown-extensions;
- every file the page's links were looked up in: the conversion is watched,
  and each lookup it made must find the same file at the same address today.
  A link to a document that has since been removed, renamed or moved is
  therefore converted again, and reported again.

A conversion that logged anything (a broken link, an unknown extension
setting) is never kept, so its message appears in every build. An entry is
used only if its content matches the sha256 stored with it (kb.speed.cache_files)
and it has the fields and types stored; otherwise it is thrown away, with one
INFO line, and made again. Delete ``.cache/pages`` to start afresh; nothing
else depends on it.

What ``Page.render`` sets is kb.upstream.mkdocs_internals' to know: with
versions it was not written for, pages are converted as stock MkDocs does, and
nothing is remembered.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from kb import paths
from kb.adapters import engine
from kb.speed import switch
from kb.speed.cache_files import read_json, remove, thrown_away, write_json
from kb.upstream import mkdocs_internals

CACHE_VERSION = "2"  # raise when what is stored changes
PACKAGES = ("markdown", "pymdown-extensions")  # and the running engine: see conversion_settings

Lookup = tuple[str, bool] | None  # (address, excluded from the site) of the file found, or None


class RecordingFiles:
    """Stands in for the site's Files during one conversion and notes every lookup.

    MkDocs' link processors only call get_file_from_path; any other use is
    noted as unrecorded, and such a conversion is not kept.
    """

    def __init__(self, files: Files) -> None:
        self._files = files
        self.lookups: dict[str, Lookup] = {}
        self.unrecorded = False

    def get_file_from_path(self, path: str) -> File | None:
        file = self._files.get_file_from_path(path)
        self.lookups[path] = describe(file)
        return file

    def __getattr__(self, name: str) -> Any:
        self.unrecorded = True
        return getattr(self._files, name)


def describe(file: File | None) -> Lookup:
    return None if file is None else (file.url, file.inclusion.is_excluded())


class LogWatcher(logging.Handler):
    """Counts every log record made while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1


@contextmanager
def watching_logs() -> Iterator[LogWatcher]:
    # MkDocs' own loggers do not propagate to the root logger, Python-Markdown's do.
    watcher = LogWatcher()
    loggers = [logging.getLogger(engine.logger_name()), logging.getLogger()]
    for logger in loggers:
        logger.addHandler(watcher)
    try:
        yield watcher
    finally:
        for logger in loggers:
            logger.removeHandler(watcher)


@dataclass
class ContentCache:
    """A folder of remembered results, one JSON file per key, and what this build used of it."""

    folder: Path
    settings: str  # fingerprint of everything outside the page that a result depends on
    used: set[str] = field(default_factory=set)
    reused: int = 0
    made: int = 0

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def load(self, key: str, expect: type = object) -> Any:
        """What was stored under key; None if nothing was, or it is damaged (then it is made again)."""
        self.used.add(key)
        return read_json(self.path(key), expect)

    def discard(self, key: str, why: str) -> None:
        """An entry whose hash matched but whose shape is not what is stored: thrown away, made again."""
        thrown_away(self.path(key), why)

    def store(self, key: str, entry: Any) -> None:
        write_json(self.path(key), entry)  # a read-only or full disk: the build goes on, it only remembers nothing

    def forget_unused(self) -> int:
        """After a full build: remove what this build did not use, so the cache stays the size of the site.

        A folder that cannot be listed or changed keeps what it has: that costs room, never the build.
        """
        unused = [path for path in self._entries() if path.stem not in self.used]
        for path in unused:
            remove(path)
        return len(unused)

    def _entries(self) -> list[Path]:
        try:
            return list(self.folder.glob("*.json")) if self.folder.is_dir() else []
        except OSError:
            return []

    def report(self) -> tuple[int, int]:
        """(made, reused) since the last report; a new build starts counting again."""
        counts = (self.made, self.reused)
        self.used.clear()
        self.made = self.reused = 0
        return counts


def cache_dir(root: Path = paths.REPO_ROOT, part: str = "pages") -> Path:
    return paths.cache_dir(root, part)


def open_conversions(config: MkDocsConfig, root: Path) -> ContentCache | None:
    """The remembered conversions; None (convert every page) when KB_FAST turns this off."""
    if not switch.enabled("build_cache"):
        return None
    return ContentCache(cache_dir(root, "pages"), conversion_settings(config))


def conversion_settings(config: Mapping[str, Any]) -> str:
    """A hash of the settings and versions every page's conversion depends on."""
    settings = {
        "cache": CACHE_VERSION,
        "versions": {engine.running(): engine.version()}
        | {name: importlib.metadata.version(name) for name in PACKAGES},
        "extensions": config["markdown_extensions"],
        "extension_settings": config["mdx_configs"],
        "validation": config["validation"],
        "use_directory_urls": config["use_directory_urls"],
    }
    return _hash(json.dumps(settings, sort_keys=True, default=_stable_name))


def _stable_name(value: Any) -> Any:
    """JSON for settings that are not plain data: functions by name, objects by class and fields."""
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', None) or type(value).__module__}.{value.__qualname__}"
    if hasattr(value, "items"):
        return dict(value.items())
    if hasattr(value, "getConfigs"):  # a Markdown Extension given as an object
        return {"extension": f"{type(value).__module__}.{type(value).__qualname__}", "settings": value.getConfigs()}
    return f"{type(value).__module__}.{type(value).__qualname__}:{value}"


def page_key(page: Page, settings: str) -> str:
    assert page.markdown is not None
    file = page.file
    return _hash("\0".join((settings, file.src_uri, file.url, str(file.inclusion), page.markdown)))


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def remember_render(page: Page, cache: ContentCache | None) -> None:
    """Give this page a render that reuses a remembered conversion when it may (MkDocs' own, with another MkDocs)."""
    if cache is None or not mkdocs_internals.matches():
        return
    original: Callable[[MkDocsConfig, Files], None] = mkdocs_internals.stock_render(page)

    def render(config: MkDocsConfig, files: Files) -> None:
        key = page_key(page, cache.settings)
        entry = cache.load(key, dict)
        if entry is not None and not is_conversion(entry):
            cache.discard(key, "it is not what this cache stores")
        elif entry is not None and still_valid(entry, files):
            if restored(page, entry, files):
                cache.reused += 1
                return
            cache.discard(key, "it is not what this cache stores")
        recording = RecordingFiles(files)
        with watching_logs() as watcher:
            original(config, recording)  # type: ignore[arg-type]
        cache.made += 1
        if not watcher.records and not recording.unrecorded:
            cache.store(key, snapshot(page, recording.lookups))

    mkdocs_internals.replace_render(page, render)


def still_valid(entry: dict[str, Any], files: Files) -> bool:
    """Does every file the conversion looked up still resolve as it did?"""
    try:
        lookups = entry["lookups"]
        return all(
            describe(files.get_file_from_path(path)) == (tuple(found) if found else None)
            for path, found in lookups.items()
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return False


# What snapshot() stores, field by field: an entry of another shape would fail in restore() with a traceback.
CONVERSION_FIELDS: dict[str, type | tuple[type, ...]] = {
    "content": str,
    "toc": list,
    "title": (str, type(None)),
    "anchors": list,
    "links_to_anchors": dict,
    "lookups": dict,
}


def is_conversion(entry: dict[str, Any]) -> bool:
    """Has the entry every field snapshot() stores, each of its type?"""
    return all(isinstance(entry.get(name, ...), kind) for name, kind in CONVERSION_FIELDS.items())


def snapshot(page: Page, lookups: dict[str, Lookup]) -> dict[str, Any]:
    """What Page.render left on the page, as JSON."""
    return {
        "content": page.content,
        "toc": [_toc_token(item) for item in page.toc],
        "title": mkdocs_internals.rendered_title(page),
        "anchors": sorted(page.present_anchor_ids or ()),
        "links_to_anchors": {file.src_uri: links for file, links in (page.links_to_anchors or {}).items()},
        "lookups": lookups,
    }


def restored(page: Page, entry: dict[str, Any], files: Files) -> bool:
    """restore(), or False when a field deep inside the entry is not as stored (Page.render then sets them all)."""
    try:
        restore(page, entry, files)
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    return True


def restore(page: Page, entry: dict[str, Any], files: Files) -> None:
    """Set on the page what Page.render would have set."""
    links: dict[File, dict[str, str]] = {}
    for src_uri, anchors in entry["links_to_anchors"].items():
        target = files.get_file_from_path(src_uri)  # the page itself, for links to its own headings
        if target is not None:
            links[target] = anchors
    mkdocs_internals.restore_render(page, entry["content"], entry["toc"], entry["title"], entry["anchors"], links)


def _toc_token(item: AnchorLink) -> dict[str, Any]:
    return {
        "level": item.level,
        "id": item.id,
        "name": item.title,
        "children": [_toc_token(child) for child in item.children],
    }
