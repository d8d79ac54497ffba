"""`roadmapgen build`: check, cut down to the audience, render, write."""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError

from roadmapgen.analyse.audience import audience_findings, restrict
from roadmapgen.analyse.project import load_project
from roadmapgen.diagnostics import ERROR, Diagnostic
from roadmapgen.read.history import load_history
from roadmapgen.render.exports import export_notes
from roadmapgen.render.pages import render_site
from roadmapgen.render.themes import ThemeError, load_theme
from roadmapgen.write.output import OutputError, check_output_folder, write_site


class BuildError(Exception):
    """The build cannot go on; nothing was written. `project` is there when
    the roadmap was read, so `serve` can show only what its audience may see."""

    def __init__(self, message: str, diagnostics: tuple[Diagnostic, ...] = (), project=None):
        super().__init__(message)
        self.diagnostics = diagnostics
        self.project = project


@dataclass(frozen=True, slots=True)
class BuildResult:
    output: Path
    audience: str
    pages: int
    diagnostics: tuple[Diagnostic, ...]
    notes: tuple[str, ...] = ()  # notices for the user, e.g. an export that was skipped


def build_files(site_root: Path, today: dt.date, parse_cache: dict | None = None,
                **flags) -> tuple[dict[str, bytes], object, tuple[Diagnostic, ...]]:
    """Everything but the writing: (files, settings, diagnostics). `serve`
    passes the same `parse_cache` to every rebuild (see load_project)."""
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
    view = restrict(project.roadmap, settings.audience)
    findings = audience_findings(view, today)
    # A commit cannot say which of a file's items it changed, so its dates
    # and counts could tell of edits to hidden items: only the owner's
    # edition shows the plan history.
    history = load_history(site_root) if settings.audience == "private" else None
    try:
        files = render_site(view, settings, theme, today, findings, history)
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
    return files, settings, project.diagnostics


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
    return BuildResult(output, settings.audience, pages, diagnostics, export_notes(settings))
