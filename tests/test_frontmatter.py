"""frontmatter: split a file and parse its YAML into a tree with positions.
Pure functions of (path, text): no files needed."""

from __future__ import annotations

import pytest

from roadmapgen.read.frontmatter import (
    MAX_DEPTH, FrontMatterError, Mapping, Scalar, Sequence, parse_yaml, split_file,
)

PATH = "content/a.md"


def fails(text: str):
    """The diagnostic split_file raises for `text`."""
    with pytest.raises(FrontMatterError) as caught:
        split_file(PATH, text)
    diagnostic = caught.value.diagnostic
    assert diagnostic.code == "bad-front-matter" and diagnostic.path == PATH
    return diagnostic


# -- splitting -----------------------------------------------------------------

def test_split_front_matter_and_body():
    split = split_file(PATH, "---\nkind: page\ntitle: A\n---\n\nBody line.\n")
    assert isinstance(split.front, Mapping)
    assert [key.text for key, _ in split.front.entries] == ["kind", "title"]
    assert split.body == "\nBody line.\n"
    assert split.body_line == 5


def test_a_file_without_front_matter_is_all_body():
    split = split_file(PATH, "# Notes\n\nJust text: with a colon.\n")
    assert split.front is None
    assert (split.body, split.body_line) == ("# Notes\n\nJust text: with a colon.\n", 1)


def test_empty_front_matter_is_an_empty_mapping():
    split = split_file(PATH, "---\n---\nBody\n")
    assert split.front.entries == () and split.body == "Body\n" and split.body_line == 3


def test_comment_only_front_matter_is_an_empty_mapping():
    assert split_file(PATH, "---\n# nothing yet\n---\n").front.entries == ()


def test_byte_order_mark_is_ignored():
    split = split_file(PATH, "\ufeff---\ntitle: A\n---\nBody\n")
    assert split.front.get("title").text == "A"
    assert split.front.get("title").pos.line == 2


def test_dots_close_front_matter_too():
    split = split_file(PATH, "---\ntitle: A\n...\nBody\n")
    assert split.front.get("title").text == "A" and split.body == "Body\n"


def test_closing_line_may_have_trailing_spaces_and_crlf():
    split = split_file(PATH, "---\r\ntitle: A\r\n---  \r\nBody\r\n")
    assert split.front.get("title").text == "A"
    assert split.body == "Body\r\n" and split.body_line == 4


def test_a_thematic_break_in_the_body_is_not_front_matter():
    split = split_file(PATH, "---\ntitle: A\n---\n\nText\n\n---\n\nMore\n")
    assert split.body == "\nText\n\n---\n\nMore\n"


def test_blank_lines_next_to_the_fences_keep_their_lines():
    # python-frontmatter's boundary takes in the blank lines after a fence.
    split = split_file(PATH, "---\n\n\ntitle: A\n---\n\n\nBody\n")
    assert split.front.get("title").pos.line == 4
    assert (split.body, split.body_line) == ("\n\nBody\n", 6)


def test_an_error_on_a_line_under_the_opening_fence_is_placed_there():
    found = fails("---\n\x0c\ntitle: A\n---\n")
    assert found.line == 2 and "#x000c" in found.message


def test_the_closing_fence_may_end_in_any_whitespace_like_the_opening_one():
    split = split_file(PATH, "---\u00a0\ntitle: A\n---\u00a0\nBody\n")
    assert split.front.get("title").text == "A" and split.body == "Body\n"


def test_dots_close_before_a_later_dashed_line():
    split = split_file(PATH, "---\ntitle: A\n...\nText\n---\n")
    assert split.body == "Text\n---\n" and split.body_line == 4


def test_four_dashes_do_not_close_the_front_matter():
    # python-frontmatter would close on '----'; like an opening '----', it is refused.
    found = fails("---\ntitle: A\n----\nBody\n")
    assert (found.line, found.column) == (1, 1) and "not closed" in found.message
    assert "line 3 is '----'" in found.hint


def test_unclosed_front_matter_is_placed_at_line_1():
    found = fails("---\ntitle: A\n\nBody that never ends\n")
    assert (found.line, found.column) == (1, 1)
    assert "---" in found.hint


def test_only_an_opening_line_is_unclosed():
    assert fails("---").line == 1


def test_missing_opening_line():
    found = fails("kind: page\ntitle: A\n---\nBody\n")
    assert found.line == 1 and "'---'" in found.message


@pytest.mark.parametrize("text", ["---\n- a\n- b\n---\n", "---\njust words\n---\n", "---\n42\n---\n"])
def test_front_matter_must_be_a_mapping(text):
    found = fails(text)
    assert found.line == 1 and "mapping" in found.message


# -- positions -------------------------------------------------------------------

def test_keys_and_values_know_their_line_and_column():
    split = split_file(PATH, "---\nkind: plan\nitems:\n  - id: a\n    title:   Spaced\n---\n")
    items = split.front.get("items")
    assert isinstance(items, Sequence) and items.pos.line == 4
    item = items.items[0]
    assert (item.pos.line, item.pos.column) == (4, 5)
    title_key = next(key for key, _ in item.entries if key.text == "title")
    assert (title_key.pos.line, title_key.pos.column) == (5, 5)
    assert (item.get("title").pos.line, item.get("title").pos.column) == (5, 14)
    assert item.get("title").pos.path == PATH


def test_parse_yaml_adds_the_line_offset():
    node = parse_yaml(PATH, "a: 1\nb: 2\n", line_offset=10)
    assert node.get("b").pos.line == 12


def test_parse_yaml_of_nothing_is_none():
    assert parse_yaml(PATH, "") is None


# -- scalars keep the text the user typed ------------------------------------------

@pytest.mark.parametrize("source, text, tag", [
    ("2027", "2027", "int"),
    ("no", "no", "bool"),
    ("~", "~", "null"),
    ("'2027'", "2027", "str"),
    ("2026-11-20", "2026-11-20", "timestamp"),
    ("1.50", "1.50", "float"),
    ("0x1F", "0x1F", "int"),
    ("!!str 12", "12", "str"),
    ("plain words", "plain words", "str"),
])
def test_scalars_keep_their_source_text_and_tag(source, text, tag):
    value = parse_yaml(PATH, f"title: {source}\n").get("title")
    assert isinstance(value, Scalar)
    assert (value.text, value.tag) == (text, tag)


def test_block_scalars_keep_their_style():
    node = parse_yaml(PATH, "a: |\n  one\n  two\nb: >-\n  one\n  two\n")
    assert (node.get("a").style, node.get("a").text) == ("|", "one\ntwo\n")
    assert (node.get("b").style, node.get("b").text) == (">", "one two")


# -- strictness ----------------------------------------------------------------------

def test_duplicate_keys_at_the_second_occurrence():
    found = fails("---\nkind: page\ntitle: A\nowner: B\ntitle: C\n---\n")
    assert (found.line, found.column) == (5, 1)
    assert "'title'" in found.message and "line 3" in found.message


def test_duplicate_keys_in_a_nested_mapping():
    found = fails("---\nitems:\n  - id: a\n    title: A\n    id: b\n---\n")
    assert (found.line, found.column) == (5, 5)


def test_the_same_key_in_two_mappings_is_fine():
    split = split_file(PATH, "---\nitems:\n  - id: a\n  - id: b\n---\n")
    assert len(split.front.get("items").items) == 2


def test_yaml_syntax_error_line():
    found = fails("---\nkind: page\ntitle: Notes: the sequel\n---\n")
    assert found.line == 3 and "not valid YAML" in found.message and "quoted" in found.hint


def test_tab_indentation_has_a_tab_hint():
    found = fails("---\nkind: page\nmeta:\n  a: 1\n\tb: 2\n---\n")
    assert found.line == 5 and "tab" in found.hint.lower()


def test_unclosed_quote_is_placed_at_the_opening_quote():
    found = fails('---\nkind: page\ntitle: "Unclosed\nowner: me\n---\n')
    assert (found.line, found.column) == (3, 8)
    assert "quote" in found.hint


def test_control_character_is_placed_at_its_line():
    found = fails("---\nkind: page\ntitle: caf\u00e9\nowner: a\x07b\n---\n")
    assert found.line == 4 and "#x0007" in found.message


def test_more_than_one_document_in_the_front_matter():
    with pytest.raises(FrontMatterError) as caught:
        parse_yaml(PATH, "a: 1\n--- \nb: 2\n", line_offset=1)
    assert caught.value.diagnostic.line == 3


@pytest.mark.parametrize("value", [
    "!!python/object/apply:os.system [\"true\"]",
    "!!python/name:os.system",
    "!!binary aGVsbG8=",
    "!custom thing",
    "!!set {a, b}",
])
def test_tags_that_construct_objects_are_refused(value):
    found = fails(f"---\nkind: page\ntitle: {value}\n---\n")
    assert found.line == 3 and "tag" in found.message


def test_non_scalar_keys_are_refused():
    assert fails("---\n? [a, b]\n: c\n---\n").line == 2


# -- aliases and nesting ----------------------------------------------------------------

def test_a_small_alias_is_expanded():
    node = parse_yaml(PATH, "base: &b {title: A}\ncopy: *b\n")
    assert node.get("copy") is node.get("base")


def test_an_unknown_alias_is_an_error():
    found = fails("---\ntitle: *nope\n---\n")
    assert found.line == 2 and "*nope" in found.message


def test_a_self_referencing_anchor_is_an_error_not_a_loop():
    assert fails("---\na: &a [1, *a]\n---\n").line == 2


def test_an_alias_bomb_is_stopped_where_it_explodes():
    lines = ["---", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for name, previous in zip("bcdefghi", "abcdefgh"):
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    found = fails("\n".join(lines) + "\n---\n")
    assert found.line == 6 and "alias" in found.message


def _nested(levels: int) -> str:
    # The front matter's mapping is the first level.
    return "---\nx: " + "[" * (levels - 1) + "]" * (levels - 1) + "\n---\n"


def test_nesting_of_50_levels_is_allowed():
    split_file(PATH, _nested(MAX_DEPTH))


def test_nesting_deeper_than_50_levels_is_an_error():
    found = fails(_nested(MAX_DEPTH + 1))
    assert found.line == 2 and "nested" in found.message


def test_a_very_deep_block_nesting_is_an_error_not_a_recursion_crash():
    lines = ["---"] + ["  " * depth + f"k{depth}:" for depth in range(2000)] + ["---"]
    assert fails("\n".join(lines) + "\n").line == MAX_DEPTH + 2
