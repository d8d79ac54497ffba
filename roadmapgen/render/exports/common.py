"""Helpers the exports share."""

from __future__ import annotations

import re
from urllib.parse import quote

# The control characters HTML and XML forbid, and line breaks but LF.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def one_line(text: str) -> str:
    """A title or name as one line: line breaks and other control
    characters become spaces, runs of spaces one space."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", str(text)).split())


def plain(text: str) -> str:
    """Longer text with control characters (other than newlines and tabs) removed."""
    return CONTROL_CHARACTERS.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


def absolute(base_url: str, path: str) -> str:
    """`path` (from the site root, maybe with #anchor) under `base_url`."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    path, _, anchor = path.partition("#")
    url = base + quote(path)
    return f"{url}#{anchor}" if anchor else url
