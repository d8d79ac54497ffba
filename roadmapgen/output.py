"""The only writer of the built site: everything goes into a fresh folder
beside the target, which then replaces the target in two renames, so a
failed or interrupted build leaves the previous site exactly as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath


class OutputError(Exception):
    pass


def safe_relative(path: str) -> PurePosixPath:
    """Refuse any output path that could land outside the output folder."""
    rel = PurePosixPath(path)
    if rel.is_absolute() or not rel.parts or any(part in ("", ".", "..") for part in rel.parts) or "\\" in path or "\x00" in path:
        raise OutputError(f"refusing to write '{path}': not a plain relative path")
    return rel


def check_output_folder(out: Path, site_root: Path) -> None:
    """The output may not be the site root, content/, or above either."""
    out_real = out.resolve()
    root = site_root.resolve()
    for protected in (root, root / "content", root / "themes"):
        if out_real == protected or protected.is_relative_to(out_real):
            raise OutputError(f"refusing to build into '{out}': it would replace {protected.name or protected}; "
                              "choose an output folder such as 'site'")


def _write_files(files: dict[str, bytes], staging: Path) -> None:
    folders = {""}
    for path in sorted(files):
        rel = safe_relative(path)
        folder = str(rel.parent) if len(rel.parts) > 1 else ""
        if folder not in folders:
            os.makedirs(staging / folder, exist_ok=True)
            folders.add(folder)
        # The staging folder is new and private, so O_EXCL never meets an old file.
        descriptor = os.open(staging / rel, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.fchmod(descriptor, 0o644)  # whatever the umask: the site is for a web server to read
            _write_all(descriptor, files[path])
        finally:
            os.close(descriptor)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view):]


def write_site(files: dict[str, bytes], out: Path) -> None:
    out = out.absolute()
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and not out.is_dir():
        raise OutputError(f"'{out}' exists and is not a folder")
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
    try:
        _write_files(files, staging)
        os.chmod(staging, 0o755)
        old = None
        if out.exists():
            old = parent / f".{out.name}.old-{os.getpid()}"
            if old.exists():
                shutil.rmtree(old)
            os.replace(out, old)
        try:
            os.replace(staging, out)
        except OSError:
            if old is not None:
                os.replace(old, out)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
