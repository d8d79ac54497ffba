"""fields: each field type reads one YAML node or reports a bad-field."""

from __future__ import annotations

import datetime as dt

import pytest

from roadmapgen.read import fields as f
from roadmapgen.read.frontmatter import parse_yaml

PATH = "content/a.md"


def node(source: str):
    return parse_yaml(PATH, f"value: {source}\n").get("value")


def read(field, source: str):
    return field.read("value", node(source))


def refused(field, source: str):
    with pytest.raises(f.Invalid) as caught:
        read(field, source)
    found = caught.value.diagnostic
    assert (found.code, found.severity, found.path, found.line) == ("bad-field", "error", PATH, 1)
    return found


@pytest.mark.parametrize("source, text", [
    ("2027", "2027"), ("no", "no"), ("yes", "yes"), ("1.50", "1.50"), ("'quoted'", "quoted"),
    ("2026-11-20", "2026-11-20"), ("~", ""), ("null", ""),
])
def test_text_keeps_what_the_user_typed(source, text):
    assert read(f.Text(), source) == text


@pytest.mark.parametrize("source", ["[a, b]", "{a: b}"])
def test_text_refuses_collections(source):
    assert "single value" in refused(f.Text(), source).hint


@pytest.mark.parametrize("source", ["first-step", "a", "0day", "'2027'", "x-1-y"])
def test_valid_ids(source):
    assert read(f.Id(), source) == source.strip("'")


def test_a_number_id_hints_to_quote_it():
    found = refused(f.Id(), "2027")
    assert (found.column, found.hint) == (8, 'quote it: value: "2027"')


@pytest.mark.parametrize("source", ["Bad_Id", "-lead", "has space", "'ünïcode'", "''", "a.b"])
def test_invalid_ids(source):
    refused(f.Id(), source)


def test_an_id_hint_suggests_a_fixed_id():
    assert "'my-goal'" in refused(f.Id(), "My Goal").hint


@pytest.mark.parametrize("source, date", [
    ("2026-11-20", dt.date(2026, 11, 20)),
    ("'2026-11-20'", dt.date(2026, 11, 20)),
    ("2026-11-20T09:30:00", dt.date(2026, 11, 20)),
    ("2026-11-20 09:30:00+01:00", dt.date(2026, 11, 20)),
    ("2028-02-29", dt.date(2028, 2, 29)),
])
def test_dates(source, date):
    assert read(f.Date(), source) == date


@pytest.mark.parametrize("source", ["2026-02-30", "2027-02-29", "2026-13-01", "0000-01-01"])
def test_impossible_dates(source):
    assert "not a real date" in refused(f.Date(), source).message


@pytest.mark.parametrize("source", ["2026-1-5", "20/11/2026", "next week", "20261120", "true"])
def test_values_that_are_not_dates(source):
    assert "YYYY-MM-DD" in refused(f.Date(), source).message


@pytest.mark.parametrize("source, number", [("0", 0), ("100", 100), ("42", 42), ("0x10", 16), ("+7", 7)])
def test_integers_in_range(source, number):
    assert read(f.Integer(0, 100), source) == number


@pytest.mark.parametrize("source", ["101", "-1", "150"])
def test_integers_out_of_range(source):
    assert "from 0 to 100" in refused(f.Integer(0, 100), source).message


@pytest.mark.parametrize("source", ["x", "'70'", "70.5", "true", "70%", "!!int seventy", "9" * 5000])
def test_values_that_are_not_whole_numbers(source):
    refused(f.Integer(0, 100), source)


def test_a_percent_sign_gets_a_hint():
    assert "'%'" in refused(f.Integer(0, 100), "70%").hint


@pytest.mark.parametrize("source, number", [("7", 7.0), ("7.5", 7.5), ("0", 0.0), ("10", 10.0)])
def test_numbers(source, number):
    assert f.read_number("value", node(source), 0, 10) == number


@pytest.mark.parametrize("source", ["11", "-0.5", "twelve", ".nan", ".inf", "!!float x", "9" * 400, "9" * 5000])
def test_bad_numbers(source):
    with pytest.raises(f.Invalid) as caught:
        f.read_number("value", node(source), 0, 10)
    assert caught.value.diagnostic.code == "bad-field"


def test_unbounded_numbers():
    assert f.read_number("value", node("-12.5")) == -12.5


def test_choice_with_a_suggestion():
    choice = f.Choice(("planned", "active", "done", "dropped", "blocked"))
    assert read(choice, "done") == "done"
    found = refused(choice, "doen")
    assert "did you mean 'done'" in found.message
    assert "planned, active, done, dropped, blocked" in found.hint


def test_choice_without_a_close_match_has_no_suggestion():
    assert "did you mean" not in refused(f.Choice(("high", "medium", "low")), "catastrophic").message


def test_refs_take_one_id_or_a_list():
    assert [r.id for r in read(f.Refs(), "a")] == ["a"]
    refs = parse_yaml(PATH, "value:\n  - a\n  - b\n").get("value")
    assert [(r.id, r.pos.line, r.pos.column) for r in f.Refs().read("value", refs)] == [("a", 2, 5), ("b", 3, 5)]
    assert [r.id for r in read(f.Refs(), "[a, ~, b]")] == ["a", "b"]


@pytest.mark.parametrize("source", ["{a: b}", "[[a]]", "[A_B]", "2027"])
def test_refs_refuse_what_is_not_an_id(source):
    refused(f.Refs(), source)


def test_text_list_takes_a_string_or_a_list():
    assert read(f.TextList(), "one") == ("one",)
    assert read(f.TextList(), "[one, 2, no]") == ("one", "2", "no")
    refused(f.TextList(), "[[nested]]")
