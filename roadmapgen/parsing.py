"""Parse every source file into a document: from the on-disk cache when the
file is unchanged, on every core when there is much to parse, else here."""

from __future__ import annotations

from typing import Callable, Iterable

from roadmapgen import markdown
from roadmapgen.cache import ContentCache, source_key
from roadmapgen.diagnostics import Diagnostic
from roadmapgen.parallel import CHUNKS_PER_WORKER, map_forked, worker_count
from roadmapgen.sources import Source

# Below this much text to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_CHARS = 500_000

# What one file parses to: its document (None when skipped), its findings and
# every Markdown text it holds, compiled: ((text, allow_html), Compiled) pairs.
Parsed = tuple[object, tuple[Diagnostic, ...], tuple]


def parse_sources(sources: list[Source], allow_html: bool, open_cache: Callable[[], ContentCache] | None = None,
                  memo: dict | None = None) -> tuple[list[Parsed], ContentCache | None]:
    """One Parsed per source, in order, and the on-disk cache if it was
    opened (only when `memo`, the in-process cache by key that `serve` keeps
    between rebuilds, misses a file) for the caller to save."""
    markdown.COMPILED.clear()  # it holds the texts of one site at a time
    keys = [source_key(s.path, s.text) for s in sources]
    results: list[Parsed | None] = [None] * len(sources)
    missing = []
    cache = None
    for index, key in enumerate(keys):
        found = memo.get(key) if memo is not None else None
        if found is None and open_cache is not None:
            cache = cache or open_cache()
            found = cache.get(key)
        if found is None:
            missing.append(index)
        else:
            results[index] = found
            markdown.COMPILED.update(found[2])
    parsed = _parse([(sources[i].path, sources[i].text) for i in missing], allow_html)
    for index, result in zip(missing, parsed):
        results[index] = result
        markdown.COMPILED.update(result[2])
        if cache is not None:
            cache.put(keys[index], result)
    if memo is not None:
        memo.clear()
        memo.update(zip(keys, results))
    return results, cache  # type: ignore[return-value]


def _parse(files: list[tuple[str, str]], allow_html: bool) -> list[Parsed]:
    if not files:
        return []
    workers = worker_count(sum(len(text) for _, text in files), PARALLEL_MIN_CHARS)
    if workers < 2 or len(files) < 2:
        return _parse_files(files, allow_html)
    # Load the parsers here, once, rather than once in every worker.
    import roadmapgen.documents  # noqa: F401 - and with it YAML

    markdown.load_parser()
    chunks = _chunks(files, workers * CHUNKS_PER_WORKER)
    done = map_forked(_parse_files, [(chunk, allow_html) for chunk in chunks], workers)
    return [result for chunk in done for result in chunk]


def _chunks(files: list[tuple[str, str]], count: int) -> list[list[tuple[str, str]]]:
    """`count` runs of consecutive files of about equal text size (order kept)."""
    total = sum(len(text) for _, text in files)
    size = max(1, total // count)
    chunks, current, filled = [], [], 0
    for file in files:
        current.append(file)
        filled += len(file[1])
        if filled >= size:
            chunks.append(current)
            current, filled = [], 0
    if current:
        chunks.append(current)
    return chunks


def _parse_files(files: Iterable[tuple[str, str]], allow_html: bool) -> list[Parsed]:
    from roadmapgen.documents import parse_document  # with YAML: not needed when all is cached

    results = []
    for path, text in files:
        with markdown.recording() as texts:
            document, findings = parse_document(path, text)
        compiled = [(key, markdown.COMPILED[key]) for key in texts]
        if allow_html:  # the pages show these texts with raw HTML allowed
            compiled += [((t, True), markdown.compile_markdown(t, True)) for t, _ in texts]
        results.append((document, tuple(findings), tuple(compiled)))
    return results
