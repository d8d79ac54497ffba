"""The HTTP side of `roadmapgen serve`: the site being served, kept in
memory, and a server that answers only on the paths of that site, adds the
reload script (and, after a failed build, the overlay) to each HTML page on
the way out, and streams a reload event to open tabs after every build.
"""

from __future__ import annotations

import html
import ipaddress
import json
import mimetypes
import re
import socket
import socketserver
import sys
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import PurePosixPath
from urllib.parse import unquote

from roadmapgen.diagnostics import Diagnostic

EVENTS_PATH = "/__roadmapgen/events"
STATUS_PATH = "/__roadmapgen/status"
# Host names a request to a loopback bind may carry, besides the bound address.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
# A client that sends nothing (or vanished without closing) frees its thread
# after this long; the event stream only writes, so it is not cut by it.
CONNECTION_TIMEOUT = 15.0
# How often an idle event stream says it is alive, which also finds a
# vanished browser once the kernel's buffer for it is full.
KEEPALIVE_S = 10.0

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


def content_type(path: str) -> str:
    suffix = PurePosixPath(path).suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


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
    rel = decoded[1:]
    if "\\" in rel or "\x00" in rel:
        return None
    if rel and any(part in ("", ".", "..") for part in rel.removesuffix("/").split("/")):
        return None
    return rel


# -- what is being served -------------------------------------------------------

_BLANK = (b"<!doctype html><html><head><meta charset=\"utf-8\"><title>roadmapgen serve</title></head>"
          b"<body><p>The roadmap has not built yet.</p></body></html>")
_NO_SITE = {"index.html": _BLANK}  # what is served until a build succeeds (compared by identity)


@dataclass(frozen=True, slots=True)
class Published:
    """What a request sees: the last good build's files, the current error
    (if any), and a generation number that every rebuild increments."""

    files: dict[str, bytes] = field(default_factory=lambda: _NO_SITE)  # until a build succeeds
    error: str | None = None
    diagnostics: tuple[Diagnostic, ...] = ()  # only those the audience may see
    hidden: int = 0  # how many findings were left out of `diagnostics`
    audience: str | None = None
    build_ms: float = 0.0
    generation: int = 0

    @property
    def has_site(self) -> bool:
        """Whether a build has succeeded yet: before, there is no good site to fall back on."""
        return self.files is not _NO_SITE


class SiteState:
    """What is served, replaced whole by each build so that a request reads
    one build's parts together; `changed` wakes the event streams, and
    `stopped` ends them and the file watcher."""

    def __init__(self) -> None:
        self.current = Published()
        self.stopped = threading.Event()
        self.changed = threading.Condition()

    def publish(self, files: dict[str, bytes] | None, error: str | None,
                diagnostics: tuple[Diagnostic, ...], build_ms: float, hidden: int = 0,
                audience: str | None = None) -> None:
        with self.changed:
            last = self.current
            self.current = Published(last.files if files is None else files, error, diagnostics, hidden,
                                     audience, build_ms, last.generation + 1)
            self.changed.notify_all()

    def stop(self) -> None:
        with self.changed:
            self.stopped.set()
            self.changed.notify_all()


def where(d: Diagnostic) -> str:
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


def left_out(published: Published) -> str:
    hidden = published.hidden
    return (f"{hidden} more finding{'s' * (hidden != 1)} left out: about content the {published.audience} "
            "edition does not show. The terminal lists them; `roadmapgen serve --audience private` shows "
            "them here.")


def overlay_html(published: Published) -> str:
    items = []
    for d in published.diagnostics:
        hint = f"<div style=\"color:#f5c2c2\">hint: {html.escape(d.hint)}</div>" if d.hint else ""
        items.append(
            f"<li style=\"margin:.5rem 0\"><strong>{html.escape(where(d))}</strong>: "
            f"{html.escape(d.severity)}[{html.escape(d.code)}]: {html.escape(d.message)}{hint}</li>"
        )
    listing = f"<ul style=\"margin:.5rem 0 0;padding-left:1.25rem\">{''.join(items)}</ul>" if items else ""
    if published.hidden:
        listing += f"<div style=\"margin-top:.5rem\">{html.escape(left_out(published))}</div>"
    headline = ("the last edit broke the build; showing the last good site" if published.has_site
                else "the roadmap does not build yet, so there is no site to show")
    return (
        f"<div id=\"roadmapgen-overlay\" role=\"alert\" style=\"{_OVERLAY_STYLE}\">"
        f"<div style=\"font-weight:bold\">roadmapgen: {headline}</div>"
        f"<div>{html.escape(published.error or '')}</div>{listing}"
        f"<div style=\"margin-top:.5rem;opacity:.8\">Fix the file and save: this page reloads by itself.</div></div>"
    )


def inject(page: bytes, published: Published) -> bytes:
    """The served form of an HTML page: reload script (and overlay) before </body>."""
    extra = overlay_html(published) if published.error is not None else ""
    data = (extra + _RELOAD_SCRIPT % (published.generation, EVENTS_PATH)).encode("utf-8")
    at = page.lower().rfind(b"</body>")
    if at == -1:
        return page + data
    return page[:at] + data + page[at:]


# -- HTTP -----------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    server_version = "roadmapgen-serve"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = CONNECTION_TIMEOUT  # every read and write on the connection
    state: SiteState  # set on the subclass made by make_server

    def log_message(self, format, *args):  # noqa: A002 - quiet by default
        pass

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        if not host_allowed(self.headers.get("Host"), self.server.server_address[0]):
            self.close_connection = True
            return self._send(HTTPStatus.FORBIDDEN, b"roadmapgen serve answers only to localhost\n",
                              "text/plain; charset=utf-8")
        route = self.path.split("?", 1)[0]
        if route == EVENTS_PATH:
            return self._events()
        if route == STATUS_PATH:
            return self._status()
        published = self.state.current
        files = published.files
        rel = request_path(self.path)
        found = rel + "index.html" if rel is not None and rel[-1:] in ("", "/") else rel
        if found in files:
            body, status = files[found], HTTPStatus.OK
        elif rel and rel + "/index.html" in files:
            return self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", {"Location": f"/{rel}/"})
        else:
            found, status = "404.html", HTTPStatus.NOT_FOUND
            body = files.get(found, b"<!doctype html><html><body><h1>Not found</h1></body></html>")
        ctype = content_type(found)
        if ctype.startswith("text/html"):
            body = inject(body, published)
        self._send(status, body, ctype)

    do_HEAD = do_GET  # _send leaves the body out

    def _status(self) -> None:
        published = self.state.current
        data = {
            "generation": published.generation,
            "ok": published.error is None,
            "error": published.error,
            "build_ms": round(published.build_ms, 1),
            "diagnostics": [d.as_json() for d in published.diagnostics],
            "hidden": published.hidden,
        }
        if published.hidden:
            data["hidden_note"] = left_out(published)
        self._send(HTTPStatus.OK, json.dumps(data).encode(), "application/json")

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if self.command == "HEAD":
            return
        state = self.state
        seen = state.current.generation
        try:
            self.wfile.write(f"retry: 500\nevent: hello\ndata: {seen}\n\n".encode())
            self.wfile.flush()
            while True:
                with state.changed:
                    state.changed.wait_for(lambda: state.stopped.is_set() or state.current.generation != seen,
                                           timeout=KEEPALIVE_S)
                if state.stopped.is_set():
                    return
                if state.current.generation != seen:
                    seen = state.current.generation
                    self.wfile.write(f"event: reload\ndata: {seen}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except OSError:  # the browser went away
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
    return match is not None and match.group(1) in (*LOOPBACK_NAMES, url_host(bound))


def url_host(address: str) -> str:
    """The address as a URL or Host header writes it: an IPv6 one in brackets."""
    return f"[{address}]" if ":" in address else address


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False  # a port in use is an error, not a silent share
    request_queue_size = 128  # a page's burst of parallel requests waits in the kernel, not refused

    def __init__(self, address: tuple[str, int], handler) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, handler)

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


def make_server(host: str, port: int, state: SiteState, timeout: float = CONNECTION_TIMEOUT) -> Server:
    """A server bound to `host` (an IPv4 or IPv6 literal, or a name IPv4
    resolves) and `port`, not yet serving."""
    handler = type("BoundHandler", (Handler,), {"state": state, "timeout": timeout})
    return Server((host, port), handler)
