"""Which URLs could run script when a browser follows or loads them: the
one rule that Markdown links and raw HTML attributes both obey; and where
a relative URL in a content file leads (local files and links)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

# Browsers drop ASCII tab and newline anywhere in a URL and leading C0
# controls and spaces; compare what the browser would see.
IGNORED = re.compile(r"[\x00-\x20\x7f]+")
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "livescript:")
_SAFE_DATA = re.compile(r"data:image/(png|gif|jpeg|webp|avif);", re.IGNORECASE)


def dangerous_url(value: str) -> bool:
    """True if a URL (already free of character references) could run script."""
    url = IGNORED.sub("", value).lower()
    if url.startswith(SCRIPT_SCHEMES):
        return True
    return url.startswith("data:") and not _SAFE_DATA.match(url)


# A scheme (`https:`, `mailto:`): a URL with one leads off the site.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class LocalTarget:
    """Where a relative URL in a content file leads: `path` from the site
    root, '/'-separated and percent-decoded ("content/notes/me.svg"; it may
    lie outside content/), and the URL's own `?query` and `#fragment`
    (with their `?` and `#`, as written)."""

    path: str
    query: str
    fragment: str


def is_local(url: str) -> bool:
    """Whether a URL in a content file names a local file (its place aside)."""
    return local_target("", url) is not None


def local_target(source: str, url: str) -> LocalTarget | None:
    """Where `url`, written in the file `source` (from the site root), leads;
    None when it is not a local reference: it has a scheme, starts with
    `/` or `#`, or names no path."""
    if not url or url.startswith(("/", "#", "\\")) or _SCHEME.match(url):
        return None
    rest, hash_, fragment = url.partition("#")
    path, question, query = rest.partition("?")
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(path)))
    return LocalTarget(joined, question + query, hash_ + fragment)
