"""The checks a setting's value must pass, in roadmap.toml or as a command
line flag: each returns the value or raises BadSetting. Kept apart from
`config` so that the command line loads no YAML reader to check its flags."""

from __future__ import annotations

import re

from roadmapgen.diagnostics import suggestion, visible
from roadmapgen.model import VISIBILITIES


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
