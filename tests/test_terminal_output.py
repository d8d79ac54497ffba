"""What the CLI prints is safe on a terminal: escape sequences, other control
characters and bidi controls from content or paths are shown as escapes, in
every command's messages; `--format json` stays exact JSON."""

from __future__ import annotations

import json

import pytest

from roadmapgen.commands.terminal import format_text
from roadmapgen.diagnostics import Diagnostic, json_safe, visible

CLEAR = "\x1b[2J"  # clears the screen
TITLE = "\x1b]0;pwned\x07"  # sets the window title
CSI8 = "\x9b31m"  # an 8-bit CSI, red
RLO = "\u202e"  # right-to-left override: shows 'txt.exe' as 'exe.txt'
RAW = (CLEAR, TITLE, "\x1b", "\x07", "\x9b", RLO, "\u2066", "\r", "\x00")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's): the YAML reader refuses raw controls."""
    return json.dumps(text)


CR_NAME = f"cr\r{CSI8}"
BAD_PLAN = f"""\
---
kind: plan
horizon: year
items:
  - id: {q(f"bad{CLEAR}id")}
    title: Year goal
    serves: {q(f"tar{RLO}get")}
  - id: year-goal
    title: Year goal
    serves: target
---
"""
BAD_REVIEW = f"""\
---
kind: {q(f"rev{TITLE}iew")}
---
"""
BAD_RATINGS = f"""\
---
kind: review
date: 2026-11-05
type: monthly
ratings:
  {q(CR_NAME)}: 11
---
"""


def assert_no_raw_controls(text: str) -> None:
    for raw in RAW:
        assert raw not in text, (raw, text)


@pytest.fixture
def hostile_site(minimal_site):
    return minimal_site({"content/year-1.md": BAD_PLAN, f"content/notes/{CLEAR}{RLO}txt.md": BAD_REVIEW,
                         "content/reviews/r.md": BAD_RATINGS})


def test_check_text_shows_control_characters_escaped(hostile_site, run_main):
    result = run_main(["check", hostile_site, "--today", "2026-11-10"])
    assert result.code == 1
    assert_no_raw_controls(result.stdout + result.stderr)
    out = result.stdout
    assert "bad\\x1b[2Jid" in out  # an id
    assert "content/notes/\\x1b[2J\\u202etxt.md" in out  # a file name
    assert "rev\\x1b]0;pwned\\x07iew" in out  # a kind
    assert "cr\\r\\x9b31m" in out  # a rating name
    assert all(line.startswith(("content/", "  hint:")) for line in out.splitlines()[:-1]), out


def test_check_json_stays_exact(hostile_site, run_main):
    result = run_main(["check", hostile_site, "--today", "2026-11-10", "--format", "json"])
    assert result.code == 1
    assert_no_raw_controls(result.stdout)
    report = json.loads(result.stdout)
    files = {f["file"] for f in report["findings"]}
    messages = " ".join(f["message"] for f in report["findings"])
    assert f"content/notes/{CLEAR}{RLO}txt.md" in files
    assert f"bad{CLEAR}id" in messages and f"rev{TITLE}iew" in messages and CR_NAME in messages


def test_build_failure_shows_control_characters_escaped(hostile_site, run_main, tmp_path):
    result = run_main(["build", hostile_site, "--out", tmp_path / "out", "--today", "2026-11-10"])
    assert result.code == 1
    assert_no_raw_controls(result.stdout + result.stderr)
    assert "bad\\x1b[2Jid" in result.stderr


def test_build_success_shows_its_output_path_escaped(minimal_site, run_main, tmp_path):
    result = run_main(["build", minimal_site(), "--out", tmp_path / f"out{CLEAR}{RLO}", "--today", "2026-11-10"])
    assert result.code == 0, result.stderr
    assert_no_raw_controls(result.stdout + result.stderr)
    assert "out\\x1b[2J\\u202e" in result.stdout


def test_init_and_new_show_paths_escaped(tmp_path, run_main):
    site = tmp_path / f"site{TITLE}"
    result = run_main(["init", site, "--today", "2026-11-10"])
    assert result.code == 0, result.stderr
    assert_no_raw_controls(result.stdout + result.stderr)
    assert "site\\x1b]0;pwned\\x07" in result.stdout
    empty = tmp_path / f"empty{CLEAR}"
    empty.mkdir()
    result = run_main(["new", "review", empty, "--today", "2026-11-10"])
    assert result.code == 1
    assert_no_raw_controls(result.stdout + result.stderr)
    assert "empty\\x1b[2J" in result.stderr


def test_usage_errors_show_paths_escaped(tmp_path, run_main):
    result = run_main(["check", tmp_path / f"nowhere{CLEAR}"])
    assert result.code == 2
    assert_no_raw_controls(result.stderr)
    assert "nowhere\\x1b[2J" in result.stderr


def test_colour_codes_are_ours_only():
    found = Diagnostic("error", "bad-field", f"content/{CLEAR}.md", 1, 1, f"msg {CLEAR}", f"hint {RLO}")
    text = format_text([found], colour=True)
    assert "\x1b[1m" in text  # our own colours stay
    assert CLEAR not in text and RLO not in text
    assert "content/\\x1b[2J.md" in text and "msg \\x1b[2J" in text and "hint \\u202e" in text


@pytest.mark.parametrize(("raw", "shown"), [
    ("\x1b[2J", "\\x1b[2J"), ("a\tb\nc\rd", "a\\tb\\nc\\rd"), ("\x7f\x85\x9b", "\\x7f\\x85\\x9b"),
    ("\u202a\u202e\u2066\u2069\u200f\u061c", "\\u202a\\u202e\\u2066\\u2069\\u200f\\u061c"),
    ("\u2028\u2029", "\\u2028\\u2029"), ("caf\xe9 \u2014 \U0001F600", "caf\xe9 \u2014 \U0001F600"),
    ("name\udcff.md", "name\\xff.md"),  # a byte that was not UTF-8 (surrogateescape)
    ("back\\slash", "back\\slash"),
])
def test_visible(raw, shown):
    assert visible(raw) == shown


def test_json_safe_keeps_the_value():
    value = {"k": "".join(RAW) + "\x7f\x85\u2028\udcff é", "n": [1, 2]}
    text = json_safe(json.dumps(value, ensure_ascii=False, indent=2))
    assert json.loads(text) == value
    assert_no_raw_controls(text)
    assert "\x85" not in text and "\u2028" not in text and "é" in text
