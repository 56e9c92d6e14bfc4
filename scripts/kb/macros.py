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

    @env.macro
    def accessibility_testing() -> str:
        """How the site is tested for accessibility and the result, from data/accessibility.yml."""
        from kb.accessibility import load_testing, render_testing

        return render_testing(load_testing(Path(env.conf["config_file_path"]).resolve().parent))
