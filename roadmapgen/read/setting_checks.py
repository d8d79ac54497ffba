"""The checks a setting's value must pass, in roadmap.toml or as a command
line flag: each returns the value or raises BadSetting. Kept apart from
`config` so that the command line loads no YAML reader to check its flags."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import quote

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
# An absolute URL, split into the parts each check looks at; `rest` is a query or fragment.
_URL = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?:(?P<user>[^/?#]*)@)?"
                  r"(?P<host>\[[0-9A-Fa-f:.]+\]|[^/?#:\[\]]*)(?::(?P<port>[^/?#]*))?(?P<path>[^?#]*)(?P<rest>.*)")
_HOST_NAME = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?")
# A host without the scheme before it: example.org/roadmap, localhost:8000
_BARE_HOST = re.compile(r"[A-Za-z0-9_-]+(?:(?:\.[A-Za-z0-9_-]+)+(?::[0-9]+)?|:[0-9]+)(?:/[^?#]*)?")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PAGE_NAME = re.compile(r".+\.html?", re.IGNORECASE)
# Every page's URL starts with the base URL, and a sitemap's are at most 2,048 characters.
MAX_BASE_URL = 1024
_EXAMPLE = '"https://example.com/roadmap/"'
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
_THEME_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")

# Each check raises BadSetting; `where` ends its message, naming the file a
# bad value was found in (a flag's is reported without).


def valid_base_url(value: str, where: str = "") -> str:
    """An absolute http(s) URL of a folder, without query, fragment, user or
    any character that could end the line or attribute it is written in;
    returned with its path's letters that are not ASCII percent-encoded, as
    every other URL the site writes is."""
    if value == "":
        return value
    hint = _base_url_fault(value)
    if hint:
        raise BadSetting(f"base_url {value!r} is not an absolute http(s) URL of a folder{where}", hint)
    url = _URL.fullmatch(value)
    return value[:url.start("path")] + quote(url["path"], safe="/%!$&()*+,;=:@-._~")


def _base_url_fault(value: str) -> str | None:
    """How to write `value` as a base URL, or None when it is one."""
    if _NOT_IN_URL.search(value):
        return f"write it as {_EXAMPLE}: no spaces, quotes or control characters"
    if len(value) > MAX_BASE_URL:
        return (f"keep it under {MAX_BASE_URL:,} characters: every URL in the sitemap starts with it, "
                "and a sitemap allows 2,048")
    url = _URL.fullmatch(value)
    if url is None or url["scheme"].lower() not in ("http", "https"):
        if _BARE_HOST.fullmatch(value):
            return f'start it with the scheme: "https://{value.rstrip("/")}/"'
        return f"a site is served over http:// or https://: write it as {_EXAMPLE}"
    origin = value[:url.start("path")]
    if url["user"] is not None:
        without = origin.replace(url["user"] + "@", "")
        return f'leave out the user name and password: "{without}{url["path"] or "/"}"'
    if url["rest"]:
        return f'leave out the query and fragment: "{origin}{url["path"] or "/"}"'
    host, port, path = url["host"], url["port"], url["path"]
    if not host.isascii():
        return "write the host in its ASCII form, as your domain registrar shows it (it starts with xn--)"
    if not (_is_ipv6(host) if host.startswith("[") else _HOST_NAME.fullmatch(host)):
        return f"give a host name, as in {_EXAMPLE}"
    if port is not None and not (port.isascii() and port.isdigit() and 0 < int(port) <= 65535):
        return 'a port is a number from 1 to 65535, as in "http://localhost:8000/roadmap/"'
    if _BAD_ESCAPE.search(path):
        return "a % starts an escape such as %20: write a % itself as %25"
    if any(part in (".", "..") for part in path.split("/")):
        return "write the folder's path without '.' or '..' in it"
    if _PAGE_NAME.fullmatch(path.rpartition("/")[2]):
        return f'name the folder the site is in, not a page of it: "{origin}{path.rpartition("/")[0]}/"'
    return None


def _is_ipv6(host: str) -> bool:
    """Whether `host` is an IPv6 address in brackets, as a URL writes it: [::1]."""
    try:
        ipaddress.IPv6Address(host[1:-1])
    except ValueError:
        return False
    return True


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
