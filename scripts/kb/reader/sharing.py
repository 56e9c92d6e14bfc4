"""The picture a link preview shows (og:image, twitter:image, the JSON-LD image), made at build time.

A position paper shared by an MP or a journalist shows the site's mark, the
paper's title and its id; every other page shows the site's own picture
(``assets/share.png``). They are drawn with Pillow from the mark
(``overrides/assets/logo.png``) and Debian's DejaVu Sans, the font the PDFs
use too: no network, no browser. 1200 by 630 pixels (1.91:1), the shape of the
large link previews of Facebook, X and LinkedIn.

Drawing one takes about 30 ms, so each is cached like the PDFs, under
``.cache/share/`` by a hash of everything that goes into it (title, words,
Pillow's version, the font's and the mark's bytes), with its sha256 beside it
(kb.speed.cache_files): a damaged entry is thrown away and drawn again.
Pillow writes no date into a PNG, so the same inputs give the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kb import paths
from kb.content.documents import Document
from kb.content.publishing import is_public
from kb.reader.citation import PUBLISHER
from kb.speed.cache_files import peek_json, read_bytes, remove, thrown_away, write_bytes, write_json

if TYPE_CHECKING:  # Pillow is imported only when a picture is drawn: most builds copy them from the cache
    from PIL import ImageFont

FORMAT_VERSION = "1"  # raise when the drawing below changes, so cached pictures are drawn again
WIDTH, HEIGHT = 1200, 630
DEFAULT_IMAGE = "assets/share.png"  # every page that is not a position paper
DEFAULT_LABEL = "Position papers, guidance and answers"  # the site's description, in short
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core (.ci/run installs it)
BOLD_FONT, REGULAR_FONT = FONT_DIR / "DejaVuSans-Bold.ttf", FONT_DIR / "DejaVuSans.ttf"
INDIGO, DARK_INDIGO, TEXT, MUTED, WHITE = "#3f51b5", "#1a237e", "#111111", "#444444", "#ffffff"
TITLE_SIZE, TITLE_LINES = 64, 3  # a longer title ends in "..."
MARGIN = 80


class SharingImageError(Exception):
    """A sharing picture could not be drawn; the message says what to do."""


@dataclass(frozen=True)
class SharingImage:
    """One picture: what it shows, where it goes in the site, and its address."""

    title: str
    label: str  # the line under the title: "Position paper PP-2025-01"
    out_path: str  # relative to the site folder
    url: str  # absolute, for og:image
    alt: str  # what the picture shows, in words (og:image:alt, twitter:image:alt)


def image_for(document: Document, page_url: str, site_url: str, site_name: str, now: datetime) -> SharingImage:
    """The picture for a document's page: a public position paper's own, else the site's."""
    if document.doc_type == "position-paper" and document.doc_id and is_public(document, now):
        out_path = page_url.lstrip("/") + f"{document.doc_id}.png"
        label = f"Position paper {document.doc_id}"
        alt = f"{label}: {document.title}"
        return SharingImage(document.title, label, out_path, _absolute(site_url, out_path), alt)
    return default_image(site_url, site_name)


def default_image(site_url: str, site_name: str) -> SharingImage:
    """The site's own picture, for every page that is not a position paper."""
    # overrides/partials/kb-head.html writes the same for pages that are not documents
    return SharingImage(site_name, DEFAULT_LABEL, DEFAULT_IMAGE, _absolute(site_url, DEFAULT_IMAGE), site_name)


def _absolute(site_url: str, out_path: str) -> str:
    return site_url.rstrip("/") + "/" + out_path


def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        raise SharingImageError(
            f"the sharing pictures need the font {path} (Debian: apt-get install fonts-dejavu-core)"
        ) from None


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """The text in lines no wider than width, at most max_lines (the last ending in "..." if cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while font.getlength(word) > width:  # a word wider than the line: break it
            cut = max(1, next(i for i in range(len(word), 0, -1) if font.getlength(word[:i]) <= width))
            lines += [line] if line else []
            lines.append(word[:cut])
            line, word = "", word[cut:]
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines += [line] if line else []
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and font.getlength(last + "...") > width:
            last = last[:-1].rstrip()
        lines = [*lines[: max_lines - 1], last + "..."]
    return lines


def draw(image: SharingImage, mark: Path) -> bytes:
    """The PNG: the mark and the site's name, the title large, the label, an indigo band at the foot."""
    from PIL import Image, ImageDraw

    canvas = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    with Image.open(mark) as logo:
        canvas.paste(logo.convert("RGB").resize((96, 96)), (MARGIN, 64))
    pen = ImageDraw.Draw(canvas)
    pen.text((MARGIN + 120, 112), PUBLISHER, font=_font(BOLD_FONT, 30), fill=DARK_INDIGO, anchor="lm")
    title_font = _font(BOLD_FONT, TITLE_SIZE)
    y = 210
    for line in wrap(image.title, title_font, WIDTH - 2 * MARGIN, TITLE_LINES):
        pen.text((MARGIN, y), line, font=title_font, fill=TEXT)
        y += int(TITLE_SIZE * 1.2)
    pen.text((MARGIN, HEIGHT - 90), image.label, font=_font(REGULAR_FONT, 32), fill=MUTED, anchor="ls")
    pen.rectangle((0, HEIGHT - 40, WIDTH, HEIGHT), fill=INDIGO)
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return out.getvalue()


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"  # _font or Image.open says what is wrong when the picture is drawn


@functools.cache
def pillow_version() -> str:
    return importlib.metadata.version("pillow")  # 0.6 ms a call: once a process, not once a picture


def drawing_inputs(mark: Path) -> hashlib._Hash:
    """The hash of what every picture is drawn with (the format, Pillow, the fonts, the mark).

    Made once for all the pictures of a build (the fonts are 1.4 MB), and read again at each
    build, so that a new mark is drawn into `make serve`'s next rebuild.
    """
    digest = hashlib.sha256()
    for part in (FORMAT_VERSION, pillow_version(), _file_hash(BOLD_FONT), _file_hash(REGULAR_FONT), _file_hash(mark)):
        _add(digest, part)
    return digest


def _add(digest: hashlib._Hash, part: str) -> None:
    digest.update(part.encode("utf-8"))
    digest.update(b"\0")


def content_hash(image: SharingImage, inputs: hashlib._Hash) -> str:
    """The picture's cache key: what it is drawn with (drawing_inputs), then its own words."""
    digest = inputs.copy()
    _add(digest, image.title)
    _add(digest, image.label)
    return digest.hexdigest()


def cached_png(cache_dir: Path, key: str) -> bytes | None:
    """The picture stored under key, if it is exactly what was stored; a damaged one is thrown away."""
    path = cache_dir / f"{key}.png"
    data = read_bytes(path)
    if data is None:
        return None
    record = peek_json(path.with_suffix(".json"))
    if not isinstance(record, dict):
        why = "no record of its hash beside it"
    elif record.get("size") != len(data) or record.get("sha256") != hashlib.sha256(data).hexdigest():
        why = "its content does not match its hash"
    elif not data.startswith(b"\x89PNG\r\n\x1a\n"):
        why = "it is not a PNG"
    else:
        return data
    thrown_away(path, why)
    remove(path.with_suffix(".json"))
    return None


def write_image(image: SharingImage, site_dir: Path, cache_dir: Path | None, mark: Path, inputs: hashlib._Hash) -> bool:
    """Put the picture into the site. Returns True if it was drawn, False if it came from the cache."""
    key = content_hash(image, inputs)
    data = cached_png(cache_dir, key) if cache_dir is not None else None
    drawn = data is None
    if data is None:
        data = draw(image, mark)
        if cache_dir is not None and write_bytes(cache_dir / f"{key}.png", data):
            record = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            write_json(cache_dir / f"{key}.json", record)
    target = site_dir / image.out_path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return drawn


def write_images(images: list[SharingImage], site_dir: Path, cache_dir: Path | None, mark: Path) -> tuple[int, int]:
    """Every distinct picture the pages name. Returns (drawn, reused from the cache)."""
    distinct = list({image.out_path: image for image in images}.values())
    inputs = drawing_inputs(mark)
    drawn = sum(write_image(image, site_dir, cache_dir, mark, inputs) for image in distinct)
    return drawn, len(distinct) - drawn


def mark_path(root: Path = paths.REPO_ROOT) -> Path:
    return root / "overrides" / "assets" / "logo.png"


def cache_dir(root: Path = paths.REPO_ROOT) -> Path:
    return root / ".cache" / "share"
