"""Read the root, the `kind: roadmap` file: its date, target, values,
vision, cadence, visibility, finances, metrics, budgets, industry, quick
reference and people, each reported where it is wrong. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Callable

from roadmapgen.diagnostics import Diagnostic, Position, error
from roadmapgen.model import (
    DEFAULT_CADENCE, INDUSTRY_VIEWS, MAX_VALUES, VISION_PARTS, Broken, Budgets, Document, Metric,
    QuickReference, Ref, Root, Target, Value, VisionPart, frozen_map, stricter,
)
from roadmapgen.read import fields as f
from roadmapgen.read.entries import read_entries
from roadmapgen.read.field_links import links_in, links_of
from roadmapgen.read.frontmatter import Mapping, Node, Scalar, Sequence
from roadmapgen.read.kinds import (
    BUDGET_FIELDS, CADENCE_FIELDS, INDUSTRY_FIELDS, METRIC_FIELDS, QUICK_REFERENCE_FIELDS,
    ROOT_VISIBILITY_FIELDS, TARGET_FIELDS, VALUE_FIELDS, VISION_FIELDS,
)
from roadmapgen.read.nested_fields import elements, group, pairs


def build_root(read: f.Fields, common: dict, found: list[Diagnostic], lines: list[str]) -> Document:
    if "as_of" in read.failed:
        return _broken(common)
    as_of = read.get("as_of")
    if as_of.year > dt.MAXYEAR - 10:
        found.append(error("bad-field", read.positions["as_of"],
                           f"'as_of' {as_of} is too far ahead: its 10-years horizon would end after "
                           f"the year {dt.MAXYEAR}", "write the date this plan was (re)written"))
        return _broken(common)
    target = _read_target(read.get("target"), found)
    values = _read_values(read.get("values"), found)
    cadence = group(read.get("cadence"), "cadence", CADENCE_FIELDS, found, "the cadence")
    visibility = group(read.get("visibility"), "visibility", ROOT_VISIBILITY_FIELDS, found,
                       "the root's visibility", guarded=True)
    levels = dict(visibility.values) if visibility else {}
    # A default that cannot be read hides everything that sets no level, so
    # that whatever still shows the roadmap (serve's overlay) shows no more.
    default = "private" if visibility and "default" in visibility.failed else levels.pop("default", "public")
    finances = pairs(read.get("finances"), "finances", "write 'finances:' followed by 'name: value' lines",
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
        metrics=_read_metrics(read.get("metrics"), found, lines),
        budgets=_read_budgets(read.get("budgets"), found),
        quick_reference=_read_quick_reference(read.get("quick_reference"), found),
    )
    industry, industry_refs = _read_industry(read.get("industry"), found, lines)
    # A person is as private as their own visibility (mentors by default)
    # and the `people` block's, which the root had to be read for.
    people = read_entries(read, "people", {**common, "visibility": root.block_level("people")}, found, lines)
    return replace(root, people=people, industry=industry, industry_refs=industry_refs,
                   metrics=tuple(replace(m, visibility=stricter(m.visibility, root.block_level("metrics")))
                                 for m in root.metrics))


def _broken(common: dict) -> Broken:
    """A root with no date to read the horizons from: still the root, with its findings."""
    return Broken(common["path"], "roadmap", common["fields"])


def _read_target(node: Node | None, found: list[Diagnostic]) -> Target:
    sub = group(node, "target", TARGET_FIELDS, found, "the target")
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
    nodes = elements(node, "values", "write '- {name: Autonomy, score: 5}' lines", found)
    if len(nodes) > MAX_VALUES:
        found.append(error("bad-field", nodes[MAX_VALUES].pos,
                           f"'values' lists {len(nodes)} values; keep your top {MAX_VALUES}",
                           "keep the five values that matter most"))
    subs = [group(each, "a value", VALUE_FIELDS, found, "a value", ("name", "score")) for each in nodes]
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
        return text, links_of(node, text, lines, read.positions.get("vision", file_start)), ()
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
                                    refs=links_of(value, text, lines, sub.positions[name])))
        else:  # `label: value` lines, or a list of texts and `- label: value` lines (label "" for none)
            facts = _labelled_texts(value, name, found, f"the vision's {name}")
            parts.append(VisionPart(name, facts=facts, pos=keys[name]))
    statement = sub.get("statement", "")
    refs = links_in(sub, "statement", lines, sub.positions.get("statement", node.pos))
    return statement, refs, tuple(parts)


def _read_metrics(node: Node | None, found: list[Diagnostic], lines: list[str]) -> tuple[Metric, ...]:
    """The indicators' definitions; a name defined twice is reported at the second."""
    nodes = elements(node, "metrics", "write each metric as '- name: skill_hours' with its kind", found)
    metrics: dict[str, Metric] = {}
    for each in nodes:
        sub = group(each, "a metric", METRIC_FIELDS, found, "a metric", ("name", "kind"))
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
                               notes=sub.get("notes", ""), notes_refs=links_in(sub, "notes", lines, each.pos),
                               visibility=sub.get("visibility", "public"), pos=each.pos,
                               name_pos=sub.positions["name"])
    return tuple(metrics.values())


def _read_budgets(node: Node | None, found: list[Diagnostic]) -> Budgets:
    sub = group(node, "budgets", BUDGET_FIELDS, found, "the budgets")
    if sub is None:
        return Budgets()

    def amounts(name: str, unit: str) -> tuple:
        return pairs(sub.get(name), name, f"write 'label: {unit}' lines under '{name}:'", found,
                     lambda key, value: (key.text, f.read_number(key.text, value, 0)))

    return Budgets(time=amounts("time", "hours per week"), money=amounts("money", "amount per year"),
                   currency=sub.get("currency", ""),
                   energy=pairs(sub.get("energy"), "energy", "write 'label: note' lines under 'energy:'",
                                found, _facts("energy")))


def _read_industry(node: Node | None, found: list[Diagnostic],
                   lines: list[str]) -> tuple[tuple[tuple[str, str], ...], tuple[Ref, ...]]:
    sub = group(node, "industry", INDUSTRY_FIELDS, found, "the industry")
    if sub is None:
        return (), ()
    views = tuple((view, sub.get(view)) for view in INDUSTRY_VIEWS if sub.get(view))
    refs = tuple(ref for view, _ in views for ref in links_in(sub, view, lines, sub.positions[view]))
    return views, refs


def _read_quick_reference(node: Node | None, found: list[Diagnostic]) -> QuickReference:
    sub = group(node, "quick_reference", QUICK_REFERENCE_FIELDS, found, "the quick reference")
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
        return pairs(node, name, hint, found, _facts(where or name))
    texts = []
    for each in node.items if isinstance(node, Sequence) else (node,):
        if isinstance(each, Scalar) and not f.is_null(each):
            texts.append(("", each.text))
        elif isinstance(each, Mapping) and len(each.entries) == 1:
            texts += pairs(each, name, hint, found, _facts(where or name))
        elif not f.is_null(each):
            found.append(error("bad-field", each.pos, f"each of '{name}' must be a text or one 'label: text'",
                               hint))
    return tuple(texts)
