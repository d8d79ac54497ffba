"""`roadmapgen serve`: build in memory, serve on localhost, rebuild on change,
reload open tabs through server-sent events.

The site is never written to disk: each build's `{relative path: bytes}`,
byte for byte what `build` writes (but for the 404 page's links, see
previewed_not_found), replaces the one being served. Every
rebuild reads all of content/ again and renders every page. A failed build
keeps the last good site and records its diagnostics; every served HTML
page then carries an overlay with them until a build succeeds again. The
reload script and the overlay are added to HTML responses on the way out
(roadmapgen.commands.server), so `build` output never has them.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
import signal
import sys
import threading
import time
import webbrowser
from pathlib import Path
from typing import Callable

from markupsafe import escape
from watchfiles import watch as watch_changes

from roadmapgen.analyse.audience import overlay_findings
from roadmapgen.analyse.visibility import default_level, file_level
from roadmapgen.commands.build import BuildError, build_files
from roadmapgen.commands.server import SiteState, is_loopback, make_server, url_host, where
from roadmapgen.diagnostics import ERROR, WARNING, visible
from roadmapgen.model import CONFIG_FILE, CONTENT_DIR, THEMES_DIR, Document, Root
from roadmapgen.read.static_files import STATIC_DIR
from roadmapgen.render.crawlers import NOT_FOUND_PAGE

WATCHED_DIRS = (CONTENT_DIR, THEMES_DIR, STATIC_DIR)  # static/: copied into the site as it is
# Debounce: after the first change, wait until no new change has come for
# STEP_MS (up to DEBOUNCE_MS in all), so a burst of saves is one rebuild. An
# editor's save or a `git checkout` writes its files well within 10 ms of each
# other; the wait is part of every save-to-reload, so it is kept short.
STEP_MS = 10
DEBOUNCE_MS = 1000

_EDITOR_TEMP = re.compile(
    r"(^\.#|^#.*#$|~$|\.sw[a-p]$|\.swpx$|\.tmp$|\.temp$|\.bak$|^4913$|___jb_(tmp|old)___$|\.crdownload$|\.part$)"
)


def _parts_in_site(site_root: Path, changed: str) -> tuple[str, ...]:
    """The parts of a changed path below the site root, as watched or with
    links resolved (macOS reports /private/tmp for /tmp); () outside it."""
    for base in (site_root.absolute(), site_root.resolve()):
        if Path(changed).is_relative_to(base):
            return Path(changed).relative_to(base).parts
    return ()


def previewed_not_found(files: dict[str, bytes], base_url: str) -> dict[str, bytes]:
    """`files` with a 404 page that links to the preview. With a base URL the
    built 404.html links to the published site in full, so that it works at
    any depth (GitHub Pages serves it at /roadmap/reviews/x.html); the preview
    is served at /, so its links there start with / instead, not leave it."""
    page = files.get(NOT_FOUND_PAGE)
    if not base_url or page is None:
        return files
    base = str(escape(base_url if base_url.endswith("/") else base_url + "/")).encode()  # as a template writes it
    return {**files, NOT_FOUND_PAGE: re.sub(rb'(\s(?:href|src)=")' + re.escape(base), rb"\1/", page)}


def is_watched(site_root: Path, changed: str) -> bool:
    """Whether a changed path should trigger a rebuild: roadmap.toml or a
    file in content/ or themes/, but no hidden or editor's temporary file.
    (The output folder cannot be in them: build refuses to write there.)"""
    parts = _parts_in_site(site_root, changed)
    if not parts or _EDITOR_TEMP.search(parts[-1]) or any(part.startswith(".") for part in parts):
        return False
    return parts[0] in WATCHED_DIRS or parts == (CONFIG_FILE,)


class Builder:
    """Runs a build and publishes the result; never raises."""

    def __init__(self, site_root: Path, today: Callable[[], dt.date], state: SiteState,
                 report: Callable[[str], None], **flags):
        self.site_root = site_root
        self.today = today
        self.state = state
        self.report = report
        self.flags = flags
        self.lock = threading.Lock()
        self.parse_cache: dict = {}  # unchanged files are not parsed again
        # Each file's visibility when it last parsed, so the findings of a
        # file an edit made unreadable are shown to whom it was shown before.
        self.file_visibility: dict[str, str] = {}
        self.broken_root = None  # the root file, when too broken to join the roadmap

    def build(self) -> bool:
        with self.lock:  # one build at a time, published in the order they ran
            return self._build()

    def _build(self) -> bool:
        started = time.perf_counter()
        try:
            # The preview is the plain edition even when roadmap.toml says
            # encrypt = true: it never leaves this machine, or only with a warning.
            files, settings, diagnostics = build_files(self.site_root, self.today(), parse_cache=self.parse_cache,
                                                       encrypt=False, **self.flags)
            files = previewed_not_found(files, settings.base_url)
        except BuildError as exc:
            ms = (time.perf_counter() - started) * 1000
            errors = tuple(d for d in exc.diagnostics if d.severity == ERROR)
            shown, audience = errors, None
            if exc.project is not None:
                self._remember_visibility()
                audience = self.flags.get("audience") or exc.project.settings.audience
                shown = overlay_findings(exc.project.roadmap, audience, errors, self.file_visibility,
                                          self.broken_root)
            self.state.publish(None, str(exc), shown, ms, hidden=len(errors) - len(shown), audience=audience)
            # The terminal is the owner's: it lists every finding.
            left = "still serving the last good site" if self.state.current.has_site else "no site to serve yet"
            lines = [f"build failed: {exc}; {left}"]
            lines += ["  " + where(d) + f": {d.severity}[{d.code}]: {d.message}" for d in errors]
            self.report("\n".join(lines))
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
        self.state.publish(files, None, (), ms)
        warnings = sum(d.severity == WARNING for d in diagnostics)
        pages = sum(p.endswith(".html") for p in files)
        self.report(f"built {pages} pages in {ms:.0f} ms" + (f" ({warnings} warnings)" if warnings else ""))
        return True

    def _remember_visibility(self) -> None:
        self.broken_root = None
        documents = [document for document, _ in self.parse_cache.values()]
        default = default_level(document for document in documents if document is not None)
        for document in documents:
            level = getattr(document, "visibility", None)  # a file too broken to parse has none
            if getattr(document, "kind", None) == "roadmap" and level is None:
                self.broken_root, level = document, "public"  # the root file is public; its blocks may not be
            elif isinstance(document, Document) and not isinstance(document, Root):
                level = file_level(document, default)  # the parse says public where it sets none
            if isinstance(level, str):
                self.file_visibility[document.path] = level


# -- watching -------------------------------------------------------------------

def watch(site_root: Path, builder: Builder, stop: threading.Event, report: Callable[[str], None],
          ready: threading.Event) -> None:
    """Rebuild on every batch of changes. `ready` is set once the watcher is
    registered with the operating system (the first empty timeout yield).

    watchfiles gives up for good on a change it cannot report, such as a
    file name that is not UTF-8; the batch it was collecting is lost with
    it. So the watcher is started again, and once it watches, one build
    reads everything, so nothing saved in between is missed."""
    failures = 0
    while not stop.is_set():
        catch_up = failures > 0
        try:
            for changes in watch_changes(
                    site_root.absolute(), watch_filter=lambda _, path: is_watched(site_root, path),
                    debounce=DEBOUNCE_MS, step=STEP_MS, stop_event=stop, raise_interrupt=False,
                    yield_on_timeout=True, rust_timeout=200):
                ready.set()
                if stop.is_set():
                    return
                if changes:
                    names = sorted({"/".join(_parts_in_site(site_root, path)) for _, path in changes})
                    report("changed: " + ", ".join(names[:5])
                           + (f" and {len(names) - 5} more" if len(names) > 5 else ""))
                if changes or catch_up:
                    catch_up = False
                    builder.build()
        except Exception as exc:
            failures += 1
            report(f"file watching failed ({type(exc).__name__}: {exc}); watching again")
            # Back off only when it fails over and over, and never for long.
            stop.wait(min(0.05 * 2 ** min(failures, 5), 1.0))


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
          open_browser: bool = False, theme: str | None = None, base_url: str | None = None) -> int:
    def report(message: str) -> None:  # messages quote paths and content
        print(f"[{time.strftime('%H:%M:%S')}] {visible(message)}", flush=True)

    address = bind_address(host)
    state = SiteState()
    builder = Builder(site_root, today, state, report, audience=audience, theme=theme, base_url=base_url)
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
        print(network_warning(server.server_address[0], audience), file=sys.stderr, flush=True)
    ready = threading.Event()
    watcher = threading.Thread(target=watch, args=(site_root, builder, state.stopped, report, ready),
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
    url = f"http://{url_host(server.server_address[0])}:{server.server_address[1]}/"
    report(f"serving {site_root} at {url} (Ctrl-C to stop)")

    if open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        state.stop()
        server.server_close()
        watcher.join(timeout=2)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    report("stopped")
    return 0
