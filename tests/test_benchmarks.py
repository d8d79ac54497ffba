"""Smoke tests for benchmarks/: the runner works end to end, and the
generated inputs are valid and deterministic. No timing assertions."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks"
CORPUS = BENCH / "corpus.py"
AS_OF = dt.date(2026, 11, 2)
TODAY = (AS_OF + dt.timedelta(days=10)).isoformat()
# Findings the generator is responsible for avoiding: they would mean the
# corpus lost its structure (pyramid of serves, closed gaps, focused month).
STRUCTURAL = {"orphan", "no-next-step", "gap-unaddressed", "vague-30-days", "overdue", "review-overdue"}


def python(*args, timeout=300, cwd=REPO):
    return subprocess.run([sys.executable, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_quick_run_measures_every_scenario_and_each_target(tmp_path):
    results = tmp_path / "results"
    done = python(BENCH / "run.py", "--quick", "--results", results, "--name", "smoke")
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "nproc" in out and "Python" in out
    assert "wall median" in out and "cpu median" in out and "peak RSS" in out
    data = json.loads((results / "smoke.json").read_text(encoding="utf-8"))
    names = [s["name"] for s in data["scenarios"]]
    assert names == ["floor", "floor-jinja2", "check-example", "build-example", "check-20", "build-20"]
    for s in data["scenarios"]:
        assert s["runs"] == 1 and s["failure"] is None, s
        assert s["wall_median_s"] > 0 and s["peak_rss_bytes"] > 0
    assert [(t["scenario"], t["over"], t["at_most"]) for t in data["targets"]] == [
        ("check-example", "floor", 2.5), ("build-example", "floor-jinja2", 4.5)]
    assert "target: check-example / floor" in out and "target: build-example / floor-jinja2" in out


def test_generated_roadmap_checks_clean_and_is_deterministic(tmp_path, run_main):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        done = python(CORPUS, "roadmap", 200, out, "--as-of", AS_OF.isoformat())
        assert done.returncode == 0, done.stderr
    assert tree(first) == tree(second)
    files = tree(first)
    plans = [p for p in files if p.startswith("content/plans/")]
    assert len({p.split("/")[2] for p in plans}) == 5  # all five horizons
    assert len(plans) > 5  # several files per horizon

    done = run_main(["check", first, "--format", "json", "--today", TODAY])
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    assert report["errors"] == 0, json.dumps(report["findings"][:10], indent=2)
    assert done.code == 0
    structural = [f for f in report["findings"] if f["code"] in STRUCTURAL]
    assert not structural, json.dumps(structural[:10], indent=2)


def test_pages_corpus_checks_clean(tmp_path, run_main):
    done = python(CORPUS, "pages", 30, tmp_path / "p")
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "p" / "content" / "pages").glob("*.md"))) == 30
    done = run_main(["check", tmp_path / "p", "--format", "json", "--today", TODAY])
    assert "internal error" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    assert report["errors"] == 0, json.dumps(report["findings"][:10], indent=2)
