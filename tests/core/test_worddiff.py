"""Word diff of one aligned pair (viewer.core.worddiff), on literal passages with expected runs."""

from __future__ import annotations

import itertools
import random
from unittest import mock

from viewer.core import worddiff
from viewer.core.worddiff import DiffOp, rebuild, word_diff


def _runs(a: str, b: str) -> list[tuple[str, str, str]]:
    ops = word_diff(a, (0, len(a)), b, (0, len(b)))
    return [(o.op, a[o.a_start : o.a_end], b[o.b_start : o.b_end]) for o in ops]


def test_changed_month_is_one_replaced_word() -> None:
    assert _runs("fly them out on June 27, the anniversary", "fly them out on July 27, the anniversary") == [
        ("equal", "fly them out on ", "fly them out on "),
        ("delete", "June", ""),
        ("insert", "", "July"),
        ("equal", " 27, the anniversary", " 27, the anniversary"),
    ]


def test_words_are_the_units_not_characters() -> None:
    # Character diffs would keep "7," and "00" as equal; a reader sees one number replaced by another.
    runs = _runs("7,800 American service members", "7,700 American service members")
    assert ("delete", "800", "") in runs and ("insert", "", "700") in runs
    assert all(r[1] not in ("8", "7") for r in runs if r[0] == "delete")


def test_offsets_are_absolute_in_both_documents_and_rebuild_both_passages() -> None:
    text_a = "Intro. A US delegation was expected to retrieve the remains. Outro."
    text_b = "x" * 10 + "a U.S. delegation is planned to retrieve the remains" + "y" * 5
    span_a = (7, text_a.index(" Outro"))
    span_b = (10, len(text_b) - 5)
    ops = word_diff(text_a, span_a, text_b, span_b)
    assert ops[0].a_start == 7 and ops[0].b_start == 10
    assert ops[-1].a_end == span_a[1] and ops[-1].b_end == span_b[1]
    assert rebuild(text_a, text_b, ops) == (text_a[slice(*span_a)], text_b[slice(*span_b)])
    for prev, nxt in itertools.pairwise(ops):
        assert prev.a_end == nxt.a_start and prev.b_end == nxt.b_start


def test_identical_and_empty_passages() -> None:
    assert word_diff("same words", (0, 10), "same words", (0, 10)) == [DiffOp("equal", 0, 10, 0, 10)]
    assert word_diff("", (0, 0), "added", (0, 5)) == [DiffOp("insert", 0, 0, 0, 5)]
    assert word_diff("", (0, 0), "", (0, 0)) == []


def test_semantic_cleanup_merges_scattered_equalities() -> None:
    a = "The remains of 55 American soldiers may return home"
    b = "North Korea will hand over as many as 55 troops"
    runs = _runs(a, b)
    # Coincidental one-word matches ("the", spaces) are folded into the surrounding change.
    assert sum(1 for r in runs if r[0] == "equal") <= 2


def test_a_passage_of_more_distinct_words_than_the_bmp_codes_diffs_the_same_in_both_ports() -> None:
    # 7,000 distinct words: codes beyond the Basic Multilingual Plane's private-use area, which the C++ wheel
    # takes where wchar_t is 32 bits and which a 16-bit wchar_t (Windows) sends to the Python port.
    rng = random.Random(7)
    words = [f"w{i}" for i in range(7000)]
    a = " ".join(words)
    edited = list(words)
    for i in rng.sample(range(7000), 300):
        edited[i] = f"x{i}"
    b = " ".join(edited)
    native = word_diff(a, (0, len(a)), b, (0, len(b)))
    assert rebuild(a, b, native) == (a, b)
    with mock.patch.object(worddiff, "_WIDE_WCHAR", False), \
            mock.patch.object(worddiff.fast_diff_match_patch, "diff", side_effect=AssertionError("C++ port")):
        assert word_diff(a, (0, len(a)), b, (0, len(b))) == native


def test_without_the_cpp_wheel_the_python_port_gives_the_same_runs() -> None:
    # A Python the wheel is not built for (3.13 and later) imports none: worddiff uses the Python port.
    a = "North Korea has agreed to return the remains of 55 U.S. troops as early as next week, officials said."
    b = "North Korea agreed to hand over the remains of as many as 55 troops next week, an official said."
    native = word_diff(a, (0, len(a)), b, (0, len(b)))
    with mock.patch.object(worddiff, "fast_diff_match_patch", None):
        assert word_diff(a, (0, len(a)), b, (0, len(b))) == native
        differ = worddiff.Differ()  # the facts stage's
        assert differ.diff(differ.code(a, (0, len(a))), differ.code(b, (0, len(b)))) == native
