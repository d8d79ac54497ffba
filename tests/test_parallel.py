"""Big sites are rendered on every core: the result must be the
same, byte for byte, as one process makes, and errors must read the same."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from roadmapgen import parallel

REPO = Path(__file__).resolve().parent.parent
PAGES = 160  # enough pages to pass the threshold, as `forks` sets it


def _corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    corpus = _corpus_module()
    corpus.write_pages(PAGES, str(root))
    return root, (corpus.DEFAULT_AS_OF + dt.timedelta(days=10)).isoformat()


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def forks(monkeypatch):
    """Counts the pools started; forking is allowed even if the test runner has threads."""
    started = []
    real = parallel.map_forked

    def counted(function, arguments, workers):
        started.append((function.__name__, workers))
        return real(function, arguments, workers)

    monkeypatch.setattr(parallel, "map_forked", counted)
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    # Lower than shipped, so that a small corpus goes through the workers.
    monkeypatch.setattr(parallel, "MIN_PARALLEL_JOBS", 100)
    return started


def test_a_parallel_build_equals_a_single_process_build(big_site, run_main, tmp_path, forks, monkeypatch):
    root, today = big_site
    monkeypatch.setenv("ROADMAPGEN_CACHE_DIR", "off")
    monkeypatch.setenv("ROADMAPGEN_JOBS", "1")
    assert run_main(["build", root, "--out", tmp_path / "one", "--today", today]).code == 0
    assert forks == []
    monkeypatch.setenv("ROADMAPGEN_JOBS", "2")
    assert run_main(["build", root, "--out", tmp_path / "two", "--today", today]).code == 0
    assert sorted(name for name, _ in forks) == ["_render_chunk"]
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert len(one) > PAGES and one == two


def test_a_template_error_in_a_worker_names_its_template_line(big_site, run_main, tmp_path, forks, monkeypatch):
    root, today = big_site
    site = tmp_path / "site"
    for path, data in tree(root).items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)
    (site / "themes/default/templates").mkdir(parents=True)
    (site / "themes/default/templates/page.html").write_text(
        '{% extends "theme:default/page.html" %}\n{% block main %}\n{{ no_such_name.field }}\n{% endblock %}\n')
    monkeypatch.setenv("ROADMAPGEN_JOBS", "2")
    result = run_main(["build", site, "--today", today])
    assert result.code == 1 and "internal error" not in result.stderr
    assert "page.html:3" in result.stderr and "no_such_name" in result.stderr
    assert ("_render_chunk", 2) in forks


def test_each_worker_chunk_sends_back_only_its_own_pages(big_site, forks, monkeypatch):
    """A worker renders several chunks; each must return only what it made,
    or the parent receives (and holds) earlier chunks' pages again."""
    from roadmapgen.build import build_files

    root, today = big_site
    received = []
    counted = parallel.map_forked

    def keep(function, arguments, workers):
        results = counted(function, arguments, workers)
        if function.__name__ == "_render_chunk":
            received.extend(results)
        return results

    monkeypatch.setattr(parallel, "map_forked", keep)
    monkeypatch.setenv("ROADMAPGEN_JOBS", "2")
    monkeypatch.setenv("ROADMAPGEN_CACHE_DIR", "off")
    build_files(root, dt.date.fromisoformat(today), {}, {})
    assert len(received) == 2 * parallel.CHUNKS_PER_WORKER
    pages = [path for files, _ in received for path in files]
    kept = [key for _, memo_used in received for key in memo_used]
    assert len(pages) == len(set(pages)) > PAGES
    assert len(kept) == len(set(kept)) >= PAGES
