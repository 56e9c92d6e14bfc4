"""Running HTML_CodeSniffer, the second accessibility engine beside axe-core, in a page.

HTML_CodeSniffer is the engine pa11y runs. We use pa11y's own maintained copy of it
(``@pa11y/html_codesniffer``, pinned in ``tests/browser/htmlcs/package-lock.json``)
and inject it with Playwright into Debian's Chromium, as pa11y injects it with
Puppeteer: pa11y itself would bring Puppeteer and a browser download of its own,
and test another browser than the one readers' tests use. The package lives in a
folder of its own under tests/browser/ because only these tests use it: the top
level of the repository holds no Node project, and ``npm ci --prefix
tests/browser/htmlcs`` (in .ci/run) installs exactly the locked version.

Only errors count, as in pa11y's default: HTML_CodeSniffer's warnings and notices
are things for a person to look at ("check that this alt text describes the
image"), which it cannot decide.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).parent / "htmlcs"
HTMLCS_JS = PACKAGE_DIR / "node_modules" / "@pa11y" / "html_codesniffer" / "build" / "HTMLCS.js"
HOW_TO_ENABLE = "HTML_CodeSniffer checks SKIPPED: install it with `npm ci --prefix tests/browser/htmlcs` to run them"
STANDARD = "WCAG2AA"  # WCAG 2 levels A and AA, like the axe tests
ERROR = 1  # HTML_CodeSniffer's message types: 1 error, 2 warning, 3 notice


@dataclass(frozen=True)
class Exclusion:
    """An error left out on the elements a CSS selector names, and nowhere else, with the reason."""

    code: str  # HTML_CodeSniffer's technique, the end of its message code (H32.2)
    selector: str
    reason: str
    unrendered_only: bool = False  # left out only while the element is not drawn (display: none)


# Left out only where HTML_CodeSniffer is wrong for this site, never to hide a real failure;
# data/accessibility.yml tells readers the same.
_HIDDEN_TOGGLE = (
    "Material's hidden toggles: checkboxes that are never drawn (display: none) and so are not in the "
    "accessibility tree; the buttons and links that work them have names. Left out only while not drawn."
)
EXCLUDED = [
    Exclusion(
        "H32.2",
        "form.md-header__option",
        "Material's switch between light and dark: a form that is never submitted, whose one control acts when "
        "pressed. A submit button would do nothing, and changing the colours is not a change of context "
        "(WCAG 3.2.2): the page, its place and the focus stay as they were.",
    ),
    Exclusion(
        "H32.2",
        "form.kb-search__form",
        "The search dialog's form has a single field, so the Enter key submits it (HTML's implicit submission), "
        "and results appear under it as you type; a submit button would add a control that does nothing new.",
    ),
    Exclusion("H91.InputCheckbox.Name", "input.md-toggle", _HIDDEN_TOGGLE, unrendered_only=True),
    Exclusion("F68", "input.md-toggle", _HIDDEN_TOGGLE, unrendered_only=True),
]

_RUN = """
([standard, exclusions]) => new Promise((resolve, reject) => {
  const excluded = (message) => exclusions.some((exclusion) =>
    message.code.endsWith('.' + exclusion.code) && message.element && message.element.nodeType === 1
    && message.element.matches(exclusion.selector)
    && (!exclusion.unrendered_only || message.element.getClientRects().length === 0));
  const path = (element) => {
    const steps = [];
    for (let node = element; node && node.nodeType === 1 && steps.length < 5; node = node.parentElement) {
      if (node.id) { steps.unshift('#' + CSS.escape(node.id)); break; }
      const classes = [...node.classList].slice(0, 2).map((name) => '.' + CSS.escape(name)).join('');
      steps.unshift(node.localName + classes);
    }
    return steps.join(' > ');
  };
  window.HTMLCS.process(standard, window.document, () => {
    resolve(window.HTMLCS.getMessages()
      .filter((message) => message.type === 1 && !excluded(message))
      .map((message) => ({
        code: message.code,
        message: message.msg,
        selector: message.element && message.element.nodeType === 1 ? path(message.element) : '(document)',
      })));
  }, (error) => reject(new Error('HTML_CodeSniffer failed: ' + error)), 'en');
})
"""


def htmlcs_installed() -> bool:
    return HTMLCS_JS.is_file()


@cache
def htmlcs_source() -> str:
    return HTMLCS_JS.read_text(encoding="utf-8")


def run_htmlcs(page: Any) -> list[dict[str, str]]:
    """The WCAG 2 A/AA errors HTML_CodeSniffer finds in the page as it is now, less EXCLUDED."""
    if not page.evaluate("typeof window.HTMLCS !== 'undefined'"):
        page.add_script_tag(content=htmlcs_source())
    return page.evaluate(_RUN, [STANDARD, [asdict(exclusion) for exclusion in EXCLUDED]])


def describe(found: dict[str, list[dict[str, str]]]) -> list[str]:
    """One line per distinct error, naming the elements and pages it is on (shared ones reported once)."""
    grouped: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for page_name, errors in found.items():
        for error in errors:
            summary = " ".join(error["message"].split())[:300]
            selectors, pages = grouped.setdefault((error["code"], summary), ([], []))
            if error["selector"] not in selectors:
                selectors.append(error["selector"])
            if page_name not in pages:
                pages.append(page_name)
    return [
        f"{code}: {summary}\n    elements: {_some(selectors)}\n    pages: {_some(pages)}"
        for (code, summary), (selectors, pages) in grouped.items()
    ]


def _some(items: list[str], shown: int = 4) -> str:
    return ", ".join(items[:shown]) + (f" and {len(items) - shown} more" if len(items) > shown else "")
