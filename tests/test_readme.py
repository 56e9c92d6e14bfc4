"""The README's promises match the Makefile, and the developer documents stay true.

README.md (authors), ARCHITECTURE.md and DEVELOPMENT.md (maintainers) and
SECURITY.md (the threat model) name commands, files, modules and each other;
these tests keep every such name pointing at something that exists.
"""

import ast
import re
from pathlib import Path

import pytest

from conftest import REPO

DOCUMENTS = ("README.md", "ARCHITECTURE.md", "DEVELOPMENT.md", "SECURITY.md")
README_LIMIT = 12_500  # bytes: a newcomer reads it in one sitting

# Names a document mentions that are known to be out of date, each with why it
# is not fixed here. Strict: once a name is fixed, its entry must go.

_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_PATH = re.compile(r"(?<![\w./<>-])((?:scripts|tests)/[\w./-]*|kb/[\w./-]*)")
_MODULE = re.compile(r"(?<![\w./-])kb(?:\.[A-Za-z_]\w*)+")
_DIARY = re.compile(r"(?:profiled|measured|timed) on \d|on this (?:[\w-]+ )?machine|this (?:two|2)-core")


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([a-z-]+):.*## ", (REPO / "Makefile").read_text(), re.MULTILINE))


def text_of(name: str) -> str:
    return (REPO / name).read_text(encoding="utf-8")


def test_readme_commands_exist_in_the_makefile():
    readme = text_of("README.md")
    commands = set(re.findall(r"`make ([a-z-]+)", readme))
    assert {"serve", "test"} <= commands
    assert commands <= makefile_targets()


def test_ci_runs_the_readme_test_command():
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_the_readme_is_short_enough_to_read_in_one_sitting():
    assert (REPO / "README.md").stat().st_size < README_LIMIT


@pytest.mark.parametrize("name", ["ARCHITECTURE.md", "DEVELOPMENT.md"])
def test_developer_documents_name_only_real_make_targets(name):
    assert set(re.findall(r"`make ([a-z-]+)", text_of(name))) <= makefile_targets()


@pytest.mark.parametrize("name", ["README.md", "ARCHITECTURE.md", "DEVELOPMENT.md"])
def test_each_document_leads_to_the_others(name):
    linked = {target.split("#")[0] for target in _LINK.findall(text_of(name))}
    assert set(DOCUMENTS) - {name} <= linked


def slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {slug(heading) for heading in re.findall(r"^#{1,6} (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)}


def link_problems(name: str) -> list[str]:
    problems = []
    for target in _LINK.findall(text_of(name)):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:: not ours to check
            continue
        file, _, anchor = target.partition("#")
        path = (REPO / name).parent / file if file else REPO / name
        if not path.exists():
            problems.append(f"{target}: no such file")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            problems.append(f"{target}: no heading with that anchor")
    return problems


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_relative_link_leads_somewhere(name):
    assert link_problems(name) == []


def path_exists(mentioned: str) -> bool:
    path = mentioned.rstrip(".,;:")
    base = REPO / "scripts" if path.startswith("kb/") else REPO
    return (base / path).exists()


def defined_names(tree: ast.AST) -> dict[str, ast.AST]:
    """Names defined at the top of a module or class body, with the node that defines them."""
    names: dict[str, ast.AST] = {}
    for node in getattr(tree, "body", []):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names[node.name] = node
        elif isinstance(node, ast.Assign):
            names.update({target.id: node for target in node.targets if isinstance(target, ast.Name)})
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update({(alias.asname or alias.name).split(".")[0]: node for alias in node.names})
    return names


def module_exists(dotted: str) -> bool:
    """kb.a.b names a module or package under scripts/, optionally followed by names defined in it."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        base = REPO / "scripts" / Path(*parts[:cut])
        source = base.with_suffix(".py") if base.with_suffix(".py").is_file() else base / "__init__.py"
        if source.is_file():
            node: ast.AST = ast.parse(source.read_text(encoding="utf-8"))
            for name in parts[cut:]:
                found = defined_names(node).get(name)
                if found is None:
                    return False
                node = found
            return True
    return False


def mentions(name: str) -> list[tuple[str, bool]]:
    text = text_of(name)
    found = {path: path_exists(path) for path in _PATH.findall(text)}
    found.update({module: module_exists(module) for module in _MODULE.findall(text)})
    return sorted(found.items())


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_path_and_module_mentioned_exists(name):
    missing = [mentioned for mentioned, exists in mentions(name) if not exists]
    assert missing == []


def test_code_comments_carry_no_diary_notes():
    """Dates and one machine's figures belong in DEVELOPMENT.md; comments say why."""
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for folder in ("scripts", "tests")
        for path in sorted((REPO / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _DIARY.search(line)
    ]
    assert found == []
