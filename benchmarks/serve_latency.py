#!/usr/bin/env python3
"""Save-to-reload latency of `roadmapgen serve` on the example roadmap.

    python benchmarks/serve_latency.py
    python benchmarks/serve_latency.py --runs 30

Copies the example's content/ into a temporary folder, starts `roadmapgen serve --port 0`
on 127.0.0.1, subscribes to its server-sent events, then repeatedly appends
a line to one content file and measures the time from the write returning to
the `reload` event arriving. That includes the watcher's debounce step, the
rebuild and the event delivery: what an author waits for between saving and
the browser starting to reload. Prints every sample and the median, against
the target of under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def start(root: Path, today: str) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen([sys.executable, "-m", "roadmapgen", "serve", str(root), "--port", "0", "--today", today],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if match:
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
            return proc, int(match.group(1))
    proc.kill()
    raise SystemExit("serve did not start")


def events(port: int) -> queue.Queue:
    found: queue.Queue = queue.Queue()
    response = urllib.request.urlopen(f"http://127.0.0.1:{port}/__roadmapgen/events", timeout=120)

    def read():
        name = None
        for raw in response:
            line = raw.decode().strip()
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                found.put((name, time.perf_counter()))

    threading.Thread(target=read, daemon=True).start()
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        root.mkdir()
        shutil.copytree(REPO / "content", root / "content")
        today = "2026-11-23"
        target = root / "content" / "notes" / "learning-log.md"
        proc, port = start(root, today)
        try:
            stream = events(port)
            assert stream.get(timeout=30)[0] == "hello"
            time.sleep(0.5)
            original = target.read_text(encoding="utf-8")
            samples, builds = [], []
            for run in range(args.runs):
                target.write_text(original + f"\n\nEdit number {run}.\n", encoding="utf-8")
                written = time.perf_counter()
                while True:
                    name, at = stream.get(timeout=30)
                    if name == "reload":
                        break
                samples.append((at - written) * 1000)
                status = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/__roadmapgen/status", timeout=30).read())
                builds.append(status["build_ms"])
                print(f"run {run + 1:2}: {samples[-1]:6.1f} ms (build {builds[-1]:.0f} ms)", flush=True)
                time.sleep(0.3)  # let the watcher settle so runs do not merge
            target.write_text(original, encoding="utf-8")
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
    median = statistics.median(samples)
    print(f"save-to-reload latency for the example roadmap: median {median:.1f} ms, "
          f"min {min(samples):.1f} ms, max {max(samples):.1f} ms over {len(samples)} runs; "
          f"of which the rebuild itself: median {statistics.median(builds):.1f} ms")
    print(f"target: under 100 ms: {'met' if median < 100 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
