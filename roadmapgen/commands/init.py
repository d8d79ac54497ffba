"""`roadmapgen init`: write a starter roadmap for one of four situations.

The starters live as data files under `roadmapgen/commands/starters/<template>/`
(so they ship in the wheel). Dates in them are written as `{{+N}}`, meaning
"N days after the day init runs", so a freshly generated roadmap checks
clean on the day it is made and for the weeks after. `{{year+N}}` is a year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePosixPath

from roadmapgen import __version__
from roadmapgen.model import CONFIG_FILE

TEMPLATES = ("promotion", "career-change", "stall-recovery", "exploration")  # the first is the default

_TOKEN = re.compile(r"\{\{\s*(?:\+(\d+)|year\+(\d+)|year)\s*\}\}")

ROADMAP_TOML = """\
# Site settings for roadmapgen; every key is optional (see the format
# reference, section "roadmap.toml"). Unknown keys are reported by check.
output = "site"          # where `roadmapgen build` writes
theme = "default"
audience = "public"      # public | mentors | private
language = "en"
"""

GITIGNORE = """\
# The built site: `roadmapgen build` recreates it.
/site/
"""

# roadmapgen's repository (pyproject's Source URL): pre-commit installs the
# hook of its .pre-commit-hooks.yaml from there, at the release tag `rev` names.
REPOSITORY_URL = "https://github.com/roadmapgen/roadmapgen"

PRE_COMMIT = f"""\
# Run `roadmapgen check` before every commit (https://pre-commit.com).
# Install once with:  pip install pre-commit && pre-commit install
# pre-commit installs roadmapgen for the hook by itself, at the release `rev` names.
repos:
  - repo: {REPOSITORY_URL}
    rev: v{__version__}
    hooks:
      - id: roadmapgen-check
        # args: [--strict]   # fail on warnings too, not only on errors
"""

PAGES_WORKFLOW = """\
# Build the roadmap and publish it with GitHub Pages.
# In the repository settings, set Pages -> Source to "GitHub Actions".
name: roadmap

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: true

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install roadmapgen
      - run: roadmapgen check
      - run: roadmapgen build --audience public --out site
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

COMMON_FILES = {
    CONFIG_FILE: ROADMAP_TOML,
    ".gitignore": GITIGNORE,
    ".pre-commit-config.yaml": PRE_COMMIT,
    ".github/workflows/roadmap.yml": PAGES_WORKFLOW,
}


class InitError(Exception):
    """init cannot go on (a usage problem); nothing was written."""


@dataclass
class InitResult:
    template: str
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def expand(text: str, today: dt.date) -> str:
    """Replace `{{+N}}` with today + N days and `{{year}}`/`{{year+N}}` with years."""

    def one(match: re.Match) -> str:
        days, years = match.group(1), match.group(2)
        if days is not None:
            return (today + dt.timedelta(days=int(days))).isoformat()
        return str(today.year + int(years or 0))

    return _TOKEN.sub(one, text)


def starter_files(template: str, today: dt.date) -> dict[str, str]:
    """Every file of a starter, relative path -> text, dates filled in."""
    if template not in TEMPLATES:
        raise InitError(f"unknown template '{template}'; choose one of {', '.join(TEMPLATES)}")
    if today.year > dt.MAXYEAR - 10:  # the starter's as_of is today, and check refuses such an as_of
        raise InitError(f"today ({today.isoformat()}) is too close to the end of the calendar: a roadmap's "
                        f"10-years horizon must end by the year {dt.MAXYEAR}; pass an earlier --today")
    files = dict(COMMON_FILES)
    base = resources.files("roadmapgen.commands.starters").joinpath(template)

    def walk(node, prefix: PurePosixPath) -> None:
        for child in node.iterdir():
            rel = prefix / child.name
            if child.is_dir():
                walk(child, rel)
            elif child.name.endswith(".md"):
                files[str(rel)] = expand(child.read_text(encoding="utf-8"), today)

    walk(base, PurePosixPath())
    return dict(sorted(files.items()))


def init_site(root: Path, template: str, today: dt.date, force: bool = False) -> InitResult:
    files = starter_files(template, today)
    if root.exists() and not root.is_dir():
        raise InitError(f"'{root}' exists and is not a folder")
    if root.is_dir() and any(root.iterdir()) and not force:
        raise InitError(f"'{root}' is not empty; use --force to add the starter files "
                        "(existing files are never overwritten)")
    result = InitResult(template)
    for rel, text in files.items():
        target = root.joinpath(*PurePosixPath(rel).parts)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # "x": never overwrite, nor write through a link, even a dangling one
            with open(target, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            result.skipped.append(rel)
            continue
        except OSError as exc:
            raise InitError(f"cannot write '{target}': {exc.strerror or exc}") from None
        result.written.append(rel)
    return result
