"""Fixtures for tests/kb/upstream: each test starts and ends with the installed versions read afresh."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.upstream import linkchecker_internals, macros_internals, material_internals, mkdocs_internals
from kb.upstream import redirects_internals as redirects

MODULES = (mkdocs_internals, material_internals, macros_internals, redirects, linkchecker_internals)


@pytest.fixture(autouse=True)
def versions_read_afresh() -> Iterator[None]:
    for module in MODULES:
        module.clear()
    yield
    for module in MODULES:
        module.clear()


def pretend_installed(monkeypatch: pytest.MonkeyPatch, versions: dict[str, str]) -> None:
    """Pretend these packages are installed at these versions (the others as they are)."""
    import kb.upstream

    real = kb.upstream.installed_version
    monkeypatch.setattr(kb.upstream, "installed_version", lambda package: versions.get(package, real(package)))
    for module in MODULES:
        module.clear()
