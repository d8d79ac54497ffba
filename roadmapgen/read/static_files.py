"""`static/`: the files the user publishes as they are (a `CNAME`, a
favicon, images), copied into every edition at the same paths.

A symbolic link is followed only when it stays inside the site (not into
.git): a link could otherwise publish any file of the machine.
"""

from __future__ import annotations

import os
from pathlib import Path

from roadmapgen.diagnostics import Diagnostic, Position, error
from roadmapgen.model import STATIC_DIR
from roadmapgen.read.sources import where_link_leads

__all__ = ["STATIC_DIR", "read_static"]


def read_static(site_root: Path) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """({path in the output: bytes}, problems) of `site_root/static/`; empty without one."""
    folder = site_root / STATIC_DIR
    if not folder.is_dir():
        return {}, []
    root = site_root.resolve()
    files: dict[str, bytes] = {}
    problems: list[Diagnostic] = []
    seen_dirs: set[Path] = set()  # a link back to a parent folder would loop forever
    for here, dirs, names in os.walk(folder, followlinks=True):
        here_path = Path(here)
        real_here = here_path.resolve()
        if real_here in seen_dirs or _refused(here_path, real_here, root, problems, site_root):
            dirs[:] = []
            continue
        seen_dirs.add(real_here)
        dirs.sort()
        for name in sorted(names):
            path = here_path / name
            if _refused(path, path.resolve(), root, problems, site_root):
                continue
            rel = path.relative_to(folder).as_posix()
            try:
                files[rel] = path.read_bytes()
            except OSError as exc:
                problems.append(error("bad-path", Position(_shown(path, site_root), None, None),
                                      f"cannot be read: {exc.strerror or exc}",
                                      "make the file readable, or remove it from static/"))
    return files, problems


def _refused(path: Path, real: Path, root: Path, problems: list[Diagnostic], site_root: Path) -> bool:
    """Whether `path` (resolved: `real`) leads where nothing may be published from; if so, says why."""
    place = where_link_leads(root, real)
    if place is None:
        return False
    problems.append(error("bad-path", Position(_shown(path, site_root), None, None),
                          f"is a link {place} and was not published",
                          "copy the file into static/ instead of linking to it"))
    return True


def _shown(path: Path, site_root: Path) -> str:
    return path.relative_to(site_root).as_posix()
