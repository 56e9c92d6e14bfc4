"""Template code in pages, rendered in a sandbox that can reach only the site's own macros.

mkdocs-macros renders every page as a Jinja template with the full power of
Python: with its defaults a page can walk from ``cycler`` or ``lipsum`` to
``os``, read ``config`` and environment variables, and a failing macro
publishes a traceback. Page text is untrusted, so here:

* pages render in jinja2's ``ImmutableSandboxedEnvironment`` (no ``_``
  attributes, no mutation of lists or dicts), with ``StrictUndefined``;
* the only names a page can use are the macros defined in the project's own
  trusted ``scripts/`` folder; the plugin's built-ins (``context``,
  ``macros_info``, ``now``, ``fix_url``) and variables (``config``,
  ``environment``, ``plugin``, ``git``, ``page``, ``navigation``, ``files``,
  ``extra``) and Jinja's own globals (``cycler``, ``joiner``, ``lipsum``,
  ``range``, ``dict``, ``namespace``) are not there;
* ``{% include %}`` reads only regular files inside ``docs/_includes/``;
* a template error becomes a :class:`TemplateFailure` naming the page and
  line, which the build turns into a refusal (never ``exit()``, never a
  traceback in the page).

:func:`check_template_code` is the static half, run by ``kb check``: a page may
only call the site's macros with plain values and include snippets by name.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import traceback
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from kb.checks import limits
from kb.problems import Problem, as_page_text
from kb.upstream import macros_internals

INCLUDE_FOLDER = "_includes"  # inside docs/
_LOCAL_NAME = re.compile(r"\b[\w.]*<locals>\.")
RAW_HINT = "to show braces as text, wrap them in {% raw %} ... {% endraw %}"


@dataclass(frozen=True)
class TemplateFailure:
    """A template error on one page: ``line`` counts from the start of the rendered text."""

    src_uri: str
    line: int
    message: str


class IncludeLoader(jinja2.BaseLoader):
    """Loads templates only from regular files inside one folder (no symlinks, no ``..``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses ".." and empty parts
        path = self.folder.joinpath(*pieces)
        if not _regular_file_inside(path, self.folder):
            raise jinja2.TemplateNotFound(template)
        text = path.read_text(encoding="utf-8")
        return text, str(path), lambda: True


def _regular_file_inside(path: Path, folder: Path) -> bool:
    current = path
    while current != folder:
        if current.is_symlink():
            return False
        if current.parent == current:
            return False
        current = current.parent
    return path.is_file() and folder in path.resolve().parents


class PageTemplate(jinja2.Template):
    """A page template. The plugin passes its whole variable set; pages get none of it."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        environment = self.environment
        assert isinstance(environment, PageSandbox)
        try:
            return super().render()
        except Exception as error:  # any failure is the page's: report it, never crash or leak
            return environment.failed(error)


class _UnreadableTemplate:
    """Stands in for a page whose template code does not parse."""

    def __init__(self, environment: PageSandbox, error: jinja2.TemplateSyntaxError) -> None:
        self.environment = environment
        self.error = error

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self.environment.failed(self.error)


_JINJA_MARKERS = ("{{", "{%", "{#")


class _PlainText:
    """A page with no template code renders as itself."""

    def __init__(self, source: str) -> None:
        self.source = source

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self.source


class PageSandbox(ImmutableSandboxedEnvironment):
    """The Jinja environment pages render in."""

    template_class = PageTemplate

    def __init__(
        self,
        include_folder: Path,
        macros: Mapping[str, Callable[..., Any]],
        current_page: Callable[[], str] = lambda: "(unknown page)",
    ) -> None:
        super().__init__(loader=IncludeLoader(include_folder), undefined=jinja2.StrictUndefined, autoescape=False)
        self.globals.clear()  # no cycler, joiner, lipsum, range, dict, namespace
        self.globals.update(macros)
        self.current_page = current_page
        self.failures: list[TemplateFailure] = []
        self.show_failures = False  # `make serve`: show the failure in the page instead

    def from_string(self, source: str | nodes.Template, globals: Any = None, template_class: Any = None) -> Any:
        if isinstance(source, str) and not has_template_code(source):
            return _PlainText(source)  # most pages: nothing to compile or run
        try:
            return super().from_string(source, globals, template_class)
        except jinja2.TemplateSyntaxError as error:  # reported when rendered, like any other failure
            return _UnreadableTemplate(self, error)
        except RecursionError:  # kb check refuses it first; a preview still must not crash
            return _UnreadableTemplate(self, jinja2.TemplateSyntaxError(limits.TEMPLATE_TOO_DEEP, 1))

    def failed(self, error: Exception) -> str:
        failure = TemplateFailure(self.current_page(), error_line(error), describe_error(error))
        self.failures.append(failure)
        if self.show_failures:
            return (
                '\n\n!!! failure "This page\'s template code failed"\n'
                f"    Line {failure.line}: {as_page_text(failure.message)}\n\n"
            )
        return ""


def error_line(error: BaseException) -> int:
    """The template line an error happened on (1 when unknown)."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.lineno:
        return error.lineno
    line = 0
    for frame, number in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_filename == "<template>":
            line = number
    return line or 1


def describe_error(error: BaseException) -> str:
    """Plain words for a template error, without paths or Python internals."""
    if isinstance(error, jinja2.TemplateNotFound):
        return f"the snippet {error.name!r} was not found in docs/{INCLUDE_FOLDER}/"
    if isinstance(error, jinja2.exceptions.SecurityError):
        return f"the template code tries to reach Python internals, which pages may not do ({error})"
    if isinstance(error, jinja2.UndefinedError):
        return f"{error.message}: pages can use only the site's macros"
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"the template code cannot be read ({error.message})"
    if isinstance(error, TypeError):
        return f"a macro was called wrongly ({_LOCAL_NAME.sub('', str(error))})"
    return f"a macro failed ({type(error).__name__}: {error})"


def project_macros(macros: Mapping[str, Callable[..., Any]], trusted_folder: Path) -> dict[str, Callable[..., Any]]:
    """The macros whose code lives in the project's trusted folder (scripts/), and no others."""
    trusted = trusted_folder.resolve()
    chosen = {}
    for name, function in macros.items():
        code = getattr(function, "__code__", None)
        if code is None:
            continue
        source = Path(code.co_filename).resolve()
        if trusted in source.parents:
            chosen[name] = function
    return chosen


def install(plugin: Any, root: Path, docs: Path) -> PageSandbox:
    """Replace the mkdocs-macros plugin's Jinja environment with a :class:`PageSandbox`.

    Must run after the plugin's own ``on_config``, which creates its
    environment. The plugin offers no way to supply an environment, so this
    reaches into it (kb.upstream.macros_internals, which refuses versions it
    was not written for before this runs: kb.upstream.guard).
    """
    if not macros_internals.is_configured(plugin):
        raise RuntimeError("the macros plugin has not been configured yet")
    macros = project_macros(macros_internals.macros(plugin), root / "scripts")

    def current_page() -> str:
        try:
            return macros_internals.current_page(plugin).file.src_uri
        except AttributeError:
            return "(unknown page)"

    sandbox = PageSandbox(docs / INCLUDE_FOLDER, macros, current_page)
    macros_internals.set_environment(plugin, sandbox)
    macros_internals.replace_render(plugin, _sandboxed_render(plugin, sandbox))
    return sandbox


def _sandboxed_render(plugin: Any, sandbox: PageSandbox) -> Callable[..., str]:
    """The plugin's ``render`` without merging its variables into a copy for every page.

    Pages see none of those variables (PageTemplate.render drops them), and
    the merge, which turns each page's front matter into the plugin's nested
    dictionaries, was a tenth of the macros plugin's time. The plugin's choice
    of which pages to render is kept as it is.
    """

    def render(markdown: str, force_rendering: bool = False) -> str:
        page = macros_internals.current_page(plugin)
        opted = (getattr(page, "meta", None) or {}).get("render_macros")
        chosen = macros_internals.renders_by_default(plugin) or force_rendering or opted is True
        if opted is False or not chosen:
            return markdown
        return sandbox.from_string(markdown).render()

    return render


# --- The static check, for `kb check` ---------------------------------------


@dataclass(frozen=True)
class TemplateIssue:
    line: int  # counted from the start of the text checked
    message: str
    fix: str = ""


_STATEMENT_WORDS = {
    nodes.For: "{% for %} loops",
    nodes.If: "{% if %} blocks",
    nodes.Assign: "{% set %}",
    nodes.AssignBlock: "{% set %}",
    nodes.Macro: "{% macro %} definitions",
    nodes.CallBlock: "{% call %} blocks",
    nodes.FilterBlock: "{% filter %} blocks",
    nodes.With: "{% with %} blocks",
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% from ... import %}",
    nodes.Extends: "{% extends %}",
    nodes.Block: "{% block %}",
    nodes.Filter: "filters (|name)",
    nodes.Test: "tests (is ...)",
    nodes.Getattr: "reading attributes (.name)",
    nodes.Getitem: "reading items ([...])",
}


def has_template_code(text: str) -> bool:
    return any(marker in text for marker in _JINJA_MARKERS)


def check_template_code(text: str, allowed_macros: Collection[str] | None, include_folder: Path) -> list[TemplateIssue]:
    """Problems with the template code in one page or snippet.

    A page may call the site's macros with plain values, like
    ``{{ document_list(type="guidance") }}``, and include snippets from
    docs/_includes/ by name. Anything else is refused before it is rendered.
    """
    if not has_template_code(text):
        return []
    too_many = limits.too_many_markers(text)
    if too_many:
        return [TemplateIssue(*too_many)]
    environment = ImmutableSandboxedEnvironment()
    try:
        tree = environment.parse(text)
    except jinja2.TemplateSyntaxError as error:
        return [
            TemplateIssue(
                error.lineno or 1,
                f"the template code cannot be read ({error.message})",
                "check every {{ has a matching }} and every {% a matching %}; " + RAW_HINT,
            )
        ]
    except RecursionError:  # Jinja's parser recurses per level of {{ {{ {{, ((( or `not not not`
        return [TemplateIssue(_first_marker_line(text), limits.TEMPLATE_TOO_DEEP, limits.TEMPLATE_TOO_DEEP_FIX)]
    issues: list[TemplateIssue] = []
    for node in _walk(tree):
        issue = _judge(node, allowed_macros, include_folder)
        if issue:
            issues.append(issue)
    calls = limits.too_many_calls([node.lineno for node in tree.find_all((nodes.Call, nodes.Include))])
    return [*issues, TemplateIssue(*calls)] if calls else issues


def _first_marker_line(text: str) -> int:
    first = min((found for found in (text.find(marker) for marker in _JINJA_MARKERS) if found >= 0), default=0)
    return text.count("\n", 0, first) + 1


def _walk(node: nodes.Node) -> Iterator[nodes.Node]:
    """Nodes in order, not descending into constructs already refused as a whole."""
    yield node
    if isinstance(node, (nodes.Template, nodes.Output)):
        for child in node.iter_child_nodes():
            yield from _walk(child)


def _judge(node: nodes.Node, allowed: Collection[str] | None, include_folder: Path) -> TemplateIssue | None:
    line = getattr(node, "lineno", 1) or 1
    if isinstance(node, (nodes.Template, nodes.Output, nodes.TemplateData)):
        return None
    if isinstance(node, nodes.Call):
        return _judge_call(node, allowed, line)
    if isinstance(node, nodes.Include):
        return _judge_include(node, include_folder, line)
    if isinstance(node, nodes.Name):
        return TemplateIssue(
            line,
            f"the name {node.name!r} cannot be used in pages",
            'pages can only call the site\'s macros, like {{ document_list(type="guidance") }}; ' + RAW_HINT,
        )
    what = _describe(node)
    return TemplateIssue(
        line,
        f"{what} cannot be used in page template code",
        "pages can only call the site's macros with plain values; " + RAW_HINT,
    )


def _describe(node: nodes.Node) -> str:
    for kind, words in _STATEMENT_WORDS.items():
        if isinstance(node, kind):
            return words
    if isinstance(node, nodes.Const):
        return "a plain value in {{ }}"
    if isinstance(node, nodes.Name):
        return f"the name {node.name!r}"
    return f"this kind of template code ({type(node).__name__})"


def _judge_call(node: nodes.Call, allowed: Collection[str] | None, line: int) -> TemplateIssue | None:
    if not isinstance(node.node, nodes.Name):
        return TemplateIssue(
            line,
            f"{_describe(node.node)} cannot be used in page template code",
            'call a macro by its name only, like {{ document_list(type="guidance") }}',
        )
    name = node.node.name
    if allowed is not None and name not in allowed:
        known = ", ".join(sorted(allowed)) or "none"
        return TemplateIssue(line, f"{name}() is not one of the site's macros", f"use one of: {known}; " + RAW_HINT)
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        return TemplateIssue(
            line, f"{name}() is called with * or ** arguments", 'write each argument out, like type="guidance"'
        )
    values = [*node.args, *(keyword.value for keyword in node.kwargs)]
    for value in values:
        if not _plain_value(value):
            return TemplateIssue(
                line,
                f"{name}() is given {_describe(value)} as an argument",
                'give macros plain values only, like type="guidance"',
            )
    keywords = {keyword.key: _value(keyword.value) for keyword in node.kwargs}
    unusable = limits.macro_argument_issue(name, [_value(argument) for argument in node.args], keywords)
    return TemplateIssue(line, *unusable) if unusable else None


def _value(node: nodes.Node) -> Any:
    return node.as_const() if isinstance(node, nodes.Const) else None


def _plain_value(node: nodes.Node) -> bool:
    if isinstance(node, nodes.Const):
        return True
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return all(_plain_value(item) for item in node.items)
    return False


def _judge_include(node: nodes.Include, include_folder: Path, line: int) -> TemplateIssue | None:
    template = node.template
    if not isinstance(template, nodes.Const) or not isinstance(template.value, str):
        return TemplateIssue(
            line,
            "{% include %} must name its snippet in quotes",
            f'write {{% include "name.md" %}} with a file from docs/{INCLUDE_FOLDER}/',
        )
    name = template.value
    try:
        pieces = split_template_path(name)
    except jinja2.TemplateNotFound:
        pieces = []
    if not pieces or not _regular_file_inside(include_folder.resolve().joinpath(*pieces), include_folder.resolve()):
        return TemplateIssue(
            line,
            f"the snippet {name!r} is not a file in docs/{INCLUDE_FOLDER}/",
            f"include only files from docs/{INCLUDE_FOLDER}/, by their name there",
        )
    return None


# --- Which macros the site defines, without running MkDocs ------------------


class _MacroRecorder:
    """Stands in for the plugin while ``define_env`` registers its macros."""

    def __init__(self) -> None:
        self.macros: dict[str, Callable[..., Any]] = {}
        self.filters: dict[str, Callable[..., Any]] = {}
        self.variables: dict[str, Any] = {}
        self.conf: dict[str, Any] = {}
        self.config: dict[str, Any] = {}

    def macro(self, function: Callable[..., Any], name: str = "") -> Callable[..., Any]:
        self.macros[name or function.__name__] = function
        return function

    def filter(self, function: Callable[..., Any], name: str = "") -> Callable[..., Any]:
        self.filters[name or function.__name__] = function
        return function


def macro_names(root: Path, module_path: str = "scripts/kb/adapters/macros.py") -> frozenset[str] | None:
    """Names of the macros the project's macros module defines (None if it cannot be read)."""
    source = root / module_path
    spec = importlib.util.spec_from_file_location("_kb_page_macros", source)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    saved_path = list(sys.path)
    try:
        spec.loader.exec_module(module)
        recorder = _MacroRecorder()
        module.define_env(recorder)
    except Exception:  # the runtime sandbox still refuses unknown names
        return None
    finally:
        sys.path[:] = saved_path
    return frozenset(project_macros(recorder.macros, root / "scripts"))


def as_problem(failure: TemplateFailure, repo_path: str, body_line: int) -> Problem:
    """A template failure as an author-facing problem, at its line in the file."""
    return Problem(
        repo_path,
        body_line + failure.line - 1,
        "template code",
        failure.message,
        "pages can only call the site's macros, as the contributor guide shows; " + RAW_HINT,
    )


def failure_problems(failures: list[TemplateFailure], documents: Mapping[str, Any]) -> list[Problem]:
    """Failures as problems; ``documents`` maps src_uri to kb.content.documents.Document."""
    problems = []
    for failure in failures:
        document = documents.get(failure.src_uri)
        repo_path, body_line = (
            (document.repo_path, document.parsed.body_line) if document else (f"docs/{failure.src_uri}", 1)
        )
        problems.append(as_problem(failure, repo_path, body_line))
    return problems
