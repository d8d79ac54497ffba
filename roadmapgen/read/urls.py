"""Which URLs could run script when a browser follows or loads them: the
one rule that Markdown links and raw HTML attributes both obey."""

from __future__ import annotations

import re

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
