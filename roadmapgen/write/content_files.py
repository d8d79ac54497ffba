"""The only writer of content files (what `roll` changes in `content/`).

Each file is written whole to a temporary file beside it, flushed to disk
and renamed over the old one, so that at any moment, a crash or a power cut
included, each file is either as it was or as it is meant to be. A new file
is linked into place, so one that appeared meanwhile is never replaced.
Files are written in the order given: the caller puts first what must
exist before the rest changes (an archive before the plan files its items
leave).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from roadmapgen.write.output import signals_held


class ContentWriteError(Exception):
    """A file could not be written; the message says which and why."""


@dataclass(frozen=True, slots=True)
class ContentFile:
    """One file to write: where (a link already followed), what it holds
    now (None: it does not exist yet) and what it is to hold."""

    path: Path
    shown: str  # its path as the user knows it
    old: bytes | None
    new: bytes


def write_content(files: list[ContentFile]) -> None:
    """Write every file in order, after making sure that none changed since
    it was read. Ctrl-C and SIGTERM are held until the last file is written."""
    for file in files:
        if _current(file.path) != file.old:
            raise ContentWriteError(f"{file.shown} changed while roll was working; nothing was written "
                                    "(run roll again)")
    written: list[str] = []
    with signals_held():
        for file in files:
            try:
                _write(file)
            except ContentWriteError as exc:
                done = f"already written: {', '.join(written)}" if written else "nothing was written"
                raise ContentWriteError(f"{exc}; {done}") from None
            written.append(file.shown)


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ContentWriteError(f"{path} cannot be read: {exc.strerror or exc}") from None


def _write(file: ContentFile) -> None:
    folder = file.path.parent
    # A name content/ does not read ('.' first, '.tmp' last) if it is ever left behind.
    temporary = folder / f".{file.path.name}.{secrets.token_hex(4)}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
        try:
            if file.old is not None:  # the file keeps its permissions
                os.fchmod(descriptor, stat.S_IMODE(os.stat(file.path).st_mode))
            view = memoryview(file.new)
            while view:
                view = view[os.write(descriptor, view):]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if file.old is None:
            _link(temporary, file.path)
        else:
            os.replace(temporary, file.path)
        _sync_folder(folder)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        reason = "it appeared meanwhile" if isinstance(exc, FileExistsError) else exc.strerror or str(exc)
        raise ContentWriteError(f"{file.shown} could not be written ({reason})") from None


def _link(temporary: Path, path: Path) -> None:
    """Put a new file in place, never over one that appeared meanwhile."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
