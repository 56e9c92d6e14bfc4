"""What search engines read: robots.txt, and each page's date in the sitemap.

MkDocs dates every sitemap entry with the build's date (``SOURCE_DATE_EPOCH``, the last commit), so a
typo fix anywhere re-dated every page and told crawlers to fetch the whole site again. Each page now
carries its own date, from the git history kb.content.git_history reads once per build: the same commit
gives the same dates, so builds stay reproducible.
"""

from __future__ import annotations

from pathlib import Path

from kb.build.site import SiteContent
from kb.reader.page_model import as_date

ROBOTS_TXT = "robots.txt"
# Text in a page that makes MkDocs or a plugin fill it from other files: template code, the tags listing.
_GENERATED_MARKS = ("{{", "{%", "<!-- material/tags")


def robots_txt(site_url: str) -> str:
    """Every crawler may read everything; the sitemap's full address, as robots.txt requires.

    Crawlers read robots.txt only at the root of a host: if site_url has a path, the file is still
    written (harmless), but the sitemap should then also be named in the host's own robots.txt.
    """
    return f"User-agent: *\nDisallow:\n\nSitemap: {site_url.rstrip('/')}/sitemap.xml\n"


def write_robots_txt(site_dir: Path, site_url: str) -> None:
    (site_dir / ROBOTS_TXT).write_text(robots_txt(site_url), encoding="utf-8")


def last_modified(src_uri: str, markdown: str, content: SiteContent, build_date: str) -> str:
    """The sitemap date (YYYY-MM-DD) of the page made from docs/<src_uri>; build_date is MkDocs' own date for it.

    A page's own date is its file's last commit: that is when its words last changed (the front
    matter's ``updated`` is the author's reviewed date, for readers, and a commit that sets it is
    at least as new; a future ``updated`` must not give a sitemap date in the future). Without
    history (an export, a fixture) a document falls back to ``updated`` or ``published``. A page
    filled from other files (listings, tag pages, data tables) changes when they do, so it takes
    the newest date of its own file, every public document and every data file: it may be re-dated
    more often than strictly needed, never less. No date is later than the build's (SOURCE_DATE_EPOCH):
    a sitemap date in the future is wrong; when nothing is known, the build's date stays.
    """
    own = content.history.get(f"docs/{src_uri}")
    document = content.documents.get(src_uri)
    if own is None and document is not None:
        own = as_date(document.meta.get("updated") or document.meta.get("published"))
    dates = [own] if own else []
    if any(mark in markdown for mark in _GENERATED_MARKS) and content.newest_source_date is not None:
        dates.append(content.newest_source_date)
    if not dates:
        return build_date
    return min(max(dates).isoformat(), build_date)
