"""Read the entries of a list file (a plan, the archive, gaps, skills, paths,
risks) or the root's `people`, each into its model with its place in the
file and the links in its notes. Pure."""

from __future__ import annotations

from roadmapgen.diagnostics import Diagnostic, Position, error
from roadmapgen.model import (
    HORIZON_RANK, HORIZONS, PERSON_VISIBILITY, Gap, Item, Path, Person, Risk, Skill, Step, frozen_map,
    stricter,
)
from roadmapgen.read import fields as f
from roadmapgen.read.field_links import links_in
from roadmapgen.read.frontmatter import Mapping, Node
from roadmapgen.read.kinds import ENTRY_FIELDS, PERSON_FIELDS, SKILL_FIELDS, STEP_FIELDS
from roadmapgen.read.nested_fields import elements, group, shaped

# Per kind of list file: the model of its entries, their `kind` and what one is called.
ENTRY_MODELS = {"plan": (Item, "item", "an item"), "archive": (Item, "item", "an item"),
                "gaps": (Gap, "gap", "a gap"), "skills": (Skill, "skill", "a skill"),
                "paths": (Path, "path", "a path"), "risks": (Risk, "risk", "a risk")}
# The fields no entry's model can be made without (an archived item's horizon).
_ESSENTIAL = {"id", "horizon"}
# Each field of an entry's table is a field of its model of the same name,
# whose default stands for a missing one; but these are worked out (a
# person's `name` is their entry's title).
_WORKED_OUT = ("title", "name", "visibility")


def read_entries(read: f.Fields, kind: str, common: dict, found: list[Diagnostic], lines: list[str],
                 **model_fields) -> tuple:
    """The entries of a plan, archive, gaps, skills, paths or risks file
    (its `items`), or the root's `people`; `model_fields` go to each."""
    if kind == "people":
        model, entry_kind, noun, listed = Person, "person", "a person", "people"
        (table, required), own_visibility = (PERSON_FIELDS, ("id", "name", "role")), PERSON_VISIBILITY
    else:
        (model, entry_kind, noun), listed = ENTRY_MODELS[kind], "items"
        (table, required), own_visibility = ENTRY_FIELDS[kind], "public"
    entries = []
    for each in elements(read.get(listed), listed, f"write each of them as a '- id: ...' block", found):
        hint = "write each of them as '- id: ...' followed by its fields"
        if not shaped(each, Mapping, noun, hint, found):
            continue
        sub = f.Fields(each, table, required, found, noun)
        if _ESSENTIAL & sub.failed:
            continue
        own = {name: value for name, value in sub.values.items() if name not in _WORKED_OUT}
        if kind == "paths":
            own["steps"] = _read_steps(sub.get("steps"), found)
        if kind == "skills":
            own["targets"] = _read_targets(sub.get("targets"), found)
        entries.append(model(
            **own,
            **model_fields,
            title=sub.get("title") or sub.get("name") or sub.get("id"),
            kind=entry_kind,
            visibility=stricter(common["visibility"], sub.get("visibility", own_visibility)),
            path=common["path"],
            pos=each.pos,
            id_pos=sub.positions["id"],
            # A field written empty is as if absent, as Fields reads it: a check can tell
            # a value that failed (reported already) from one never given.
            fields=frozen_map({name: at for name, at in sub.positions.items()
                               if name in sub.values or name in sub.failed}),
            notes_refs=links_in(sub, "notes", lines, each.pos),
        ))
    return tuple(entries)


def _read_targets(node: Node | None, found: list[Diagnostic]) -> tuple[tuple[str, int], ...]:
    """A skill's `targets`, in horizon order. A level below one on a shorter
    horizon is reported where it is written: skills are not planned to fade."""
    hint = "write 'horizon: level' lines under 'targets:', for example 'year: 3'"
    if node is None or not shaped(node, Mapping, "'targets'", hint, found):
        return ()
    if not node.entries:
        found.append(error("bad-field", node.pos, "'targets' is empty", hint))
        return ()
    level_field = SKILL_FIELDS["now"]
    read: list[tuple[str, int, Position]] = []
    for key, value in node.entries:
        try:
            horizon = f.Choice(HORIZONS).read("horizon", key)
            read.append((horizon, level_field.read(f"the {horizon} target", value), value.pos))
        except f.Invalid as exc:
            found.append(exc.diagnostic)
    read.sort(key=lambda each: HORIZON_RANK[each[0]])
    highest: tuple[str, int] | None = None
    for horizon, level, pos in read:
        if highest is not None and level < highest[1]:
            found.append(error("bad-field", pos,
                               f"the {horizon} target {level} is below the {highest[0]} target {highest[1]}",
                               "a skill's targets never fall from one horizon to a longer one"))
        elif highest is None or level > highest[1]:
            highest = horizon, level
    return tuple((horizon, level) for horizon, level, _ in read)


def _read_steps(node: Node | None, found: list[Diagnostic]) -> tuple[Step, ...]:
    nodes = elements(node, "steps", "write steps as '- {role: Staff Engineer, when: 2028}'", found)
    subs = [group(each, "a step", STEP_FIELDS, found, "a step", ("role",)) for each in nodes]
    return tuple(Step(**sub.values) for sub in subs if sub and not sub.failed)
