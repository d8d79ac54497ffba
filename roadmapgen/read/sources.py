"""The only reader of content files: finds every Markdown file under
`content/` and decodes it."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from roadmapgen.diagnostics import Diagnostic, Position, error
from roadmapgen.model import CONTENT_DIR

# Deeper than anyone files a roadmap, and shallow enough that every page's
# path stays far below the system's limits on path length.
MAX_FOLDER_DEPTH = 32


@dataclass(frozen=True, slots=True)
class Source:
    """A content file's path and its decoded text."""

    path: str  # relative to the site root, '/'-separated
    text: str


def _skipped(name: str) -> bool:
    # Hidden files and editors' swap and backup files are not content.
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".tmp"))


def printable_path(path: str) -> str:
    """A path as text that can be printed and written to UTF-8: bytes of a
    file name that is not UTF-8 are shown as \\xNN."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _content_entries(site_root: Path) -> tuple[list[str], list[Diagnostic]]:
    """The path under the site root, '/'-separated, of every Markdown file
    under content/ and every linked folder there, in the order of their
    UTF-8 bytes; and a finding for each name that is not UTF-8 (such a file
    or folder is not read)."""
    base = len(str(site_root)) + 1
    found, problems = [], []
    # A stack, not os.walk, whose recursion fails a thousand folders deep.
    pending = [(str(site_root / CONTENT_DIR), 0)]
    while pending:
        folder, depth = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if _skipped(entry.name):
                continue
            is_folder = entry.is_dir(follow_symlinks=False)
            # A link to a folder is listed too, for _read to report.
            linked_folder = entry.is_symlink() and os.path.isdir(entry.path)
            if not (is_folder or linked_folder or entry.name.endswith(".md")):
                continue
            path = entry.path[base:].replace(os.sep, "/")
            if path != printable_path(path):
                problems.append(error("bad-path", Position(printable_path(path), None, None),
                                      f"the {'folder' if is_folder else 'file'} name is not UTF-8 and was not read",
                                      "rename it with a UTF-8 name (letters, digits and '-' are safest)"))
            elif is_folder and depth >= MAX_FOLDER_DEPTH:
                problems.append(error("bad-path", Position(path, None, None),
                                      f"the folder is nested more than {MAX_FOLDER_DEPTH} folders deep in content/ "
                                      "and was not read", "move its files up into a shallower folder"))
            elif is_folder:
                pending.append((entry.path, depth + 1))
            else:
                found.append(path)
    return sorted(found, key=lambda path: path.encode("utf-8")), problems


def where_link_leads(site_root: Path, real: Path) -> str | None:
    """"outside the site" or "into .git" when `real` (a link's resolved
    target; `site_root` resolved) lies where no link may lead: out of the
    site root, or into its .git folder, where a CI checkout keeps its token."""
    if not real.is_relative_to(site_root):
        return "outside the site"
    if real.is_relative_to(site_root / ".git"):
        return "into .git"
    return None


def _escapes(path: str, site_root: Path, real: Path, what: str) -> Diagnostic | None:
    """A bad-path finding if `real` is where no link may lead (where_link_leads)."""
    place = where_link_leads(site_root, real)
    if place == "outside the site":
        return error("bad-path", Position(path, None, None), f"{what} to a place outside the site and was not read",
                     "copy it into the site instead of linking to it")
    if place:
        return error("bad-path", Position(path, None, None), f"{what} into .git and was not read",
                     "remove the link: nothing in .git belongs on a site")
    return None


def decode(path: str, data: bytes) -> tuple[str | None, Diagnostic | None]:
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, error(
            "bad-encoding", Position(path, line, column),
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
            "save the file as UTF-8; if it is not a Markdown file, rename it so it does not end in .md",
        )


def load_sources(site_root: Path) -> tuple[list[Source], list[Diagnostic]]:
    site_root = site_root.resolve()
    folder = site_root / CONTENT_DIR
    # content/ itself may be a link only to a folder inside the site.
    problem = folder.is_symlink() and _escapes(CONTENT_DIR, site_root, folder.resolve(), "content/ is a link")
    if problem:
        return [], [problem]
    entries, found = _content_entries(site_root)
    sources = []
    for path in entries:
        read = _read(site_root, path)
        (found if isinstance(read, Diagnostic) else sources).append(read)
    return sources, found


def _read(site_root: Path, path: str) -> Source | Diagnostic:
    """One file found under content/ (site_root resolved), or why it was not read."""
    file = site_root / path
    try:
        mode = os.lstat(file).st_mode
    except OSError as exc:
        return _unreadable(path, exc)
    if stat.S_ISLNK(mode):
        if file.is_dir():
            return error("bad-path", Position(path, None, None),
                         "the folder is a link and was not read",
                         "move or copy the folder into content/ instead of linking to it")
        try:
            real = file.resolve(strict=True)
        except (OSError, RuntimeError):  # a dangling link, or a loop (RuntimeError before 3.13)
            return error("bad-path", Position(path, None, None),
                         "the file is a link that leads nowhere (its target is missing, or links loop)",
                         "remove the link, or point it at a file inside the site")
        problem = _escapes(path, site_root, real, "the file is a link")
        if problem:
            return problem
        mode = os.stat(real).st_mode
    if not stat.S_ISREG(mode):  # a pipe, socket or device: reading it could wait forever
        return error("bad-path", Position(path, None, None),
                     "the file is not a regular file and was not read",
                     "move pipes, sockets and devices out of content/")
    try:
        data = file.read_bytes()
    except OSError as exc:
        return _unreadable(path, exc)
    text, problem = decode(path, data)
    return problem or Source(path, text)


def _unreadable(path: str, exc: OSError) -> Diagnostic:
    return error("bad-path", Position(path, None, None), f"the file cannot be read: {exc.strerror or exc}",
                 "check that the file exists and that you may read it")
