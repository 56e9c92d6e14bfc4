"""The four feeds follow the RSS 2.0 rules the W3C Feed Validation Service applies, not just parse.

Checked on the built lifecycle fixture site: names only in Dublin Core (author, managingEditor and
webMaster hold e-mail addresses in RSS 2.0, and ours would be roles), at most one author element,
a PNG channel image that the site publishes, four distinct titles and descriptions, and each feed
offered on the listing it follows without a link that makes Material's bundle fetch the sitemap.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO
from kb.reader.feeds import FEEDS, FEEDS_BY_NAME, for_listing, join_names, tidy_feed

DC = "{http://purl.org/dc/elements/1.1/}"
ATOM = "{http://www.w3.org/2005/Atom}"
# RSS 2.0's e-mail fields: "joe@example.com (Joe Smith)" is the form the specification gives.
EMAIL = re.compile(r"[^@\s()]+@[^@\s()]+\.[^@\s()]+(?: \([^()]*\))?")
SITE_URL = "https://knowledge.igpm.org.uk/"


def channel_of(site: Path, name: str) -> ET.Element:
    channel = ET.parse(site / name).getroot().find("channel")
    assert channel is not None
    return channel


def configured_feed_names() -> list[str]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    entries = [p["rss"] for p in config["plugins"] if isinstance(p, dict) and "rss" in p]
    return sorted(name for entry in entries for name in entry["feeds_filenames"].values())


def test_every_feed_the_plugin_writes_has_its_own_title_and_listing():
    assert configured_feed_names() == sorted(FEEDS_BY_NAME)
    assert len({f.title for f in FEEDS}) == len({f.description for f in FEEDS}) == len(FEEDS) == 4


@pytest.mark.parametrize("name", sorted(FEEDS_BY_NAME))
def test_each_built_feed_keeps_the_rss_rules(built_site, name):
    root = ET.parse(built_site / name).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = channel_of(built_site, name)
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), f"{name}: channel has no {required}"
    for field in ("managingEditor", "webMaster"):
        values = [e.text or "" for e in channel.findall(field)]
        assert all(EMAIL.fullmatch(v) for v in values), f"{name}: {field} is not an e-mail address"
    items = channel.findall("item")
    assert items, f"{name} has no items"
    for item in items:
        authors = item.findall("author")
        assert len(authors) <= 1, f"{name}: an item has {len(authors)} author elements"
        assert all(EMAIL.fullmatch(a.text or "") for a in authors), f"{name}: an item's author is not an e-mail address"
        for required in ("title", "description", "link", "pubDate", "guid"):
            assert item.findtext(required), f"{name}: an item has no {required}"
        assert len(item.findall(f"{DC}creator")) <= 1
    assert any(i.findtext(f"{DC}creator") for i in items), "names are in dc:creator"
    assert 'xmlns:dc="http://purl.org/dc/elements/1.1/"' in (built_site / name).read_text(encoding="utf-8")
    assert channel.find(f"{ATOM}link").get("href") == SITE_URL + name


def test_the_feeds_have_distinct_accurate_titles_and_descriptions(built_site):
    channels = {name: channel_of(built_site, name) for name in FEEDS_BY_NAME}
    titles = {name: c.findtext("title") for name, c in channels.items()}
    descriptions = {name: c.findtext("description") for name, c in channels.items()}
    assert len(set(titles.values())) == len(set(descriptions.values())) == 4
    assert titles == {
        "feed-guidance-new.xml": "IGPM new guidance",
        "feed-guidance-updates.xml": "IGPM updated guidance",
        "feed-position-papers.xml": "IGPM new position papers",
        "feed-position-papers-updated.xml": "IGPM updated position papers",
    }
    for name, channel in channels.items():
        assert channel.findtext("image/title") == titles[name], "the image's title is the channel's"
        assert {s.text for s in channel.iter("source")} <= {titles[name]}


@pytest.mark.parametrize("name", sorted(FEEDS_BY_NAME))
def test_the_channel_image_is_a_png_the_site_publishes(built_site, name):
    image = channel_of(built_site, name).find("image")
    url = image.findtext("url")
    assert url.startswith(SITE_URL) and url.endswith(".png")
    published = built_site / urlsplit(url).path.lstrip("/")
    data = published.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    assert 0 < width <= 144 and 0 < height <= 400, "RSS 2.0's limits for a channel image"
    assert image.findtext("link") == channel_of(built_site, name).findtext("link")


def test_each_feed_is_offered_on_the_listing_it_follows(built_site):
    for listing in ("guidance", "position-papers"):
        html = (built_site / listing / "index.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        expected = [f for f in FEEDS if f.listing == f"{listing}/index.md"]
        visible = {a["href"]: a.get_text(strip=True) for a in soup.select("ul.kb-feeds a")}
        assert visible == {f"../{f.name}": f.link_text for f in expected}
        discovered = {link["href"]: link["title"] for link in soup.find_all("link", type="application/rss+xml")}
        assert discovered == {f"../{f.name}": f.title for f in expected}
        assert all("alternate" in link["rel"] for link in soup.find_all("link", type="application/rss+xml"))


def test_no_page_has_a_link_material_reads_as_a_language_version(built_site):
    """Material's bundle fetches sitemap.xml once for each link[rel=alternate] (an exact match) on every page view."""
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        rels = [BeautifulSoup(tag, "html.parser").link.get("rel") for tag in re.findall(r"<link\b[^>]*>", html)]
        assert ["alternate"] not in rels, f"{page.relative_to(built_site)} has <link rel=alternate>"


def test_other_pages_offer_no_feed(built_site):
    assert "application/rss+xml" not in (built_site / "guidance" / "published-guidance" / "index.html").read_text()
    assert for_listing("guidance/published-guidance.md") == []


PLUGIN_FEED = (
    '<?xml version="1.0" encoding="UTF-8" ?> <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"> <channel> <title>Old</title><description>Old d</description>'
    "<link>https://e.org/</link><managingEditor>Institute</managingEditor><language>custom</language> "
    "<image> <url>https://e.org/assets/logo.png</url> <title>Old</title> <link>https://e.org/</link> </image> "
    "<item> <title>T</title> <author>Policy editor</author> <author>R&D lead</author> <author>Board</author> "
    '<description>D</description> <source url="https://e.org/feed-guidance-new.xml">Old</source> </item> '
    "<item> <title>U</title> <author>Guidance editor</author> <description>E</description> </item> </channel> </rss>"
)


def test_tidy_moves_names_to_dublin_core_and_retitles_the_feed():
    xml = tidy_feed(PLUGIN_FEED, "feed-guidance-new.xml")
    channel = ET.fromstring(xml).find("channel")
    titles = {channel.findtext(where) for where in ("title", "image/title", "item/source")}
    assert titles == {"IGPM new guidance"}
    assert channel.findtext("description") == FEEDS_BY_NAME["feed-guidance-new.xml"].description
    assert channel.findtext("link") == channel.findtext("image/link") == "https://e.org/guidance/"
    assert channel.findtext("language") == "en-GB"
    assert channel.find("managingEditor") is None and channel.findtext(f"{DC}publisher") == "Institute"
    creators = [i.findtext(f"{DC}creator") for i in channel.findall("item")]
    assert creators == ["Policy editor, R&D lead and Board", "Guidance editor"]
    assert not channel.findall(".//author")


def test_tidy_leaves_titles_of_a_feed_it_does_not_know():
    channel = ET.fromstring(tidy_feed(PLUGIN_FEED, "feed-other.xml")).find("channel")
    assert channel.findtext("title") == "Old" and channel.findtext("link") == "https://e.org/"
    assert not channel.findall(".//author")


def test_names_are_joined_as_a_reader_would_write_them():
    assert [join_names(n) for n in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == ["", "A", "A and B", "A, B and C"]
