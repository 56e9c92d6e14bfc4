"""Steps a reader takes, shared by the browser tests."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

# Every focusable control a reader could Tab to, if it is shown.
INTERACTIVE = ":is(a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]):not([tabindex='-1'])"

# For each heading in the article, the links that follow it up to the next
# heading of the same or a higher level: how listings and the tags index are laid out.
LINKS_UNDER_HEADINGS = """() => {
  const article = document.querySelector("article.md-content__inner") || document.body;
  const headings = Array.from(article.querySelectorAll("h2, h3, h4"));
  return headings.map(h => {
    const level = Number(h.tagName[1]);
    const links = [];
    for (let node = h.nextElementSibling; node; node = node.nextElementSibling) {
      if (/^H[1-6]$/.test(node.tagName) && Number(node.tagName[1]) <= level) break;
      if (/^H[1-6]$/.test(node.tagName)) continue;
      for (const a of node.querySelectorAll("a[href]:not(.headerlink)")) links.push({href: a.href, text: a.innerText.trim()});
    }
    const clone = h.cloneNode(true);
    clone.querySelectorAll(".headerlink").forEach(e => e.remove());
    return {heading: clone.innerText.trim(), links};
  });
}"""


def site_path(url: str, base_url: str) -> str:
    """The path of a URL inside the site ('guidance/x/'), or the URL if it is elsewhere."""
    if not url.startswith(base_url):
        return url
    return urlsplit(url).path.removeprefix(urlsplit(base_url).path)


def heading_text(page: Any) -> str:
    """The page's first-level heading, without its permalink sign."""
    return page.locator("article h1").first.evaluate(
        "h => { const c = h.cloneNode(true); c.querySelectorAll('.headerlink').forEach(e => e.remove()); return c.innerText.trim(); }"
    )


def scheme(page: Any) -> str:
    return page.get_attribute("body", "data-md-color-scheme")


def absolute(base: str, href: str) -> str:
    return urljoin(base, href)
