"""Every use of another package's private or undocumented internals, fenced in one place.

The build goes faster, and stays safe, by reaching into MkDocs, Material,
mkdocs-macros, mkdocs-redirects, LinkChecker and CPython further than their
documented interfaces. Each of those reaches lives in this package, one module
per upstream package, and each module says which version it was written for
(``WRITTEN_FOR``), what it touches and why. The rest of ``kb`` calls small
functions here and never names a private symbol itself.

At start-up (the hook's ``on_config``) the installed versions are compared with
``WRITTEN_FOR``:

- a *speed* path (a faster way to the same bytes) falls back to the stock
  behaviour, with one INFO line naming the package, the version found and the
  one expected (INFO: a WARNING would fail ``mkdocs build --strict``);
- a *security* path (the template sandbox, the cleaning of every page) refuses
  to build with :class:`mkdocs.exceptions.Abort` rather than run unguarded.

tests/kb/upstream/ checks every reach against the installed packages, so an
upgrade that renames or reshapes one fails a test before it changes a site.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Mismatch:
    """An installed package whose version is not the one our code was written for."""

    package: str
    found: str | None  # None: not installed
    expected: str

    def fallback_line(self, paths: str) -> str:
        """The one INFO line for speed paths that go back to the stock behaviour."""
        return f"{self._versions()}: the stock behaviour is used instead of {paths}"

    def refusal(self, what: str) -> str:
        """The message a security path refuses to build with."""
        review = f"review kb/upstream/ for {self._found()} and update WRITTEN_FOR"
        fix = f"install the version in requirements.txt, or {review}"
        return f"{self._versions()}: {what}. Nothing was built: {fix}."

    def _versions(self) -> str:
        return f"{self.package} {self._found()} is installed, kb.upstream was written for {self.expected}"

    def _found(self) -> str:
        return self.found if self.found is not None else "(not installed)"


def installed_version(package: str) -> str | None:
    """The installed version of a distribution, or None when it is not installed."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def mismatches(written_for: Mapping[str, str]) -> list[Mismatch]:
    """The packages of ``written_for`` whose installed version differs from the one named."""
    found = {package: installed_version(package) for package in written_for}
    differ = [(package, expected) for package, expected in written_for.items() if found[package] != expected]
    return [Mismatch(package, found[package], expected) for package, expected in differ]


class VersionCheck:
    """One module's upstream versions, read once a process: the first package not at its version, or None.

    ``clear`` forgets what was read, for tests that pretend another version is installed.
    """

    def __init__(self, written_for: Mapping[str, str]) -> None:
        self.written_for = dict(written_for)
        self._found: tuple[Mismatch | None] | None = None

    def mismatch(self) -> Mismatch | None:
        if self._found is None:
            differ = mismatches(self.written_for)
            self._found = (differ[0] if differ else None,)
        return self._found[0]

    def clear(self) -> None:
        self._found = None
