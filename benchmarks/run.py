#!/usr/bin/env python3
"""Time roadmapgen's commands as a user runs them: one subprocess per run.

    python benchmarks/run.py                       # sizes 100,1000,5000, 5 runs each
    python benchmarks/run.py --sizes 100,1000 --runs 5
    python benchmarks/run.py --only check,build-1000
    python benchmarks/run.py --quick               # sizes 20, 1 run: a CI smoke test

For every scenario, each run is a fresh process; the table shows the median
wall time, the median CPU time (user + sys of the child, from os.wait4) and
the peak resident set size (the maximum over the runs of ru_maxrss). Results
go to benchmarks/results/<name>.json (or --results DIR). Generated corpora are
written once per size into a temporary folder and removed at the end.

Exit status: 0 when every run of every scenario exited 0, else 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
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
DEFAULT_SIZES = (100, 1000, 5000)
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
    input: str
    what: str
    command: callable            # (run index) -> argv; may prepare files (untimed)
    setup: callable | None = None  # (run index) -> None, untimed, before each run
    # The content cache: "cold" is a new, empty cache for every run (a fresh
    # clone); "warm" is one cache for all runs, filled by an untimed build first.
    cache: str = "cold"
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


class Corpora:
    """Generated corpora, each written once, under one temporary folder."""

    def __init__(self, root: Path):
        self.root = root
        self.made: dict[tuple[str, int], Path] = {}

    def get(self, kind: str, n: int) -> Path:
        key = (kind, n)
        if key not in self.made:
            path = self.root / ("%s-%d" % (kind, n))
            start = time.perf_counter()
            w = corpus.write_roadmap(n, str(path)) if kind == "roadmap" else corpus.write_pages(n, str(path))
            print("  generated %s corpus N=%d: %d files, %d KiB in %.1fs" % (
                kind, n, w.files, w.bytes // 1024, time.perf_counter() - start), file=sys.stderr, flush=True)
            self.made[key] = path
        return self.made[key]


def fresh(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)


def make_scenarios(args, rg: list[str], corpora: Corpora, work: Path) -> list[Scenario]:
    today = (corpus.DEFAULT_AS_OF + dt.timedelta(days=10)).isoformat()
    out: list[Scenario] = []

    out.append(Scenario("version", "-", "start-up: import the CLI and print the version",
                        lambda i: rg + ["--version"]))
    out.append(Scenario("check-example", "content/ (repo)", "check the repository's example roadmap",
                        lambda i: rg + ["check", str(REPO), "--today", EXAMPLE_TODAY]))
    out.append(Scenario("check-example-warm", "content/ (repo)", "check the example again, with the content cache",
                        lambda i: rg + ["check", str(REPO), "--today", EXAMPLE_TODAY], cache="warm"))
    example_out = work / "out-example"
    out.append(Scenario("build-example", "content/ (repo)", "build the example roadmap into a fresh folder",
                        lambda i: rg + ["build", str(REPO), "--out", str(example_out), "--today", EXAMPLE_TODAY],
                        setup=lambda i: fresh(example_out)))
    for n in args.sizes:
        out.append(Scenario("check-%d" % n, "roadmap N=%d" % n, "check a generated roadmap of N items",
                            lambda i, n=n: rg + ["check", str(corpora.get("roadmap", n)), "--today", today]))
    for n in args.sizes:
        build_out = work / ("out-roadmap-%d" % n)
        out.append(Scenario("build-%d" % n, "roadmap N=%d" % n,
                            "build a generated roadmap of N items into a fresh folder",
                            lambda i, n=n, o=build_out: rg + ["build", str(corpora.get("roadmap", n)), "--out", str(o),
                                                              "--today", today],
                            setup=lambda i, o=build_out: fresh(o)))
    for n in args.sizes:
        pages_out = work / ("out-pages-%d" % n)
        out.append(Scenario("build-pages-%d" % n, "pages N=%d" % n,
                            "build N free pages of ~400 words (comparable with other generators)",
                            lambda i, n=n, o=pages_out: rg + ["build", str(corpora.get("pages", n)), "--out", str(o),
                                                              "--today", today],
                            setup=lambda i, o=pages_out: fresh(o)))
        out.append(Scenario("build-pages-%d-warm" % n, "pages N=%d" % n,
                            "build the N pages again into a fresh folder, with the content cache",
                            lambda i, n=n, o=pages_out: rg + ["build", str(corpora.get("pages", n)), "--out", str(o),
                                                              "--today", today],
                            setup=lambda i, o=pages_out: fresh(o), cache="warm"))
    if args.sizes:
        n = max(args.sizes)
        touch_out = work / "out-touch"

        def touch_setup(i, n=n, o=touch_out):
            # Untimed: a full build into `o` (it fills the cache), then edit one content file.
            site = corpora.get("roadmap", n)
            sample, stdout, stderr = measure(rg + ["build", str(site), "--out", str(o), "--today", today],
                                             env={**os.environ, "ROADMAPGEN_CACHE_DIR": str(work / "cache-touch")})
            if sample.status:
                raise RuntimeError("setup build failed:\n" + stderr[-2000:])
            target = site / "content" / "plans" / "quarter" / "part-001.md"
            with open(target, "a", encoding="utf-8") as stream:
                stream.write("\nEdited in run %d.\n" % (i + 1))

        out.append(Scenario("rebuild-touch-one", "roadmap N=%d" % n,
                            "build, edit one plan file, build again into the same folder with the cache (second build timed)",
                            lambda i, n=n, o=touch_out: rg + ["build", str(corpora.get("roadmap", n)), "--out", str(o),
                                                              "--today", today],
                            setup=touch_setup, cache="touch"))
    return out


def cache_env(s: Scenario, i: int, cmd: list[str], work: Path) -> dict:
    """The environment of run `i`: ROADMAPGEN_CACHE_DIR per the scenario's cache."""
    if s.cache == "cold":
        folder = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    elif s.cache == "touch":
        folder = work / "cache-touch"  # filled by the scenario's own set-up
    else:
        folder = work / ("cache-" + s.name)
        if i == 0:
            measure(cmd, env={**os.environ, "ROADMAPGEN_CACHE_DIR": str(folder)})  # untimed: fill it
    return {**os.environ, "ROADMAPGEN_CACHE_DIR": str(folder)}


def selected(name: str, patterns: list[str]) -> bool:
    if not patterns:
        return True
    for pattern in patterns:
        if any(c in pattern for c in "*?["):
            if fnmatch.fnmatchcase(name, pattern):
                return True
        elif name == pattern or name.startswith(pattern + "-"):
            return True
    return False


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
        "name": s.name, "input": s.input, "what": s.what, "runs": len(s.samples),
        "wall_median_s": statistics.median(walls) if walls else None,
        "wall_min_s": min(walls) if walls else None,
        "cpu_median_s": statistics.median(cpus) if cpus else None,
        "peak_rss_bytes": max((x.maxrss for x in s.samples), default=None),
        "note": s.note, "failure": s.failure,
        "samples": [vars(x) for x in s.samples],
    }


def table(rows: list[dict]) -> str:
    head = ("scenario", "input", "runs", "wall median", "cpu median", "peak RSS", "result")
    lines = []
    for r in rows:
        if r["failure"]:
            result = "FAILED: " + r["failure"].splitlines()[0][:60]
        else:
            result = r["note"]
        fmt = lambda v: "-" if v is None else "%.3f s" % v  # noqa: E731
        lines.append((r["name"], r["input"], str(r["runs"]), fmt(r["wall_median_s"]), fmt(r["cpu_median_s"]),
                      "-" if r["peak_rss_bytes"] is None else "%.1f MiB" % (r["peak_rss_bytes"] / 2**20),
                      result))
    widths = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h) for i, h in enumerate(head)]
    right = {2, 3, 4, 5}

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


# -- main -------------------------------------------------------------------------

def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("--sizes takes numbers separated by commas, e.g. 100,1000") from None
    if any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError("sizes must be at least 1")
    return sizes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=None, help="runs per scenario (default 5; 1 with --quick)")
    parser.add_argument("--sizes", type=parse_sizes, default=None,
                        help="roadmap/pages corpus sizes, comma-separated (default 100,1000,5000; 20 with --quick)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run only these scenarios: names or globs, comma-separated or repeated; "
                             "a bare prefix selects its family (check = check-example, check-100, ...)")
    parser.add_argument("--quick", action="store_true", help="sizes 20 and 1 run: a smoke test for CI")
    parser.add_argument("--results", type=Path, default=HERE / "results", metavar="DIR",
                        help="where the JSON goes (default benchmarks/results)")
    parser.add_argument("--name", default=None, help="results file name without .json (default: a timestamp)")
    parser.add_argument("--roadmapgen", default=None, metavar="CMD",
                        help="the command to time (default: the console script beside this Python)")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and print where")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    args = parser.parse_args(argv)
    if args.runs is None:
        args.runs = 1 if args.quick else 5
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.sizes is None:
        args.sizes = [20] if args.quick else list(DEFAULT_SIZES)
    patterns = [p.strip() for chunk in args.only for p in chunk.split(",") if p.strip()]

    rg = roadmapgen_command(args.roadmapgen)
    work = Path(tempfile.mkdtemp(prefix="roadmapgen-bench-"))
    try:
        corpora = Corpora(work / "corpora")
        scenarios = [s for s in make_scenarios(args, rg, corpora, work) if selected(s.name, patterns)]
        if args.list:
            for s in scenarios:
                print("%-22s %-18s %s" % (s.name, s.input, s.what))
            return 0
        if not scenarios:
            print("no scenario matches --only %s" % ",".join(patterns), file=sys.stderr)
            return 2

        info = machine_info(rg)
        started = dt.datetime.now().astimezone()
        print("roadmapgen benchmarks: %s (git %s)" % (info.get("roadmapgen") or "?", info.get("git") or "?"))
        print("machine: nproc %s, Python %s (%s), %s" % (info["nproc"], info["python"], info["implementation"],
                                                          info["platform"]))
        print("runs per scenario: %d; sizes: %s; command: %s" % (args.runs, ",".join(map(str, args.sizes)),
                                                                 " ".join(rg)))
        print(flush=True)
        # Untimed: writes the .pyc files, so that no first sample compiles them.
        measure(rg + ["build", str(REPO), "--out", str(work / "pyc-warm-up"), "--today", EXAMPLE_TODAY],
                env={**os.environ, "ROADMAPGEN_CACHE_DIR": "off"})

        for s in scenarios:
            print("  %s ..." % s.name, file=sys.stderr, flush=True)
            for i in range(args.runs):
                try:
                    if s.setup:
                        s.setup(i)
                    cmd = s.command(i)
                except Exception as exc:  # a corpus or setup failure: report it, go on
                    s.failure = "setup: %s" % exc
                    break
                sample, stdout, stderr = measure(cmd, env=cache_env(s, i, cmd, work))
                s.samples.append(sample)
                s.note = result_note(stdout, stderr)
                if sample.status != 0:
                    s.failure = "exit %d: %s" % (sample.status, (stderr.strip() or stdout.strip())[-3000:])
                    print("    run %d exited %d:\n%s" % (i + 1, sample.status, (stderr or stdout)[-3000:]),
                          file=sys.stderr)
                    break

        rows = [summarise(s) for s in scenarios]
        print(table(rows))
        failed = [r["name"] for r in rows if r["failure"]]
        if failed:
            print("\nFAILED: " + ", ".join(failed))

        args.results.mkdir(parents=True, exist_ok=True)
        name = args.name or started.strftime("%Y%m%d-%H%M%S")
        path = args.results / (name + ".json")
        payload = {"started": started.isoformat(timespec="seconds"), "machine": info, "runs": args.runs,
                   "sizes": args.sizes, "only": patterns, "scenarios": rows}
        path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print("\nresults: %s" % path)
        return 1 if failed else 0
    finally:
        if args.keep:
            print("corpora kept in %s" % work, file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
