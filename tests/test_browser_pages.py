"""Every page of the example site, in every built-in theme, proven in a real
browser and by the validators (issue 8):

- links and anchors resolve, from disk and under a sub-path;
- the Nu HTML Checker finds no error in any page or stylesheet (one JVM run
  over every build);
- no page weighs over 100 KB with its CSS and images, and no web font;
- in headless chromium, opened from file:// and from an HTTP server under
  /some/prefix/: no console error, no failed or external request, no font
  request; screenshots from disk, light at desktop width and dark at phone
  width, go to tests/artifacts/pages/<theme>-<audience>/; over HTTP (where
  axe can read the stylesheets) axe-core finds no WCAG 2.1 A/AA violation
  in the dark scheme at phone width, nor, by the rules colours decide
  (contrast), in the light scheme at desktop width. The public and private
  builds are opened; mentors see a subset of the private one.

The themes are every folder in themes/, so a new built-in theme is covered
without a change here. A missing tool skips with a hint, or fails on CI
(see browser.py). tests/test_page_checkers.py proves the checkers catch a
broken page.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from browser import ARTIFACTS, axe_script, browser_or_skip, launch, vnu_jar
from pagechecks import AXE_COLOUR_RULES, WEIGHT_LIMIT, axe_violations, broken_links, html_files, page_weights, vnu_errors, web_fonts
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


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """(folder, URL): an HTTP server on 127.0.0.1 for the folder."""
    root = tmp_path_factory.mktemp("served")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def site(server):
    """site(theme, audience) -> the folder of that build, under /some/prefix/ on the server; built once."""
    from roadmapgen.commands.build import build_site

    built: dict[tuple[str, str], Path] = {}

    def get(theme: str, audience: str) -> Path:
        if (theme, audience) not in built:
            out = server[0] / PREFIX / f"{theme}-{audience}"
            build_site(REPO_ROOT, TODAY, out=str(out), theme=theme, audience=audience)
            built[theme, audience] = out
        return built[theme, audience]

    return get


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


@pytest.fixture(scope="session")
def vnu_findings(site, server):
    """The Nu HTML Checker over every page and stylesheet of every build, in one JVM."""
    jar = vnu_jar()
    files = []
    for theme, audience in BUILDS:
        root = site(theme, audience)
        files += html_files(root) + sorted(root.rglob("*.css"))
    return vnu_errors(jar, files, server[0] / PREFIX)


@pytest.mark.parametrize(("theme", "audience"), BUILDS, ids=build_ids)
def test_nu_html_checker_finds_no_error(vnu_findings, theme, audience):
    report([f for f in vnu_findings if f.startswith(f"{theme}-{audience}/")], "Nu HTML Checker errors")


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
        page.on("requestfailed", lambda r: self.add(f"request failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.add(f"HTTP {r.status}: {r.url}"))
        page.on("request", self._request)

    def _request(self, request):
        url = request.url
        if not (url.startswith(self.allowed) or url.startswith(("data:", "about:", "blob:"))):
            self.add(f"external request: {url}")
        if request.resource_type == "font":
            self.add(f"font request: {url}")

    def add(self, finding: str) -> None:
        self.findings.append(f"{self.label}: {finding}")


@pytest.fixture(scope="module")
def chromium_page():
    sync_playwright = browser_or_skip()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport=DESKTOP)
            yield page, Watcher(page)
        finally:
            browser.close()


# Mentors see a subset of what the owner sees: public and private cover every page's parts.
BROWSER_BUILDS = [(theme, audience) for theme in THEMES for audience in ("public", "private")]


@pytest.mark.parametrize(("theme", "audience"), BROWSER_BUILDS, ids=[f"{t}-{a}" for t, a in BROWSER_BUILDS])
def test_every_page_in_chromium(chromium_page, site, server, theme, audience):
    """file:// and a sub-path over HTTP, axe in both colour schemes, screenshots."""
    axe = axe_script()
    page, watcher = chromium_page
    root = site(theme, audience)
    shots = ARTIFACTS / "pages" / f"{theme}-{audience}"
    shots.mkdir(parents=True, exist_ok=True)
    problems, violations = [], []
    for path in html_files(root):
        name = path.relative_to(root).as_posix()
        shot = name.removesuffix(".html").replace("/", "--")
        # From disk: loads cleanly; screenshots, light at desktop width and dark at phone width.
        watcher.findings, watcher.allowed, watcher.label = [], root.as_uri() + "/", f"{name} (file://)"
        page.set_viewport_size(DESKTOP)
        page.emulate_media(color_scheme="light")
        page.goto(path.as_uri(), wait_until="load")
        page.screenshot(path=str(shots / f"{shot}-desktop-light.jpeg"), full_page=True, quality=80)
        page.set_viewport_size(PHONE)
        page.emulate_media(color_scheme="dark")
        page.screenshot(path=str(shots / f"{shot}-phone-dark.jpeg"), full_page=True, quality=80)
        problems += watcher.findings
        # Over HTTP under a sub-path (where axe may read the stylesheets): loads
        # cleanly; every axe rule in the dark scheme at phone width (the
        # narrow layout), then the rules that colours decide in the light one.
        base = f"{server[1]}/{PREFIX}/{root.name}/"
        watcher.findings, watcher.allowed, watcher.label = [], base, f"{name} (http)"
        page.goto(base + name, wait_until="load")
        violations += axe_violations(page, axe, f"{name} dark, phone")
        page.set_viewport_size(DESKTOP)
        page.emulate_media(color_scheme="light")
        violations += axe_violations(page, axe, f"{name} light, desktop", rules=AXE_COLOUR_RULES)
        problems += watcher.findings
    report(problems, "problems while loading")
    report(violations, "axe violations (WCAG 2.1 A/AA)")
