"""`roadmapgen init`: write a starter roadmap for one of four situations.

The starters live as data files under `roadmapgen/commands/starters/<template>/`,
and the files every starter gets under `starters/common/`, so that they ship
in the wheel. Dates in them are written as `{{+N}}`, meaning
"N days after the day init runs", so a freshly generated roadmap checks
clean on the day it is made and for the weeks after. `{{year+N}}` is a year,
and `{{version}}` the version of roadmapgen that runs init (the Pages
workflow installs exactly that one).
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

_TOKEN = re.compile(r"\{\{\s*(?:\+(\d+)|year\+(\d+)|year|(version))\s*\}\}")

# The files every starter gets: where init writes each, and its data file
# under starters/common/ (named without a leading dot, so that none of them
# acts on the repository that holds it).
COMMON_FILES = {
    CONFIG_FILE: "roadmap.toml",
    ".gitignore": "gitignore",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/roadmap.yml": "pages-workflow.yml",
}


class InitError(Exception):
    """init cannot go on (a usage problem); nothing was written."""


@dataclass
class InitResult:
    template: str
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def expand(text: str, today: dt.date) -> str:
    """Replace `{{+N}}` with today + N days, `{{year}}`/`{{year+N}}` with
    years and `{{version}}` with roadmapgen's version."""

    def one(match: re.Match) -> str:
        days, years, version = match.groups()
        if version:
            return __version__
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
    starters = resources.files("roadmapgen.commands.starters")
    common = starters.joinpath("common")
    files = {rel: expand(common.joinpath(name).read_text(encoding="utf-8"), today)
             for rel, name in COMMON_FILES.items()}
    base = starters.joinpath(template)

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
