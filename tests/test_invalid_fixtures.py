"""Every minimal broken site under tests/fixtures/invalid/<case>/ is checked
with `roadmapgen check --format json`, and must report what its
expected.json says. A few of the nastiest also go through a real
`python -m roadmapgen` subprocess, to see its stderr.

A case folder holds a whole site (`content/...`, maybe `roadmap.toml`) that
is clean except for one thing, and `expected.json`:

    {
      "code": "unknown-ref",               # the finding that must be there...
      "file": "content/next-30-days.md",   # ...in this file ('/'-separated)...
      "line": 8,                           # ...at this line (null: no line)
      "today": "2026-11-25",               # optional; default support.TODAY
      "message": "did you mean 'x'",       # optional; part of its message
      "also": ["no-next-step"]             # optional; other codes the break causes
    }

Besides the expected finding, every finding's code must be the expected one
or listed in `also`, so a fixture cannot pass while broken in a second,
unintended way. The exit status is 1 when the expected finding is an error
and 0 when it is a warning (a warning-only case has no errors at all).
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from support import FIXTURES, TODAY, Result

from roadmapgen.commands.cli import main

CASES = sorted(path for path in (FIXTURES / "invalid").iterdir() if path.is_dir())
WARNING_CODES = {
    "unknown-field", "empty-file", "orphan", "no-next-step", "gap-unaddressed", "contact-overdue",
    "vague-30-days", "overdue", "review-overdue", "stale-plan", "window-passed",
}


def expected_of(case: Path) -> dict:
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))


def _check(case: Path) -> Result:
    """`roadmapgen check <case> --format json` through the CLI's main, in
    this process (a hundred interpreter start-ups would dominate the suite).
    A crash cannot hide: an exception escaping main fails the test, and one
    main catches is an "internal error" on stderr and exit status 3."""
    today = expected_of(case).get("today", TODAY)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", str(case), "--format", "json", "--today", today])
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def checked() -> dict[str, Result]:
    return {case.name: _check(case) for case in CASES}


def test_there_are_at_least_40_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_invalid_site(case: Path, checked):
    expected = expected_of(case)
    result = checked[case.name]

    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr == "", result.stderr
    report = json.loads(result.stdout)
    findings = report["findings"]
    at = [f for f in findings if (f["code"], f["file"], f["line"]) == (expected["code"], expected["file"], expected["line"])]
    assert at, f"no {expected['code']} at {expected['file']}:{expected['line']} in\n{json.dumps(findings, indent=1)}"
    if "message" in expected:
        assert any(expected["message"] in f["message"] for f in at), [f["message"] for f in at]

    allowed = {expected["code"], *expected.get("also", ())}
    unexpected = [f for f in findings if f["code"] not in allowed]
    assert not unexpected, f"findings the fixture does not expect: {json.dumps(unexpected, indent=1)}"
    for code in expected.get("also", ()):
        assert any(f["code"] == code for f in findings), f"'also' lists {code}, which is not reported"

    is_warning = expected["code"] in WARNING_CODES
    assert at[0]["severity"] == ("warning" if is_warning else "error")
    assert result.code == (0 if is_warning else 1), result.stdout
    if is_warning:
        assert report["errors"] == 0


# The ones whose failure would show only in a real process: memory (an
# alias bomb), the recursion limit (deep nesting), undecodable bytes.
# test_invalid_site checks every case in this process.
@pytest.mark.parametrize("name", ["alias-bomb", "binary-named-md", "nesting-deeper-than-50"])
def test_invalid_site_in_a_subprocess(name, run_cli):
    case = FIXTURES / "invalid" / name
    expected = expected_of(case)
    result = run_cli(["check", "--format", "json", "--today", expected.get("today", TODAY)], cwd=case)
    assert "Traceback" not in result.stderr and result.stderr == ""
    assert result.code == 1
    assert (expected["code"], expected["file"], expected["line"]) in [
        (f["code"], f["file"], f["line"]) for f in json.loads(result.stdout)["findings"]]
