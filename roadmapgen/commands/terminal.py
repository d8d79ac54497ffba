"""What the command line prints: findings as text (in colour on a terminal)
or JSON, and messages with anything a terminal would act on escaped."""

from __future__ import annotations

import json
import os
import sys

from roadmapgen.diagnostics import ERROR, count, json_safe, visible


def use_colour(stream) -> bool:
    """Colour on a terminal. As CPython and pytest decide: a non-empty
    NO_COLOR turns it off (no-color.org: an empty one does not count), else a
    non-empty FORCE_COLOR turns it on even in a pipe or file, else it is on
    when the stream is a terminal whose TERM is not "dumb"."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def say(text: object, stream=None) -> None:
    """Print one message that may hold content or a path: what a terminal
    would act on (escape sequences, bidi controls) is shown escaped."""
    print(visible(str(text)), file=stream or sys.stdout)


def say_error(message: object) -> None:
    """The error a command stops on, on stderr."""
    say(f"roadmapgen: error: {message}", sys.stderr)


def visible_diff(diff: str) -> str:
    """A diff safe to print: each line shown as `say` would, line breaks kept."""
    return "\n".join(visible(line) for line in diff.split("\n"))


def format_text(diagnostics, colour: bool) -> str:
    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if colour else text

    lines = []
    for d in diagnostics:
        where = visible(d.path) + "".join(f":{n}" for n in (d.line, d.column) if n is not None)
        severity = paint(d.severity, "1;31" if d.severity == ERROR else "1;33")
        lines.append(f"{paint(where, '1')}: {severity}[{visible(d.code)}]: {visible(d.message)}")
        if d.hint:
            lines.append(f"  {paint('hint', '36')}: {visible(d.hint)}")
    errors, warnings = count(diagnostics)
    if errors or warnings:
        lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    else:
        lines.append("no findings")
    return "\n".join(lines)


def format_json(diagnostics) -> str:
    errors, warnings = count(diagnostics)
    return json_safe(json.dumps({"findings": [d.as_json() for d in diagnostics], "errors": errors,
                                 "warnings": warnings}, indent=2, ensure_ascii=False))


def warn(diagnostics) -> None:
    """Findings beside a command's own output: on stderr."""
    if diagnostics:
        print(format_text(diagnostics, use_colour(sys.stderr)), file=sys.stderr)
