"""pre-commit: the repository offers a `roadmapgen-check` hook that
pre-commit installs by itself (`language: python`), and the
.pre-commit-config.yaml that `init` writes uses it at this version."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import tomllib

import pytest
import yaml

from support import REPO_ROOT

from roadmapgen import __version__
from roadmapgen.commands.init import starter_files

MANIFEST = REPO_ROOT / ".pre-commit-hooks.yaml"
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def hooks() -> dict[str, dict]:
    return {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}


def init_config() -> dict:
    return yaml.safe_load(starter_files("promotion", dt.date(2026, 11, 23))[".pre-commit-config.yaml"])


def test_the_manifest_offers_a_check_hook_pre_commit_can_install():
    hook = hooks()["roadmapgen-check"]
    assert {"id", "name", "entry", "language"} <= hook.keys()  # what pre-commit requires of a hook
    # pre-commit makes a virtualenv and pip-installs this repository into it:
    # the entry is then the console script pyproject declares, not one on PATH.
    assert hook["language"] == "python"
    command, *args = hook["entry"].split()
    assert command in PYPROJECT["project"]["scripts"] and args == ["check"]
    assert hook["pass_filenames"] is False  # check reads the whole roadmap, never single files
    assert not hook.get("always_run", False)


@pytest.mark.parametrize("path, runs", [
    ("content/index.md", True), ("content/reviews/2026-11-30-monthly.md", True), ("roadmap.toml", True),
    ("README.md", False), ("site/index.html", False), ("notes/content/x.md", False), ("roadmap.toml.bak", False),
])
def test_the_hook_runs_when_the_roadmap_changes(path, runs):
    assert bool(re.search(hooks()["roadmapgen-check"]["files"], path)) is runs


def test_init_points_pre_commit_at_this_repository_and_release():
    (repo,) = init_config()["repos"]
    assert repo["repo"] == PYPROJECT["project"]["urls"]["Source"]
    assert repo["rev"] == f"v{__version__}"
    assert [hook["id"] for hook in repo["hooks"]] == ["roadmapgen-check"]
    assert set(repo["hooks"][0]) == {"id"}  # everything else comes from the manifest


@pytest.fixture
def pre_commit():
    pytest.importorskip("pre_commit", reason="pre-commit validates with its own schema: pip install pre-commit")

    def run(*args) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pre_commit", *map(str, args)], capture_output=True,
                              text=True, timeout=120)

    return run


def test_pre_commit_accepts_the_manifest(pre_commit):
    done = pre_commit("validate-manifest", MANIFEST)
    assert done.returncode == 0, done.stdout + done.stderr


def test_pre_commit_accepts_the_config_init_writes(pre_commit, tmp_path, run_main):
    assert run_main(["init", tmp_path, "--today", "2026-11-23"]).code == 0
    done = pre_commit("validate-config", tmp_path / ".pre-commit-config.yaml")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("doc", ["README.md", "docs/serve-and-init.md"])
def test_the_docs_show_the_config_init_writes(doc):
    text = (REPO_ROOT / doc).read_text(encoding="utf-8")
    (repo,) = init_config()["repos"]
    assert f"repo: {repo['repo']}" in text
    assert re.findall(r"rev: (\S+)", text) == [repo["rev"]]
