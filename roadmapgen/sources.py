"""The only reader of content files: finds every Markdown file under
`content/` and decodes it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from roadmapgen.diagnostics import Diagnostic, Position, error

CONTENT_DIR = "content"


@dataclass(frozen=True)
class Source:
    """A content file's path and its decoded text."""

    path: str  # relative to the site root, '/'-separated
    text: str


def _skipped(name: str) -> bool:
    # Hidden files and editors' swap and backup files are not content.
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".tmp"))


def find_content_files(site_root: Path) -> list[Path]:
    """Every Markdown file under content/, and every linked folder there
    (which is not followed: the caller reports it)."""
    content = site_root / CONTENT_DIR
    found = []
    for folder, dirs, files in os.walk(content, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not _skipped(d))
        found.extend(Path(folder) / d for d in dirs if (Path(folder) / d).is_symlink())
        found.extend(Path(folder) / name for name in files if name.endswith(".md") and not _skipped(name))
    return sorted(found, key=lambda p: p.relative_to(site_root).as_posix().encode())


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
    sources, found = [], []
    for file in find_content_files(site_root):
        path = file.relative_to(site_root).as_posix()
        if file.is_symlink() and file.is_dir():
            found.append(error("bad-path", Position(path, None, None),
                               "the folder is a link and was not read",
                               "move or copy the folder into content/ instead of linking to it"))
            continue
        if file.is_symlink():
            try:
                real = file.resolve(strict=True)
            except (OSError, RuntimeError):  # a dangling link, or a loop (RuntimeError before 3.13)
                found.append(error("bad-path", Position(path, None, None),
                                   "the file is a link that leads nowhere (its target is missing, or links loop)",
                                   "remove the link, or point it at a file inside the site"))
                continue
            if not real.is_relative_to(site_root):
                found.append(error("bad-path", Position(path, None, None),
                                   "the file is a link to a place outside the site and was not read",
                                   "copy the file into content/ instead of linking to it"))
                continue
        if not file.is_file():  # a pipe, socket or device: reading it could wait forever
            found.append(error("bad-path", Position(path, None, None),
                               "the file is not a regular file and was not read",
                               "move pipes, sockets and devices out of content/"))
            continue
        try:
            data = file.read_bytes()
        except OSError as exc:
            found.append(error("bad-path", Position(path, None, None),
                               f"the file cannot be read: {exc.strerror or exc}",
                               "check that the file exists and that you may read it"))
            continue
        text, problem = decode(path, data)
        if problem:
            found.append(problem)
        else:
            sources.append(Source(path, text))
    return sources, found
