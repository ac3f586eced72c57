"""Property-based tests (Hypothesis) of the core's invariants, over generated news-like text.

The texts are built from words, numbers, dates, quotes, punctuation and non-ASCII words, and passage pairs
are edits of one shared base, so the diffs and alignments have real work to do. Each test has a bounded
example budget so that the suite stays quick in `make test`.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.worddiff import rebuild, word_diff

BUDGET = settings(max_examples=80, deadline=None)

_WORDS = [
    "the", "remains", "of", "American", "soldiers", "were", "returned", "to", "United", "States", "on",
    "Friday", "after", "a", "ceremony", "at", "Osan", "air", "base", "where", "officials", "said", "that",
    "North", "Korea", "had", "agreed", "during", "summit", "in", "Singapore", "about", "more", "than",
]
_UNICODE_WORDS = [
    "Séoul", "Pyongyang’s", "naïve", "café", "Müller", "北朝鮮", "서울", "Ωmega",
    "—", "…", "🇰🇷", "e\u0301",
]
_MONTHS = ["January", "June", "July", "September", "December"]


def _number() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(0, 99).map(str),
        st.integers(1000, 99_999).map(lambda n: f"{n:,}"),
        st.floats(0, 100, allow_nan=False).map(lambda x: f"{x:.1f}"),
        st.tuples(st.integers(1900, 2030), st.integers(0, 99)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
    )


def _date() -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(st.sampled_from(_MONTHS), st.integers(1, 28)).map(lambda t: f"{t[0]} {t[1]}"),
        st.tuples(st.sampled_from(_MONTHS), st.integers(1, 28), st.integers(1950, 2025)).map(
            lambda t: f"{t[0]} {t[1]}, {t[2]}"
        ),
        st.dates(date(1900, 1, 1), date(2030, 12, 31)).map(lambda d: d.isoformat()),
        st.integers(1950, 2025).map(str),
    )


def _token() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(_WORDS),
        st.sampled_from(_WORDS),
        st.sampled_from(_UNICODE_WORDS),
        _number(),
        _date(),
        st.sampled_from([",", ".", ";", ":", "\"", "“", "”", "(", ")", "'s", "-", "%", "$", "?"]),
    )


_SEPARATORS = st.sampled_from([" ", " ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0"])


@st.composite
def texts(draw: st.DrawFn, min_tokens: int = 0, max_tokens: int = 60) -> str:
    """A stretch of news-like text: tokens joined by spaces, line breaks and the odd non-breaking space."""
    tokens = draw(st.lists(_token(), min_size=min_tokens, max_size=max_tokens))
    return "".join(tok + draw(_SEPARATORS) for tok in tokens)


@st.composite
def edited(draw: st.DrawFn, base: str) -> str:
    """`base` with a few words replaced, inserted or deleted: how one outlet rewrites another's sentence."""
    words = base.split(" ")
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(words)))
        action = draw(st.sampled_from(["replace", "insert", "delete"]))
        if action == "insert" or not words:
            words.insert(i, draw(_token()))
        elif action == "replace":
            words[min(i, len(words) - 1)] = draw(_token())
        else:
            del words[min(i, len(words) - 1)]
    return " ".join(words)


@st.composite
def spans(draw: st.DrawFn, text: str) -> tuple[int, int]:
    start = draw(st.integers(0, len(text)))
    return start, draw(st.integers(start, len(text)))


@st.composite
def passage_pairs(draw: st.DrawFn) -> tuple[str, tuple[int, int], str, tuple[int, int]]:
    """Two documents whose chosen passages are rewrites of one base sentence, with text around them."""
    base = draw(texts(min_tokens=1))
    pa, pb = draw(edited(base)), draw(edited(base))
    before_a, after_a, before_b, after_b = (draw(texts(max_tokens=8)) for _ in range(4))
    text_a, text_b = before_a + pa + after_a, before_b + pb + after_b
    return (
        text_a, (len(before_a), len(before_a) + len(pa)),
        text_b, (len(before_b), len(before_b) + len(pb)),
    )


# --- word diff ------------------------------------------------------------------------------------------


@BUDGET
@given(passage_pairs())
def test_word_diff_rebuilds_both_passages_exactly(case):
    text_a, span_a, text_b, span_b = case
    ops = word_diff(text_a, span_a, text_b, span_b)
    assert rebuild(text_a, text_b, ops) == (text_a[slice(*span_a)], text_b[slice(*span_b)])


@BUDGET
@given(passage_pairs(), st.booleans())
def test_word_diff_runs_tile_both_spans_in_order(case, semantic):
    text_a, span_a, text_b, span_b = case
    ops = word_diff(text_a, span_a, text_b, span_b, semantic=semantic)
    pos_a, pos_b = span_a[0], span_b[0]
    for prev, op in zip([None, *ops], ops, strict=False):
        assert (op.a_start, op.b_start) == (pos_a, pos_b)
        assert op.op in ("equal", "insert", "delete")
        assert prev is None or prev.op != op.op, "adjacent runs of one kind are merged"
        if op.op == "equal":
            assert text_a[op.a_start : op.a_end] == text_b[op.b_start : op.b_end]
        if op.op == "insert":
            assert op.a_start == op.a_end and op.b_start < op.b_end
        if op.op == "delete":
            assert op.b_start == op.b_end and op.a_start < op.a_end
        pos_a, pos_b = op.a_end, op.b_end
    assert (pos_a, pos_b) == (span_a[1], span_b[1])


@BUDGET
@given(st.data(), texts())
def test_word_diff_of_a_passage_with_itself_is_one_equal_run(data, text):
    span = data.draw(spans(text))
    ops = word_diff(text, span, text, span)
    if span[0] == span[1]:
        assert ops == []
    else:
        assert [(o.op, o.a_start, o.a_end, o.b_start, o.b_end) for o in ops] == [("equal", *span, *span)]


@BUDGET
@given(st.data(), texts(), texts())
def test_word_diff_rebuilds_arbitrary_spans_of_unrelated_texts(data, text_a, text_b):
    span_a, span_b = data.draw(spans(text_a)), data.draw(spans(text_b))
    ops = word_diff(text_a, span_a, text_b, span_b)
    assert rebuild(text_a, text_b, ops) == (text_a[slice(*span_a)], text_b[slice(*span_b)])
