"""Find themes: the site's own `themes/` folder first, then the built-in
themes, following each theme's `extends` down to the default."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_THEME = "default"
MAX_EXTENDS = 10


class ThemeError(Exception):
    pass


def builtin_themes_dir() -> Path:
    packaged = Path(__file__).parent / "themes"  # in an installed wheel
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "themes"  # in a source checkout


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    folders: tuple[Path, ...]  # most specific first: overrides, the theme, what it extends


def _find(name: str, site_root: Path) -> Path | None:
    for base in (site_root / "themes", builtin_themes_dir()):
        folder = base / name
        if folder.is_dir():
            return folder
    return None


def _extends(folder: Path) -> str | None:
    manifest = folder / "theme.toml"
    if not manifest.is_file():
        return None
    try:
        data = tomllib.loads(manifest.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise ThemeError(f"{manifest}: cannot read theme.toml: {exc}") from None
    parent = data.get("extends")
    if parent is not None and not isinstance(parent, str):
        raise ThemeError(f"{manifest}: 'extends' must be a theme name in quotes")
    return parent


def load_theme(name: str, site_root: Path) -> Theme:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ThemeError(f"'{name}' is not a theme name")
    folders: list[Path] = []
    current: str | None = name
    while current:
        folder = _find(current, site_root)
        if folder is None:
            available = sorted(p.name for base in (site_root / "themes", builtin_themes_dir()) if base.is_dir()
                               for p in base.iterdir() if p.is_dir())
            raise ThemeError(f"theme '{current}' not found; available: {', '.join(available) or 'none'}")
        if folder in folders or len(folders) >= MAX_EXTENDS:
            raise ThemeError(f"theme '{name}' extends itself in a loop")
        folders.append(folder)
        current = _extends(folder) or (DEFAULT_THEME if current != DEFAULT_THEME else None)
    # A site-level themes/<name> folder that has no theme.toml overrides the
    # built-in theme of the same name rather than replacing it.
    # The same folder reached twice (a site whose themes/ is the built-in
    # folder, like this repository's example) is used once.
    builtin = builtin_themes_dir() / name
    if builtin.is_dir() and builtin.resolve() not in {f.resolve() for f in folders}:
        folders.insert(1, builtin)
    return Theme(name, tuple(folders))
