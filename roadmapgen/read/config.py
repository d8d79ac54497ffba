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

from roadmapgen.diagnostics import Diagnostic, Position, error
from roadmapgen.model import CONFIG_FILE
from roadmapgen.read import fields as f
from roadmapgen.read.frontmatter import Mapping, Node, Scalar, Sequence
from roadmapgen.read.setting_checks import (
    BadSetting, valid_audience, valid_base_url, valid_language, valid_output, valid_theme,
)
from roadmapgen.read.sources import decode


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
    encrypt: bool = _setting(False, "build the mentors' and private editions encrypted, to be unlocked with a "
                                    "passphrase (docs/sharing.md)")

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
