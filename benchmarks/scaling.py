"""How build time and peak memory grow with the size of a roadmap.

    python benchmarks/scaling.py                 # items: 500 .. 8000, reviews: 100 .. 800, body: 0.5 .. 4 MB
    python benchmarks/scaling.py --quick         # smaller sizes, for a smoke test
    python benchmarks/scaling.py --json          # machine-readable
    python benchmarks/scaling.py --only items    # one series

Each size is built in a fresh process (so peak memory is that build's own,
read from ru_maxrss) with `build_files`, into memory: this measures the
generator, not the disk. Growth is called linear when, over the last two
doublings, the second increment of time and of memory is at most ~2.5 times
the first (an exponent of at most 1.3; 1 is linear, 2 quadratic).

`make_site(root, items=..., reviews=..., body_bytes=...)` is also used by
tests/test_big_inputs.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path

TODAY = dt.date(2026, 11, 10)
HORIZON_FILES = (("next-30-days.md", "30-days"), ("next-quarter.md", "quarter"), ("year-1.md", "year"),
                 ("years-2-3.md", "3-years"), ("vision.md", "10-years"))


def make_site(root: Path, items: int = 10, reviews: int = 1, body_bytes: int = 0) -> Path:
    """A valid roadmap with `items` plan items spread over the horizons (each
    serving one on the next horizon up and closing a gap), a gap per 50
    items, `reviews` monthly reviews and a page whose body is `body_bytes` of
    Markdown."""
    content = root / "content"
    (content / "reviews").mkdir(parents=True, exist_ok=True)
    (content / "notes").mkdir(parents=True, exist_ok=True)
    (content / "index.md").write_text(
        "---\nkind: roadmap\ntitle: Big roadmap\nowner: Bea Big\nas_of: 2026-11-01\n"
        "target:\n  role: Staff Engineer\n  by: 2028-06-30\n"
        "cadence:\n  monthly: 3650\n  quarterly: 3650\n  annual: 3650\n---\n\nA big roadmap.\n")
    gaps = max(1, items // 50)
    (content / "gaps.md").write_text("---\nkind: gaps\nitems:\n" + "".join(
        f"  - id: gap-{g}\n    title: Gap {g}\n    area: skills\n    now: Today {g}\n    needed: Needed {g}\n"
        for g in range(gaps)) + "---\n")
    # Split the items over the horizons: longer horizons get fewer.
    shares = (0.4, 0.3, 0.2, 0.07, 0.03)
    counts = [max(1, int(items * s)) for s in shares]
    counts[0] += items - sum(counts)
    previous: list[str] = []
    for (name, horizon), count in reversed(list(zip(HORIZON_FILES, counts))):
        ids = [f"{horizon}-{n}" for n in range(count)]
        lines = []
        for n, item_id in enumerate(ids):
            serves = previous[n % len(previous)] if previous else "target"
            due = f"    due: {TODAY + dt.timedelta(days=5 + n % 15)}\n" if horizon == "30-days" else ""
            lines.append(f"  - id: {item_id}\n    title: Item {item_id} with a **title**\n    serves: {serves}\n"
                         f"    closes: gap-{n % gaps}\n{due}    status: {'active' if n % 3 else 'planned'}\n"
                         f"    notes: Notes for {item_id}, see [[{serves}]].\n")
        (content / name).write_text(f"---\nkind: plan\nhorizon: {horizon}\nitems:\n" + "".join(lines) + "---\n")
        previous = ids
    start = TODAY - dt.timedelta(days=reviews + 1)
    for r in range(reviews):
        date = start + dt.timedelta(days=r)
        (content / "reviews" / f"{date}-monthly.md").write_text(
            f"---\nkind: review\ndate: {date}\ntype: monthly\nratings:\n  role_satisfaction: {r % 11}\n"
            f"metrics:\n  skill_hours: {r % 17}\n---\n\nReview {r}: progress on [[30-days-{r % counts[0]}]].\n")
    paragraph = ("Some *Markdown* with a [link](https://example.com/) and `code`, "
                 "plus [[30-days-0]] and a list:\n\n- one\n- two\n\n")
    repeat = max(1, body_bytes // len(paragraph)) if body_bytes else 1
    (content / "notes" / "big.md").write_text("---\ntitle: A big page\n---\n\n" + paragraph * repeat)
    return root


def measure(items: int, reviews: int, body_bytes: int) -> dict:
    """Build one size in a fresh process: seconds and peak resident MB."""
    code = f"""
import json, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from scaling import TODAY, make_site
from roadmapgen.build import build_files
with tempfile.TemporaryDirectory() as folder:
    root = make_site(Path(folder), items={items}, reviews={reviews}, body_bytes={body_bytes})
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    files, _, _ = build_files(root, TODAY)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({{"seconds": seconds, "peak_mb": peak / 1024, "base_mb": base / 1024,
                      "files": len(files), "output_mb": sum(map(len, files.values())) / 1e6}}))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def slope(rows: list[dict], size_key: str, value_key: str, baseline: float = 0.0) -> float:
    """How fast a value grows with size, as an exponent: 1 is linear, 2 quadratic.

    From the last three sizes (a geometric series, ratio r): if value = a +
    b * size**k, the two increments between them differ by r**k, whatever
    fixed cost `a` (start-up, theme, baseline) is in every build. Noise near
    zero growth reads as 0 (nothing measurable)."""
    (s1, v1), (s2, v2), (s3, v3) = [(r[size_key], r[value_key]) for r in rows[-3:]]
    d1, d2 = v2 - v1, v3 - v2
    if d2 <= 0 or d2 < 0.02 * max(abs(v3 - baseline), 1e-9):
        return 0.0
    if d1 <= 0:
        return float("inf")
    return math.log(d2 / d1) / math.log(s3 / s2)


SERIES = {
    "items": ([500, 1000, 2000, 4000, 8000], lambda n: {"items": n, "reviews": 1, "body_bytes": 0}),
    "reviews": ([100, 200, 400, 800], lambda n: {"items": 10, "reviews": n, "body_bytes": 0}),
    "body_bytes": ([500_000, 1_000_000, 2_000_000, 4_000_000], lambda n: {"items": 10, "reviews": 1, "body_bytes": n}),
}
QUICK = {"items": [250, 500, 1000], "reviews": [50, 100, 200], "body_bytes": [250_000, 500_000, 1_000_000]}


def run(quick: bool = False, only: list[str] | None = None) -> dict:
    baseline = measure(10, 1, 0)
    report = {"baseline": baseline, "series": {}}
    for name, (sizes, params) in SERIES.items():
        if only and name not in only:
            continue
        rows = [{"size": n, **measure(**params(n))} for n in (QUICK[name] if quick else sizes)]
        time_slope = slope(rows, "size", "seconds", baseline["seconds"])
        memory_slope = slope(rows, "size", "peak_mb", baseline["peak_mb"])
        report["series"][name] = {"rows": rows, "time_slope": round(time_slope, 2), "memory_slope": round(memory_slope, 2),
                                  "linear": time_slope <= 1.3 and memory_slope <= 1.3}
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--only", action="append", choices=sorted(SERIES), help="measure only this series (repeatable)")
    args = parser.parse_args(argv)
    report = run(args.quick, args.only)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    base = report["baseline"]
    print(f"baseline (10 items): {base['seconds']:.2f} s, {base['peak_mb']:.0f} MB peak")
    for name, series in report["series"].items():
        print(f"\n{name}: growth exponent (1 = linear, 2 = quadratic) time {series['time_slope']}, memory {series['memory_slope']} "
              f"-> {'linear' if series['linear'] else 'NOT linear'}")
        print(f"  {'size':>10} {'seconds':>8} {'peak MB':>8} {'files':>6} {'output MB':>9}")
        for row in series["rows"]:
            print(f"  {row['size']:>10} {row['seconds']:>8.2f} {row['peak_mb']:>8.0f} {row['files']:>6} {row['output_mb']:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
