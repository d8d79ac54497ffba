"""`roadmapgen serve`: build in memory, serve on localhost, rebuild on change,
reload open tabs through server-sent events.

The site is never written to disk: each build's `{relative path: bytes}`
replaces the one being served. The exports (roadmap.json, roadmap.ics, ...)
are made only when asked for, from that build, byte for byte what `build`
writes. A failed build keeps the last good site and
records its diagnostics; every served HTML page then carries an overlay with
them until a build succeeds again. The reload script and the overlay are
added to HTML responses here, on the way out, so `build` output never has
them.
"""

from __future__ import annotations

import datetime as dt
import errno
import html
import json
import mimetypes
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import unquote

from roadmapgen.diagnostics import Diagnostic

EVENTS_PATH = "/__roadmapgen/events"
STATUS_PATH = "/__roadmapgen/status"
WATCHED_DIRS = ("content", "themes")
CONFIG_FILE = "roadmap.toml"
LOOPBACK = ("127.0.0.1", "::1", "localhost")

# Debounce: after the first change, wait until no new change has come for
# STEP_MS (up to DEBOUNCE_MS in all), so a burst of saves is one rebuild. An
# editor's save or a `git checkout` writes its files well within 10 ms of each
# other; the wait is part of every save-to-reload, so it is kept short.
STEP_MS = 10
DEBOUNCE_MS = 1000

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".ics": "text/calendar; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
}

_EDITOR_TEMP = re.compile(
    r"(^\.#|^#.*#$|~$|\.sw[a-p]$|\.swpx$|\.tmp$|\.temp$|\.bak$|^4913$|___jb_(tmp|old)___$|\.crdownload$|\.part$)"
)


def content_type(path: str) -> str:
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path)
    return guessed or "application/octet-stream"


def request_path(raw: str) -> str | None:
    """The site-relative file a request asks for, or None when it could
    point anywhere but inside the site: `..`, `.`, encoded slashes or
    backslashes, NUL bytes, empty segments. '' means the site's root."""
    raw = raw.split("#", 1)[0].split("?", 1)[0]
    if not raw.startswith("/") or re.search(r"%(2f|5c|00)", raw, re.IGNORECASE):
        return None
    try:
        decoded = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in decoded or "\x00" in decoded:
        return None
    parts = decoded[1:].split("/")
    trailing = parts[-1] == ""
    if trailing:
        parts = parts[:-1]
    if any(part in ("", ".", "..") for part in parts):
        return None
    return "/".join(parts) + ("/" if trailing and parts else "")


def is_watched(site_root: Path, output: str, changed: str) -> bool:
    """Whether a changed path should trigger a rebuild."""
    path = Path(changed)
    for base in (site_root.absolute(), site_root.resolve()):
        try:
            rel = path.relative_to(base)
            break
        except ValueError:
            continue
    else:
        return False
    parts = rel.parts
    if not parts:
        return False
    if _EDITOR_TEMP.search(parts[-1]):
        return False
    out_parts = Path(output).parts if output else ()
    if out_parts and parts[: len(out_parts)] == out_parts:
        return False
    if any(part.startswith(".") for part in parts):
        return False
    if len(parts) == 1:
        return parts[0] == CONFIG_FILE or parts[0] in WATCHED_DIRS
    return parts[0] in WATCHED_DIRS


# -- what is being served -------------------------------------------------------

@dataclass
class SiteState:
    """The last good build, the current error (if any) and a generation
    number that every rebuild increments; guarded by `changed`. A file may
    be a callable that makes its bytes (an export): call it only holding
    `building`, the lock every build holds."""

    files: dict[str, bytes | Callable[[], bytes]] = field(default_factory=dict)
    error: str | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    generation: int = 0
    build_ms: float = 0.0
    stopping: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)
    building: threading.Lock = field(default_factory=threading.Lock)

    def publish(self, files: dict[str, bytes | Callable[[], bytes]] | None, error: str | None,
                diagnostics: tuple[Diagnostic, ...], build_ms: float) -> None:
        with self.changed:
            if files is not None:
                self.files = files
            self.error = error
            self.diagnostics = diagnostics
            self.build_ms = build_ms
            self.generation += 1
            self.changed.notify_all()

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()


class Builder:
    """Runs a build and publishes the result; never raises."""

    def __init__(self, site_root: Path, today: Callable[[], dt.date], state: SiteState,
                 report: Callable[[str], None], **flags):
        self.site_root = site_root
        self.today = today
        self.state = state
        self.report = report
        self.flags = flags
        self.output = "site"
        self.lock = state.building
        self.reader = None  # a SourceReader: unchanged files are not read again,
        self.parse_cache: dict = {}  # nor parsed again,
        self.page_memo: dict = {}  # nor their pages rendered again,
        self.history_memo: dict = {}  # nor git's log read again before a commit

    def build(self, changed: set[str] | None = None) -> bool:
        """`changed`: the absolute paths the watcher reported since the
        last build; None when not known (everything is read again)."""
        with self.lock:  # one build at a time, published in the order they ran
            return self._build(changed)

    def _build(self, changed: set[str] | None) -> bool:
        from roadmapgen.build import BuildError, build_files
        from roadmapgen.sources import SourceReader

        started = time.perf_counter()
        try:
            self.reader = self.reader or SourceReader(self.site_root)
            files, settings, diagnostics = build_files(self.site_root, self.today(), parse_cache=self.parse_cache,
                                                      page_memo=self.page_memo, history_memo=self.history_memo,
                                                      defer_exports=True, sources=self.reader.read(changed),
                                                      **self.flags)
        except BuildError as exc:
            ms = (time.perf_counter() - started) * 1000
            errors = tuple(d for d in exc.diagnostics if d.severity == "error")
            self.state.publish(None, str(exc), errors, ms)
            self.report(_describe_failure(str(exc), errors))
            return False
        except Exception as exc:  # a crash is a bug; the server stays up and says so
            ms = (time.perf_counter() - started) * 1000
            self.state.publish(None, f"internal error: {type(exc).__name__}: {exc} (this is a bug in roadmapgen)", (), ms)
            self.report(f"build crashed: {type(exc).__name__}: {exc}")
            return False
        ms = (time.perf_counter() - started) * 1000
        self.output = settings.output
        self.state.publish(files, None, (), ms)
        warnings = sum(d.severity == "warning" for d in diagnostics)
        pages = sum(p.endswith(".html") for p in files)
        self.report(f"built {pages} pages in {ms:.0f} ms" + (f" ({warnings} warnings)" if warnings else ""))
        return True


def _describe_failure(message: str, diagnostics: tuple[Diagnostic, ...]) -> str:
    lines = [f"build failed: {message}; still serving the last good site"]
    for d in diagnostics:
        lines.append("  " + _where(d) + f": {d.severity}[{d.code}]: {d.message}")
    return "\n".join(lines)


def _where(d: Diagnostic) -> str:
    return d.path + "".join(f":{n}" for n in (d.line, d.column) if n is not None)


# -- what is added to served HTML ---------------------------------------------

_RELOAD_SCRIPT = """<script data-roadmapgen-reload>
(function () {
  var generation = %d;
  if (!window.EventSource) return;
  var source = new EventSource("%s");
  function check(event) { if (Number(event.data) !== generation) location.reload(); }
  source.addEventListener("hello", check);
  source.addEventListener("reload", check);
})();
</script>"""

_OVERLAY_STYLE = (
    "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;"
    "margin:0;padding:1rem 1.25rem;background:#2b0b0e;color:#fde8e8;border-top:4px solid #e5484d;"
    "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -4px 24px rgba(0,0,0,.4)"
)


def overlay_html(error: str, diagnostics: tuple[Diagnostic, ...]) -> str:
    items = []
    for d in diagnostics:
        hint = f"<div style=\"color:#f5c2c2\">hint: {html.escape(d.hint)}</div>" if d.hint else ""
        items.append(
            f"<li style=\"margin:.5rem 0\"><strong>{html.escape(_where(d))}</strong>: "
            f"{html.escape(d.severity)}[{html.escape(d.code)}]: {html.escape(d.message)}{hint}</li>"
        )
    listing = f"<ul style=\"margin:.5rem 0 0;padding-left:1.25rem\">{''.join(items)}</ul>" if items else ""
    return (
        f"<div id=\"roadmapgen-overlay\" role=\"alert\" style=\"{_OVERLAY_STYLE}\">"
        f"<div style=\"font-weight:bold\">roadmapgen: the last edit broke the build; showing the last good site</div>"
        f"<div>{html.escape(error)}</div>{listing}"
        f"<div style=\"margin-top:.5rem;opacity:.8\">Fix the file and save: this page reloads by itself.</div></div>"
    )


def inject(page: bytes, generation: int, error: str | None, diagnostics: tuple[Diagnostic, ...]) -> bytes:
    """The served form of an HTML page: reload script (and overlay) before </body>."""
    extra = ""
    if error is not None:
        extra += overlay_html(error, diagnostics)
    extra += _RELOAD_SCRIPT % (generation, EVENTS_PATH)
    data = extra.encode("utf-8")
    at = page.lower().rfind(b"</body>")
    if at == -1:
        return page + data
    return page[:at] + data + page[at:]


_BLANK = (b"<!doctype html><html><head><meta charset=\"utf-8\"><title>roadmapgen serve</title></head>"
          b"<body><p>The roadmap has not built yet.</p></body></html>")


# -- HTTP -----------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    server_version = "roadmapgen-serve"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    state: SiteState  # set on the subclass made by make_server

    def log_message(self, format, *args):  # noqa: A002 - quiet by default
        pass

    def do_HEAD(self):
        self._serve(head=True)

    def do_GET(self):
        self._serve(head=False)

    def _send(self, status: int, body: bytes, ctype: str, head: bool, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _host_allowed(self) -> bool:
        """On a loopback address, answer only requests addressed to loopback
        names, so a web page using DNS rebinding cannot read the roadmap."""
        bound = self.server.server_address[0]
        if bound not in LOOPBACK:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name in LOOPBACK or name in ("localhost", "[::1]")

    def _serve(self, head: bool) -> None:
        if not self._host_allowed():
            return self._send(HTTPStatus.FORBIDDEN, b"roadmapgen serve answers only to localhost\n",
                              "text/plain; charset=utf-8", head)
        raw = self.path
        if raw.split("?", 1)[0] == EVENTS_PATH:
            return self._events(head)
        if raw.split("?", 1)[0] == STATUS_PATH:
            return self._status(head)
        state = self.state
        with state.changed:
            files, generation, error, diagnostics = state.files, state.generation, state.error, state.diagnostics
        rel = request_path(raw)
        found = None
        if rel is not None:
            if rel == "" or rel.endswith("/"):
                found = rel + "index.html"
            elif rel in files:
                found = rel
            elif rel + "/index.html" in files:
                return self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", head,
                                  {"Location": "/" + rel + "/"})
        if found is not None and found in files:
            body = files[found]
            status = HTTPStatus.OK
            if callable(body):  # an export, made now from the build it belongs to
                try:
                    with state.building:
                        body = body()
                except Exception as exc:  # a bug; the server stays up and says so
                    return self._send(HTTPStatus.INTERNAL_SERVER_ERROR,
                                      f"roadmapgen could not make {found}: {type(exc).__name__}: {exc}\n".encode(),
                                      "text/plain; charset=utf-8", head)
        elif found == "index.html" and not files:
            body, status = _BLANK, HTTPStatus.OK
        else:
            body, status = files.get("404.html", b"<!doctype html><html><body><h1>Not found</h1></body></html>"), HTTPStatus.NOT_FOUND
            found = "404.html"
        ctype = content_type(found)
        if ctype.startswith("text/html"):
            body = inject(body, generation, error, diagnostics)
        self._send(status, body, ctype, head)

    def _status(self, head: bool) -> None:
        state = self.state
        with state.changed:
            data = {
                "generation": state.generation,
                "ok": state.error is None,
                "error": state.error,
                "build_ms": round(state.build_ms, 1),
                "diagnostics": [d.as_json() for d in state.diagnostics],
            }
        self._send(HTTPStatus.OK, json.dumps(data).encode(), "application/json", head)

    def _events(self, head: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if head:
            return
        state = self.state
        with state.changed:
            seen = state.generation
        try:
            self.wfile.write(f"retry: 500\nevent: hello\ndata: {seen}\n\n".encode())
            self.wfile.flush()
            while True:
                with state.changed:
                    state.changed.wait_for(lambda: state.stopping or state.generation != seen, timeout=15)
                    if state.stopping:
                        return
                    current = state.generation
                if current != seen:
                    seen = current
                    self.wfile.write(f"event: reload\ndata: {seen}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False  # a port in use is an error, not a silent share

    def handle_error(self, request, client_address):
        # A browser closing a tab mid-response is normal; anything else is a
        # one-line message, never a traceback.
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        print(f"roadmapgen serve: error answering {client_address[0]}: {type(error).__name__}: {error}",
              file=sys.stderr, flush=True)


def make_server(host: str, port: int, state: SiteState) -> Server:
    handler = type("BoundHandler", (Handler,), {"state": state})
    return Server((host, port), handler)


# -- watching -------------------------------------------------------------------

def watch(site_root: Path, builder: Builder, stop: threading.Event, report: Callable[[str], None],
          ready: threading.Event | None = None) -> None:
    """Rebuild on every batch of changes. `ready` is set once the watcher is
    registered with the operating system (the first empty timeout yield)."""
    from watchfiles import watch as watch_changes

    def accept(change, path: str) -> bool:
        return is_watched(site_root, builder.output, path)

    try:
        for changes in watch_changes(site_root.absolute(), watch_filter=accept, debounce=DEBOUNCE_MS, step=STEP_MS,
                                     stop_event=stop, raise_interrupt=False, yield_on_timeout=True,
                                     rust_timeout=200):
            if ready is not None:
                ready.set()
            if stop.is_set():
                return
            if not changes:
                continue
            names = sorted({_relative(site_root, p) for _, p in changes})
            report("changed: " + ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else ""))
            builder.build({path for _, path in changes})
    except Exception as exc:  # the watcher dying must not take the server with it silently
        report(f"file watching stopped: {type(exc).__name__}: {exc}")


def _relative(site_root: Path, path: str) -> str:
    try:
        return Path(path).relative_to(site_root.absolute()).as_posix()
    except ValueError:
        return path


# -- the command ----------------------------------------------------------------

class ServeError(Exception):
    """serve cannot start (port in use, bad address); a usage-level error."""


def serve(site_root: Path, host: str, port: int, today: Callable[[], dt.date], audience: str | None = None,
          open_browser: bool = False, out=sys.stdout, theme: str | None = None) -> int:
    def report(message: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        print(f"[{stamp}] {message}", file=out, flush=True)

    state = SiteState()
    builder = Builder(site_root, today, state, report, audience=audience, theme=theme)
    try:
        server = make_server(host, port, state)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on {host} is already in use; stop the other server or pick "
                             "another port with --port") from None
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    stop = threading.Event()
    ready = threading.Event()
    watcher = threading.Thread(target=watch, args=(site_root, builder, stop, report, ready),
                               name="roadmapgen-watch", daemon=True)
    watcher.start()  # before the first build, so a save during it is not missed
    builder.build()
    ready.wait(timeout=5)

    def on_signal(signum, frame):  # Ctrl-C or SIGTERM: finish the current request, then stop
        threading.Thread(target=server.shutdown, daemon=True).start()

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, on_signal)
    bound_host, bound_port = server.server_address[:2]
    shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    url = f"http://{shown}:{bound_port}/"
    report(f"serving {site_root} at {url} (Ctrl-C to stop)")

    if open_browser:
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        state.stop()
        server.server_close()
        watcher.join(timeout=2)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    report("stopped")
    return 0
