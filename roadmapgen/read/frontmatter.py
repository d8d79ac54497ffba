"""Split a Markdown file into front matter and body, and parse the front
matter into a YAML node tree that remembers where every key and value is.

python-frontmatter's YAML handler finds and splits the front matter; around
it, this module refuses near misses of '---' and keeps line numbers exact.
PyYAML's loaders forget positions, accept duplicate keys and expand aliases
without limit, so the tree is built here from PyYAML's event stream, which is
iterative (no recursion) and carries a mark on every event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

import frontmatter
import yaml

from roadmapgen.diagnostics import Diagnostic, Position, error

MAX_DEPTH = 50
# An alias re-uses a subtree; past this many re-used nodes a document is
# treated as a "billion laughs" bomb rather than content.
MAX_ALIAS_NODES = 10_000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_STANDARD_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {"str", "int", "float", "bool", "null", "timestamp"}
# python-frontmatter's YAML handler finds and splits the front matter.
_HANDLER = frontmatter.YAMLHandler()
_DOCUMENT_END = re.compile(r"^\.\.\.[ \t]*\r?$", re.MULTILINE)
# A YAML key (`kind:`, `"kind":`, `kind :`) or a TOML one (`kind =`).
_LOOKS_LIKE_KEY = re.compile(r"""(?:"(?P<dq>[^"]*)"|'[^']*'|(?P<key>[A-Za-z_][\w-]*))[ \t]*(?::(?:[ \t]|$)|=)""")
# Lines that could be meant as a fence: dashes of any kind, '+++', '...',
# '***', '___', '- - -'; and the keys that only front matter has.
_FENCE_LIKE = re.compile(r"[-\u2010-\u2015\u2212\ufe58\ufe63\uff0d+.*_ \t]{2,}|[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_FENCE_LINE = re.compile(r"^[ \t]*[-\u2010-\u2015\u2212+.*_]{2,}[ \t]*$", re.MULTILINE)
_LINES_LOOKED_AT = 50
_DIRECTIVE = re.compile(r"%(?:YAML|TAG)\b")
_FRONT_MATTER_KEYS = frozenset({"kind", "title", "visibility", "horizon", "items", "as_of", "owner", "target"})
_LONE_CR = re.compile(r"\r(?!\n)")
_BLANK_LINES = re.compile(r"(?:[ \t]*\r?\n)*")
# Characters an editor may not show: zero-width spaces and joiners, a byte
# order mark past the start, bidirectional marks, soft hyphens.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e"
                                   "\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
                                   "\u2066\u2067\u2068\u2069\ufeff"))


@dataclass(frozen=True, slots=True)
class Scalar:
    text: str  # the source text as YAML reads it (quotes removed)
    tag: str  # the resolved YAML tag, without the yaml.org prefix: str, int, bool...
    pos: Position
    style: str | None = None  # None for plain, "'" '"' "|" ">" otherwise
    size: int = 1
    end: Position | None = None  # just past its source text


@dataclass(frozen=True, slots=True)
class Mapping:
    entries: tuple[tuple[Scalar, "Node"], ...]
    pos: Position
    size: int = 1

    def get(self, key: str) -> "Node | None":
        for name, value in self.entries:
            if name.text == key:
                return value
        return None

    def key(self, key: str) -> Scalar | None:
        for name, _ in self.entries:
            if name.text == key:
                return name
        return None


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple["Node", ...]
    pos: Position
    size: int = 1


Node = Union[Scalar, Mapping, Sequence]


@dataclass(frozen=True, slots=True)
class SplitFile:
    """A file cut into its front matter and its body."""

    front: Mapping | None
    body: str
    body_line: int  # the 1-based line of the body's first line in the file


class FrontMatterError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def split_file(path: str, text: str) -> SplitFile:
    """Cut `text` into front matter and body; raise FrontMatterError if the
    front matter cannot be read, or if the file looks as if it means to have
    front matter but does not open it exactly with '---' (read as a page, its
    front matter would be published as text, `visibility: private` and all).

    Accepted as front matter: a byte order mark, blank lines before the
    opening '---', and any line endings (CR LF, LF, or CR alone)."""
    # python-frontmatter finds the fences only at the very start of the text
    # and only on LF or CR LF lines: a BOM, blank lines above '---' and CR-only
    # endings would make a page of the front matter. Normalise them first;
    # a lone CR becomes LF, so lengths, lines and columns stay the same.
    text = _LONE_CR.sub("\n", text.removeprefix("\ufeff"))
    blank = _BLANK_LINES.match(text).end()
    lines_above = text.count("\n", 0, blank)
    rest = text[blank:]
    first_end = rest.find("\n")
    first_line = rest if first_end < 0 else rest[:first_end]
    # The handler also opens on '----' and longer; issue 14 refuses those as
    # lookalikes of '---', like every other near miss.
    if not (_HANDLER.detect(rest) and first_line.rstrip() == "---"):
        _refuse_lookalike(path, first_line, "" if first_end < 0 else rest[first_end + 1 :], lines_above + 1)
        return SplitFile(None, text, 1)
    yaml_start = len(rest) if first_end < 0 else first_end + 1
    try:
        front_text, _ = _HANDLER.split(rest)
        closing = _HANDLER.FM_BOUNDARY.match(rest).end() + len(front_text)
    except ValueError:  # no second line of dashes
        closing = len(rest)
    # YAML's own document end, '...', closes front matter too, as it always
    # has here; the handler only knows dashes.
    dots = _DOCUMENT_END.search(rest, yaml_start, closing)
    if dots:
        closing = dots.start()
    closing_end = rest.find("\n", closing)
    closing_line = rest[closing:] if closing_end < 0 else rest[closing:closing_end]
    # The handler also closes on '----' and longer. Not taken here: a file
    # whose front matter seems to close there is as likely unclosed with a
    # thematic break in its body, and '----' never opens front matter either.
    # Trailing whitespace is fine, as on the opening line.
    if not dots and closing_line.rstrip() != "---":
        hint = "did you forget the closing '---' line after the front matter?"
        if closing_line:
            line = lines_above + 1 + rest.count("\n", 0, closing)
            hint = f"line {line} is '{closing_line.strip()}': close the front matter with a line of exactly '---'"
        raise FrontMatterError(
            error("bad-front-matter", Position(path, lines_above + 1, 1), "front matter is not closed", hint)
        )
    # Positions come from where the fence lines start, not from the handler's
    # pieces: its boundary swallows the blank lines after a fence, and those
    # belong to the YAML (for its line numbers) or to the body.
    front = parse_yaml(path, rest[yaml_start:closing], line_offset=lines_above + 1)
    body = "" if closing_end < 0 else rest[closing_end + 1 :]
    body_line = lines_above + rest.count("\n", 0, closing) + 2
    if front is None:
        front = Mapping((), Position(path, lines_above + 1, 1))
    if not isinstance(front, Mapping):
        raise FrontMatterError(
            error(
                "bad-front-matter",
                Position(path, lines_above + 1, 1),
                "front matter must be a mapping of keys to values",
                "write 'key: value' lines, for example 'kind: plan'",
            )
        )
    return SplitFile(front, body, body_line)


def _refuse_lookalike(path: str, first_line: str, rest: str, line: int) -> None:
    """Raise FrontMatterError if the file nearly opens front matter at
    `first_line` (its first line that is not blank; `rest` is what follows):
    '---' behind a line, spaces or characters an editor does not show, text
    after '---', a wrong fence ('----', '...', an em dash, Hugo's '+++'), a
    YAML directive, or a first line that is a YAML key of front matter."""
    shown = first_line.translate(_INVISIBLE).strip()
    lines = rest.split("\n", _LINES_LOOKED_AT)  # the top of the file, not a whole long page
    if not shown:  # blank to the eye, but not only spaces and tabs: look past it
        for offset, later in enumerate(lines, 1):
            later_shown = later.translate(_INVISIBLE).strip()
            if later_shown:
                if later_shown.startswith("---") or _LOOKS_LIKE_KEY.match(later_shown):
                    raise _lookalike(path, line, f"line {line} looks blank but holds characters an editor may not "
                                     "show, above what looks like front matter",
                                     f"delete lines {line} to {line + offset - 1} and start the file with '---'")
                return
        return
    if shown == "---":
        raise _lookalike(path, line, "the '---' line that opens the front matter has spaces or invisible "
                         "characters before or after it",
                         f"delete everything but '---' on line {line} (an editor may not show what is there)")
    if shown.startswith("---") and shown[3] in " \t#":
        raise _lookalike(path, line, "the '---' line that opens the front matter has more on it",
                         f"leave '---' alone on line {line} and start the front matter on the next line")
    if _DIRECTIVE.match(shown):
        raise _lookalike(path, line, "YAML directives ('%YAML', '%TAG') are not supported in front matter",
                         "delete the directive and start the file with '---'")
    keys_below = any(_LOOKS_LIKE_KEY.match(later.translate(_INVISIBLE).strip()) for later in lines[:_LINES_LOOKED_AT])
    if _FENCE_LIKE.fullmatch(shown) and keys_below:
        fence = "'+++' (TOML front matter) is not supported" if shown.startswith("+") else f"'{shown}' is not '---'"
        raise _lookalike(path, line, f"front matter must open with '---': {fence}",
                         "write the front matter as YAML between two lines of exactly '---'")
    if _LOOKS_LIKE_KEY.match(shown) and (_FENCE_LINE.search(rest) or _front_matter_keys(shown, lines)):
        raise _lookalike(path, line, "front matter must start with a '---' line",
                         "add a line '---' above the first key, and another below the last")


def _front_matter_keys(first: str, lines: list[str]) -> bool:
    """Whether the run of 'key: value' lines the file starts with has a key
    only front matter has."""
    for text in (first, *lines):
        match = _LOOKS_LIKE_KEY.match(text.translate(_INVISIBLE).strip())
        if not match:
            return False
        if (match.group("key") or match.group("dq")) in _FRONT_MATTER_KEYS:
            return True
    return False


def _lookalike(path: str, line: int, message: str, hint: str) -> FrontMatterError:
    return FrontMatterError(error("bad-front-matter", Position(path, line, 1), message, hint))


def parse_yaml(path: str, text: str, line_offset: int = 0) -> Node | None:
    """Parse one YAML document into a node tree; None for an empty document.

    `line_offset` is the number of file lines above the YAML text."""

    def at(mark) -> Position:
        return Position(path, mark.line + 1 + line_offset, mark.column + 1)

    def fail(mark, message: str, hint: str) -> FrontMatterError:
        return FrontMatterError(error("bad-front-matter", at(mark), message, hint))

    # Each open collection: [kind, start event, children, pending key, keys seen]
    stack: list[list] = []
    anchors: dict[str, Node] = {}
    alias_nodes = 0
    documents = 0
    root: Node | None = None

    def attach(node: Node, anchor: str | None, mark) -> None:
        nonlocal root
        if anchor:
            anchors[anchor] = node
        if not stack:
            root = node
            return
        frame = stack[-1]
        if frame[0] == "seq":
            frame[2].append(node)
        elif frame[3] is None:
            if not isinstance(node, Scalar):
                raise fail(
                    mark,
                    "a key must be a plain word, not a list or a mapping",
                    "write keys as 'name: value'",
                )
            if node.text in frame[4]:
                first = frame[4][node.text]
                raise fail(
                    mark,
                    f"duplicate key '{node.text}' (first at line {first.line})",
                    "each key may appear once in a mapping; remove or rename one",
                )
            frame[4][node.text] = node.pos
            frame[3] = node
        else:
            frame[2].append((frame[3], node))
            frame[3] = None

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise fail(
                        event.start_mark,
                        "front matter holds more than one YAML document",
                        "remove the extra '---' or '...' line inside the front matter",
                    )
            elif isinstance(event, yaml.ScalarEvent):
                tag = _scalar_tag(event)
                if tag is None:
                    raise fail(
                        event.start_mark,
                        f"unsupported YAML tag '{event.tag}'",
                        "remove the tag; roadmap files use plain YAML values",
                    )
                node = Scalar(event.value, tag, at(event.start_mark), event.style or None, end=at(event.end_mark))
                attach(node, event.anchor, event.start_mark)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise fail(
                        event.start_mark,
                        f"front matter is nested deeper than {MAX_DEPTH} levels",
                        "flatten the structure",
                    )
                if event.tag and event.tag not in ("!", _STANDARD_TAG + "map", _STANDARD_TAG + "seq"):
                    raise fail(
                        event.start_mark,
                        f"unsupported YAML tag '{event.tag}'",
                        "remove the tag; roadmap files use plain YAML values",
                    )
                kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
                stack.append([kind, event, [], None, {}])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                kind, start, children, _, _ = stack.pop()
                pos = at(start.start_mark)
                if kind == "map":
                    size = 1 + sum(k.size + v.size for k, v in children)
                    node = Mapping(tuple(children), pos, size)
                else:
                    size = 1 + sum(child.size for child in children)
                    node = Sequence(tuple(children), pos, size)
                attach(node, start.anchor, start.start_mark)
            elif isinstance(event, yaml.AliasEvent):
                target = anchors.get(event.anchor)
                if target is None:
                    raise fail(
                        event.start_mark,
                        f"unknown alias '*{event.anchor}'",
                        f"define the anchor '&{event.anchor}' before using it",
                    )
                alias_nodes += target.size
                if alias_nodes > MAX_ALIAS_NODES:
                    raise fail(
                        event.start_mark,
                        "aliases in the front matter expand to too many values",
                        "write the values out instead of repeating aliases",
                    )
                attach(target, None, event.start_mark)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "quoted scalar" in (exc.context or ""):
            mark = exc.context_mark  # where the unclosed quote opened
        problem = exc.problem or exc.context or "invalid YAML"
        line_text = _line_of(text, mark.line) if mark else ""
        hint = _yaml_hint(problem, line_text)
        raise FrontMatterError(
            error(
                "bad-front-matter",
                at(mark) if mark else Position(path, 1 + line_offset, None),
                f"front matter is not valid YAML: {problem}",
                hint,
            )
        ) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML refuses (a control character): find its line.
        character = chr(exc.character) if isinstance(exc.character, int) else exc.character
        index = text.find(character) if character else -1
        line = text.count("\n", 0, index) + 1 + line_offset if index >= 0 else 1 + line_offset
        raise FrontMatterError(
            error(
                "bad-front-matter",
                Position(path, line, None),
                f"front matter is not valid YAML: the character #x{ord(character or chr(0)):04x} is not allowed",
                "remove the control character from the front matter",
            )
        ) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(
            error(
                "bad-front-matter",
                Position(path, 1 + line_offset, None),
                f"front matter is not valid YAML: {exc}",
                "check the YAML syntax",
            )
        ) from None
    return root


def _scalar_tag(event: yaml.ScalarEvent) -> str | None:
    if event.tag and event.tag != "!":
        name = event.tag.removeprefix(_STANDARD_TAG)
        return name if name in _SCALAR_TAGS and name != event.tag else None
    if event.tag == "!" or event.style:
        return "str"
    resolved = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
    return resolved[len(_STANDARD_TAG) :] if resolved.startswith(_STANDARD_TAG) else "str"


def _line_of(text: str, index: int) -> str:
    lines = text.split("\n")
    return lines[index] if 0 <= index < len(lines) else ""


def _yaml_hint(problem: str, line_text: str) -> str:
    if "\t" in line_text:
        return "YAML does not allow tabs for indentation; indent with spaces"
    if "quoted scalar" in problem or "end of stream" in problem:
        return "a quoted value is not closed: add the closing quote"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted"
    return "check the indentation and quoting on this line"
