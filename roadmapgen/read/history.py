"""Plan history from git: how often each content file was revised, when it
was last rewritten, and what changed between two reviews.

Read only when the site is in a git repository and git is installed;
otherwise (or if git fails in any way) the history is empty and the site
simply does not show it. Every date comes from commits, never from the
clock, so the same repository gives the same pages.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from roadmapgen.read.sources import CONTENT_DIR

_RECORD, _FIELD = "\x1e", "\x1f"
GIT_TIMEOUT = 30


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    date: dt.date  # the committer's date, in the committer's time zone
    paths: tuple[str, ...]  # relative to the site root, '/'-separated


@dataclass(frozen=True, slots=True)
class FileHistory:
    path: str
    revisions: int
    first: dt.date
    last: dt.date  # when it was last rewritten (committed)


@dataclass(frozen=True, slots=True)
class History:
    commits: tuple[Commit, ...] = ()  # oldest first
    files: dict[str, FileHistory] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return bool(self.commits)

    def for_paths(self, paths) -> list[FileHistory]:
        return [self.files[p] for p in sorted(set(paths)) if p in self.files]

    def changed_between(self, after: dt.date, until: dt.date) -> tuple[str, ...]:
        """Files changed by commits dated after `after` and up to `until` (inclusive)."""
        return tuple(sorted({p for c in self.commits if after < c.date <= until for p in c.paths}))


def _git(site_root: Path, *args: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        done = subprocess.run([git, "-C", str(site_root), "-c", "core.quotepath=false", *args],
                              capture_output=True, timeout=GIT_TIMEOUT, env=env, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else None


def _may_be_in_repository(site_root: Path) -> bool:
    """False only when git could not find a repository either: no `.git`
    in the folder or above it, and no GIT_DIR. Saves starting git for a
    site that is not in one."""
    if "GIT_DIR" in os.environ:
        return True
    folder = site_root.absolute()
    return any((candidate / ".git").exists() for candidate in (folder, *folder.parents))


def parse_log(text: str) -> tuple[Commit, ...]:
    """Parse `git log --format=%x1e%H%x1f%cI --name-only` output."""
    commits = []
    for record in text.split(_RECORD):
        lines = record.strip("\n").split("\n")
        if _FIELD not in lines[0]:
            continue
        sha, _, when = lines[0].partition(_FIELD)
        try:
            date = dt.date.fromisoformat(when.strip()[:10])
        except ValueError:
            continue
        paths = tuple(sorted({line for line in lines[1:] if line.strip()}))
        commits.append(Commit(sha.strip(), date, paths))
    return tuple(reversed(commits))  # git log is newest first


def summarise(commits: tuple[Commit, ...]) -> dict[str, FileHistory]:
    files: dict[str, FileHistory] = {}
    for commit in commits:  # oldest first
        for path in commit.paths:
            known = files.get(path)
            files[path] = (FileHistory(path, 1, commit.date, commit.date) if known is None else
                           FileHistory(path, known.revisions + 1, known.first, max(known.last, commit.date)))
    return files


def load_history(site_root: Path) -> History:
    """The site's content history from git, or an empty History."""
    if not _may_be_in_repository(site_root):
        return History()
    # Fails (None) outside a repository, without git, or before the first commit.
    log = _git(site_root, "log", "--no-renames", "--relative", "--name-only",
               f"--format={_RECORD}%H{_FIELD}%cI", "--", CONTENT_DIR)
    commits = parse_log(log or "")
    return History(commits, summarise(commits))


def visible_paths(view) -> set[str]:
    """Content files the audience may know exist: never a hidden or deleted
    file, whose very name could tell too much."""
    roadmap = view.roadmap
    paths = {roadmap.root.path} if roadmap.root else set()
    paths |= {p.path for p in roadmap.plans if p.path not in view.hidden_paths}
    paths |= {r.path for r in roadmap.reviews} | {p.path for p in roadmap.pages}
    paths |= {e.path for e in roadmap.entries.values()}
    return paths


def changed_files(history: History, view, previous, review) -> tuple[str, ...]:
    """Content files the audience may see that commits changed after the
    previous review's date and up to this review's, other than the review
    itself. Empty for the first review or without history."""
    if previous is None or not history.available:
        return ()
    visible = visible_paths(view)
    return tuple(p for p in history.changed_between(previous.date, review.date)
                 if p in visible and p != review.path)
