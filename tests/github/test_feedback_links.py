"""Every published page links to the issue forms, the problem form with the page's address filled in."""

from urllib.parse import parse_qs, urlsplit

import yaml
from bs4 import BeautifulSoup

from conftest import REPO

FORMS = REPO / ".github" / "ISSUE_TEMPLATE"


def test_every_page_links_to_both_issue_forms(built_site):
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python/name:", ""))
    site_url = config["site_url"].rstrip("/")
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) > 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # a redirect from an old address (redirect_from), not a page
        soup = BeautifulSoup(text, "html.parser")
        links = {a.get_text(strip=True): a["href"] for a in soup.select("nav.kb-feedback a")}
        assert set(links) == {"Report a problem on this page", "Propose new guidance"}, page
        report = urlsplit(links["Report a problem on this page"])
        query = parse_qs(report.query)
        assert report.geturl().startswith(config["repo_url"] + "/issues/new?")
        form = yaml.safe_load((FORMS / query["template"][0]).read_text(encoding="utf-8"))
        assert "page" in [field.get("id") for field in form["body"]], "the form needs the field the link fills in"
        relative = page.parent.relative_to(built_site).as_posix()
        assert query["page"] == [f"{site_url}/{relative + '/' if relative != '.' else ''}"]
        assert (FORMS / parse_qs(urlsplit(links["Propose new guidance"]).query)["template"][0]).exists()
