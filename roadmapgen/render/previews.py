"""The short summaries of link previews (meta description, Open Graph).

Only the public edition carries them (the others are `noindex` and shared by
hand). Every summary is made from what the page itself shows the audience:
rendered HTML, with hidden references already replaced, or fields the view
lets through, so a preview can tell no more than the page.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from roadmapgen.model import Target
from roadmapgen.render.templates import long_date

MAX_CHARS = 200  # search engines cut descriptions at about 160 characters; Slack at about 300
# Inline elements run on within a sentence ("**v2**." is "v2."); any other tag
# parts words, as a line break or a new block does. A footnote mark is left out.
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|cite|code|del|em|i|ins|kbd|mark|q|s|small|span|strong|sub|sup|time|u)\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")
_FOOTNOTE_MARK = re.compile(r'<sup class="footnote-ref">.*?</sup>', re.S)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
# A sentence ends at . ! or ? before a space and a word that does not start in lower case ("e.g. this").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^a-z])")


def plain_text(rendered: str) -> str:
    """Rendered HTML as plain text on one line."""
    text = _TAG.sub(" ", _INLINE_TAG.sub("", _FOOTNOTE_MARK.sub("", rendered)))
    return " ".join(html.unescape(text).split())


def first_sentence(rendered: str) -> str:
    """The first sentence of rendered HTML, as plain text on one line: of its first
    paragraph with words in it when it has one (a heading says too little on its own,
    an image nothing)."""
    texts = [plain_text(p) for p in _PARAGRAPH.findall(rendered)]
    text = next((t for t in texts if t), "") if texts else plain_text(rendered)
    return shorten(_SENTENCE_END.split(text, maxsplit=1)[0])


def shorten(text: str) -> str:
    """`text` on one line (a title or role may hold line breaks and tabs), cut at MAX_CHARS."""
    text = " ".join(text.split())
    if len(text) <= MAX_CHARS:
        return text
    return text[:MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def overview_summary(target: Target | None, intro_html: str, title: str, owner: str) -> str:
    """The overview's: the target (when the audience may see it), else the intro's first sentence."""
    if target is not None and target.role:
        role = f"{target.role} ({target.level})" if target.level else target.role
        return shorten(f"Aiming at {role}" + (f" by {long_date(target.by)}." if target.by else "."))
    if target is not None and target.candidates:
        return shorten("Exploring " + ", ".join(target.candidates) + ".")
    sentence = first_sentence(intro_html)
    if sentence:
        return sentence
    return shorten(f"The career roadmap of {owner}." if owner else f"{title}: a career roadmap.")


def horizon_summary(label: str, start: dt.date | None, end: dt.date | None, count: int) -> str:
    """A horizon page's: its window and how many items it holds."""
    window = f" from {long_date(start)} to {long_date(end)}" if start and end else ""
    return f"{label}{window}: {count} item{'s' * (count != 1)}."


def page_summary(title: str, site_title: str, body_html: str = "") -> str:
    """Any other page's: its body's first sentence, else its title and the site's."""
    return first_sentence(body_html) or shorten(f"{title}, from {site_title}.")
