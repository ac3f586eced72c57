"""Property-based tests (Hypothesis) of the core's invariants, over generated news-like text.

The texts are built from words, numbers, dates, quotes, punctuation and non-ASCII words, and passage pairs
are edits of one shared base, so the diffs and alignments have real work to do. Each test has a bounded
example budget so that the suite stays quick in `make test` (smaller in the quick loop), and a fixed seed
(see BUDGET).
"""

from __future__ import annotations

import json
import re
from datetime import date
from unittest import mock

import pytest
from helpers import CORPUS, budget
from hypothesis import example, given
from hypothesis import strategies as st

from viewer.core import worddiff
from viewer.core.facts import Fact, extract_facts, pair_divergences
from viewer.core.model import (
    Alignment,
    Boilerplate,
    Corpus,
    Divergence,
    Document,
    FactSide,
    Group,
    Pair,
    Repeat,
    Skipped,
    Span,
)
from viewer.core.pipeline import align_corpus
from viewer.core.worddiff import rebuild, word_diff
from viewer.export_json import alignment_from_json, alignment_to_json

# 80 and 50 examples in `make test` (the `ci` profile), fewer in the quick loop; both derandomized, so a
# failure always reproduces (tests/conftest.py).
BUDGET = budget(80)
SMALL_BUDGET = budget(50)
# The sentence model computes each distinct sentence once (tests/conftest.py): the articles drawn here are
# made of the sample corpus's sentences, and the same examples come back every run.
pytestmark = pytest.mark.usefixtures("remembered_sentence_vectors")

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
def texts(draw: st.DrawFn, min_tokens: int = 0, max_tokens: int = 40) -> str:
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
@given(passage_pairs(), st.booleans())
def test_word_diff_runs_are_the_same_from_the_cpp_and_the_python_port(case, semantic):
    text_a, span_a, text_b, span_b = case
    native = word_diff(text_a, span_a, text_b, span_b, semantic=semantic)
    with mock.patch.object(worddiff, "_native", lambda codes: False):
        python = word_diff(text_a, span_a, text_b, span_b, semantic=semantic)
    assert native == python


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


# --- alignment ------------------------------------------------------------------------------------------

# Real sentences from the sample corpus, so that the aligner sees news prose it has rare words in common in.
_CORPUS_SENTENCES = sorted({
    s.strip() + "."
    for path in (CORPUS).glob("*.txt")
    for s in re.split(r"\.\s+", path.read_text(encoding="utf-8"))
    if len(s.split()) >= 8
})


@st.composite
def articles(draw: st.DrawFn, n: int) -> list[Document]:
    """`n` articles made of corpus sentences, some shared between articles and rewritten a little in each."""
    pool = draw(st.lists(st.sampled_from(_CORPUS_SENTENCES), min_size=2, max_size=8, unique=True))
    docs = []
    for i in range(n):
        chosen = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6))
        sentences = [draw(edited(s)) for s in chosen]
        separators = [draw(st.sampled_from([" ", "\n", "\n\n"])) for _ in sentences]
        text = "".join(s + sep for s, sep in zip(sentences, separators, strict=True))
        name = f"article-{i}.txt"
        docs.append(Document(name, name, f"Article {i}", f"Outlet {i}", None, "", text))
    return docs


def _check_spans_inside(alignment: Alignment) -> None:
    texts = {d.id: d.text for d in alignment.corpus.documents}
    spans = [s for p in alignment.pairs for s in (p.a, p.b)]
    spans += [s for g in alignment.groups for s in g.passages]
    spans += [s for r in alignment.repeats for s in (r.first, r.second)]
    spans += [s for b in alignment.boilerplate for s in b.spans]
    for span in spans:
        assert span.doc in texts
        assert 0 <= span.start < span.end <= len(texts[span.doc]), span


def _pair_set(alignment: Alignment) -> dict[frozenset[Span], float]:
    return {frozenset((p.a, p.b)): round(p.similarity, 9) for p in alignment.pairs}


@BUDGET
@given(articles(3))
def test_alignment_spans_lie_inside_their_documents(docs):
    alignment = align_corpus(Corpus("corpus", tuple(docs)), min_similarity=0.35)
    _check_spans_inside(alignment)
    for pair in alignment.pairs:
        assert pair.a.doc != pair.b.doc
        assert 0.0 <= pair.similarity <= 1.0
        for side in (pair.a, pair.b):
            assert any(g.doc == side.doc and g.start <= side.start and side.end <= g.end
                       for g in alignment.groups[pair.group].passages), "a pair lies inside its group"


_QUOTE = (
    '"Additionally, both sides agreed to re-commence field operations in the DPRK to search for the '
    'estimated 5,300 Americans who never returned home."\nThe last time North Korea returned the remains of '
    "American troops was in 2007. "
)


@BUDGET
@given(articles(2))
@example([
    Document("a.txt", "a.txt", "", "A", None, "", "was one of 16 nations to fight under the U.N. " + _QUOTE),
    Document("b.txt", "b.txt", "", "B", None, "", _QUOTE),
])
def test_alignment_is_symmetric_in_the_order_of_documents(docs):
    forward = align_corpus(Corpus("corpus", tuple(docs)), min_similarity=0.35)
    backward = align_corpus(Corpus("corpus", tuple(reversed(docs))), min_similarity=0.35)
    assert _pair_set(forward) == _pair_set(backward)


# --- JSON export ----------------------------------------------------------------------------------------


@st.composite
def doc_spans(draw: st.DrawFn, docs: list[Document], exclude: str | None = None) -> Span:
    doc = draw(st.sampled_from([d for d in docs if d.id != exclude] or docs))
    start = draw(st.integers(0, len(doc.text) - 1))
    return Span(doc.id, start, draw(st.integers(start + 1, len(doc.text))))


_ROUNDED = st.floats(0, 1).map(lambda x: round(x, 3))


@st.composite
def fact_sides(draw: st.DrawFn, text: str) -> FactSide | None:
    if draw(st.booleans()):
        return None
    start, end = draw(spans(text))
    return FactSide(start, end, text[start:end], draw(st.one_of(_date(), _number())))


@st.composite
def alignments(draw: st.DrawFn) -> Alignment:
    """An Alignment with every kind of record, texts in any script, spans inside their documents."""
    n = draw(st.integers(2, 4))
    ids = draw(st.lists(st.text(min_size=1, max_size=12).map(lambda s: s + ".txt"), min_size=n, max_size=n,
                        unique=True))
    docs = [
        Document(i, i, draw(st.text(max_size=20)), draw(st.text(max_size=10)),
                 draw(st.none() | st.dates().map(date.isoformat)), draw(st.sampled_from(["", "https://x.org/ü"])),
                 draw(texts(min_tokens=1)) + draw(st.text(min_size=1, max_size=20)))
        for i in ids
    ]
    text_of = {d.id: d.text for d in docs}
    pairs = []
    for _ in range(draw(st.integers(0, 5))):
        a = draw(doc_spans(docs))
        b = draw(doc_spans(docs, exclude=a.doc))
        divergences = tuple(
            Divergence(draw(st.sampled_from(["date", "number", "year"])),
                       draw(st.sampled_from(["conflict", "soft", "hedge", "equivalent"])),
                       draw(fact_sides(text_of[a.doc])), draw(fact_sides(text_of[b.doc])),
                       draw(st.text(max_size=15)), draw(_ROUNDED))
            for _ in range(draw(st.integers(0, 2)))
        )
        pairs.append(Pair(a, b, round(draw(st.floats(0, 1)), 4), len(pairs), divergences))
    groups = tuple(Group(p.group, (p.a, p.b)) for p in pairs)
    repeats = tuple(Repeat(draw(doc_spans(docs)), draw(doc_spans(docs)), round(draw(st.floats(0, 1)), 4))
                    for _ in range(draw(st.integers(0, 2))))
    boilerplate = tuple(Boilerplate((draw(doc_spans(docs)),), draw(st.text(max_size=30)))
                        for _ in range(draw(st.integers(0, 2))))
    skipped = tuple(Skipped(draw(st.text(min_size=1, max_size=15)), draw(st.text(max_size=30)))
                    for _ in range(draw(st.integers(0, 2))))
    return Alignment(Corpus(draw(st.text(min_size=1, max_size=20)), tuple(docs), skipped),
                     draw(_ROUNDED), tuple(pairs), groups, repeats, boilerplate)


@BUDGET
@given(alignments(), st.booleans())
def test_json_export_round_trips_through_text(alignment, ascii_only):
    text = json.dumps(alignment_to_json(alignment), ensure_ascii=ascii_only)
    assert alignment_from_json(json.loads(text)) == alignment


@BUDGET
@given(alignments())
def test_json_export_is_stable_after_one_round_trip(alignment):
    once = alignment_to_json(alignment)
    assert alignment_to_json(alignment_from_json(json.loads(json.dumps(once)))) == once


@BUDGET
@given(articles(3))
def test_json_export_of_a_real_alignment_round_trips(docs):
    alignment = align_corpus(Corpus("corpus", tuple(docs)), min_similarity=0.35)
    data = json.loads(json.dumps(alignment_to_json(alignment), ensure_ascii=False))
    back = alignment_from_json(data)
    assert back.corpus == alignment.corpus
    assert [(p.a, p.b, p.group) for p in back.pairs] == [(p.a, p.b, p.group) for p in alignment.pairs]
    assert back.groups == alignment.groups
    assert alignment_to_json(back) == data


# --- facts ----------------------------------------------------------------------------------------------

_HEDGE_WORDS = ["about", "around", "some", "more than", "at least", "up to", "as many as", "nearly", "an estimated"]


@st.composite
def fact_texts(draw: st.DrawFn) -> str:
    """News-like text dense in numbers and dates, with hedges before some of them."""
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(_HEDGE_WORDS)))
        parts.append(draw(st.one_of(_number(), _date(), _token(), st.sampled_from(["last Thursday", "since 2009",
                                                                                  "nine years", "65th"]))))
        parts.append(draw(_token()))
    return " ".join(parts) + draw(st.sampled_from([".", "", "\n"]))


@st.composite
def fact_documents(draw: st.DrawFn, name: str = "a.txt", text: str | None = None) -> Document:
    dated = draw(st.none() | st.dates(date(1990, 1, 1), date(2030, 12, 31)).map(date.isoformat))
    return Document(name, name, "", "", dated, "", draw(fact_texts()) if text is None else text)


@SMALL_BUDGET
@given(fact_documents())
def test_facts_read_back_to_their_text_in_order_without_overlap(doc):
    facts = extract_facts(doc)
    end = 0
    for fact in facts:
        assert 0 <= fact.start < fact.end <= len(doc.text)
        assert doc.text[fact.start : fact.end] == fact.text
        assert fact.start >= end, "each match claims its span"
        end = fact.end
        if isinstance(fact, Fact):
            assert fact.lo <= fact.hi


@SMALL_BUDGET
@given(st.sampled_from(_MONTHS), st.integers(0, 99), st.none() | st.integers(1900, 2100), st.sampled_from(_WORDS))
@example("January", 0, 1950, "the")
def test_impossible_and_mistyped_dates_are_not_a_crash(month, day, year, word):
    text = f"{word} {month} {day}{f', {year}' if year else ''} {word} {month} {day} {year or ''}."
    for fact in extract_facts(Document("a.txt", "a.txt", "", "", "2018-07-15", "", text)):
        assert text[fact.start : fact.end] == fact.text


@SMALL_BUDGET
@given(fact_documents(), st.data())
def test_appending_a_sentence_leaves_the_earlier_facts_unchanged(doc, data):
    extra = data.draw(fact_texts())
    # After a full stop: a date still reads across a bare paragraph break ("on January 1\n\n1950 soldiers").
    longer = Document(doc.id, doc.path, doc.title, doc.source, doc.date, doc.url, doc.text + ".\n\n" + extra)
    before = [(f.start, f.end, f.text) for f in extract_facts(doc)]
    after = [(f.start, f.end, f.text) for f in extract_facts(longer) if f.end <= len(doc.text)]
    assert after == before


@SMALL_BUDGET
@given(st.data(), fact_documents("a.txt"))
def test_divergence_sides_read_back_inside_their_passages(data, doc_a):
    doc_b = data.draw(fact_documents("b.txt", text=data.draw(edited(doc_a.text))))
    span_a, span_b = (0, len(doc_a.text)), (0, len(doc_b.text))
    for d in pair_divergences(doc_a, span_a, doc_b, span_b):
        assert d.verdict in ("conflict", "soft", "hedge", "equivalent")
        assert 0.0 <= d.confidence <= 1.0
        for doc, side in ((doc_a, d.a), (doc_b, d.b)):
            if side is not None:
                assert 0 <= side.start < side.end <= len(doc.text)
                assert doc.text[side.start : side.end] == side.text


_HEDGED = "North Korean officials have indicated that they may have {} many as 200 remains ready to transfer. "


@SMALL_BUDGET
@given(articles(2), st.none() | st.sampled_from(["2018-07-15", "2018-07-20"]))
@example([
    Document("a.txt", "a.txt", "", "A", None, "", "The United States and North Korea have agreed to resume "
             "searching for the remains of thousands of American soldiers killed in the 1950-53 Korean War, U.S. "
             + _HEDGED.format("as")),
    Document("b.txt", "b.txt", "", "B", None, "", _HEDGED.format("the")),
], None)
def test_divergences_do_not_depend_on_which_passage_comes_first(docs, dated):
    a, b = (Document(d.id, d.path, d.title, d.source, dated, d.url, d.text) for d in docs)
    span_a, span_b = (0, len(a.text)), (0, len(b.text))
    forward = {(d.kind, d.verdict, d.a, d.b) for d in pair_divergences(a, span_a, b, span_b)}
    backward = {(d.kind, d.verdict, d.b, d.a) for d in pair_divergences(b, span_b, a, span_a)}
    assert forward == backward
