"""The on-disk content cache: an unchanged file is read from it, and it is
never wrong: a changed file, a new release or a damaged cache file all mean
a fresh parse, and a cache that cannot be written never fails a run."""

from __future__ import annotations

import pytest
from support import MINIMAL_30_DAYS

import roadmapgen
from roadmapgen import documents

BROKEN_ITEM = MINIMAL_30_DAYS.replace("due: 2026-11-20", "due: not-a-date")  # a bad-field on line 7


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ROADMAPGEN_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def no_parsing(monkeypatch):
    """After this, any file that is not in the cache fails the test."""

    def refuse(path, text):
        raise AssertionError(f"{path} was parsed again")

    def forbid():
        monkeypatch.setattr(documents, "parse_document", refuse)

    return forbid


def test_a_second_run_reads_every_file_from_the_cache(minimal_site, check_json, cache_dir, no_parsing):
    root = minimal_site({"content/notes.md": "---\nkind: page\n---\nSee [[first-step]] and [[nowhere]].\n"})
    first = check_json(root)
    assert len(list(cache_dir.glob("*.pickle"))) == 1
    no_parsing()
    assert check_json(root) == first
    assert [d["code"] for d in first[1]["findings"]] == ["unknown-ref"]


def test_a_changed_file_is_parsed_again(minimal_site, check_json, cache_dir):
    root = minimal_site()
    assert check_json(root)[1]["findings"] == []
    (root / "content/next-30-days.md").write_text(BROKEN_ITEM)
    code, report = check_json(root)
    assert code == 1
    assert ("bad-field", "content/next-30-days.md", 7) in [(d["code"], d["file"], d["line"]) for d in report["findings"]]


def test_the_build_renders_markdown_from_the_cache(minimal_site, run_main, cache_dir, no_parsing, monkeypatch):
    root = minimal_site({"content/notes.md": "---\nkind: page\ntitle: Notes\n---\n# Notes\n\nA *plan* for [[first-step]].\n"})
    assert run_main(["build", root, "--today", "2026-11-10"]).code == 0
    first = (root / "site/pages/notes.html").read_bytes()
    no_parsing()
    from roadmapgen import markdown

    monkeypatch.setattr(markdown, "_compile", lambda text, allow_html: pytest.fail(f"compiled again: {text!r}"))
    assert run_main(["build", root, "--today", "2026-11-10"]).code == 0
    assert (root / "site/pages/notes.html").read_bytes() == first
    assert b"<em>plan</em>" in first and b'href="../30-days.html#first-step"' in first


def test_a_new_release_starts_a_new_cache_and_drops_the_old(minimal_site, check_json, cache_dir, monkeypatch):
    root = minimal_site()
    check_json(root)
    [old] = cache_dir.glob("*.pickle")
    monkeypatch.setattr(roadmapgen, "__version__", roadmapgen.__version__ + ".post1")
    check_json(root)
    [new] = cache_dir.glob("*.pickle")
    assert new != old


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01.", b"\x80\x05\x95\xff\xff"])
def test_a_damaged_cache_file_is_ignored_and_replaced(minimal_site, check_json, cache_dir, damage):
    root = minimal_site()
    first = check_json(root)
    [file] = cache_dir.glob("*.pickle")
    file.write_bytes(damage)
    assert check_json(root) == first
    assert file.read_bytes() != damage


def test_a_cache_that_cannot_be_written_does_not_fail_the_build(minimal_site, run_main, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    monkeypatch.setenv("ROADMAPGEN_CACHE_DIR", str(blocker / "cache"))
    root = minimal_site()
    result = run_main(["build", root, "--today", "2026-11-10"])
    assert result.code == 0, result.stderr
    assert (root / "site/index.html").is_file()


def test_the_cache_is_kept_outside_the_site(minimal_site, run_main, tmp_path_factory, monkeypatch):
    xdg = tmp_path_factory.mktemp("xdg")
    monkeypatch.delenv("ROADMAPGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    root = minimal_site()
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    assert run_main(["build", root, "--today", "2026-11-10"]).code == 0
    after = sorted(p.relative_to(root) for p in root.rglob("*") if not p.is_relative_to(root / "site"))
    assert after == before
    assert list((xdg / "roadmapgen").glob("*.pickle"))


def test_cache_off_writes_no_cache(minimal_site, run_main, tmp_path_factory, monkeypatch):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.setenv("ROADMAPGEN_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(elsewhere / "xdg"))
    monkeypatch.setenv("HOME", str(elsewhere / "home"))
    root = minimal_site()
    assert run_main(["build", root, "--today", "2026-11-10"]).code == 0
    assert list(elsewhere.iterdir()) == []
