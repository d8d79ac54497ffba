"""Checkers for a built site, each returning readable findings (strings that
name the page, and the line or selector), so a failing test lists them all:

- `broken_links(root)`: every internal href/src reaches a file and every
  #fragment an id in it, as they resolve under a sub-path;
- `vnu_errors(jar, files)`: the Nu HTML Checker over many files in one JVM
  (`VnuRun` starts it in the background and waits for it later);
- `axe_violations(page, script)`: axe-core at WCAG 2.1 A and AA in a
  Playwright page (`axe_violations_async` in an async one);
- `page_weights(root)`: bytes of each page with the CSS and images it links;
- `web_fonts(root)`: any @font-face that loads a file.

Imported as `pagechecks`: pytest puts tests/ on sys.path.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from browser import java_command

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WEIGHT_LIMIT = 100 * 1024
# A site may live under any path; links must not climb out of it.
BASE = "http://site.invalid/some/prefix/"

# The Nu checker's CSS profile lags browsers: properties every engine ships
# that it calls unknown. Only the exact "doesn't exist" message is excused.
VNU_UNKNOWN_CSS_PROPERTIES = {"paint-order"}


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


@dataclass
class PageFacts:
    ids: list[str] = field(default_factory=list)
    references: list[tuple[int, str, str]] = field(default_factory=list)  # (line, tag, url)
    loads: list[str] = field(default_factory=list)  # what a browser fetches to show the page


class _FactParser(HTMLParser):
    LINKING = {"a": "href", "area": "href", "link": "href", "img": "src", "script": "src",
               "source": "src", "iframe": "src", "image": "href", "use": "href"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.facts.ids.append(attributes["id"])
        name = self.LINKING.get(tag)
        url = attributes.get(name) if name else None
        if url is None and tag in ("a", "image", "use"):
            url = attributes.get("xlink:href")
        if url is not None:
            self.facts.references.append((self.getpos()[0], tag, url))
            rel = set((attributes.get("rel") or "").lower().split())
            if tag != "a" and (tag != "link" or rel & {"stylesheet", "icon", "preload", "modulepreload"}):
                self.facts.loads.append(url)

    handle_startendtag = handle_starttag


def page_facts(path: Path) -> PageFacts:
    parser = _FactParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.facts


def _local_target(root: Path, page: Path, url: str) -> tuple[Path | None, str, str | None]:
    """(file, fragment, problem) for a reference; file None for an outside URL."""
    scheme = urlsplit(url).scheme
    if scheme in ("mailto", "tel", "data") or (scheme in ("http", "https") and not url.startswith(BASE)):
        return None, "", None
    if url.startswith("//"):
        return None, "", None
    here = BASE + page.relative_to(root).as_posix()
    absolute, fragment = urldefrag(urljoin(here, url))
    if not absolute.startswith(BASE):
        return None, fragment, "leaves the site (it breaks under a sub-path and from disk)"
    relative = unquote(urlsplit(absolute).path[len(urlsplit(BASE).path):])
    target = root / relative if relative else root / "index.html"
    if target.is_dir():
        return None, fragment, "names a folder (it does not open from disk)"
    if not target.is_file():
        return None, fragment, "names a missing file"
    return target, fragment, None


def broken_links(root: Path) -> list[str]:
    """Every internal link, stylesheet and image reaches a file, every #fragment an id."""
    facts = {path: page_facts(path) for path in html_files(root)}
    findings = []
    for page, page_fact in facts.items():
        name = page.relative_to(root).as_posix()
        for line, tag, url in page_fact.references:
            target, fragment, problem = _local_target(root, page, url)
            if problem:
                findings.append(f"{name}:{line}: <{tag}> {url!r} {problem}")
                continue
            if target is None or not fragment:
                continue
            if target.suffix != ".html":
                continue
            ids = facts[target].ids if target in facts else page_facts(target).ids
            if unquote(fragment) not in ids:
                findings.append(f"{name}:{line}: <{tag}> {url!r}: no id {fragment!r} in "
                                f"{target.relative_to(root).as_posix()}")
    return findings


class VnuRun:
    """The Nu HTML Checker started in the background over `files`: HTML in
    one JVM, CSS in another (--also-check-css would shift HTML lines by one),
    both at once. `errors()` waits for them."""

    def __init__(self, jar: Path, files: list[Path]):
        pages = [str(f) for f in files if Path(f).suffix != ".css"]
        styles = [str(f) for f in files if Path(f).suffix == ".css"]
        self.runs = []
        for flags, batch in (([], pages), (["--css"], styles)):
            if batch:
                # Files, not pipes: nobody reads the output until errors().
                out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
                command = java_command(jar, "--errors-only", *flags, "--format", "json", *batch)
                self.runs.append((subprocess.Popen(command, stdout=out, stderr=err), out, err))

    def errors(self, root: Path | None = None, timeout: int = 300) -> list[str]:
        """Its errors as file:line: message, paths relative to `root`."""
        messages = []
        for process, out, err in self.runs:
            try:
                code = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.stop()
                raise AssertionError(f"vnu did not finish in {timeout} s")
            stdout, stderr = _read_back(out), _read_back(err)
            try:
                messages += json.loads(stderr or stdout)["messages"]
            except (ValueError, KeyError):
                raise AssertionError(f"vnu gave no JSON (exit {code}): {stdout[-2000:]} {stderr[-2000:]}")
        findings = []
        for message in messages:
            if message.get("type") not in ("error", "non-document-error"):
                continue
            text = message.get("message", "")
            unknown = re.search(r"“([\w-]+)”: Property “\1” doesn't exist", text)
            if unknown and unknown.group(1) in VNU_UNKNOWN_CSS_PROPERTIES:
                continue
            where = unquote(message.get("url", "?").removeprefix("file:"))
            if root is not None:
                where = where.removeprefix(str(root) + "/")
            findings.append(f"{where}:{message.get('lastLine', '?')}: {text}")
        return findings

    def stop(self) -> None:
        """End runs nobody waited for."""
        for process, _, _ in self.runs:
            if process.poll() is None:
                process.kill()
                process.wait()


def _read_back(stream) -> str:
    stream.seek(0)
    text = stream.read().decode("utf-8", "replace")
    stream.close()
    return text


def vnu_errors(jar: Path, files: list[Path], root: Path | None = None) -> list[str]:
    """The Nu HTML Checker's errors over `files`, as file:line: message."""
    return VnuRun(jar, files).errors(root)


# The WCAG 2.1 A/AA rules whose outcome depends on colours: all that can
# change between the light and dark colour schemes of one page.
AXE_COLOUR_RULES = ["color-contrast", "link-in-text-block"]

_AXE_RUN = """async (only) => {
  const result = await axe.run(document, {runOnly: only, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
}"""


def _axe_options(rules: list[str] | None) -> dict:
    return {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}


def _axe_findings(violations: list[dict], label: str) -> list[str]:
    findings = []
    for violation in violations:
        for node in violation["nodes"]:
            summary = " ".join((node["summary"] or "").split())
            findings.append(f"{label}: {violation['id']} ({violation['impact']}) at {node['target']}: "
                            f"{violation['help']}. {summary}")
    return findings


def axe_violations(page, script: Path, label: str = "", rules: list[str] | None = None) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations in the page as it is now (only
    `rules` if given), one line per element."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    return _axe_findings(page.evaluate(_AXE_RUN, _axe_options(rules)), label)


async def axe_violations_async(page, script: Path, label: str = "", rules: list[str] | None = None) -> list[str]:
    """axe_violations for a page of Playwright's async API. A context that
    loads axe in every page (add_init_script) saves injecting it each time."""
    if not await page.evaluate("() => typeof axe !== 'undefined'"):
        await page.add_script_tag(path=str(script))
    return _axe_findings(await page.evaluate(_AXE_RUN, _axe_options(rules)), label)


def page_weights(root: Path) -> dict[str, int]:
    """Bytes of each page: its HTML, the stylesheets it links and the images (SVG) it loads."""
    weights = {}
    for page in html_files(root):
        total = page.stat().st_size
        seen = set()
        for url in page_facts(page).loads:
            target, _, _ = _local_target(root, page, url)
            if target is not None and target.suffix != ".html" and target not in seen:
                seen.add(target)
                total += target.stat().st_size
        weights[page.relative_to(root).as_posix()] = total
    return weights


def web_fonts(root: Path) -> list[str]:
    """@font-face rules that load a file, in any stylesheet or page."""
    findings = []
    for path in sorted(root.rglob("*")):
        if path.suffix in (".css", ".html"):
            text = path.read_text(encoding="utf-8")
            for rule in re.finditer(r"@font-face\s*{[^}]*}", text, re.I):
                if re.search(r"url\s*\(", rule.group(0), re.I):
                    findings.append(f"{path.relative_to(root).as_posix()}: {rule.group(0)[:120]}")
            if path.suffix == ".html" and re.search(r"<link[^>]+(fonts\.|\.woff2?|\.ttf|\.otf)", text, re.I):
                findings.append(f"{path.relative_to(root).as_posix()}: links a font file")
    return findings
