"""Site settings from `roadmap.toml` (all optional), validated as a whole."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from roadmapgen.diagnostics import Diagnostic, Position, error, suggestion, visible, warning
from roadmapgen.model import VISIBILITIES
from roadmapgen.read.sources import decode

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


class BadSetting(ValueError):
    """A setting's value that must not reach the site; the message says why
    and the hint how to write it."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


# A URL character no site address needs, and which could break out of the
# line, attribute or element it is written into: controls, spaces and line
# separators of any script, quotes and angle brackets.
_NOT_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff"
                         r"\"'<>\\^`{|}]")
_URL = re.compile(r"https?://(?:[^/?#@:\[\]]+|\[[0-9a-f:.]+\])(?::(?P<port>\d{1,5}))?(?:/[^?#]*)?", re.IGNORECASE)
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
_THEME_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def valid_base_url(value: str) -> str:
    """An absolute http(s) URL of a folder, without query, fragment, user or
    any character that could end the line or attribute it is written in."""
    if value == "":
        return value
    match = _URL.fullmatch(value)
    if _NOT_IN_URL.search(value) or not match or int(match.group("port") or 0) > 65535:
        raise BadSetting(f"base_url {value!r} is not an absolute http(s) URL of a folder",
                         'write it as "https://example.com/roadmap/": no spaces, quotes, query or fragment')
    return value


def valid_language(value: str) -> str:
    if not _LANGUAGE.fullmatch(value):
        raise BadSetting(f"language {value!r} is not a language tag", 'write a tag such as "en", "de" or "pt-BR"')
    return value


def valid_theme(value: str) -> str:
    if not _THEME_NAME.fullmatch(value):
        raise BadSetting(f"theme {value!r} is not a theme name",
                         "a theme is named by a built-in theme or a folder under themes/: letters, digits, '-', '_'")
    return value


def valid_output(value: str) -> str:
    """A folder inside the site: a cloned repository's settings may not
    point a build at a folder elsewhere on the user's disk."""
    parts = re.split(r"[/\\]", value)
    if not value.strip() or visible(value) != value or value.startswith(("/", "\\")) \
            or re.match(r"[A-Za-z]:", value) or ".." in parts:
        raise BadSetting(f"output {value!r} is not a folder inside the site",
                         'write a relative folder such as "site"; use --out to build elsewhere')
    return value


_CHECKS = {"base_url": valid_base_url, "language": valid_language, "theme": valid_theme, "output": valid_output}
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
    except RecursionError:  # tomllib recurses into nested arrays and tables
        return Settings(), [error("bad-config", Position(CONFIG_FILE, None, None),
                                  "roadmap.toml nests arrays or tables too deeply to read",
                                  "roadmap.toml needs only plain settings such as theme = \"default\"")]
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
        if key in _CHECKS:
            try:
                _CHECKS[key](value)
            except BadSetting as exc:
                found.append(error("bad-config", at, f"{exc} in roadmap.toml", exc.hint))
                continue
        values[key] = value
    return Settings(**values), found
