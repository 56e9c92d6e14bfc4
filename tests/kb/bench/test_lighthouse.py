"""kb.bench.lighthouse: the local gzip server, the report's figures, the pages chosen, and a real run."""

from __future__ import annotations

import gzip
import json
import urllib.request
from pathlib import Path

import pytest

from kb.bench import lighthouse


def fetch(url: str, gzip_ok: bool) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def small_site(root: Path) -> Path:
    (root / "guidance" / "a").mkdir(parents=True)
    (root / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (root / "guidance" / "a" / "index.html").write_text("<p>guidance a</p>" * 50, encoding="utf-8")
    (root / "logo.png").write_bytes(b"\x89PNG not really")
    return root


def test_the_server_compresses_text_when_the_browser_accepts_gzip(tmp_path):
    site = small_site(tmp_path)
    with lighthouse.serve(site) as base:
        status, headers, body = fetch(base + "/guidance/a/", gzip_ok=True)
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == (site / "guidance" / "a" / "index.html").read_bytes()
        _, headers, body = fetch(base + "/guidance/a/", gzip_ok=False)
        assert "Content-Encoding" not in headers and body.startswith(b"<p>guidance a</p>")
        _, headers, body = fetch(base + "/logo.png", gzip_ok=True)  # images are compressed already
        assert "Content-Encoding" not in headers and body == b"\x89PNG not really"
        status, _, body = fetch(base + "/guidance/a", gzip_ok=True)  # redirected to the folder, as a host does
        assert status == 200 and gzip.decompress(body).startswith(b"<p>guidance a</p>")


def test_the_figures_kept_from_a_report_and_the_accessibility_checks_that_failed():
    report = {
        "categories": {
            "performance": {"score": 0.934},
            "accessibility": {
                "score": 0.97,
                "auditRefs": [
                    {"id": "aria-dialog-name", "weight": 7},
                    {"id": "color-contrast", "weight": 7},
                    {"id": "tabindex", "weight": 0},
                ],
            },
        },
        "audits": {
            "aria-dialog-name": {"score": 0, "title": "Dialogs have no name"},
            "color-contrast": {"score": 1, "title": "Contrast is enough"},
            "tabindex": {"score": 0, "title": "Not weighed"},
            "total-blocking-time": {"numericValue": 123.4},
            "largest-contentful-paint": {"numericValue": 1800.0},
            "network-requests": {"details": {"items": [{"url": "http://h/guidance/a/"}, {"url": "http://h/x.css"}]}},
        },
    }
    scores = lighthouse.scores_from_report("guidance", "/guidance/a/", report)
    assert (scores.performance, scores.accessibility) == (93, 97)
    assert (scores.total_blocking_ms, scores.largest_paint_ms) == (123.4, 1800.0)
    assert scores.failing == ["aria-dialog-name: Dialogs have no name"]
    assert scores.fetched == ["http://h/guidance/a/", "http://h/x.css"]
    table = lighthouse.format_scores([scores])
    assert "| guidance | /guidance/a/ | 97 | 93 | 123 | 1,800 |" in table
    assert "/guidance/a/: accessibility check failed: aria-dialog-name: Dialogs have no name" in table
    assert lighthouse.below_target([scores]) == [scores]


def test_home_and_the_first_document_of_each_kind_are_checked(tmp_path):
    documents = [
        {"type": "faq", "url": "https://example.org/faqs/one/"},
        {"type": "guidance", "url": "https://example.org/guidance/first/"},
        {"type": "guidance", "url": "https://example.org/guidance/second/"},
        {"type": "position-paper", "url": "https://example.org/position-papers/p/"},
    ]
    (tmp_path / "catalogue.json").write_text(json.dumps({"site": "https://example.org/", "documents": documents}))
    assert lighthouse.sample_pages(tmp_path) == [
        ("home", "/"),
        ("position paper", "/position-papers/p/"),
        ("guidance", "/guidance/first/"),
        ("FAQ", "/faqs/one/"),
    ]


def test_missing_tools_are_named_with_what_to_do(tmp_path, monkeypatch):
    with pytest.raises(lighthouse.LighthouseMissing) as missing:
        lighthouse.check_installed(cli=tmp_path / "index.js")
    assert (
        str(missing.value) == "Lighthouse is not installed: run `npm ci --prefix tests/browser/lighthouse`"
        " (it installs the versions pinned in its package-lock.json)."
    )
    cli = tmp_path / "index.js"
    cli.write_text("")
    with pytest.raises(lighthouse.LighthouseMissing) as missing:
        lighthouse.check_installed(cli=cli, chromium=tmp_path / "chromium")
    assert str(missing.value) == (
        f"Chromium was not found at {tmp_path / 'chromium'}: install it (Debian: apt-get install chromium) "
        "or set CHROME_PATH to its program."
    )
    monkeypatch.setattr(lighthouse.shutil, "which", lambda name: None)
    with pytest.raises(lighthouse.LighthouseMissing, match=r"^Lighthouse needs Node\.js: install Node\.js 18"):
        lighthouse.check_installed(cli=cli)


def test_without_a_built_site_it_says_to_build_first(tmp_path, capsys):
    assert lighthouse.main(["--site-dir", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"No built site in {tmp_path}: run `make build` first.\n"


@pytest.mark.skipif(
    not lighthouse.LIGHTHOUSE_CLI.is_file(),
    reason="Lighthouse is not installed (npm ci --prefix tests/browser/lighthouse)",
)
def test_a_real_run_on_a_built_page_gives_scores_and_names_what_failed(built_site):
    """The papers' listing offers two feeds: Material's script must not take them for languages and fetch the sitemap."""
    [scores] = lighthouse.run_pages(built_site, [("papers", "/position-papers/")])
    assert 0 <= scores.accessibility <= 100 and 0 <= scores.performance <= 100
    assert scores.total_blocking_ms >= 0 and scores.largest_paint_ms > 0
    assert (scores.failing == []) == (scores.accessibility == 100)
    assert any(url.endswith("/position-papers/") for url in scores.fetched)
    assert [url for url in scores.fetched if "sitemap" in url] == []
