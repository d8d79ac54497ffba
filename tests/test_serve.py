"""`roadmapgen serve`, driven as a real process on loopback: pages, live
reload, the error overlay, traversal attempts, port in use, SIGTERM.
Every wait is bounded."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from build_helpers import run_build
from support import REPO_ROOT

from roadmapgen.commands.serve import is_watched
from roadmapgen.commands.server import request_path

TODAY = "2026-11-23"
WAIT = 15  # seconds: the most any single wait in these tests may take
START_WAIT = 40  # starting includes the first build, slow on a loaded machine


class Served:
    """A `roadmapgen serve` subprocess and helpers to talk to it."""

    def __init__(self, root: Path, *flags: str):
        env = {k: v for k, v in os.environ.items() if k not in ("ROADMAPGEN_TODAY", "ROADMAPGEN_DEBUG")}
        self.root = root
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "roadmapgen", "serve", str(root), "--today", TODAY, *flags],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()
        self.url = self._wait_for_url()
        match = re.match(r"http://(\[[0-9a-f:]+\]|[0-9.]+):(\d+)/$", self.url)
        assert match, self.url
        self.host = match.group(1).strip("[]")
        self.port = int(match.group(2))

    def _pump(self):
        for line in self.proc.stdout:
            self.output.append(line)
            self.lines.put(line)

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + START_WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None:
                    raise AssertionError(f"serve exited early: {self.proc.stderr.read()}")
                continue
            match = re.search(r" at (http://\S+) ", line)
            if match:
                return match.group(1)
        raise AssertionError("serve did not start: " + "".join(self.output))

    def get(self, path: str, host: str | None = None) -> tuple[int, str, bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=WAIT)
        try:
            # sent exactly as written: no client-side normalising
            conn.request("GET", path, headers={"Host": host} if host is not None else {})
            response = conn.getresponse()
            return response.status, response.getheader("Content-Type", ""), response.read()
        finally:
            conn.close()

    def status(self) -> dict:
        return json.loads(self.get("/__roadmapgen/status")[2])

    def wait_for(self, predicate, what: str):
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; server said: {''.join(self.output)}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=WAIT)
            raise AssertionError("serve did not stop on SIGTERM")


class Events:
    """Reads the server-sent events stream in a thread."""

    def __init__(self, port: int):
        self.events: queue.Queue[tuple[str, str]] = queue.Queue()
        self.response = urllib.request.urlopen(f"http://127.0.0.1:{port}/__roadmapgen/events", timeout=WAIT)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        name = "message"
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    self.events.put((name, line[5:].strip()))
                    name = "message"
        except Exception:
            pass

    def next(self, name: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                event, data = self.events.get(timeout=0.2)
            except queue.Empty:
                continue
            if event == name:
                return data
        raise AssertionError(f"no '{name}' event within {WAIT}s")

    def close(self):
        self.response.close()


@pytest.fixture
def example(tmp_path) -> Path:
    root = tmp_path / "roadmap"
    root.mkdir()
    shutil.copytree(REPO_ROOT / "content", root / "content")
    return root


@pytest.fixture
def served(example):
    server = Served(example, "--port", "0")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One server of an untouched copy of the example for the tests that
    only read from it (a server's start includes the first build)."""
    root = tmp_path_factory.mktemp("shared") / "roadmap"
    root.mkdir()
    shutil.copytree(REPO_ROOT / "content", root / "content")
    server = Served(root, "--port", "0")
    yield server
    server.stop()


def build(root: Path, out: Path) -> Path:
    """`roadmapgen build` of root into out, in this process."""
    result = run_build(root, "--out", out, "--today", TODAY)
    assert result.code == 0, result.err
    return out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_serves_pages_with_the_reload_snippet_that_build_never_writes(shared, tmp_path):
    served = shared
    status, ctype, body = served.get("/")
    assert status == 200 and ctype == "text/html; charset=utf-8"
    assert b"data-roadmapgen-reload" in body and b"/__roadmapgen/events" in body
    assert b"roadmapgen-overlay" not in body
    stylesheet = re.search(rb'href="(assets/[^"]+\.css)"', body).group(1).decode()
    status, ctype, css = served.get("/" + stylesheet)
    assert status == 200 and ctype.startswith("text/css")
    assert b"roadmapgen-reload" not in css

    pages = list(build(served.root, tmp_path / "built").rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "__roadmapgen" not in text and "roadmapgen-overlay" not in text, page
    assert served.proc.poll() is None


def test_an_edit_rebuilds_and_sends_a_reload_event(served, example):
    events = Events(served.port)
    try:
        start = int(events.next("hello"))
        edit(example / "content" / "next-30-days.md", "Hold kickoff sessions with Jonah and Aisha",
             "Hold kickoff sessions with Jonah, Aisha and Wilhelmina")
        generation = int(events.next("reload"))
        assert generation > start
        status, _, body = served.get("/30-days.html")
        assert status == 200 and b"Wilhelmina" in body
    finally:
        served.stop()  # ends the event stream: closing it mid-read would wait for the next keep-alive
        events.close()


def test_exports_are_served_as_build_writes_them(example):
    (example / "roadmap.toml").write_text('base_url = "https://example.org/roadmap/"\n', encoding="utf-8")
    exports = {"roadmap.json": "application/json", "roadmap.schema.json": "application/json",
               "roadmap.ics": "text/calendar; charset=utf-8", "feed.xml": "application/xml"}

    def built() -> Path:
        return build(example, example / "built")

    server = Served(example, "--port", "0")
    try:
        out = built()
        for path, ctype in exports.items():
            assert server.get("/" + path) == (200, ctype, (out / path).read_bytes()), path
        before = server.status()["generation"]
        edit(example / "content" / "next-30-days.md", "Hold kickoff sessions with Jonah and Aisha",
             "Hold kickoff sessions with Jonah, Aisha and Wilhelmina")
        server.wait_for(lambda: server.status()["generation"] > before, "the rebuild")
        out = built()
        assert b"Wilhelmina" in (out / "roadmap.ics").read_bytes()
        for path, ctype in exports.items():
            assert server.get("/" + path) == (200, ctype, (out / path).read_bytes()), path
    finally:
        assert server.stop() == 0


def test_added_removed_and_renamed_files_are_seen(served, example):
    notes = example / "content" / "notes"
    (notes / "fresh-note.md").write_text("---\nkind: page\ntitle: A fresh note\n---\nWritten just now.\n",
                                         encoding="utf-8")
    served.wait_for(lambda: b"Written just now" in served.get("/pages/notes/fresh-note.html")[2], "the new page")
    edit(notes / "fresh-note.md", "Written just now.", "Written and edited.")
    served.wait_for(lambda: b"Written and edited" in served.get("/pages/notes/fresh-note.html")[2], "the edit")
    notes.rename(example / "content" / "journal")
    served.wait_for(lambda: served.get("/pages/journal/fresh-note.html")[0] == 200, "the renamed folder")
    assert served.get("/pages/notes/fresh-note.html")[0] == 404
    assert b"Written and edited" in served.get("/pages/journal/fresh-note.html")[2]
    (example / "content" / "journal" / "fresh-note.md").unlink()
    served.wait_for(lambda: served.get("/pages/journal/fresh-note.html")[0] == 404, "the removed page")


def test_a_burst_of_saves_is_one_rebuild(served, example):
    before = served.status()["generation"]
    page = example / "content" / "notes" / "learning-log.md"
    text = page.read_text(encoding="utf-8")
    for n in range(8):
        page.write_text(text + f"\n\nsave {n}\n", encoding="utf-8")
        time.sleep(0.005)
    served.wait_for(lambda: served.status()["generation"] > before, "a rebuild")
    time.sleep(1.5)
    assert served.status()["generation"] - before <= 2  # one rebuild, at worst two if the burst straddles a build


def test_a_broken_file_shows_the_overlay_and_fixing_clears_it(served, example, check_json):
    gaps = example / "content" / "gaps.md"
    good = gaps.read_text(encoding="utf-8")
    broken = good.replace("    area: mentorship\n", "    area: mentorship\n    now: [unclosed\n", 1)
    gaps.write_text(broken, encoding="utf-8")

    _, report = check_json(example, today=TODAY)
    error = next(f for f in report["findings"] if f["severity"] == "error")
    where = f"{error['file']}:{error['line']}"
    assert error["file"] == "content/gaps.md"

    state = served.wait_for(lambda: (s := served.status()) and not s["ok"] and s, "the failed build")
    assert state["diagnostics"][0]["file"] == "content/gaps.md"
    status, _, body = served.get("/")
    page = body.decode()
    assert status == 200 and "roadmapgen-overlay" in page
    assert where in page and error["code"] in page
    assert "the last edit broke the build; showing the last good site" in page
    assert any("build failed" in line and "still serving the last good site" in line for line in served.output)
    # the last good site stays browsable, overlay and all
    status, _, body = served.get("/paths.html")
    assert status == 200 and b"Staff at Harborline" in body and b"roadmapgen-overlay" in body
    status, _, body = served.get("/gaps.html")
    assert status == 200 and b"Cross-team scope" in body

    gaps.write_text(good, encoding="utf-8")
    served.wait_for(lambda: served.status()["ok"], "the fixed build")
    status, _, body = served.get("/")
    assert status == 200 and b"roadmapgen-overlay" not in body


def test_a_site_broken_from_the_start_still_serves_the_overlay(example):
    index = example / "content" / "index.md"
    good = index.read_text(encoding="utf-8")
    index.write_text(good.replace("as_of: 2026-11-02", "as_of: 2026-13-02", 1), encoding="utf-8")
    server = Served(example, "--port", "0")
    try:
        status, _, body = server.get("/")
        assert status == 200 and b"roadmapgen-overlay" in body and b"content/index.md:5" in body
        # No edit broke it, and there is no good site to fall back on: the overlay says neither.
        assert b"the roadmap does not build yet" in body and b"last edit" not in body and b"last good" not in body
        assert any("build failed" in line and "no site to serve yet" in line for line in server.output)
        index.write_text(good, encoding="utf-8")
        server.wait_for(lambda: server.status()["ok"], "the fixed build")
        status, _, body = server.get("/")
        assert status == 200 and b"roadmapgen-overlay" not in body and b"Staff Engineer" in body
    finally:
        assert server.stop() == 0


def test_nothing_outside_the_site_is_served(served, example, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    (example / "site").mkdir()
    (example / "site" / "leak.txt").symlink_to(secret)
    (example / "content" / "notes" / "leak.md").symlink_to(secret)
    assets = example / "themes" / "default" / "assets"
    assets.mkdir(parents=True)
    (assets / "leak.txt").symlink_to(secret)
    time.sleep(0.5)  # let any rebuild from the new files finish
    attempts = [
        "/../secret.txt", "/../../secret.txt", "/..", "/assets/../../secret.txt",
        "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt", "/assets%2f..%2f..%2fsecret.txt", "/%2fetc%2fpasswd", "/..%5csecret.txt",
        "/%252e%252e/secret.txt", "/..\\secret.txt", "//etc/passwd", "/etc/passwd", str(secret),
        "/C:/Windows/win.ini", "/content/index.md", "/roadmap.toml", "/leak.txt", "/site/leak.txt",
        "/pages/notes/leak.html", "/assets/leak.txt", "/index.html%00.txt", "/./index.html",
    ]
    for path in attempts:
        status, _, body = served.get(path)
        assert status == 404, path
        assert b"top secret" not in body, path


def test_content_types_and_directories(shared):
    served = shared
    assert served.get("/index.html")[0] == 200
    status, ctype, _ = served.get("/does-not-exist.html")
    assert status == 404 and ctype.startswith("text/html")
    status, ctype, body = served.get("/__roadmapgen/status")
    assert status == 200 and ctype == "application/json" and json.loads(body)["ok"] is True


def test_port_in_use_is_a_clear_error(example):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "roadmapgen", "serve", str(example), "--port", str(port), "--today", TODAY],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"port {port}" in done.stderr and "in use" in done.stderr
    assert "Traceback" not in done.stderr


def test_sigterm_stops_cleanly(example):
    server = Served(example, "--port", "0")
    events = Events(server.port)  # an open event stream must not hold shutdown up
    try:
        events.next("hello")
        assert server.stop() == 0
    finally:
        events.close()
    stderr = server.proc.stderr.read()
    assert "Traceback" not in stderr
    assert any("stopped" in line for line in server.output)


def test_ctrl_c_stops_cleanly(example):
    server = Served(example, "--port", "0")
    server.proc.send_signal(signal.SIGINT)
    assert server.proc.wait(timeout=WAIT) == 0
    assert "Traceback" not in server.proc.stderr.read()


def test_answers_only_to_loopback_host_names(shared):
    served = shared
    for host, expected in [("evil.example", 403), ("127.0.0.1.evil.example:80", 403),
                           ("localhost", 200), (f"localhost:{served.port}", 200), ("127.0.0.1", 200)]:
        conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=WAIT)
        try:
            conn.putrequest("GET", "/", skip_host=True)
            conn.putheader("Host", host)
            conn.endheaders()
            response = conn.getresponse()
            response.read()
            assert response.status == expected, host
        finally:
            conn.close()


def test_help(run_main):
    result = run_main(["serve", "--help"])
    assert result.code == 0 and "--port" in result.stdout and "127.0.0.1" in result.stdout and "--theme" in result.stdout


def test_short_flags_and_base_url(example):
    server = Served(example, "-p", "0", "-t", "one-pager", "-a", "mentors", "-b", "https://example.org/roadmap/")
    try:
        status, _, body = server.get("/index.html")
        assert status == 200 and b'class="op-head"' in body
        exported = json.loads(server.get("/roadmap.json")[2])
        assert exported["audience"] == "mentors" and exported["base_url"] == "https://example.org/roadmap/"
        status, _, feed = server.get("/feed.xml")  # written only with a base URL
        assert status == 200 and b"https://example.org/roadmap/" in feed
        # The built 404 page links to the published site in full; the preview's links to the preview.
        status, _, missing = server.get("/reviews/no-such-review.html")
        links = re.findall(rb'(?:href|src)="([^"]*)"', missing)
        assert status == 404 and b'href="/assets/style.' in missing and b'href="/index.html"' in missing
        assert not [link for link in links if b"example.org" in link], links
    finally:
        assert server.stop() == 0


@pytest.mark.parametrize("flags", [["-b", "example.org/roadmap"], ["-t", "../elsewhere"]])
def test_serve_checks_its_settings_as_build_does(run_main, example, flags):
    result = run_main(["serve", example, "-p", "0", *flags])
    assert result.code == 2 and "Traceback" not in result.stderr


@pytest.mark.parametrize("inside", [False, True])
def test_outside_a_roadmap_serve_says_so_and_does_not_start(tmp_path, example, inside):
    folder = example / "content" if inside else tmp_path / "empty"
    folder.mkdir(exist_ok=True)
    try:
        done = subprocess.run([sys.executable, "-m", "roadmapgen", "serve", "-p", "0", "--today", TODAY],
                              cwd=folder, capture_output=True, text=True, timeout=WAIT)
    except subprocess.TimeoutExpired:
        raise AssertionError("serve started outside a roadmap") from None
    assert done.returncode == 1 and "serving" not in done.stdout
    assert "error[no-root]" in done.stderr and "has no content/ folder" in done.stderr
    assert ("roadmapgen serve .." if inside else "roadmapgen init") in done.stderr


def test_theme_option_serves_the_chosen_theme(example):
    server = Served(example, "--port", "0", "--theme", "one-pager")
    try:
        status, _, body = server.get("/index.html")
        assert status == 200 and b'class="op-head"' in body
    finally:
        server.stop()


@pytest.mark.parametrize("raw, expected", [
    ("/", ""), ("/index.html", "index.html"), ("/notes/", "notes/"), ("/a%20b.html", "a b.html"),
    ("/x.html?q=1#f", "x.html"), ("/../x", None), ("/%2e%2e/x", None), ("/a%2fb", None), ("/a%5Cb", None),
    ("//x", None), ("x", None), ("/a/./b", None), ("/%ff", None),
])
def test_request_path(raw, expected):
    assert request_path(raw) == expected


def test_what_is_watched(tmp_path):
    root = tmp_path
    assert is_watched(root, str(root / "content" / "index.md"))
    assert is_watched(root, str(root / "themes" / "mine" / "templates" / "base.html"))
    assert is_watched(root, str(root / "roadmap.toml"))
    assert not is_watched(root, str(root / "site" / "index.html"))
    assert not is_watched(root, str(root / "content" / ".index.md.swp"))
    assert not is_watched(root, str(root / "content" / "index.md~"))
    assert not is_watched(root, str(root / "content" / ".#index.md"))
    assert not is_watched(root, str(root / "content" / "4913"))
    assert not is_watched(root, str(root / ".git" / "index"))
    assert not is_watched(root, str(root / "README.md"))
    assert not is_watched(root, "/elsewhere/content/index.md")


# -- hardening: binds, Host header, IPv6, backlog, timeouts, the
# watcher, and what the overlay may show -------------------------------------

from contextlib import contextmanager  # noqa: E402

from roadmapgen.commands.server import SiteState, is_loopback, make_server  # noqa: E402


def _can_bind(host: str) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family) as probe:
            probe.bind((host, 0))
        return True
    except OSError:
        return False


@contextmanager
def running(host: str = "127.0.0.1", accept: bool = True, **options):
    """The real server, in this process, on a free port of `host`."""
    state = SiteState()
    state.publish({"index.html": b"<!doctype html><html><body>hello</body></html>"}, None, (), 0.0)
    server = make_server(host, 0, state, **options)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    if accept:
        thread.start()
    try:
        yield server, state
    finally:
        state.stop()
        if accept:
            server.shutdown()
        server.server_close()


def ask(server, host_header: str | None) -> tuple[int, bytes]:
    """A raw GET / with exactly this Host header (None: no Host at all)."""
    lines = ["GET / HTTP/1.1", "Connection: close"] + ([f"Host: {host_header}"] if host_header is not None else [])
    with socket.create_connection(server.server_address[:2], timeout=WAIT) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.parametrize("bind", ["127.0.0.1", "127.0.0.2", "127.45.6.7", "localhost", "::1"])
def test_every_loopback_bind_answers_only_to_loopback_host_names(bind):
    if not _can_bind("::1" if bind == "::1" else "127.0.0.1"):
        pytest.skip(f"cannot bind {bind} here")
    with running(bind) as (server, _):
        address, port = server.server_address[:2]
        literal = f"[{address}]" if ":" in address else address
        for host in ["localhost", f"localhost:{port}", "LocalHost", "127.0.0.1", f"127.0.0.1:{port}", "[::1]",
                     f"[::1]:{port}", literal, f"{literal}:{port}", "localhost:9000"]:
            assert ask(server, host)[0] == 200, host
        for host in ["attacker.example", f"attacker.example:{port}", f"{address}.attacker.example",
                     "localhost.attacker.example", "127.0.0.1.attacker.example:80", "attacker.example:80@localhost",
                     "localhost:abc", "[::1].attacker.example", "", "  ", None, "127.0.0.3" if bind != "127.0.0.3" else "x"]:
            status, body = ask(server, host)
            assert status == 403, host
            assert body == b"roadmapgen serve answers only to localhost\n", host


@pytest.mark.parametrize("address, loopback", [
    ("127.0.0.1", True), ("127.255.0.9", True), ("::1", True), ("::ffff:127.0.0.2", True), ("localhost", True),
    ("0.0.0.0", False), ("::", False), ("", False), ("192.168.1.20", False), ("10.0.0.1", False), ("fe80::1", False),
])
def test_what_counts_as_loopback(address, loopback):
    assert is_loopback(address) is loopback


def test_serves_over_ipv6(example):
    if not _can_bind("::1"):
        pytest.skip("no IPv6 loopback here")
    server = Served(example, "--port", "0", "--host", "::1")
    try:
        assert server.url == f"http://[::1]:{server.port}/"
        status, _, body = server.get("/")
        assert status == 200 and b"data-roadmapgen-reload" in body
        assert server.get("/", host="attacker.example")[0] == 403
    finally:
        assert server.stop() == 0
    assert "warning" not in server.proc.stderr.read()


def test_binding_every_interface_warns_that_the_network_can_read_the_roadmap(example):
    server = Served(example, "--port", "0", "--host", "0.0.0.0", "--audience", "private")
    try:
        assert server.get("/", host="attacker.example")[0] == 200  # asked for: no loopback names to check
    finally:
        assert server.stop() == 0
    stderr = server.proc.stderr.read()
    assert "warning" in stderr and "0.0.0.0" in stderr and "network" in stderr and "private" in stderr
    assert "Traceback" not in stderr


def test_the_default_bind_is_loopback_and_says_nothing_about_the_network(example):
    server = Served(example, "--port", "0")
    assert server.url.startswith("http://127.0.0.1:")
    assert server.stop() == 0
    assert server.proc.stderr.read() == ""


def test_an_empty_host_is_a_usage_error_not_every_interface(example):
    # Real processes (one that wrongly starts a server would never return in
    # this one), all three at once.
    hosts = ["", "  ", "[]"]
    runs = [subprocess.Popen([sys.executable, "-m", "roadmapgen", "serve", str(example), "--port", "0",
                              f"--host={host}", "--today", TODAY],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for host in hosts]
    try:
        for host, run in zip(hosts, runs):
            try:
                _, stderr = run.communicate(timeout=WAIT)
            except subprocess.TimeoutExpired:
                raise AssertionError(f"--host {host!r} started a server") from None
            assert run.returncode == 2, host
            assert "every network interface" in stderr and "0.0.0.0" in stderr, host
            assert "Traceback" not in stderr, host
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.wait()


@pytest.mark.parametrize("port", ["70000", "65536", "-1", "abc", "", "8000.5"])
def test_a_port_out_of_range_is_a_usage_error(run_main, example, port):
    result = run_main(["serve", str(example), f"--port={port}"])
    assert result.code == 2
    assert f"'{port}' is not a port" in result.stderr and "0 to 65535" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_a_burst_of_connections_waits_in_the_backlog():
    # The server accepts nothing during the test, so every connection must
    # fit in the kernel's listen queue; past it Linux drops the handshake
    # and the client retries after a second.
    with running(accept=False) as (server, _):
        sockets = []
        try:
            for _ in range(100):
                conn = socket.socket()
                conn.setblocking(False)
                conn.connect_ex(server.server_address)
                sockets.append(conn)
            deadline = time.monotonic() + 0.7
            pending = set(sockets)
            while pending and time.monotonic() < deadline:
                _, writable, _ = select.select([], list(pending), [], 0.05)
                pending -= {c for c in writable if c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0}
            assert not pending, f"{len(pending)} of 100 connections were not taken in"
        finally:
            for conn in sockets:
                conn.close()


@pytest.mark.parametrize("sent", [b"", b"GET / HTTP/1.1\r\nHost: localhost\r\n"])
def test_a_silent_or_half_sent_connection_is_closed(sent):
    with running(timeout=0.3) as (server, _):
        with socket.create_connection(server.server_address, timeout=WAIT) as conn:
            conn.sendall(sent)
            started = time.monotonic()
            assert conn.recv(1024) == b""  # the server hung up
            assert time.monotonic() - started < 5


def test_the_event_stream_outlives_the_connection_timeout():
    with running(timeout=0.3) as (server, state):
        events = Events(server.server_address[1])
        first = int(events.next("hello"))
        time.sleep(1.0)  # three timeouts with nothing to send
        state.publish(None, None, (), 0.0)
        assert int(events.next("reload")) == first + 1
    events.close()  # once the server ended the stream: closing mid-read waits for the next event


def test_the_watcher_survives_file_names_that_are_not_utf8(served, example):
    def failures() -> int:
        return sum("file watching failed" in line for line in served.output)

    bad_names = [os.path.join(bytes(example), b"themes", b"\xff-theme.txt"),
                 os.path.join(bytes(example), b"content", b"\xfe\xff.md")]
    before = served.status()["generation"]
    (example / "themes").mkdir()
    served.wait_for(lambda: served.status()["generation"] > before, "themes/ to be watched")
    for n, name in enumerate(bad_names, 1):
        os.close(os.open(name, os.O_CREAT | os.O_WRONLY, 0o644))
        # The watcher reports the name, or (once it has started again) the
        # rebuild reports a content file whose name is not UTF-8.
        served.wait_for(lambda: failures() >= n or any("name is not UTF-8" in line for line in served.output),
                        "the watcher or the rebuild to report the name it cannot read")
    os.unlink(bad_names[1])
    time.sleep(0.5)  # its removal may fail the watcher again; it must come back
    edit(example / "content" / "next-30-days.md", "Hold kickoff sessions with Jonah and Aisha",
         "Hold kickoff sessions with Jonah, Aisha and Wilhelmina")
    served.wait_for(lambda: b"Wilhelmina" in served.get("/30-days.html")[2], "the edit after the bad names")
    assert served.status()["ok"]
    assert served.proc.poll() is None


def test_the_overlay_and_status_show_only_what_the_audience_may_see(example):
    # A private file too broken to read its visibility, a private gap with a
    # bad value, and one public error that may be shown.
    notes = example / "content" / "notes"
    (notes / "quiet-exit-plan.md").write_text(
        "---\nkind: page\nvisibility: private\ntitle: [Leaving Harborline quietly\n---\nsecret\n", encoding="utf-8")
    gaps = example / "content" / "gaps.md"
    edit(gaps, "    area: other\n    visibility: private\n", "    area: counteroffer-area\n    visibility: private\n")
    edit(gaps, "  - id: gap-incident-command\n    title: Incident commander certification\n    area: credentials\n",
         "  - id: gap-incident-command\n    title: Incident commander certification\n    area: publicly-wrong\n")
    edit(example / "content" / "index.md", "  current_compensation: 112000\n",
         "  current_compensation: {sevenfiftyk: budget}\n")
    server = Served(example, "--port", "0", "--audience", "public")
    try:
        status = server.status()
        _, _, page = server.get("/")
        raw_status = json.dumps(status)
    finally:
        server.stop()
    assert status["ok"] is False
    assert [d["message"] for d in status["diagnostics"]] == ["'publicly-wrong' is not a valid area"]
    assert status["hidden"] == 3 and "--audience private" in status["hidden_note"]
    overlay = page.decode()
    assert "roadmapgen-overlay" in overlay and "publicly-wrong" in overlay
    assert "3 more findings left out" in overlay and "--audience private" in overlay
    for secret in ["quiet-exit-plan", "Leaving Harborline", "counteroffer-area", "gap-self-advocacy",
                   "not valid YAML", "gaps.md:72", "sevenfiftyk", "current_compensation", "index.md"]:
        assert secret not in overlay and secret not in raw_status, secret
    # the terminal is the owner's: it lists everything
    terminal = "".join(server.output)
    assert "quiet-exit-plan" in terminal and "counteroffer-area" in terminal
