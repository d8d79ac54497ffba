"""Site settings from `roadmap.toml` (all optional), validated as a whole by
the same field machinery as front matter: each setting is declared once, in
`Settings`, with its default, its type, the check its value must pass and
what it is for."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Callable

from roadmapgen.diagnostics import Diagnostic, Position, error, suggestion, visible
from roadmapgen.model import CONFIG_FILE, VISIBILITIES
from roadmapgen.read import fields as f
from roadmapgen.read.frontmatter import Mapping, Node, Scalar, Sequence
from roadmapgen.read.sources import decode


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

# Each check raises BadSetting; `where` ends its message, naming the file a
# bad value was found in (a flag's is reported without).


def valid_base_url(value: str, where: str = "") -> str:
    """An absolute http(s) URL of a folder, without query, fragment, user or
    any character that could end the line or attribute it is written in."""
    if value == "":
        return value
    match = _URL.fullmatch(value)
    if _NOT_IN_URL.search(value) or not match or int(match.group("port") or 0) > 65535:
        raise BadSetting(f"base_url {value!r} is not an absolute http(s) URL of a folder{where}",
                         'write it as "https://example.com/roadmap/": no spaces, quotes, query or fragment')
    return value


def valid_language(value: str, where: str = "") -> str:
    if not _LANGUAGE.fullmatch(value):
        raise BadSetting(f"language {value!r} is not a language tag{where}",
                         'write a tag such as "en", "de" or "pt-BR"')
    return value


def valid_theme(value: str, where: str = "") -> str:
    if not _THEME_NAME.fullmatch(value):
        raise BadSetting(f"theme {value!r} is not a theme name{where}",
                         "a theme is named by a built-in theme or a folder under themes/: letters, digits, '-', '_'")
    return value


def valid_output(value: str, where: str = "") -> str:
    """A folder inside the site: a cloned repository's settings may not
    point a build at a folder elsewhere on the user's disk."""
    parts = re.split(r"[/\\]", value)
    if not value.strip() or visible(value) != value or value.startswith(("/", "\\")) \
            or re.match(r"[A-Za-z]:", value) or ".." in parts:
        raise BadSetting(f"output {value!r} is not a folder inside the site{where}",
                         'write a relative folder such as "site"; use --out to build elsewhere')
    return value


def valid_audience(value: str, where: str = "") -> str:
    if value not in VISIBILITIES:
        raise BadSetting(f"'{value}' is not an audience{where}{suggestion(value, VISIBILITIES)}",
                         f"use one of: {', '.join(VISIBILITIES)}")
    return value


@dataclass(frozen=True, slots=True)
class Setting:
    """The field type of a setting: a TOML string that `valid` checks, or
    (without `valid`) true or false."""

    description: str
    valid: Callable[[str, str], str] | None = None

    def read(self, name: str, node: Node) -> str | bool:
        if not isinstance(node, Scalar) or node.tag != ("str" if self.valid else "bool"):
            kind, example = ("a string in quotes", '"..."') if self.valid else ("true or false", "false")
            raise f.bad(node.pos, f"'{name}' in {CONFIG_FILE} must be {kind}", f"write {name} = {example}")
        if not self.valid:
            return node.text == "true"
        try:
            return self.valid(node.text, f" in {CONFIG_FILE}")
        except BadSetting as exc:
            raise f.bad(node.pos, str(exc), exc.hint) from None


def _setting(default: str | bool, description: str, valid: Callable[[str, str], str] | None = None):
    return field(default=default, metadata={"type": Setting(description, valid)})


@dataclass(frozen=True, slots=True)
class Settings:
    """roadmap.toml, with the defaults of what it leaves out."""

    output: str = _setting("site", "the folder `build` writes to, inside the site", valid_output)
    theme: str = _setting("default", "a built-in theme, or a folder under themes/", valid_theme)
    base_url: str = _setting("", "the absolute URL the site will live at (feeds, calendar, sitemap)",
                             valid_base_url)
    audience: str = _setting("public", "who a build is for, unless --audience is given", valid_audience)
    language: str = _setting("en", "the site's language tag (BCP 47)", valid_language)
    allow_html: bool = _setting(False, "raw HTML in Markdown is escaped unless true; then it is sanitised")

    def override(self, **flags) -> "Settings":
        return replace(self, **{k: v for k, v in flags.items() if v is not None})


_SETTINGS = {each.name: each.metadata["type"] for each in fields(Settings)}


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


def _entry(text: str, key: str, value: object) -> tuple[Scalar, Node]:
    """A top-level TOML key and value as front matter's nodes, both placed at
    the key. No setting nests, so a table or an array is only told apart."""
    at = _line_of_key(text, key)
    if isinstance(value, dict):
        node = Mapping((), at)
    elif isinstance(value, list):
        node = Sequence((), at)
    else:
        tag = {bool: "bool", str: "str", int: "int", float: "float"}.get(type(value), "timestamp")
        node = Scalar(str(value).lower() if tag == "bool" else str(value), tag, at)
    return Scalar(key, "str", at), node


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
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        if match:
            line, column = int(match.group(1)), int(match.group(2))
        else:  # "(at end of document)": the last line
            line, column = max(1, text.count("\n") + (0 if text.endswith("\n") else 1)), None
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
    entries = tuple(_entry(text, key, value) for key, value in data.items())
    read = f.Fields(Mapping(entries, Position(CONFIG_FILE, 1, 1)), _SETTINGS, (), found, CONFIG_FILE,
                    noun="setting", code="bad-config")
    return Settings(**read.values), found
