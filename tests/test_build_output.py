"""What a build guarantees about its output folder (spec section 8):
byte-identical output for the same input and today, no absolute paths,
a failed build leaves the previous output exactly as it was, and the
output folder may never replace the site or its content."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from build_helpers import EXAMPLE_TODAY, REPO_ROOT, copy_example, run_build, run_cli, snapshot


def build_in_subprocess(site: Path, out: Path, *flags: str, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    env.pop("ROADMAPGEN_TODAY", None)
    import subprocess

    done = subprocess.run([sys.executable, "-m", "roadmapgen", "build", str(site), "--out", str(out),
                           "--today", EXAMPLE_TODAY, *flags],
                          cwd=site, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


# -- 3. reproducible ----------------------------------------------------------

@pytest.mark.parametrize("audience", ["public", "private"])
def test_two_builds_are_byte_identical(tmp_path, audience):
    """Two copies of the site in different folders, built in two processes
    with different hash seeds: every file, and the list of files, the same."""
    first = copy_example(tmp_path / "one" / "site")
    second = copy_example(tmp_path / "two" / "elsewhere")
    flags = ("--audience", audience, "--base-url", "https://example.org/roadmap/")
    build_in_subprocess(first, tmp_path / "one" / "out", *flags, hash_seed="1")
    build_in_subprocess(second, tmp_path / "two" / "out", *flags, hash_seed="2")
    a, b = snapshot(tmp_path / "one" / "out"), snapshot(tmp_path / "two" / "out")
    assert len(a) > 20 and "feed.xml" in a and "roadmap.ics" in a
    assert sorted(a) == sorted(b)
    different = [path for path in a if a[path] != b[path]]
    assert different == []


def test_the_output_holds_no_absolute_paths(tmp_path):
    site = copy_example(tmp_path / "site-folder")
    out = tmp_path / "out"
    assert run_build(site, "--out", out, "--audience", "private", "--today", EXAMPLE_TODAY,
                     "--base-url", "https://example.org/").code == 0
    needles = {str(tmp_path), tmp_path.as_posix(), str(REPO_ROOT), os.path.expanduser("~"), "site-folder"}
    for rel, data in snapshot(out).items():
        text = data.decode("utf-8", "replace")
        for needle in needles:
            assert needle not in text, f"{rel} contains {needle!r}"
            assert needle not in rel


def test_the_same_today_from_the_environment_gives_the_same_site(tmp_path):
    site = copy_example(tmp_path / "site")
    assert run_build(site, "--out", tmp_path / "a", "--today", EXAMPLE_TODAY).code == 0
    assert run_build(site, "--out", tmp_path / "b", env={"ROADMAPGEN_TODAY": EXAMPLE_TODAY}).code == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    # and "today" really is an input: another day renders another site
    assert run_build(site, "--out", tmp_path / "c", "--today", "2027-03-01").code == 0
    assert snapshot(tmp_path / "a") != snapshot(tmp_path / "c")


# -- 4. a failed build leaves the previous output as it was -------------------

@pytest.fixture
def good_build(tmp_path):
    """(site, out) after a good build; the output lives alone in its own folder."""
    site = copy_example(tmp_path / "site")
    out = tmp_path / "published" / "site"
    result = run_build(site, "--out", out, "--today", EXAMPLE_TODAY)
    assert result.code == 0, result.err
    assert os.listdir(out.parent) == ["site"]
    return site, out


def break_file(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_failed_build_prints_the_diagnostics_and_leaves_the_output(good_build):
    site, out = good_build
    before = snapshot(out)
    # a second item with the id of the first 30-days item: a duplicate-id error
    break_file(site / "content" / "next-30-days.md", "id: scope-ledger", "id: ask-renata")
    result = run_build(site, "--out", out, "--today", EXAMPLE_TODAY)
    assert result.code == 1
    assert "error[duplicate-id]" in result.err
    assert "content/next-30-days.md:" in result.err
    assert "nothing was written" in result.err
    assert "Traceback" not in result.err
    assert snapshot(out) == before
    assert os.listdir(out.parent) == ["site"], "no staging or backup folders left beside the output"


def test_a_failed_build_with_broken_front_matter_leaves_the_output(good_build):
    site, out = good_build
    before = snapshot(out)
    break_file(site / "content" / "risks.md", "kind: risks", "kind: risks\nkind: risks")
    result = run_build(site, "--out", out, "--today", EXAMPLE_TODAY)
    assert result.code == 1
    assert "content/risks.md:" in result.err and "error[bad-front-matter]" in result.err
    assert snapshot(out) == before
    assert os.listdir(out.parent) == ["site"]


def test_a_theme_that_fails_to_render_leaves_the_output(good_build):
    site, out = good_build
    before = snapshot(out)
    theme = site / "themes" / "broken"
    (theme / "templates").mkdir(parents=True)
    (theme / "theme.toml").write_text('extends = "default"\n')
    (theme / "templates" / "page.html").write_text('{% extends "base.html" %}{% block main %}{{ no_such_thing.x }}{% endblock %}')
    result = run_build(site, "--out", out, "--today", EXAMPLE_TODAY, "--theme", "broken")
    assert result.code == 1
    assert "broken" in result.err and "page.html" in result.err
    assert "internal error" not in result.err
    assert snapshot(out) == before
    assert os.listdir(out.parent) == ["site"]


def test_a_write_that_fails_halfway_leaves_the_output(tmp_path):
    """write_site stages every file before it touches the output; an error
    on the last file leaves the old output and no staging folder."""
    from roadmapgen.write.output import MARKER, MARKER_TEXT, OutputError, write_site

    out = tmp_path / "out" / "site"
    write_site({"index.html": b"old", "a/b.html": b"old b"}, out)
    before = snapshot(out)
    files = {"index.html": b"new", "a/b.html": b"new b", "zz/../../escape.html": b"x"}
    with pytest.raises(OutputError):
        write_site(files, out)
    assert snapshot(out) == before
    assert os.listdir(out.parent) == ["site"]
    assert not (tmp_path / "escape.html").exists()
    # and a good write replaces the whole folder: nothing stale survives
    write_site({"index.html": b"new"}, out)
    assert snapshot(out) == {"index.html": b"new", MARKER: MARKER_TEXT}
    assert os.listdir(out.parent) == ["site"]


# -- 4. the output may not replace the site -----------------------------------

@pytest.mark.parametrize("where", [".", "content", "..", "content/..", "../..", "./content/"])
def test_refuses_an_output_that_would_replace_the_site(tmp_path, monkeypatch, where):
    site = copy_example(tmp_path / "nest" / "site")
    (site / "roadmap.toml").write_text('theme = "default"\n')
    before_site = snapshot(site)
    before_all = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    monkeypatch.chdir(site)
    result = run_build("--out", where, "--today", EXAMPLE_TODAY)
    assert result.code == 1, result.err
    assert "refusing to build into" in result.err
    assert "Traceback" not in result.err
    assert snapshot(site) == before_site
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before_all


def test_refuses_an_absolute_output_equal_to_the_site_root(tmp_path):
    site = copy_example(tmp_path / "site")
    before = snapshot(tmp_path)
    for out in (site, site / "content", tmp_path, site / "content" / ".." / "content"):
        result = run_build(site, "--out", out, "--today", EXAMPLE_TODAY)
        assert result.code == 1 and "refusing to build into" in result.err, out
    assert snapshot(tmp_path) == before


def test_refuses_an_output_that_links_to_the_site(tmp_path):
    site = copy_example(tmp_path / "site")
    (tmp_path / "alias").symlink_to(site / "content", target_is_directory=True)
    before = snapshot(site)
    result = run_build(site, "--out", tmp_path / "alias", "--today", EXAMPLE_TODAY)
    assert result.code == 1 and "refusing to build into" in result.err
    assert snapshot(site) == before


def test_refuses_output_dot_in_roadmap_toml(tmp_path):
    site = copy_example(tmp_path / "site")
    (site / "roadmap.toml").write_text('output = "."\n')
    before = snapshot(site)
    result = run_cli("build", "--today", EXAMPLE_TODAY, cwd=site)
    assert result.code == 1 and "refusing to build into" in result.err
    assert "Traceback" not in result.err
    assert snapshot(site) == before


def test_the_default_output_is_site_under_the_root_and_rebuilds_in_place(tmp_path, monkeypatch):
    site = copy_example(tmp_path / "site")
    monkeypatch.chdir(site)
    assert run_build("--today", EXAMPLE_TODAY).code == 0
    assert (site / "site" / "index.html").is_file()
    (site / "site" / "stale.html").write_text("stale")
    assert run_build("--today", EXAMPLE_TODAY).code == 0
    assert not (site / "site" / "stale.html").exists()
    assert sorted(os.listdir(site)) == ["content", "site"]


def test_a_build_writes_nothing_outside_its_output(minimal_site, run_cli, tmp_path_factory):
    # No compiled templates beside the package: a build reads content/ and
    # themes/ and writes site/, and its compiled templates in the user's
    # cache folder (in a process of its own, so that it starts with none).
    import roadmapgen

    def package_files():
        return sorted(p for p in Path(roadmapgen.__file__).parent.rglob("*") if p.suffix != ".pyc")

    elsewhere = tmp_path_factory.mktemp("elsewhere")
    root = minimal_site()
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    package_before = package_files()
    result = run_cli(["build", root, "--today", "2026-11-10"],
                     env={"HOME": str(elsewhere / "home"), "XDG_CACHE_HOME": str(elsewhere / "xdg"),
                          "ROADMAPGEN_CACHE_DIR": ""})
    assert result.code == 0, result.stderr
    after = sorted(p.relative_to(root) for p in root.rglob("*") if not p.is_relative_to(root / "site"))
    assert after == before
    written = [p.relative_to(elsewhere) for p in elsewhere.rglob("*") if p.is_file()]
    assert written and all(p.parts[:2] == ("xdg", "roadmapgen") and p.suffix == ".cache" for p in written)
    assert package_files() == package_before
