"""Property: no input, however broken, makes `check` crash, and every
finding is placed: a file, and a line for everything but `no-root`.

Front matter comes in four flavours: YAML-ish text built from the
characters YAML cares about, mappings of the format's real field names with
random values dumped by yaml.safe_dump, front matter typed line by line for
each kind with raw YAML values (tags, huge numbers, anchors) where the
parser reads them, and raw bytes. Bodies are random
Markdown with `[[links]]` and code. Files go into a fresh temporary folder
for each example (no function-scoped fixtures, so no health-check issue).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import MINIMAL_SITE, write_files

from roadmapgen.analyse.project import load_project
from roadmapgen.model import DIMENSIONS, HORIZONS, IMPACTS, REVIEW_TYPES, STATUSES, VISIBILITIES
from roadmapgen.read.documents import parse_document
from roadmapgen.read.kinds import CADENCE_FIELDS, ENTRY_FIELDS, KIND_FIELDS, KINDS, TARGET_FIELDS, VALUE_FIELDS

CODES = {
    "bad-front-matter", "bad-encoding", "bad-field", "duplicate-id", "unknown-ref", "serves-shorter",
    "due-outside-horizon", "probabilities", "no-root", "many-roots", "bad-config", "unknown-field",
    "empty-file", "orphan", "no-next-step", "gap-unaddressed", "vague-30-days", "overdue",
    "review-overdue", "stale-plan", "window-passed",
}
# Characters after which YAML (and so a reported line) counts a new line
# that a '\n' count does not.
ODD_BREAKS = ("\r", "\x85", "\u2028", "\u2029")

FIELD_NAMES = sorted({
    name
    for table in [*(t for t, _ in KIND_FIELDS.values()), *(t for t, _ in ENTRY_FIELDS.values()),
                  TARGET_FIELDS, VALUE_FIELDS, CADENCE_FIELDS]
    for name in table
})
IDS = ["a", "b", "first-step", "year-goal", "target", "gap-a", "p1", "Bad_Id", "2027"]
WORDS = [*KINDS, *HORIZONS, *STATUSES, *DIMENSIONS, *IMPACTS, *REVIEW_TYPES, *VISIBILITIES, *IDS,
         "plna", "doen", "monthy", "huge", "2026-11-20", "2026-02-30", "[[a]]", "[[nope|x]]"]

scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(), st.integers(min_value=-5, max_value=120),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1)), st.datetimes(),
    st.sampled_from(WORDS), st.text(max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.sampled_from(IDS), st.text(max_size=6)),
                        inner, max_size=4),
    ),
    max_leaves=6,
)
entry = st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=5)
_known_fields = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.one_of(st.sampled_from(KINDS), values),
        "horizon": st.one_of(st.sampled_from(HORIZONS), values),
        "items": st.one_of(st.lists(entry, max_size=7), values),
        "as_of": st.one_of(st.dates(min_value=dt.date(1, 1, 1)), values),
        "target": st.one_of(st.dictionaries(st.sampled_from(sorted(TARGET_FIELDS)), values, max_size=3), values),
        "progress": st.dictionaries(st.sampled_from(IDS), st.one_of(st.sampled_from(STATUSES), values), max_size=3),
    },
)
known_mapping = st.tuples(_known_fields, st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=3)).map(
    lambda parts: {**parts[1], **parts[0]})


def dumped(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


yamlish = st.lists(
    st.one_of(
        st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?~ \n\t\r\\.") + ["---", "...", "  ", "\n  - ", ": ", "&a ", "*a", "!!"]),
        st.sampled_from(FIELD_NAMES), st.sampled_from(WORDS),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=40,
).map("".join)
body = st.lists(
    st.one_of(
        st.sampled_from(["\n", "\n\n", "`", "```\n", "    ", "# ", "- ", "[[", "]]", "|", "[[a]]",
                         "[[target|t]]", "[[nope]]", "`[[x]]`", "<b>", "\r\n", "> "]),
        st.sampled_from(IDS), st.text(max_size=10),
    ),
    max_size=25,
).map("".join)
# Front matter written line by line, the way people type it: real field
# names with raw YAML values (tags, huge numbers, anchors, flow collections).
nasty_values = st.sampled_from(["!!int x", "!!float x", "!!str 5", "!!bool maybe", "9" * 400, "9" * 5000, ".nan", "-.inf",
                     "0x1F", "1_000", "1e3", "2026-02-30", "2026-11-20T10:00:00", "9999-12-31", "~", "[a, b]",
                     "{a: 1}", "&a x", "*a", "'quoted'", '"dq \\u0041"', ">-", "|", "[[a]]", "yes", ""])
raw_values = st.one_of(nasty_values, nasty_values, st.sampled_from(WORDS), st.integers().map(str))
BASICS = {  # enough for each kind to build, so values deep inside get read
    "roadmap": "kind: roadmap\ntitle: T\nowner: O\nas_of: 2026-11-01\n",
    "plan": "kind: plan\nhorizon: {horizon}\n",
    "review": "kind: review\ndate: 2026-11-05\ntype: {review}\n",
}
BLOCKS = {  # nested mappings of each kind, and the keys they take
    "roadmap": {"target": sorted(TARGET_FIELDS), "cadence": sorted(CADENCE_FIELDS), "finances": IDS,
                "visibility": ["target", "vision", "values", "finances", "cadence", "other"]},
    "review": {"ratings": IDS, "metrics": IDS, "progress": IDS},
}


def _lines(names, indent: str = ""):
    return st.lists(st.tuples(st.sampled_from(sorted(names)), raw_values), max_size=5, unique_by=lambda kv: kv[0]).map(
        lambda pairs: "".join(f"{indent}{name}: {value}\n" for name, value in pairs))


def _typed(kind: str):
    fields = KIND_FIELDS[kind][0]
    basics = BASICS.get(kind, f"kind: {kind}\n")
    taken = {line.split(":")[0] for line in basics.splitlines()} | {"items"} | set(BLOCKS.get(kind, {}))
    blocks = [
        st.tuples(st.just(name), _lines(keys, "  ")).map(lambda parts: f"{parts[0]}:\n{parts[1]}")
        for name, keys in BLOCKS.get(kind, {}).items()
    ]
    if kind == "roadmap":
        blocks.append(st.lists(raw_values, max_size=6).map(
            lambda scores: "values:\n" + "".join(f"  - name: V\n    score: {score}\n" for score in scores)))
    if kind in ENTRY_FIELDS:
        entry_fields = set(ENTRY_FIELDS[kind][0]) - {"id"}
        entry = st.tuples(st.sampled_from(IDS), _lines(entry_fields, "    ")).map(
            lambda parts: f"  - id: {parts[0]}\n{parts[1]}")
        blocks.append(st.lists(entry, min_size=1, max_size=4).map(lambda entries: "items:\n" + "".join(entries)))
    return st.tuples(
        st.sampled_from(HORIZONS), st.sampled_from(REVIEW_TYPES),
        _lines(set(fields) - taken),
        st.tuples(*(st.one_of(st.just(""), block) for block in blocks)).map("".join),  # each block at most once
    ).map(lambda parts: basics.format(horizon=parts[0], review=parts[1]) + parts[2] + parts[3])


typed = st.sampled_from(KINDS).flatmap(_typed)
front_matter = st.one_of(
    known_mapping.map(dumped),
    yamlish,
    typed,
    st.lists(known_mapping, max_size=2).map(dumped),
)
files_text = st.one_of(
    st.tuples(front_matter, body).map(lambda parts: f"---\n{parts[0]}---\n{parts[1]}"),
    st.tuples(front_matter, body).map(lambda parts: f"{parts[0]}\n---\n{parts[1]}"),
    front_matter, body,
)
file_data = st.one_of(files_text, files_text.map(lambda text: text.encode("utf-8")), st.binary(max_size=80))
names = st.sampled_from([
    "content/index.md", "content/next-30-days.md", "content/year-1.md", "content/gaps.md",
    "content/paths.md", "content/reviews/r.md", "content/notes/a.md", "content/b.md",
])
sites = st.tuples(
    st.booleans(),  # start from the minimal clean site?
    st.dictionaries(names, file_data, min_size=1, max_size=4),
    st.one_of(st.none(), yamlish, st.binary(max_size=30)),  # roadmap.toml
)


def assert_placed(findings, texts: dict[str, str | bytes]) -> None:
    for found in findings:
        assert found.code in CODES, found
        assert found.severity in ("error", "warning"), found
        assert found.message, found
        assert isinstance(found.path, str) and found.path and "\\" not in found.path, found
        if found.code == "no-root":
            assert (found.path, found.line, found.column) == ("content", None, None), found
            continue
        assert isinstance(found.line, int) and found.line >= 1, found
        assert found.column is None or (isinstance(found.column, int) and found.column >= 1), found
        data = texts.get(found.path)
        if isinstance(data, bytes):
            data = data.decode("utf-8", "replace")
        if data is not None and not any(odd in data for odd in ODD_BREAKS):
            assert found.line <= data.count("\n") + 1, (found, data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sites, st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_check_never_crashes_and_places_every_finding(site, today):
    with_minimal, files, config = site
    tree = {**(MINIMAL_SITE if with_minimal else {}), **files}
    if config is not None:
        tree["roadmap.toml"] = config
    with tempfile.TemporaryDirectory() as folder:
        root = write_files(Path(folder), tree)
        project = load_project(root, today)
    assert_placed(project.diagnostics, tree)
    if not any(name == "content/index.md" or name.startswith("content/") for name in tree):
        assert [d.code for d in project.diagnostics].count("no-root") == 1


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(typed, body).map(lambda parts: f"---\n{parts[0]}---\n{parts[1]}"))
def test_parse_document_never_crashes_on_typed_front_matter(text):
    document, found = parse_document("content/a.md", text)
    assert_placed(found, {"content/a.md": text})
    if found and any(d.code in ("bad-front-matter", "empty-file") for d in found):
        assert document is None
