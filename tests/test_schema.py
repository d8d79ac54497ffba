"""schema: `roadmapgen schema` prints a JSON Schema that editors and CI can
use, and it agrees with what `check` accepts."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

import jsonschema
import pytest
import yaml
from jsonschema import Draft202012Validator

from support import MINIMAL_SITE, REPO_ROOT

from roadmapgen.commands.schema import front_matter_schema

KINDS = ("roadmap", "plan", "archive", "gaps", "skills", "paths", "risks", "review", "page")
EXAMPLES = sorted((REPO_ROOT / "content").rglob("*.md"))


def as_json(value):
    """Front matter as an editor's YAML 1.2 reading would hand it to JSON
    Schema: dates are strings."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return value


def front_matter(text: str) -> dict:
    """The front matter as plain YAML would read it."""
    text = text.removeprefix("\ufeff")
    if not text.startswith("---\n"):
        return {}
    _, yaml_text, _ = re.split(r"^(?:---|\.\.\.)[ \t]*$", text, maxsplit=2, flags=re.MULTILINE)
    return as_json(yaml.safe_load(yaml_text) or {})


def kind_of(data: dict) -> str:
    return data.get("kind", "page")


@pytest.fixture(scope="module")
def schema_output():
    done = subprocess.run([sys.executable, "-m", "roadmapgen", "schema"], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_schema_command_prints_a_valid_json_schema(schema_output):
    Draft202012Validator.check_schema(schema_output)
    assert schema_output["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema_output["$defs"]) == set(KINDS)


def test_schema_command_output_equals_the_library_schema(schema_output):
    assert schema_output == json.loads(json.dumps(front_matter_schema()))


@pytest.mark.parametrize("kind", KINDS)
def test_schema_of_one_kind_is_a_valid_json_schema(kind, run_main):
    result = run_main(["schema", "--kind", kind])
    assert result.code == 0
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object"


def test_an_unknown_kind_is_a_usage_error(run_main):
    assert run_main(["schema", "--kind", "plans"]).code == 2


def test_there_are_examples_of_every_kind():
    kinds = {kind_of(front_matter(p.read_text(encoding="utf-8"))) for p in EXAMPLES}
    assert kinds == set(KINDS)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.relative_to(REPO_ROOT).as_posix() for p in EXAMPLES])
def test_every_example_validates_against_its_kind(path, schema_output):
    data = front_matter(path.read_text(encoding="utf-8"))
    kind = kind_of(data)
    Draft202012Validator(front_matter_schema(kind)).validate(data)
    Draft202012Validator(schema_output).validate(data)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.relative_to(REPO_ROOT).as_posix() for p in EXAMPLES])
def test_no_example_validates_against_another_kind(path):
    data = front_matter(path.read_text(encoding="utf-8"))
    for kind in KINDS:
        if kind != kind_of(data):
            assert not Draft202012Validator(front_matter_schema(kind)).is_valid(data), kind


@pytest.mark.parametrize("path", sorted(MINIMAL_SITE))
def test_the_minimal_site_validates(path, schema_output):
    Draft202012Validator(schema_output).validate(front_matter(MINIMAL_SITE[path]))


PLAN = {"kind": "plan", "horizon": "30-days",
        "items": [{"id": "a", "title": "A", "due": "2026-11-20", "serves": "b", "status": "active"}]}
ROOT = {"kind": "roadmap", "title": "T", "owner": "O", "as_of": "2026-11-01", "target": {"role": "Staff"}}
REVIEW = {"kind": "review", "date": "2026-11-05", "type": "monthly", "ratings": {"energy": 7}, "progress": {"a": "done"},
          "assumptions": {"b": "holds"}}
ARCHIVE = {"kind": "archive", "title": "Done",
           "items": [{"id": "a", "title": "A", "horizon": "30-days", "due": "2026-11-20", "status": "done"}]}
PATHS = {"kind": "paths", "items": [{"id": "p", "title": "P", "probability": 100}]}
RISKS = {"kind": "risks", "items": [{"id": "r", "title": "R", "probability": 10, "impact": "low", "mitigation": "M"}]}
GAPS = {"kind": "gaps", "items": [{"id": "g", "title": "G", "area": "scope", "now": "n", "needed": "x"}]}
SKILLS = {"kind": "skills", "items": [{"id": "s", "title": "S", "group": "technical", "now": 2,
                                       "targets": {"year": 3, "10-years": 5}, "evidence": "e"}]}
WORKSHEET_ROOT = {
    **ROOT,
    "vision": {"statement": "In 2036...", "achievement": {"role": "Principal", "team_size": 40},
               "financial": {"net_worth": "EUR 850k"}, "impact": "Boring payments", "lifestyle": "Four days"},
    "people": [{"id": "ana", "name": "Ana", "role": "mentor", "cadence": 30, "since": "2026-09-01",
                "visibility": "mentors"}],
    "metrics": [{"name": "skill_hours", "title": "Skill hours", "kind": "leading", "target": 12, "unit": "hours"}],
    "budgets": {"time": {"learning": 2.5}, "money": {"learning": 2500}, "currency": "EUR",
                "energy": {"high": "mornings"}},
    "industry": {"now": "n", "3-years": "t", "10-years": "x"},
    "quick_reference": {"indicators": ["12 hours"], "protocols": [{"Crisis": "call Ana"}, "Save"]},
    "visibility": {"vision.financial": "mentors", "budgets": "private", "people": "public"},
}


def changed(base: dict, path: tuple, value) -> dict:
    data = json.loads(json.dumps(base))
    *parents, last = path
    node = data
    for key in parents:
        node = node[key]
    if value is KeyError:
        del node[last]
    else:
        node[last] = value
    return data


@pytest.mark.parametrize("base", [PLAN, ARCHIVE, ROOT, REVIEW, PATHS, RISKS, GAPS, SKILLS],
                         ids=lambda b: b["kind"])
def test_valid_samples_validate(base, schema_output):
    Draft202012Validator(schema_output).validate(base)


@pytest.mark.parametrize("data", [
    WORKSHEET_ROOT,
    changed(ROOT, ("vision",), "In 2036 I lead."),
    changed(ROOT, ("vision",), {"impact": ["Boring payments", {"People": "Hauliers"}]}),
    changed(REVIEW, ("met",), ["ana"]),
    changed(REVIEW, ("met",), "ana"),
    changed(PLAN, ("items", 0, "reward"), "Dinner out"),
    changed(PLAN, ("items", 0, "serves"), ["b", "c"]),
], ids=["worksheet-root", "vision-paragraph", "vision-part-list", "met-list", "met-one", "reward", "serves-list"])
def test_worksheet_samples_validate(data, schema_output):
    Draft202012Validator(schema_output).validate(data)


@pytest.mark.parametrize("data", [
    changed(PLAN, ("kind",), "plans"),
    changed(PLAN, ("horizon",), "quater"),
    changed(PLAN, ("horizon",), KeyError),
    changed(PLAN, ("items", 0, "id"), 2027),
    changed(PLAN, ("items", 0, "id"), "Not_An_Id"),
    changed(PLAN, ("items", 0, "title"), ["a", "b"]),
    changed(PLAN, ("items", 0, "title"), KeyError),
    changed(PLAN, ("items", 0, "status"), "doen"),
    changed(PLAN, ("items", 0, "dimension"), "skill"),
    changed(PLAN, ("items", 0, "visibility"), "pubic"),
    changed(PLAN, ("items", 0, "due"), "next week"),
    changed(PLAN, ("items", 0, "serves"), {"a": "b"}),
    changed(PLAN, ("items", 0, "dimention"), "skills"),
    changed(ROOT, ("owner",), KeyError),
    changed(ROOT, ("target",), "Staff"),
    changed(ROOT, ("values",), [{"name": "V", "score": 6}]),
    changed(ROOT, ("values",), [{"name": f"V{n}", "score": 3} for n in range(6)]),
    changed(ROOT, ("cadence",), {"monthly": "often"}),
    changed(ROOT, ("visibility",), {"finances": "secret"}),
    changed(REVIEW, ("type",), "monthy"),
    changed(REVIEW, ("date",), KeyError),
    changed(REVIEW, ("ratings", "energy"), 11),
    changed(REVIEW, ("ratings", "energy"), "high"),
    changed(REVIEW, ("progress", "a"), "finished"),
    changed(REVIEW, ("assumptions", "b"), "hold"),
    changed(ARCHIVE, ("items", 0, "horizon"), KeyError),
    changed(ARCHIVE, ("items", 0, "horizon"), "month"),
    changed(ARCHIVE, ("items", 0, "status"), "finished"),
    changed(PATHS, ("items", 0, "probability"), 150),
    changed(PATHS, ("items", 0, "probability"), "x"),
    changed(RISKS, ("items", 0, "impact"), "huge"),
    changed(RISKS, ("items", 0, "type"), "blackswan"),
    changed(GAPS, ("items", 0, "area"), "leadership"),
    changed(GAPS, ("items", 0, "needed"), KeyError),
    changed(SKILLS, ("items", 0, "now"), 6),
    changed(SKILLS, ("items", 0, "targets"), KeyError),
    changed(SKILLS, ("items", 0, "targets"), {}),
    changed(SKILLS, ("items", 0, "targets"), {"year": "high"}),
    changed(SKILLS, ("items", 0, "targets"), {"yaer": 3}),
    changed(WORKSHEET_ROOT, ("vision",), ["a", "b"]),
    changed(WORKSHEET_ROOT, ("vision", "financal"), "x"),
    changed(WORKSHEET_ROOT, ("vision", "achievement"), {"role": {"title": "Principal"}}),
    changed(WORKSHEET_ROOT, ("vision", "impact"), [{"a": "b", "c": "d"}]),
    changed(WORKSHEET_ROOT, ("people", 0, "role"), KeyError),
    changed(WORKSHEET_ROOT, ("people", 0, "cadence"), "monthly"),
    changed(WORKSHEET_ROOT, ("people", 0, "visibility"), "secret"),
    changed(WORKSHEET_ROOT, ("metrics", 0, "kind"), "lagging"),
    changed(WORKSHEET_ROOT, ("metrics", 0, "target"), "twelve"),
    changed(WORKSHEET_ROOT, ("budgets", "money", "learning"), "lots"),
    changed(WORKSHEET_ROOT, ("budgets", "time", "learning"), -1),
    changed(WORKSHEET_ROOT, ("industry", "5-years"), "x"),
    changed(WORKSHEET_ROOT, ("quick_reference", "protocols"), [{"a": "b", "c": "d"}]),
    changed(WORKSHEET_ROOT, ("visibility", "vision.financial"), "secret"),
    changed(REVIEW, ("met",), [{"ana": "2026-11-01"}]),
])
def test_wrong_front_matter_does_not_validate(data, schema_output):
    with pytest.raises(jsonschema.ValidationError):
        Draft202012Validator(schema_output).validate(data)
