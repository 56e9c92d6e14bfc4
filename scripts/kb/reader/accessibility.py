"""The accessibility statement's account of how the site is tested in a browser, from data/accessibility.yml.

The browser tests check that the data file agrees with what they actually
test, so the statement never claims more than was checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kb import paths
from kb.content.vocabularies import DataFileError, load_data_file
from kb.reader.listings import markdown_text

SCHEME_WORDS = {"light": "light", "dark": "dark"}


def load_testing(root: Path = paths.REPO_ROOT) -> dict[str, Any]:
    """The ``automated_testing`` block of data/accessibility.yml, checked against its schema."""
    testing = load_data_file("accessibility", root).get("automated_testing")
    if testing is None:
        raise DataFileError(
            "data/accessibility.yml has no automated_testing block, which the accessibility_testing() macro shows "
            "(add it back from the repository's history)"
        )
    return testing


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _tool(rule: dict[str, Any]) -> str:
    """ " (HTML_CodeSniffer)" after a rule of a tool other than axe-core; axe-core's rules say nothing."""
    return f" ({markdown_text(rule['tool'])})" if rule.get("tool") else ""


def render_testing(testing: dict[str, Any]) -> str:
    """Markdown for the statement: the method, the result and the limits of the testing."""
    text = markdown_text
    tools = "\n".join(
        f"- **{text(tool['name'])} {text(tool['version'])}** checks {text(tool['checks'])}."
        for tool in testing["tools"]
    )
    kinds = "\n".join(f"- {text(kind)}" for kind in testing["page_kinds"])
    schemes = _and_list([SCHEME_WORDS[s] for s in testing["colour_schemes"]])
    widths = _and_list([f"{width} pixels" for width in testing["screen_widths"]])
    others = "\n".join(f"- {text(check)}" for check in testing["other_checks"])
    if testing["disabled_rules"]:
        disabled = "These rules are switched off, for the reasons given:\n\n" + "\n".join(
            f"- `{text(rule['rule'])}`{_tool(rule)}: {text(rule['reason'])}" for rule in testing["disabled_rules"]
        )
    else:
        disabled = "No rule is switched off."
    limits = "\n".join(f"- {text(limit)}" for limit in testing["limitations"])
    return f"""\
## How we test this site

We aim to meet {text(testing["standard"])}. The site is tested automatically in a web
browser ({text(testing["browser"])}), page by page, as a reader would load it.

{tools}

The accessibility rules are run on each kind of page, in the {schemes} colour schemes:

{kinds}

{disabled}

The tests also check that:

{others}

Pages are tested at screen widths of {widths}.

## Result

{text(testing["result"])}

## What this testing cannot tell us

{limits}
"""
