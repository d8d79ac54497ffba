"""Everything `check` does, as one call: read → parse → link → effective
statuses → check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from roadmapgen.analyse.checks import check_roadmap
from roadmapgen.analyse.links import link_roadmap
from roadmapgen.analyse.local_files import check_file_links, files_to_read
from roadmapgen.analyse.statuses import with_effective_statuses
from roadmapgen.diagnostics import ERROR, Diagnostic, sort_diagnostics
from roadmapgen.model import Roadmap
from roadmapgen.read.config import Settings, load_settings
from roadmapgen.read.local_files import LocalFile, read_local_files
from roadmapgen.read.parsing import parse_sources
from roadmapgen.read.sources import CONTENT_DIR, Source, load_sources


@dataclass(frozen=True, slots=True)
class Project:
    """What `check` reads and reports: the settings, the linked roadmap and every finding."""

    site_root: Path
    settings: Settings
    roadmap: Roadmap
    diagnostics: tuple[Diagnostic, ...]
    # The files that links in content name (read/local_files.py), by path from the site root.
    local_files: Mapping[str, LocalFile] = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == ERROR for d in self.diagnostics)


def load_project(site_root: Path, today: dt.date, parse_cache: dict | None = None,
                 edits: dict[str, str] | None = None) -> Project:
    """`parse_cache`, which `serve` keeps between calls, holds each file's
    last parse (see parse_sources), so only changed files are parsed again.
    `edits` are texts read in place of the files at their paths, or as new
    files: what `roll` is about to write, checked before it is."""
    settings, found = load_settings(site_root)
    sources, source_findings = load_sources(site_root)
    found.extend(source_findings)
    if edits:
        texts = {source.path: source.text for source in sources} | edits
        sources = [Source(path, texts[path]) for path in sorted(texts, key=lambda path: path.encode("utf-8"))]
    documents = []
    for document, document_findings in parse_sources(sources, parse_cache):
        found.extend(document_findings)
        if document is not None:
            documents.append(document)
    roadmap, link_findings = link_roadmap(documents, CONTENT_DIR)
    found.extend(link_findings)
    local_files = read_local_files(site_root, files_to_read(documents))
    found.extend(check_file_links(documents, local_files))
    roadmap = with_effective_statuses(roadmap, today)
    found.extend(check_roadmap(roadmap, today))
    return Project(site_root, settings, roadmap, tuple(sort_diagnostics(found)), local_files)
