"""Local files: what a Markdown link or image in content/ names beside it
(`![me](me.svg)`), found so that `check` can say where a link leads
nowhere and the pages that show a link can publish the file next to them
(docs/format.md, "Local files and links"). Only `build` reads their bytes
(`read_contents`): `check`, in a pre-commit hook, need not read a roadmap's
media on every commit.

Only files in content/ are published, and a symbolic link only when it
stays inside the site and out of .git, as for content and static/ files.
Markdown (`.md` in any case, or a link to it) is never published this way:
a content file is a page, shown only to its audience.
"""

from __future__ import annotations

import os
import posixpath
import stat
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, Iterable, Mapping

from roadmapgen.model import CONTENT_DIR
from roadmapgen.read.sources import where_link_leads


@dataclass(frozen=True, slots=True)
class LocalFile:
    """A file a link names: where it really is, or why it is not published.
    `refused`: it is a link out of the site or into .git (an error, as
    for content files); `nearby`: the names beside a missing file, to
    suggest one."""

    real: Path | None = None
    problem: str = ""
    refused: bool = False
    nearby: tuple[str, ...] = ()


def in_content(path: str) -> bool:
    """Whether a normalised path from the site root lies in content/."""
    return path.startswith(f"{CONTENT_DIR}/")


def read_local_files(site_root: Path, paths: Iterable[str]) -> dict[str, LocalFile]:
    """Each path (from the site root, normalised) that lies in content/, found or refused."""
    root = site_root.resolve()
    listing = lru_cache(maxsize=None)(partial(_listing, site_root))  # each folder read once
    return {path: _read(site_root, root, path, listing) for path in sorted(set(paths)) if in_content(path)}


def is_markdown(path: str) -> bool:
    """Whether a file is Markdown, in any case: on a file system that
    ignores case, `secret.MD` opens the content file `secret.md`."""
    return path.lower().endswith(".md")


HIDDEN = "a hidden file (a name in its path starts with '.'), which is not published"


def _read(site_root: Path, root: Path, path: str, listing: Callable[[str], tuple[str, ...]]) -> LocalFile:
    if is_markdown(path):
        return LocalFile(problem="which is not a content file")
    if _hidden(path.split("/")):
        return LocalFile(problem=HIDDEN)
    if "\\" in path:  # on Windows, a folder separator: `sub\..\..\x` would climb
        return LocalFile(problem="a name with '\\' in it, which no site can hold (Windows reads folders)")
    file = site_root / path
    try:
        real = file.resolve(strict=True)
        mode = os.stat(real).st_mode
    except (OSError, RuntimeError, ValueError):  # missing, a dangling link or a loop, a NUL
        return LocalFile(problem="which does not exist", nearby=listing(posixpath.dirname(path)))
    place = where_link_leads(root, real)
    if place is not None:
        return LocalFile(problem=f"a link {place}, which is not published", refused=True)
    if stat.S_ISDIR(mode):
        return LocalFile(problem="which is a folder, not a file")
    if not stat.S_ISREG(mode):  # a pipe or device: reading it could wait forever
        return LocalFile(problem="which is not a regular file")
    if is_markdown(real.name):
        return LocalFile(problem="a link to a Markdown file, which is never copied")
    if _hidden(real.relative_to(root).parts):  # by another name: the site's .env
        return LocalFile(problem=f"a link to {HIDDEN}")
    if not os.access(real, os.R_OK):
        return LocalFile(problem="which cannot be read: permission denied")
    return LocalFile(real=real)


def publishable(files: Mapping[str, LocalFile]) -> frozenset[str]:
    """The paths of the files that a page may publish."""
    return frozenset(path for path, file in files.items() if file.real is not None)


def read_contents(files: Mapping[str, LocalFile], paths: Iterable[str]) -> dict[str, bytes]:
    """The bytes of each of `paths` (publishable files), by its path from the
    site root. Raises OSError when one can no longer be read."""
    return {path: files[path].real.read_bytes() for path in set(paths)}


def _hidden(parts: Iterable[str]) -> bool:
    return any(part.startswith(".") for part in parts)


def _listing(site_root: Path, folder: str) -> tuple[str, ...]:
    """The names of the files in `folder`, to suggest one for a missing file."""
    try:
        with os.scandir(site_root / folder) as listing:
            return tuple(sorted(e.name for e in listing if not e.name.startswith(".") and e.is_file()))
    except OSError:
        return ()
