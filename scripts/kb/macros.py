"""mkdocs-macros adapter: the only macros page authors can call.

Each macro is a thin call into kb.listings; keep the list short and documented
in the contributor guide, because anything defined here is reachable from
every page.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kb import listings, site


def define_env(env: Any) -> None:
    def _page_uri() -> str:
        return env.page.file.src_uri

    @env.macro
    def document_list(type: str | None = None, status: str | None = None, topic: str | None = None, nation: str | None = None) -> str:
        """Markdown list of public documents, newest first. All filters optional."""
        statuses = [s.strip() for s in status.split(",")] if status else None
        documents = listings.select(site.current(), type, statuses, topic, nation)
        return listings.render_list(documents, _page_uri())

    # Content macros (issue 4): data-driven parts of the About pages and the
    # contributor guide. The logic lives in kb.timeline, kb.directory and kb.authoring.
    _register_content_macros(env)

    @env.macro
    def accessibility_testing() -> str:
        """How the site is tested in a browser for accessibility, and the result, from data/accessibility.yml."""
        from kb.accessibility import load_testing, render_testing

        return render_testing(load_testing(_project_root(env)))


def _project_root(env: Any) -> Path:
    return Path(env.conf["config_file_path"]).resolve().parent


def _register_content_macros(env: Any) -> None:
    from kb import authoring, directory, timeline

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
