"""Turn one source file into one typed document, reporting what is wrong with
it. Pure: takes (path, text), does no I/O."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Callable

from roadmapgen.diagnostics import Diagnostic, Position, error, suggestion, warning
from roadmapgen.model import (
    DEFAULT_CADENCE, HORIZON_RANK, HORIZONS, INDUSTRY_VIEWS, KINDS, MAX_VALUES, PERSON_VISIBILITY, RATING_MAX,
    VISION_PARTS, ArchiveFile, Broken, Budgets, Document, EntriesFile, FileLink, Gap, Item, Metric, Page,
    Path, Person, PlanFile, QuickReference, Ref, Review, Risk, Root, Skill, Step, Target, Value, VisionPart,
    frozen_map, stricter,
)
from roadmapgen.read import fields as f
from roadmapgen.read.frontmatter import FrontMatterError, Mapping, Node, Scalar, Sequence, split_file
from roadmapgen.read.kinds import (
    BUDGET_FIELDS, CADENCE_FIELDS, ENTRY_FIELDS, INDUSTRY_FIELDS, KIND_FIELDS, METRIC_FIELDS, PERSON_FIELDS,
    QUICK_REFERENCE_FIELDS, ROOT_VISIBILITY_FIELDS, SKILL_FIELDS, STATUS, STEP_FIELDS, TARGET_FIELDS,
    VALUE_FIELDS, VERDICT, VISION_FIELDS,
)
from roadmapgen.read.markdown import file_link, find_links, link_places, links_at

# Per kind of list file: the model of its entries, their `kind` and what one is called.
_ENTRIES = {"plan": (Item, "item", "an item"), "archive": (Item, "item", "an item"),
            "gaps": (Gap, "gap", "a gap"), "skills": (Skill, "skill", "a skill"),
            "paths": (Path, "path", "a path"), "risks": (Risk, "risk", "a risk")}
# The fields no entry's model can be made without (an archived item's horizon).
_ESSENTIAL = {"id", "horizon"}
# Each field of an entry's table is a field of its model of the same name,
# whose default stands for a missing one; but these are worked out (a
# person's `name` is their entry's title).
_WORKED_OUT = ("title", "name", "visibility")


def parse_document(path: str, text: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read one file's text. Returns None for a file that is skipped."""
    if not text.strip("\ufeff \t\r\n"):
        return None, [warning("empty-file", Position(path, 1, 1), "the file is empty and was skipped",
                              "write its front matter and body, or delete it")]
    try:
        split = split_file(path, text)
    except FrontMatterError as exc:
        return None, [exc.diagnostic]
    file_start = Position(path, 1, 1)
    front = split.front or Mapping((), file_start)
    kind_node = front.get("kind")
    kind = "page"
    if kind_node is not None and not f.is_null(kind_node):
        kind = kind_node.text if isinstance(kind_node, Scalar) else ""
        if kind not in KINDS:
            shown = kind or f.describe(kind_node)
            return None, [error("bad-field", kind_node.pos, f"unknown kind '{shown}'{suggestion(kind, KINDS)}",
                                f"use one of: {', '.join(KINDS)}")]
    found: list[Diagnostic] = []
    table, required = KIND_FIELDS[kind]
    what = f"this {kind} file" if kind != "roadmap" else "the roadmap"
    read = f.Fields(front, table, required, found, what, file_start)
    lines = text.split("\n")[: split.body_line - 1]  # the front matter's, to place links in it
    common = dict(
        path=path,
        title=read.get("title") or _title_from(split.body, path),
        # The root's visibility is per block. A level not set is public
        # until analyse.visibility applies the root's default.
        visibility=read.get("visibility", "public") if kind != "roadmap" else "public",
        body=split.body,
        body_line=split.body_line,
        body_refs=find_links(split.body, Position(path, split.body_line, 1)),
        fields=frozen_map(read.positions),
    )
    if kind == "roadmap":
        return _build_root(read, common, found, lines), found
    if kind == "plan":
        if "horizon" in read.failed:
            return _broken(common), found
        horizon = read.get("horizon")
        return PlanFile(**common, horizon=horizon, items=_read_entries(read, kind, common, found, lines,
                                                                         horizon=horizon)), found
    if kind == "archive":
        archived = _read_entries(read, kind, common, found, lines, archived=True)
        return ArchiveFile(**common, items=archived), found
    if kind in _ENTRIES:
        entries = _read_entries(read, kind, common, found, lines)
        return EntriesFile(**common, kind=kind, entries=entries), found
    if kind == "review":
        return _build_review(read, common, found), found
    return Page(**common), found


_OPENING = re.compile(r"(?=\[\[)")
_BRACKET = re.compile(r"\[")


def _links_in(read: f.Fields, name: str, lines: list[str], at: Position) -> tuple[Ref, ...]:
    """The `[[id]]` links in the text field `name` (notes, industry); see _links_of."""
    return _links_of(read.mapping.get(name), read.get(name, ""), lines, read.positions.get(name, at))


def _links_of(node: Node | None, text: str, lines: list[str], at: Position) -> tuple[Ref | FileLink, ...]:
    """The `[[id]]` links and links to local files in `text`, the value of
    the scalar `node`, each placed where it stands in the file (`lines`),
    in time linear in the scalar's source; `at` stands for the field's
    place where it is absent.

    A quoted or folded value keeps neither the file's line breaks nor its
    columns, but every `[[` in the scalar's source is one in its value, in
    the same order; only YAML's escapes can add more (`"\\x5b[x]]"`). So
    while the two counts agree, the link that starts at the value's k-th
    `[[` stands at the source's k-th. When they do not, where a link was
    written cannot be known: it is placed at the scalar. A link to a file
    is found the same way by its `[`."""
    block = isinstance(node, Scalar) and node.style in ("|", ">")
    places = link_places(text)
    refs = links_at(places, at, block)
    if not refs or not isinstance(node, Scalar) or node.end is None:
        return refs
    # Lines as Markdown reads them (link_places).
    line_starts = [0, *(m.end() for m in re.finditer(r"\r\n?|\n", text))]
    openings = {}  # the pattern of an opening -> (value offset -> k, the source's (line, column) of each)

    def mapped(pattern: re.Pattern):
        if pattern not in openings:
            in_value = {m.start(): k for k, m in enumerate(pattern.finditer(text))}
            in_source = _openings(lines, node.pos, node.end, pattern)
            openings[pattern] = (in_value, in_source) if len(in_value) == len(in_source) else None
        return openings[pattern]

    placed = []
    for ref, place in zip(refs, places):
        known = place.column >= 0 and place.line < len(line_starts)
        table = mapped(_OPENING if place.id is not None else _BRACKET)
        k = table[0].get(line_starts[place.line] + place.column) if known and table else None
        if k is None:
            placed.append(replace(ref, pos=at))
        elif place.id is not None:
            placed.append(replace(ref, pos=Position(ref.pos.path, *table[1][k])))
        else:
            placed.append(file_link(place, Position(ref.pos.path, *table[1][k])))
    return tuple(placed)


def _openings(lines: list[str], start: Position, end: Position, pattern: re.Pattern) -> list[tuple[int, int]]:
    """(line, column), 1-based, of every match of `pattern` (`[[` or `[`) from `start` up to `end`."""
    first, last = (start.line or 1) - 1, min((end.line or 1) - 1, len(lines) - 1)
    found = []
    for index in range(first, last + 1):
        begin = (start.column or 1) - 1 if index == first else 0
        stop = (end.column or 1) - 1 if index == last == (end.line or 1) - 1 else len(lines[index])
        found += [(index + 1, m.start() + 1) for m in pattern.finditer(lines[index], begin, stop)]
    return found


def _title_from(body: str, path: str) -> str:
    for line in body.split("\n", 40)[:40]:
        if line.startswith("# "):
            return line[2:].strip()
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"


def _broken(common: dict, kind: str = "") -> Broken:
    return Broken(common["path"], kind, common["fields"])


# -- nested values -------------------------------------------------------------

def _shaped(node: Node, shape: type, what: str, hint: str, found: list[Diagnostic]) -> bool:
    """Whether `node` is a Mapping or a Sequence as `shape` says; reported where it is not."""
    if isinstance(node, shape):
        return True
    found.append(error("bad-field", node.pos, f"{what} must be {f.SHAPES[shape]}, not {f.describe(node)}",
                       hint))
    return False


def _elements(node: Node | None, name: str, hint: str, found: list[Diagnostic]) -> tuple[Node, ...]:
    """The elements of the list `name`; none where it is absent or not a list."""
    return node.items if node is not None and _shaped(node, Sequence, f"'{name}'", hint, found) else ()


def _group(node: Node | None, name: str, table: dict, found: list[Diagnostic], what: str,
           required: tuple[str, ...] = (), guarded: bool = False) -> f.Fields | None:
    """The fields of the mapping `name`; None where it is absent or not a mapping."""
    hint = f"write '{name}:' followed by indented 'key: value' lines"
    if node is None or not _shaped(node, Mapping, f"'{name}'", hint, found):
        return None
    return f.Fields(node, table, required, found, what, guarded=guarded)


def _pairs(node: Node | None, name: str, hint: str, found: list[Diagnostic],
           read: Callable[[Scalar, Node], tuple]) -> tuple:
    """The pairs `read` makes of the keys and values of the mapping `name`;
    a pair it refuses is reported and left out."""
    if node is None or not _shaped(node, Mapping, f"'{name}'", hint, found):
        return ()
    pairs = []
    for key, value in node.entries:
        try:
            pairs.append(read(key, value))
        except f.Invalid as exc:
            found.append(exc.diagnostic)
    return tuple(pairs)


# -- the root ---------------------------------------------------------------

def _build_root(read: f.Fields, common: dict, found: list[Diagnostic], lines: list[str]) -> Document:
    if "as_of" in read.failed:
        return _broken(common, "roadmap")
    as_of = read.get("as_of")
    if as_of.year > dt.MAXYEAR - 10:
        found.append(error("bad-field", read.positions["as_of"],
                           f"'as_of' {as_of} is too far ahead: its 10-years horizon would end after "
                           f"the year {dt.MAXYEAR}", "write the date this plan was (re)written"))
        return _broken(common, "roadmap")
    target = _read_target(read.get("target"), found)
    values = _read_values(read.get("values"), found)
    cadence = _group(read.get("cadence"), "cadence", CADENCE_FIELDS, found, "the cadence")
    visibility = _group(read.get("visibility"), "visibility", ROOT_VISIBILITY_FIELDS, found,
                        "the root's visibility", guarded=True)
    levels = dict(visibility.values) if visibility else {}
    # A default that cannot be read hides everything that sets no level, so
    # that whatever still shows the roadmap (serve's overlay) shows no more.
    default = "private" if visibility and "default" in visibility.failed else levels.pop("default", "public")
    finances = _pairs(read.get("finances"), "finances", "write 'finances:' followed by 'name: value' lines",
                      found, _facts("finances"))
    statement, statement_refs, parts = _read_vision(read, found, lines, common["path"])
    root = Root(
        **common,
        owner=read.get("owner", ""),
        as_of=as_of,
        target=target,
        vision=statement,
        vision_refs=statement_refs,
        vision_parts=parts,
        values=values,
        finances=finances,
        cadence=frozen_map({**DEFAULT_CADENCE, **(cadence.values if cadence else {})}),
        block_visibility=frozen_map(levels),
        default_visibility=default,
        metrics=_read_metrics(read.get("metrics"), found),
        budgets=_read_budgets(read.get("budgets"), found),
        quick_reference=_read_quick_reference(read.get("quick_reference"), found),
    )
    industry, industry_refs = _read_industry(read.get("industry"), found, lines)
    # A person is as private as their own visibility (mentors by default)
    # and the `people` block's, which the root had to be read for.
    people = _read_entries(read, "people", {**common, "visibility": root.block_level("people")}, found, lines)
    return replace(root, people=people, industry=industry, industry_refs=industry_refs,
                   metrics=tuple(replace(m, visibility=stricter(m.visibility, root.block_level("metrics")))
                                 for m in root.metrics))


def _read_target(node: Node | None, found: list[Diagnostic]) -> Target:
    sub = _group(node, "target", TARGET_FIELDS, found, "the target")
    if sub is None:
        return Target()
    role, candidates = sub.get("role", ""), sub.get("candidates", ())
    if not {"role", "candidates"} & sub.failed and bool(role) == bool(candidates):
        found.append(error(
            "bad-field", node.pos,
            "the target needs either 'role' or 'candidates'" if not role
            else "the target has both 'role' and 'candidates'",
            "name one target role, or 3-5 candidate roles while you are still exploring",
        ))
    elif candidates and not 3 <= len(candidates) <= 5:
        found.append(error("bad-field", sub.positions["candidates"],
                           f"'candidates' lists {len(candidates)} roles; explore 3 to 5",
                           "narrow or widen the list to 3-5 roles"))
    return Target(**sub.values)


def _read_values(node: Node | None, found: list[Diagnostic]) -> tuple[Value, ...]:
    nodes = _elements(node, "values", "write '- {name: Autonomy, score: 5}' lines", found)
    if len(nodes) > MAX_VALUES:
        found.append(error("bad-field", nodes[MAX_VALUES].pos,
                           f"'values' lists {len(nodes)} values; keep your top {MAX_VALUES}",
                           "keep the five values that matter most"))
    subs = [_group(each, "a value", VALUE_FIELDS, found, "a value", ("name", "score")) for each in nodes]
    return tuple(Value(**sub.values) for sub in subs if sub and not sub.failed)


def _facts(where: str) -> Callable[[Scalar, Node], tuple[str, str]]:
    """The reader of one `label: value` line of `where` (finances, a part of
    the vision, energy): a value, or a list of values joined by commas."""
    def fact(key: Scalar, value: Node) -> tuple[str, str]:
        if isinstance(value, Scalar):
            return key.text, value.text
        if isinstance(value, Sequence) and all(isinstance(v, Scalar) for v in value.items):
            return key.text, ", ".join(v.text for v in value.items)
        raise f.bad(value.pos, f"'{key.text}' in {where} must be a value or a list",
                    "write one value per key")
    return fact


def _read_vision(read: f.Fields, found: list[Diagnostic], lines: list[str],
                 path: str) -> tuple[str, tuple[Ref, ...], tuple[VisionPart, ...]]:
    """(statement, its links, the other parts): `vision` is one paragraph of
    Markdown, or a mapping of `statement` and the parts, each Markdown or
    `label: value` lines."""
    node, file_start = read.get("vision"), Position(path, 1, 1)
    if not isinstance(node, Mapping):
        if node is None:
            return "", (), ()
        if not isinstance(node, Scalar):
            found.append(error("bad-field", node.pos, "'vision' must be a paragraph or a mapping, not a list",
                               "write the vision as Markdown, or as 'statement:' and its parts"))
            return "", (), ()
        text = f.Text().read("vision", node)
        return text, _links_of(node, text, lines, read.positions.get("vision", file_start)), ()
    sub = f.Fields(node, VISION_FIELDS, (), found, "the vision")
    keys = {key.text: key.pos for key, _ in node.entries}
    parts = []
    for name in VISION_PARTS:
        value = sub.get(name)
        if value is None:
            continue
        if isinstance(value, Scalar):
            text = f.Text().read(name, value)
            parts.append(VisionPart(name, text=text, pos=keys[name],
                                    refs=_links_of(value, text, lines, sub.positions[name])))
        else:  # `label: value` lines, or a list of texts and `- label: value` lines (label "" for none)
            facts = _labelled_texts(value, name, found, f"the vision's {name}")
            parts.append(VisionPart(name, facts=facts, pos=keys[name]))
    statement = sub.get("statement", "")
    refs = _links_in(sub, "statement", lines, sub.positions.get("statement", node.pos))
    return statement, refs, tuple(parts)


def _read_metrics(node: Node | None, found: list[Diagnostic]) -> tuple[Metric, ...]:
    """The indicators' definitions; a name defined twice is reported at the second."""
    nodes = _elements(node, "metrics", "write each metric as '- name: skill_hours' with its kind", found)
    metrics: dict[str, Metric] = {}
    for each in nodes:
        sub = _group(each, "a metric", METRIC_FIELDS, found, "a metric", ("name", "kind"))
        if sub is None or sub.failed & {"name", "kind"}:
            continue
        name = sub.get("name")
        first = metrics.get(name)
        if first is not None:
            found.append(error("bad-field", sub.positions["name"],
                               f"the metric '{name}' is defined twice; first at line {first.name_pos.line}",
                               "keep one definition per metric name"))
            continue
        metrics[name] = Metric(name=name, kind=sub.get("kind"), target=sub.get("target"),
                               unit=sub.get("unit", ""), title=sub.get("title", ""),
                               notes=sub.get("notes", ""),
                               visibility=sub.get("visibility", "public"), pos=each.pos,
                               name_pos=sub.positions["name"])
    return tuple(metrics.values())


def _read_budgets(node: Node | None, found: list[Diagnostic]) -> Budgets:
    sub = _group(node, "budgets", BUDGET_FIELDS, found, "the budgets")
    if sub is None:
        return Budgets()

    def amounts(name: str, unit: str) -> tuple:
        return _pairs(sub.get(name), name, f"write 'label: {unit}' lines under '{name}:'", found,
                      lambda key, value: (key.text, f.read_number(key.text, value, 0)))

    return Budgets(time=amounts("time", "hours per week"), money=amounts("money", "amount per year"),
                   currency=sub.get("currency", ""),
                   energy=_pairs(sub.get("energy"), "energy", "write 'label: note' lines under 'energy:'",
                                 found, _facts("energy")))


def _read_industry(node: Node | None, found: list[Diagnostic],
                   lines: list[str]) -> tuple[tuple[tuple[str, str], ...], tuple[Ref, ...]]:
    sub = _group(node, "industry", INDUSTRY_FIELDS, found, "the industry")
    if sub is None:
        return (), ()
    views = tuple((view, sub.get(view)) for view in INDUSTRY_VIEWS if sub.get(view))
    refs = tuple(ref for view, _ in views for ref in _links_in(sub, view, lines, sub.positions[view]))
    return views, refs


def _read_quick_reference(node: Node | None, found: list[Diagnostic]) -> QuickReference:
    sub = _group(node, "quick_reference", QUICK_REFERENCE_FIELDS, found, "the quick reference")
    if sub is None:
        return QuickReference()
    return QuickReference(**{name: _labelled_texts(sub.get(name), name, found)
                             for name in QUICK_REFERENCE_FIELDS})


def _labelled_texts(node: Node | None, name: str, found: list[Diagnostic],
                    where: str = "") -> tuple[tuple[str, str], ...]:
    """(label, text) pairs, label "" for none, from a text, a list of texts
    and `label: text` lines, or a mapping of labels to texts. `where` names
    the mapping in findings (default: `name`)."""
    hint = f"write '- text' or '- label: text' lines under '{name}:'"
    if node is None:
        return ()
    if isinstance(node, Mapping):
        return _pairs(node, name, hint, found, _facts(where or name))
    texts = []
    for each in node.items if isinstance(node, Sequence) else (node,):
        if isinstance(each, Scalar) and not f.is_null(each):
            texts.append(("", each.text))
        elif isinstance(each, Mapping) and len(each.entries) == 1:
            texts += _pairs(each, name, hint, found, _facts(where or name))
        elif not f.is_null(each):
            found.append(error("bad-field", each.pos, f"each of '{name}' must be a text or one 'label: text'",
                               hint))
    return tuple(texts)


# -- entries and reviews -----------------------------------------------------

def _read_entries(read: f.Fields, kind: str, common: dict, found: list[Diagnostic], lines: list[str],
                  **model_fields) -> tuple:
    """The entries of a plan, archive, gaps, skills, paths or risks file
    (its `items`), or the root's `people`; `model_fields` go to each."""
    if kind == "people":
        model, entry_kind, noun, listed = Person, "person", "a person", "people"
        (table, required), own_visibility = (PERSON_FIELDS, ("id", "name", "role")), PERSON_VISIBILITY
    else:
        (model, entry_kind, noun), listed = _ENTRIES[kind], "items"
        (table, required), own_visibility = ENTRY_FIELDS[kind], "public"
    entries = []
    for each in _elements(read.get(listed), listed, f"write each of them as a '- id: ...' block", found):
        hint = "write each of them as '- id: ...' followed by its fields"
        if not _shaped(each, Mapping, noun, hint, found):
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
            notes_refs=_links_in(sub, "notes", lines, each.pos),
        ))
    return tuple(entries)


def _read_targets(node: Node | None, found: list[Diagnostic]) -> tuple[tuple[str, int], ...]:
    """A skill's `targets`, in horizon order. A level below one on a shorter
    horizon is reported where it is written: skills are not planned to fade."""
    hint = "write 'horizon: level' lines under 'targets:', for example 'year: 3'"
    if node is None or not _shaped(node, Mapping, "'targets'", hint, found):
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
    nodes = _elements(node, "steps", "write steps as '- {role: Staff Engineer, when: 2028}'", found)
    subs = [_group(each, "a step", STEP_FIELDS, found, "a step", ("role",)) for each in nodes]
    return tuple(Step(**sub.values) for sub in subs if sub and not sub.failed)


def _build_review(read: f.Fields, common: dict, found: list[Diagnostic]) -> Document:
    if read.failed & {"date", "type"}:
        return _broken(common)

    def numbers(name: str, low: float | None = None, high: float | None = None) -> tuple:
        return _pairs(read.get(name), name, f"write 'name: number' lines under '{name}:'", found,
                      lambda key, value: (key.text, f.read_number(key.text, value, low, high)))

    def by_item(name: str, value_field: f.Choice, value_name: str, example: str) -> tuple:
        """`item-id: value` pairs, each value one of `value_field`'s."""
        def pair(key: Scalar, value: Node) -> tuple[Ref, str]:
            return Ref(f.read_id(name, key), key.pos), value_field.read(value_name, value)
        return _pairs(read.get(name), name, f"write '{example}' lines under '{name}:'", found, pair)

    return Review(**common, date=read.get("date"), type=read.get("type"),
                  ratings=numbers("ratings", 0, RATING_MAX), metrics=numbers("metrics"),
                  progress=by_item("progress", STATUS, "status", "item-id: done"),
                  assumptions=by_item("assumptions", VERDICT, "verdict", "item-id: holds"),
                  met=read.get("met", ()))
