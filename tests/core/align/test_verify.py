"""Verification's shortcuts (viewer.core.align.stages): the ceiling that lets `score_sentences` skip the
statement and clause searches, the weighed passages kept between `verify` calls, and the bound that
leaves out candidates before they are scored (viewer.core.align.bounds)."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
from helpers import budget, document
from hypothesis import given
from hypothesis import strategies as st

from viewer.core.align import pool, stages
from viewer.core.align.bounds import Reach
from viewer.core.align.passages import PreparedDocument, prepare
from viewer.core.align.stages import AlignOptions, Memo, _lexical, lexical, sentence_classes, verify

WORDS = ("the troops", "Army", "said", "on Monday", "remains", "cases", "were", "flown", "to", "Hawaii",
         "7,800", "unaccounted", "for", "but", "officials", "denied", "it", "June", "27", "and", "talks")


# Attributions (viewer.core.align.attribution): words two sentences share there are not shared content.
SAID = (", said national disaster agency spokesman Sutopo Purwo Nugroho", ", the agency said Tuesday",
        ', " Nugroho told Agence-France Presse', ", according to the US Geological Survey")


def _sentence(rnd: random.Random) -> str:
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(5, 12))]
    if rnd.random() < 0.5:  # a compound sentence: two statements
        words.insert(rnd.randint(2, len(words) - 1), rnd.choice(("; the", ", but the")))
    said = rnd.choice(SAID) if rnd.random() < 0.3 else ""
    return " ".join(words).capitalize() + said + "."


@budget(40)
@given(st.integers(min_value=0, max_value=100_000))
def test_no_passage_inside_two_sentences_scores_above_their_ceiling(seed: int) -> None:
    rnd = random.Random(seed)
    a, b = prepare(document("a", _sentence(rnd))), prepare(document("b", _sentence(rnd)))
    weights = {w: rnd.random() for w in {*a.keys, *b.keys, *a.values, *b.values} if w}
    opts, memo = AlignOptions(), Memo()
    ra, rb = (0, len(a.keys)), (0, len(b.keys))
    whole, ceiling = _lexical(a, ra, b, rb, weights, opts, memo)
    assert whole == lexical(a, ra, b, rb, weights, opts, Memo())
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
    memo = Memo()
    kept = [m for k in range(0, len(rows), 50)
            for m in verify(docs, rows[k : k + 50], weights, opts, None, memo)]
    assert fresh == kept and fresh
    assert {(d.doc_id, (s.first, s.last)) for d in docs for s in d.sentences} <= memo.weighed.keys()


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


CLAUSE = "the rescuers pulled 7,800 survivors from the flooded mines near Hawaii"


def _made_up(rnd: random.Random, n: int) -> str:
    return " ".join("".join(rnd.choice(letters) for letters in ("bdgklmnprst", "aeiou") * 2) + "n"
                    for _ in range(n))


QUOTED = "dorakan mibelun sutanon karipen legomin tubasan".split()


def _passage_sentence(rnd: random.Random) -> str:
    """A random sentence, the wire sentence, a clause copied between commas inside words of its own
    (where only the copied clause can score: the sentences share little else), or words of its own around
    a quotation of some of the same words (which may score by its quotation alone)."""
    pick = rnd.random()
    if pick < 0.4:
        return _sentence(rnd)
    if pick < 0.6:
        return WIRE
    if pick < 0.8:
        quote = " ".join(rnd.sample(QUOTED, rnd.randint(2, 5)))
        return f'{_made_up(rnd, rnd.randint(8, 20)).capitalize()} said "{quote}" {_made_up(rnd, rnd.randint(6, 16))}.'
    return f"{_made_up(rnd, rnd.randint(4, 18)).capitalize()}, {CLAUSE}, {_made_up(rnd, rnd.randint(4, 18))}."


def _every_candidate(rnd: random.Random, documents: int, sentences: int
                     ) -> tuple[list[PreparedDocument], np.ndarray, dict[str, float]]:
    """`documents` documents of `sentences` generated sentences each, every pair of sentences of two of
    them as a candidate row, and random word weights low enough that many candidates fall short."""
    texts = [" ".join(_passage_sentence(rnd) for _ in range(sentences)) for _ in range(documents)]
    docs = [prepare(document(f"d{k}", text)) for k, text in enumerate(texts)]
    rows = np.array([(x, i, y, j) for x in range(documents) for y in range(x + 1, documents)
                     for i in range(len(docs[x].sentences)) for j in range(len(docs[y].sentences))],
                    dtype=np.int64).reshape(-1, 4)
    weights = {w: rnd.uniform(0.05, 0.6) for d in docs for w in {*d.keys, *d.values} if w}
    return docs, rows, weights


@budget(30)
@given(st.integers(min_value=0, max_value=100_000), st.sampled_from([0.2, 0.3, 0.45]))
def test_the_bound_drops_only_candidates_that_verify_to_nothing(seed: int, floor: float) -> None:
    """`bounds.Reach` leaves out candidates whose score cannot reach the floor: verifying what it keeps
    gives the matches of verifying every candidate, on sentences with numbers, names, compound sentences,
    copied clauses (wire copy) and quotations, with weights low enough that many fall short and many
    pass."""
    docs, rows, weights = _every_candidate(random.Random(seed), documents=5, sentences=4)
    opts = AlignOptions(floor=floor)
    every = verify(docs, map(tuple, rows.tolist()), weights, opts)
    kept = Reach(docs, weights, opts).within(rows)
    assert verify(docs, map(tuple, rows[kept].tolist()), weights, opts) == every
    assert not kept.all() or not len(rows)  # (the case the bound is for occurs)


def test_the_pool_verifies_the_same_matches_with_and_without_the_bound(monkeypatch) -> None:
    """`pool.verify_all` (the bound on, in a pool of two whose matches come back as columns) gives the
    matches of verifying every candidate in this process."""
    docs, rows, weights = _every_candidate(random.Random(11), documents=12, sentences=8)
    opts = AlignOptions()
    every = verify(docs, map(tuple, rows.tolist()), weights, opts)
    monkeypatch.setattr(pool, "VERIFY_CHUNK", 500)
    assert len(rows) > 2 * pool.VERIFY_CHUNK and every
    assert pool.verify_all(docs, rows, weights, opts, workers=2) == every
    assert pool.verify_all(docs, rows, weights, opts, workers=1) == every


def test_the_bound_keeps_sentences_quoting_the_same_words() -> None:
    """Long sentences sharing only a quotation score under the floor by their words, and above it by the
    quotation (`stages._quoted_similarity`): the bound keeps them."""
    words = [_made_up(random.Random(seed), 14) for seed in (1, 2)]
    texts = [f'{words[0].capitalize()} said "dorakan" and "mibelun" {words[0]}.',
             f'{words[1].capitalize()} called it "mibelun" then "dorakan" {words[1]}.']
    docs = [prepare(document(f"d{k}", text)) for k, text in enumerate(texts)]
    # the quoted words weigh too little together (1.1) for the bound to expect a copied clause
    weights = {w: 0.55 if w in ("dorakan", "mibelun") else 0.9 for d in docs for w in d.keys}
    rows = np.array([(0, 0, 1, 0)], dtype=np.int64)
    opts = AlignOptions(floor=0.45)
    assert verify(docs, [(0, 0, 1, 0)], weights, replace(opts, quote_words=99)) == []  # by the words
    assert [m.similarity > 0.45 for m in verify(docs, [(0, 0, 1, 0)], weights, opts)] == [True]
    assert Reach(docs, weights, opts).within(rows).tolist() == [True]
