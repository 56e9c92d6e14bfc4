"""A .cache/ that cannot be written, for tests that may run as root.

chmod stops no write by root, so the functions that write, rename, remove
and make folders refuse every path inside the cache with the errors of a
read-only file system (EROFS; EEXIST for a folder that is already there),
in this process (``read_only(monkeypatch, cache)``) or, through a
sitecustomize module, in every process a command starts (``read_only_env``).
Reading works as it does on a read-only disk.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # not imported at run time: every process of a command loads this module
    import pytest

HERE = Path(__file__).resolve().parent
ENV_VAR = "KB_TEST_READ_ONLY_CACHE"


def guards(cache: str) -> dict[tuple[Any, str], Callable[..., Any]]:
    """(module, name) -> a stand-in that refuses writes inside cache."""
    real_mkdir, real_open = os.mkdir, io.open

    def inside(path: object) -> bool:
        try:
            absolute = os.path.abspath(os.fspath(path))  # type: ignore[arg-type]
        except TypeError:
            return False  # a file descriptor
        return absolute == cache or absolute.startswith(cache + os.sep)

    def refuse(path: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", os.fspath(path))  # type: ignore[arg-type]

    def mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        if inside(path):
            if os.path.isdir(path):
                raise FileExistsError(errno.EEXIST, "File exists", os.fspath(path))
            refuse(path)
        real_mkdir(path, *args, **kwargs)

    def opener(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wax+") and inside(file):
            refuse(file)
        return real_open(file, mode, *args, **kwargs)

    def refusing(real: Callable[..., Any]) -> Callable[..., Any]:
        def stand_in(*args: Any, **kwargs: Any) -> Any:
            for path in args[:2]:
                if inside(path):
                    refuse(path)
            return real(*args, **kwargs)

        return stand_in

    stand_ins: dict[tuple[Any, str], Callable[..., Any]] = {
        (os, "mkdir"): mkdir,
        (io, "open"): opener,
        (builtins, "open"): opener,
    }
    for name in ("rename", "replace", "unlink", "remove", "rmdir"):
        stand_ins[(os, name)] = refusing(getattr(os, name))
    return stand_ins


def read_only(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    """Make cache read-only in this process until the test ends."""
    for (module, name), stand_in in guards(str(cache.resolve())).items():
        monkeypatch.setattr(module, name, stand_in)


def install() -> None:
    """Called by the sitecustomize of read_only_env in every process started."""
    cache = os.environ.get(ENV_VAR)
    if cache:
        for (module, name), stand_in in guards(cache).items():
            setattr(module, name, stand_in)


def read_only_env(tmp_path: Path, cache: Path, env: dict[str, str]) -> dict[str, str]:
    """env for a command in whose processes cache is read-only."""
    site_dir = tmp_path / "read-only-site-customize"
    site_dir.mkdir(exist_ok=True)
    (site_dir / "sitecustomize.py").write_text(
        f"import sys\nsys.path.insert(0, {str(HERE)!r})\nimport read_only_cache\n\nread_only_cache.install()\n",
        encoding="utf-8",
    )
    python_path = os.pathsep.join(part for part in (str(site_dir), env.get("PYTHONPATH", "")) if part)
    return {**env, "PYTHONPATH": python_path, ENV_VAR: str(cache.resolve())}
