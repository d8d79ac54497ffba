"""Whether a command was given a site root at all. A folder without
content/ holds no roadmap: the commands say so before reading anything,
with what to do instead. Run from inside content/ itself, the way out is
the folder above it, not a content/content/ beside the files."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from roadmapgen.diagnostics import Diagnostic, Position, error
from roadmapgen.model import CONTENT_DIR
from roadmapgen.read.sources import MAX_FOLDER_DEPTH

# The root's `kind: roadmap` line near the top of an index.md, as written.
_ROOT_KIND = re.compile(r"^kind:[ \t]*(['\"]?)roadmap\1[ \t]*(#.*)?$", re.MULTILINE)


def missing_content(site_root: Path, given: str, command: str) -> Diagnostic | None:
    """The `no-root` finding for a `site_root` (typed as `given`) without
    content/, None when it has one. `command` is how the user ran it
    ("check", "new review"), for the command the hint suggests."""
    if os.path.lexists(site_root / CONTENT_DIR):
        return None
    where = Position(CONTENT_DIR, None, None)
    here = os.path.normpath(given) == "."
    name = "the current folder" if here else f"'{given}'"
    levels = _levels_below_site_root(site_root)
    if levels:
        parent = os.path.normpath(os.path.join(given, *[os.pardir] * levels))
        place = "the content/ folder itself" if levels == 1 else "a folder inside content/"
        return error("no-root", where, f"{name} has no content/ folder: it looks like {place}",
                     "run roadmapgen on the folder that holds content/: "
                     f"roadmapgen {command} {shlex.quote(parent)}")
    # Imported only here: `check` in a pre-commit hook need not load the site writer.
    from roadmapgen.write.output import MARKER

    if os.path.isfile(site_root / MARKER):  # `init` there would refuse: the folder is not empty
        parent = os.path.normpath(os.path.join(given, os.pardir))
        run = (f": roadmapgen {command} {shlex.quote(parent)}"
               if os.path.lexists(site_root / os.pardir / CONTENT_DIR) else "")
        return error("no-root", where, f"{name} has no content/ folder: it is a site that roadmapgen built",
                     f"run roadmapgen on the folder that holds content/{run}")
    init = "roadmapgen init" + ("" if here else f" {shlex.quote(given)}")
    return error("no-root", where, f"{name} has no content/ folder, so it holds no roadmap",
                 f"start a roadmap with: {init} (or give the folder that holds content/ as PATH)")


def _levels_below_site_root(folder: Path) -> int:
    """How many folders up the site root is, when `folder` is content/ or a folder in it; else 0."""
    if folder.resolve().name == CONTENT_DIR or _holds_root_file(folder):
        return 1
    # Deeper down, a folder named content/ is taken for the roadmap's only with its root file in it.
    for levels, above in enumerate(folder.resolve().parents[:MAX_FOLDER_DEPTH], start=1):
        if above.name == CONTENT_DIR and _holds_root_file(above):
            return levels + 1
    return 0


def _holds_root_file(folder: Path) -> bool:
    index = folder / "index.md"
    try:
        if not index.is_file():  # a pipe of that name would wait forever
            return False
        with open(index, encoding="utf-8", errors="replace") as text:
            head = text.read(4096)
    except OSError:
        return False
    return head.startswith("---") and bool(_ROOT_KIND.search(head))
