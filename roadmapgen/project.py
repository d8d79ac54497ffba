"""Everything `check` does, as one call: read → parse → link → check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from roadmapgen.checks import check_roadmap
from roadmapgen.config import Settings, load_settings
from roadmapgen.diagnostics import Diagnostic, sort_diagnostics
from roadmapgen.documents import parse_document
from roadmapgen.links import link_roadmap
from roadmapgen.model import Roadmap
from roadmapgen.sources import CONTENT_DIR, load_sources


@dataclass(frozen=True, slots=True)
class Project:
    site_root: Path
    settings: Settings
    roadmap: Roadmap
    diagnostics: tuple[Diagnostic, ...]

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)


def load_project(site_root: Path, today: dt.date, parse_cache: dict | None = None) -> Project:
    """`parse_cache`, when given, keeps each file's parse between calls (keyed
    by path and text, so only changed files are parsed again); `serve` uses it."""
    settings, found = load_settings(site_root)
    sources, source_findings = load_sources(site_root)
    found.extend(source_findings)
    documents = []
    parsed = {}
    for source in sources:
        key = (source.path, source.text)
        if parse_cache is not None and key in parse_cache:
            document, document_findings = parse_cache[key]
        else:
            document, document_findings = parse_document(source.path, source.text)
        parsed[key] = (document, tuple(document_findings))
        found.extend(document_findings)
        if document is not None:
            documents.append(document)
    if parse_cache is not None:
        parse_cache.clear()
        parse_cache.update(parsed)
    roadmap, link_findings = link_roadmap(documents, CONTENT_DIR)
    found.extend(link_findings)
    found.extend(check_roadmap(roadmap, today))
    return Project(site_root, settings, roadmap, tuple(sort_diagnostics(found)))
