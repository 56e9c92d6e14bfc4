"""Top-level navigation: tabs in the order and words of data/navigation.yml."""

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from conftest import FIXTURES, REPO, front_matter, run_kb
from kb.reader.navigation import (
    NEIGHBOURS,
    SECTION_LIMIT,
    AllPagesLink,
    Tab,
    all_pages_title,
    arrange,
    bounded,
    item_path,
    load_tabs,
)


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


# --- Bounded navigation: a big section shows the page's neighbours and a link to its index ---------


@dataclass(eq=False)
class NavPage:
    title: str
    url: str
    is_index: bool = False
    is_page: bool = True
    ancestors: list = field(default_factory=list)


@dataclass(eq=False)
class NavSection:
    title: str
    children: list
    active: bool = False


@dataclass(eq=False)
class FakeNavigation:
    items: list
    homepage: object = None

    def __iter__(self):
        return iter(self.items)


def flat_section(count: int, title: str = "Guidance", folder: str = "guidance") -> NavSection:
    index = NavPage(title, f"{folder}/", is_index=True)
    pages = [NavPage(f"{title} {n:03d}", f"{folder}/g{n:03d}/") for n in range(1, count + 1)]
    section = NavSection(title, [index, *pages])
    for page in [index, *pages]:
        page.ancestors = [section]
    return section


def sidebar_titles(navigation, section_title: str = "Guidance") -> list[str]:
    section = next(item for item in navigation if item.title == section_title)
    return [str(child.title) for child in section.children]


def test_a_section_of_up_to_the_limit_is_shown_whole():
    guidance = flat_section(SECTION_LIMIT)
    navigation = FakeNavigation([NavPage("Home", ""), guidance])
    assert bounded(navigation, guidance.children[3]) is navigation


def test_a_big_section_shows_the_page_its_neighbours_and_a_link_to_every_page():
    home, guidance = NavPage("Home", ""), flat_section(400)
    navigation = FakeNavigation([home, guidance], homepage=home)
    page = guidance.children[200]  # "Guidance 200"
    seen = bounded(navigation, page)
    assert sidebar_titles(seen) == [
        "Guidance",
        *[f"Guidance {n:03d}" for n in range(195, 206)],
        "All 400 pages in Guidance",
    ]
    link = next(item for item in seen if item.title == "Guidance").children[-1]
    assert isinstance(link, AllPagesLink) and link.url == "guidance/" and link.children is None
    assert seen.homepage is home and next(iter(seen)) is home  # the rest of the navigation as it was
    assert len(guidance.children) == 401  # the site's own navigation is not changed


def test_the_window_stays_the_same_size_at_either_end_of_a_section():
    guidance = flat_section(400)
    navigation = FakeNavigation([guidance])
    first = sidebar_titles(bounded(navigation, guidance.children[1]))
    last = sidebar_titles(bounded(navigation, guidance.children[-1]))
    assert first[1:-1] == [f"Guidance {n:03d}" for n in range(1, 2 * NEIGHBOURS + 2)]
    assert last[1:-1] == [f"Guidance {n:03d}" for n in range(400 - 2 * NEIGHBOURS, 401)]


def test_the_index_page_lists_every_page_itself_so_its_sidebar_has_no_link_to_it():
    guidance = flat_section(400)
    titles = sidebar_titles(bounded(FakeNavigation([guidance]), guidance.children[0]))
    assert titles == ["Guidance", *[f"Guidance {n:03d}" for n in range(1, 12)]]


def test_a_big_section_inside_a_small_one_is_bounded_around_the_sub_section_holding_the_page():
    topic = flat_section(50, "Workforce", "guidance/workforce")
    others = [NavSection(f"Topic {n}", [NavPage(f"T{n}", f"guidance/t{n}/")]) for n in range(3)]
    guidance = NavSection("Guidance", [NavPage("Guidance", "guidance/", is_index=True), *others, topic])
    page = topic.children[30]
    page.ancestors = [topic, guidance]
    seen = bounded(FakeNavigation([guidance]), page)
    outer = next(iter(seen))
    assert [str(child.title) for child in outer.children] == ["Guidance", "Topic 0", "Topic 1", "Topic 2", "Workforce"]
    inner = outer.children[-1]
    assert [str(child.title) for child in inner.children] == [
        "Workforce",
        *[f"Workforce {n:03d}" for n in range(25, 36)],
        "All 50 pages in Workforce",
    ]
    assert inner.active is False and inner.title == "Workforce"  # everything else read from the real section


def test_a_section_title_is_text_in_the_link_to_its_index():
    assert all_pages_title("Forms <b> & letters", 1200) == "All 1,200 pages in Forms &lt;b&gt; &amp; letters"
    assert all_pages_title(Markup("Forms &amp; letters"), 2) == "All 2 pages in Forms &amp; letters"


def test_a_flat_guidance_folder_gives_every_page_a_sidebar_of_the_same_size(project):
    """Built for real: Material's templates and kb.speed.nav_html draw the bounded section."""
    docs = {
        f"guidance/g{n:02d}.md": front_matter(id=f"GD-2024-{n:02d}", title=f"Guidance {n:02d}") for n in range(1, 41)
    }
    site = run_build(project(docs, docs_from=FIXTURES / "lifecycle" / "docs"))
    guidance = sorted(
        path for path in (site / "guidance").glob("*/index.html") if "md-nav--primary" in path.read_text()
    )
    assert len(guidance) > 40
    sidebars = {path.parent.name: sidebar_links(path) for path in guidance}
    assert {len(links) for links in sidebars.values()} == {2 * NEIGHBOURS + 1 + 2}  # the index, 11 pages, "All"
    assert sidebars["g20"][0] == ("../", "Guidance")
    assert sidebars["g20"][1:-1] == [(f"../g{n:02d}/", f"Guidance {n:02d}") for n in range(15, 20)] + [
        ("./", "Guidance 20")
    ] + [(f"../g{n:02d}/", f"Guidance {n:02d}") for n in range(21, 26)]
    assert sidebars["g20"][-1] == ("../", f"All {len(guidance)} pages in Guidance")
    index = (site / "guidance" / "index.html").read_text(encoding="utf-8")
    listed = {name for name in re.findall(r'href="(?:https://knowledge\.igpm\.org\.uk/guidance/)?([^"/.]+)/"', index)}
    assert {path.parent.name for path in guidance if path.parent.name.startswith("g")} <= listed  # the index lists them


def run_build(root):
    result = run_kb(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


TABS = {"Home", "Position papers", "FAQs", "About", "For authors"}


def sidebar_links(page) -> list[tuple[str, str]]:
    """The links of the open Guidance section of a page's sidebar, (href, text): not the tabs, not the contents."""
    html = page.read_text(encoding="utf-8")
    nav = html[html.index("md-nav--primary") : html.index("md-sidebar--secondary")]
    links = re.findall(r'<a href="([^"]*)" class="md-nav__link[^"]*"><span class="md-ellipsis">(.*?)</span>', nav)
    return [(href, text) for href, text in links if text not in TABS and not href.startswith("#")]
