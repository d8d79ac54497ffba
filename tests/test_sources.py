"""sources: which files under content/ are read, in which order, and what
happens to files that cannot be read as text."""

from __future__ import annotations

import os
import threading

import pytest

from roadmapgen.read.sources import decode, load_sources


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
