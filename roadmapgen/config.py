"""Site settings from `roadmap.toml` (all optional), validated as a whole."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from roadmapgen.diagnostics import Diagnostic, Position, error, suggestion, warning
from roadmapgen.model import VISIBILITIES
from roadmapgen.sources import decode

CONFIG_FILE = "roadmap.toml"


@dataclass(frozen=True)
class Settings:
    """roadmap.toml, with the defaults of what it leaves out."""

    output: str = "site"
    theme: str = "default"
    base_url: str = ""
    audience: str = "public"
    language: str = "en"
    allow_html: bool = False

    def override(self, **flags) -> "Settings":
        return replace(self, **{k: v for k, v in flags.items() if v is not None})


_TYPES = {"output": str, "theme": str, "base_url": str, "audience": str, "language": str, "allow_html": bool}


def _line_of_key(text: str, key: str) -> Position:
    """Where a top-level key is written: `key = ...`, `"key" = ...`,
    `key.sub = ...`, or a table header `[key]` / `[[key]]` / `[key.sub]`."""
    name = re.escape(key)
    match = re.search(rf"^[ \t]*(?:\[\[?[ \t]*)?(?P<key>{name}|\"{name}\"|'{name}')[ \t]*[=.\]]", text, re.MULTILINE)
    if not match:
        return Position(CONFIG_FILE, None, None)
    start = match.start("key")
    line = text.count("\n", 0, start) + 1
    return Position(CONFIG_FILE, line, start - (text.rfind("\n", 0, start) + 1) + 1)


def load_settings(site_root: Path) -> tuple[Settings, list[Diagnostic]]:
    file = site_root / CONFIG_FILE
    if not file.is_file():
        return Settings(), []
    import tomllib  # only when there is a roadmap.toml: its import costs more than a check from the cache

    try:
        text, problem = decode(CONFIG_FILE, file.read_bytes())
        if problem:
            return Settings(), [replace(problem, message="roadmap.toml is not UTF-8 text", hint="save roadmap.toml as UTF-8")]
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        if match and line is None:
            line, column = int(match.group(1)), int(match.group(2))
        elif line is None:  # "(at end of document)": the last line
            line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        return Settings(), [error("bad-config", Position(CONFIG_FILE, line, column),
                                  f"roadmap.toml is not valid TOML: {message}",
                                  "check quotes and '=' signs; strings need quotes: theme = \"default\"")]
    except OSError as exc:
        return Settings(), [error("bad-config", Position(CONFIG_FILE, None, None),
                                  f"roadmap.toml cannot be read: {exc.strerror or exc}", "check its permissions")]
    found: list[Diagnostic] = []
    values = {}
    for key, value in data.items():
        at = _line_of_key(text, key)
        if key not in _TYPES:
            found.append(warning("unknown-field", at, f"unknown setting '{key}' in roadmap.toml{suggestion(key, _TYPES)}",
                                 f"known settings: {', '.join(_TYPES)}"))
            continue
        if not isinstance(value, _TYPES[key]):
            kind = "true or false" if _TYPES[key] is bool else "a string in quotes"
            found.append(error("bad-config", at, f"'{key}' in roadmap.toml must be {kind}", f"write {key} = {'false' if _TYPES[key] is bool else chr(34) + '...' + chr(34)}"))
            continue
        if key == "audience" and value not in VISIBILITIES:
            found.append(error("bad-config", at, f"'{value}' is not an audience{suggestion(value, VISIBILITIES)}",
                               f"use one of: {', '.join(VISIBILITIES)}"))
            continue
        if key == "base_url" and value and not re.match(r"https?://[^\s/]+", value):
            found.append(error("bad-config", at, f"base_url '{value}' is not an absolute http(s) URL",
                               "write base_url = \"https://example.com/roadmap/\""))
            continue
        values[key] = value
    return Settings(**values), found
