"""Verification's shortcuts (viewer.core.align.stages): the ceiling that lets `score_sentences` skip the
statement and clause searches, and the weighed passages kept between `verify` calls."""

from __future__ import annotations

import random

from helpers import budget, document
from hypothesis import given
from hypothesis import strategies as st

from viewer.core.align import stages
from viewer.core.align.passages import prepare
from viewer.core.align.stages import AlignOptions, WeightMemo, _lexical, lexical, sentence_classes, verify

WORDS = ("the troops", "Army", "said", "on Monday", "remains", "cases", "were", "flown", "to", "Hawaii",
         "7,800", "unaccounted", "for", "but", "officials", "denied", "it", "June", "27", "and", "talks")


def _sentence(rnd: random.Random) -> str:
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(5, 12))]
    if rnd.random() < 0.5:  # a compound sentence: two statements
        words.insert(rnd.randint(2, len(words) - 1), rnd.choice(("; the", ", but the")))
    return " ".join(words).capitalize() + "."


@budget(40)
@given(st.integers(min_value=0, max_value=100_000))
def test_no_passage_inside_two_sentences_scores_above_their_ceiling(seed: int) -> None:
    rnd = random.Random(seed)
    a, b = prepare(document("a", _sentence(rnd))), prepare(document("b", _sentence(rnd)))
    weights = {w: rnd.random() for w in {*a.keys, *b.keys, *a.values, *b.values} if w}
    opts, memo = AlignOptions(), {}
    ra, rb = (0, len(a.keys)), (0, len(b.keys))
    whole, ceiling = _lexical(a, ra, b, rb, weights, opts, memo)
    assert whole == lexical(a, ra, b, rb, weights, opts, {})
    for pa in [(i, j) for i in range(ra[1]) for j in range(i + 1, ra[1] + 1)]:
        for pb in [(i, j) for i in range(0, rb[1], 2) for j in range(i + 1, rb[1] + 1, 2)]:
            assert lexical(a, pa, b, pb, weights, opts, memo) <= ceiling


def test_weighed_passages_kept_between_calls_change_no_match() -> None:
    rnd = random.Random(3)
    docs = [prepare(document(f"d{k}", " ".join(_sentence(rnd) for _ in range(6)))) for k in range(6)]
    rows = [(x, i, y, j) for x in range(6) for y in range(x + 1, 6) for i in range(6) for j in range(6)]
    weights = {w: rnd.random() for d in docs for w in d.keys}
    opts = AlignOptions(floor=0.1)
    fresh = [m for k in range(0, len(rows), 50) for m in verify(docs, rows[k : k + 50], weights, opts)]
    memo: WeightMemo = {}
    kept = [m for k in range(0, len(rows), 50)
            for m in verify(docs, rows[k : k + 50], weights, opts, None, memo)]
    assert fresh == kept and fresh
    assert {(d.doc_id, (s.first, s.last)) for d in docs for s in d.sentences} <= memo.keys()


WIRE = "The agency said 7,800 people remain unaccounted for after the floods in the north."


def test_a_sentence_republished_word_for_word_is_scored_once_against_each_other(monkeypatch) -> None:
    """Six outlets carry one wire sentence (one with other capitals, which reads differently): its 15
    pairs are scored twice (the copies with each other, the other one with a copy), and the matches are
    those of scoring every pair."""
    rnd = random.Random(5)
    texts = [f"{_sentence(rnd)} {WIRE} {_sentence(rnd)}" for _ in range(5)]
    texts.append(f"{_sentence(rnd)} {WIRE.replace('The agency', 'The Agency')} {_sentence(rnd)}")
    docs = [prepare(document(f"d{k}", text)) for k, text in enumerate(texts)]
    assert all(d.sentences[1].end - d.sentences[1].start >= len(WIRE) - 1 for d in docs)
    rows = [(x, i, y, j) for x in range(6) for y in range(x + 1, 6) for i in range(3) for j in range(3)]
    weights = {w: rnd.random() for d in docs for w in d.keys}
    opts = AlignOptions(floor=0.1)
    every = verify(docs, rows, weights, opts)
    classes = sentence_classes(docs)
    assert [c[1] >= 0 for c in classes] == [True] * 5 + [False]  # the capitalised "Agency" reads otherwise
    calls = []
    score = stages.score_sentences
    monkeypatch.setattr(stages, "score_sentences", lambda *args: calls.append(args[1:4:2]) or score(*args))
    assert verify(docs, rows, weights, opts, None, None, classes) == every
    assert sum(c == (1, 1) for c in calls) == 2


def test_sentence_classes_join_only_sentences_that_read_the_same_in_every_respect() -> None:
    """Sentences with the same keys are signed in full: a different number (the keys read "#" for both)
    or clause break makes another class; a sentence found once is -1 whatever its keys' hash meets."""
    texts = [f"Officials spoke. {WIRE}", f"Others spoke. {WIRE}", f"They spoke. {WIRE.replace('7,800', '7,700')}",
             f"Some spoke. {WIRE.replace('people remain', 'people, remain')}", "Nothing else was said today."]
    docs = [prepare(document(f"d{k}", text)) for k, text in enumerate(texts)]
    classes = sentence_classes(docs)
    wire = [c[-1] for c in classes[:4]]
    assert wire[0] == wire[1] >= 0  # the wire sentence, word for word
    assert wire[2] == wire[3] == -1  # same keys, another value / another clause break: read once each
    assert classes[4] == [-1]
