"""The user's text written into a file roadmapgen generates: as a YAML key,
in a YAML comment, or as Markdown text, so that it reads back as exactly
what the user wrote and never as syntax.
"""

from __future__ import annotations

import re

import yaml

_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")
# A plain key is written bare only if YAML 1.1 reads it back as a string
# (not 2027, 017, 0x1f, on, null, 2026-11-01...).
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
# Characters a YAML double-quoted scalar must not hold raw: the reader
# rejects non-printable ones, and NEL, LS and PS are line breaks that fold a
# quoted name. The bidi controls and BOM are escaped too so the file shows
# what it holds in an editor.
_ESCAPE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufeff\ufffe\uffff]"
)
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# What starts an inline construct in the Markdown roadmapgen reads: code,
# emphasis, strikethrough, links, `[[links]]`, footnotes, raw HTML,
# autolinks, entities, table cells, and the backslash itself. Escaped, each
# is its own character again.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>&~|]")
# What else starts a block when it starts a line (a list item's text, say):
# a heading, a list (`-`, `+`, `1.`, `1)`), a setext underline. `>`, `*`,
# fences, tables and HTML start with a character escaped above. Escaping a
# `.` after up to nine digits (or with none before it) is harmless.
_BLOCK_START = re.compile(r"^(\d{0,9})([#+=.)-])")


def _escaped(match: re.Match) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def yaml_key(name: str) -> str:
    """A mapping key YAML reads back as exactly `name`, a string: plain when
    that is unambiguous, else double-quoted with escapes."""
    if _PLAIN_KEY.match(name) and _RESOLVER.resolve(yaml.ScalarNode, name, (True, False)) == _STR_TAG:
        return name
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{_ESCAPE.sub(_escaped, quoted)}"'


def yaml_comment(text: str) -> str:
    """Text for a YAML comment, on one line."""
    # A comment runs to the end of its line, and the YAML reader rejects a
    # non-printable character even there: show those as escapes.
    return _ESCAPE.sub(_escaped, " ".join(str(text).split()))


def markdown_text(text: str) -> str:
    """Text as Markdown that shows exactly that text, on one line, wherever
    a paragraph's text may go (after a list marker, after a word): line
    breaks become spaces, characters that would start Markdown syntax are
    escaped, and invisible ones are shown as escapes (as in a YAML comment)."""
    one_line = _MARKDOWN_SPECIAL.sub(r"\\\g<0>", " ".join(str(text).split()))
    one_line = _BLOCK_START.sub(r"\1\\\2", one_line)
    # The escape's own backslash is text, so it is escaped in turn.
    return _ESCAPE.sub(lambda match: "\\" + _escaped(match), one_line)
