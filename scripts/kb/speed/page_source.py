"""A page's source read by MkDocs without parsing its front matter a second time.

MkDocs reads every page's YAML front matter with PyYAML as it reads the page
(``Page.read_source``), about 0.4 s for 1,000 pages. For a document kb has
already read and checked, that result is thrown away: the hook replaces
``page.meta`` with the document's own metadata before any plugin reads it (kb's
``on_page_markdown`` runs first) and gives MkDocs the body kb read. So for
those pages the front matter is cut off with MkDocs' own pattern and
``page.meta`` starts as kb's reading of the same text; everything else about
reading the source (the ``on_page_read_source`` event, errors naming the
file) is MkDocs' own. ``read_source`` and the pattern are reached through
kb.upstream.mkdocs_internals: with another MkDocs, pages are read as it reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from kb.speed import switch
from kb.upstream import mkdocs_internals


def reuse_front_matter(page: Page, meta: Mapping[str, Any]) -> None:
    """Give page a read_source that takes its metadata from meta instead of parsing it again."""
    if not switch.enabled("page_source") or not mkdocs_internals.matches():
        return
    original = page.read_source

    def read_source(config: MkDocsConfig) -> None:
        source = config.plugins.on_page_read_source(page=page, config=config)
        if source is None:
            try:
                source = page.file.content_string
            except (OSError, ValueError):
                original(config)  # MkDocs names the file and stops
                return
        end = mkdocs_internals.front_matter_end(source)
        if end is None:  # no front matter block after all: MkDocs reads it its own way
            page.markdown, page.meta = mkdocs_internals.split_front_matter(source)
            return
        page.markdown, page.meta = source[end:].lstrip("\n"), dict(meta)

    mkdocs_internals.replace_read_source(page, read_source)
