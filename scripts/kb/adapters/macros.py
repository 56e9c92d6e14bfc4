"""mkdocs-macros adapter: the only macros page authors can call.

Each macro is a thin call into kb.reader.listings; keep the list short and documented
in the contributor guide, because anything defined here is reachable from
every page.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kb.build import site
from kb.content.documents import newest_first
from kb.content.publishing import PUBLIC_STATUSES
from kb.reader import glossary, listings
from kb.search import links as search_links


def define_env(env: Any) -> None:
    def _page_uri() -> str:
        return env.page.file.src_uri

    def _statuses(status: str | None) -> list[str] | None:
        """Comma-separated statuses; "all" includes superseded and withdrawn documents."""
        if status == "all":
            return list(PUBLIC_STATUSES)
        return [s.strip() for s in status.split(",")] if status else None

    @env.macro
    def document_list(
        type: str | None = None,
        status: str | None = None,
        topic: str | None = None,
        nation: str | None = None,
        limit: int | None = None,
        order: str | None = None,
    ) -> str:
        """Markdown list of public documents, newest first. All filters optional.

        Without `status`, only current documents (published or under consultation)
        are listed; superseded and withdrawn ones need `status="superseded,withdrawn"`
        or `status="all"`.

        `limit` keeps the first few; `order="published"` sorts by first publication
        instead of the latest update.
        """
        documents = listings.select(site.current(), type, _statuses(status) or listings.CURRENT_STATUSES, topic, nation)
        if order == "published":
            documents = newest_first(documents, "published")
        return listings.render_list(documents[:limit] if limit else documents, _page_uri())

    @env.macro
    def documents_by_topic(type: str | None = None, status: str | None = None, level: int = 3) -> str:
        """Public documents under a heading per topic (data/topics.yml); empty topics left out."""
        return listings.render_groups(listings.by_topic(site.current(), type, _statuses(status)), _page_uri(), level)

    @env.macro
    def documents_by_nation(type: str | None = None, status: str | None = None, level: int = 3) -> str:
        """Public documents under a heading per UK nation they apply to, each with a link to search them."""
        groups = listings.by_nation(site.current(), type, _statuses(status))
        searches = {nation: search_links.nation_search_line(nation, type, _page_uri()) for nation, _ in groups}
        return listings.render_groups(groups, _page_uri(), level, after=searches)

    @env.macro
    def glossary_list() -> str:
        """Every term of data/glossary.yml, as a definition list with an anchor per term."""
        return glossary.glossary_markdown(glossary.load_glossary(Path(env.conf.config_file_path).resolve().parent))

    # Content macros (issue 4): data-driven parts of the About pages and the
    # contributor guide. The logic lives in kb.reader.timeline, kb.reader.directory and kb.workflow.authoring.
    _register_content_macros(env)

    @env.macro
    def accessibility_testing() -> str:
        """How the site is tested in a browser for accessibility, and the result, from data/accessibility.yml."""
        from kb.reader.accessibility import load_testing, render_testing

        return render_testing(load_testing(_project_root(env)))


def _project_root(env: Any) -> Path:
    return Path(env.conf["config_file_path"]).resolve().parent


def _register_content_macros(env: Any) -> None:
    from kb.reader import directory, stay_informed, timeline
    from kb.workflow import authoring

    @env.macro
    def history_timeline() -> str:
        """The Institute's history, from data/timeline.yml."""
        return timeline.render_timeline(timeline.load_events(_project_root(env)))

    @env.macro
    def representatives(nation: str | None = None) -> str:
        """Regional representatives from data/representatives.yml, vacancies shown."""
        return directory.representatives(_project_root(env), nation)

    @env.macro
    def contacts() -> str:
        """How to reach the Institute, from data/contacts.yml."""
        return directory.contacts(_project_root(env))

    @env.macro
    def fees() -> str:
        """Membership and accreditation fees, from data/contacts.yml."""
        return directory.fees(_project_root(env))

    @env.macro
    def accessibility_checks() -> str:
        """The accessibility testing and its results, from data/accessibility.yml."""
        return directory.accessibility_checks(_project_root(env))

    @env.macro
    def feeds_list() -> str:
        """The site's four feeds, each with what it holds and the listing that offers it (kb.reader.feeds)."""
        return stay_informed.feeds(env.page.url)

    @env.macro
    def follow_channels() -> str:
        """The mailing list and the Institute's other channels, from data/contacts.yml."""
        return stay_informed.channels(_project_root(env))

    @env.macro
    def field_reference() -> str:
        """Every front-matter field, generated from data/schema/document.schema.json."""
        return authoring.field_reference(_project_root(env))

    @env.macro
    def check_messages() -> str:
        """Common mistakes with the exact messages the gate prints for them."""
        return authoring.check_messages(_project_root(env))

    @env.macro
    def roles() -> str:
        """The roles that own and review documents, from data/people.yml."""
        return authoring.roles(_project_root(env))

    @env.macro
    def document_template(type: str) -> str:
        """What `make new TYPE=<type>` writes, from data/templates/ and the schema."""
        return authoring.document_template(type, _project_root(env))

    @env.macro
    def new_document_links() -> str:
        """Links that open GitHub's web editor on a new draft of each type, with the next free id."""
        return authoring.new_document_links(env.conf["repo_url"] or "", env.conf["edit_uri"] or "", _project_root(env))
