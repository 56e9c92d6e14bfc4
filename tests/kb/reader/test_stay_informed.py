"""The Stay informed page's lists and the footer's channels (kb.reader.stay_informed)."""

from conftest import REPO
from kb.content.documents import load_documents
from kb.content.vocabularies import load_data_file
from kb.reader import stay_informed
from kb.reader.feeds import FEEDS, Feed

CHECKED = "2026-12-02"
DATA = {
    "contacts": [
        {"id": "general", "purpose": "General enquiries", "address": None, "last_checked": CHECKED},
        {"id": "mailing-list", "purpose": "The Institute's mailing list", "address": None, "last_checked": CHECKED},
    ],
    "follow": [
        {"id": "x", "name": "X, @TheIGPM", "address": "https://x.com/TheIGPM", "last_checked": CHECKED},
        {"id": "facebook", "name": "Facebook", "address": None, "last_checked": CHECKED},
    ],
}


def test_each_feed_is_linked_explained_and_sent_to_its_listing():
    feed = Feed("feed-x.xml", "IGPM x & y", "What it holds.", "guidance/index.md", "Follow")
    assert stay_informed.render_feeds("about/stay-informed/", (feed,)) == (
        '- <a href="../../feed-x.xml">IGPM x &amp; y</a>: What it holds. '
        'Offered on the <a href="../../guidance/">Guidance</a> page.\n'
    )


def test_the_page_lists_all_four_feeds():
    text = stay_informed.render_feeds("about/stay-informed/")
    assert [line.split('"')[1] for line in text.splitlines()] == [f"../../{feed.name}" for feed in FEEDS]


def test_the_mailing_list_and_channels_show_their_address_or_to_be_confirmed():
    assert stay_informed.render_channels(DATA) == (
        "| Channel | Address | Last checked |\n"
        "| --- | --- | --- |\n"
        "| The Institute's mailing list | *to be confirmed* | 2 December 2026 |\n"
        '| X, @TheIGPM | <a href="https://x.com/TheIGPM">https://x.com/TheIGPM</a> | 2 December 2026 |\n'
        "| Facebook | *to be confirmed* | 2 December 2026 |\n"
    )


def test_a_known_mailing_list_address_is_an_email_link():
    data = {**DATA, "contacts": [{**DATA["contacts"][1], "address": "news@example.org"}]}
    assert '<a href="mailto:news@example.org">news@example.org</a>' in stay_informed.render_channels(data)


def test_a_site_without_the_page_links_no_page_from_its_footer():
    assert stay_informed.footer(False, REPO)["page"] is None


def test_the_footer_links_only_channels_with_a_known_address():
    assert stay_informed.footer_links(DATA) == [{"name": "X, @TheIGPM", "url": "https://x.com/TheIGPM"}]


def test_the_real_data_gives_the_institutes_x_account_and_no_guessed_addresses():
    data = load_data_file("contacts", REPO)
    assert stay_informed.footer(True, REPO) == {
        "page": "about/stay-informed/",
        "channels": [{"name": "X (formerly Twitter), @TheIGPM", "url": "https://x.com/TheIGPM"}],
    }
    unknown = {c["id"]: c["address"] for c in data["follow"] if c["id"] in ("facebook", "website")}
    assert unknown == {"facebook": None, "website": None}
    assert next(c for c in data["contacts"] if c["id"] == "mailing-list")["address"] is None


def test_the_page_is_linked_from_the_home_page_and_uses_both_lists():
    documents = {d.src_uri: d for d in load_documents(REPO)[0]}
    assert "(about/stay-informed.md)" in documents["index.md"].body
    page = documents["about/stay-informed.md"].body
    assert "{{ feeds_list() }}" in page and "{{ follow_channels() }}" in page
