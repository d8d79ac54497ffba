"""A theme's templates and assets, as the renderer uses them.

Templates are looked up in the theme's folders, most specific first (the
site's overrides, the theme, what it extends, the default), with a
`theme:NAME/` prefix so an override can extend the template it replaces.
A theme is untrusted input (a cloned repository's themes/), so templates run
sandboxed: they can render their context but not reach Python's internals.

Jinja keeps the templates it compiled in its environment and compiles one
again when its file changes. One environment is kept per theme and set of
template files for the life of the process, so `serve` compiles a theme once
rather than on every rebuild (compiling is most of the time of rendering the
example); a template file added or removed makes a new environment. Between
runs, Jinja's own FileSystemBytecodeCache keeps the compiled templates in the
user's cache folder (about 0.3 of the 0.8 s a build of the example takes);
it checks each template's source, so an edit is compiled again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from roadmapgen import __version__
from roadmapgen.render.themes import Theme

# Where compiled templates are kept: $ROADMAPGEN_CACHE_DIR, else the user's cache folder.
CACHE_DIR_VARIABLE = "ROADMAPGEN_CACHE_DIR"


def template_environment(theme: Theme) -> SandboxedEnvironment:
    return _environment(theme.folders, tuple(_template_files(f / "templates") for f in theme.folders))


def _template_files(folder: Path) -> tuple[str, ...]:
    return tuple(sorted(os.path.join(root, name) for root, _, names in os.walk(folder) for name in names))


@lru_cache(maxsize=8)
def _environment(folders: tuple[Path, ...], files: tuple[tuple[str, ...], ...]) -> SandboxedEnvironment:
    """`files` is only part of the key: the template files of each folder."""
    loader = ChoiceLoader([
        FileSystemLoader([str(f / "templates") for f in folders]),
        PrefixLoader({f"theme:{f.name}": FileSystemLoader(str(f / "templates")) for f in folders}, delimiter="/"),
    ])
    env = SandboxedEnvironment(loader=loader, autoescape=True, undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                               bytecode_cache=_bytecode_cache())
    env.filters["date"] = lambda d: long_date(d) if d else ""
    env.filters["short_date"] = lambda d: short_date(d) if d else ""
    env.filters["number"] = number
    return env


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates in $ROADMAPGEN_CACHE_DIR or the user's cache folder
    ($XDG_CACHE_HOME or ~/.cache, then roadmapgen/), in a folder per version
    (the environment's options come with the version; the cache checks
    the source and the Python). None where no such folder can be made: a
    build then compiles its templates, as the first one does."""
    base = os.environ.get(CACHE_DIR_VARIABLE) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "roadmapgen")
    folder = os.path.join(base, f"templates-{__version__}")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(folder) if os.access(folder, os.W_OK | os.X_OK) else None


# Month names as the site writes them, whatever the machine's locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def long_date(day: dt.date) -> str:
    """A date as the site writes it: "3 Nov 2026"."""
    return f"{short_date(day)} {day.year}"


def short_date(day: dt.date) -> str:
    """A date within its year: "3 Nov"."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def unit_suffix(unit: str) -> str:
    """How a unit follows a value: "40%", "12 hours a month"."""
    return f" {unit}" if unit[:1].isalnum() else unit


def label_from_key(key: str) -> str:
    """A name or key in words, capitalised: `target_compensation` -> "Target compensation"."""
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def number(value: int | float | None) -> str:
    """A number as people write it: 2500 as "2,500", 2.5 as "2.5", and a huge or tiny one as 1e+21."""
    if value is None:
        return ""
    if abs(value) >= 1e15 or 0 < abs(value) < 1e-6:
        return f"{value:g}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def theme_assets(theme: Theme) -> tuple[str, dict[str, bytes]]:
    """(the stylesheet's path, {relative path: bytes} of every asset). The
    stylesheet is every folder's `style.css`, the default's first, under a
    name that changes with its content; other assets are copied, a more
    specific folder's replacing the same file of the one it extends."""
    css = b""
    for folder in reversed(theme.folders):  # the default first, overrides after
        file = folder / "assets" / "style.css"
        if file.is_file():
            css += file.read_bytes() + b"\n"
    css_path = f"assets/style.{hashlib.sha256(css).hexdigest()[:10]}.css"
    files = {css_path: css}
    for folder in reversed(theme.folders):
        assets = folder / "assets"
        if not assets.is_dir():
            continue
        for file in sorted(assets.rglob("*")):
            if file.is_file() and not file.is_symlink() and file.name != "style.css":
                files[f"assets/{file.relative_to(assets).as_posix()}"] = file.read_bytes()
    return css_path, files
