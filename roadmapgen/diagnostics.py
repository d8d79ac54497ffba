"""Findings as data: every rule reports a Diagnostic; only the CLI prints them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterable, Literal

Severity = Literal["error", "warning"]

ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True, slots=True)
class Position:
    """Where something stands in a source file: 1-based line and column."""

    path: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: where, how bad, which rule (its stable code), what and a hint."""

    severity: Severity
    code: str
    path: str
    line: int | None
    column: int | None
    message: str
    hint: str = ""
    # Ids of the items the finding is about, so an audience filter can drop
    # findings that would reveal something hidden.
    subjects: tuple[str, ...] = field(default=(), compare=False)

    def as_json(self) -> dict:
        return {"severity": self.severity, "code": self.code, "file": self.path, "line": self.line,
                "column": self.column, "message": self.message, "hint": self.hint}


def error(code: str, at: Position, message: str, hint: str = "", subjects=()) -> Diagnostic:
    return Diagnostic(ERROR, code, at.path, at.line, at.column, message, hint, tuple(subjects))


def warning(code: str, at: Position, message: str, hint: str = "", subjects=()) -> Diagnostic:
    return Diagnostic(WARNING, code, at.path, at.line, at.column, message, hint, tuple(subjects))


def sort_diagnostics(found: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(found), key=lambda d: (d.path.encode(), d.line or 0, d.column or 0, d.code, d.message))


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a misspelt word, if any is close enough."""
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def suggestion(word: str, choices: Iterable[str]) -> str:
    """'; did you mean 'x'?' or nothing: appended to messages."""
    match = did_you_mean(word, choices)
    return f"; did you mean '{match}'?" if match else ""


def count(found: Iterable[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings)."""
    severities = [item.severity for item in found]
    errors = severities.count(ERROR)
    return errors, len(severities) - errors


# What a terminal would act on or hide rather than show: C0 and C1 controls
# (ESC and CSI start escape sequences), DEL, the line and paragraph
# separators, the bidi controls that reorder what is shown (Trojan Source),
# and lone surrogates (bytes of a file name that were not UTF-8).
_BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
_INVISIBLE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _shown(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the byte that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` safe to print on a terminal: every character a terminal would
    act on or hide is shown as a backslash escape (`\\x1b`, `\\u202e`)."""
    return _INVISIBLE.sub(_shown, text)


# json.dumps escapes C0 controls itself; a C0 match here would be the JSON's own layout.
_INVISIBLE_IN_JSON = re.compile(f"[{_BEYOND_C0}]")


def json_safe(text: str) -> str:
    """Text from json.dumps with the other such characters as `\\u` escapes:
    the same JSON value, printable. Outside strings JSON text is ASCII, so
    every match is a character of a string."""
    return _INVISIBLE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
