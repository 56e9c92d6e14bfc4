"""What kb uses of mkdocs-macros 1.5.0 beyond its documented interface: the template sandbox.

mkdocs-macros offers no way to give it another Jinja environment, and its own
one lets a page reach the whole of Python (SECURITY.md, protection 3). So
kb.checks.template_sandbox:

- sets the plugin's private ``_env`` (which its ``env`` property returns) to
  the sandbox, after the plugin's ``on_config`` has made its own;
- replaces the plugin's ``render`` on the instance with one that renders in
  the sandbox and passes pages none of the plugin's variables, keeping the
  plugin's choice of pages (``render_macros`` in front matter,
  ``render_by_default``, ``force_rendering``);
- reads the private ``_page`` (the page ``on_page_markdown`` is rendering) to
  name a failing page.

Options of the plugin that only shape the environment it made are ignored by
the sandbox (:data:`IGNORED_OPTIONS`); setting one in mkdocs.yml is refused
rather than silently doing nothing.

Security: with any version other than :data:`WRITTEN_FOR` the build refuses
(``Abort``), since a renamed ``_env`` or ``render`` would leave pages in the
plugin's own, unsandboxed environment.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kb.upstream import VersionCheck

WRITTEN_FOR = {"mkdocs-macros-plugin": "1.5.0"}
SECURITY_PATH = "page template code would not run in the sandbox"

# Options whose only effect is on the environment the sandbox replaces, with their defaults.
IGNORED_OPTIONS: Mapping[str, object] = {
    "include_dir": "",
    "on_undefined": "keep",
    "on_error_fail": False,
    "j2_block_start_string": "",
    "j2_block_end_string": "",
    "j2_variable_start_string": "",
    "j2_variable_end_string": "",
    "j2_comment_start_string": "",
    "j2_comment_end_string": "",
    "j2_extensions": [],
}


_versions = VersionCheck(WRITTEN_FOR)
mismatch = _versions.mismatch
clear = _versions.clear  # tests that pretend another version is installed


def is_configured(plugin: Any) -> bool:
    """Has the plugin's on_config made its environment (so that it can be replaced)?"""
    return hasattr(plugin, "_env")


def set_environment(plugin: Any, environment: Any) -> None:
    """The environment the plugin's ``env`` property gives, and its pages render in."""
    plugin._env = environment


def environment(plugin: Any) -> Any:
    return plugin._env


def replace_render(plugin: Any, render: Callable[..., str]) -> None:
    """The plugin's ``render(markdown, force_rendering=False)``, which ``on_page_markdown`` calls."""
    plugin.render = render


def current_page(plugin: Any) -> Any | None:
    """The page ``on_page_markdown`` is rendering (None before the first)."""
    return getattr(plugin, "_page", None)


def renders_by_default(plugin: Any) -> bool:
    return bool(plugin.config["render_by_default"])


def macros(plugin: Any) -> Mapping[str, Callable[..., Any]]:
    """The macros the plugin collected (its own, and those of the project's module)."""
    return plugin.macros


def ignored_options_set(plugin: Any) -> list[str]:
    """The options in mkdocs.yml that the sandbox would silently ignore."""
    config = plugin.config
    return [name for name, default in IGNORED_OPTIONS.items() if config.get(name, default) not in (default, None)]
