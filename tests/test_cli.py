"""The command line as users of other tools expect it: colour that follows
NO_COLOR and FORCE_COLOR, the usual short flags, `build --strict`, shell
completion, clear messages outside a roadmap, and help texts that agree."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from support import MINIMAL_30_DAYS, REPO_ROOT, TODAY

from roadmapgen.model import VISIBILITIES

LATE = "2026-11-25"  # after first-step's due date: one `overdue` warning, no error
ESC = "\x1b["


def environment(env: dict[str, str]) -> dict[str, str]:
    drop = ("ROADMAPGEN_TODAY", "ROADMAPGEN_DEBUG", "NO_COLOR", "FORCE_COLOR", "TERM", "_ARGCOMPLETE")
    return {**{k: v for k, v in os.environ.items() if k not in drop}, "TERM": "xterm", **env}


def check_output(root: Path, env: dict[str, str], terminal: bool) -> str:
    """`roadmapgen check` in a subprocess, its stdout a pipe or a terminal (a pty)."""
    command = [sys.executable, "-m", "roadmapgen", "check", str(root), "--today", LATE]
    if not terminal:
        return subprocess.run(command, env=environment(env), capture_output=True, text=True, timeout=60).stdout
    leader, follower = pty.openpty()
    try:
        subprocess.run(command, env=environment(env), stdout=follower, stderr=subprocess.DEVNULL, timeout=60)
    finally:
        os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the terminal's other side is closed and all was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return b"".join(chunks).decode()


# -- colour ---------------------------------------------------------------------

@pytest.mark.parametrize("env, terminal, coloured", [
    ({}, True, True),
    ({}, False, False),
    ({"NO_COLOR": "1"}, True, False),
    ({"NO_COLOR": ""}, True, True),  # no-color.org: only a non-empty NO_COLOR counts
    ({"TERM": "dumb"}, True, False),
    ({"FORCE_COLOR": "1"}, False, True),  # into a pipe, as CI logs want it
    ({"FORCE_COLOR": ""}, False, False),
    ({"FORCE_COLOR": "1", "TERM": "dumb"}, True, True),
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),  # NO_COLOR wins, as in CPython and pytest
    ({"FORCE_COLOR": "1", "NO_COLOR": ""}, False, True),
])
def test_colour_follows_no_color_and_force_color(minimal_site, env, terminal, coloured):
    out = check_output(minimal_site(), env, terminal)
    assert "overdue" in out
    assert (ESC in out) is coloured, out


# -- flags ----------------------------------------------------------------------

def test_build_takes_short_flags(minimal_site, run_main, tmp_path):
    out = tmp_path / "out"
    result = run_main(["build", minimal_site(), "-o", out, "-t", "one-pager", "-a", "mentors",
                       "-b", "https://example.org/r/", "--today", TODAY])
    assert result.code == 0, result.stderr
    assert 'class="op-head"' in (out / "index.html").read_text(encoding="utf-8")
    exported = (out / "roadmap.json").read_text(encoding="utf-8")
    assert '"audience": "mentors"' in exported and '"base_url": "https://example.org/r/"' in exported


def test_check_takes_s_for_strict(minimal_site, run_main):
    root = minimal_site()
    assert run_main(["check", root, "--today", LATE]).code == 0
    assert run_main(["check", root, "-s", "--today", LATE]).code == 1


@pytest.mark.parametrize("command", ["build", "serve"])
def test_build_and_serve_share_their_settings_flags_and_help(run_main, command):
    text = " ".join(run_main([command, "--help"]).stdout.split())
    for flags in ("-t NAME, --theme NAME", "-a AUDIENCE, --audience AUDIENCE", "-b URL, --base-url URL"):
        assert flags in text, (command, flags)
    assert "(default: from roadmap.toml, else public)" in text
    assert ", ".join(VISIBILITIES) in text


def test_help_texts_say_where_defaults_come_from(run_main):
    build = " ".join(run_main(["build", "--help"]).stdout.split())
    assert "-o DIR, --out DIR" in build and "-s, --strict" in build
    assert "default: public)" not in build  # the audience comes from roadmap.toml first
    init = " ".join(run_main(["init", "--help"]).stdout.split())
    assert "the day the starter's dates are relative to" in init and "check against" not in init
    assert "-p N, --port N" in " ".join(run_main(["serve", "--help"]).stdout.split())


@pytest.mark.parametrize("command", [["check"], ["build"], ["serve"], ["init"], ["new"], ["new", "review"],
                                     ["roll"], ["schema"]])
def test_every_command_s_help_offers_the_same_common_flags(run_main, command):
    text = run_main([*command, "--help"]).stdout
    assert "--version" in text and "-h, --help" in text
    if command == ["serve"]:
        assert "Watches content/, themes/, static/ and roadmap.toml" in " ".join(text.split())


# -- build --strict ---------------------------------------------------------------

def test_build_strict_writes_nothing_when_check_warns(minimal_site, run_main, tmp_path):
    root, out = minimal_site(), tmp_path / "out"
    assert run_main(["build", root, "-o", out, "--today", TODAY]).code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    result = run_main(["build", root, "-o", out, "--strict", "--today", LATE])
    assert result.code == 1
    assert "warning[overdue]" in result.stderr and "--strict" in result.stderr
    assert "nothing was written" in result.stderr and "built" not in result.stdout
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before

    assert run_main(["build", root, "-o", out, "--today", LATE]).code == 0  # warnings alone publish
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} != before


def test_build_strict_reports_every_problem_after_a_full_pass(minimal_site, run_main, tmp_path):
    late = MINIMAL_30_DAYS.replace("serves: year-goal", "serves: year-goal\n  - id: second\n    title: Second\n"
                                   "    due: 2026-11-21\n    serves: year-goal")
    result = run_main(["build", minimal_site({"content/next-30-days.md": late}), "-o", tmp_path / "out",
                       "-s", "--today", LATE])
    assert result.code == 1 and result.stderr.count("warning[overdue]") == 2
    assert "2 warnings" in result.stderr and not (tmp_path / "out").exists()


def test_build_strict_on_a_clean_roadmap_builds(minimal_site, run_main, tmp_path):
    result = run_main(["build", minimal_site(), "-o", tmp_path / "out", "--strict", "--today", TODAY])
    assert result.code == 0 and (tmp_path / "out" / "index.html").is_file()


# -- shell completion ---------------------------------------------------------------

def complete(line: str, tmp_path: Path, cwd: Path = REPO_ROOT) -> list[str]:
    """What a shell would offer for `line` (argcomplete's protocol, as its bash hook calls it)."""
    answer = tmp_path / "completions"
    env = environment({"_ARGCOMPLETE": "1", "_ARGCOMPLETE_SHELL": "bash", "COMP_LINE": line,
                       "COMP_POINT": str(len(line)), "_ARGCOMPLETE_STDOUT_FILENAME": str(answer)})
    done = subprocess.run([sys.executable, "-m", "roadmapgen"], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return answer.read_text().replace("\013", "\n").split()


@pytest.mark.parametrize("line, offered", [
    ("roadmapgen bu", ["build"]),
    ("roadmapgen ", ["check", "build", "schema", "init", "serve", "new", "roll", "-h", "--help", "--version"]),
    ("roadmapgen serve --po", ["--port"]),
    ("roadmapgen build --aud", ["--audience"]),
    ("roadmapgen build --audience m", ["mentors"]),
    ("roadmapgen init --template c", ["career-change"]),
    ("roadmapgen new r", ["review"]),
    ("roadmapgen build -t o", ["one-pager"]),
    ("roadmapgen serve --theme d", ["default"]),
])
def test_the_shell_completes_commands_flags_and_choices(tmp_path, line, offered):
    assert sorted(complete(line, tmp_path)) == sorted(offered)


def test_completion_offers_folders_for_path(tmp_path):
    (tmp_path / "my-roadmap").mkdir()
    (tmp_path / "my-notes.txt").write_text("a file is no site root")
    assert complete("roadmapgen check my-", tmp_path, cwd=tmp_path) == ["my-roadmap/"]
    assert complete("roadmapgen build -o my-", tmp_path, cwd=tmp_path) == ["my-roadmap/"]


def test_completion_offers_the_site_s_themes(tmp_path):
    (tmp_path / "themes" / "dusk").mkdir(parents=True)
    (tmp_path / "themes" / ".git").mkdir()  # no theme name can reach it
    offered = complete(f"roadmapgen build {tmp_path} -t ", tmp_path, cwd=tmp_path)
    assert offered == ["default", "dusk", "one-pager"]


def test_check_does_not_load_the_completion_library(minimal_site):
    probe = ("import sys; from roadmapgen.commands.cli import main; "
             f"code = main(['check', {str(minimal_site())!r}, '--today', {TODAY!r}]); "
             "print('argcomplete' in sys.modules, code)")
    done = subprocess.run([sys.executable, "-c", probe], env=environment({}), capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.splitlines()[-1] == "False 0", done.stdout + done.stderr


def test_the_cli_module_carries_argcomplete_s_marker():
    # A global completion hook (activate-global-python-argcomplete) completes only
    # console scripts whose module says so in its first 1024 bytes.
    head = (REPO_ROOT / "roadmapgen" / "commands" / "cli.py").read_text(encoding="utf-8")[:1024]
    assert "PYTHON_ARGCOMPLETE_OK" in head


# -- outside a roadmap ---------------------------------------------------------------

def run_in(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "roadmapgen", *args], cwd=folder, env=environment({}),
                          capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize("command", [["check"], ["build"], ["new", "review"], ["roll"]])
def test_a_folder_without_content_says_so_and_suggests_init(tmp_path, command):
    done = run_in(tmp_path, *command, "--today", TODAY)
    said = done.stdout + done.stderr
    assert done.returncode == 1
    assert "error[no-root]: the current folder has no content/ folder" in said
    assert "roadmapgen init" in said and "kind: roadmap" not in said and "Traceback" not in said
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_named_folder_without_content_is_named_and_quoted_for_the_shell(tmp_path):
    (tmp_path / "my roadmap").mkdir()
    done = run_in(tmp_path, "check", "my roadmap")
    assert done.returncode == 1
    assert "'my roadmap' has no content/ folder" in done.stdout
    assert "roadmapgen init 'my roadmap'" in done.stdout


@pytest.mark.parametrize("command", [["check"], ["build"], ["new", "review"], ["roll"]])
def test_inside_content_the_hint_is_the_folder_above(minimal_site, command):
    done = run_in(minimal_site() / "content", *command, "--today", TODAY)
    said = done.stdout + done.stderr
    assert done.returncode == 1
    assert "it looks like the content/ folder itself" in said
    assert f"roadmapgen {' '.join(command)} .." in said
    assert "content/content" not in said and "create content/index.md" not in said


@pytest.mark.parametrize("command", [["check"], ["serve", "-p", "0"]])
def test_deeper_inside_content_the_hint_is_the_site_root(minimal_site, command):
    (minimal_site() / "content" / "reviews" / "2026").mkdir(parents=True)
    done = run_in(minimal_site() / "content" / "reviews" / "2026", *command, "--today", TODAY)
    said = done.stdout + done.stderr
    assert done.returncode == 1 and "it looks like a folder inside content/" in said
    assert f"roadmapgen {command[0]} ../../..\n" in said and "roadmapgen init" not in said


def test_in_the_built_site_the_hint_is_the_folder_above_not_init(minimal_site, run_main):
    root = minimal_site()
    assert run_main(["build", root, "--today", TODAY]).code == 0
    done = run_in(root / "site", "check")
    assert done.returncode == 1 and "it is a site that roadmapgen built" in done.stdout
    assert "roadmapgen check ..\n" in done.stdout and "roadmapgen init" not in done.stdout


def test_a_content_folder_named_otherwise_is_known_by_its_root_file(minimal_site, tmp_path):
    moved = tmp_path / "notes"
    (minimal_site() / "content").rename(moved)
    done = run_in(moved, "check", "--format", "json")
    assert done.returncode == 1
    (finding,) = json.loads(done.stdout)["findings"]
    assert finding["code"] == "no-root" and finding["hint"].endswith("roadmapgen check ..")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_an_index_md_that_is_a_pipe_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "index.md")
    try:
        done = run_in(tmp_path, "check")  # reading the pipe would wait until the timeout
    except subprocess.TimeoutExpired:
        raise AssertionError("check waited on a pipe") from None
    assert done.returncode == 1 and "so it holds no roadmap" in done.stdout


def test_a_path_into_content_names_its_parent(minimal_site):
    done = run_in(minimal_site(), "check", "content")
    assert done.returncode == 1 and "'content' has no content/ folder" in done.stdout
    assert "roadmapgen check .\n" in done.stdout


def test_a_content_folder_without_a_root_file_keeps_its_own_message(minimal_site, run_main):
    result = run_main(["check", minimal_site({"content/index.md": None}), "--today", TODAY])
    assert result.code == 1 and "no file has 'kind: roadmap'" in result.stdout


# -- smaller things ---------------------------------------------------------------

def test_an_unknown_theme_lists_each_theme_once_inside_this_repository(run_main, tmp_path):
    # This checkout's themes/ is both the site's own themes and the built-in ones.
    result = run_main(["build", REPO_ROOT, "-o", tmp_path / "out", "-t", "nope", "--today", "2026-11-23"])
    assert result.code == 1
    listed = result.stderr.split("available: ", 1)[1].splitlines()[0].split(", ")
    assert listed == sorted(set(listed)) and {"default", "one-pager"} <= set(listed)


@pytest.mark.parametrize("due", ["2026-13-45", "'2026-11-20x'", "20"])
def test_a_badly_written_due_date_is_one_error_not_also_a_missing_one(minimal_site, check_json, due):
    plan = MINIMAL_30_DAYS.replace("due: 2026-11-20", f"due: {due}")
    code, report = check_json(minimal_site({"content/next-30-days.md": plan}))
    assert code == 1
    assert [f["code"] for f in report["findings"]] == ["bad-field"]


@pytest.mark.parametrize("due", ["", "null"])
def test_an_empty_due_date_is_still_missing(minimal_site, check_json, due):
    plan = MINIMAL_30_DAYS.replace("due: 2026-11-20", f"due: {due}")
    code, report = check_json(minimal_site({"content/next-30-days.md": plan}))
    assert code == 0
    assert [f["code"] for f in report["findings"]] == ["vague-30-days"]
