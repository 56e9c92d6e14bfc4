"""Sharing pictures: drawn without the network, one per public paper, cached, and named in every page's head."""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image

from kb.reader import sharing
from kb.reader.sharing import SharingImage, SharingImageError, default_image, image_for, wrap, write_images
from kb.reader.structured_data import json_ld, open_graph
from reader_helpers import NOW, PAPER, make_document

SITE = "https://example.org/"
IMAGE = SharingImage(
    "A paper about pay", "Position paper PP-2025-01", "p/PP-2025-01.png", SITE + "p/PP-2025-01.png", ""
)


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.format == "PNG"
        return picture.size


def test_a_public_paper_has_its_own_picture_beside_its_page():
    image = image_for(make_document("position-papers/p.md", PAPER), "position-papers/p/", SITE, "Site", NOW)
    assert image.out_path == "position-papers/p/PP-2025-01.png"
    assert image.url == "https://example.org/position-papers/p/PP-2025-01.png"
    assert image.alt == "Position paper PP-2025-01: A paper"
    assert (image.title, image.label) == ("A paper", "Position paper PP-2025-01")


@pytest.mark.parametrize(
    ("src_uri", "changes"),
    [("guidance/g.md", {"type": "guidance", "id": "GD-2025-01"}), ("position-papers/p.md", {"status": "draft"})],
)
def test_guidance_and_unpublished_papers_show_the_sites_picture(src_uri, changes):
    image = image_for(make_document(src_uri, {**PAPER, **changes}), "x/", SITE, "Site", NOW)
    assert image == default_image(SITE, "Site")
    assert (image.out_path, image.url, image.alt) == ("assets/share.png", SITE + "assets/share.png", "Site")


def test_the_picture_is_a_1200_by_630_png_and_the_same_bytes_each_time():
    first = sharing.draw(IMAGE, sharing.mark_path())
    assert png_size(first) == (1200, 630)
    assert sharing.draw(IMAGE, sharing.mark_path()) == first
    other = SharingImage("Another title", IMAGE.label, IMAGE.out_path, IMAGE.url, "")
    assert sharing.draw(other, sharing.mark_path()) != first


def test_long_titles_wrap_within_the_width_and_end_in_an_ellipsis():
    font = sharing._font(sharing.BOLD_FONT, sharing.TITLE_SIZE)
    lines = wrap("word " * 60 + "Averyveryveryverylongwordthatcannotfitononelineofthepicture", font, 1040, 3)
    assert len(lines) == 3 and lines[-1].endswith("...")
    assert all(font.getlength(line) <= 1040 for line in lines)
    broken = wrap("Averyveryveryverylongwordthatcannotfitononelineofthepictureatall", font, 1040, 3)
    assert len(broken) == 3 and "".join(broken) == "Averyveryveryverylongwordthatcannotfitononelineofthepictureatall"


def test_pictures_are_cached_and_a_damaged_entry_is_drawn_again(tmp_path, caplog):
    site, cache = tmp_path / "site", tmp_path / ".cache" / "share"
    images = [IMAGE, IMAGE, default_image(SITE, "Site")]  # named by two pages: drawn once
    assert write_images(images, site, cache, sharing.mark_path()) == (2, 0)
    assert write_images(images, site, cache, sharing.mark_path()) == (0, 2)
    assert png_size((site / "assets/share.png").read_bytes()) == (1200, 630)
    entry = next(path for path in cache.glob("*.png") if path.read_bytes() == (site / IMAGE.out_path).read_bytes())
    entry.write_bytes(b"not a picture")
    with caplog.at_level("INFO", logger="mkdocs.kb"):
        assert write_images([IMAGE], site, cache, sharing.mark_path()) == (1, 0)
    assert caplog.messages == [
        f".cache/share/{entry.name}: a damaged cache entry was thrown away "
        "(its content does not match its hash); the work is done again"
    ]
    assert png_size((site / IMAGE.out_path).read_bytes()) == (1200, 630)


def test_a_new_mark_is_drawn_into_the_next_build_of_the_same_process(tmp_path):
    """What every picture is drawn with is read again at each build (`make serve` rebuilds in one process)."""
    site, cache, mark = tmp_path / "site", tmp_path / ".cache" / "share", tmp_path / "logo.png"
    mark.write_bytes(sharing.mark_path().read_bytes())
    assert write_images([IMAGE], site, cache, mark) == (1, 0)
    assert write_images([IMAGE], site, cache, mark) == (0, 1)
    Image.new("RGB", (8, 8), "#ff0000").save(mark, format="PNG")
    assert write_images([IMAGE], site, cache, mark) == (1, 0)
    assert (site / IMAGE.out_path).read_bytes() == sharing.draw(IMAGE, mark)


def test_the_cache_key_covers_the_format_pillow_the_fonts_the_mark_and_the_words(tmp_path, monkeypatch):
    key = sharing.content_hash(IMAGE, sharing.drawing_inputs(sharing.mark_path()))
    other_words = SharingImage("Another title", IMAGE.label, IMAGE.out_path, IMAGE.url, "")
    assert sharing.content_hash(other_words, sharing.drawing_inputs(sharing.mark_path())) != key
    monkeypatch.setattr(sharing, "FORMAT_VERSION", "another")
    assert sharing.content_hash(IMAGE, sharing.drawing_inputs(sharing.mark_path())) != key
    monkeypatch.undo()
    monkeypatch.setattr(sharing, "REGULAR_FONT", sharing.BOLD_FONT)
    assert sharing.content_hash(IMAGE, sharing.drawing_inputs(sharing.mark_path())) != key


def test_without_the_font_the_build_stops_with_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(sharing, "BOLD_FONT", tmp_path / "NoSuchFont-Bold.ttf")
    with pytest.raises(SharingImageError) as raised:
        write_images([IMAGE], tmp_path / "site", None, sharing.mark_path())
    assert str(raised.value) == (
        f"the sharing pictures need the font {tmp_path / 'NoSuchFont-Bold.ttf'} "
        "(Debian: apt-get install fonts-dejavu-core)"
    )


def test_open_graph_x_and_json_ld_name_the_picture_with_its_size_and_words():
    document = make_document("position-papers/p.md", PAPER)
    image = image_for(document, "position-papers/p/", SITE, "Site", NOW)
    pairs = dict(open_graph(document, SITE + "position-papers/p/", "Site", image))
    assert pairs["og:image"] == pairs["twitter:image"] == "https://example.org/position-papers/p/PP-2025-01.png"
    assert (pairs["og:image:width"], pairs["og:image:height"], pairs["og:image:type"]) == ("1200", "630", "image/png")
    assert pairs["og:image:alt"] == pairs["twitter:image:alt"] == "Position paper PP-2025-01: A paper"
    assert pairs["twitter:card"] == "summary_large_image"
    data = json.loads(json_ld(document, SITE + "position-papers/p/", "", image.url))
    assert data["image"] == "https://example.org/position-papers/p/PP-2025-01.png"


def meta(html: str) -> dict[str, str]:
    return dict(
        re.findall(r'<meta (?:property|name)="((?:og|twitter):image[^"]*|twitter:card)" content="([^"]*)"', html)
    )


def test_the_built_site_publishes_each_picture_its_pages_name(built_site):
    site_url = "https://knowledge.igpm.org.uk/"  # mkdocs.yml's, which the fixture project copies
    pages = [page for page in built_site.rglob("index.html") if "http-equiv" not in page.read_text(encoding="utf-8")]
    assert len(pages) > 10  # every page but mkdocs-redirects' forwarding pages
    for page in pages:
        tags = meta(page.read_text(encoding="utf-8"))
        assert tags["twitter:card"] == "summary_large_image", page
        assert tags["og:image"].startswith(site_url) and tags["twitter:image"] == tags["og:image"], page
        picture = built_site / tags["og:image"].removeprefix(site_url)
        assert png_size(picture.read_bytes()) == (1200, 630), page
    paper = meta((built_site / "position-papers/published-paper/index.html").read_text(encoding="utf-8"))
    assert re.fullmatch(re.escape(site_url) + r"position-papers/published-paper/PP-[0-9-]+\.png", paper["og:image"])
    draft_free = [path.name for path in built_site.rglob("*.png") if path.parent.name == "draft-paper"]
    assert draft_free == []  # a draft paper has no picture to give its title away
