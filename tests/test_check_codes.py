"""`roadmapgen check`: each core diagnostic code (`SPEC_CODES`) at its place, and
the command's output formats, exit statuses and options."""

from __future__ import annotations

import argparse
import json
import re

import pytest

from support import (
    FIXTURES, MINIMAL_30_DAYS, MINIMAL_ROOT, MINIMAL_YEAR, REPO_ROOT, ROOT_AS_OF_LINE, TODAY,
    findings, where,
)

from roadmapgen import __version__
from roadmapgen.commands.cli import build_parser
from roadmapgen.commands.terminal import format_text

PLAN_30 = "content/next-30-days.md"
PLAN_YEAR = "content/year-1.md"
ROOT = "content/index.md"
GAPS = """\
---
kind: gaps
items:
  - id: gap-scope
    title: Cross-team scope
    area: scope
    now: One team
    needed: Three teams
---
"""
PATHS = """\
---
kind: paths
items:
  - id: path-internal
    title: Staff here
    probability: 70
  - id: path-external
    title: Staff elsewhere
    probability: 20
    trigger: No promotion by 2027
---
"""

# code -> (files to change in the minimal site, today, (file, line, column))
CASES = {
    "bad-front-matter": (
        {"content/notes/a.md": "---\ntitle: A\nvisibility: public\ntitle: B\n---\n"}, TODAY,
        ("content/notes/a.md", 4, 1)),
    "bad-encoding": (
        {"content/notes/a.md": b"---\ntitle: A\n---\n\nna\xefve\n"}, TODAY,
        ("content/notes/a.md", 5, 3)),
    "bad-field": (
        {PLAN_YEAR: MINIMAL_YEAR[:-4] + "  - id: 2027\n    title: The 2027 plan\n    serves: target\n---\n"}, TODAY,
        (PLAN_YEAR, 8, 9)),
    "duplicate-id": (
        {PLAN_YEAR: MINIMAL_YEAR[:-4] + "  - id: first-step\n    title: Again\n    serves: target\n---\n"}, TODAY,
        (PLAN_YEAR, 8, 9)),
    "unknown-ref": (
        {PLAN_30: MINIMAL_30_DAYS.replace("serves: year-goal", "serves: year-gaol")}, TODAY,
        (PLAN_30, 8, 13)),
    "serves-shorter": (
        {PLAN_YEAR: MINIMAL_YEAR.replace("serves: target", "serves: first-step")}, TODAY,
        (PLAN_YEAR, 7, 13)),
    "due-outside-horizon": (
        {PLAN_30: MINIMAL_30_DAYS.replace("due: 2026-11-20", "due: 2026-12-02")}, TODAY,
        (PLAN_30, 7, 10)),
    "probabilities": ({"content/paths.md": PATHS}, TODAY, ("content/paths.md", 6, 18)),
    "no-root": ({ROOT: None}, TODAY, ("content", None, None)),
    "many-roots": ({"content/old.md": MINIMAL_ROOT}, TODAY, ("content/old.md", 2, 7)),
    "bad-config": ({"roadmap.toml": 'theme = "default"\nallow_html = "yes"\n'}, TODAY, ("roadmap.toml", 2, 1)),
    "unknown-field": (
        {PLAN_30: MINIMAL_30_DAYS.replace("    due:", "    dimention: skills\n    due:")}, TODAY,
        (PLAN_30, 7, 5)),
    "empty-file": ({"content/notes/a.md": ""}, TODAY, ("content/notes/a.md", 1, 1)),
    "orphan": ({PLAN_30: MINIMAL_30_DAYS.replace("    serves: year-goal\n", "")}, TODAY, (PLAN_30, 5, 9)),
    "no-next-step": (
        {PLAN_30: MINIMAL_30_DAYS.replace("serves: year-goal", "serves: target")}, TODAY,
        (PLAN_YEAR, 5, 9)),
    "gap-unaddressed": ({"content/gaps.md": GAPS}, TODAY, ("content/gaps.md", 4, 9)),
    "vague-30-days": ({PLAN_30: MINIMAL_30_DAYS.replace("    due: 2026-11-20\n", "")}, TODAY, (PLAN_30, 5, 9)),
    "overdue": ({}, "2026-11-21", (PLAN_30, 5, 9)),
    "review-overdue": ({PLAN_30: MINIMAL_30_DAYS.replace("    due: 2026-11-20\n", "    due: 2026-11-20\n    status: done\n")},
                       "2026-12-07", (ROOT, ROOT_AS_OF_LINE, 8)),
    "stale-plan": ({}, "2027-11-02", (ROOT, ROOT_AS_OF_LINE, 8)),
    "window-passed": ({}, "2026-12-02", (ROOT, ROOT_AS_OF_LINE, 8)),
    "contact-overdue": (
        {ROOT: MINIMAL_ROOT.replace("---\n\nThe", "people:\n  - id: mentor-ana\n    name: Ana\n    role: mentor\n"
                                                 "    cadence: 7\n---\n\nThe")}, TODAY, (ROOT, 9, 9)),
    "missing-file": (
        {ROOT: MINIMAL_ROOT.replace("The introduction.", "The introduction. ![me](me.svg)")}, TODAY,
        (ROOT, 10, 19)),
}
SPEC_CODES = {
    "bad-front-matter", "bad-encoding", "bad-field", "duplicate-id", "unknown-ref", "serves-shorter",
    "due-outside-horizon", "probabilities", "no-root", "many-roots", "unknown-field", "empty-file",
    "orphan", "no-next-step", "gap-unaddressed", "vague-30-days", "overdue", "review-overdue", "stale-plan",
    "window-passed", "contact-overdue",
}
ERROR_CODES = {
    "bad-front-matter", "bad-encoding", "bad-field", "duplicate-id", "unknown-ref", "serves-shorter",
    "due-outside-horizon", "probabilities", "no-root", "many-roots", "bad-config",
}


def test_every_spec_code_has_a_case():
    assert SPEC_CODES <= CASES.keys()


@pytest.mark.parametrize("code", sorted(CASES))
def test_code_is_reported_at_its_place(code, minimal_site, check_json):
    changes, today, (file, line, column) = CASES[code]
    status, report = check_json(minimal_site(changes), today=today)
    placed = [(f["file"], f["line"], f["column"]) for f in findings(report, code)]
    assert (file, line, column) in placed, json.dumps(report, indent=1)
    severity = "error" if code in ERROR_CODES else "warning"
    assert {f["severity"] for f in findings(report, code)} == {severity}
    assert status == (1 if severity == "error" else 0)


def test_the_minimal_site_is_clean(minimal_site, check_json):
    status, report = check_json(minimal_site())
    assert (status, report) == (0, {"findings": [], "errors": 0, "warnings": 0})


def test_every_code_in_the_invalid_fixtures_is_a_known_code():
    codes = {json.loads(p.read_text())["code"] for p in (FIXTURES / "invalid").glob("*/expected.json")}
    assert codes <= SPEC_CODES | {"bad-config"}
    assert SPEC_CODES <= codes, SPEC_CODES - codes


# -- placement details ---------------------------------------------------------

def test_duplicate_id_is_reported_once_at_the_later_occurrence_naming_the_first(minimal_site, check_json):
    three = MINIMAL_YEAR[:-4] + "".join(f"  - id: year-goal\n    title: Copy {n}\n    serves: target\n" for n in (1, 2)) + "---\n"
    _, report = check_json(minimal_site({PLAN_YEAR: three}))
    found = findings(report, "duplicate-id")
    assert [(f["file"], f["line"]) for f in found] == [(PLAN_YEAR, 8), (PLAN_YEAR, 11)]
    assert all(f"{PLAN_YEAR}:5" in f["message"] for f in found)


def test_duplicate_id_order_follows_file_paths_not_horizons(minimal_site, check_json):
    # content/a.md sorts before content/next-30-days.md: the plan item is the later one.
    gaps = GAPS.replace("gap-scope", "first-step")
    _, report = check_json(minimal_site({"content/a.md": gaps}))
    assert where(report, "duplicate-id") == [(PLAN_30, 5)]
    assert "content/a.md:4" in findings(report, "duplicate-id")[0]["message"]


def test_missing_item_field_is_placed_at_the_item_start(minimal_site, check_json):
    plan = MINIMAL_YEAR[:-4] + "  - id: second\n    serves: target\n---\n"
    _, report = check_json(minimal_site({PLAN_YEAR: plan}))
    assert (PLAN_YEAR, 8, 5) in [(f["file"], f["line"], f["column"]) for f in findings(report, "bad-field")]


def test_missing_file_field_is_placed_at_line_1(minimal_site, check_json):
    _, report = check_json(minimal_site({ROOT: MINIMAL_ROOT.replace("owner: Tess Tester\n", "")}))
    assert where(report, "bad-field") == [(ROOT, 1)]
    assert "owner" in findings(report, "bad-field")[0]["message"]


def test_many_roots_marks_every_root_after_the_first(minimal_site, check_json):
    _, report = check_json(minimal_site({"content/x.md": MINIMAL_ROOT, "content/y.md": MINIMAL_ROOT}))
    assert where(report, "many-roots") == [("content/x.md", 2), ("content/y.md", 2)]


def test_probabilities_at_the_first_path_in_file_order(minimal_site, check_json):
    first = "---\nkind: paths\nitems:\n  - id: p-b\n    title: B\n    trigger: T\n    probability: 10\n---\n"
    second = "---\nkind: paths\nitems:\n  - id: p-a\n    title: A\n    probability: 80\n---\n"
    _, report = check_json(minimal_site({"content/paths/1.md": first, "content/paths/2.md": second}))
    assert where(report, "probabilities") == [("content/paths/1.md", 7)]
    assert "90" in findings(report, "probabilities")[0]["message"]


def test_paths_adding_up_to_100_are_fine(minimal_site, check_json):
    status, report = check_json(minimal_site({"content/paths.md": PATHS.replace("probability: 20", "probability: 30")}))
    assert (status, report["findings"]) == (0, [])


def test_vague_30_days_with_six_items_is_at_the_sixth(minimal_site, check_json):
    extra = "".join(f"  - id: step-{n}\n    title: Step {n}\n    due: 2026-11-2{n}\n    serves: year-goal\n" for n in range(2, 7))
    _, report = check_json(minimal_site({PLAN_30: MINIMAL_30_DAYS[:-4] + extra + "---\n"}))
    assert where(report, "vague-30-days") == [(PLAN_30, 25)]


def test_five_30_days_items_are_fine(minimal_site, check_json):
    extra = "".join(f"  - id: step-{n}\n    title: Step {n}\n    due: 2026-11-2{n}\n    serves: year-goal\n" for n in range(2, 6))
    status, report = check_json(minimal_site({PLAN_30: MINIMAL_30_DAYS[:-4] + extra + "---\n"}))
    assert (status, report["findings"]) == (0, [])


def test_no_30_days_items_is_at_the_root_as_of(minimal_site, check_json):
    _, report = check_json(minimal_site({PLAN_30: None}))
    assert where(report, "vague-30-days") == [(ROOT, ROOT_AS_OF_LINE)]


def test_bad_encoding_is_at_the_first_bad_byte(minimal_site, check_json):
    data = b"---\ntitle: A\n---\n\nok\nstill ok\n\xff\xfe first\n\xe9 second\n"
    _, report = check_json(minimal_site({"content/notes/a.md": data}))
    assert [(f["line"], f["column"]) for f in findings(report, "bad-encoding")] == [(7, 1)]


def test_a_byte_order_mark_is_allowed(minimal_site, check_json):
    status, report = check_json(minimal_site({ROOT: "\ufeff" + MINIMAL_ROOT}))
    assert (status, report["findings"]) == (0, [])


def test_crlf_line_endings_keep_lines(minimal_site, check_json):
    plan = MINIMAL_30_DAYS.replace("serves: year-goal", "serves: year-gaol").replace("\n", "\r\n")
    _, report = check_json(minimal_site({PLAN_30: plan}))
    assert where(report, "unknown-ref") == [(PLAN_30, 8)]


def test_yaml_error_line_and_hint_for_tabs(minimal_site, check_json):
    _, report = check_json(minimal_site({"content/notes/a.md": "---\ntitle: A\nx:\n\t- b\n---\n"}))
    (found,) = findings(report, "bad-front-matter")
    assert found["line"] == 4 and "tab" in found["hint"]


def test_unclosed_quote_is_placed_where_the_quote_opens(minimal_site, check_json):
    page = "---\ntitle: A\nowner: 'Tess\nvisibility: public\n\n---\n"
    _, report = check_json(minimal_site({"content/notes/a.md": page}))
    assert [(f["line"], f["column"]) for f in findings(report, "bad-front-matter")] == [(3, 8)]


def test_unknown_kind_suggests_a_kind(minimal_site, check_json):
    _, report = check_json(minimal_site({"content/notes/a.md": "---\nkind: plans\n---\n"}))
    (found,) = findings(report, "bad-field")
    assert (found["line"], found["column"]) == (2, 7)
    assert "did you mean 'plan'" in found["message"]


def test_unknown_ref_suggests_the_closest_id(minimal_site, check_json):
    _, report = check_json(minimal_site({PLAN_30: MINIMAL_30_DAYS.replace("serves: year-goal", "serves: year-gaol")}))
    assert "did you mean 'year-goal'" in findings(report, "unknown-ref")[0]["message"]


def test_id_as_a_number_hints_to_quote_it(minimal_site, check_json):
    _, report = check_json(minimal_site(CASES["bad-field"][0]))
    (found,) = findings(report, "bad-field")
    assert 'id: "2027"' in found["hint"]


# -- wiki links -------------------------------------------------------------------

def test_wikilinks_inside_code_are_ignored(minimal_site, check_json):
    page = """\
---
title: Syntax
---

Write `[[some-id]]` to link, or ``[[other-id|a label]]``.

```markdown
See [[not-an-id]].
```

    [[indented-code]]
"""
    year = MINIMAL_YEAR[:-4] + "    notes: \"Use `[[no-such-id]]` in notes\"\n---\n"
    status, report = check_json(minimal_site({"content/notes/syntax.md": page, PLAN_YEAR: year}))
    assert (status, report["findings"]) == (0, [])


def test_wikilink_outside_code_on_the_same_line_is_checked(minimal_site, check_json):
    page = "---\ntitle: Syntax\n---\n\nWrite `[[some-id]]`, like [[frist-step]].\n"
    _, report = check_json(minimal_site({"content/notes/syntax.md": page}))
    assert [(f["line"], f["column"]) for f in findings(report, "unknown-ref")] == [(5, 27)]


def test_labelled_wikilinks_and_target_resolve(minimal_site, check_json):
    page = "---\ntitle: Links\n---\n\n[[first-step|the first step]], [[year-goal]] and [[target|my target]].\n"
    status, report = check_json(minimal_site({"content/notes/links.md": page}))
    assert (status, report["findings"]) == (0, [])


def test_labelled_wikilink_to_a_missing_id_is_reported_with_its_column(minimal_site, check_json):
    page = "---\ntitle: Links\n---\n\nIntro.\n\nSee [[year-gaol|the goal]] first.\n"
    _, report = check_json(minimal_site({"content/notes/links.md": page}))
    (found,) = findings(report, "unknown-ref")
    assert (found["line"], found["column"]) == (7, 5)
    assert "year-gaol" in found["message"]


def test_wikilink_in_a_quoted_note_has_its_column(minimal_site, check_json):
    year = MINIMAL_YEAR[:-4] + '    notes: "Builds on [[frist-step]]"\n---\n'
    _, report = check_json(minimal_site({PLAN_YEAR: year}))
    assert [(f["line"], f["column"]) for f in findings(report, "unknown-ref")] == [(8, 23)]


# -- output formats ----------------------------------------------------------------

TEXT_LINE = re.compile(r"^(?P<file>[^:\s]+)(?::(?P<line>\d+)(?::(?P<column>\d+))?)?: (?P<severity>error|warning)\[(?P<code>[a-z-]+)\]: (?P<message>.+)$")


def test_text_output_format(minimal_site, run_cli):
    root = minimal_site({
        PLAN_30: MINIMAL_30_DAYS.replace("serves: year-goal", "serves: year-gaol"),
        "content/notes/a.md": "",
    })
    result = run_cli(["check", root, "--today", TODAY])
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert "\x1b[" not in result.stdout and result.stderr == ""
    assert lines[0] == (f"{PLAN_30}:8:13: error[unknown-ref]: 'year-gaol' is not an item id; "
                        "did you mean 'year-goal'?")
    assert lines[1].startswith("  hint: ")
    assert TEXT_LINE.match(lines[2]).groupdict() | {"message": ""} == {
        "file": "content/notes/a.md", "line": "1", "column": "1", "severity": "warning",
        "code": "empty-file", "message": ""}
    assert lines[3].startswith("  hint: ")
    # no-next-step on year-goal: nothing valid serves it any more
    assert TEXT_LINE.match(lines[4])["code"] == "no-next-step"
    assert lines[-1] == "1 error, 2 warnings"


def test_text_output_for_no_root_has_no_line(tmp_path, run_main):
    (tmp_path / "content").mkdir()
    result = run_main(["check", tmp_path, "--today", TODAY])
    assert result.code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("content: error[no-root]: ")
    assert result.stdout.splitlines()[-1] == "1 error, 0 warnings"


def test_text_output_when_clean(minimal_site, run_main):
    result = run_main(["check", minimal_site(), "--today", TODAY])
    assert (result.code, result.stdout, result.stderr) == (0, "no findings\n", "")


def test_colour_only_when_asked(minimal_site):
    from roadmapgen.analyse.project import load_project
    import datetime as dt

    project = load_project(minimal_site({"content/notes/a.md": ""}), dt.date(2026, 11, 10))
    assert "\x1b[" in format_text(project.diagnostics, colour=True)
    assert "\x1b[" not in format_text(project.diagnostics, colour=False)


def test_json_output_shape(minimal_site, run_main):
    root = minimal_site({
        PLAN_30: MINIMAL_30_DAYS.replace("serves: year-goal", "serves: year-gaol"),
        "content/notes/a.md": "",
    })
    result = run_main(["check", root, "--format", "json", "--today", TODAY])
    assert result.code == 1 and result.stderr == ""
    report = json.loads(result.stdout)
    assert set(report) == {"findings", "errors", "warnings"}
    assert (report["errors"], report["warnings"]) == (1, 2)
    for found in report["findings"]:
        assert set(found) == {"severity", "code", "file", "line", "column", "message", "hint"}
        assert found["severity"] in ("error", "warning")
        assert isinstance(found["line"], int) and found["line"] >= 1
        assert isinstance(found["column"], int) and found["column"] >= 1
        assert isinstance(found["message"], str) and found["message"]
        assert isinstance(found["hint"], (str, type(None)))
        assert "\\" not in found["file"] and not found["file"].startswith("/")
    assert report["findings"][0] == {
        "severity": "error", "code": "unknown-ref", "file": PLAN_30, "line": 8, "column": 13,
        "message": "'year-gaol' is not an item id; did you mean 'year-goal'?",
        "hint": report["findings"][0]["hint"],
    }


def test_json_files_in_subfolders_use_slashes(minimal_site, check_json):
    _, report = check_json(minimal_site({"content/reviews/2026/notes/a.md": ""}))
    assert where(report, "empty-file") == [("content/reviews/2026/notes/a.md", 1)]


def test_json_no_root_has_null_line_and_column(tmp_path, check_json):
    (tmp_path / "content").mkdir()
    status, report = check_json(tmp_path)
    assert status == 1
    assert report == {
        "findings": [{**report["findings"][0], "severity": "error", "code": "no-root",
                      "file": "content", "line": None, "column": None}],
        "errors": 1, "warnings": 0,
    }


def test_findings_are_sorted_by_file_then_line(minimal_site, check_json):
    _, report = check_json(minimal_site({
        "content/notes/b.md": "", "content/notes/a.md": "",
        PLAN_30: MINIMAL_30_DAYS.replace("    due: 2026-11-20\n", "    dimention: x\n"),
    }))
    keys = [(f["file"].encode(), f["line"] or 0) for f in report["findings"]]
    assert keys == sorted(keys) and len(keys) == 4


# -- exit status and options ---------------------------------------------------------

def test_warnings_only_exit_0_and_1_with_strict(minimal_site, run_main):
    root = minimal_site({"content/notes/a.md": ""})
    assert run_main(["check", root, "--today", TODAY]).code == 0
    assert run_main(["check", root, "--today", TODAY, "--strict"]).code == 1


def test_strict_on_a_clean_site_exits_0(minimal_site, run_main):
    assert run_main(["check", minimal_site(), "--today", TODAY, "--strict"]).code == 0


def test_today_flag_wins_over_the_environment(minimal_site, run_main):
    root = minimal_site()
    overdue = lambda result: "[overdue]" in result.stdout  # noqa: E731
    by_env = run_main(["check", root], env={"ROADMAPGEN_TODAY": "2026-11-25"})
    assert by_env.code == 0 and overdue(by_env)
    by_flag = run_main(["check", root, "--today", "2026-11-10"], env={"ROADMAPGEN_TODAY": "2026-11-25"})
    assert by_flag.code == 0 and not overdue(by_flag)
    flag_later = run_main(["check", root, "--today", "2026-11-25"], env={"ROADMAPGEN_TODAY": "2026-11-10"})
    assert overdue(flag_later)


def test_today_from_the_environment_in_a_subprocess(minimal_site, run_cli):
    result = run_cli(["check", minimal_site(), "--format", "json"], env={"ROADMAPGEN_TODAY": "2026-11-25"})
    assert where(result.json, "overdue") == [(PLAN_30, 5)]


@pytest.mark.parametrize("today", ["2026-13-01", "2026-02-30", "tomorrow", "26-11-10", ""])
def test_bad_today_flag_is_a_usage_error(today, minimal_site, run_main):
    result = run_main(["check", minimal_site(), "--today", today])
    assert result.code == 2
    assert result.stdout == "" and "--today" in result.stderr


def test_bad_today_in_the_environment_is_a_usage_error(minimal_site, run_main):
    result = run_main(["check", minimal_site()], env={"ROADMAPGEN_TODAY": "soon"})
    assert result.code == 2 and "ROADMAPGEN_TODAY" in result.stderr


def test_missing_path_is_a_usage_error(tmp_path, run_cli):
    result = run_cli(["check", tmp_path / "no-such-site"], cwd=tmp_path)
    assert result.code == 2
    assert "no-such-site" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_file_as_path_is_a_usage_error(minimal_site, run_main):
    result = run_main(["check", minimal_site() / "content" / "index.md"])
    assert result.code == 2 and "not a folder" in result.stderr


def test_a_folder_without_content_has_no_root(tmp_path, check_json):
    status, report = check_json(tmp_path)
    assert status == 1 and where(report, "no-root") == [("content", None)]


def test_path_defaults_to_the_current_folder(minimal_site, run_cli):
    root = minimal_site({"content/notes/a.md": ""})
    result = run_cli(["check", "--today", TODAY], cwd=root)
    assert result.code == 0 and "content/notes/a.md:1:1: warning[empty-file]" in result.stdout


def test_unknown_option_is_a_usage_error(minimal_site, run_main):
    assert run_main(["check", minimal_site(), "--colour"]).code == 2


def test_no_command_is_a_usage_error(run_main):
    result = run_main([])
    assert result.code == 2 and "usage:" in result.stdout


def _commands(parser=None, path=()):
    """Every command path the parser knows: ('check',), ('new', 'review')..."""
    for action in (parser or build_parser())._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name)
                yield from _commands(sub, (*path, name))


COMMANDS = list(_commands())


def test_the_spec_commands_exist():
    assert {("check",), ("build",), ("schema",)} <= set(COMMANDS)


# One command in a real process (the program's name in its usage line comes
# from how it was started); test_help_on_every_command covers each command.
@pytest.mark.parametrize("command", ["check"])
def test_help_in_a_subprocess(command, run_cli):
    result = run_cli([command, "--help"])
    assert result.code == 0, result.stderr
    assert result.stdout.startswith(f"usage: roadmapgen {command}")
    assert "--help" in result.stdout and result.stderr == ""


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_on_every_command(command, run_main):
    result = run_main([*command, "--help"])
    assert result.code == 0, result.stderr
    assert result.stdout.startswith(f"usage: roadmapgen {' '.join(command)}")
    # a description, not just the usage line
    assert len([line for line in result.stdout.splitlines() if line.strip()]) >= 3


@pytest.mark.parametrize("command", [c for c in COMMANDS if len(c) == 1], ids=" ".join)
def test_version_on_every_command(command, run_main):
    result = run_main([*command, "--version"])
    assert (result.code, result.stdout.strip()) == (0, f"roadmapgen {__version__}")


def test_help_and_version_at_the_top(run_cli):
    help_ = run_cli(["--help"])
    assert help_.code == 0 and all(name in help_.stdout for name in ("check", "build", "schema"))
    version = run_cli(["--version"])
    assert (version.code, version.stdout.strip()) == (0, f"roadmapgen {__version__}")


def test_check_help_documents_options_and_exit_status(run_main):
    out = run_main(["check", "--help"]).stdout
    for option in ("--format", "--strict", "--today", "PATH"):
        assert option in out
    assert "Exit status" in out


# -- the example site ------------------------------------------------------------------

def test_the_example_site_checks_clean(run_main):
    result = run_main(["check", REPO_ROOT, "--today", "2026-11-23", "--format", "json"])
    assert result.stderr == ""
    assert (result.code, result.json) == (0, {"findings": [], "errors": 0, "warnings": 0})


def test_the_example_site_checks_clean_in_text(run_cli):
    result = run_cli(["check", "--today", "2026-11-23", "--strict"], cwd=REPO_ROOT)
    assert (result.code, result.stdout) == (0, "no findings\n")
