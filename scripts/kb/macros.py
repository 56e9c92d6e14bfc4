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

from kb import glossary, listings, site
from kb.publishing import PUBLIC_STATUSES


def define_env(env: Any) -> None:
    def _page_uri() -> str:
        return env.page.file.src_uri

    def _statuses(status: str | None) -> list[str] | None:
        """Comma-separated statuses; "all" includes superseded and withdrawn documents."""
        if status == "all":
            return list(PUBLIC_STATUSES)
        return [s.strip() for s in status.split(",")] if status else None

    @env.macro
    def document_list(type: str | None = None, status: str | None = None, topic: str | None = None, nation: str | None = None, limit: int | None = None, order: str | None = None) -> str:
        """Markdown list of public documents, newest first. All filters optional.

        Without `status`, only current documents (published or under consultation)
        are listed; superseded and withdrawn ones need `status="superseded,withdrawn"`
        or `status="all"`.

        `limit` keeps the first few; `order="published"` sorts by first publication
        instead of the latest update.
        """
        documents = listings.select(site.current(), type, _statuses(status) or listings.CURRENT_STATUSES, topic, nation)
        if order == "published":
            documents = listings.newest_first(documents, "published")
        return listings.render_list(documents[:limit] if limit else documents, _page_uri())

    @env.macro
    def documents_by_topic(type: str | None = None, status: str | None = None, level: int = 3) -> str:
        """Public documents under a heading per topic (data/topics.yml); empty topics left out."""
        return listings.render_groups(listings.by_topic(site.current(), type, _statuses(status)), _page_uri(), level)

    @env.macro
    def documents_by_nation(type: str | None = None, status: str | None = None, level: int = 3) -> str:
        """Public documents under a heading per UK nation they apply to."""
        return listings.render_groups(listings.by_nation(site.current(), type, _statuses(status)), _page_uri(), level)

    @env.macro
    def glossary_list() -> str:
        """Every term of data/glossary.yml, as a definition list with an anchor per term."""
        return glossary.glossary_markdown(glossary.load_glossary(Path(env.conf.config_file_path).resolve().parent))
