"""Every page of the example site, in every built-in theme, proven in a real
browser and by the validators:

- links and anchors resolve, from disk and under a sub-path;
- the Nu HTML Checker finds no error in any page or stylesheet (one run
  over every build, in the background while chromium works);
- no page weighs over 100 KB with its CSS and images, and no web font;
- in headless chromium, opened from file:// and from an HTTP server under
  /some/prefix/: no console error, no failed or external request, no font
  request; screenshots from disk, light at desktop width and dark at phone
  width, go to tests/artifacts/pages/<theme>-<audience>/; over HTTP (where
  axe can read the stylesheets) axe-core finds no WCAG 2.1 A/AA violation
  in the dark scheme at phone width, nor, by the rules colours decide
  (contrast), in the light scheme at desktop width. One chromium opens the
  pages two at a time (a session fixture); each build's test reports its
  pages' findings.

Chromium opens each distinct page once (`browser_plan`): every page of the
default theme's private build (the most content), from disk and over HTTP,
though of the pages of one kind (the reviews, the notes) only those with
markup the others lack; in another theme, every such page over HTTP (its
stylesheet recolours them all); in the public build, the pages with markup
the private build's same page lacks (the placeholders of hidden links, the
findings on the overview); from disk, each other build's overview. Mentors
see a subset of the private build.

The themes are every folder in themes/, so a new built-in theme is covered
without a change here. A missing tool skips with a hint, or fails on CI
(see browser.py). tests/test_page_checkers.py proves the checkers catch a
broken page.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import tempfile
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from browser import ARTIFACTS, async_browser_or_skip, axe_script, launch, vnu_jar
from pagechecks import (
    AXE_COLOUR_RULES, WEIGHT_LIMIT, VnuRun, axe_violations_async, broken_links, html_files, page_weights, web_fonts,
)
from support import REPO_ROOT

TODAY = dt.date(2026, 11, 23)
THEMES = sorted(p.name for p in (REPO_ROOT / "themes").iterdir() if p.is_dir())
AUDIENCES = ("public", "mentors", "private")
PREFIX = "some/prefix"
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}

BUILDS = [(theme, audience) for theme in THEMES for audience in AUDIENCES]
build_ids = [f"{theme}-{audience}" for theme, audience in BUILDS]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Pages:
    """The builds, served over HTTP, with the Nu checker and chromium at work
    on them in the background:

    - every build of BUILDS under <folder>/some/prefix/<theme>-<audience>/,
      built at once, and an HTTP server on 127.0.0.1 for the folder;
    - the Nu HTML Checker over all of them (two JVMs), if it is installed;
    - chromium opening every page of BROWSER_BUILDS, in a thread of its own
      (its event loop can meet no other there), if it is installed.

    conftest.py starts one as soon as the tests are collected (start_early),
    so this work runs while the rest of the suite does; the tests here wait
    for its results. Whatever a missing tool skips or fails is raised by the
    fixture that needs the tool."""

    def __init__(self, folder: Path):
        from roadmapgen.commands.build import build_site

        self.folder = folder
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.roots = {}
        for theme, audience in BUILDS:
            out = folder / PREFIX / f"{theme}-{audience}"
            build_site(REPO_ROOT, TODAY, out=str(out), theme=theme, audience=audience)
            self.roots[theme, audience] = out
        self.closed = False
        self.nu, self.nu_errors = None, None
        jar = vnu_jar(required=False)
        if jar is not None:
            files = []
            for root in self.roots.values():
                files += html_files(root) + sorted(root.rglob("*.css"))
            self.nu = VnuRun(jar, files)
        self.chromium: dict | None = None
        self.error: BaseException | None = None
        self.stop = threading.Event()
        self.thread = None
        if _chromium_ready():
            launched = threading.Event()
            self.thread = threading.Thread(target=self._open_pages, args=(launched,), name="chromium", daemon=True)
            self.thread.start()
            # Started before any test runs: chromium inherits no test's environment or folder.
            launched.wait(timeout=60)

    def _open_pages(self, launched: threading.Event) -> None:
        roots = {build: self.roots[build] for build in BROWSER_BUILDS}
        try:
            self.chromium = asyncio.run(_open_every_page(async_browser_or_skip(), axe_script(), roots, self.url,
                                                         launched, self.stop))
        except BaseException as error:  # raised again by the fixture that asks for the results
            self.error = error
        finally:
            launched.set()

    def chromium_findings(self) -> dict:
        if self.thread is None:
            async_browser_or_skip()  # skips, or fails on CI, naming what is missing
            axe_script()
            raise AssertionError("chromium did not start")
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.chromium

    def vnu_findings(self) -> list[str]:
        jar = vnu_jar()  # skips, or fails on CI, without it
        if self.nu_errors is None:
            if self.nu is None:
                self.nu = VnuRun(jar, [f for root in self.roots.values()
                                       for f in html_files(root) + sorted(root.rglob("*.css"))])
            self.nu_errors = self.nu.errors(self.folder / PREFIX)
        return self.nu_errors

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.stop.set()
        if self.thread is not None:
            self.thread.join(timeout=120)
        if self.nu is not None:
            self.nu.stop()
        self.httpd.shutdown()
        self.httpd.server_close()


def _chromium_ready() -> bool:
    """Whether everything chromium's checks need is there (without skipping)."""
    try:
        async_browser_or_skip()
        axe_script()
    except (pytest.skip.Exception, pytest.fail.Exception):
        return False
    return True


_early: Pages | None = None


def start_early(config) -> None:
    """Called by conftest.py once the tests are collected, when some of this
    module's are to run: builds the sites and starts the Nu checker and
    chromium on them, which then work while other modules' tests run."""
    global _early
    factory = getattr(config, "_tmp_path_factory", None)
    folder = factory.mktemp("served") if factory is not None else Path(tempfile.mkdtemp(prefix="served"))
    _early = Pages(folder)
    config.add_cleanup(_early.close)


@pytest.fixture(scope="session")
def pages(tmp_path_factory) -> Pages:
    global _early
    if _early is None:  # not started early (conftest.py not in use)
        _early = Pages(tmp_path_factory.mktemp("served"))
    yield _early
    _early.close()


@pytest.fixture(scope="session")
def site(pages):
    """site(theme, audience) -> the folder of that build, under /some/prefix/ on the server."""
    return lambda theme, audience: pages.roots[theme, audience]


def report(findings: list[str], what: str) -> None:
    """Fail with one finding a line (no repr of the list)."""
    if findings:
        pytest.fail(f"{len(findings)} {what}:\n" + "\n".join(findings), pytrace=False)


def test_every_builtin_theme_is_covered():
    assert "default" in THEMES
    assert all((REPO_ROOT / "themes" / theme / "templates").is_dir() for theme in THEMES), THEMES


@pytest.mark.parametrize(("theme", "audience"), BUILDS, ids=build_ids)
def test_links_and_anchors_resolve(site, theme, audience):
    report(broken_links(site(theme, audience)), "broken links")


@pytest.mark.parametrize(("theme", "audience"), BUILDS, ids=build_ids)
def test_pages_are_light_and_use_no_web_fonts(site, theme, audience):
    root = site(theme, audience)
    heavy = {page: size for page, size in page_weights(root).items() if size > WEIGHT_LIMIT}
    assert not heavy, f"pages over {WEIGHT_LIMIT} bytes with their CSS and images: {heavy}"
    fonts = web_fonts(root)
    assert not fonts, fonts


# -- in chromium -------------------------------------------------------------------------


class Watcher:
    """Collects what goes wrong while a page loads: console errors, failed,
    refused, external and font requests. `allowed` is the URL prefix of the site."""

    def __init__(self, page):
        self.findings: list[str] = []
        self.allowed = ""
        self.label = ""
        page.on("console", lambda m: m.type == "error" and self.add(f"console error: {m.text}"))
        page.on("pageerror", lambda e: self.add(f"script error: {e}"))
        page.on("requestfailed", self._failed)
        page.on("response", lambda r: r.status >= 400 and self.add(f"HTTP {r.status}: {r.url}"))
        page.on("request", self._request)

    def start(self, allowed: str, label: str) -> None:
        self.findings, self.allowed, self.label = [], allowed, label

    def _request(self, request):
        url = request.url
        if not (url.startswith(self.allowed) or url.startswith(("data:", "about:", "blob:"))):
            self.add(f"external request: {url}")
        if request.resource_type == "font":
            self.add(f"font request: {url}")

    def _failed(self, request):
        # Leaving a page cancels what it was still fetching (Chromium asks
        # for the icon last, after the load event): a missing file fails
        # with 404 or ERR_FILE_NOT_FOUND instead, a refused one with a console error.
        if request.failure != "net::ERR_ABORTED":
            self.add(f"request failed: {request.url} ({request.failure})")

    def add(self, finding: str) -> None:
        self.findings.append(f"{self.label}: {finding}")


# Mentors see a subset of what the owner sees: public and private cover every page's parts.
BROWSER_BUILDS = [(theme, audience) for theme in THEMES for audience in ("public", "private")]
# Pages open this many at a time: chromium renders each in its own process,
# so two keep both cores of a small machine busy; more only queue up.
AT_ONCE = 2


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag == "meta":  # shows nothing (the public edition's link previews are meta)
            return
        self.parts.add(tag)
        for name, value in attrs:
            self.parts.add(f"{tag}[{name}]")
            if name == "class":
                self.parts.update(f"{tag}.{cls}" for cls in (value or "").split())


def markup(path: Path) -> frozenset[str]:
    """What a page is made of, whatever its words: each element, each
    element with each of its classes and each with each attribute's name."""
    parser = _Markup()
    parser.feed(path.read_text(encoding="utf-8"))
    return frozenset(parser.parts)


def _distinct(root: Path) -> list[str]:
    """The pages of `root`, less those in a subfolder (one kind of page: the
    reviews, the notes) whose markup other pages there already show."""
    kept, seen = [], {}
    for path in html_files(root):
        name, parts = path.relative_to(root).as_posix(), markup(path)
        folder = name.rpartition("/")[0]
        if not folder or not parts <= seen.get(folder, frozenset()):
            kept.append(name)
            seen[folder] = seen.get(folder, frozenset()) | parts
    return kept


FULL = ("default", "private")


def browser_plan(roots: dict[tuple[str, str], Path]) -> list[tuple[tuple[str, str], str, str]]:
    """(build, page, "file" or "http") for each page chromium opens: each
    distinct page once. The default theme's private build: its distinct pages,
    from disk and over HTTP. Another theme's private build: its distinct pages
    over HTTP (the theme's stylesheet recolours every page). Another
    audience's build: over HTTP, the pages whose markup the same theme's
    private build's same page lacks. Every other build: its overview from
    disk (what loads from disk is a matter of the theme's assets and the
    pages' paths, which the overview shares with every page)."""
    plan = []
    for build, root in roots.items():
        theme, audience = build
        if build == FULL:
            plan += [(build, name, where) for name in _distinct(root) for where in ("file", "http")]
            continue
        reference = roots[FULL if audience == "private" else (theme, "private")]
        new = [name for name in _distinct(root)
               if not markup(root / name) <= (markup(reference / name) if (reference / name).is_file() else set())]
        over_http = _distinct(root) if audience == "private" else new
        plan += [(build, name, "http") for name in over_http]
        plan += [(build, "index.html", "file")]  # loading from disk depends on the assets and paths, not the markup
    return plan


# A theme may lay out what lies below the first screen only when it comes near
# (the default theme's `content-visibility: auto`). A full-page picture and axe
# look at the whole page at once, so for them every section is laid out.
EVERYTHING_LAID_OUT = "main > section, .timeline-data { content-visibility: visible !important; }"


async def _from_disk(page, watcher: Watcher, root: Path, path: Path, shots: Path) -> tuple[list[str], list[str]]:
    """From disk: loads cleanly; screenshots, light at desktop width and dark at phone width."""
    name = path.relative_to(root).as_posix()
    shot = name.removesuffix(".html").replace("/", "--")
    watcher.start(root.as_uri() + "/", f"{name} (file://)")
    await page.set_viewport_size(DESKTOP)
    await page.emulate_media(color_scheme="light")
    await page.goto(path.as_uri(), wait_until="load")
    await page.add_style_tag(content=EVERYTHING_LAID_OUT)
    await page.screenshot(path=str(shots / f"{shot}-desktop-light.jpeg"), full_page=True, quality=80)
    await page.set_viewport_size(PHONE)
    await page.emulate_media(color_scheme="dark")
    await page.screenshot(path=str(shots / f"{shot}-phone-dark.jpeg"), full_page=True, quality=80)
    return watcher.findings, []


async def _over_http(page, watcher: Watcher, base: str, name: str, axe: Path) -> tuple[list[str], list[str]]:
    """Over HTTP under a sub-path (where axe may read the stylesheets): loads
    cleanly; every axe rule in the dark scheme at phone width (the narrow
    layout), then the rules that colours decide in the light one at desktop
    width (the other rules read no colour, so the scheme cannot change them)."""
    watcher.start(base, f"{name} (http)")
    await page.set_viewport_size(PHONE)
    await page.emulate_media(color_scheme="dark")
    await page.goto(base + name, wait_until="load")
    await page.add_style_tag(content=EVERYTHING_LAID_OUT)
    violations = await axe_violations_async(page, axe, f"{name} dark, phone")
    await page.set_viewport_size(DESKTOP)
    await page.emulate_media(color_scheme="light")
    violations += await axe_violations_async(page, axe, f"{name} light, desktop", rules=AXE_COLOUR_RULES)
    return watcher.findings, violations


async def _open_every_page(async_playwright, axe: Path, roots: dict[tuple[str, str], Path], base_url: str,
                           launched: threading.Event | None = None, stop: threading.Event | None = None) -> dict:
    """{(theme, audience): (problems, violations)} for every page of `roots`,
    AT_ONCE pages at a time, in one chromium. `launched` is set once chromium
    runs; `stop` set ends the run after the pages open at the time."""
    results = {build: ([], []) for build in roots}
    jobs = []
    for build, name, where in browser_plan(roots):
        root = roots[build]
        if where == "file":
            shots = ARTIFACTS / "pages" / f"{build[0]}-{build[1]}"
            shots.mkdir(parents=True, exist_ok=True)
            jobs.append((build, name, where, lambda page, watcher, root=root, path=root / name, shots=shots:
                         _from_disk(page, watcher, root, path, shots)))
        else:
            jobs.append((build, name, where, lambda page, watcher, base=f"{base_url}/{PREFIX}/{root.name}/",
                         name=name: _over_http(page, watcher, base, name, axe)))
    async with async_playwright() as playwright:
        try:
            browser = await launch(playwright)
        finally:
            if launched is not None:
                launched.set()
        try:
            from_disk = await browser.new_context(viewport=DESKTOP)
            # axe is loaded into every page of this context as it opens (sending
            # its 650 KB to each page costs more than the checks on it).
            over_http = await browser.new_context(viewport=PHONE)
            await over_http.add_init_script(path=str(axe))

            async def worker():
                pages = {}
                while jobs and not (stop and stop.is_set()):
                    build, name, where, job = jobs.pop(0)
                    if where not in pages:
                        page = await (from_disk if where == "file" else over_http).new_page()
                        pages[where] = page, Watcher(page)
                    try:
                        problems, violations = await job(*pages[where])
                    except Exception as error:  # a page that hangs or crashes is a finding, not the end of the run
                        problems, violations = [f"{name} ({where}): {type(error).__name__}: {error}"], []
                    results[build][0].extend(problems)
                    results[build][1].extend(violations)

            await asyncio.gather(*(worker() for _ in range(AT_ONCE)))
        finally:
            await browser.close()
    return results


def test_chromium_opens_each_distinct_page(site):
    """The plan leaves out only repeats: every page of the default theme's
    private build, or one of its kind, both ways; every page of another
    theme over HTTP; each build's overview from disk; and any page that shows
    what its private counterpart lacks (here the hidden links' placeholders)."""
    roots = {build: site(*build) for build in BROWSER_BUILDS}
    plan = set(browser_plan(roots))
    full = roots[FULL]
    names = [p.relative_to(full).as_posix() for p in html_files(full)]
    for name in names:
        kind = name.rpartition("/")[0]
        same_kind = [other for other in names if other == name or (kind and other.rpartition("/")[0] == kind)]
        for where in ("file", "http"):
            assert any((FULL, other, where) in plan for other in same_kind), (name, where)
    assert {(FULL, name, "http") for name in names if "/" not in name} <= plan
    for build, root in roots.items():
        assert (build, "index.html", "file") in plan, build
        if build[0] != FULL[0] and build[1] == "private":
            assert {(build, p.relative_to(root).as_posix(), "http") for p in html_files(root)
                    if "/" not in p.relative_to(root).as_posix()} <= plan, build
        if build[1] == "public":
            shown = [p.relative_to(root).as_posix() for p in html_files(root)
                     if 'class="private"' in p.read_text(encoding="utf-8")]
            assert shown, build
            for name in shown:
                kind = name.rpartition("/")[0]
                assert any((build, other, "http") in plan for other in shown
                           if other == name or (kind and other.rpartition("/")[0] == kind)), (build, name)


@pytest.mark.parametrize(("theme", "audience"), BROWSER_BUILDS, ids=[f"{t}-{a}" for t, a in BROWSER_BUILDS])
def test_every_page_in_chromium(pages, theme, audience):
    """file:// and a sub-path over HTTP, axe in both colour schemes, screenshots."""
    problems, violations = pages.chromium_findings()[theme, audience]
    report(sorted(problems), "problems while loading")
    report(sorted(violations), "axe violations (WCAG 2.1 A/AA)")


@pytest.mark.parametrize(("theme", "audience"), BUILDS, ids=build_ids)
def test_nu_html_checker_finds_no_error(pages, theme, audience):
    report([f for f in pages.vnu_findings() if f.startswith(f"{theme}-{audience}/")], "Nu HTML Checker errors")
