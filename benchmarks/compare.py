#!/usr/bin/env python3
"""Build the same plain Markdown corpus with roadmapgen, MkDocs and (for the
record) Hugo, paired in one run, and print the medians and the ratios.

    python benchmarks/compare.py                    # sizes 1000,2000,5000, 5 runs
    python benchmarks/compare.py --sizes 1000 --runs 3
    python benchmarks/compare.py --install          # first pip install mkdocs
                                                    # into benchmarks/.venv-peers

The target: a cold build of 1,000 documents in at most 0.33x MkDocs'
time, growing linearly to 5,000.

The corpus is the peer corpus of ../shared/bench/make_corpus.py (relative to
the repository root) when it exists: its md/ documents become `kind: page`
files for roadmapgen (same bodies byte for byte; the front matter keeps only
the title, since roadmapgen pages have no date or tags), and its mkdocs/ and
hugo/ layouts are built by the peers. When it is missing, the pages of
benchmarks/corpus.py are used with minimal layouts for mkdocs and hugo
written here, and the script says so.

Peers: mkdocs (from benchmarks/.venv-peers/bin or PATH; nothing is installed
unless --install) and hugo when on PATH. A missing peer is reported as
skipped. Each run builds every tool once, in a rotating order, into a fresh
output folder. The ratio column is roadmapgen's median wall time divided by the
peer's (below 1: roadmapgen is faster).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402
import run  # noqa: E402

MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
PEER_VENV = HERE / ".venv-peers"
PEER_PACKAGES = ["mkdocs"]
TODAY = (corpus.DEFAULT_AS_OF + dt.timedelta(days=10)).isoformat()


# -- the corpus -------------------------------------------------------------------

def split_front_matter(text: str) -> tuple[dict, str]:
    """The tiny YAML subset make_corpus.py writes: `key: value` lines."""
    if not text.startswith("---\n"):
        return {}, text
    head, _, body = text[4:].partition("\n---\n")
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        value = value.strip()
        if value.startswith('"') and value.endswith('"'):
            value = json.loads(value)
        meta[key.strip()] = value
    return meta, body


def roadmapgen_site(site: Path, docs: list[tuple[str, str, str]]) -> None:
    """docs: (slug, title, body) -> a roadmap site of free pages."""
    w = corpus.Writer(str(site))
    w.write("content/index.md", corpus.minimal_root(corpus.DEFAULT_AS_OF, "Bench corpus"))
    w.write("content/next-30-days.md", corpus.minimal_month(corpus.DEFAULT_AS_OF))
    for slug, title, body in docs:
        w.write("content/posts/%s.md" % slug, "---\nkind: page\ntitle: %s\n---\n%s" % (corpus.q(title), body))


FALLBACK_HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
FALLBACK_HUGO_SINGLE = '{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}\n'
FALLBACK_HUGO_LIST = ('{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
                      '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n')


def make_corpus(n: int, root: Path) -> tuple[Path, str]:
    """Write the corpus for size n under root; return (peer folder, origin)."""
    peer = root / "peer"
    if MAKE_CORPUS.is_file():
        subprocess.run([sys.executable, str(MAKE_CORPUS), str(n), str(peer)], check=True,
                       stdout=subprocess.DEVNULL)
        docs = []
        for path in sorted((peer / "md").glob("*.md")):
            meta, body = split_front_matter(path.read_text(encoding="utf-8"))
            docs.append((path.stem, meta.get("title", path.stem), body))
        roadmapgen_site(root / "roadmapgen", docs)
        return peer, "make_corpus.py (%s)" % MAKE_CORPUS
    docs = [corpus.page_doc(i) for i in range(n)]
    roadmapgen_site(root / "roadmapgen", docs)
    w = corpus.Writer(str(peer))
    w.write("mkdocs/mkdocs.yml", "site_name: Bench corpus\n")
    w.write("hugo/hugo.toml", 'baseURL = "https://example.org/"\ntitle = "Bench corpus"\n')
    w.write("hugo/layouts/_default/baseof.html", FALLBACK_HUGO_BASEOF)
    w.write("hugo/layouts/_default/single.html", FALLBACK_HUGO_SINGLE)
    w.write("hugo/layouts/_default/list.html", FALLBACK_HUGO_LIST)
    w.write("hugo/layouts/index.html", FALLBACK_HUGO_LIST)
    for i, (slug, title, body) in enumerate(docs):
        date = (dt.date(2024, 1, 1) + dt.timedelta(days=i % 700)).isoformat()
        yaml = "---\ntitle: %s\ndate: %s\n---\n\n" % (corpus.q(title), date)
        w.write("mkdocs/docs/%s.md" % slug, yaml + body)
        w.write("hugo/content/posts/%s.md" % slug, yaml + body)
    return peer, "benchmarks/corpus.py pages (make_corpus.py not found at %s)" % MAKE_CORPUS


# -- the tools --------------------------------------------------------------------

def find_tool(name: str) -> str | None:
    for folder in (PEER_VENV / "bin", PEER_VENV / "Scripts"):
        for candidate in (folder / name, folder / (name + ".exe")):
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    return shutil.which(name)


def version_of(cmd: list[str]) -> str:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return "?"
    text = (proc.stdout.strip() or proc.stderr.strip()).splitlines()
    return text[0].split(" from ")[0][:70] if text else "?"


def tools_for(root: Path, peer: Path, rg: list[str], wanted: list[str]) -> tuple[list[dict], list[tuple[str, str]]]:
    """(tools to run, [(skipped peer, why)]). Each tool: name, version, argv
    with OUT for the output folder, cwd."""
    rg_build = rg + ["build", str(root / "roadmapgen"), "--out", "OUT", "--today", TODAY]
    version = version_of(rg + ["--version"])
    tools = [{"name": "roadmapgen", "version": version, "argv": rg_build, "cwd": None}]
    skipped = []
    specs = {
        "mkdocs": (["build", "--quiet", "-f", str(peer / "mkdocs" / "mkdocs.yml"), "-d", "OUT"],
                   peer / "mkdocs", ["--version"]),
        "hugo": (["--quiet", "--source", str(peer / "hugo"), "--destination", "OUT"], peer / "hugo", ["version"]),
    }
    for name in wanted:
        if name not in specs:
            skipped.append((name, "unknown peer"))
            continue
        args, cwd, version_args = specs[name]
        if not cwd.is_dir():
            skipped.append((name, "the corpus has no %s/ layout" % name))
            continue
        exe = find_tool(name)
        if exe is None:
            how = "pass --install" if name == "mkdocs" else "put it on PATH"
            skipped.append((name, "not installed (%s)" % how))
            continue
        tools.append({"name": name, "version": version_of([exe] + version_args), "argv": [exe] + args,
                      "cwd": str(cwd)})
    return tools, skipped


def install_peers() -> int:
    if not (PEER_VENV / "bin" / "python").exists() and not (PEER_VENV / "Scripts" / "python.exe").exists():
        print("creating %s" % PEER_VENV, file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=False).create(PEER_VENV)
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        python = PEER_VENV / "Scripts" / "python.exe"
    return subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PEER_PACKAGES]).returncode


# -- main -------------------------------------------------------------------------

def compare_size(n: int, runs: int, rg: list[str], wanted: list[str], work: Path) -> dict:
    root = work / ("n%d" % n)
    peer, origin = make_corpus(n, root)
    tools, skipped = tools_for(root, peer, rg, wanted)
    samples = {t["name"]: [] for t in tools}
    failures = {}
    for i in range(runs):
        order = tools[i % len(tools):] + tools[:i % len(tools)]
        for tool in order:
            if tool["name"] in failures:
                continue
            out = root / ("out-" + tool["name"])
            if out.exists():
                shutil.rmtree(out)
            argv = [str(out) if a == "OUT" else a[:-3] + str(out) if a.endswith("=OUT") else a
                    for a in tool["argv"]]
            sample, stdout, stderr = run.measure(argv, cwd=Path(tool["cwd"]) if tool["cwd"] else None)
            if sample.status != 0:
                failures[tool["name"]] = "exit %d: %s" % (sample.status, (stderr.strip() or stdout.strip())[-1500:])
                print("  %s failed at N=%d:\n%s" % (tool["name"], n, failures[tool["name"]]), file=sys.stderr)
                continue
            samples[tool["name"]].append(sample)
            if i == 0:
                tool["html_files"] = sum(1 for _ in out.rglob("*.html"))
    rows = []
    rg_median = statistics.median(x.wall for x in samples["roadmapgen"]) if samples["roadmapgen"] else None
    for tool in tools:
        got = samples[tool["name"]]
        wall = statistics.median(x.wall for x in got) if got else None
        rows.append({
            "tool": tool["name"], "version": tool["version"], "runs": len(got),
            "wall_median_s": wall,
            "cpu_median_s": statistics.median(x.cpu for x in got) if got else None,
            "peak_rss_bytes": max((x.maxrss for x in got), default=None),
            "html_files": tool.get("html_files"),
            "ratio": (rg_median / wall) if (rg_median and wall) else None,
            "failure": failures.get(tool["name"]),
            "samples": [vars(x) for x in got],
        })
    return {"n": n, "corpus": origin, "rows": rows, "skipped": skipped}


def print_size(result: dict) -> None:
    print("N=%d  corpus: %s" % (result["n"], result["corpus"]))
    head = ("tool", "version", "runs", "wall median", "cpu median", "peak RSS", "html", "roadmapgen/peer")
    lines = []
    for r in result["rows"]:
        fmt = lambda v: "-" if v is None else "%.3f s" % v  # noqa: E731
        ours = r["tool"] == "roadmapgen"
        ratio = "-" if ours else ("%.2fx" % r["ratio"] if r["ratio"] else "-")
        if r["failure"]:
            ratio = "FAILED"
        lines.append((r["tool"], r["version"][:40], str(r["runs"]), fmt(r["wall_median_s"]), fmt(r["cpu_median_s"]),
                      "-" if r["peak_rss_bytes"] is None else "%.1f MiB" % (r["peak_rss_bytes"] / 2**20),
                      "-" if r["html_files"] is None else str(r["html_files"]), ratio))
    widths = [max(len(h), *(len(l[i]) for l in lines)) for i, h in enumerate(head)]
    right = {2, 3, 4, 5, 6, 7}
    for cells in [head, ["-" * w for w in widths]] + lines:
        print("  ".join(c.rjust(w) if i in right else c.ljust(w)
                        for i, (c, w) in enumerate(zip(cells, widths))).rstrip())
    for name, why in result["skipped"]:
        print("skipped %s: %s" % (name, why))
    print()


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("--sizes takes numbers separated by commas, e.g. 1000,5000") from None
    if any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError("sizes must be at least 1")
    return sizes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default=[1000, 2000, 5000],
                        help="corpus sizes (default 1000,2000,5000)")
    parser.add_argument("--runs", type=int, default=5, help="paired runs per size (default 5)")
    parser.add_argument("--peers", default="mkdocs,hugo", help="peers to try, comma-separated (default mkdocs,hugo)")
    parser.add_argument("--install", action="store_true",
                        help="pip install %s into benchmarks/.venv-peers first" % " and ".join(PEER_PACKAGES))
    parser.add_argument("--results", type=Path, default=HERE / "results", metavar="DIR")
    parser.add_argument("--name", default=None, help="results file name without .json (default compare-<timestamp>)")
    parser.add_argument("--roadmapgen", default=None, metavar="CMD")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and outputs and print where")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.install and install_peers() != 0:
        print("pip install into %s failed" % PEER_VENV, file=sys.stderr)
        return 1

    rg = run.roadmapgen_command(args.roadmapgen)
    wanted = [p.strip() for p in args.peers.split(",") if p.strip()]
    info = run.machine_info(rg)
    started = dt.datetime.now().astimezone()
    print("roadmapgen vs peers: %s (git %s)" % (info.get("roadmapgen") or "?", info.get("git") or "?"))
    print("machine: nproc %s, Python %s (%s), %s" % (info["nproc"], info["python"], info["implementation"],
                                                      info["platform"]))
    print("paired runs per size: %d\n" % args.runs, flush=True)
    if not MAKE_CORPUS.is_file():
        print("note: %s is missing; using benchmarks/corpus.py pages with minimal peer layouts\n" % MAKE_CORPUS)

    work = Path(tempfile.mkdtemp(prefix="roadmapgen-compare-"))
    results = []
    try:
        for n in args.sizes:
            result = compare_size(n, args.runs, rg, wanted, work)
            print_size(result)
            results.append(result)
    finally:
        if args.keep:
            print("corpora kept in %s" % work, file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    growth = [(res["n"], row["wall_median_s"]) for res in results for row in res["rows"]
              if row["tool"] == "roadmapgen" and row["wall_median_s"]]
    if len(growth) > 1:  # linear growth: about the same time per document at every size
        print("roadmapgen per document: " + ", ".join("N=%d %.2f ms" % (n, 1000 * wall / n) for n, wall in growth))
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / ((args.name or "compare-" + started.strftime("%Y%m%d-%H%M%S")) + ".json")
    path.write_text(json.dumps({"started": started.isoformat(timespec="seconds"), "machine": info,
                                "runs": args.runs, "results": results}, indent=2) + "\n", encoding="utf-8")
    print("results: %s" % path)
    failed = any(r["failure"] for res in results for r in res["rows"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
