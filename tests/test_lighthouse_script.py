"""benchmarks/lighthouse.py without Lighthouse: how it reads a report, what counts as below 100,
and what it says when Lighthouse is not installed. (The run itself takes minutes: see the README.)"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "lighthouse.py"


@pytest.fixture(scope="module")
def lh():
    spec = importlib.util.spec_from_file_location("lighthouse_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def report(perf=1.0, a11y=1.0, best=1.0, seo=1.0, audits=None):
    categories = {name: {"score": score, "auditRefs": []} for name, score in
                  (("performance", perf), ("accessibility", a11y), ("best-practices", best), ("seo", seo))}
    for audit_id, (category, weight, _score) in (audits or {}).items():
        categories[category]["auditRefs"].append({"id": audit_id, "weight": weight})
    return {"categories": categories,
            "audits": {audit_id: {"score": score, "displayValue": "1 s"}
                       for audit_id, (_c, _w, score) in (audits or {}).items()}}


def test_scores_round_as_lighthouse_shows_them(lh):
    scores = lh.scores_of(report(perf=0.995, a11y=0.994, best=0.985, seo=None))
    assert scores == {"performance": 100, "accessibility": 99, "best-practices": 99, "seo": None}


def test_a_missing_category_or_one_point_short_fails_the_run(lh):
    def run(**scores):
        return lh.Run("default", "index", "mobile", lh.scores_of(report(**scores)), (), None)

    perfect, short, missing = run(), run(perf=0.99), run(seo=None)
    assert lh.failed([perfect, short, missing]) == [short, missing]
    assert "99" in lh.table([short]) and "-" in lh.table([missing]).splitlines()[-1]


def test_the_median_of_runs_never_rounds_a_99_up(lh):
    runs = [lh.scores_of(report(perf=p)) for p in (1.0, 0.99)]
    assert lh.median_scores(runs)["performance"] == 99
    assert lh.median_scores(runs + [lh.scores_of(report())])["performance"] == 100


def test_losses_name_the_audits_that_cost_points_only(lh):
    audits = {"total-blocking-time": ("performance", 30, 0.97), "speed-index": ("performance", 10, 1),
              "color-contrast": ("accessibility", 7, 0), "uses-http2": ("performance", 0, 0)}
    assert lh.losses_of(report(audits=audits)) == ("performance: total-blocking-time 0.97 (1 s)",
                                                   "accessibility: color-contrast 0 (1 s)")


def test_without_lighthouse_it_prints_the_install_command(lh, monkeypatch, capsys):
    monkeypatch.setattr(lh, "find_lighthouse", lambda: None)
    assert lh.main([]) == 2
    assert "npm install --no-save --no-audit --no-fund lighthouse@13.5.0" in capsys.readouterr().err


def test_a_page_without_a_report_fails_with_lighthouses_words_and_the_rest_still_run(lh, monkeypatch, capsys):
    broken = [sys.executable, "-c", "import sys; sys.stderr.write('Chrome could not start'); sys.exit(1)"]
    monkeypatch.setattr(lh, "find_lighthouse", lambda: broken)
    monkeypatch.setattr(lh, "find_chrome", lambda: sys.executable)
    monkeypatch.setattr(lh, "build", lambda theme, out, base_url: out.mkdir())  # the build is not under test
    args = ["--theme", "default", "--page", "gaps", "--page", "index", "--form-factor", "desktop"]
    assert lh.main(args) == 1
    out = capsys.readouterr().out
    assert out.count("no report: Chrome could not start") == 2
    rows = [line.split() for line in out.splitlines() if line.startswith("default ") and line.endswith("-")]
    assert rows == [["default", "gaps", "desktop", "-", "-", "-", "-"],
                    ["default", "index", "desktop", "-", "-", "-", "-"]]
