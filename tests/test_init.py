"""`roadmapgen init`: every starter checks clean on the day it is made and
20 days later, builds, and init never overwrites anything."""

from __future__ import annotations

import datetime as dt

import pytest

from roadmapgen.commands.init import TEMPLATES, expand, starter_files

GENERATED_ON = ["2026-11-23", "2027-02-28", "2028-02-29", "2026-12-31"]
COMMON = ["roadmap.toml", ".gitignore", ".pre-commit-config.yaml", ".github/workflows/roadmap.yml", "content/index.md"]


def shifted(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("day", GENERATED_ON)
def test_each_template_checks_clean_and_builds(tmp_path, run_main, check_json, template, day):
    root = tmp_path / "roadmap"
    result = run_main(["init", root, "--template", template, "--today", day])
    assert result.code == 0, result.stderr
    for rel in COMMON:
        assert (root / rel).is_file(), rel
    for later in (0, 20):
        code, report = check_json(root, today=shifted(day, later))
        assert code == 0
        assert report["findings"] == [], (template, day, later, report["findings"])
    built = run_main(["build", root, "--today", day])
    assert built.code == 0, built.stderr
    assert (root / "site" / "index.html").is_file()


def test_today_comes_from_the_environment(tmp_path, run_main):
    root = tmp_path / "r"
    assert run_main(["init", root], env={"ROADMAPGEN_TODAY": "2027-03-01"}).code == 0
    assert "as_of: 2027-03-01" in (root / "content" / "index.md").read_text()


def test_the_starters_fit_their_situation():
    today = dt.date(2026, 11, 23)
    assert "candidates: [" in starter_files("exploration", today)["content/index.md"]
    stall = starter_files("stall-recovery", today)["content/paths.md"]
    assert stall.count("probability: 50") == 2
    change = "".join(starter_files("career-change", today).values()).lower()
    for phase in ("course", "capstone", "certification", "portfolio", "search"):
        assert phase in change
    assert "Senior" in starter_files("promotion", today)["content/index.md"]


def test_extras_are_useful():
    files = starter_files("promotion", dt.date(2026, 11, 23))
    assert "/site/" in files[".gitignore"]
    assert "id: roadmapgen-check" in files[".pre-commit-config.yaml"]  # see test_pre_commit.py
    workflow = files[".github/workflows/roadmap.yml"]
    for step in ("roadmapgen build", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert step in workflow


@pytest.mark.parametrize("name", [".pre-commit-config.yaml", ".github/workflows/roadmap.yml"])
def test_the_yaml_extras_parse(name):
    import yaml

    data = yaml.safe_load(starter_files("exploration", dt.date(2026, 11, 23))[name])
    assert isinstance(data, dict)
    if name == ".pre-commit-config.yaml":
        assert [hook["id"] for hook in data["repos"][0]["hooks"]] == ["roadmapgen-check"]
    else:
        assert set(data["jobs"]) == {"build", "deploy"}


def test_expand_dates_and_years():
    today = dt.date(2028, 2, 29)
    assert expand("{{+0}} {{+1}} {{year}} {{year+2}} ${{ x }}", today) == "2028-02-29 2028-03-01 2028 2030 ${{ x }}"


def test_refuses_a_non_empty_folder(tmp_path, run_main):
    (tmp_path / "notes.txt").write_text("mine")
    result = run_main(["init", tmp_path, "--today", "2026-11-23"])
    assert result.code == 2
    assert "not empty" in result.stderr and "--force" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_force_never_overwrites(tmp_path, run_main):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "index.md").write_text("my own root")
    (tmp_path / ".gitignore").write_text("mine\n")
    result = run_main(["init", tmp_path, "--force", "--today", "2026-11-23"])
    assert result.code == 0
    assert (tmp_path / "content" / "index.md").read_text() == "my own root"
    assert (tmp_path / ".gitignore").read_text() == "mine\n"
    assert "skipped content/index.md" in result.stderr and "skipped .gitignore" in result.stderr
    assert "2 skipped" in result.stdout
    assert (tmp_path / "content" / "gaps.md").is_file()


def test_a_file_in_the_way_is_a_clear_error(tmp_path, run_main):
    target = tmp_path / "taken"
    target.write_text("x")
    result = run_main(["init", target])
    assert result.code == 2 and "not a folder" in result.stderr


def test_unknown_template_is_a_usage_error(tmp_path, run_main):
    result = run_main(["init", tmp_path / "r", "--template", "retirement"])
    assert result.code == 2


def test_help_names_the_templates(run_main):
    result = run_main(["init", "--help"])
    assert result.code == 0
    for name in TEMPLATES:
        assert name in result.stdout
