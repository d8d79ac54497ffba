"""Find themes: the site's own `themes/` folder first, then the built-in
themes, following each theme's `extends` down to the default."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from roadmapgen.diagnostics import Diagnostic, Position, error
from roadmapgen.model import THEMES_DIR
from roadmapgen.read.setting_checks import BadSetting, valid_theme
from roadmapgen.read.sources import MAX_FOLDER_DEPTH, printable_path, where_link_leads

DEFAULT_THEME = "default"
MAX_EXTENDS = 10


class ThemeError(Exception):
    """The theme cannot be used; `diagnostic`, when set, says where and why."""

    def __init__(self, message: str, diagnostic: Diagnostic | None = None):
        super().__init__(message)
        self.diagnostic = diagnostic


def builtin_themes_dir() -> Path:
    # This file is roadmapgen/render/themes.py.
    packaged = Path(__file__).parents[1] / "themes"  # roadmapgen/themes in an installed wheel (force-include)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "themes"  # themes/ beside roadmapgen/ in a source checkout


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    folders: tuple[Path, ...]  # most specific first: overrides, the theme, what it extends


def _find(name: str, site_root: Path) -> Path | None:
    for base in (site_root / THEMES_DIR, builtin_themes_dir()):
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
    if parent is not None:
        try:
            valid_theme(parent)
        except BadSetting as exc:  # a path such as "../../elsewhere" would lead out of the site
            raise ThemeError(f"{manifest}: 'extends': {exc}; {exc.hint}") from None
    return parent


def _check_links(folder: Path, site_root: Path) -> None:
    """A site's theme is untrusted input: no link in it, nor the folder
    itself, may lead outside the site root or into its .git folder, or a
    build would publish what it points to (/etc/passwd, a CI token)."""
    root = site_root.resolve()
    pending = [(folder, 0)]
    while pending:
        current, depth = pending.pop()
        where = printable_path(current.relative_to(site_root).as_posix())  # in the site's themes/
        if printable_path(str(current)) != str(current):
            raise ThemeError(f"{where}: the name is not UTF-8", error(
                "bad-path", Position(where, None, None), "the theme's file or folder name is not UTF-8",
                "rename it with a UTF-8 name"))
        if current.is_symlink() or current == folder:
            place = where_link_leads(root, current.resolve())
            if place:
                raise ThemeError(f"{where} is a link {place}", error(
                    "bad-path", Position(where, None, None), f"the theme's file or folder is a link {place}",
                    "copy what the theme needs into its folder instead of linking to it"))
        if current.is_dir() and not current.is_symlink():
            if depth > MAX_FOLDER_DEPTH:
                raise ThemeError(f"{where} is nested too deep", error(
                    "bad-path", Position(where, None, None),
                    f"the theme's folders are nested more than {MAX_FOLDER_DEPTH} deep", "flatten the theme's folders"))
            try:
                pending.extend((child, depth + 1) for child in sorted(current.iterdir()))
            except OSError:
                continue


def theme_names(site_root: Path) -> list[str]:
    """The names --theme can be given: the site's and the built-in themes', each
    once (a site theme may share a built-in name, and in this repository
    themes/ is the built-in folder); never a folder such as .git or
    __pycache__, which no theme name can reach."""
    names = set()
    for base in (site_root / THEMES_DIR, builtin_themes_dir()):
        try:
            names.update(p.name for p in base.iterdir() if p.is_dir() and _is_name(p.name))
        except OSError:  # no themes/ folder, or not one that can be read
            pass
    return sorted(names)


def _is_name(text: str) -> bool:
    try:
        valid_theme(text)
    except BadSetting:
        return False
    return True


def load_theme(name: str, site_root: Path) -> Theme:
    try:
        valid_theme(name)
    except BadSetting as exc:
        raise ThemeError(f"{exc}; {exc.hint}") from None
    folders: list[Path] = []
    current: str | None = name
    while current:
        folder = _find(current, site_root)
        if folder is None:
            available = theme_names(site_root)
            raise ThemeError(f"theme '{current}' not found; available: {', '.join(available) or 'none'}")
        if folder in folders or len(folders) >= MAX_EXTENDS:
            raise ThemeError(f"theme '{name}' extends itself in a loop")
        if folder.is_relative_to(site_root / THEMES_DIR):
            _check_links(folder, site_root)
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
