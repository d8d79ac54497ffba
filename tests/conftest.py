"""Shared helpers for the test suite, as layered fixtures:

- `write_tree(root, {relative path: text or bytes})` writes files;
- `minimal_site({path: text or bytes or None})` writes the smallest clean site into `tmp_path`
  (a root, a 30-days plan and a year plan), with files added, replaced or
  removed (`None`) so a test can break exactly one thing;
- `run_main(args)` runs `roadmapgen.commands.cli.main` in this process (fast);
- `run_cli(args, cwd)` runs `python -m roadmapgen` in a subprocess (real
  exit status, real stderr: a traceback shows up there);
- `check_json(root)` runs `check --format json` in-process and parses it.

A test module may also define `start_early(config)` (see
pytest_collection_finish below).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from support import MINIMAL_SITE, REPO_ROOT, TODAY, Result, write_files

# Compiled templates go to a folder of the test run's own, never the user's
# cache (every process the tests start inherits it), and are removed after.
os.environ["ROADMAPGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="roadmapgen-test-cache-")
atexit.register(shutil.rmtree, os.environ["ROADMAPGEN_CACHE_DIR"], ignore_errors=True)


def pytest_addoption(parser):
    """Without pytest-xdist (installed by the test extra) the `-n 2 --dist
    loadfile` of pyproject.toml's addopts still parse, and the tests run in
    one process instead of failing on an unknown option."""
    try:
        import xdist  # noqa: F401
    except ImportError:
        group = parser.getgroup("xdist", "pytest-xdist is not installed (pip install -e '.[test]')")
        # _addoption, as xdist itself does: addoption refuses short lowercase names like -n.
        group._addoption("-n", "--numprocesses", default=None, help="ignored without pytest-xdist")
        group.addoption("--dist", default="no", help="ignored without pytest-xdist")


def _starts_early(item) -> bool:
    return hasattr(getattr(item, "module", None), "start_early")


def _xdist_worker(config) -> bool:
    """Whether this process is one of pytest-xdist's workers (`-n`)."""
    return hasattr(config, "workerinput")


def pytest_collection_modifyitems(config, items):
    """The tests of a module that starts early run last, when its work in
    the background is most likely done. Across xdist's workers they come
    first instead: one worker starts on them at once (each file goes whole
    to one worker) while the other works through the rest."""
    early = [item for item in items if _starts_early(item)]
    rest = [item for item in items if not _starts_early(item)]
    items[:] = early + rest if _xdist_worker(config) else rest + early


def pytest_collection_finish(session):
    """A test module may define start_early(config): it is called once the
    tests are collected, before the first runs, when some of that module's
    tests are to run. test_browser_pages starts chromium and the Nu checker
    there, so that their minute of work overlaps the rest of the suite (its
    tests run last). An xdist worker does not know which files it will be
    sent: there the module's fixtures start that work when its first test runs."""
    if session.config.option.collectonly or _xdist_worker(session.config):
        return
    started = set()
    for item in session.items:
        module = getattr(item, "module", None)
        if module is not None and module not in started and hasattr(module, "start_early"):
            started.add(module)
            module.start_early(session.config)


@pytest.fixture
def write_tree():
    """write_tree(tmp_path, {relative path: text or bytes}) -> tmp_path"""
    return write_files


@pytest.fixture
def minimal_site(tmp_path, write_tree):
    """minimal_site({path: text or bytes or None}) -> the site root, a clean
    site with those files added, replaced or (None) removed."""

    def make(changes: dict[str, str | bytes | None] | None = None) -> Path:
        return write_tree(tmp_path, {**MINIMAL_SITE, **(changes or {})})

    return make


def _environment(env: dict[str, str] | None) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items()
            if k not in ("ROADMAPGEN_TODAY", "NO_COLOR", "FORCE_COLOR", "ROADMAPGEN_DEBUG")}
    return {**base, **(env or {})}


@pytest.fixture
def run_cli():
    """run_cli(args, cwd, env=None) -> Result: `python -m roadmapgen args`
    in a subprocess, with ROADMAPGEN_TODAY unset unless `env` sets it."""

    def run(args: list[str], cwd: Path | str = REPO_ROOT, env: dict[str, str] | None = None) -> Result:
        done = subprocess.run(
            [sys.executable, "-m", "roadmapgen", *map(str, args)],
            cwd=cwd, env=_environment(env), capture_output=True, text=True, timeout=60,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def run_main(capsys, monkeypatch):
    """run_main(args, env=None) -> Result: roadmapgen.commands.cli.main in-process."""
    from roadmapgen.commands.cli import main

    def run(args: list[str], env: dict[str, str] | None = None) -> Result:
        monkeypatch.delenv("ROADMAPGEN_TODAY", raising=False)
        monkeypatch.delenv("ROADMAPGEN_DEBUG", raising=False)
        monkeypatch.delenv("FORCE_COLOR", raising=False)  # colour only where a test asks for it
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


@pytest.fixture
def check_json(run_main):
    """check_json(root, *flags, today=TODAY) -> (exit status, parsed JSON)."""

    def check(root: Path, *flags: str, today: str = TODAY) -> tuple[int, dict]:
        result = run_main(["check", root, "--format", "json", "--today", today, *flags])
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
        return result.code, result.json

    return check
