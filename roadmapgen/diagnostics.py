"""Findings as data: every rule reports a Diagnostic; only the CLI prints them."""

from __future__ import annotations

from dataclasses import field
from typing import Iterable, Literal

from roadmapgen.records import record

Severity = Literal["error", "warning"]

ERROR: Severity = "error"
WARNING: Severity = "warning"


@record
class Position:
    """Where something stands in a source file: 1-based line and column."""

    path: str
    line: int | None = None
    column: int | None = None


@record
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

    @property
    def sort_key(self) -> tuple:
        return (
            self.path.encode(),
            self.line or 0,
            self.column or 0,
            self.code,
            self.message,
        )

    def as_json(self) -> dict:
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


def diagnostic(
    severity: Severity,
    code: str,
    at: Position,
    message: str,
    hint: str = "",
    subjects: Iterable[str] = (),
) -> Diagnostic:
    return Diagnostic(
        severity, code, at.path, at.line, at.column, message, hint, tuple(subjects)
    )


def error(code: str, at: Position, message: str, hint: str = "", subjects=()) -> Diagnostic:
    return diagnostic(ERROR, code, at, message, hint, subjects)


def warning(code: str, at: Position, message: str, hint: str = "", subjects=()) -> Diagnostic:
    return diagnostic(WARNING, code, at, message, hint, subjects)


def sort_diagnostics(found: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(found), key=lambda d: d.sort_key)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a misspelt word, if any is close enough."""
    import difflib  # only for a finding: not at start-up

    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def suggestion(word: str, choices: Iterable[str]) -> str:
    """'; did you mean 'x'?' or nothing: appended to messages."""
    match = did_you_mean(word, choices)
    return f"; did you mean '{match}'?" if match else ""


def count(found: Iterable[Diagnostic]) -> tuple[int, int]:
    errors = warnings = 0
    for item in found:
        if item.severity == ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings
