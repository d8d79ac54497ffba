"""A build never destroys a folder it did not make (spec section 8): the
output marker, the folders it may never replace, a swap cut short, two
builds at once and an output that is a link."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys

import pytest

from build_helpers import snapshot
from support import TODAY
from roadmapgen.write import output
from roadmapgen.write.output import MARKER, OutputError, write_site


@pytest.fixture
def site(minimal_site):
    return minimal_site({"content/notes/page.md": "---\ntitle: Notes\n---\n\nMy notes.\n"})


def build(run_main, site, *args):
    return run_main(["build", str(site), "--today", TODAY, *map(str, args)])


def test_a_new_output_carries_the_marker_and_a_rebuild_replaces_it(site, run_main):
    assert build(run_main, site).code == 0
    assert (site / "site" / MARKER).is_file()
    (site / "site" / "stale.html").write_text("stale")
    assert build(run_main, site).code == 0
    assert not (site / "site" / "stale.html").exists()
    assert sorted(os.listdir(site)) == ["content", "site"], "no lock, staging or old folder left"


@pytest.mark.parametrize("out", ["content/notes", "content/new-folder", ".git", ".git/hooks", "themes/mine"])
def test_refuses_to_build_into_content_themes_or_git(site, run_main, monkeypatch, out):
    (site / ".git" / "hooks").mkdir(parents=True)
    (site / ".git" / "config").write_text("[core]\n")
    (site / "themes" / "mine").mkdir(parents=True)
    before = snapshot(site)
    monkeypatch.chdir(site)
    result = run_main(["build", "--out", out, "--today", TODAY])
    assert result.code == 1
    assert "refusing to build into" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(site) == before


def test_refuses_a_folder_that_is_not_empty_and_was_not_made_by_roadmapgen(site, run_main, tmp_path):
    victim = tmp_path.parent / f"{tmp_path.name}-victim"
    victim.mkdir()
    (victim / "thesis.tex").write_text("three years of work")
    result = build(run_main, site, "--out", victim)
    assert result.code == 1
    assert str(victim) in result.stderr and MARKER in result.stderr
    assert os.listdir(victim) == ["thesis.tex"]


def test_an_empty_folder_is_built_into(site, run_main, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert build(run_main, site, "--out", empty).code == 0
    assert (empty / "index.html").is_file() and (empty / MARKER).is_file()


def test_output_in_roadmap_toml_may_not_leave_the_site(site, run_main, tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("keep")
    (site / "roadmap.toml").write_text('output = "../victim"\n')
    result = build(run_main, site)
    assert result.code == 1 and "roadmap.toml" in result.stderr
    assert os.listdir(victim) == ["keep.txt"]


def test_output_in_roadmap_toml_through_a_link_may_not_leave_the_site(site, run_main, tmp_path):
    """A cloned repository can hold `site` as a link to a folder of the
    user's: an empty one too is not the repository's to fill."""
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    (site / "site").symlink_to(elsewhere, target_is_directory=True)
    result = build(run_main, site)
    assert result.code == 1 and "outside the site" in result.stderr
    assert os.listdir(elsewhere) == []


def test_an_output_that_is_a_link_stays_a_link(site, run_main, tmp_path):
    real = tmp_path / "www" / "roadmap"
    real.mkdir(parents=True)
    link = tmp_path / "published"
    link.symlink_to(real, target_is_directory=True)
    assert build(run_main, site, "--out", link).code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert (real / "index.html").is_file()
    assert build(run_main, site, "--out", link).code == 0
    assert link.is_symlink() and (real / "index.html").is_file()


def test_a_swap_killed_between_its_renames_is_finished_by_the_next_build(site, run_main):
    assert build(run_main, site).code == 0
    # SIGKILL after the first rename: the site was moved aside, the new one never arrived.
    os.replace(site / "site", site / ".site.old-x1y2z3w4")
    (site / ".site.new-a1b2c3d4").mkdir()
    (site / ".site.new-a1b2c3d4" / MARKER).write_bytes(output.MARKER_TEXT)
    (site / ".site.new-c3d4e5f6").mkdir()  # killed before its first file
    assert build(run_main, site).code == 0
    assert (site / "site" / "index.html").is_file()
    assert sorted(os.listdir(site)) == ["content", "site"]


def test_leftovers_without_the_marker_are_not_deleted(site, run_main):
    (site / ".site.old-abcd1234").mkdir()
    (site / ".site.old-abcd1234" / "notes.txt").write_text("not roadmapgen's")
    assert build(run_main, site).code == 0
    assert (site / ".site.old-abcd1234" / "notes.txt").read_text() == "not roadmapgen's"


def test_a_users_own_backup_of_the_site_is_not_a_leftover(site, run_main):
    assert build(run_main, site).code == 0
    os.system(f"cp -a '{site / 'site'}' '{site / '.site.old-backup'}'")
    assert build(run_main, site).code == 0
    assert (site / ".site.old-backup" / MARKER).is_file()


def test_a_failure_between_the_renames_puts_the_old_site_back(tmp_path, monkeypatch):
    out = tmp_path / "site"
    write_site({"index.html": b"old"}, out)
    real_replace = os.replace
    calls = []

    def second_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", second_fails)
    with pytest.raises(OSError):
        write_site({"index.html": b"new"}, out)
    assert (out / "index.html").read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["site"]


def test_ctrl_c_during_the_swap_lands_after_it(tmp_path, monkeypatch):
    out = tmp_path / "site"
    write_site({"index.html": b"old"}, out)
    real_replace = os.replace

    def interrupted(src, dst):
        # Ctrl-C right inside the swap. raise_signal sends it to this thread and runs
        # its handler at once; os.kill may hand it to one of the suite's background
        # threads, and the main thread would see it only after the swap.
        signal.raise_signal(signal.SIGINT)
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_site({"index.html": b"new"}, out)
    assert (out / "index.html").read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["site"]


def test_a_second_build_of_the_same_output_is_refused_while_one_runs(site, run_main):
    lock = site / ".site.lock"
    with open(lock, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = build(run_main, site)
    assert result.code == 1 and "another build" in result.stderr
    assert not (site / "site").exists()


def test_concurrent_builds_leave_one_whole_site(site):
    env = {k: v for k, v in os.environ.items() if k != "ROADMAPGEN_TODAY"}
    command = [sys.executable, "-m", "roadmapgen", "build", str(site), "--today", TODAY]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]
    results = [(run.wait(timeout=60), run.stderr.read()) for run in runs]
    for code, err in results:
        assert code == 0 or (code == 1 and "another build" in err), err
    assert any(code == 0 for code, _ in results)
    assert (site / "site" / "index.html").is_file()
    assert sorted(os.listdir(site)) == ["content", "site"]


def test_a_marker_that_is_a_link_does_not_count(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "data.csv").write_text("1,2")
    (out / MARKER).symlink_to(tmp_path / "anything")
    with pytest.raises(OutputError):
        output.check_output_folder(out, tmp_path / "site")
    assert (out / "data.csv").exists()
