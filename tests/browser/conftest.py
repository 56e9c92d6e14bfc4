"""Browser tests: one headless Chromium per session, over built sites served on 127.0.0.1.

Two sites are tested with the same checks: the browser fixture site (one page
of each kind, built from tests/fixtures/browser/docs) and the real site built
from docs/. Each is built once per session and served like GitHub Pages.

Without Debian's Chromium the browser tests are skipped with one loud line,
unless CI=true, when they fail instead: CI must never pass by skipping them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from browser.site_pages import SitePage, classify, one_of_each_kind
from browser.site_server import serve_like_pages
from conftest import FIXTURES, REPO, make_project, run_kb

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")


def find_chromium() -> Path:
    """KB_CHROMIUM if set; else Debian's Chromium; else a browser `playwright install chromium` left."""
    if os.environ.get("KB_CHROMIUM"):
        return Path(os.environ["KB_CHROMIUM"])
    if DEBIAN_CHROMIUM.is_file():
        return DEBIAN_CHROMIUM
    downloads = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    found = sorted(downloads.glob("chromium-*/chrome-linux*/chrome"))
    return found[-1] if found else DEBIAN_CHROMIUM


CHROMIUM = find_chromium()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOW_TO_ENABLE = "Browser tests SKIPPED: install Debian chromium (apt-get install chromium chromium-driver) to run them"
JAVA_HOW_TO_ENABLE = "HTML validation SKIPPED: install a Java runtime (apt-get install default-jre-headless) to run it"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def chromium_available() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def java_available() -> bool:
    return shutil.which("java") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out (locally) or keep to fail (in CI) the tests whose tool is missing.

    Left-out tests are reported in one loud line at the end, not one line each.
    """
    missing = []
    if not chromium_available():
        missing.append(("browser", HOW_TO_ENABLE))
    if not java_available():
        missing.append(("vnu", JAVA_HOW_TO_ENABLE))
    for marker, message in missing:
        chosen = [item for item in items if item.get_closest_marker(marker)]
        if not chosen or in_ci():
            continue  # in CI the fixtures fail with the same message
        config.stash.setdefault(_skipped_key, []).append(f"{message} ({len(chosen)} tests left out)")
        config.hook.pytest_deselected(items=chosen)
        items[:] = [item for item in items if item not in chosen]


_skipped_key = pytest.StashKey[list[str]]()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    for message in config.stash.get(_skipped_key, []):
        terminalreporter.write_line(f"!!! {message} !!!", yellow=True, bold=True)


@dataclass
class BuiltSite:
    """A built site, served on 127.0.0.1 for the whole session."""

    name: str  # "fixture" or "real"
    project_root: Path  # the project the site was built from
    docs_dir: Path
    site_dir: Path
    base_url: str
    pages: list[SitePage]  # every built page, with its kind
    checked: list[SitePage]  # the pages the per-page checks visit

    def url(self, path: str) -> str:
        return self.base_url + path.lstrip("/")

    def page_of_kind(self, prefix: str) -> SitePage | None:
        return next((page for page in self.pages if page.kind.startswith(prefix)), None)


def _build_fixture_site(tmp: Path) -> tuple[Path, Path, Path]:
    root = make_project(tmp / "browser-fixture", docs_from=FIXTURES / "browser" / "docs")
    result = run_kb(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root, root / "docs", root / "site"


def _build_real_site(tmp: Path) -> tuple[Path, Path, Path]:
    site_dir = tmp / "real-site"
    result = run_kb(REPO, "build", "--site-dir", str(site_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    return REPO, REPO / "docs", site_dir


@pytest.fixture(scope="session", params=["fixture", "real"], ids=["fixture-site", "real-site"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """Each site built once per session and served like GitHub Pages on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp(f"browser-{request.param}")
    root, docs, site_dir = (_build_fixture_site if request.param == "fixture" else _build_real_site)(tmp)
    pages = classify(root, docs, site_dir)
    # The fixture is small: visit every page. The real site: one page of each kind.
    checked = pages if request.param == "fixture" else one_of_each_kind(pages)
    with serve_like_pages(site_dir) as base_url:
        yield BuiltSite(request.param, root, docs, site_dir, base_url, pages, checked)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the whole session."""
    if not chromium_available():
        pytest.fail(f"CI=true and {CHROMIUM} is missing. {HOW_TO_ENABLE.replace('SKIPPED', 'cannot run')}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_context(browser: Any, site: BuiltSite, viewport: dict[str, int] = DESKTOP, color_scheme: str = "light") -> Any:
    """A fresh browser context (no stored state) that may load nothing but the site."""
    context = browser.new_context(
        viewport=viewport, color_scheme=color_scheme, reduced_motion="reduce", base_url=site.base_url
    )
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def desktop(browser: Any, site: BuiltSite) -> Iterator[Any]:
    """A page in a fresh desktop context, light scheme."""
    context = new_context(browser, site)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Any, site: BuiltSite) -> Iterator[Any]:
    """A page in a fresh 375-pixel-wide phone context, light scheme."""
    context = new_context(browser, site, viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """test-artifacts/screenshots/, emptied once per session so no old picture lingers."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "vnu: validates built HTML with the Nu Html Checker (needs Java)")
