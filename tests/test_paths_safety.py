"""Input and output paths: nothing is written outside the output folder, no
content is read from outside the site, and odd file names give safe output
names and working links."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from support import MINIMAL_SITE, write_files

from roadmapgen.commands.build import build_files
from roadmapgen.write.output import OutputError, safe_relative, write_site

TODAY = dt.date(2026, 11, 10)
SAFE_NAME = re.compile(r"[A-Za-z0-9._-]+")


def page(title: str, body: str = "Body.") -> str:
    return f'---\ntitle: "{title}"\n---\n\n{body}\n'


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("bad", [
    "../x.html", "a/../../x.html", "/etc/passwd", "..", ".", "", "a\\..\\b", "C:\\x",
    "a\x00b", "pages/../../../x",
])
def test_safe_relative_refuses_paths_that_could_escape(bad):
    with pytest.raises(OutputError):
        safe_relative(bad)


@pytest.mark.parametrize("good", ["index.html", "pages/notes/a-b.html", "assets/style.0123456789.css", "a..b.html"])
def test_safe_relative_accepts_plain_paths(good):
    assert str(safe_relative(good)) == good


def test_safe_relative_folds_harmless_separators():
    assert str(safe_relative("a//b/./c.html")) == "a/b/c.html"


def test_hidden_files_are_not_content(tmp_path):
    root = write_files(tmp_path, {**MINIMAL_SITE, "content/..hidden.md": page("HIDDEN-DOTFILE")})
    files, _, _ = build_files(root, TODAY, audience="private")
    assert not any(b"HIDDEN-DOTFILE" in data for data in files.values())


@pytest.mark.parametrize("bad", ["../escaped.html", "/tmp/escaped.html", "sub/..\\..\\escaped.html"])
def test_write_site_never_writes_outside_and_keeps_the_old_site(tmp_path, bad):
    out = tmp_path / "out" / "site"
    write_site({"index.html": b"old", "pages/a.html": b"A"}, out)
    before = tree(out)
    with pytest.raises(OutputError):
        write_site({"index.html": b"new", bad: b"evil"}, out)
    assert tree(out) == before
    assert not (tmp_path / "out" / "escaped.html").exists() and not Path("/tmp/escaped.html").exists()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["site"]  # no staging folder left behind


def test_symlink_to_a_file_outside_the_site_is_refused(tmp_path, run_main):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(page("SECRET-OUTSIDE-TITLE", "SECRET-OUTSIDE-BODY"))
    root = write_files(tmp_path / "site", MINIMAL_SITE)
    (root / "content" / "notes").mkdir()
    os.symlink(outside / "secret.md", root / "content" / "notes" / "linked.md")

    check = run_main(["check", root, "--today", TODAY.isoformat(), "--format", "json"])
    bad = [f for f in check.json["findings"] if f["code"] == "bad-path"]
    assert [f["file"] for f in bad] == ["content/notes/linked.md"]
    assert "outside the site" in bad[0]["message"]

    build = run_main(["build", root, "--today", TODAY.isoformat()])
    assert build.code != 0
    assert "bad-path" in build.stderr and "content/notes/linked.md" in build.stderr
    assert "Traceback" not in build.stderr
    assert not (root / "site").exists()


def test_symlink_inside_the_site_is_read(tmp_path):
    root = write_files(tmp_path, {**MINIMAL_SITE, "shared/board.md": page("Linked board")})
    (root / "content" / "notes").mkdir()
    os.symlink(root / "shared" / "board.md", root / "content" / "notes" / "board.md")
    files, _, _ = build_files(root, TODAY)
    assert any(b"Linked board" in data for name, data in files.items() if name.startswith("pages/"))


def test_symlinked_folder_is_refused_with_a_bad_path_error(tmp_path):
    from roadmapgen.commands.build import BuildError

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(page("SECRET-OUTSIDE-TITLE", "SECRET-OUTSIDE-BODY"))
    root = write_files(tmp_path / "site", MINIMAL_SITE)
    os.symlink(outside, root / "content" / "linked-folder")
    with pytest.raises(BuildError) as raised:
        build_files(root, TODAY, audience="private")
    found = [(d.code, d.path) for d in raised.value.diagnostics if d.severity == "error"]
    assert found == [("bad-path", "content/linked-folder")]
    assert "SECRET-OUTSIDE" not in str(raised.value.diagnostics)


ODD_NAMES = [
    "my page.md", "ünïcödé.md", "日本語.md", "a#b.md", "why?.md", "100%.md", "a&b.md", "quote'\".md",
    "a..double.md", "-dash-.md", "%2e%2e%2fescape.md", "<script>.md", "a b/c d.md", "x.y.md", "CON.md",
    "tab\tname.md", "new\nline.md", "back\\slash.md",
]


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory):
    root = write_files(tmp_path_factory.mktemp("odd"), MINIMAL_SITE)
    links = []
    for n, name in enumerate(ODD_NAMES):
        path = root / "content" / "notes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(f"Odd page {n}", f"Page number {n}."))
        links.append(n)
    (root / "content" / "notes" / "reviews").mkdir(exist_ok=True)
    for n, name in enumerate(["2026-10-01 monthly.md", "2026-10-02#monthly?.md", "x..%2F..review.md"]):
        (root / "content" / "reviews").mkdir(exist_ok=True)
        (root / "content" / "reviews" / name).write_text(
            f"---\nkind: review\ndate: 2026-10-0{n + 1}\ntype: monthly\ntitle: Odd review {n}\n---\n\nReview {n}.\n")
    files, _, diagnostics = build_files(root, TODAY)
    return files


def test_odd_file_names_give_safe_output_names(odd_site):
    for name in odd_site:
        assert all(SAFE_NAME.fullmatch(part) and part not in (".", "..") for part in name.split("/")), name
    for n in range(len(ODD_NAMES)):
        assert sum(f"Page number {n}.".encode() in data for name, data in odd_site.items()
                   if name.startswith("pages/")) == 1, ODD_NAMES[n]
    assert sum(name.startswith("reviews/") for name in odd_site) >= 3, sorted(odd_site)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for attr, value in attrs:
            if attr in ("href", "src") and value:
                self.urls.append(value)


def test_every_relative_link_resolves(odd_site):
    broken, reached = [], set()
    for name, data in odd_site.items():
        if not name.endswith(".html"):
            continue
        parser = Links()
        parser.feed(data.decode())
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path)))
            reached.add(target)
            if target not in odd_site:
                broken.append(f"{name} -> {url}")
    assert broken == []
    # Every odd page is linked from somewhere, through its safe name.
    assert {name for name in odd_site if name.startswith("pages/")} <= reached


# -- links may not lead outside the site root or into .git --------------------

SECRET = "SECRET-TOKEN-ghp_0123456789"


@pytest.fixture
def linked_site(tmp_path):
    """A clean site in tmp_path/site, a secret outside it and one in its .git."""
    site = write_files(tmp_path / "site", MINIMAL_SITE)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.css").write_text(f"/* {SECRET} */")
    (tmp_path / "outside" / "templates").mkdir()
    (tmp_path / "outside" / "templates" / "page.html").write_text(SECRET)
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text(f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n")
    return site


def assert_refused_with_bad_path(run_main, site, out, where):
    result = run_main(["build", site, "--out", out, "--today", "2026-11-10", "--theme", "mine"])
    assert result.code == 1, result.stderr
    assert f"{where}: error[bad-path]" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_theme_asset_linked_outside_the_site_is_refused(linked_site, run_main, tmp_path):
    assets = linked_site / "themes" / "mine" / "assets"
    assets.mkdir(parents=True)
    (assets / "extra.css").symlink_to(tmp_path / "outside" / "secret.css")
    assert_refused_with_bad_path(run_main, linked_site, tmp_path / "out", "themes/mine/assets/extra.css")


@pytest.mark.parametrize("folder", ["assets", "templates"])
def test_a_theme_folder_linked_outside_the_site_is_refused(linked_site, run_main, tmp_path, folder):
    theme = linked_site / "themes" / "mine"
    theme.mkdir(parents=True)
    (theme / folder).symlink_to(tmp_path / "outside", target_is_directory=True)
    assert_refused_with_bad_path(run_main, linked_site, tmp_path / "out", f"themes/mine/{folder}")


def test_a_theme_that_is_a_link_outside_the_site_is_refused(linked_site, run_main, tmp_path):
    (linked_site / "themes").mkdir()
    (linked_site / "themes" / "mine").symlink_to(tmp_path / "outside", target_is_directory=True)
    assert_refused_with_bad_path(run_main, linked_site, tmp_path / "out", "themes/mine")


def test_a_theme_asset_linked_into_git_is_refused(linked_site, run_main, tmp_path):
    assets = linked_site / "themes" / "mine" / "assets"
    assets.mkdir(parents=True)
    (assets / "config.css").symlink_to(linked_site / ".git" / "config")
    assert_refused_with_bad_path(run_main, linked_site, tmp_path / "out", "themes/mine/assets/config.css")


@pytest.mark.parametrize("extends", ["../../outside", "../mine2", "/etc", ".."])
def test_extends_may_not_be_a_path(linked_site, run_main, tmp_path, extends):
    theme = linked_site / "themes" / "mine"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text(f'extends = "{extends}"\n')
    result = run_main(["build", linked_site, "--out", tmp_path / "out", "--today", "2026-11-10", "--theme", "mine"])
    assert result.code == 1 and "is not a theme name" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_a_content_file_linked_into_git_is_refused(linked_site, run_main, tmp_path):
    (linked_site / "content" / "notes.md").symlink_to(linked_site / ".git" / "config")
    result = run_main(["check", linked_site, "--today", "2026-11-10"])
    assert result.code == 1 and "content/notes.md: error[bad-path]" in result.stdout
    assert "into .git" in result.stdout
    result = run_main(["build", linked_site, "--out", tmp_path / "out", "--today", "2026-11-10"])
    assert result.code == 1 and not (tmp_path / "out").exists()


def test_content_that_is_a_link_outside_the_site_is_refused(tmp_path, run_main):
    real = write_files(tmp_path / "elsewhere", MINIMAL_SITE)
    site = tmp_path / "site"
    site.mkdir()
    (site / "content").symlink_to(real / "content", target_is_directory=True)
    result = run_main(["check", site, "--today", "2026-11-10"])
    assert result.code == 1 and "content: error[bad-path]" in result.stdout, result.stdout


def test_a_theme_file_name_that_is_not_utf8_is_reported(tmp_path, run_main):
    site = write_files(tmp_path / "site", MINIMAL_SITE)
    assets = site / "themes" / "mine" / "assets"
    assets.mkdir(parents=True)
    (assets / os.fsdecode(b"logo-\xff.svg")).write_bytes(b"<svg/>")
    result = run_main(["build", site, "--out", tmp_path / "out", "--today", "2026-11-10", "--theme", "mine"])
    assert result.code == 1 and "themes/mine/assets/logo-\\xff.svg: error[bad-path]" in result.stderr, result.stderr


def test_file_names_that_are_not_utf8_are_reported_not_crashed_on(tmp_path, run_main):
    site = write_files(tmp_path, MINIMAL_SITE)
    (site / "content" / os.fsdecode(b"caf\xe9.md")).write_bytes(b"---\ntitle: x\n---\n")
    (site / "content" / os.fsdecode(b"\xff-folder")).mkdir()
    result = run_main(["check", site, "--today", "2026-11-10"])
    assert result.code == 1
    assert "content/caf\\xe9.md: error[bad-path]" in result.stdout
    assert "content/\\xff-folder: error[bad-path]" in result.stdout
    result = run_main(["build", site, "--today", "2026-11-10"])
    assert result.code == 1 and "internal error" not in result.stderr


@pytest.mark.parametrize("where", ["content", "themes/mine/assets"])
def test_folders_nested_a_thousand_deep_are_reported_not_crashed_on(tmp_path, run_main, monkeypatch, where):
    site = write_files(tmp_path, MINIMAL_SITE)
    deep = site / where
    deep.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(deep)  # a relative mkdir each level: os.makedirs itself recurses too deep
    for _ in range(1100):
        os.mkdir("d")
        os.chdir("d")
    Path("x.md").write_text("---\ntitle: Deep\n---\n")
    monkeypatch.chdir(tmp_path)
    try:
        result = run_main(["build", site, "--out", tmp_path / "out", "--today", "2026-11-10", "--theme", "mine"])
        assert result.code == 1 and "error[bad-path]" in result.stderr and "nested" in result.stderr, result.stderr
        assert "internal error" not in result.stderr
    finally:
        remove_deep(deep / "d", monkeypatch)


def remove_deep(top: Path, monkeypatch) -> None:
    """Remove a chain of nested folders without recursion (shutil.rmtree,
    and so pytest's clean-up of tmp_path, recurses)."""
    monkeypatch.chdir(top)
    depth = 0
    while os.path.isdir("d"):
        os.chdir("d")
        depth += 1
    for name in os.listdir("."):
        os.unlink(name)
    for _ in range(depth):
        os.chdir("..")
        os.rmdir("d")
    os.chdir("..")
    os.rmdir(top)
