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
_COLLECTION_TAGS = {"!", _STANDARD_TAG + "map", _STANDARD_TAG + "seq"}
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
        return next((value for name, value in self.entries if name.text == key), None)


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple["Node", ...]
    pos: Position
    size: int = 1


Node = Union[Scalar, Mapping, Sequence]


@dataclass(frozen=True, slots=True)
class SplitFile:
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
    opening = Position(path, lines_above + 1, 1)
    rest = text[blank:]
    first_line, _, after_first = rest.partition("\n")
    # The handler also opens on '----' and longer; those are refused as
    # lookalikes of '---', like every other near miss.
    if not (_HANDLER.detect(rest) and first_line.rstrip() == "---"):
        _refuse_lookalike(opening, first_line, after_first)
        return SplitFile(None, text, 1)
    yaml_start = len(rest) - len(after_first)
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
    closing_line, _, body = rest[closing:].partition("\n")
    closing_number = lines_above + 1 + rest.count("\n", 0, closing)
    # The handler also closes on '----' and longer. Not taken here: a file
    # whose front matter seems to close there is as likely unclosed with a
    # thematic break in its body, and '----' never opens front matter either.
    # Trailing whitespace is fine, as on the opening line.
    if not dots and closing_line.rstrip() != "---":
        hint = "did you forget the closing '---' line after the front matter?"
        if closing_line:
            hint = (f"line {closing_number} is '{closing_line.strip()}': "
                    "close the front matter with a line of exactly '---'")
        raise _refusal(opening, "front matter is not closed", hint)
    # Positions come from where the fence lines start, not from the handler's
    # pieces: its boundary swallows the blank lines after a fence, and those
    # belong to the YAML (for its line numbers) or to the body.
    front = parse_yaml(path, rest[yaml_start:closing], line_offset=lines_above + 1) or Mapping((), opening)
    if not isinstance(front, Mapping):
        raise _refusal(opening, "front matter must be a mapping of keys to values",
                       "write 'key: value' lines, for example 'kind: plan'")
    return SplitFile(front, body, closing_number + 1)


def _refusal(at: Position, message: str, hint: str) -> FrontMatterError:
    return FrontMatterError(error("bad-front-matter", at, message, hint))


def _shown(line: str) -> str:
    """What an editor shows of a line, less the spaces around it."""
    return line.translate(_INVISIBLE).strip()


def _refuse_lookalike(at: Position, first_line: str, rest: str) -> None:
    """Raise FrontMatterError if the file nearly opens front matter at
    `first_line` (its first line that is not blank, at `at`; `rest` is what
    follows): '---' behind a line, spaces or characters an editor does not
    show, text after '---', a wrong fence ('----', '...', an em dash, Hugo's
    '+++'), a YAML directive, or a first line that is a YAML key of front matter."""
    line = at.line
    shown = _shown(first_line)
    lines = rest.split("\n", _LINES_LOOKED_AT)  # the top of the file, not a whole long page
    if not shown:  # blank to the eye, but not only spaces and tabs: look past it
        offset, later = next(((n, later) for n, later in enumerate(map(_shown, lines), 1) if later), (0, ""))
        if later.startswith("---") or _LOOKS_LIKE_KEY.match(later):
            raise _refusal(at, f"line {line} looks blank but holds characters an editor may not show, above "
                           "what looks like front matter",
                           f"delete lines {line} to {line + offset - 1} and start the file with '---'")
        return
    if shown == "---":
        raise _refusal(at, "the '---' line that opens the front matter has spaces or invisible "
                       "characters before or after it",
                       f"delete everything but '---' on line {line} (an editor may not show what is there)")
    if shown.startswith("---") and shown[3] in " \t#":
        raise _refusal(at, "the '---' line that opens the front matter has more on it",
                       f"leave '---' alone on line {line} and start the front matter on the next line")
    if _DIRECTIVE.match(shown):
        raise _refusal(at, "YAML directives ('%YAML', '%TAG') are not supported in front matter",
                       "delete the directive and start the file with '---'")
    keys_below = any(_LOOKS_LIKE_KEY.match(_shown(later)) for later in lines[:_LINES_LOOKED_AT])
    if _FENCE_LIKE.fullmatch(shown) and keys_below:
        fence = "'+++' (TOML front matter) is not supported" if shown.startswith("+") else f"'{shown}' is not '---'"
        raise _refusal(at, f"front matter must open with '---': {fence}",
                       "write the front matter as YAML between two lines of exactly '---'")
    if _LOOKS_LIKE_KEY.match(shown) and (_FENCE_LINE.search(rest) or _front_matter_keys(shown, lines)):
        raise _refusal(at, "front matter must start with a '---' line",
                       "add a line '---' above the first key, and another below the last")


def _front_matter_keys(first: str, lines: list[str]) -> bool:
    """Whether the run of 'key: value' lines the file starts with has a key
    only front matter has."""
    for text in (first, *lines):
        match = _LOOKS_LIKE_KEY.match(_shown(text))
        if not match:
            return False
        if (match["key"] or match["dq"]) in _FRONT_MATTER_KEYS:
            return True
    return False


def parse_yaml(path: str, text: str, line_offset: int = 0) -> Node | None:
    """Parse one YAML document into a node tree; None for an empty document.

    `line_offset` is the number of file lines above the YAML text."""

    def at(mark) -> Position:
        return Position(path, mark.line + 1 + line_offset, mark.column + 1)

    # Each open collection: (start event, children, keys seen); a mapping's
    # children alternate key, value. The first holds the document's root.
    stack: list[tuple] = [(None, [], {})]
    anchors: dict[str, Node] = {}
    alias_nodes = 0
    documents = 0

    def attach(node: Node, anchor: str | None, where: Position) -> None:
        if anchor:
            anchors[anchor] = node
        start, children, seen = stack[-1]
        if isinstance(start, yaml.MappingStartEvent) and len(children) % 2 == 0:
            if not isinstance(node, Scalar):
                raise _refusal(where, "a key must be a plain word, not a list or a mapping",
                               "write keys as 'name: value'")
            if node.text in seen:
                raise _refusal(where, f"duplicate key '{node.text}' (first at line {seen[node.text].line})",
                               "each key may appear once in a mapping; remove or rename one")
            seen[node.text] = node.pos
        children.append(node)

    try:
        for event in yaml.parse(text, Loader=_Loader):
            where = at(event.start_mark)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _refusal(where, "front matter holds more than one YAML document",
                                   "remove the extra '---' or '...' line inside the front matter")
            elif isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                if isinstance(event, yaml.CollectionStartEvent) and len(stack) > MAX_DEPTH:
                    raise _refusal(where, f"front matter is nested deeper than {MAX_DEPTH} levels",
                                   "flatten the structure")
                tag = _tag(event)
                if tag is None:
                    raise _refusal(where, f"unsupported YAML tag '{event.tag}'",
                                   "remove the tag; roadmap files use plain YAML values")
                if isinstance(event, yaml.ScalarEvent):
                    attach(Scalar(event.value, tag, where, event.style or None, end=at(event.end_mark)),
                           event.anchor, where)
                else:
                    stack.append((event, [], {}))
            elif isinstance(event, yaml.CollectionEndEvent):
                start, children, _ = stack.pop()
                pos, size = at(start.start_mark), 1 + sum(child.size for child in children)
                if isinstance(start, yaml.MappingStartEvent):
                    node = Mapping(tuple(zip(children[::2], children[1::2])), pos, size)
                else:
                    node = Sequence(tuple(children), pos, size)
                attach(node, start.anchor, pos)
            elif isinstance(event, yaml.AliasEvent):
                target = anchors.get(event.anchor)
                if target is None:
                    raise _refusal(where, f"unknown alias '*{event.anchor}'",
                                   f"define the anchor '&{event.anchor}' before using it")
                alias_nodes += target.size
                if alias_nodes > MAX_ALIAS_NODES:
                    raise _refusal(where, "aliases in the front matter expand to too many values",
                                   "write the values out instead of repeating aliases")
                attach(target, None, where)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "quoted scalar" in (exc.context or ""):
            mark = exc.context_mark  # where the unclosed quote opened
        problem = exc.problem or exc.context or "invalid YAML"
        raise _refusal(at(mark) if mark else Position(path, 1 + line_offset, None),
                       f"front matter is not valid YAML: {problem}",
                       _yaml_hint(problem, text, mark)) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML refuses (a control character): find its line.
        character = chr(exc.character) if isinstance(exc.character, int) else exc.character
        index = text.find(character) if character else -1
        line = text.count("\n", 0, index) + 1 + line_offset if index >= 0 else 1 + line_offset
        code = ord(character or chr(0))
        raise _refusal(Position(path, line, None),
                       f"front matter is not valid YAML: the character #x{code:04x} is not allowed",
                       "remove the control character from the front matter") from None
    except yaml.YAMLError as exc:
        raise _refusal(Position(path, 1 + line_offset, None), f"front matter is not valid YAML: {exc}",
                       "check the YAML syntax") from None
    roots = stack[0][1]
    return roots[0] if roots else None


def _tag(event: yaml.ScalarEvent | yaml.CollectionStartEvent) -> str | None:
    """The tag a node is read with, without the yaml.org prefix ("map" or
    "seq" for a collection); None for a tag roadmap files do not use."""
    if isinstance(event, yaml.CollectionStartEvent):
        kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
        return None if event.tag and event.tag not in _COLLECTION_TAGS else kind
    if event.tag and event.tag != "!":
        name = event.tag.removeprefix(_STANDARD_TAG)
        return name if name in _SCALAR_TAGS and name != event.tag else None
    if event.tag == "!" or event.style:
        return "str"
    resolved = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
    return resolved[len(_STANDARD_TAG) :] if resolved.startswith(_STANDARD_TAG) else "str"


def _yaml_hint(problem: str, text: str, mark) -> str:
    lines = text.split("\n")
    if mark and 0 <= mark.line < len(lines) and "\t" in lines[mark.line]:
        return "YAML does not allow tabs for indentation; indent with spaces"
    if "quoted scalar" in problem or "end of stream" in problem:
        return "a quoted value is not closed: add the closing quote"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted"
    return "check the indentation and quoting on this line"
