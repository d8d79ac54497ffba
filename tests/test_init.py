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
    assert 'audience = "public"' in files["roadmap.toml"]
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


# -- the GitHub Pages workflow ---------------------------------------------------

CURRENT_ACTIONS = {"actions/checkout@v7", "actions/setup-python@v7", "actions/configure-pages@v5",
                   "actions/upload-pages-artifact@v5", "actions/deploy-pages@v5"}


def workflow() -> tuple[str, dict]:
    import yaml

    text = starter_files("promotion", dt.date(2026, 11, 23))[".github/workflows/roadmap.yml"]
    return text, yaml.safe_load(text)


def _step(job: dict, needle: str) -> dict:
    [step] = [s for s in job["steps"] if needle in s.get("run", "") or needle in s.get("uses", "")]
    return step


def test_the_workflow_passes_the_github_workflow_schema(tmp_path):
    import subprocess
    import sys

    from browser import missing

    try:
        import check_jsonschema  # noqa: F401
    except ImportError:
        missing("check-jsonschema is not installed (pip install -e '.[test]')")
    def validate(text: str) -> subprocess.CompletedProcess:
        path = tmp_path / "roadmap.yml"
        path.write_text(text, encoding="utf-8")
        return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                               "vendor.github-workflows", str(path)], capture_output=True, text=True, timeout=120)

    done = validate(workflow()[0])
    assert done.returncode == 0, done.stdout + done.stderr
    # The schema can fail: a permission it does not know is refused.
    assert validate(workflow()[0].replace("pages: read", "pages: reed")).returncode == 1


def test_the_workflow_installs_the_version_that_wrote_it():
    from roadmapgen import __version__

    text, data = workflow()
    install = _step(data["jobs"]["build"], "pip install")
    assert install["run"] == f'python -m pip install "roadmapgen=={__version__}"'
    assert "{{" not in text.replace("${{", "")  # every token filled in


def test_the_workflow_grants_write_permissions_to_the_deploy_job_only():
    _, data = workflow()
    assert data["permissions"] == {}
    jobs = data["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["needs"] == "build"


def test_the_workflow_uses_the_current_major_versions_of_the_actions():
    _, data = workflow()
    used = {step["uses"] for job in data["jobs"].values() for step in job["steps"] if "uses" in step}
    assert used == CURRENT_ACTIONS


def test_the_workflow_sets_the_base_url_from_the_pages_configuration():
    _, data = workflow()
    build = data["jobs"]["build"]
    steps = build["steps"]
    configure = _step(build, "actions/configure-pages")
    public = _step(build, "--audience public")
    assert configure["id"] == "pages" and steps.index(configure) < steps.index(public)
    assert public["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert '--base-url "$BASE_URL/" --out _site' in public["run"]
    # The roadmap is checked, strictly, before anything is built.
    assert steps.index(_step(build, "roadmapgen check --strict")) < steps.index(public)
    assert _step(build, "actions/upload-pages-artifact")["with"]["path"] == "_site"


def test_the_mentors_edition_is_built_encrypted_only_when_the_secret_is_set():
    text, data = workflow()
    build = data["jobs"]["build"]
    mentors = _step(build, "--audience mentors")
    assert build["env"] == {"MENTORS_EDITION": "${{ secrets.ROADMAPGEN_PASSPHRASE != '' }}"}
    assert mentors["if"] == "env.MENTORS_EDITION == 'true'"
    assert "--encrypt" in mentors["run"] and "--out _site/mentors" in mentors["run"]
    assert '--base-url "$BASE_URL/mentors/"' in mentors["run"]
    # The passphrase reaches that one step, through its environment, never its command line.
    assert mentors["env"]["ROADMAPGEN_PASSPHRASE"] == "${{ secrets.ROADMAPGEN_PASSPHRASE }}"
    assert text.count("secrets.ROADMAPGEN_PASSPHRASE }}") == 1 and "secrets" not in mentors["run"]
    # The public edition comes first: it replaces _site whole.
    assert build["steps"].index(_step(build, "--audience public")) < build["steps"].index(mentors)


# -- what the public edition of each starter shows ------------------------------

# What an employer must never read on the public site, per starter, beyond
# the title of every entry the starter does not mark public.
NEVER_PUBLIC = {
    "promotion": ["Senior at another payments company", "85000", "Financial security",
                  "strong engineer, not yet senior"],
    "career-change": ["Instructional Designer", "wearing me down", "job ads", "47000", "Stay in school"],
    "stall-recovery": ["Switch to a senior PM role elsewhere", "has lost two promotion rounds", "Pipedrive",
                       "stay-or-switch", "job application", "78000", "Lumen"],
    "exploration": ["Solutions Architect", "done with it", "Developer advocate", "worst week", "Jordan"],
    # The worksheet's blanks: the board, the dashboard, the industry, the budgets, the vision's parts.
    "worksheet": ["accountability partner", "Skill development hours", "Market size", "Networking events",
                  "Net worth goal", "Emergency protocols", "First value"],
}


def _texts(folder) -> dict[str, str]:
    """Each file of a built edition as a reader would read it (decoded, unfolded)."""
    import html
    import re

    texts = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            raw = path.read_bytes().decode("utf-8", "replace").replace("\r\n ", "").replace("\n ", "")
            text = html.unescape(html.unescape(raw))
            texts[path.relative_to(folder).as_posix()] = re.sub(r"\s+", " ", text)
    return texts


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_starter_shows_the_public_only_what_it_marks_public(tmp_path, run_main, template):
    from roadmapgen.analyse.project import load_project

    day = GENERATED_ON[0]
    root = tmp_path / "roadmap"
    assert run_main(["init", root, "--template", template, "--today", day]).code == 0
    assert "default: mentors" in (root / "content" / "index.md").read_text()
    editions = {}
    for audience in ("public", "mentors", "private"):
        out = tmp_path / audience
        built = run_main(["build", root, "--audience", audience, "--out", out, "--today", day,
                          "--base-url", "https://example.com/roadmap/"])
        assert built.code == 0, built.stderr
        editions[audience] = _texts(out)
    roadmap = load_project(root, dt.date.fromisoformat(day)).roadmap
    hidden = [entry.title for entry in roadmap.entries.values() if entry.visibility != "public"]
    shown = [entry.title for entry in roadmap.entries.values() if entry.visibility == "public"]
    assert hidden and shown
    for phrase in [*hidden, *NEVER_PUBLIC[template]]:
        found = [name for name, text in editions["public"].items() if phrase.lower() in text.lower()]
        assert not found, (phrase, found)
        # ...while the private edition has it, so that this test can fail.
        assert any(phrase.lower() in text.lower() for text in editions["private"].values()), phrase
    for title in shown:
        assert title in editions["public"]["index.html"] + editions["public"]["timeline.html"], title


# -- the worksheet's parts in the starters --------------------------------------

def _starter_roadmap(tmp_path, run_main, template: str):
    from roadmapgen.analyse.project import load_project

    root = tmp_path / template
    assert run_main(["init", root, "--template", template, "--today", GENERATED_ON[0]]).code == 0
    return load_project(root, dt.date.fromisoformat(GENERATED_ON[0])).roadmap


# The situations that call for a skills map: a promotion rubric and a new field's skills.
SKILLS_MAP = {"promotion", "career-change", "worksheet"}


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_starter_has_a_board_and_indicators(tmp_path, run_main, template):
    roadmap = _starter_roadmap(tmp_path, run_main, template)
    root = roadmap.root
    roles = {person.role for person in roadmap.people}
    assert {"partner", "mentor"} <= roles or {"partner", "sponsor"} <= roles, roles
    assert all(person.visibility != "public" for person in roadmap.people)
    assert all(person.cadence for person in roadmap.people if person.role == "partner")
    kinds = {metric.kind for metric in root.metrics}
    assert {"leading", "outcome"} <= kinds, kinds
    assert any(metric.target is not None for metric in root.metrics)
    assert bool(roadmap.skills) == (template in SKILLS_MAP)
    for skill in roadmap.skills:  # every skill with somewhere to go is built by an item
        assert not skill.has_gap or roadmap.links.closed_by.get(skill.id), skill.id


def test_the_worksheet_starter_holds_every_part_of_the_worksheet(tmp_path, run_main):
    from roadmapgen.analyse.milestones import milestone_table
    from roadmapgen.model import INDUSTRY_VIEWS, METRIC_KINDS, VISION_PARTS

    roadmap = _starter_roadmap(tmp_path, run_main, "worksheet")
    root = roadmap.root
    in_ten_years = dt.date.fromisoformat(GENERATED_ON[0]).year + 10
    assert root.vision.startswith(f"In {in_ten_years}, I will be working as ___")
    assert tuple(part.name for part in root.vision_parts) == VISION_PARTS
    assert len(root.values) == 5
    assert tuple(view for view, _ in root.industry) == INDUSTRY_VIEWS
    assert {metric.kind for metric in root.metrics} == set(METRIC_KINDS) and len(root.metrics) == 15
    assert {"partner", "mentor", "advisor", "peer"} <= {person.role for person in roadmap.people}
    assert root.budgets.time and root.budgets.money and root.budgets.energy
    assert [label for label, _ in root.quick_reference.indicators] == \
        ["Leading indicator", "Progress measure", "Outcome metric"]
    assert len(root.quick_reference.protocols) == 3
    assert sorted(path.probability for path in roadmap.paths) == [10, 20, 70]
    assert {"technical", "leadership", "industry"} <= {skill.group for skill in roadmap.skills}
    assert {risk.type for risk in roadmap.risks} == {"risk", "black-swan", "disruption"}
    assert any(item.reward for item in roadmap.items)
    # A goal on every dimension in every one of the worksheet's years 1, 2, 3, 5 and 10.
    table = milestone_table(roadmap)
    assert [year.year for year in table.years] == [1, 2, 3, 5, 10]
    for dimension, cells in table.rows:
        labels = [{item.title.split(" ", 2)[1] for item in cell if item.title.startswith("Year ")}
                  for cell in cells]
        assert labels == [{"1"}, {"2"}, {"3"}, {"5"}, {"10"}], dimension


def test_the_worksheets_questions_are_comments_beside_blanks():
    import yaml

    files = starter_files("worksheet", dt.date(2026, 11, 23))
    root = files["content/index.md"]
    for question in ("# Your North Star", "# Values alignment check", "# current industry state",
                     "# check-in frequency", "# high-energy career tasks", "# emergency protocols"):
        assert question in root, question
    front_matter = root.removeprefix("---\n").split("\n---\n", 1)[0]
    data = yaml.safe_load(front_matter)
    assert data["vision"]["achievement"]["role"] == "___"  # the blank is data; the question is not
    assert "North Star" not in str(data)
    for name, text in files.items():  # every part's file says what to write, in a comment
        if name.startswith("content/") and "/notes/" not in name:
            assert "\n# " in text.removeprefix("---\n").split("\n---\n", 1)[0], name
