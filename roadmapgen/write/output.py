"""The only writer of the built site.

Everything goes into a fresh folder beside the target, which then replaces
the target in two renames, so a failed build leaves the previous site exactly
as it was. Three rules keep a build from destroying what it did not make:

- every output folder carries a marker file, and an existing folder is
  replaced only if it has that marker or is empty;
- one build at a time writes an output folder (a lock beside it);
- a swap cut short (a crash, SIGKILL, a power cut between the two renames)
  is finished by the next build, which also removes what was left behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
from pathlib import Path, PurePosixPath

from roadmapgen.model import CONTENT_DIR, STATIC_DIR, THEMES_DIR

# The marker a folder made by `roadmapgen build` carries. It is published
# with the site: a web server shows it as a plain, harmless text file.
MARKER = ".roadmapgen-site"
MARKER_TEXT = b"This folder is made by 'roadmapgen build', which replaces it whole on every build.\n"
_PROTECTED = (CONTENT_DIR, THEMES_DIR, STATIC_DIR, ".git")


class OutputError(Exception):
    pass


def safe_relative(path: str) -> PurePosixPath:
    """Refuse any output path that could land outside the output folder."""
    rel = PurePosixPath(path)
    # PurePosixPath drops "" and "." parts, so ".." is the only part that climbs.
    if rel.is_absolute() or not rel.parts or ".." in rel.parts or "\\" in path or "\x00" in path:
        raise OutputError(f"refusing to write '{path}': not a plain relative path")
    if str(rel) == MARKER:
        raise OutputError(f"refusing to write '{path}': the name is roadmapgen's own marker")
    return rel


def output_target(out: Path) -> Path:
    """The folder a build replaces: `out` made absolute, with a link (or links
    along the way) followed, so that a link named as the output stays a link
    and the folder it points to is the one built."""
    return Path(os.path.realpath(out))


def check_output_folder(out: Path, site_root: Path, named_by_user: bool = True) -> None:
    """The output may not be the site root, content/, themes/, static/ or .git, lie
    inside one of them or above the site; and an existing folder must be one
    roadmapgen made (or be empty). An output that comes from the site's own
    settings (`named_by_user` false: a cloned repository's roadmap.toml is
    untrusted) may lead outside the site only to a folder roadmapgen made."""
    target = output_target(out)
    root = site_root.resolve()
    if not named_by_user and not target.is_relative_to(root) and not _is_marked(target):
        raise OutputError(f"refusing to build into '{out}': 'output' in roadmap.toml leads outside the site "
                          f"to '{target}', which roadmapgen did not make; "
                          "name that folder with --out if you mean it, or set output to a folder inside the site")
    if target == root or root.is_relative_to(target):
        raise OutputError(f"refusing to build into '{out}': it would replace the site itself; "
                          "choose an output folder such as 'site'")
    for name in _PROTECTED:
        protected = Path(os.path.realpath(root / name))  # content/ may be a link to a folder in the site
        if target.is_relative_to(protected):
            raise OutputError(f"refusing to build into '{out}': it is inside {name}/, which roadmapgen never replaces; "
                              "choose an output folder such as 'site'")
    if ".git" in target.parts:
        raise OutputError(f"refusing to build into '{out}': it is inside a git repository's .git folder; "
                          "choose an output folder such as 'site'")
    _check_replaceable(out, target)


def _check_replaceable(out: Path, target: Path) -> None:
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError(f"refusing to build into '{out}': it exists and is not a folder; "
                          "remove it or choose another --out")
    if os.path.lexists(target / ".git"):
        raise OutputError(
            f"refusing to build into '{out}': it holds a git repository (.git), which replacing the folder would "
            "delete; build into another folder and copy the site into the repository, or move .git out")
    if not _is_marked(target) and any(os.scandir(target)):
        raise OutputError(
            f"refusing to build into '{out}': the folder is not empty and was not made by roadmapgen "
            f"(it has no {MARKER} file), so building would delete its files; "
            "choose another --out, or move its files away (if an older roadmapgen built it, delete it) and build again")


def _is_marked(folder: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(folder / MARKER).st_mode)
    except OSError:
        return False


def _write_files(files: dict[str, bytes], staging: Path) -> None:
    for path in sorted(files):
        rel = safe_relative(path)
        os.makedirs(staging / rel.parent, exist_ok=True)
        _write_new(staging / rel, files[path])


def _write_new(path: Path, data: bytes) -> None:
    # The staging folder is new and private, so O_EXCL never meets an old file.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.fchmod(descriptor, 0o644)  # whatever the umask: the site is for a web server to read
        _write_all(descriptor, data)
    finally:
        os.close(descriptor)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view):]


@contextlib.contextmanager
def _output_lock(target: Path):
    """Hold `.NAME.lock` beside the output. A second build of the same output
    is refused rather than made to wait: the user started it by mistake."""
    lock_path = target.parent / f".{target.name}.lock"
    while True:
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise OutputError(f"another build is writing '{target}' right now; wait for it to finish and build again") from None
        # The holder before us may have removed the lock file after we opened
        # it: then our lock is on a file no one else sees, so take it anew.
        try:
            same = os.path.samestat(os.fstat(descriptor), os.lstat(lock_path))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(descriptor)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock_path)
        os.close(descriptor)


def _leftovers(target: Path, kind: str) -> list[Path]:
    """The folders a build of `target` made with tempfile.mkdtemp (its names
    end in 8 random characters), never a user's own `.site.old-backup`."""
    made = re.compile(rf"\.{re.escape(target.name)}\.{kind}-[a-z0-9_]{{8}}")
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    return sorted(target.parent / name for name in names if made.fullmatch(name))


def _recover(target: Path) -> None:
    """Finish what an interrupted build left: if the output is missing but a
    previous site was moved aside, put it back; then remove every staging and
    moved-aside folder of this output that carries the marker."""
    if not os.path.lexists(target):
        moved_aside = [p for p in _leftovers(target, "old") if _is_marked(p)]
        if moved_aside:
            newest = max(moved_aside, key=lambda p: os.lstat(p).st_mtime_ns)
            os.replace(newest, target)
    for leftover in (*_leftovers(target, "new"), *_leftovers(target, "old")):
        if not os.path.isdir(leftover) or os.path.islink(leftover):
            continue
        if _is_marked(leftover):
            shutil.rmtree(leftover, ignore_errors=True)
        else:  # made, then killed before its first file was written
            with contextlib.suppress(OSError):
                os.rmdir(leftover)


@contextlib.contextmanager
def signals_held():
    """Hold Ctrl-C and SIGTERM during the two renames, so an interrupt lands
    after the swap, never between its halves (SIGKILL is left to _recover).
    Python runs signal handlers in the main thread whichever thread the
    signal reached, so the handlers are swapped, not the signal mask."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {number: signal.signal(number, lambda got, frame: received.append(got))
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if received:
            handler = previous[received[0]]
            if callable(handler):
                handler(received[0], None)  # Ctrl-C: KeyboardInterrupt, now that the swap is whole
            elif handler == signal.SIG_DFL:
                signal.raise_signal(received[0])


def write_site(files: dict[str, bytes], out: Path) -> None:
    """Replace the output folder `out` (see check_output_folder) with `files`."""
    target = output_target(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _output_lock(target):
        _recover(target)
        _check_replaceable(out, target)  # again, under the lock
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        try:
            _write_new(staging / MARKER, MARKER_TEXT)
            _write_files(files, staging)
            os.chmod(staging, 0o755)
            _swap(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def _swap(staging: Path, target: Path) -> None:
    old = None
    try:
        with signals_held():
            if os.path.lexists(target):
                old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
                os.replace(target, old)  # an empty folder is replaced by a rename
            try:
                os.replace(staging, target)
            except BaseException:
                if old is not None:
                    os.replace(old, target)
                    old = None
                raise
    finally:
        # A Ctrl-C held during the swap is raised as the block ends: the old
        # site is removed all the same (or, if that is cut short, by _recover).
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
