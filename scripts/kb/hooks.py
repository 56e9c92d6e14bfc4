"""MkDocs adapter: translates build events into calls to the kb package.

Listed under ``hooks:`` in mkdocs.yml. Holds no rules of its own; see
kb.site, kb.validate and kb.publishing for the decisions.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

# MkDocs loads this file by path, outside any package: make `kb` importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from kb import html_fixes, site
from kb.vocabularies import DataFileError

log = logging.getLogger("mkdocs.kb")
_state: dict[str, Any] = {"command": "build", "content": None}


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).resolve().parent
    serving = _state["command"] == "serve"
    try:
        content = site.prepare(root, Path(config.docs_dir), include_drafts=serving)
    except DataFileError as error:
        raise Abort(str(error)) from None
    _state["content"] = content
    for problem in content.problems:
        log.error(str(problem))
    if content.problems and not serving:
        raise Abort(f"{len(content.problems)} problem(s) in the documents, listed above. Nothing was published. Run `make check` to see them again.")
    for file in list(files.documentation_pages()):
        if not content.shown(file.src_uri):
            files.remove(file)
    for document, reason in content.hidden_documents():
        log.info(f"{document.repo_path} is not published: {reason}")
    return files


@event_priority(100)  # before the tags and macros plugins read page.meta
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    content: site.SiteContent = _state["content"]
    document = content.documents.get(page.file.src_uri)
    if document is None:
        return markdown
    page.meta = site.page_meta(document, content.vocabularies)
    notices = site.preview_notices(document, content)
    return notices + document.body if notices else document.body


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return html_fixes.fix_page(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    # 404.html is rendered from a theme template, not a page.
    return html_fixes.fix_page(output_content) if template_name.endswith(".html") else output_content
