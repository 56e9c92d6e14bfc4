"""The page template sandbox: the gadgets that reach Python from Jinja, and what stops them."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from kb.checks.template_sandbox import (
    PageSandbox,
    TemplateFailure,
    as_problem,
    check_template_code,
    install,
    macro_names,
    project_macros,
)

SECRET_VALUE = "ENV-SECRET-4411"
FILE_SECRET = "FILE-SECRET-9a0c"


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PageSandbox:
    monkeypatch.setenv("KB_PLANTED_SECRET", SECRET_VALUE)
    (tmp_path / "secret.txt").write_text(FILE_SECRET)
    includes = tmp_path / "docs" / "_includes"
    includes.mkdir(parents=True)
    (includes / "snippet.md").write_text("Snippet says {{ greet('you') }}.")
    (includes / "linked.md").symlink_to(tmp_path / "secret.txt")
    return PageSandbox(includes, {"greet": lambda name: f"hello {name}"}, lambda: "guidance/page.md")


def render(sandbox: PageSandbox, text: str) -> str:
    # the plugin passes its own variables; the sandbox must ignore every one of them
    return sandbox.from_string(text).render(config={"secret": SECRET_VALUE}, environment=SECRET_VALUE, page=object())


def test_macros_and_includes_work(sandbox):
    assert render(sandbox, "{{ greet('all') }}") == "hello all"
    assert render(sandbox, '{% include "snippet.md" %}') == "Snippet says hello you."
    assert sandbox.failures == []


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ('{{ cycler.__init__.__globals__.os.popen("env").read() }}', "tries to reach Python internals"),
        ("{{ joiner.__init__.__globals__.os.environ }}", "tries to reach Python internals"),
        ("{{ lipsum.__globals__['os'].environ }}", "'lipsum' is undefined"),
        ("{{ namespace }}", "'namespace' is undefined"),
        ("{{ range(10) }}", "'range' is undefined"),
        ("{{ greet.__globals__['os'].environ }}", "tries to reach Python internals"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "tries to reach Python internals"),
        ("{{ '{0.__class__}'.format(greet) }}", "tries to reach Python internals"),
        ("{{ config.secret }}", "'config' is undefined"),
        ("{{ environment }}", "'environment' is undefined"),
        ("{{ page.file.abs_src_path }}", "'page' is undefined"),
        ("{{ context() }}", "'context' is undefined"),
        ("{{ now() }}", "'now' is undefined"),
        ('{% include "../../secret.txt" %}', "the snippet '../../secret.txt' was not found in docs/_includes/"),
        ('{% include "/etc/passwd" %}', "was not found in docs/_includes/"),
        ('{% include "linked.md" %}', "the snippet 'linked.md' was not found"),
        ("{{ greet() }}", "a macro was called wrongly (<lambda>() missing 1 required positional argument: 'name')"),
        ("{{ greet('x'", "the template code cannot be read"),
        ("{{ nothing_here }}", "'nothing_here' is undefined: pages can use only the site's macros"),
    ],
)
def test_gadgets_fail_without_reaching_anything(sandbox, template, message):
    output = render(sandbox, "Before.\n\n" + template)
    assert SECRET_VALUE not in output and FILE_SECRET not in output
    assert output == ""
    [failure] = sandbox.failures
    assert failure.src_uri == "guidance/page.md"
    assert message in failure.message
    assert SECRET_VALUE not in failure.message and FILE_SECRET not in failure.message


def test_a_failure_is_placed_at_its_line_in_the_file():
    failure = TemplateFailure("guidance/page.md", 3, "'x' is undefined: pages can use only the site's macros")
    problem = as_problem(failure, "docs/guidance/page.md", body_line=20)
    assert str(problem).startswith(
        "docs/guidance/page.md:22: template code: 'x' is undefined: pages can use only the site's macros ("
    )


def test_runtime_errors_report_the_template_line(sandbox):
    render(sandbox, "one\ntwo\n{{ missing() }}\n")
    assert sandbox.failures[0].line == 3


def test_preview_shows_the_failure_in_the_page_escaped(sandbox):
    sandbox.show_failures = True
    output = render(sandbox, "{{ '<b>' ~ missing }}")
    assert "This page's template code failed" in output
    assert "<b>" not in output


def test_installed_the_plugin_renders_in_the_sandbox_and_keeps_its_choice_of_pages(tmp_path):
    (tmp_path / "docs" / "_includes").mkdir(parents=True)
    plugin = SimpleNamespace(
        _env=None,
        macros={},
        config={"render_by_default": True},
        _page=SimpleNamespace(meta={}, file=SimpleNamespace(src_uri="a.md")),
    )
    plugin.page = plugin._page
    sandbox = install(plugin, tmp_path, tmp_path / "docs")
    assert plugin._env is sandbox
    assert plugin.render(markdown="{{ 'a' ~ 'b' }} and text") == "ab and text"
    assert plugin.render(markdown="{{ config }}") == ""
    assert [f.message for f in sandbox.failures] == ["'config' is undefined: pages can use only the site's macros"]
    plugin._page.meta = {"render_macros": False}
    assert plugin.render(markdown="{{ 'a' ~ 'b' }}", force_rendering=True) == "{{ 'a' ~ 'b' }}"
    plugin._page.meta, plugin.config["render_by_default"] = {}, False
    assert plugin.render(markdown="{{ 'a' ~ 'b' }}") == "{{ 'a' ~ 'b' }}"
    assert plugin.render(markdown="{{ 'a' ~ 'b' }}", force_rendering=True) == "ab"
    plugin._page.meta = {"render_macros": True}
    assert plugin.render(markdown="{{ 'a' ~ 'b' }}") == "ab"


def test_only_macros_from_the_trusted_folder_are_offered(tmp_path):
    trusted = tmp_path / "scripts"
    trusted.mkdir()
    (trusted / "mine.py").write_text("def mine():\n    return 1\n")
    namespace: dict = {}
    exec(compile((trusted / "mine.py").read_text(), str(trusted / "mine.py"), "exec"), namespace)
    assert project_macros(
        {"mine": namespace["mine"], "now": __import__("datetime").datetime.now, "other": lambda: 2}, trusted
    ) == {"mine": namespace["mine"]}


def test_the_project_defines_document_list():
    assert "document_list" in macro_names(Path(__file__).resolve().parents[3])


@pytest.mark.parametrize(
    "text",
    [
        "No template code at all.",
        '{{ document_list(type="guidance") }}',
        "{{ document_list(type='faq', status='published,consultation') }}",
        "{% raw %}{{ config }} shown as text{% endraw %}",
        "{# a comment #}",
    ],
)
def test_static_check_accepts_macro_calls_and_raw_text(tmp_path, text):
    assert check_template_code(text, {"document_list"}, tmp_path) == []


def test_static_check_accepts_includes_of_real_snippets(tmp_path):
    (tmp_path / "feedback.md").write_text("x")
    assert check_template_code('{% include "feedback.md" %}', set(), tmp_path) == []
    [issue] = check_template_code('{% include "missing.md" %}', set(), tmp_path)
    assert issue.message == "the snippet 'missing.md' is not a file in docs/_includes/"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ document_list(**opts) }}", "document_list() is called with * or ** arguments"),
        ("{{ x }}", "the name 'x' cannot be used in pages"),
        ("{{ document_list(type=x) }}", "document_list() is given the name 'x' as an argument"),
        ("{{ x.y() }}", "reading attributes (.name) cannot be used in page template code"),
        ("{% include name %}", "{% include %} must name its snippet in quotes"),
        ("{% if true %}x{% endif %}", "{% if %} blocks cannot be used in page template code"),
        ("{% macro m() %}{% endmacro %}", "{% macro %} definitions cannot be used in page template code"),
        ("{% extends 'x.md' %}", "{% extends %} cannot be used in page template code"),
        ("{{ 'a' is string }}", "tests (is ...) cannot be used in page template code"),
    ],
)
def test_static_check_refuses_everything_else(tmp_path, text, message):
    [issue] = check_template_code(text, {"document_list"}, tmp_path)
    assert issue.message == message
    assert issue.fix
