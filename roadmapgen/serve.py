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
import ipaddress
import json
import mimetypes
import re
import signal
import socket
import socketserver
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import unquote

from roadmapgen.diagnostics import Diagnostic, visible
from roadmapgen.model import ROOT_BLOCKS

EVENTS_PATH = "/__roadmapgen/events"
STATUS_PATH = "/__roadmapgen/status"
WATCHED_DIRS = ("content", "themes")
CONFIG_FILE = "roadmap.toml"
# Host names a request to a loopback bind may carry, besides the bound address.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
# A client that sends nothing (or vanished without closing) frees its thread
# after this long; the event stream only writes, so it is not cut by it.
CONNECTION_TIMEOUT = 15.0
# How often an idle event stream says it is alive, which also finds a
# vanished browser once the kernel's buffer for it is full.
KEEPALIVE_S = 10.0

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
    diagnostics: tuple[Diagnostic, ...] = ()  # only those the audience may see
    hidden: int = 0  # how many findings were left out of `diagnostics`
    audience: str | None = None
    generation: int = 0
    build_ms: float = 0.0
    stopping: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)
    building: threading.Lock = field(default_factory=threading.Lock)

    def publish(self, files: dict[str, bytes | Callable[[], bytes]] | None, error: str | None,
                diagnostics: tuple[Diagnostic, ...], build_ms: float, hidden: int = 0,
                audience: str | None = None) -> None:
        with self.changed:
            if files is not None:
                self.files = files
            self.error = error
            self.diagnostics = diagnostics
            self.hidden = hidden
            self.audience = audience
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
        # Each file's visibility when it last parsed, so the findings of a
        # file an edit made unreadable are shown to whom it was shown before.
        self.file_visibility: dict[str, str] = {}
        self.broken_root = None  # the root file, when too broken to join the roadmap

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
            shown, audience = errors, None
            if exc.project is not None:
                self._remember_visibility()
                audience = self.flags.get("audience") or exc.project.settings.audience
                shown = audience_findings(exc.project.roadmap, audience, errors, self.file_visibility,
                                          self.broken_root)
            self.state.publish(None, str(exc), shown, ms, hidden=len(errors) - len(shown), audience=audience)
            # The terminal is the owner's: it lists every finding.
            self.report(_describe_failure(str(exc), errors))
            return False
        except Exception as exc:  # a crash is a bug; the server stays up and says so
            ms = (time.perf_counter() - started) * 1000
            # The exception's text may quote content of any visibility: it
            # goes to the terminal only.
            self.state.publish(None, f"internal error: {type(exc).__name__}, details in the terminal "
                                     "(this is a bug in roadmapgen)", (), ms)
            self.report(f"build crashed: {type(exc).__name__}: {exc}")
            return False
        ms = (time.perf_counter() - started) * 1000
        self._remember_visibility()
        self.output = settings.output
        self.state.publish(files, None, (), ms)
        warnings = sum(d.severity == "warning" for d in diagnostics)
        pages = sum(p.endswith(".html") for p in files)
        self.report(f"built {pages} pages in {ms:.0f} ms" + (f" ({warnings} warnings)" if warnings else ""))
        return True

    def _remember_visibility(self) -> None:
        self.broken_root = None
        for document, _ in self.parse_cache.values():
            level = getattr(document, "visibility", None)  # a file too broken to parse has none
            if getattr(document, "kind", None) == "roadmap" and level is None:
                self.broken_root, level = document, "public"  # the root file is public; its blocks may not be
            if isinstance(level, str):
                self.file_visibility[document.path] = level


def audience_findings(roadmap, audience: str, diagnostics: tuple[Diagnostic, ...],
                      file_visibility: dict[str, str] | None = None, broken_root=None) -> tuple[Diagnostic, ...]:
    """The findings an overlay for `audience` may show. The overlay and the
    status are served, possibly to the network: a finding is shown only
    when it is about something the audience sees. Beyond what
    visible_findings drops (findings about hidden files and ids), that
    leaves out findings in content/ files the audience is not known to see
    (a new file too broken to tell its visibility; `file_visibility` says
    what each file's was when it last parsed), and findings that sit inside
    a hidden entry or a hidden block of the root (any block of a
    `broken_root`, whose levels cannot be read)."""
    from roadmapgen.audience import can_see, restrict, visible_findings

    if audience == "private":
        return tuple(diagnostics)
    view = restrict(roadmap, audience)
    kept = {id(d) for d in visible_findings(view, diagnostics)}
    seen = view.roadmap
    files = {d.path for d in (*seen.plans, *seen.reviews, *seen.pages)} | {e.path for e in seen.entries.values()}
    files |= {path for path, level in (file_visibility or {}).items() if can_see(audience, level)}
    if seen.root is not None:
        files.add(seen.root.path)
    # Per file, where each entry (or root block) starts and whether the
    # audience may see it; a finding belongs to the last start before it.
    starts: dict[str, list[tuple[int, bool]]] = {}
    for entry in roadmap.entries.values():
        starts.setdefault(entry.path, []).append((entry.pos.line, entry.id in view.hidden_ids))
    root = roadmap.root or broken_root
    if root is not None:
        def hides(block: str) -> bool:
            return roadmap.root is None or not can_see(audience, root.block_level(block))

        previous = 1
        for name, pos in sorted(root.fields.items(), key=lambda kv: kv[1].line):
            hidden = name in ROOT_BLOCKS and hides(name)
            # A block's value may start a line after its key: a hidden
            # block claims every line after the field before it.
            starts.setdefault(root.path, []).append((previous + 1 if hidden else pos.line, hidden))
            previous = pos.line
    for marks in starts.values():
        marks.sort()

    def shown(d: Diagnostic) -> bool:
        if id(d) not in kept:
            return False
        if d.path.split("/", 1)[0] != "content":
            return True  # roadmap.toml, a theme: settings, not content
        if d.path not in files:
            return False
        owner = [hidden for line, hidden in starts.get(d.path, ()) if d.line is not None and line <= d.line]
        return not (owner and owner[-1])

    return tuple(d for d in diagnostics if shown(d))


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


def left_out(hidden: int, audience: str | None) -> str:
    if not hidden:
        return ""
    return (f"{hidden} more finding{'s' * (hidden != 1)} left out: about content the {audience} edition does not "
            "show. The terminal lists them; `roadmapgen serve --audience private` shows them here.")


def overlay_html(error: str, diagnostics: tuple[Diagnostic, ...], hidden: int = 0, audience: str | None = None) -> str:
    items = []
    for d in diagnostics:
        hint = f"<div style=\"color:#f5c2c2\">hint: {html.escape(d.hint)}</div>" if d.hint else ""
        items.append(
            f"<li style=\"margin:.5rem 0\"><strong>{html.escape(_where(d))}</strong>: "
            f"{html.escape(d.severity)}[{html.escape(d.code)}]: {html.escape(d.message)}{hint}</li>"
        )
    listing = f"<ul style=\"margin:.5rem 0 0;padding-left:1.25rem\">{''.join(items)}</ul>" if items else ""
    if hidden:
        listing += f"<div style=\"margin-top:.5rem\">{html.escape(left_out(hidden, audience))}</div>"
    return (
        f"<div id=\"roadmapgen-overlay\" role=\"alert\" style=\"{_OVERLAY_STYLE}\">"
        f"<div style=\"font-weight:bold\">roadmapgen: the last edit broke the build; showing the last good site</div>"
        f"<div>{html.escape(error)}</div>{listing}"
        f"<div style=\"margin-top:.5rem;opacity:.8\">Fix the file and save: this page reloads by itself.</div></div>"
    )


def inject(page: bytes, generation: int, error: str | None, diagnostics: tuple[Diagnostic, ...],
           hidden: int = 0, audience: str | None = None) -> bytes:
    """The served form of an HTML page: reload script (and overlay) before </body>."""
    extra = ""
    if error is not None:
        extra += overlay_html(error, diagnostics, hidden, audience)
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
    timeout = CONNECTION_TIMEOUT  # every read and write on the connection
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

    def _serve(self, head: bool) -> None:
        if not host_allowed(self.headers.get("Host"), self.server.server_address[0]):
            self.close_connection = True
            return self._send(HTTPStatus.FORBIDDEN, b"roadmapgen serve answers only to localhost\n",
                              "text/plain; charset=utf-8", head)
        raw = self.path
        if raw.split("?", 1)[0] == EVENTS_PATH:
            return self._events(head)
        if raw.split("?", 1)[0] == STATUS_PATH:
            return self._status(head)
        state = self.state
        with state.changed:
            files, generation, error = state.files, state.generation, state.error
            diagnostics, hidden, audience = state.diagnostics, state.hidden, state.audience
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
            body = inject(body, generation, error, diagnostics, hidden, audience)
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
                "hidden": state.hidden,
            }
            if state.hidden:
                data["hidden_note"] = left_out(state.hidden, state.audience)
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
                    state.changed.wait_for(lambda: state.stopping or state.generation != seen, timeout=KEEPALIVE_S)
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


def is_loopback(address: str) -> bool:
    """Whether a bound address (or `localhost`) reaches this machine only."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address.lower() == "localhost"
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::[0-9]{1,5})?")


def host_allowed(header: str | None, bound: str) -> bool:
    """On a loopback bind, answer only requests addressed to a loopback
    name, so a web page using DNS rebinding (its own name, resolved to
    127.0.0.1) cannot read the roadmap. Any port is accepted: an SSH
    tunnel forwards localhost:9000 to the port served here."""
    if not is_loopback(bound):
        return True
    match = _HOST.fullmatch((header or "").strip().lower())
    if match is None:
        return False
    bound_name = f"[{bound}]" if ":" in bound else bound
    return match.group(1) in (*LOOPBACK_NAMES, bound_name)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False  # a port in use is an error, not a silent share
    request_queue_size = 128  # a page's burst of parallel requests waits in the kernel, not refused

    def server_bind(self):
        # HTTPServer.server_bind asks DNS for the host's full name, which
        # serve never uses and which can take seconds on a LAN address.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        # A browser closing a tab mid-response is normal; anything else is a
        # one-line message, never a traceback.
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        print(f"roadmapgen serve: error answering {client_address[0]}: {type(error).__name__}: {error}",
              file=sys.stderr, flush=True)


class Server6(Server):
    address_family = socket.AF_INET6


def make_server(host: str, port: int, state: SiteState, timeout: float = CONNECTION_TIMEOUT) -> Server:
    """A server bound to `host` (an IPv4 or IPv6 literal, or a name IPv4
    resolves) and `port`, not yet serving."""
    handler = type("BoundHandler", (Handler,), {"state": state, "timeout": timeout})
    try:
        ipv6 = ipaddress.ip_address(host).version == 6
    except ValueError:
        ipv6 = False
    return (Server6 if ipv6 else Server)((host, port), handler)


# -- watching -------------------------------------------------------------------

def watch(site_root: Path, builder: Builder, stop: threading.Event, report: Callable[[str], None],
          ready: threading.Event | None = None) -> None:
    """Rebuild on every batch of changes. `ready` is set once the watcher is
    registered with the operating system (the first empty timeout yield).

    watchfiles gives up for good on a change it cannot report, such as a
    file name that is not UTF-8; the batch it was collecting is lost with
    it. So the watcher is started again, and once it watches, one build
    reads everything, so nothing saved in between is missed."""
    failures = 0
    while not stop.is_set():
        try:
            _watch_once(site_root, builder, stop, report, ready, catch_up=failures > 0)
            return
        except Exception as exc:
            failures += 1
            report(f"file watching failed ({type(exc).__name__}: {str(exc)}); watching again")
        # Back off only when it fails over and over, and never for long.
        if stop.wait(min(0.05 * 2 ** min(failures, 5), 1.0)):
            return


def _watch_once(site_root: Path, builder: Builder, stop: threading.Event, report: Callable[[str], None],
                ready: threading.Event | None, catch_up: bool) -> None:
    from watchfiles import watch as watch_changes

    def accept(change, path: str) -> bool:
        return is_watched(site_root, builder.output, path)

    for changes in watch_changes(site_root.absolute(), watch_filter=accept, debounce=DEBOUNCE_MS, step=STEP_MS,
                                 stop_event=stop, raise_interrupt=False, yield_on_timeout=True,
                                 rust_timeout=200):
        if ready is not None:
            ready.set()
        if stop.is_set():
            return
        if catch_up:
            catch_up = False
            builder.build()
            continue
        if not changes:
            continue
        names = sorted({_relative(site_root, p) for _, p in changes})
        report("changed: " + ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else ""))
        builder.build({path for _, path in changes})


def _relative(site_root: Path, path: str) -> str:
    try:
        return Path(path).relative_to(site_root.absolute()).as_posix()
    except ValueError:
        return path


# -- the command ----------------------------------------------------------------

class ServeError(Exception):
    """serve cannot start (port in use, bad address); a usage-level error."""


def bind_address(host: str) -> str:
    """The address `--host` asks for, brackets of an IPv6 literal removed.
    An empty one is refused: to the socket library it means every
    interface, which must be asked for by name."""
    address = host.strip()
    if address.startswith("[") and address.endswith("]"):
        address = address[1:-1]
    if not address:
        raise ServeError("--host '' would listen on every network interface; to share the roadmap on your "
                         "network say so with --host 0.0.0.0 (or --host :: for IPv6), else leave --host out")
    return address


def network_warning(address: str, audience: str | None) -> str:
    edition = (f"the {audience} edition" if audience
               else "the edition roadmap.toml chooses, possibly the private one")
    return (f"roadmapgen serve: warning: listening on {address}, which is not loopback: anyone who can reach "
            f"this machine on the network can read the roadmap ({edition}), and the page overlay shows "
            "what is broken. Leave --host out to keep it on this machine.")


def serve(site_root: Path, host: str, port: int, today: Callable[[], dt.date], audience: str | None = None,
          open_browser: bool = False, out=sys.stdout, theme: str | None = None, err=sys.stderr) -> int:
    def report(message: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        print(f"[{stamp}] {visible(message)}", file=out, flush=True)  # messages quote paths and content

    address = bind_address(host)
    state = SiteState()
    builder = Builder(site_root, today, state, report, audience=audience, theme=theme)
    try:
        server = make_server(address, port, state)
    except OSError as exc:  # socket.gaierror included: a name that does not resolve
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on {address} is already in use; stop the other server or pick "
                             "another port with --port") from None
        raise ServeError(f"cannot listen on {address}:{port}: {exc.strerror or exc}") from None
    except OverflowError:  # a port past 65535, from a caller other than the CLI
        raise ServeError(f"{port} is not a port: give a number from 0 to 65535") from None
    if not is_loopback(server.server_address[0]):
        print(network_warning(server.server_address[0], audience), file=err, flush=True)
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
