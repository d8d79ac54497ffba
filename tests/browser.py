"""The outside tools the browser and validity tests use, found in one place.

- Debian's chromium driven by Playwright (`browser_or_skip()`, `launch()`);
- axe-core and the Nu HTML Checker (vnu-jar) from npm, installed by
  `make test-deps` into the repository's `node_modules/` (pinned in
  package.json and package-lock.json; `NODE_TOOLS` names another folder);
- java for vnu.

A missing tool skips its tests with a hint saying how to install it, except
when `CI=true`: there the run fails, so CI can never pass by skipping.
Imported as `browser`: pytest puts tests/ on sys.path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from support import REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags, chromium phones home at start-up,
# which this machine's closed network refuses.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
INSTALL_HINT = "`make test-deps` installs it"


def on_ci() -> bool:
    return os.environ.get("CI") == "true"


def missing(what: str) -> None:
    """Skip the test because `what` is missing; fail instead on CI."""
    message = f"{what} ({INSTALL_HINT}; on CI a missing tool fails the run)"
    if on_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def browser_or_skip():
    """Playwright's sync_playwright, driving Debian's chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed (pip install -e '.[test]')")
    if not chromium_path():
        missing("Debian's chromium is not installed (apt-get install chromium)")
    return sync_playwright


def async_browser_or_skip():
    """Playwright's async_playwright, driving Debian's chromium: for many
    pages at once (chromium renders them in parallel processes)."""
    browser_or_skip()
    from playwright.async_api import async_playwright

    return async_playwright


def chromium_path() -> str | None:
    return CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")


def launch(playwright):
    """One headless chromium; never a downloaded browser build (with the
    async API, await the result)."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def node_modules() -> Path:
    return Path(os.environ.get("NODE_TOOLS", REPO_ROOT / "node_modules"))


def axe_script() -> Path:
    """axe-core's browser bundle, to inject into a page."""
    path = node_modules() / "axe-core" / "axe.min.js"
    if not path.is_file():
        missing(f"axe-core is not installed in {node_modules()} (npm ci)")
    return path


def vnu_jar(required: bool = True) -> Path | None:
    """The Nu HTML Checker's jar (which also bundles jing, the RELAX NG validator)."""
    path = node_modules() / "vnu-jar" / "build" / "dist" / "vnu.jar"
    problem = None
    if not path.is_file():
        problem = f"vnu-jar is not installed in {node_modules()} (npm ci)"
    elif not java():
        problem = "java is not installed (apt-get install default-jre-headless)"
    if problem:
        if required:
            missing(problem)
        return None
    return path


def java() -> str | None:
    return shutil.which("java")


# vnu and jing run for seconds, not hours: the client compiler alone (C1)
# halves their CPU time. It needs a bigger thread stack than the default for
# vnu's schema (vnu asks for at least 512k).
JAVA_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss8m"]


def java_command(jar: Path, *args: str, main: str | None = None) -> list[str]:
    """The command line that runs `jar` (or its class `main`) with `args`."""
    command = [java(), *JAVA_FLAGS]
    command += ["-cp", str(jar), main] if main else ["-jar", str(jar)]
    return [*command, *args]


def run_java(jar: Path, *args: str, main: str | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(java_command(jar, *args, main=main), capture_output=True, text=True, timeout=timeout)
