"""Links and images to local files (`![me](me.svg)`, `[notes](notes/x.md)`):
every one in every text, where each leads, and `missing-file` for those
that lead nowhere a page can reach (docs/format.md, "Local files and links")."""

from __future__ import annotations

import posixpath
import unicodedata
from functools import lru_cache
from typing import Iterable, Iterator, Mapping

from roadmapgen.diagnostics import Diagnostic, did_you_mean, error, warning
from roadmapgen.model import CONTENT_DIR, Broken, Document, FileLink, Root
from roadmapgen.read.local_files import LocalFile, in_content, is_markdown
from roadmapgen.read.urls import LocalTarget, local_target


def file_links(documents: Iterable[Document | Broken]) -> Iterator[tuple[FileLink, LocalTarget]]:
    """Every link to a local file in every text of `documents`, and where it leads."""
    for document in documents:
        if isinstance(document, Broken):
            continue
        refs = [*document.body_refs]
        if isinstance(document, Root):
            refs += [*document.vision_refs, *document.industry_refs]
            refs += [ref for part in document.vision_parts for ref in part.refs]
            refs += [ref for person in document.people for ref in person.notes_refs]
            refs += [ref for metric in document.metrics for ref in metric.notes_refs]
        for entry in (*getattr(document, "items", ()), *getattr(document, "entries", ())):
            refs += entry.notes_refs
        for ref in refs:
            if isinstance(ref, FileLink):
                target = local_target(ref.pos.path, ref.url)
                if target is not None:
                    yield ref, target


def files_to_read(documents: list[Document | Broken]) -> set[str]:
    """The paths of the files that links name, but for content files (pages)."""
    pages = {document.path for document in documents}
    return {target.path for _, target in file_links(documents) if target.path not in pages}


def check_file_links(documents: list[Document | Broken], files: Mapping[str, LocalFile]) -> list[Diagnostic]:
    """`missing-file` for every link to a local file that no page can reach;
    `bad-path` for one to a symbolic link out of the site or into .git."""
    pages = {document.path for document in documents}
    found = []
    for link, target in file_links(documents):
        path = target.path
        if path in pages:
            continue
        shown = f"'{link.url}' leads to {path}"
        if not in_content(path):
            found.append(warning("missing-file", link.pos,
                                 f"{shown}, outside {CONTENT_DIR}/: only files in {CONTENT_DIR}/ are published",
                                 "move the file into content/, beside the Markdown file, and link to it there"))
            continue
        if is_markdown(path):
            folder = posixpath.dirname(path)
            nearby = [posixpath.basename(p) for p in pages if posixpath.dirname(p) == folder]
            otherwise = "link to a content file, as a path from this file's folder"
            found.append(warning("missing-file", link.pos, f"{shown}, which is not a content file",
                                 _hint(path, nearby, otherwise)))
            continue
        file = files.get(path, LocalFile(problem="which does not exist"))
        if file.refused:
            found.append(error("bad-path", link.pos, f"{shown}, {file.problem}",
                               "copy the file into content/ instead of linking to it"))
        elif file.real is None:
            otherwise = "put the file there, or fix the link: a link is read from the folder of the file it is in"
            found.append(warning("missing-file", link.pos, f"{shown}, {file.problem}",
                                 _hint(path, file.nearby, otherwise)))
    return found


# The most names beside a missing file to compare it with: the comparison
# costs their number for each missing file, and a folder may hold thousands.
MAX_COMPARED = 100


def _stem(name: str) -> str:
    return unicodedata.normalize("NFC", posixpath.splitext(name)[0]).casefold()


@lru_cache(maxsize=8)  # the names of one folder, for each of its missing files
def _by_stem(names: tuple[str, ...]) -> dict[str, str]:
    return {stem: name for name in reversed(names) if (stem := _stem(name))}


def _hint(path: str, nearby: Iterable[str], otherwise: str) -> str:
    name = posixpath.basename(path)
    others = [n for n in nearby if n != name]
    # Another extension or case (photo.jpg for photo.png) is found at any count.
    meant = _by_stem(tuple(others)).get(_stem(name))
    if meant is None and len(others) <= MAX_COMPARED:
        meant = did_you_mean(name, others)
    if meant and unicodedata.normalize("NFC", meant) == unicodedata.normalize("NFC", name):
        return (f"the file is '{ascii(meant)[1:-1]}', the same name spelt in another Unicode form, as "
                "macOS may save it: rename the file or type the link again")
    return f"did you mean '{meant}'?" if meant else otherwise
