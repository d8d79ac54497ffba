"""Helpers for the build, render and audience tests: run `roadmapgen build`,
copy the example site, snapshot an output folder, parse HTML with the
standard library, and read the example's front matter as an independent
oracle of what exists and who may see it.

Imported as `build_helpers` (pytest puts tests/ on sys.path)."""

from __future__ import annotations

import contextlib
import io
import os
import posixpath
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = REPO_ROOT / "content"
EXAMPLE_TODAY = "2026-11-23"
AUDIENCES = ("public", "mentors", "private")
LEVEL = {"public": 0, "mentors": 1, "private": 2}


# -- running the CLI ----------------------------------------------------------

@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run_build(*args: object, env: dict[str, str] | None = None) -> Run:
    """`roadmapgen build ARGS` in this process (fast); ROADMAPGEN_TODAY unset."""
    from roadmapgen.commands.cli import main

    unset = ("ROADMAPGEN_TODAY", "ROADMAPGEN_DEBUG", "FORCE_COLOR")
    saved = {k: os.environ.get(k) for k in (*unset, *(env or {}))}
    for key in unset:
        os.environ.pop(key, None)
    os.environ.update(env or {})
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["build", *map(str, args)])
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return Run(code, out.getvalue(), err.getvalue())


def run_cli(*args: object, cwd: Path | str, python: str = sys.executable, exe: list[str] | None = None) -> Run:
    """The CLI in a subprocess: the real exit status and stderr (a traceback shows there)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("ROADMAPGEN_TODAY", "ROADMAPGEN_DEBUG", "NO_COLOR", "FORCE_COLOR")}
    command = exe or [python, "-m", "roadmapgen"]
    done = subprocess.run([*command, *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    return Run(done.returncode, done.stdout, done.stderr)


# -- files --------------------------------------------------------------------

def copy_example(dest: Path) -> Path:
    """A copy of the example site (content/ only) at dest; returns dest."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(EXAMPLE, dest / "content")
    return dest


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """{relative posix path: bytes} of every file under folder (folders end in '/')."""
    result: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        result[rel + "/" if path.is_dir() else rel] = b"" if path.is_dir() else path.read_bytes()
    return result


def html_files(out: Path) -> dict[str, "Doc"]:
    return {p.relative_to(out).as_posix(): parse_html(p.read_text("utf-8")) for p in sorted(out.rglob("*.html"))}


# -- HTML ---------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str]
    parent: "Node | None" = None
    children: list["Node | str"] = field(default_factory=list)

    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return " ".join(" ".join(parts).split())

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list["Node"]:
        return [n for n in self.iter()
                if (tag is None or n.tag == tag)
                and (cls is None or cls in n.attrs.get("class", "").split())
                and all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> "Node | None":
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def hrefs(self) -> list[str]:
        return [n.attrs["href"] for n in self.iter() if n.tag == "a" and "href" in n.attrs]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root
        self.all_attrs: list[tuple[str, str, str]] = []  # (tag, name, value) of every attribute
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = {name: (value or "") for name, value in attrs}
        self.all_attrs += [(tag, name, value or "") for name, value in attrs]
        node = Node(tag, values, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.current = self.current.parent or self.root

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:  # a stray end tag is ignored
            self.current = node.parent or self.root

    def handle_data(self, data):
        self.current.children.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


@dataclass
class Doc:
    root: Node
    attrs: list[tuple[str, str, str]]
    comments: list[str]

    @property
    def ids(self) -> set[str]:
        return {n.attrs["id"] for n in self.root.iter() if "id" in n.attrs}

    def by_id(self, element_id: str) -> Node | None:
        return self.root.find(id=element_id)

    def find_all(self, *args, **kwargs) -> list[Node]:
        return self.root.find_all(*args, **kwargs)

    def find(self, *args, **kwargs) -> Node | None:
        return self.root.find(*args, **kwargs)

    def text(self) -> str:
        body = self.root.find("body")
        return (body or self.root).text()

    def urls(self) -> list[str]:
        """Every href and src in the page."""
        return [value for _, name, value in self.attrs if name in ("href", "src")]

    def meta(self, name: str) -> str | None:
        node = self.root.find("meta", name=name)
        return node.attrs.get("content") if node else None


def parse_html(text: str) -> Doc:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return Doc(builder.root, builder.all_attrs, builder.comments)


def resolve_url(page: str, url: str) -> tuple[str, str] | None:
    """(path from the site root, fragment) a relative URL on `page` points at;
    None for a URL with a scheme or a network location (not ours to check)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    return target, unquote(parts.fragment)


# -- the example's front matter: what exists and who may see it ---------------

@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    kind: str  # item | gap | skill | path | risk | person
    level: str  # effective visibility
    file: str
    horizon: str | None
    data: dict


def _front_matter(path: Path) -> dict:
    text = path.read_text("utf-8")
    if not text.startswith("---"):
        return {}
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def _stricter(*levels: str | None) -> str:
    return max((lv or "public" for lv in levels), key=LEVEL.__getitem__)


def example_documents(content: Path = EXAMPLE) -> dict[str, dict]:
    return {p.relative_to(content.parent).as_posix(): _front_matter(p) for p in sorted(content.rglob("*.md"))}


def example_entries(content: Path = EXAMPLE) -> dict[str, Entry]:
    """Every item, gap, skill, path, risk and person with its effective
    visibility (a person's title is their name; they are for mentors unless
    they say otherwise, and never more visible than the root's `people`)."""
    kinds = {"plan": "item", "gaps": "gap", "skills": "skill", "paths": "path", "risks": "risk"}
    entries = {}
    for rel, meta in example_documents(content).items():
        if meta.get("kind") == "roadmap":
            block = (meta.get("visibility") or {}).get("people")
            for data in meta.get("people") or ():
                level = _stricter(block, data.get("visibility", "mentors"))
                entries[data["id"]] = Entry(str(data["id"]), str(data["name"]), "person", level, rel, None, data)
        kind = kinds.get(meta.get("kind"))
        if not kind:
            continue
        for data in meta.get("items") or ():
            level = _stricter(meta.get("visibility"), data.get("visibility"))
            entries[data["id"]] = Entry(str(data["id"]), str(data["title"]), kind, level, rel, meta.get("horizon"), data)
    return entries


def as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def visible(level: str, audience: str) -> bool:
    return LEVEL[level] <= LEVEL[audience]
