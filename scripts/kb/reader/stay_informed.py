"""How a reader follows the Institute: the site's feeds, the mailing list and its other channels.

The Stay informed page (docs/about/stay-informed.md) lists them through two macros, and the
footer links to the page and to each channel whose address is known. Addresses live in
``data/contacts.yml`` (the mailing list among the contacts, the channels under ``follow``);
one not yet known is ``null`` and shows as "to be confirmed", never guessed. Every link is a
plain link: no embedded timeline, button or script, so reading the site sends nothing to
those sites.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from kb import paths
from kb.content.vocabularies import load_data_file
from kb.reader.directory import TO_BE_CONFIRMED, long_date
from kb.reader.feeds import FEEDS, Feed
from kb.reader.listings import markdown_text
from kb.reader.page_model import relative_url

MAILING_LIST = "mailing-list"  # the contact in data/contacts.yml that holds the mailing list's address
PAGE_SOURCE = "about/stay-informed.md"  # the page, inside docs/
PAGE_URL = "about/stay-informed/"  # its address inside the site
_LISTING_NAMES = {"guidance/": "Guidance", "position-papers/": "Position papers"}


def render_feeds(page_url: str, feeds: tuple[Feed, ...] = FEEDS) -> str:
    """One list item per feed: its link, what it holds, and the listing that offers it."""
    items = []
    for feed in feeds:
        href = escape(relative_url(feed.name, page_url), quote=True)
        listing = escape(relative_url(feed.listing_url, page_url), quote=True)
        name = _LISTING_NAMES.get(feed.listing_url, feed.listing_url)
        items.append(
            f'- <a href="{href}">{escape(feed.title)}</a>: {escape(feed.description)} '
            f'Offered on the <a href="{listing}">{escape(name)}</a> page.'
        )
    return "\n".join(items) + "\n"


def render_channels(data: dict[str, Any]) -> str:
    """The mailing list and the Institute's other channels, each with its address or "to be confirmed"."""
    mailing = next((c for c in data["contacts"] if c["id"] == MAILING_LIST), None)
    rows = [(mailing["purpose"], mailing["address"], mailing["last_checked"])] if mailing else []
    rows += [(c["name"], c["address"], c["last_checked"]) for c in data.get("follow", [])]
    lines = ["| Channel | Address | Last checked |", "| --- | --- | --- |"]
    lines += [
        f"| {markdown_text(name)} | {_address(address)} | {long_date(checked)} |" for name, address, checked in rows
    ]
    return "\n".join(lines) + "\n"


def footer_links(data: dict[str, Any]) -> list[dict[str, str]]:
    """The channels with a known web address, for the footer: name and address only."""
    return [
        {"name": str(c["name"]), "url": str(c["address"])}
        for c in data.get("follow", [])
        if c["address"]  # the schema allows https:// addresses only
    ]


def _address(address: str | None) -> str:
    if not address:
        return f"*{TO_BE_CONFIRMED}*"
    shown = escape(address)
    if address.startswith("https://"):
        return f'<a href="{escape(address, quote=True)}">{shown}</a>'
    if "@" in address:
        return f'<a href="mailto:{escape(address, quote=True)}">{shown}</a>'
    return shown


def feeds(page_url: str) -> str:
    return render_feeds(page_url)


def channels(root: Path = paths.REPO_ROOT) -> str:
    return render_channels(load_data_file("contacts", root))


def footer(has_page: bool, root: Path = paths.REPO_ROOT) -> dict[str, Any]:
    """What the footer links to (overrides/partials/social.html): the page, if this site has it, and the channels."""
    return {"page": PAGE_URL if has_page else None, "channels": footer_links(load_data_file("contacts", root))}
