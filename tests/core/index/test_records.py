"""The index's JSON records: what is written reads back equal, and anything else is refused (ValueError)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from viewer.core.index import records
from viewer.core.model import Boilerplate, Divergence, FactKind, FactSide, Repeat, Span, Verdict


def test_records_read_back_equal() -> None:
    values = [
        ((Divergence(FactKind("date"), Verdict("conflict"), FactSide(1, 8, "June 27", "2018-06-27"), None,
                     "date-mismatch", 0.9),), tuple[Divergence, ...]),
        ((Repeat(Span("a", 1, 9), Span("a", 20, 28), 0.75),), tuple[Repeat, ...]),
        ((Boilerplate((Span("a", 0, 4), Span("b", 0, 4)), "Sign up"),), tuple[Boilerplate, ...]),
        ({"sentences": 12.0, "pairs": 3}, dict[str, float]),
        ([("a.txt", 3)], list[tuple[str, int]]),
    ]
    for value, hint in values:
        assert records.load(records.dump(value), hint) == value


@dataclass(frozen=True)
class Grown:
    """A record that gained a field with a default after rows were written."""

    name: str
    extra: tuple[int, ...] = field(default=())


@pytest.mark.parametrize("text", [
    '[{"kind": "date"}]',  # fields missing
    '[{"kind": "date", "verdict": "conflict", "a": null, "b": null, "rule": "r", "confidence": "high"}]',
    '[{"kind": "date", "verdict": "maybe", "a": null, "b": null, "rule": "r", "confidence": 1}]',
    '[{"kind": "date", "verdict": "conflict", "a": null, "b": null, "rule": "r", "confidence": 1, "x": 1}]',
    "{}", "[1]", "not json", "[" * 100_000 + "]" * 100_000,
])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        records.load(text, tuple[Divergence, ...])


def test_fields_are_read_from_the_class_and_defaults_fill_old_rows() -> None:
    assert records.load('{"name": "old"}', Grown) == Grown("old")
    assert records.load(records.dump(Grown("new", (1, 2))), Grown) == Grown("new", (1, 2))
    with pytest.raises(ValueError):
        records.load(b"\x80\x04K\x01.", Grown)  # a pickle is not JSON


def test_plain_mappings_read_back_equal_and_are_still_checked() -> None:
    """A dict of plain values (the corpus's word counts) is written and read as a whole; one value of the
    wrong type is still refused, and an int where a float is declared still reads as a float."""
    terms = {f"w{i}": i for i in range(1000)}
    assert records.load(records.dump(terms), dict[str, int]) == terms
    assert records.dump({"a": 1, "b": (Span("a", 1, 2),)}) == '{"a":1,"b":[{"doc":"a","start":1,"end":2}]}'
    with pytest.raises(ValueError):
        records.load('{"a": 1, "b": "2"}', dict[str, int])
    with pytest.raises(ValueError):
        records.load('{"a": 1, "b": true}', dict[str, int])
    got = records.load('{"a": 1, "b": 2.5}', dict[str, float])
    assert got == {"a": 1.0, "b": 2.5} and type(got["a"]) is float
