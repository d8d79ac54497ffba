"""Parse every source file into a document, one after another."""

from __future__ import annotations

from roadmapgen.diagnostics import Diagnostic
from roadmapgen.read.documents import parse_document
from roadmapgen.read.sources import Source

# What one file parses to: its document (None when skipped) and its findings.
Parsed = tuple[object, tuple[Diagnostic, ...]]


def parse_sources(sources: list[Source], memo: dict | None = None) -> list[Parsed]:
    """One Parsed per source, in order. `memo`, which `serve` keeps between
    rebuilds, holds the last call's parses by (path, text): a file that did
    not change is not parsed again."""
    parsed = []
    for source in sources:
        key = (source.path, source.text)
        found = memo.get(key) if memo is not None else None
        if found is None:
            document, findings = parse_document(source.path, source.text)
            found = (document, tuple(findings))
        parsed.append(found)
    if memo is not None:
        memo.clear()
        memo.update(((s.path, s.text), p) for s, p in zip(sources, parsed))
    return parsed
