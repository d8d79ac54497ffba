"""The on-disk content cache: each file's parse and its compiled Markdown,
kept between runs, so that an unchanged file is never parsed again.

It lives in the user's cache folder, never in the site, so a cloned
repository cannot plant one. Entries are keyed by a hash of the file's path
and text and the file is named by a fingerprint of roadmapgen and its parsing
libraries: a changed file, release or installed library misses the cache.
Deleting it is always safe.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

# What hashlib and pickle give, from the C modules they take them from:
# importing hashlib loads OpenSSL (~5 ms), pickle defines its pure-Python
# pickler (~2 ms); a check from the cache needs neither.
try:
    from _blake2 import blake2b
    from _pickle import load
except ImportError:  # not CPython
    from hashlib import blake2b
    from pickle import load

FORMAT = 1
# The libraries whose output is kept: a new release of one is a new cache.
LIBRARIES = ("yaml", "pyromark", "jinja2", "markupsafe")


def cache_root() -> Path | None:
    """ROADMAPGEN_CACHE_DIR, else $XDG_CACHE_HOME/roadmapgen, else ~/.cache/roadmapgen;
    None when ROADMAPGEN_CACHE_DIR is set to "off" (or 0, or empty)."""
    chosen = os.environ.get("ROADMAPGEN_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "0", "off", "no", "false") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "roadmapgen"


def _fingerprint() -> str:
    """roadmapgen's version and every source file of it and of the libraries,
    by size and modification time: an edit in a checkout counts as a release."""
    from roadmapgen import __version__

    return _fingerprint_of(__version__)


@lru_cache(maxsize=4)
def _fingerprint_of(version: str) -> str:
    # Once a process: a build opens two caches, `serve` one per rebuild.
    from importlib.util import find_spec

    digest = blake2b(f"{FORMAT}:{version}:{sys.version}".encode(), digest_size=12)
    package = os.path.dirname(os.path.abspath(__file__))
    files = []
    for folder, folders, names in os.walk(package):  # a third of rglob's time
        folders[:] = [name for name in folders if name != "__pycache__"]  # half the folders of an install
        files.extend(os.path.join(folder, name) for name in names if name.endswith(".py"))
    files.sort()
    for name in LIBRARIES:
        spec = find_spec(name)
        if spec is not None and spec.origin:
            files.append(spec.origin)
    for file in files:
        try:
            stat = os.stat(file)
        except OSError:
            continue
        digest.update(f"{file}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def source_key(path: str, text: str) -> bytes:
    return blake2b(f"{path}\0{text}".encode("utf-8", "surrogatepass"), digest_size=16).digest()


class ContentCache:
    """{key: entry} read once, written back (used entries only) when it changed."""

    def __init__(self, file: Path | None, entries: dict):
        self.file = file
        self.entries = entries
        self.used: dict = {}
        self.changed = False

    @classmethod
    def open(cls, site_root: Path, part: str = "content") -> "ContentCache":
        """The cache of one site: its "content" (parses, for check and build)
        or its "pages" (rendered pages, for build only)."""
        root = cache_root()
        if root is None:
            return cls(None, {})
        site = blake2b(str(site_root.resolve()).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
        file = root / f"{site}-{part}-{_fingerprint()}.pickle"
        try:
            with open(file, "rb") as stream:
                entries = load(stream)
            if not isinstance(entries, dict):
                entries = {}
        except Exception:  # missing, truncated, or from another Python: start afresh
            entries = {}
        return cls(file, entries)

    def get(self, key: bytes):
        entry = self.entries.get(key)
        if entry is not None:
            self.used[key] = entry
        return entry

    def put(self, key: bytes, entry) -> None:
        self.used[key] = entry
        self.changed = True

    def keep_only(self, entries: dict) -> None:
        """After a run that used exactly `entries`."""
        self.changed = self.changed or entries.keys() != self.entries.keys()
        self.used = entries

    def save(self) -> None:
        """Write what this run used, so the file never outgrows the site. Best
        effort: a cache that cannot be written only makes the next run slower."""
        if self.file is None or not (self.changed or len(self.used) != len(self.entries)):
            return
        import pickle

        temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            for stale in self.file.parent.glob(self.file.name.rsplit("-", 1)[0] + "-*.pickle"):
                if stale != self.file:
                    stale.unlink(missing_ok=True)  # from an older release of roadmapgen
            with open(temporary, "wb") as stream:
                pickle.dump(self.used, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.file)
        except (OSError, pickle.PicklingError, TypeError):
            with suppress(OSError):
                temporary.unlink()
