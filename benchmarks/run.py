#!/usr/bin/env python3
"""Time roadmapgen's commands as a user runs them, against its speed targets.

    python benchmarks/run.py                 # 15 paired rounds
    python benchmarks/run.py --runs 31
    python benchmarks/run.py --quick         # 1 round, a 20-item roadmap: a smoke test (used by the tests)

Every round runs each scenario once, in a fresh process, in the same order,
so a busy moment of the machine hits all of them alike ("paired"):

- `floor`: `python -c "import yaml, markdown_it, mdit_py_plugins.footnote, frontmatter"`,
  the import floor of the stack roadmapgen is built on;
- `floor-jinja2`: the same with jinja2;
- `check-example`, `build-example`: this repository's example roadmap;
- `check-700`, `build-700`: a generated roadmap of 700 items in about 60
  files (benchmarks/corpus.py), the size of a big personal roadmap.

The table shows the median wall time, the median CPU time (user + sys of the
child, from os.wait4) and the peak RSS, then each target as a ratio of
medians: `check-example` at most 2.5x `floor`, `build-example` at most 4.5x
`floor-jinja2`. Results go to benchmarks/results/<name>.json (or --results
DIR).

Exit status: 0 when every run exited 0, else 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402  (benchmarks/corpus.py)

EXAMPLE_TODAY = "2026-11-23"
ROADMAP_ITEMS = 700  # about 60 files
FLOOR = "import yaml, markdown_it, mdit_py_plugins.footnote, frontmatter"
# (scenario, over scenario, at most): the speed targets, as ratios of median wall times.
TARGETS = (("check-example", "floor", 2.5), ("build-example", "floor-jinja2", 4.5))
MAXRSS_UNIT = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux


# -- measuring one process ------------------------------------------------------

@dataclass
class Sample:
    wall: float
    cpu: float
    user: float
    sys: float
    maxrss: int  # bytes
    status: int


def user_environment(env: dict | None = None) -> dict:
    """The environment to time a command in: like `env` (default: this one)
    but without PYTHONDONTWRITEBYTECODE, which some sandboxes set and which
    would make every run compile roadmapgen's modules from source."""
    env = dict(os.environ if env is None else env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[Sample, str, str]:
    """Run `cmd` once; time it from spawn to reaping with wait4, which also
    gives the child's own CPU time and peak RSS. Output goes to temporary
    files (not pipes) so a chatty command cannot block. The command may write
    .pyc files, as an installed program does, whatever this shell says."""
    env = user_environment(env)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    sample = Sample(wall=wall, cpu=usage.ru_utime + usage.ru_stime, user=usage.ru_utime, sys=usage.ru_stime,
                    maxrss=usage.ru_maxrss * MAXRSS_UNIT, status=proc.returncode)
    return sample, stdout, stderr


# -- scenarios ------------------------------------------------------------------

@dataclass
class Scenario:
    name: str
    what: str
    command: list
    setup: object = None  # untimed, before each run
    samples: list = field(default_factory=list)
    failure: str | None = None
    note: str = ""


def roadmapgen_command(override: str | None) -> list[str]:
    """The console script beside this Python (not a pyenv/asdf shim, whose
    shell start-up would be timed too), else `python -m roadmapgen`."""
    if override:
        return override.split()
    for candidate in (Path(sys.executable).parent / "roadmapgen", Path(sys.executable).parent / "roadmapgen.exe"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    return [sys.executable, "-m", "roadmapgen"]


def fresh(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)


def make_scenarios(rg: list[str], roadmap: Path, items: int, work: Path) -> list[Scenario]:
    today = (corpus.DEFAULT_AS_OF + dt.timedelta(days=10)).isoformat()
    example_out, roadmap_out = work / "out-example", work / "out-roadmap"
    return [
        Scenario("floor", "import the stack: PyYAML, markdown-it-py, mdit-py-plugins, python-frontmatter",
                 [sys.executable, "-c", FLOOR]),
        Scenario("floor-jinja2", "the same and jinja2", [sys.executable, "-c", FLOOR + ", jinja2"]),
        Scenario("check-example", "check the repository's example roadmap",
                 rg + ["check", str(REPO), "--today", EXAMPLE_TODAY]),
        Scenario("build-example", "build the example into a fresh folder",
                 rg + ["build", str(REPO), "--out", str(example_out), "--today", EXAMPLE_TODAY],
                 setup=lambda: fresh(example_out)),
        Scenario(f"check-{items}", f"check a generated roadmap of {items} items",
                 rg + ["check", str(roadmap), "--today", today]),
        Scenario(f"build-{items}", "build it into a fresh folder",
                 rg + ["build", str(roadmap), "--out", str(roadmap_out), "--today", today],
                 setup=lambda: fresh(roadmap_out)),
    ]


# -- reporting --------------------------------------------------------------------

def machine_info(rg: list[str]) -> dict:
    try:
        affinity = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        affinity = None
    info = {
        "nproc": affinity or os.cpu_count(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "roadmapgen_command": rg,
    }
    try:
        info["roadmapgen"] = subprocess.run(rg + ["--version"], capture_output=True, text=True,
                                            timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        info["roadmapgen"] = None
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=30).stdout.strip()
        info["git"] = head + ("+dirty" if dirty else "") if head else None
    except (OSError, subprocess.SubprocessError):
        info["git"] = None
    return info


def summarise(s: Scenario) -> dict:
    walls = [x.wall for x in s.samples]
    cpus = [x.cpu for x in s.samples]
    return {
        "name": s.name, "what": s.what, "runs": len(s.samples),
        "wall_median_s": statistics.median(walls) if walls else None,
        "wall_min_s": min(walls) if walls else None,
        "cpu_median_s": statistics.median(cpus) if cpus else None,
        "peak_rss_bytes": max((x.maxrss for x in s.samples), default=None),
        "note": s.note, "failure": s.failure,
        "samples": [vars(x) for x in s.samples],
    }


def table(rows: list[dict]) -> str:
    head = ("scenario", "runs", "wall median", "cpu median", "peak RSS", "result")
    lines = []
    for r in rows:
        if r["failure"]:
            result = "FAILED: " + r["failure"].splitlines()[0][:60]
        else:
            result = r["note"]
        fmt = lambda v: "-" if v is None else "%.3f s" % v  # noqa: E731
        lines.append((r["name"], str(r["runs"]), fmt(r["wall_median_s"]), fmt(r["cpu_median_s"]),
                      "-" if r["peak_rss_bytes"] is None else "%.1f MiB" % (r["peak_rss_bytes"] / 2**20),
                      result))
    widths = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h) for i, h in enumerate(head)]
    right = {1, 2, 3, 4}

    def row(cells):
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return "\n".join([row(head), row(["-" * w for w in widths])] + [row(l) for l in lines])


def result_note(stdout: str, stderr: str) -> str:
    """The last meaningful line: 'no findings', '3 warnings', 'built 67 pages'."""
    for text in (stdout, stderr):
        lines = [l.strip() for l in text.strip().splitlines() if l.strip()]
        if lines:
            last = lines[-1]
            if last.startswith("built "):
                last = last.split(" for the ")[0]
            return last[:60]
    return ""


def targets(rows: list[dict]) -> list[dict]:
    """Each target as a ratio of median wall times, and whether it is met."""
    wall = {r["name"]: r["wall_median_s"] for r in rows if not r["failure"]}
    found = []
    for name, floor, most in TARGETS:
        if wall.get(name) and wall.get(floor):
            ratio = wall[name] / wall[floor]
            found.append({"scenario": name, "over": floor, "ratio": round(ratio, 2), "at_most": most, "met": ratio <= most})
    return found


# -- main -------------------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=None, help="paired rounds (default 15; 1 with --quick)")
    parser.add_argument("--quick", action="store_true", help="1 round and a 20-item roadmap: a smoke test")
    parser.add_argument("--results", type=Path, default=HERE / "results", metavar="DIR",
                        help="where the JSON goes (default benchmarks/results)")
    parser.add_argument("--name", default=None, help="results file name without .json (default: a timestamp)")
    parser.add_argument("--roadmapgen", default=None, metavar="CMD",
                        help="the command to time (default: the console script beside this Python)")
    args = parser.parse_args(argv)
    if args.runs is None:
        args.runs = 1 if args.quick else 15
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    items = 20 if args.quick else ROADMAP_ITEMS

    rg = roadmapgen_command(args.roadmapgen)
    work = Path(tempfile.mkdtemp(prefix="roadmapgen-bench-"))
    try:
        written = corpus.write_roadmap(items, str(work / "roadmap"))
        scenarios = make_scenarios(rg, work / "roadmap", items, work)
        info = machine_info(rg)
        started = dt.datetime.now().astimezone()
        print("roadmapgen benchmarks: %s (git %s)" % (info.get("roadmapgen") or "?", info.get("git") or "?"))
        print("machine: nproc %s, Python %s (%s), %s" % (info["nproc"], info["python"], info["implementation"],
                                                          info["platform"]))
        print("rounds: %d; generated roadmap: %d items, %d files; command: %s" % (
            args.runs, items, written.files, " ".join(rg)))
        print(flush=True)
        # Untimed: writes the .pyc files, so that no first sample compiles them.
        measure(rg + ["build", str(REPO), "--out", str(work / "pyc-warm-up"), "--today", EXAMPLE_TODAY])
        for i in range(args.runs):
            for s in scenarios:
                if s.failure:
                    continue
                if s.setup:
                    s.setup()
                sample, stdout, stderr = measure(s.command)
                s.samples.append(sample)
                s.note = result_note(stdout, stderr)
                if sample.status != 0:
                    s.failure = "exit %d: %s" % (sample.status, (stderr.strip() or stdout.strip())[-3000:])

        rows = [summarise(s) for s in scenarios]
        print(table(rows))
        met = targets(rows)
        if met:
            print()
        for t in met:
            print("target: %s / %s = %.2f (at most %.1f): %s" % (
                t["scenario"], t["over"], t["ratio"], t["at_most"], "met" if t["met"] else "NOT met"))
        failed = [r["name"] for r in rows if r["failure"]]
        if failed:
            print("\nFAILED: " + ", ".join(failed))

        args.results.mkdir(parents=True, exist_ok=True)
        name = args.name or started.strftime("%Y%m%d-%H%M%S")
        path = args.results / (name + ".json")
        payload = {"started": started.isoformat(timespec="seconds"), "machine": info, "runs": args.runs,
                   "roadmap_items": items, "scenarios": rows, "targets": met}
        path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print("\nresults: %s" % path)
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
