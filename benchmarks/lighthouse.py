#!/usr/bin/env python3
"""Lighthouse on the example site, over HTTP, in both built-in themes.

    python benchmarks/lighthouse.py                   # 3 pages x 2 themes x phone and desktop
    python benchmarks/lighthouse.py --base-url https://example.org/roadmap/
    python benchmarks/lighthouse.py --runs 3          # the median of 3 runs per category
    python benchmarks/lighthouse.py --theme one-pager --page index --form-factor mobile

Builds the example roadmap as the README does (`roadmapgen build --today
2026-11-23`, the public edition) into a temporary folder, once per theme,
serves each build at the root of its own HTTP server on 127.0.0.1 (so that
Lighthouse fetches its robots.txt), and runs npm's `lighthouse` with Debian's
chromium on every page: the default (mobile, simulated slow 4G and a 4x
slower CPU) and `--preset=desktop`. It prints the four category scores per
page, every audit that cost a point, and the wall time.

Lighthouse comes from `node_modules/` (not in package.json: it would add
about 110 packages and 170 MB to what `npm ci` installs for the tests).
Install it once with

    npm install --no-save --no-audit --no-fund lighthouse@13.5.0

or point $LIGHTHOUSE at a `lighthouse` executable; $CHROME_PATH overrides
/usr/bin/chromium. Nothing is fetched from the internet.

Performance is simulated from the page's own trace, so a busy machine costs
it points (Lighthouse warns when its CPU benchmark is low); `--runs 3` takes
the median of each category, as Lighthouse's documentation advises.

Exit status: 0 when every score is 100, 1 when one is lower or a page got
no report (then its scores show as `-`), 2 when Lighthouse or chromium is
missing or the build fails.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"  # the README's build of the example
THEMES = ("default", "one-pager")
PAGES = ("index", "timeline", "gaps")
FORM_FACTORS = ("mobile", "desktop")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "best", "seo": "seo"}
INSTALL = "npm install --no-save --no-audit --no-fund lighthouse@13.5.0"
CHROME_FLAGS = "--headless=new --no-sandbox"


@dataclass(frozen=True, slots=True)
class Run:
    """One page's scores (0-100, None when Lighthouse gave none) and what cost points."""
    theme: str
    page: str
    form_factor: str
    scores: dict[str, int | None]
    losses: tuple[str, ...]
    benchmark_index: float | None


# -- reading Lighthouse's JSON ----------------------------------------------------

def scores_of(report: dict) -> dict[str, int | None]:
    """Category -> score out of 100, rounded as Lighthouse's report shows it."""
    out: dict[str, int | None] = {}
    for category in CATEGORIES:
        score = report.get("categories", {}).get(category, {}).get("score")
        out[category] = None if score is None else math.floor(score * 100 + 0.5)  # as Math.round
    return out


def losses_of(report: dict) -> tuple[str, ...]:
    """Every audit that lowered a category's score: `category: audit-id score (value)`."""
    audits = report.get("audits", {})
    out = []
    for category in CATEGORIES:
        for ref in report.get("categories", {}).get(category, {}).get("auditRefs", []):
            audit = audits.get(ref["id"], {})
            score = audit.get("score")
            if ref.get("weight", 0) > 0 and score is not None and score < 1:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                out.append(f"{category}: {ref['id']} {score:g}{value}")
    return tuple(out)


def median_scores(runs: list[dict[str, int | None]]) -> dict[str, int | None]:
    """The median of each category over several runs (low median: never rounds a 99 up)."""
    out: dict[str, int | None] = {}
    for category in CATEGORIES:
        values = [r[category] for r in runs if r[category] is not None]
        out[category] = statistics.median_low(values) if values else None
    return out


def failed(runs: list[Run]) -> list[Run]:
    """The runs with a category under 100 or missing."""
    return [r for r in runs if any(s is None or s < 100 for s in r.scores.values())]


def table(runs: list[Run]) -> str:
    head = f"{'theme':<10} {'page':<9} {'form':<8}" + "".join(f"{SHORT[c]:>6}" for c in CATEGORIES)
    lines = [head, "-" * len(head)]
    for r in runs:
        cells = "".join(f"{'-' if r.scores[c] is None else r.scores[c]:>6}" for c in CATEGORIES)
        lines.append(f"{r.theme:<10} {r.page:<9} {r.form_factor:<8}{cells}")
    return "\n".join(lines)


# -- tools ------------------------------------------------------------------------

def find_lighthouse() -> list[str] | None:
    """The command that runs Lighthouse: $LIGHTHOUSE, else node_modules/ of this repository."""
    if os.environ.get("LIGHTHOUSE"):
        return [os.environ["LIGHTHOUSE"]]
    cli = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
    node = shutil.which("node")
    return [node, str(cli)] if cli.is_file() and node else None


def find_chrome() -> str | None:
    for candidate in (os.environ.get("CHROME_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def build(theme: str, out: Path, base_url: str | None) -> None:
    """The README's build of the example, by this checkout's roadmapgen."""
    args = [sys.executable, "-m", "roadmapgen", "build", str(REPO), "--today", TODAY, "--theme", theme,
            "--out", str(out)]
    if base_url:
        args += ["--base-url", base_url]
    paths = [str(REPO), os.environ.get("PYTHONPATH")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}
    done = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise ToolError(f"building the example in the {theme} theme failed:\n{done.stdout}{done.stderr}")


class ToolError(Exception):
    """The build, Lighthouse or chromium did not do its part: exit status 2."""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the signature of the base class)
        pass


def serve(root: Path) -> ThreadingHTTPServer:
    """`root` at http://127.0.0.1:<free port>/, in a background thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def lighthouse(command: list[str], chrome: str, url: str, form_factor: str) -> dict:
    args = [*command, url, "--output=json", "--output-path=stdout", "--quiet",
            f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    if form_factor == "desktop":
        args.append("--preset=desktop")
    done = subprocess.run(args, env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, text=True,
                          timeout=300)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise ToolError(f"lighthouse on {url} gave no report (exit {done.returncode}):\n"
                        f"{done.stderr[-2000:]}") from None
    if report.get("runtimeError"):
        raise ToolError(f"lighthouse on {url}: {report['runtimeError'].get('message')}")
    return report


# -- the run ----------------------------------------------------------------------

def run_page(command: list[str], chrome: str, origin: str, theme: str, page: str, form_factor: str,
             times: int) -> Run:
    """`times` Lighthouse runs of one page, as one Run. A run that gives no report (chromium too
    slow to answer on a busy machine) scores nothing and says why."""
    url = f"{origin}/{page}.html"
    reports, errors = [], []
    for _ in range(times):
        try:
            reports.append(lighthouse(command, chrome, url, form_factor))
        except ToolError as error:
            errors.append(f"no report: {str(error).splitlines()[-1]}")
    losses = tuple(dict.fromkeys([*errors, *(loss for r in reports for loss in losses_of(r))]))
    bench = statistics.median([r["environment"].get("benchmarkIndex") or 0 for r in reports] or [0])
    scores = median_scores([scores_of(r) for r in reports]) if reports else dict.fromkeys(CATEGORIES)
    return Run(theme, page, form_factor, scores, losses, bench or None)


def measure(command: list[str], chrome: str, themes: list[str], pages: list[str], form_factors: list[str],
            base_url: str | None, times: int) -> list[Run]:
    """Every page of every theme in every form factor, `times` runs each."""
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="roadmapgen-lighthouse-") as tmp:
        for theme in themes:
            site = Path(tmp) / theme
            build(theme, site, base_url)
            server = serve(site)
            try:
                origin = f"http://127.0.0.1:{server.server_address[1]}"
                for page in pages:
                    for form_factor in form_factors:
                        run = run_page(command, chrome, origin, theme, page, form_factor, times)
                        runs.append(run)
                        print(f"  {theme} {page} {form_factor}: "
                              + " ".join(f"{SHORT[c]} {run.scores[c]}" for c in CATEGORIES), flush=True)
            finally:
                server.shutdown()
                server.server_close()
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--theme", action="append", choices=THEMES, help="only this theme (repeatable)")
    parser.add_argument("--page", action="append", choices=PAGES, help="only this page (repeatable)")
    parser.add_argument("--form-factor", action="append", choices=FORM_FACTORS,
                        help="only this one (repeatable)")
    parser.add_argument("--base-url", help="build with this base_url (sitemap.xml, robots.txt, og:url)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median of each category")
    parser.add_argument("--json", type=Path, help="also write every score to this file")
    args = parser.parse_args(argv)

    command, chrome = find_lighthouse(), find_chrome()
    if command is None:
        print(f"error: no Lighthouse in {REPO / 'node_modules'}; install it there with\n    {INSTALL}\n"
              "or set $LIGHTHOUSE to a lighthouse executable", file=sys.stderr)
        return 2
    if chrome is None:
        print("error: no chromium: install Debian's (apt-get install chromium) or set $CHROME_PATH",
              file=sys.stderr)
        return 2

    themes, pages = args.theme or list(THEMES), args.page or list(PAGES)
    form_factors = args.form_factor or list(FORM_FACTORS)
    started = time.monotonic()
    try:
        runs = measure(command, chrome, themes, pages, form_factors, args.base_url, max(args.runs, 1))
    except ToolError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    elapsed = time.monotonic() - started

    print()
    print(table(runs))
    for run in runs:
        if run.losses:
            bench = f"CPU benchmark {run.benchmark_index:g}" if run.benchmark_index else "no CPU benchmark"
            print(f"\n{run.theme} {run.page} {run.form_factor} ({bench}):")
            print("\n".join(f"  {loss}" for loss in run.losses))
    print(f"\n{len(runs)} pages x {max(args.runs, 1)} run(s) in {elapsed:.0f} s"
          f"{' with base_url ' + args.base_url if args.base_url else ''}")
    if args.json:
        rows = [{"theme": r.theme, "page": r.page, "form_factor": r.form_factor, "scores": r.scores,
                 "losses": list(r.losses), "benchmark_index": r.benchmark_index} for r in runs]
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    below = failed(runs)
    if below:
        print(f"{len(below)} of {len(runs)} below 100 in some category", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
