"""The nightly check of links to other sites: reported, with an allow-list of flaky hosts."""

import pytest

from conftest import REPO, run_kb
from kb.checks.external_links import (
    allowed_hosts,
    check_external_links,
    format_markdown,
    ignore_pattern,
    linkchecker_config,
)
from kb.checks.linkcheck import BrokenLink, serve


def test_the_allow_list_is_read_from_data():
    assert "www.linkedin.com" in allowed_hosts()


def test_an_allowed_host_is_ignored_on_http_and_https_only_for_that_host():
    import re

    pattern = re.compile(ignore_pattern("www.linkedin.com"))
    assert pattern.match("https://www.linkedin.com/company/x")
    assert pattern.match("http://www.linkedin.com")
    assert not pattern.match("https://www.linkedin.com.example.org/")
    assert not pattern.match("https://example.org/?u=https://www.linkedin.com/")
    assert "checkextern=1" in linkchecker_config(["www.linkedin.com"])


@pytest.fixture(scope="module")
def other_site(tmp_path_factory):
    """A second server on 127.0.0.1 standing in for somebody else's website."""
    root = tmp_path_factory.mktemp("other-site")
    (root / "ok.html").write_text("<!doctype html><title>ok</title><p>ok</p>")
    with serve(root) as url:
        yield url


def test_broken_links_to_other_sites_are_reported_and_allowed_hosts_skipped(tmp_path, other_site):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<!doctype html><title>home</title>"
        f'<a href="{other_site}ok.html">works</a> <a href="{other_site}gone.html">gone</a> '
        '<a href="http://flaky.invalid/page">allowed</a> <a href="inside.html">inside</a>'
    )
    (site / "inside.html").write_text("<!doctype html><title>inside</title><p>inside</p>")
    broken = check_external_links(site, ["flaky.invalid"])
    assert [(link.page, link.target) for link in broken] == [("/", f"{other_site}gone.html")]
    assert "404" in broken[0].result


def test_an_address_linked_from_several_pages_is_reported_for_each(tmp_path, other_site):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(f'<!doctype html><title>home</title><a href="{other_site}gone.html#part">gone</a>')
    (site / "a.html").write_text(f'<!doctype html><title>a</title><a href="{other_site}gone.html">gone too</a>')
    broken = check_external_links(site, [])
    assert [(link.page, link.target) for link in broken] == [
        ("/", f"{other_site}gone.html#part"),
        ("/a.html", f"{other_site}gone.html"),
    ]
    assert all("404" in link.result for link in broken)


def test_no_site_is_reported_not_crashed(tmp_path):
    broken = check_external_links(tmp_path / "nowhere", [])
    assert "there is no built site in" in broken[0].result


def test_markdown_report():
    assert "Every link to another site worked." in format_markdown([])
    text = format_markdown([BrokenLink("/guidance/x/", "https://example.org/gone", "404 Not Found")])
    assert "| `/guidance/x/` | https://example.org/gone | 404 Not Found |" in text
    assert "add its host to `data/linkcheck-allowlist.yml`" in text


def test_cli_exit_codes_and_markdown(tmp_path, other_site):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(f'<!doctype html><title>home</title><a href="{other_site}ok.html">works</a>')
    result = run_kb(REPO, "external-links", "--site-dir", str(site))
    assert result.returncode == 0
    assert "Every link to another site worked." in result.stderr
    (site / "index.html").write_text(f'<!doctype html><title>home</title><a href="{other_site}gone.html">gone</a>')
    result = run_kb(REPO, "external-links", "--site-dir", str(site), "--format", "markdown")
    assert result.returncode == 1
    assert f"| `/` | {other_site}gone.html |" in result.stdout


def test_linkchecker_that_does_not_run_is_reported(tmp_path, monkeypatch):
    import kb.checks.linkcheck

    (tmp_path / "index.html").write_text('<!doctype html><title>home</title><a href="https://example.org/">away</a>')
    monkeypatch.setattr(kb.checks.linkcheck, "linkchecker_command", lambda: ["false"])
    broken = check_external_links(tmp_path, [])
    assert broken[0].result.startswith("LinkChecker did not run")
