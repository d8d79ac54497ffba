"""Field types: each reads one node (YAML front matter, or roadmap.toml made
into nodes) into a Python value, raising `Invalid` where the value is wrong,
and describes itself as JSON Schema.

`Fields` reads a whole mapping by a table of them. The tables of fields per
kind live in `kinds`, the settings in `config`; `schema` publishes the kinds.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, replace
from typing import Any

import yaml

from roadmapgen.diagnostics import Diagnostic, Position, did_you_mean, error, suggestion, warning
from roadmapgen.model import ID_PATTERN, Ref
from roadmapgen.read.frontmatter import Mapping, Node, Scalar, Sequence

_ID_SCHEMA = {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"}
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[Tt ]\S.*)?\Z")

_construct = yaml.constructor.SafeConstructor()
SHAPES = {Mapping: "a mapping", Sequence: "a list", Scalar: "a single value"}


class Invalid(Exception):
    """A field's value is wrong; carries the finding."""

    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic


def bad(node_pos: Position, message: str, hint: str) -> Invalid:
    return Invalid(error("bad-field", node_pos, message, hint))


def describe(node: Node) -> str:
    return SHAPES[type(node)]


def is_null(node: Node) -> bool:
    return isinstance(node, Scalar) and node.tag == "null"


def scalar(name: str, node: Node, expected: str = "text") -> Scalar:
    if not isinstance(node, Scalar):
        raise bad(node.pos, f"'{name}' must be {expected}, not {describe(node)}",
                  f"write '{name}' as a single value")
    return node


def _one_or_list(node: Node) -> tuple[Node, ...]:
    """A single value, or the values of a list; empty values are left out."""
    nodes = node.items if isinstance(node, Sequence) else (node,)
    return tuple(each for each in nodes if not is_null(each))


def _one_or_list_schema(one: dict, description: str) -> dict:
    return {"oneOf": [one, {"type": "array", "items": one}], "description": description}


@dataclass(frozen=True, slots=True)
class Text:
    """Any scalar, kept as the words the user typed (`title: no` is 'no')."""

    description: str = ""

    def read(self, name: str, node: Node):
        value = scalar(name, node)
        return "" if value.tag == "null" else value.text

    def schema(self) -> dict:
        return {"type": ["string", "number", "boolean"], "description": self.description}


@dataclass(frozen=True, slots=True)
class Line(Text):
    """A name shown on one line (a title, an owner): its spaces, tabs and
    line breaks collapse to one space, so a blank one is empty, as if
    not given, and never a link or a heading with no visible text."""

    def read(self, name: str, node: Node):
        return " ".join(Text.read(self, name, node).split())


@dataclass(frozen=True, slots=True)
class Id:
    description: str = ""

    def read(self, name: str, node: Node):
        return read_id(name, scalar(name, node, "a string id"))

    def schema(self) -> dict:
        return {**_ID_SCHEMA, "description": self.description}


def read_id(name: str, value: Scalar) -> str:
    if value.tag != "str":
        raise bad(value.pos, f"'{name}' must be a string, not {value.tag} '{value.text}'",
                  f"quote it: {name}: \"{value.text}\"")
    if not ID_PATTERN.fullmatch(value.text):
        fixed = re.sub(r"[^a-z0-9-]+", "-", value.text.lower()).strip("-")
        hint = "ids use lowercase letters, digits and '-', starting with a letter or digit"
        if fixed and ID_PATTERN.fullmatch(fixed):
            hint += f", for example '{fixed}'"
        raise bad(value.pos, f"'{value.text}' is not a valid id", hint)
    return value.text


@dataclass(frozen=True, slots=True)
class Date:
    description: str = ""

    def read(self, name: str, node: Node):
        value = scalar(name, node, "a date")
        match = _DATE.match(value.text.strip())
        if not match:
            raise bad(value.pos, f"'{name}' must be a date YYYY-MM-DD, not '{value.text}'",
                      "write the date as YYYY-MM-DD, for example 2026-11-30")
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise bad(value.pos, f"'{value.text}' is not a real date",
                      "check the month and the day") from None

    def schema(self) -> dict:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}", "description": self.description}


def _yaml_number(tag: str, text: str) -> int | float:
    """The number YAML reads from a scalar tagged int or float. ValueError for
    `!!int x`, or for more digits than Python converts."""
    make = _construct.construct_yaml_float if tag == "float" else _construct.construct_yaml_int
    return make(yaml.ScalarNode("tag:yaml.org,2002:" + tag, text))


@dataclass(frozen=True, slots=True)
class Integer:
    low: int
    high: int
    description: str = ""

    def read(self, name: str, node: Node):
        value = scalar(name, node, "a whole number")
        text = value.text.strip()
        try:
            number = _yaml_number("int", text) if value.tag == "int" else None
        except ValueError:
            number = None
        if number is None:
            hint = f"write a whole number from {self.low} to {self.high}"
            if text.endswith("%"):
                hint += ", without the '%'"
            raise bad(value.pos, f"'{name}' must be a whole number, not '{value.text}'", hint)
        if not self.low <= number <= self.high:
            raise bad(value.pos, f"'{name}' must be from {self.low} to {self.high}, not {number}",
                      f"use a number from {self.low} to {self.high}")
        return number

    def schema(self) -> dict:
        return {"type": "integer", "minimum": self.low, "maximum": self.high, "description": self.description}


def read_number(name: str, node: Node, low: float | None = None, high: float | None = None) -> int | float:
    """A whole number stays an int, so every digit typed survives (a float
    holds 9007199254740993 as ...992); it must still fit in a float, as
    charts and exports need."""
    value = scalar(name, node, "a number")
    not_a_number = bad(value.pos, f"'{name}' must be a number, not '{value.text}'",
                       "write a number, such as 7 or 7.5")
    if value.tag not in ("int", "float"):
        raise not_a_number
    try:
        number = _yaml_number(value.tag, value.text)
        float(number)  # OverflowError for a whole number too large for a float
    except (ValueError, OverflowError):
        raise not_a_number from None
    if not math.isfinite(number):
        raise bad(value.pos, f"'{name}' must be a finite number", "write a number, such as 7 or 7.5")
    if (low is not None and number < low) or (high is not None and number > high):
        allowed = (f"from {low:g} to {high:g}" if low is not None and high is not None
                   else f"at least {low:g}" if low is not None else f"at most {high:g}")
        raise bad(value.pos, f"'{name}' must be {allowed}, not {number:g}", f"use a number {allowed}")
    return number


@dataclass(frozen=True, slots=True)
class Number:
    """Any finite number, whole or not, maybe within bounds."""

    low: float | None = None
    high: float | None = None
    description: str = ""

    def read(self, name: str, node: Node):
        return read_number(name, node, self.low, self.high)

    def schema(self) -> dict:
        bounds = {key: value for key, value in (("minimum", self.low), ("maximum", self.high))
                  if value is not None}
        return {"type": "number", **bounds, "description": self.description}


@dataclass(frozen=True, slots=True)
class Choice:
    choices: tuple[str, ...]
    description: str = ""

    def read(self, name: str, node: Node):
        value = scalar(name, node, "one word")
        if value.text not in self.choices:
            raise bad(value.pos,
                      f"'{value.text}' is not a valid {name}{suggestion(value.text, self.choices)}",
                      f"use one of: {', '.join(self.choices)}")
        return value.text

    def schema(self) -> dict:
        return {"enum": list(self.choices), "description": self.description}


@dataclass(frozen=True, slots=True)
class Refs:
    """One id or a list of ids."""

    description: str = ""

    def read(self, name: str, node: Node):
        return tuple(Ref(read_id(name, scalar(name, each, "an id")), each.pos) for each in _one_or_list(node))

    def schema(self) -> dict:
        return _one_or_list_schema(_ID_SCHEMA, self.description)


@dataclass(frozen=True, slots=True)
class TextList:
    """A string or a list of strings."""

    description: str = ""

    def read(self, name: str, node: Node):
        return tuple(scalar(name, each).text for each in _one_or_list(node))

    def schema(self) -> dict:
        return _one_or_list_schema({"type": ["string", "number", "boolean"]}, self.description)


@dataclass(frozen=True, slots=True)
class Structured:
    """A nested value, kept as its node for the reader of its kind (`documents`, `root`, `entries`)."""

    json_schema: dict

    def read(self, name: str, node: Node):
        return node

    def schema(self) -> dict:
        return self.json_schema


# -- a mapping read by a table of fields ---------------------------------------

class Fields:
    """The fields read from one mapping: values, value positions, failures.

    A wrong value is reported as `code`, an unknown key (a `noun` of `what`)
    as a warning; a missing required field at `start`, or the mapping's.
    In a `guarded` mapping (the root's visibility levels) every key is like
    `visibility` itself: misspelt or empty, it is an error."""

    def __init__(self, mapping: Mapping, table: dict, required: tuple[str, ...], found: list[Diagnostic],
                 what: str, start: Position | None = None, noun: str = "field", code: str = "bad-field",
                 guarded: bool = False):
        self.mapping = mapping
        self.values: dict[str, Any] = {}
        self.positions: dict[str, Position] = {}
        self.failed: set[str] = set()
        for key, node in mapping.entries:
            if key.text not in table:
                meant = did_you_mean(key.text, table)
                # A misspelt visibility would publish what it was meant to hide.
                hides = meant == "visibility" or (guarded and meant is not None)
                found.append((error if hides else warning)(
                    "unknown-field", key.pos,
                    f"unknown {noun} '{key.text}' in {what}{suggestion(key.text, table)}",
                    f"write '{meant}' exactly: until then it does not count, and what it was to hide may be "
                    "published" if hides else f"known {noun}s: {', '.join(table)}",
                ))
                continue
            self.positions[key.text] = node.pos
            if is_null(node):  # as if absent, except an empty visibility
                if key.text == "visibility" or guarded:
                    found.append(error(code, node.pos, f"'{key.text}' is empty",
                                       "write public, mentors or private (or remove the line)"))
                    self.failed.add(key.text)
            else:
                try:
                    self.values[key.text] = table[key.text].read(key.text, node)
                except Invalid as exc:
                    found.append(replace(exc.diagnostic, code=code))
                    self.failed.add(key.text)
        for name in required:
            if name not in self.failed and (name not in self.values or self.values[name] == ""):
                self.failed.add(name)
                found.append(error(
                    code, start or mapping.pos,
                    f"{what} has no '{name}'" if name not in self.positions else f"'{name}' in {what} is empty",
                    f"add '{name}: ...'",
                ))

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)
