"""The story's figures cross-checked across documents (facts.crosscheck): real sentences from ECB+ (CC BY
3.0) and the sample corpus, in tests/data/facts/crosscheck_cases.json, with the figures each case must flag
and the values it must never set against each other; and the rules of scope (stories, documents, values a
wording parallel judged, large stories)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from itertools import combinations

import pytest
from helpers import DATA

from viewer.core.facts import crosscheck
from viewer.core.facts.crosscheck import PARTNERS, figure_pairs, figures, story_figures
from viewer.core.model import (
    Alignment,
    Corpus,
    Divergence,
    Document,
    FactSide,
    Pair,
    PairBasis,
    Span,
    Verdict,
)
from viewer.core.pipeline import judge_all, with_figures

CASES = json.loads((DATA / "facts" / "crosscheck_cases.json").read_text("utf-8"))


def doc(doc_id: str, text: str, folder: str = "", when: str | None = None) -> Document:
    path = f"{folder}/{doc_id}.txt" if folder else f"{doc_id}.txt"
    return Document(path, path, "", doc_id, when, "", text)


def alignment(*docs: Document, pairs: tuple[Pair, ...] | None = None) -> Alignment:
    """The documents, each pair of them sharing a passage (their first word) unless `pairs` says otherwise."""
    if pairs is None:
        pairs = tuple(Pair(Span(a.id, 0, 1), Span(b.id, 0, 1), 0.9) for a, b in combinations(docs, 2))
    return Alignment(Corpus("/corpus", docs), 0.4, pairs, ())


def flags(pairs: tuple[Pair, ...]) -> list[tuple[str, str, str]]:
    return [(d.a.text, d.b.text, d.verdict) for p in pairs for d in p.divergences if d.a and d.b]


@pytest.mark.parametrize("case", CASES, ids=[c["source"] for c in CASES])
def test_real_cases(case):
    pairs = figure_pairs(alignment(doc("a", case["a"]), doc("b", case["b"])), shown=0.4)
    found = flags(pairs)
    for a, b, verdict in case["flagged"]:
        assert (a, b, verdict) in found, found
    for a, b in case["never"]:
        assert not [f for f in found if f[:2] == (a, b)], found
    assert all(p.basis == PairBasis.FIGURE and p.divergences for p in pairs)
    for p in pairs:  # a figure parallel holds the two sentences its values sit in
        for d in p.divergences:
            assert p.a.start <= d.a.start < d.a.end <= p.a.end and p.b.start <= d.b.start < d.b.end <= p.b.end


def test_reasons_are_plain_words():
    case = CASES[0]
    (pair, *_) = figure_pairs(alignment(doc("a", case["a"]), doc("b", case["b"])), shown=0.4)
    d = pair.divergences[0]
    assert d.thing == "killed" and d.reason.startswith("Different figures (killed)")
    assert "the same quantity in the same story" in d.rule  # the rule stays in the JSON, not in the reason


def test_never_across_stories_nor_within_one_document():
    a, b = CASES[0]["a"], CASES[0]["b"]
    assert figure_pairs(alignment(doc("a", a, "quake"), doc("b", b, "other")), shown=0.4) == ()
    assert figure_pairs(alignment(doc("a", a + "\n\n" + b)), shown=0.4) == ()


def test_records_of_one_jsonl_file_are_one_story_and_two_files_two():
    a, b = CASES[0]["a"], CASES[0]["b"]
    same = [Document(f"s.jsonl#{k}", "s.jsonl", "", k, None, "", t) for k, t in (("x", a), ("y", b))]
    assert figure_pairs(alignment(*same), shown=0.4)
    apart = [Document(f"{f}.jsonl#x", f"{f}.jsonl", "", f, None, "", t) for f, t in (("s", a), ("t", b))]
    assert figure_pairs(alignment(*apart), shown=0.4) == ()


def test_values_a_wording_parallel_judged_are_left_to_it():
    a, b = doc("a", "Ten dead in southern Iran quake."), doc("b", "Three dead in southern Iran quake.")
    fa, fb = figures(a)[0].fact, figures(b)[0].fact
    link = Divergence(fa.kind, Verdict.CONFLICT, FactSide(fa.start, fa.end, fa.text, "10"),
                      FactSide(fb.start, fb.end, fb.text, "3"), "x", 0.9)
    wording = Pair(Span(a.id, 0, len(a.text)), Span(b.id, 0, len(b.text)), 0.9, divergences=(link,))
    assert figure_pairs(alignment(a, b), shown=0.4) != ()
    assert figure_pairs(alignment(a, b, pairs=(wording,)), shown=0.4) == ()
    # unless that parallel is too weak to be shown by default: it must not hide the divergence it holds
    weak = replace(wording, similarity=0.35)
    assert figure_pairs(alignment(a, b, pairs=(weak,)), shown=0.4) != ()
    # the driver keeps the wording pair and recomputes the figures, never stacking old ones
    again = with_figures(with_figures(alignment(a, b)))
    assert Counter(p.basis for p in again.pairs) == {PairBasis.WORDING: 1, PairBasis.FIGURE: 1}


def test_documents_that_share_no_passage_are_not_one_story():
    # a folder of many stories (an archive of one beat): unrelated tolls are never set against each other
    a, b = CASES[0]["a"], CASES[0]["b"]
    assert figure_pairs(alignment(doc("a", a), doc("b", b), pairs=()), shown=0.4) == ()


def test_a_large_story_compares_each_document_with_a_bounded_number_of_others(monkeypatch):
    docs = [doc(f"d{k:03}", f"Ten dead in southern Iran quake number {k}.") for k in range(120)]
    docs += [doc(f"e{k}", f"Twelve dead in southern Iran quake number {k}.") for k in range(3)]
    judged = []
    real = crosscheck._judge_docs
    monkeypatch.setattr(crosscheck, "_judge_docs", lambda a, b, linked: judged.append(1) or real(a, b, linked))
    pairs = figure_pairs(alignment(*docs), shown=0.4)
    assert len(judged) <= len(docs) * PARTNERS  # not the 7,503 document pairs of the story
    # yet every document's value is set against the other value: each of the 120 against the 3
    assert len({p.a.doc for p in pairs} | {p.b.doc for p in pairs}) == len(docs)


def test_figures_read_before_judging_give_the_same_parallels():
    # the build reads the story's figures while the pool judges the wording pairs: only which documents the
    # pairs join counts, so the figures read from the unjudged pairs give what reading them after does
    docs = [doc(f"d{k}", case[side]) for k, case in enumerate(CASES) for side in ("a", "b")]
    unjudged = alignment(*docs)
    read = story_figures(unjudged)
    assert read  # there are figures to read
    judged = judge_all(unjudged, workers=1)
    assert figure_pairs(judged, shown=0.4, quantities=read) == figure_pairs(judged, shown=0.4) != ()
    assert judge_all(unjudged, workers=1, meanwhile=lambda: None) == judged


def test_cues_are_the_cue_words_at_a_word_boundary() -> None:
    """`_cues` finds what a regex alternation of the cue words anchored at `\\b` finds in the lowered text
    (the readable form of the test), on the sample corpus, the ECB+ test documents and edge cases."""
    import re

    from helpers import CORPUS

    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, crosscheck._CUE_WORDS)) + ")")
    texts = [p.read_text("utf-8") for folder in (CORPUS, DATA / "facts")
             for p in sorted(folder.rglob("*.txt"))]
    texts += ["Killed", "skilled killers", "_hit hit2 2hit", "éhit hit", "the toll took place, broke out",
              "İkilled", "", "hit"]
    assert len(texts) > 10
    for text in texts:
        assert crosscheck._cues(text) == [m.start() for m in pattern.finditer(text.lower())], text


@pytest.mark.parametrize("workers", [1, 2])
def test_figures_read_beside_are_taken_for_the_same_documents_only(workers: int) -> None:
    """`pipeline.FiguresBeside` reads the figures of documents (in a forked process with two workers) as
    `figures` does; `story_figures` takes them for a document equal to the one read, and reads a document
    whose text has changed since."""
    from viewer.core.pipeline import FiguresBeside

    folder = DATA / "facts" / "ecbplus-37"
    docs = [doc(p.stem, p.read_text("utf-8"), when="2013-07-02") for p in sorted(folder.glob("*.txt"))]
    beside = FiguresBeside(docs, workers=workers)
    known = beside.result()
    assert known == {d.id: (d, figures(d)) for d in docs}
    assert sum(len(found) for _, found in known.values()) >= 5
    together = alignment(*docs)
    assert story_figures(together, known) == story_figures(together)
    changed = replace(docs[0], text=docs[0].text.replace("killed", "injured"))
    assert figures(changed) != figures(docs[0])
    edited = alignment(changed, *docs[1:])
    assert story_figures(edited, known) == story_figures(edited)
