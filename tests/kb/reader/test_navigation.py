"""Top-level navigation: tabs in the order and words of data/navigation.yml."""

import re
from dataclasses import dataclass, field

from conftest import REPO
from kb.reader.navigation import Tab, arrange, item_path, load_tabs


@dataclass
class FakeFile:
    src_uri: str


@dataclass
class FakePage:
    file: FakeFile
    title: str | None = None


@dataclass
class FakeSection:
    title: str
    children: list = field(default_factory=list)


def section(folder: str) -> FakeSection:
    return FakeSection(
        folder.capitalize(), [FakePage(FakeFile(f"{folder}/index.md")), FakePage(FakeFile(f"{folder}/x.md"))]
    )


def test_item_path_names_pages_and_sections():
    assert item_path(FakePage(FakeFile("index.md"))) == "index.md"
    assert item_path(section("faqs")) == "faqs/"
    assert item_path(FakeSection("Empty")) is None


def test_arrange_orders_relabels_and_drops_unlisted_items():
    home, tags = FakePage(FakeFile("index.md")), FakePage(FakeFile("tags.md"))
    faqs, guidance = section("faqs"), section("guidance")
    arranged = arrange(
        [faqs, guidance, home, tags],
        [Tab("index.md", "Home"), Tab("guidance/", "Guidance"), Tab("faqs/", "FAQs"), Tab("about/", "About")],
    )
    assert arranged == [home, guidance, faqs]
    assert [item.title for item in arranged] == ["Home", "Guidance", "FAQs"]


def test_the_site_tabs_start_with_the_four_sections():
    assert [tab.label for tab in load_tabs(REPO)][:5] == ["Home", "Position papers", "Guidance", "FAQs", "About"]


def test_built_site_shows_the_tabs_in_order(built_site):
    html = (built_site / "index.html").read_text()
    labels = [
        " ".join(re.sub(r"<[^>]+>", "", m).split()) for m in re.findall(r'class="md-tabs__link">(.*?)</a>', html, re.S)
    ]
    assert labels == ["Home", "Position papers", "Guidance", "FAQs"]
    assert (built_site / "tags" / "index.html").exists()  # off the tabs, still published
