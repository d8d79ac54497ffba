"""The root's `visibility.default` (format 1.1, section 10): the level of
everything that sets none.

Each file is parsed on its own, before the root is known (and `serve` keeps
each parse), so a file or entry that sets no level is read as `public`, the
format's own default. Once every file is read, this gives those the root's
default instead: a file that sets none, and an entry that sets none, each
get the default, and an entry stays at least as strict as its file. So with
`default: mentors`, an item is public only when it and its file both say so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from roadmapgen.model import ArchiveFile, Broken, Document, EntriesFile, PlanFile, Root, stricter


def default_level(documents: Iterable[Document | Broken]) -> str:
    """The root's default. With a root too broken to read, nothing can say
    how much is public: everything that sets no level is then private (only
    `serve`'s overlay of findings still shows such a roadmap)."""
    for document in documents:
        if isinstance(document, Root):
            return document.default_visibility
        if isinstance(document, Broken) and document.kind == "roadmap":
            return "private"
    return "public"


def file_level(document: Document, default: str) -> str:
    """A file's level: its own, or the default where it sets none."""
    return document.visibility if "visibility" in document.fields else stricter(document.visibility, default)


def with_default_visibility(documents: list[Document | Broken]) -> list[Document | Broken]:
    """`documents` with the root's default applied to every level not set."""
    default = default_level(documents)
    if default == "public":  # what the parser assumed
        return documents
    return [_with_default(document, default) for document in documents]


def _with_default(document: Document | Broken, default: str) -> Document | Broken:
    if isinstance(document, (Broken, Root)):  # the root's levels are per block (Root.block_level)
        return document
    level = file_level(document, default)

    def entries(each: tuple) -> tuple:
        return tuple(replace(entry, visibility=stricter(
            level, entry.visibility if "visibility" in entry.fields else default)) for entry in each)

    if isinstance(document, (PlanFile, ArchiveFile)):
        return replace(document, visibility=level, items=entries(document.items))
    if isinstance(document, EntriesFile):
        return replace(document, visibility=level, entries=entries(document.entries))
    return replace(document, visibility=level)
