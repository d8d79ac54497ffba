"""`roadmapgen build`: check, cut down to the audience, render, write."""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping

from jinja2 import TemplateError

from roadmapgen.analyse.audience import audience_findings, restrict
from roadmapgen.analyse.project import load_project
from roadmapgen.diagnostics import ERROR, Diagnostic, Position, error
from roadmapgen.read.history import load_history
from roadmapgen.read.local_files import LocalFile, publishable, read_contents
from roadmapgen.read.static_files import STATIC_DIR, read_static
from roadmapgen.render.exports import export_notes
from roadmapgen.render.pages import render_site
from roadmapgen.render.themes import ThemeError, load_theme
from roadmapgen.write.output import MARKER, OutputError, check_output_folder, write_site


ENCRYPTED_LEAVES_OUT = ("the encrypted edition leaves out roadmap.json, roadmap.ics and feed.xml: "
                        "a calendar or feed reader could not unlock them")


class BuildError(Exception):
    """The build cannot go on; nothing was written. `project` is there when
    the roadmap was read, so `serve` can show only what its audience may see;
    `usage` when the command was asked for something it cannot do (exit 2)."""

    def __init__(self, message: str, diagnostics: tuple[Diagnostic, ...] = (), project=None, usage: bool = False):
        super().__init__(message)
        self.diagnostics = diagnostics
        self.project = project
        self.usage = usage


@dataclass(frozen=True, slots=True)
class BuildResult:
    output: Path
    audience: str
    pages: int
    diagnostics: tuple[Diagnostic, ...]
    notes: tuple[str, ...] = ()  # notices for the user, e.g. an export that was skipped


def encrypts(settings) -> bool:
    """Whether a build with these settings is the encrypted edition: only
    an edition above public has anything to hide."""
    return settings.encrypt and settings.audience != "public"


def build_files(site_root: Path, today: dt.date, parse_cache: dict | None = None,
                passphrase: Callable[[], str] | None = None,
                **flags) -> tuple[dict[str, bytes], object, tuple[Diagnostic, ...]]:
    """Everything but the writing: (files, settings, diagnostics). `serve`
    passes the same `parse_cache` to every rebuild (see load_project).
    `passphrase` is asked only when the build turns out to be encrypted."""
    project = load_project(site_root, today, parse_cache)
    if project.has_errors:
        errors = sum(d.severity == ERROR for d in project.diagnostics)
        raise BuildError(f"the roadmap has {errors} error{'s' * (errors != 1)}; nothing was written",
                         project.diagnostics, project)
    settings = project.settings.override(**flags)
    try:
        theme = load_theme(settings.theme, site_root)
    except ThemeError as exc:
        raise BuildError(str(exc), (exc.diagnostic,) if exc.diagnostic else ()) from None
    sealer = _sealer(project.roadmap.root, settings, flags.get("encrypt"), passphrase)
    view = restrict(project.roadmap, settings.audience)
    findings = audience_findings(view, today)
    # A commit cannot say which of a file's items it changed, so its dates
    # and counts could tell of edits to hidden items: only the owner's
    # edition shows the plan history.
    history = load_history(site_root) if settings.audience == "private" else None
    shareable = publishable(project.local_files)
    # A sealed edition inlines the files its pages show, so it reads them
    # first; a plain one reads only those its pages copy, after them.
    inlined = _read_local(project.local_files, shareable) if sealer else None
    try:
        files, copies = render_site(view, settings, theme, today, findings, history, sealer, shareable, inlined)
    except TemplateError as exc:
        raise BuildError(f"the theme '{settings.theme}' failed to render: {_template_place(exc)}{exc.message or exc}") from None
    except UnicodeDecodeError as exc:  # the loader reading a template
        raise BuildError(f"the theme '{settings.theme}' has a template that is not UTF-8 text "
                         f"(byte 0x{exc.object[exc.start]:02x}); save its templates as UTF-8") from None
    except Exception as exc:
        # A theme is untrusted: its template may divide by zero or recurse. An
        # error with no template in its traceback is roadmapgen's own bug.
        place = _template_place(exc)
        if not place:
            raise
        raise BuildError(f"the theme '{settings.theme}' failed to render: {place}{type(exc).__name__}: {exc}") from None
    files.update(_copied_files(copies, files, project.local_files))
    files.update(_static_files(site_root, files, copies))
    return files, settings, project.diagnostics


def _read_local(local_files: Mapping[str, LocalFile], paths: Iterable[str]) -> dict[str, bytes]:
    """The bytes of the linked files at `paths`, by path; a file unreadable now stops the build."""
    try:
        return read_contents(local_files, paths)
    except OSError as exc:  # found by check a moment ago, and gone or locked since
        raise BuildError(f"cannot read {exc.filename}: {exc.strerror or exc}; nothing was written") from None


def _copied_files(copies: dict[str, str], generated: dict[str, bytes],
                  local_files: Mapping[str, LocalFile]) -> dict[str, bytes]:
    """The local files the pages link to, copied beside them; never in place of a generated file
    (nor of one of its folders, nor of one in another case: see _clashes)."""
    clashes = _clashes(copies, generated)
    if clashes:
        raise BuildError(
            f"{len(clashes)} file{'s' * (len(clashes) != 1)} that pages link to would replace "
            f"{'files' if len(clashes) != 1 else 'a file'} the build writes itself; nothing was written",
            tuple(error("file-clash", Position(copies[path]), f"would replace the generated {taken}",
                        f"rename {copies[path]} (and the links to it): roadmapgen writes {taken} itself")
                  for path, taken in clashes))
    contents = _read_local(local_files, copies.values())
    return {place: contents[path] for place, path in copies.items()}


def _static_files(site_root: Path, generated: dict[str, bytes], copies: dict[str, str]) -> dict[str, bytes]:
    """static/'s files, published as they are into every edition; never in place of a generated file,
    nor of a file in content/ that a page links to (one of `copies`)."""
    static, problems = read_static(site_root)
    if problems:
        raise BuildError(f"{STATIC_DIR}/ has {len(problems)} file{'s' * (len(problems) != 1)} that cannot be "
                         "published; nothing was written", tuple(problems))
    clashes = _clashes(static, generated)
    if clashes:
        raise BuildError(
            f"{STATIC_DIR}/ has {len(clashes)} file{'s' * (len(clashes) != 1)} where the build writes its own; "
            "nothing was written",
            tuple(_static_clash(path, taken, copies.get(taken))
                  for path, taken in clashes))
    return static


def _static_clash(path: str, taken: str, copied_from: str | None) -> Diagnostic:
    """The error for static/`path`, which would replace `taken`, a copy of the file `copied_from` of content/."""
    at = Position(f"{STATIC_DIR}/{path}")
    if copied_from:
        return error("static-clash", at, f"would replace {copied_from}, which a page links to",
                     f"rename or remove {STATIC_DIR}/{path} or {copied_from}: both would be {taken}")
    return error("static-clash", at, f"would replace the generated {taken}",
                 f"rename or remove {STATIC_DIR}/{path}: roadmapgen writes {taken} itself")


def _clashes(added: Iterable[str], generated: dict[str, bytes]) -> list[tuple[str, str]]:
    """(added file, the generated file or folder it would replace): one of the
    same name, also in another case (the same file on macOS and Windows), a
    generated folder of its name (static/assets) or a generated file among its
    folders (static/index.html/x.png)."""
    names = {name.casefold(): name for name in (*generated, MARKER)}
    folders = {folder.casefold(): folder + "/" for name in names.values() for folder in _folders(name)}
    clashes = []
    for path in sorted(added):
        key = path.casefold()
        taken = names.get(key) or folders.get(key) or next(
            (names[folder] for folder in _folders(key) if folder in names), None)
        if taken:
            clashes.append((path, taken))
    return clashes


def _folders(path: str) -> list[str]:
    """The folders `path` is in: a/b/c.txt -> a, a/b."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _sealer(root, settings, flag: bool | None, passphrase: Callable[[], str] | None):
    """The keys of the encrypted edition, or None for a plain one."""
    if flag and settings.audience == "public":
        raise BuildError("--encrypt is for the mentors' (or private) edition; the public edition has nothing "
                         "to hide: add --audience mentors", usage=True)
    if not encrypts(settings):
        return None
    if passphrase is None:
        raise BuildError("an encrypted edition needs a passphrase", usage=True)
    # Only now: cryptography takes 30 ms to import, which a plain build need not spend.
    from roadmapgen.render.sealing import Sealer, edition_salt

    # The root's title and owner are always public (spec section 6).
    title, owner = (root.title, root.owner) if root else ("", "")
    salt = edition_salt(title, owner, settings.base_url, settings.audience)
    return Sealer.from_passphrase(passphrase(), salt)


def _template_place(exc) -> str:
    """'file:line: ' of the template that failed: a syntax error knows it; an
    error while rendering (an undefined name) is found in the traceback."""
    if getattr(exc, "filename", None):
        return f"{exc.filename}:{exc.lineno}: "
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml", ".txt"))]
    return f"{frames[-1].filename}:{frames[-1].lineno}: " if frames else ""


def build_site(site_root: Path, today: dt.date, out: str | None = None, strict: bool = False,
               **flags) -> BuildResult:
    """`strict`: as MkDocs's, warnings fail the build too, after the full
    check and render, so that one run reports every problem."""
    files, settings, diagnostics = build_files(site_root, today, **flags)
    if strict and diagnostics:
        count = len(diagnostics)  # errors stopped build_files: these are warnings
        raise BuildError(f"the roadmap has {count} warning{'s' * (count != 1)} and --strict fails on "
                         "warnings; nothing was written", diagnostics)
    output = Path(out) if out else site_root / settings.output
    try:
        check_output_folder(output, site_root, named_by_user=bool(out))
        write_site(files, output)
    except OutputError as exc:
        raise BuildError(str(exc)) from None
    except OSError as exc:
        raise BuildError(f"cannot write the site to '{output}': {exc.strerror or exc}") from None
    pages = sum(path.endswith(".html") for path in files)
    notes = (ENCRYPTED_LEAVES_OUT,) if encrypts(settings) else export_notes(settings)
    return BuildResult(output, settings.audience, pages, diagnostics, notes)
