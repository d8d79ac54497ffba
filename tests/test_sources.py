"""sources: which files under content/ are read, in which order, and what
happens to files that cannot be read as text."""

from __future__ import annotations

import os
import threading

import pytest

from roadmapgen.sources import SourceReader, decode, load_sources


def test_only_markdown_files_in_byte_order(tmp_path, write_tree):
    write_tree(tmp_path, {
        "content/b.md": "b", "content/B.md": "B", "content/a/z.md": "z", "content/a-b.md": "ab",
        "content/notes.txt": "no", "content/image.png": b"\x89PNG", "roadmap.md": "outside content",
    })
    sources, found = load_sources(tmp_path)
    assert found == []
    assert [s.path for s in sources] == ["content/B.md", "content/a-b.md", "content/a/z.md", "content/b.md"]


def test_hidden_and_editor_files_are_skipped(tmp_path, write_tree):
    write_tree(tmp_path, {
        "content/.draft.md": "x", "content/#autosave.md#": "x", "content/.git/x.md": "x",
        "content/a.md~": "x", "content/ok.md": "ok",
    })
    assert [s.path for s in load_sources(tmp_path)[0]] == ["content/ok.md"]


def test_no_content_folder_reads_nothing(tmp_path):
    assert load_sources(tmp_path) == ([], [])


def test_text_is_decoded_as_utf8_keeping_a_bom(tmp_path, write_tree):
    write_tree(tmp_path, {"content/a.md": "\ufeff---\ntitle: Caf\u00e9\n---\n".encode("utf-8")})
    (source,), _ = load_sources(tmp_path)
    assert source.text.startswith("\ufeff---") and "Caf\u00e9" in source.text


@pytest.mark.parametrize("data, line, column", [
    (b"\xff", 1, 1),
    (b"ok\n\nna\xefve\n", 3, 3),
    (b"---\ntitle: \xe9t\xe9\n---\n", 2, 8),
    ("\u00e9\u00e9\n".encode() + b"\xc3", 2, 1),  # a truncated sequence at the very end
])
def test_bad_encoding_at_the_first_bad_byte(data, line, column):
    text, found = decode("content/a.md", data)
    assert text is None
    assert (found.code, found.line, found.column) == ("bad-encoding", line, column)


def test_a_link_outside_the_site_is_not_read(tmp_path, write_tree):
    write_tree(tmp_path, {"content/ok.md": "ok"})
    secret = tmp_path.parent / f"{tmp_path.name}-secret.md"
    secret.write_text("secret")
    os.symlink(secret, tmp_path / "content" / "secret.md")
    sources, found = load_sources(tmp_path)
    assert [s.path for s in sources] == ["content/ok.md"]
    assert [(d.code, d.path) for d in found] == [("bad-path", "content/secret.md")]


def test_a_link_inside_the_site_is_read(tmp_path, write_tree):
    write_tree(tmp_path, {"shared/plan.md": "plan", "content/ok.md": "ok"})
    os.symlink(tmp_path / "shared" / "plan.md", tmp_path / "content" / "plan.md")
    assert [s.text for s in load_sources(tmp_path)[0]] == ["ok", "plan"]


def test_dangling_and_looping_links_are_reported_not_a_crash(tmp_path, write_tree):
    write_tree(tmp_path, {"content/ok.md": "ok"})
    os.symlink("missing.md", tmp_path / "content" / "dangling.md")
    os.symlink("loop.md", tmp_path / "content" / "loop.md")
    sources, found = load_sources(tmp_path)
    assert [s.path for s in sources] == ["content/ok.md"]
    assert [(d.code, d.path) for d in found] == [("bad-path", "content/dangling.md"), ("bad-path", "content/loop.md")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_named_md_is_reported_without_waiting_for_it(tmp_path, write_tree):
    write_tree(tmp_path, {"content/ok.md": "ok"})
    os.mkfifo(tmp_path / "content" / "pipe.md")
    done = []
    reader = threading.Thread(target=lambda: done.append(load_sources(tmp_path)), daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert done, "load_sources waited on the pipe"
    sources, found = done[0]
    assert [s.path for s in sources] == ["content/ok.md"]
    assert [(d.code, d.path) for d in found] == [("bad-path", "content/pipe.md")]


def test_check_does_not_crash_on_a_looping_link(minimal_site, check_json):
    root = minimal_site()
    os.symlink("loop.md", root / "content" / "loop.md")
    status, report = check_json(root)
    assert status == 1
    assert [(f["code"], f["file"]) for f in report["findings"]] == [("bad-path", "content/loop.md")]


# -- SourceReader: what `serve` reads again after a save --------------------------

@pytest.fixture
def reads(monkeypatch):
    """The paths of the files read, in order."""
    import roadmapgen.sources as sources

    paths = []
    real = sources._read

    def counted(site_root, file):
        paths.append(file.relative_to(site_root).as_posix())
        return real(site_root, file)

    monkeypatch.setattr(sources, "_read", counted)
    return paths


TREE = {"content/index.md": "root", "content/notes/a.md": "a", "content/notes/b.md": "b", "content/z.md": "z",
        "content/bad.md": b"caf\xe9"}


def test_the_reader_reads_again_only_the_file_reported_changed(tmp_path, write_tree, reads):
    write_tree(tmp_path, TREE)
    reader = SourceReader(tmp_path)
    assert reader.read() == load_sources(tmp_path)
    reads.clear()
    write_tree(tmp_path, {"content/notes/a.md": "a, edited"})
    got = reader.read({str(tmp_path / "content" / "notes" / "a.md")})
    assert reads == ["content/notes/a.md"]
    assert got == load_sources(tmp_path) and "a, edited" in [s.text for s in got[0]]


def test_the_reader_reads_again_a_file_whose_change_was_not_reported(tmp_path, write_tree, reads):
    write_tree(tmp_path, TREE)
    reader = SourceReader(tmp_path)
    reader.read()
    reads.clear()
    write_tree(tmp_path, {"content/z.md": "z, edited"})
    got = reader.read(set())  # a change the watcher missed: the file's size and times tell
    assert reads == ["content/z.md"]
    assert got == load_sources(tmp_path)


def test_the_reader_reads_again_a_reported_file_that_looks_unchanged(tmp_path, write_tree):
    write_tree(tmp_path, TREE)
    reader = SourceReader(tmp_path)
    reader.read()
    page = tmp_path / "content" / "notes" / "b.md"
    page.write_text("c")
    reader._stats = reader._listing()  # as if size and times had not moved (a coarse clock, the same size)
    assert "c" in [s.text for s in reader.read({str(page)})[0]]


def _rename(root, old, new):
    (root / old).rename(root / new)


@pytest.mark.parametrize("change", [
    lambda root: (root / "content" / "new.md").write_text("new"),
    lambda root: (root / "content" / "notes" / "a.md").unlink(),
    lambda root: _rename(root, "content/notes", "content/journal"),
    lambda root: _rename(root, "content/notes/a.md", "content/notes/a.txt"),
    lambda root: (root / "content" / "notes" / "b.md").write_bytes(b"\xff"),
    lambda root: (root / "content" / "bad.md").write_text("fixed"),
    lambda root: (root / "content" / "notes" / "c.md").symlink_to(root / "content" / "z.md"),
    lambda root: (_rename(root, "content/notes", "elsewhere"), (root / "content" / "notes").symlink_to(root / "elsewhere")),
    lambda root: (root / "content" / "notes" / "a.md").unlink() or (root / "content" / "notes" / "a.md").mkdir(),
], ids=["added", "removed", "folder-renamed", "renamed-away", "bad-encoding", "encoding-fixed",
        "file-link", "folder-link", "file-became-folder"])
@pytest.mark.parametrize("reported", ["everything", "nothing", "outside"])
def test_the_reader_gives_what_load_sources_gives_after_any_change(tmp_path, write_tree, change, reported):
    write_tree(tmp_path, TREE)
    reader = SourceReader(tmp_path)
    reader.read()
    change(tmp_path)
    every = {str(p) for p in tmp_path.rglob("*")} | {str(tmp_path / "content" / "notes")}
    changed = {"everything": every, "nothing": set(), "outside": {str(tmp_path.parent / "elsewhere.md")}}[reported]
    assert reader.read(changed) == load_sources(tmp_path)
    write_tree(tmp_path, {"content/z.md": "z, then edited"})  # and the next read after it too
    assert reader.read({str(tmp_path / "content" / "z.md")}) == load_sources(tmp_path)
