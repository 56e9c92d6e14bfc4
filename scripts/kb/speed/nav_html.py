"""The site navigation's items, drawn in Python with the markup of Material's own template.

Material's ``partials/nav-item.html`` (9.8.1) draws each item through three
or four nested Jinja macro calls; about forty items on every page made the
navigation a fifth of a 1,000-document build. This module draws the same
markup, for the same features, in a few microseconds an item.
``overrides/partials/nav-item.html`` calls it, and
``tests/kb/speed/test_nav_html.py`` builds a site with both and checks that every
page's navigation is the same HTML. When Material is upgraded, that test says
whether this file must follow; until then (kb.upstream.material_internals) the
build uses Material's own template.

Unlike Material's template, every value is escaped for where it goes (text
or attribute): MkDocs' Jinja environment does not escape, and titles come
from folder and file names that an author chooses, which ``make serve``
previews even when the gate refuses them. A value that is already markup
(``markupsafe.Markup``, as kb.reader.theme_values makes titles) is written as it is,
so nothing is escaped twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Undefined
from markupsafe import Markup, escape
from mkdocs.utils import normalize_url

from kb.reader.theme_values import escape_angle_brackets
from kb.speed import switch
from kb.upstream import material_internals


def install(env: Any) -> None:
    """Give the theme's templates ``kb_nav_item``; switched off or with another Material, Material's own template.

    Either way the items pass through :func:`tidy` (the ``kb_tidy_nav`` filter), so
    both publish the same bytes.
    """
    env.filters["kb_tidy_nav"] = tidy
    material_internals.offer_stock_nav_item(env)
    if switch.enabled("nav_html") and material_internals.matches():
        env.globals["kb_nav_item"] = from_template
    else:
        env.globals.pop("kb_nav_item", None)


# White space just before or just after a tag's bracket. Removed with a plain "" rather than by
# keeping the bracket as a group (r"\1"): Python calls back into its template code for every match
# of a group replacement, and a page's navigation has hundreds of brackets (3 times slower).
_AROUND_TAG = re.compile(r"\s+(?=[<>])|(?<=[<>])\s+")
_SPACES = re.compile(r"\s+")


def tidy(html: str) -> str:
    """Navigation items without the white space around their tags, each other run of it one space.

    Material's template indents its markup by loop and macro depth, this module
    writes none: the same navigation, tidied, is the same bytes, so switching this
    module off (``KB_FAST=-nav_html``) publishes the same site. Titles and
    attribute values hold no ``<`` or ``>`` (they are entities there), and the
    sidebar's links are flex boxes, where white space between tags draws nothing.
    """
    return _SPACES.sub(" ", _AROUND_TAG.sub("", str(html))).strip()


@dataclass(frozen=True)
class NavContext:
    """What the template's context gave Material's macros."""

    page: Any
    features: Collection[str]
    base_url: str
    status_titles: Mapping[str, str]
    toc: Callable[[], str]  # partials/toc.html, drawn by Jinja for the page being built
    icon: Callable[[str], str]  # .icons/<name>.svg

    def url(self, value: object) -> str:
        """An address relative to the page, escaped for an attribute."""
        return _attribute(normalize_url(str(value), page=self.page, base=self.base_url))


def from_template(
    nav_item: Any,
    path: str,
    level: int,
    parent: Any = None,
    *,
    page: Any,
    features: Any,
    base_url: str,
    status_titles: Any,
    toc: Callable[[], str],
    icon: Callable[[str], str],
) -> str:
    """``kb_nav_item`` in overrides/partials/nav-item.html: what the template has undefined is None here."""
    context = NavContext(_defined(page), _defined(features) or (), base_url, _defined(status_titles) or {}, toc, icon)
    return tidy(render_item(nav_item, path, level, _defined(parent), context))


def render_item(nav_item: Any, path: str, level: int, parent: Any, context: NavContext) -> str:
    """One item of the navigation and everything under it (Material's ``render`` macro)."""
    css = "md-nav__item"
    if _attr(nav_item, "active"):
        css += " md-nav__item--active"
    pages = _attr(nav_item, "pages")
    if pages and context.page in pages:
        nav_item = context.page
    if _attr(nav_item, "children"):
        return _render_section(nav_item, path, level, parent, css, context)
    if context.page is not None and nav_item == context.page:
        return _render_current_page(nav_item, css, context)
    href = context.url(nav_item.url)
    content = _render_content(nav_item, None, context)
    return f'<li class="{css}"><a href="{href}" class="md-nav__link">{content}</a></li>'


def _render_section(section: Any, path: str, level: int, parent: Any, css: str, context: NavContext) -> str:
    children = list(section.children)
    index = (
        next((item for item in children if _attr(item, "is_index")), None)
        if "navigation.indexes" in context.features
        else None
    )
    active = bool(_attr(section, "active"))
    is_section = False
    if "navigation.tabs" in context.features:
        if level == 1 and active:
            css, is_section = css + " md-nav__item--section", True
        if "navigation.sections" in context.features and level == 2 and _attr(parent, "active"):
            css, is_section = css + " md-nav__item--section", True
    elif "navigation.sections" in context.features and level == 1:
        css, is_section = css + " md-nav__item--section", True
    if "navigation.prune" in context.features and not is_section and not active:
        pruned = _render_pruned(section, None, context)
        return f'<li class="{css} md-nav__item--pruned md-nav__item--nested">{pruned}</li>'
    checked = "checked" if active else ""
    indeterminate = "md-toggle--indeterminate" if "navigation.expand" in context.features and not checked else ""
    tabindex = "" if is_section else "0"
    parts = [
        f'<li class="{css} md-nav__item--nested">',
        f'<input class="md-nav__toggle md-toggle {indeterminate}" type="checkbox" id="{path}" {checked}>',
    ]
    if index is None:
        parts.append(
            f'<label class="md-nav__link" for="{path}" id="{path}_label" tabindex="{tabindex}">'
            f"{_render_content(section, None, context)}"
            ' <span class="md-nav__icon md-icon"></span></label>'
        )
    else:
        link_css = "md-nav__link--active" if index == context.page else ""
        parts.append(
            '<div class="md-nav__link md-nav__container">'
            f'<a href="{context.url(index.url)}" class="md-nav__link {link_css}">'
            f"{_render_content(index, section, context)}</a>"
        )
        if len(children) > 1:
            parts.append(
                f'<label class="md-nav__link {link_css}" for="{path}" id="{path}_label" tabindex="{tabindex}">'
                '<span class="md-nav__icon md-icon"></span></label>'
            )
        parts.append("</div>")
    parts.append(
        f'<nav class="md-nav" data-md-level="{level}" aria-labelledby="{path}_label"'
        f' aria-expanded="{json.dumps(active)}">'
    )
    parts.append(
        f'<label class="md-nav__title" for="{path}"><span class="md-nav__icon md-icon"></span>'
        f" {_render_title(section)}</label>"
    )
    parts.append('<ul class="md-nav__list" data-md-scrollfix>')
    parts += [
        render_item(item, f"{path}_{number}", level + 1, section, context)
        for number, item in enumerate(children, start=1)
        if index is None or item != index
    ]
    parts.append("</ul></nav></li>")
    return "".join(parts)


def _render_pruned(section: Any, ref: Any, context: NavContext) -> str:
    """A closed section: one link to its first page (Material's ``render_pruned``)."""
    ref = ref or section
    children = list(section.children or [])
    first = children[0] if children else None
    if first is not None and _attr(first, "children"):
        return _render_pruned(first, ref, context)
    href = context.url(first.url if first is not None else "")
    icon = ' <span class="md-nav__icon md-icon"></span>' if children else ""
    return f'<a href="{href}" class="md-nav__link">{_render_content(ref, None, context)}{icon}</a>'


def _render_current_page(page: Any, css: str, context: NavContext) -> str:
    """The page being built: its link, and its table of contents for small screens."""
    toc = list(context.page.toc)
    if toc and toc[0].level == 1:
        toc = list(toc[0].children)
    content = _render_content(page, None, context)
    parts = [f'<li class="{css}">', '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">']
    if toc:
        parts.append(
            f'<label class="md-nav__link md-nav__link--active" for="__toc">{content}'
            ' <span class="md-nav__icon md-icon"></span></label>'
        )
    parts.append(f'<a href="{context.url(page.url)}" class="md-nav__link md-nav__link--active">{content}</a>')
    if toc:
        parts.append(context.toc())
    parts.append("</li>")
    return "".join(parts)


def _render_content(nav_item: Any, ref: Any, context: NavContext) -> str:
    """An item's icon, title, subtitle and status marks (Material's ``render_content``)."""
    meta = _attr(nav_item, "meta") or {}
    parts = []
    if meta and meta.get("icon"):
        parts.append(context.icon(meta["icon"]))
    subtitle = f"<br><small>{_text(meta['subtitle'])}</small>" if meta and meta.get("subtitle") else ""
    parts.append(f'<span class="md-ellipsis">{_render_title(ref or nav_item)}{subtitle}</span>')
    if meta and _attr(nav_item, "encrypted"):
        parts.append(_render_status("encrypted", context))
    if meta and meta.get("status"):
        parts.append(_render_status(meta["status"], context))
    return " ".join(parts)


def _render_title(nav_item: Any) -> str:
    typeset = _attr(nav_item, "typeset")
    if typeset:
        title = typeset.get("title") if isinstance(typeset, Mapping) else getattr(typeset, "title", None)
        return f'<span class="md-typeset">{_text(title)}</span>'
    return _text(nav_item.title)


def _render_status(kind: object, context: NavContext) -> str:
    css = f"md-status md-status--{_attribute(kind)}"
    title = context.status_titles.get(str(kind)) if context.status_titles else None
    return f'<span class="{css}" title="{_attribute(title)}"></span>' if title else f'<span class="{css}"></span>'


def _defined(value: Any) -> Any:
    return None if isinstance(value, Undefined) else value


def _attr(item: Any, name: str) -> Any:
    """An attribute as Jinja reads it: missing is nothing, not an error."""
    return getattr(item, name, None)


def _text(value: object) -> str:
    """A value as Jinja prints it (None as 'None', as Material's template would), as text.

    ``<`` and ``>`` become entities, so a folder named ``<svg onload=...>`` stays
    text; nothing else can start an element there, and leaving ``&`` and quotes
    as they are keeps every ordinary title the bytes Material's template writes.
    """
    text = str(value)
    return text if isinstance(value, Markup) else escape_angle_brackets(text)


def _attribute(value: object) -> str:
    """A value inside a quoted attribute: ``& < > " '`` become entities (Markup is already escaped)."""
    return str(escape(value))
