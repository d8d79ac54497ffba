"""Constants and plain helpers shared by the tests (fixtures live in
conftest.py). Imported as `support`: pytest puts tests/ on sys.path."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The "today" every test uses unless it says otherwise: nine days after the
# minimal site's as_of, so nothing is overdue and no review is due.
TODAY = "2026-11-10"

MINIMAL_ROOT = """\
---
kind: roadmap
title: Test roadmap
owner: Tess Tester
as_of: 2026-11-01
target:
  role: Staff Engineer
---

The introduction.
"""
MINIMAL_30_DAYS = """\
---
kind: plan
horizon: 30-days
items:
  - id: first-step
    title: First step
    due: 2026-11-20
    serves: year-goal
---
"""
MINIMAL_YEAR = """\
---
kind: plan
horizon: year
items:
  - id: year-goal
    title: Year goal
    serves: target
---
"""
# Lines in the files above that tests point at.
ROOT_AS_OF_LINE = 5
MINIMAL_SITE = {
    "content/index.md": MINIMAL_ROOT,
    "content/next-30-days.md": MINIMAL_30_DAYS,
    "content/year-1.md": MINIMAL_YEAR,
}


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> dict:
        return json.loads(self.stdout)


def write_files(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write `files` under `root`; a None value removes that file."""
    for relative, data in files.items():
        path = root / relative
        if data is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            # newline="" keeps '\r\n' as written, for tests about line endings.
            with open(path, "w", encoding="utf-8", newline="") as out:
                out.write(data)
    return root


def findings(report: dict, code: str | None = None) -> list[dict]:
    return [f for f in report["findings"] if code is None or f["code"] == code]


def where(report: dict, code: str) -> list[tuple[str, int | None]]:
    """(file, line) of every finding with `code`."""
    return [(f["file"], f["line"]) for f in findings(report, code)]
