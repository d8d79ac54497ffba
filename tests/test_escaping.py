"""Content is untrusted: titles, ids, notes, evidence, bodies and file names
cannot inject markup or script into pages, SVG, feed, calendar or JSON.

Every HTML, SVG and XML file of the build is parsed with `html.parser`; the
checks are independent of the code under test:
- no element or attribute comes from content (payload elements carry
  `pwned` in a class, id or name, which no theme uses);
- no `<script>`, no event-handler attribute, no `srcdoc`;
- no `javascript:`, `vbscript:` or (non-image) `data:` URL in any attribute,
  after decoding character references and dropping what browsers ignore.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import MINIMAL_SITE, write_files

from roadmapgen.commands.build import build_files
from roadmapgen.read.markdown import render_markdown
from roadmapgen.read.rawhtml import clean_html

TODAY = dt.date(2026, 11, 10)

# Markup that must never come alive.
MARKUP = [
    "<script>alert('pwned')</script>",
    "<img src=x onerror=alert(1) class=pwned>",
    "<svg onload=alert(1) class=pwned><circle r=1 /></svg>",
    '"><b class="pwned">q</b>',
    "'><b class='pwned'>q</b>",
    "</title><b class=pwned>t</b>",
    "</textarea><iframe class=pwned srcdoc='<script>alert(1)</script>'></iframe>",
    "<a href=\"javascript:alert(1)\" class=pwned>x</a>",
    "<!-- --><b class=pwned>c</b>",
    "]]><b class=pwned>cdata</b>",
]
# URLs that must never be emitted as links.
SCHEMES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#0000106avascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#x09;script:alert(1)",
    "java&Tab;script:alert(1)",
    "javascript&colon;alert(1)",
    " javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
]

_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
# Attributes a browser follows as a URL (text attributes such as title, alt
# or aria-label may say "javascript:" harmlessly).
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "poster", "background", "srcset",
                  "cite", "longdesc", "lowsrc", "dynsrc", "ping", "manifest", "codebase", "usemap", "icon"}


def is_script_url(value: str) -> bool:
    """`value` as the browser sees it (character references already decoded)."""
    url = _IGNORED.sub("", value).lower()
    if url.startswith(("javascript:", "vbscript:", "livescript:")):
        return True
    return url.startswith("data:") and not re.match(r"data:image/(png|gif|jpeg|webp|avif);", url)


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def problems_in_markup(name: str, text: str) -> list[str]:
    parser = Collector()
    parser.feed(text)
    parser.close()
    found = []
    for tag, attrs in parser.tags:
        if tag in ("script", "iframe", "object", "embed"):
            found.append(f"{name}: <{tag}>")
        for attr, value in attrs:
            value = value or ""
            if attr.startswith("on") or attr == "srcdoc":
                found.append(f"{name}: <{tag} {attr}>")
            # Content may be text in a title or alt, never a class, id or name of its own.
            # (A heading's anchor is a slug of its text, "s-b-classpwned-heading": not markup.)
            generated_anchor = attr == "id" and value.startswith("s-") and re.fullmatch(r"[\w-]+", value)
            if (attr in ("class", "id", "name", "style") and "pwned" in value.lower() and not generated_anchor) \
                    or "pwned" in attr.lower():
                found.append(f"{name}: content markup <{tag} {attr}={value!r}>")
            if attr in URL_ATTRIBUTES and is_script_url(value):
                found.append(f"{name}: <{tag} {attr}={value!r}>")
            # A meta's content is a URL only in a refresh; elsewhere (a link preview's
            # description, the site's name) it is text, which may say anything.
            refresh = tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh"
            if "javascript:" in _IGNORED.sub("", value).lower() and (attr == "style" or (refresh and attr == "content")):
                found.append(f"{name}: <{tag} {attr}={value!r}>")
    return found


def problems(files: dict[str, bytes], raw_html: bool = False) -> list[str]:
    found = []
    for name, data in sorted(files.items()):
        if name.endswith(".png"):  # the theme's apple-touch-icon: an image, no text
            continue
        text = data.decode("utf-8")
        if name.endswith((".html", ".svg")):
            found += problems_in_markup(name, text)
            # Inline SVG and stand-alone SVG must be well-formed XML too (the
            # author's own raw HTML, with allow_html, may not be).
            for svg in [] if raw_html else re.findall(r"<svg\b.*?</svg>", text, re.S):
                ET.fromstring(svg.replace("&nbsp;", "&#160;"))
        elif name.endswith(".xml"):
            tree = ET.fromstring(data)  # well-formed: nothing broke out of an element
            for element in tree.iter():
                if element.text and element.get("type") in ("html", "xhtml"):
                    found += problems_in_markup(f"{name} <{element.tag}>", element.text)
                for attr, value in element.attrib.items():
                    if is_script_url(value):
                        found.append(f"{name}: {element.tag} {attr}={value!r}")
        elif name.endswith(".json"):
            document = json.loads(data)
            for key, value in _walk(document):
                if isinstance(value, str) and key.endswith("_html"):
                    found += problems_in_markup(f"{name} {key}", value)
                if isinstance(value, str) and key in ("url", "href", "link") and is_script_url(value):
                    found.append(f"{name}: {key}={value!r}")
        elif name.endswith(".ics"):
            found += calendar_problems(text)
    return found


def _walk(value, key=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v, key)
    else:
        yield key, value


def calendar_problems(text: str) -> list[str]:
    found = []
    if re.search(r"(?<!\r)\n", text):
        found.append("roadmap.ics: a bare LF")
    unfolded = text.replace("\r\n ", "").replace("\r\n\t", "")
    for line in unfolded.split("\r\n"):
        if line.upper().startswith(("X-PWNED", "ATTENDEE", "ATTACH")) or "PWNED:" in line.upper().split(":", 1)[0]:
            found.append(f"roadmap.ics: injected line {line!r}")
    return found


def yq(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text)


def payload_site(root: Path, payloads: list[str], allow_html: bool = False, extra: dict | None = None) -> Path:
    joined = " ".join(payloads)
    links = "\n".join(
        f"- [link {n}]({p}) ![image {n}]({p}) [ref {n}][r{n}] <{p}>\n\n[r{n}]: {p}\n" for n, p in enumerate(SCHEMES)
    )
    body = f"{joined}\n\n{links}\n\n<{SCHEMES[0]}>\n"
    crlf = "line one\r\nX-PWNED:1\r\nATTENDEE:mailto:x@example.com\nEND:VEVENT"
    files = {
        "roadmap.toml": f'base_url = "https://example.com/r/"\nallow_html = {str(allow_html).lower()}\n',
        "content/index.md": f"""\
---
kind: roadmap
title: {yq('Roadmap ' + joined)}
owner: {yq('Owner ' + MARKUP[3] + crlf)}
as_of: 2026-11-01
target:
  role: {yq('Role ' + joined)}
  level: {yq(MARKUP[1])}
  industry: {yq(MARKUP[2])}
  companies: [{yq(MARKUP[3])}, {yq(MARKUP[4])}]
  by: 2028-06-30
vision: {yq(joined)}
values:
  - {{name: {yq(MARKUP[0])}, score: 4}}
finances:
  {yq(MARKUP[1])}: {yq(MARKUP[2])}
visibility:
  finances: public
---

{body}
""",
        "content/next-30-days.md": f"""\
---
kind: plan
horizon: 30-days
title: {yq(joined)}
items:
  - id: first-step
    title: {yq(joined + crlf)}
    due: 2026-11-20
    serves: [year-goal]
    closes: gap-one
    measure: {yq(joined)}
    evidence: {yq(SCHEMES[0])}
    assumption: {yq(joined)}
    notes: {yq(body + ' [[year-goal|' + MARKUP[0] + ']]')}
  - id: second-step
    title: {yq('Second ' + crlf)}
    due: 2026-11-21
    serves: year-goal
    evidence: {yq('https://example.com/" onmouseover="alert(1)" class="pwned')}
  - id: third-step
    title: Third
    due: 2026-11-22
    serves: year-goal
    evidence: {yq(joined)}
---

{body}
""",
        "content/year-1.md": f"""\
---
kind: plan
horizon: year
items:
  - id: year-goal
    title: {yq(joined)}
    serves: target
    evidence: {yq(SCHEMES[2])}
    notes: {yq(body)}
---
""",
        "content/gaps.md": f"""\
---
kind: gaps
items:
  - id: gap-one
    title: {yq(joined)}
    area: skills
    now: {yq(joined)}
    needed: {yq(body)}
---
""",
        "content/paths.md": f"""\
---
kind: paths
items:
  - id: path-one
    title: {yq(joined)}
    probability: 100
    trigger: {yq(joined)}
    steps:
      - {{role: {yq(joined)}, when: {yq(MARKUP[3])}}}
    pros: [{yq(joined)}]
    cons: {yq(joined)}
    timeline: {yq(joined)}
---
""",
        "content/risks.md": f"""\
---
kind: risks
items:
  - id: risk-one
    title: {yq(joined)}
    probability: 50
    impact: high
    mitigation: {yq(body)}
---
""",
        "content/reviews/2026-10-01-monthly.md": f"""\
---
kind: review
date: 2026-10-01
type: monthly
title: {yq(joined + crlf)}
ratings:
  {yq(MARKUP[1])}: 7
metrics:
  {yq(MARKUP[2] + crlf)}: 3
---

{body}
""",
        "content/reviews/2026-10-20-monthly.md": f"""\
---
kind: review
date: 2026-10-20
type: monthly
ratings:
  {yq(MARKUP[1])}: 5
metrics:
  {yq(MARKUP[2] + crlf)}: 9
progress:
  first-step: done
---

{body}
""",
        "content/notes/a page.md": f"---\ntitle: {yq(joined)}\n---\n\n{body}\n",
        **(extra or {}),
    }
    return write_files(root, {k: v for k, v in {**MINIMAL_SITE, **files}.items()})


@pytest.fixture(scope="module")
def payload_build(tmp_path_factory):
    root = payload_site(tmp_path_factory.mktemp("payloads"), MARKUP)
    return {audience: build_files(root, TODAY, audience=audience)[0] for audience in ("public", "private")}


@pytest.mark.parametrize("audience", ("public", "private"))
def test_no_markup_or_script_from_content(payload_build, audience):
    files = payload_build[audience]
    assert "feed.xml" in files and "roadmap.ics" in files and "roadmap.json" in files
    assert problems(files) == []


def test_payloads_are_shown_as_text(payload_build):
    """The payloads are not dropped: readers see what the author typed."""
    page = payload_build["private"]["30-days.html"].decode()
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in page or "&lt;script&gt;alert('pwned')" in page
    assert "&lt;img src=x onerror=alert(1) class=pwned&gt;" in page


def test_evidence_link_only_for_web_urls(payload_build):
    page = payload_build["private"]["30-days.html"].decode()
    parser = Collector()
    parser.feed(page)
    hrefs = [dict(attrs).get("href", "") for tag, attrs in parser.tags if tag == "a"]
    assert not [h for h in hrefs if "onmouseover" in h and '"' not in h and "&" not in h and h.count(" ") == 0]
    assert any(h.startswith("https://example.com/") and "onmouseover" in h for h in hrefs)  # kept whole, inside the href


def test_calendar_has_no_injected_lines(payload_build):
    pytest.importorskip("icalendar")
    ics = payload_build["private"]["roadmap.ics"].decode()
    assert calendar_problems(ics) == []
    vobject = pytest.importorskip("vobject")
    calendar = vobject.readOne(ics)
    assert not any(line.name.upper().startswith("X-PWNED") for line in calendar.getChildren())


def test_json_round_trips_payloads(payload_build):
    document = json.loads(payload_build["private"]["roadmap.json"])
    assert MARKUP[0] in json.dumps(document, ensure_ascii=False)  # as text, in a JSON string


@pytest.mark.parametrize("url", SCHEMES)
@pytest.mark.parametrize("template", ["[x]({})", "![x]({})", "[x][r]\n\n[r]: {}", "<{}>", "[x](<{}>)", '[x]({} "t")'])
def test_markdown_never_links_a_script_url(url, template):
    out = render_markdown(template.format(url), lambda i, label: i)
    assert problems_in_markup("md", out) == [], out


@pytest.mark.parametrize("allow_html", (False, True))
@pytest.mark.parametrize("payload", MARKUP + [f'<a href="{u}">x</a>' for u in SCHEMES] + [
    '<a href="java\nscript:alert(1)">x</a>', "<a href='\tjavascript:alert(1)'>x</a>", "<a href=javascript:alert(1)>x</a>",
    '<img src="jav&#x0A;ascript:alert(1)">', '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', '<form action="javascript:alert(1)"><button formaction="javascript:x">b</button></form>',
    '<div style="background:url(javascript:alert(1))">x</div>', '<IMG SRC=x ONERROR="alert(1)">', "<img src=x onerror\n=alert(1)>",
    '<object data="data:text/html,x"></object>', "<a href=\"x\"\tonclick='alert(1)'>x</a>",
])
def test_raw_html_is_escaped_or_defused(payload, allow_html):
    text = f"Before {payload} after\n\n{payload}\n"
    out = render_markdown(text, lambda i, label: i, allow_html=allow_html)
    found = [p for p in problems_in_markup("md", out) if "content markup" not in p or not allow_html]
    assert found == [], out
    if not allow_html:
        assert "<" not in re.sub(r"</?(p)>", "", out).replace("<br />", ""), out


def test_allow_html_keeps_harmless_markup():
    out = render_markdown('<kbd>Ctrl</kbd> and <a href="https://example.com/" title="t">ok</a>\n\n<div class="box">\nx\n</div>\n',
                          lambda i, label: i, allow_html=True)
    assert "<kbd>Ctrl</kbd>" in out
    assert '<a href="https://example.com/" title="t">ok</a>' in out
    assert '<div class="box">' in out


def test_allow_html_site_emits_no_script_url(tmp_path):
    payloads = MARKUP + [f'<a href="{u}" class="x">x</a>' for u in SCHEMES] + [f'<img src="{u}">' for u in SCHEMES]
    root = payload_site(tmp_path, payloads, allow_html=True)
    files = build_files(root, TODAY, audience="private")[0]
    found = [p for p in problems(files, raw_html=True) if "content markup" not in p]
    assert found == []
    page = files["index.html"].decode()
    assert 'class="x"' in page  # the raw HTML really is live


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", "<script src=//x.example/a.js></script>",
                                     "<SCRIPT>x</b><img src=x onerror=alert(1)></SCRIPT>", "<iframe src=//x></iframe>",
                                     '<base href="//x.example/">', "<object data=x></object>", "<embed src=x>"])
def test_allow_html_drops_script_and_embedding_elements(payload):
    out = render_markdown(f"{payload}\n\ntext {payload} text\n", lambda i, label: i, allow_html=True)
    assert problems_in_markup("md", out) == [], out
    assert not re.search(r"<(script|iframe|base|object|embed)\b", out, re.I), out


def test_clean_html_keeps_text_and_safe_attributes():
    assert clean_html('<p class="a" title="x &amp; y">1 &lt; 2</p>') == '<p class="a" title="x &amp; y">1 &lt; 2</p>'
    assert clean_html('<img src="data:image/png;base64,AAAA" alt="">') == '<img src="data:image/png;base64,AAAA" alt="">'
    # nh3 parses as a browser does: an unclosed element is closed, an unfinished tag is no tag.
    assert clean_html("<a href=x onclick=y>") == '<a href="x"></a>'
    assert "<a" not in clean_html('<a href="x')


def test_ids_are_validated_so_they_never_reach_markup(tmp_path, run_main):
    bad = {**MINIMAL_SITE, "content/year-1.md": MINIMAL_SITE["content/year-1.md"].replace(
        "id: year-goal", 'id: "year-goal\\"><script>x</script>"')}
    root = write_files(tmp_path, bad)
    result = run_main(["build", root, "--today", TODAY.isoformat()])
    assert result.code != 0
    assert not (root / "site").exists()
