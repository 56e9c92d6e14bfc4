"""MkDocs adapter: translates build events into calls to the kb package.

Listed under ``hooks:`` in mkdocs.yml. Holds no rules of its own; see
kb.build.site, kb.checks.validate and kb.content.publishing for the decisions.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

# MkDocs loads this file by path, outside any package: make `kb` importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from kb.adapters import mkdocs_run
from kb.adapters.state import BuildState
from kb.build import outputs, site
from kb.checks import addresses, template_sandbox
from kb.content.vocabularies import DataFileError
from kb.reader import crawlers, feeds, glossary, html_fixes, navigation, reader, stay_informed, theme_values
from kb.reader.pdf import PdfError
from kb.reader.sharing import SharingImageError
from kb.search import fields as search_fields
from kb.search import preview
from kb.speed import build_cache, nav_html, page_source, theme_cache
from kb.upstream import guard as upstream_guard
from kb.upstream import redirects_internals

log = logging.getLogger("mkdocs.kb")
_build = BuildState()  # replaced at every on_startup


def on_startup(command: str, dirty: bool) -> None:
    global _build
    _build = BuildState(command=command, dirty=dirty)
    mkdocs_run.quiet_dependencies()  # `make serve` too: no dependency's notice an author cannot act on


@event_priority(100)  # before the plugins' own on_config
def _config_before_plugins(config: MkDocsConfig) -> MkDocsConfig:
    feeds.place_plugin_cache(config.plugins.values(), Path(config.config_file_path).resolve().parent)
    return config


@event_priority(-100)  # after the macros plugin has built its own Jinja environment
def _config_after_plugins(config: MkDocsConfig) -> MkDocsConfig:
    upstream_guard.check(config, log)  # speed paths of other versions fall back; security paths refuse
    root = Path(config.config_file_path).resolve().parent
    _build.conversions = build_cache.open_conversions(config, root)
    macros = config.plugins.get("macros")
    if macros is not None:
        _build.sandbox = template_sandbox.install(macros, root, Path(config.docs_dir))
    return config


on_config = CombinedEvent(_config_before_plugins, _config_after_plugins)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).resolve().parent
    serving = _build.serving
    try:
        content = site.prepare(root, Path(config.docs_dir), include_drafts=serving)
        _build.terms = glossary.load_glossary(root)
        has_page = files.get_file_from_path(stay_informed.PAGE_SOURCE) is not None
        config.extra["kb_follow"] = stay_informed.footer(has_page, root)  # the footer's links (social.html)
    except DataFileError as error:
        raise Abort(str(error)) from None
    _build.content = content
    _build.pages = []
    _build.cleaning.finish()  # `make serve`: nothing left over from a build that stopped half-way
    _build.files = files
    for problem in content.problems:
        log.error(str(problem))
    if content.problems and not serving:
        raise Abort(
            f"{len(content.problems)} problem(s) in the documents, listed above. Nothing was published. "
            "Run `make check` to see them again."
        )
    sources = [
        site.SourceFile(f.src_uri, Path(f.abs_src_path) if f.abs_src_path else None, f.is_documentation_page())
        for f in files
    ]
    for src_uri, reason in site.files_to_leave_out(content, sources, Path(config.docs_dir)):
        files.remove(files.get_file_from_path(src_uri))
        log.info(f"docs/{src_uri} is left out: {reason}")
    _set_redirects(config, content)
    for document, reason in content.hidden_documents():
        log.info(f"{document.repo_path} is not published: {reason}")
    sandbox = _build.sandbox
    if sandbox is not None:
        sandbox.show_failures = serving
        sandbox.failures.clear()
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    root = Path(config.config_file_path).resolve().parent
    nav.items = navigation.arrange(nav.items, navigation.load_tabs(root))
    theme_values.make_nav_safe(nav.items)  # section titles come from folder names
    return nav


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    content = _build.content
    document = content.documents.get(page.file.src_uri) if content is not None else None
    if document is not None:  # its front matter was read and checked in on_files
        page_source.reuse_front_matter(page, document.meta)
    return page


@event_priority(100)  # before the tags and macros plugins read page.meta
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _build.page_clock.start(f"docs/{page.file.src_uri}")  # stopped in on_page_content: see kb.checks.time_limits
    build_cache.remember_render(page, _build.conversions)
    content = _build.site()
    page.update_date = crawlers.last_modified(page.file.src_uri, markdown, content, page.update_date)  # sitemap
    document = content.documents.get(page.file.src_uri)
    if document is None:
        return markdown
    page.meta = site.page_meta(document, content.vocabularies)
    page.meta.update(reader.theme_meta(document, content))
    page.meta[reader.CONTEXT_KEY] = reader.page_context(document, content, page.url, _site_info(config), _url_of(files))
    if search_fields.is_searched(document):
        page.meta[search_fields.META_KEY] = search_fields.search_fields(document, content.vocabularies).as_dict()
    body = reader.page_markdown(document, _build.terms)
    notices = site.preview_notices(document, content)
    return notices + body if notices else body


@event_priority(-100)  # last, so that nothing added to the content after it escapes cleaning
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _build.page_clock.stop(html)  # refuses a page that took too long or is too large
    _build.cleaning.add(page, html)
    return ""  # on_env puts the cleaned HTML here, before anything reads it again (kb.upstream.mkdocs_internals)


def _with_reader_additions(page: Page, html: str) -> str:
    """A page's cleaned HTML with what our own code adds to it: focusable glossary
    terms, printable link addresses, and the JSON-LD computed from it."""
    content = _build.site()
    document = content.documents.get(page.file.src_uri)
    if document is None or reader.CONTEXT_KEY not in page.meta:
        return html
    html = reader.page_html(document, html, page.meta[reader.CONTEXT_KEY])
    if reader.has_pdf(document, content):  # kept for the PDF made after the build
        _build.pages.append(outputs.RenderedPage(document, page.url, page.meta[reader.CONTEXT_KEY], html))
    return html


@event_priority(110)  # before the tags plugin (100) writes its listings into pages' content
def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """Every page has been converted, nothing written yet: put in the cleaned HTML,
    then refuse the build if a page's template code failed."""
    for page, html in _build.cleaning.finish():
        page.content = _with_reader_additions(page, html)
    for file in files.documentation_pages():  # Material prints titles, edit links and contents unescaped
        if file.page is not None:
            theme_values.make_page_safe(file.page)
    if _build.serving:
        env.bytecode_cache = theme_cache.SHARED
    nav_html.install(env)
    sandbox = _build.sandbox
    if sandbox is None or not sandbox.failures or _build.serving:
        return env
    content = _build.site()
    for problem in template_sandbox.failure_problems(sandbox.failures, content.documents):
        log.error(str(problem))
    raise Abort(f"{len(sandbox.failures)} problem(s) in page template code, listed above. Nothing was published.")


def on_post_build(config: MkDocsConfig) -> None:
    root = Path(config.config_file_path).resolve().parent
    _report_remembered(full_build=_build.command == "build" and not _build.dirty)
    try:
        outputs.write_all(
            _build.pages,
            _build.site(),
            Path(config.site_dir),
            root,
            config.site_url or "",
            _url_of(_build.site_files()),
            pdfs_in_background=_build.serving,
            site_name=config.site_name,
        )
    except (PdfError, SharingImageError) as error:
        raise Abort(str(error)) from None
    if _build.serving:  # `kb build` and the gate index the staging folder themselves (kb.build.site_build)
        preview.reindex(Path(config.site_dir), log)


def _report_remembered(full_build: bool) -> None:
    cache = _build.conversions
    if cache is None:
        return
    if full_build:  # a partial build (make serve) has not looked at every page
        cache.forget_unused()
    made, reused = cache.report()
    log.info(f"Markdown conversions: {made:,} made, {reused:,} unchanged (from .cache/{cache.folder.name})")


def on_build_error(error: Exception) -> None:
    _build.page_clock.cancel()  # a page's conversion failed: its time limit must not go off later


def on_shutdown() -> None:
    """`make serve` stopped (Ctrl+C): PDFs still being made behind the preview are dropped."""
    outputs.stop_background()


def _set_redirects(config: MkDocsConfig, content: site.SiteContent) -> None:
    """Hand each document's redirect_from to mkdocs-redirects (whose on_files has already run).

    Refused old addresses were reported with the documents' other problems and are left out of the map."""
    documents = list(content.documents.values())
    plugin = config.plugins.get("redirects")
    if plugin is None:
        return
    try:
        redirects_internals.add_redirects(plugin, addresses.redirect_map(documents, content.now))
    except redirects_internals.Changed as error:
        raise Abort(str(error)) from None


def _site_info(config: MkDocsConfig) -> reader.SiteInfo:
    return reader.SiteInfo(site_url=config.site_url or "", site_name=config.site_name)


def _url_of(files: Files) -> reader.UrlOf:
    def url_of(src_uri: str) -> str | None:
        file = files.get_file_from_path(src_uri)
        return file.url if file is not None else None

    return url_of


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    context["nav"] = navigation.bounded(nav, page)  # a big section shows the page's neighbours, not every page
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return html_fixes.fix_page(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    # 404.html is rendered from a theme template, not a page.
    return html_fixes.fix_page(output_content) if template_name.endswith(".html") else output_content
