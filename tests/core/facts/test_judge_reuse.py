"""What the facts stage reads once and reuses across pairs gives what judging each pair afresh gives: the
word diff of passages coded once in one table (`worddiff.Differ`, also past the 16-bit code points and on a
platform whose C strings are 16 bits wide), the passages kept in their fact tables with a differ shared by a
whole run, on real articles and on one passage paired with documents of other dates (relative dates resolve
against each document's own date), and judging in a pool of processes."""

from __future__ import annotations

import sys
from itertools import combinations

import pytest
from helpers import document
from hypothesis import given
from hypothesis import strategies as st
from test_table import documents, sentences

from viewer.core import worddiff
from viewer.core.facts.pair import judge, judge_pair
from viewer.core.facts.table import FactTables
from viewer.core.model import Alignment, Corpus, Pair, Span
from viewer.core.pipeline import judge_all
from viewer.core.worddiff import Differ, word_diff

_WORDS = ["the", "quake", "killed", "10", "12", "people", "on", "Tuesday", ",", ".", "“", "’s", "said", "Aceh"]
_DIFFER = Differ()  # one table for every example, as for every pair of a run


def _text(words: list[str]) -> str:
    return " ".join(words).replace(" ,", ",").replace(" .", ".")


@given(st.lists(st.sampled_from(_WORDS), max_size=25), st.lists(st.sampled_from(_WORDS), max_size=25),
       st.booleans())
def test_a_shared_differ_diffs_as_word_diff(a: list[str], b: list[str], copy: bool):
    text_a, text_b = "Lead. " + _text(a) + " End.", _text(a if copy else b)
    span_a, span_b = (6, 6 + len(_text(a))), (0, len(text_b))
    expected = word_diff(text_a, span_a, text_b, span_b)
    assert _DIFFER.diff(_DIFFER.code(text_a, span_a), _DIFFER.code(text_b, span_b)) == expected
    assert _DIFFER.diff(_DIFFER.code(text_a, span_a), _DIFFER.code(text_b, span_b)) == expected  # (kept)


@pytest.mark.parametrize("wide", [True, False])
def test_a_differ_past_the_16_bit_codes_diffs_as_word_diff(monkeypatch, wide: bool):
    differ = Differ()
    many = " ".join(f"w{k}" for k in range(len(worddiff._BMP_CODES) + 100))
    differ.code(many, (0, len(many)))  # the table's next codes lie beyond the Basic Multilingual Plane
    a, b = "At least 10 people died on Tuesday, officials said.", "At least 12 people died on Monday, he said."
    coded_a, coded_b = differ.code(a, (0, len(a))), differ.code(b, (0, len(b)))
    assert max(map(ord, coded_a.codes + coded_b.codes)) > 0xFFFF
    monkeypatch.setattr(worddiff, "_WIDE_WCHAR", wide)  # False: the C++ wheel takes 16-bit codes only
    assert differ.diff(coded_a, coded_b) == word_diff(a, (0, len(a)), b, (0, len(b)))


def _kept_and_afresh(cases):
    tables = FactTables({d.id: d for case in cases for d in (case[0], case[2])})
    differ = Differ()
    kept = [judge(tables[a.id], sa, tables[b.id], sb, differ) for a, sa, b, sb in cases]
    return kept, [judge_pair(a, sa, b, sb) for a, sa, b, sb in cases]


def test_judging_with_passages_kept_equals_judging_each_pair_afresh_on_real_articles():
    docs = [d for d in documents() if len(sentences(d.text)) > 3][:14]
    cases = [(a, sa, b, sb) for a, b in combinations(docs, 2)
             for sa in sentences(a.text)[:4] for sb in sentences(b.text)[:4]]
    cases += [(b, sb, a, sa) for a, sa, b, sb in cases[::7]]  # passages met again, from the other side
    kept, afresh = _kept_and_afresh(cases)
    assert kept == afresh
    assert sum(bool(shown or same) for shown, same in kept) > 5


def test_one_passage_paired_with_documents_of_other_dates_is_judged_against_each_date():
    text = "The quake struck on Tuesday, killing 12 people, a year after the floods of last year."
    lead = document("s/lead.txt", text, date="2013-07-03")  # Tuesday: July 2, 2013
    others = [document(f"s/{k}.txt", "The quake struck on July 2, killing 12 people, a year after the floods "
                       "of last year.", date=day) for k, day in enumerate(("2013-07-03", "2014-03-12", ""))]
    copies = [document(f"s/copy{k}.txt", text, date=day) for k, day in enumerate(("2013-07-03", "2014-03-12"))]
    cases = [(lead, (0, len(text)), d, (0, len(d.text))) for d in (*others, *copies, *others)]
    kept, afresh = _kept_and_afresh(cases)
    assert kept == afresh
    # "Tuesday" is July 2 in the lead's week, not in a document of March 2014; an undated one reads the lead's
    rules = [tuple(d.rule for d in (*shown, *same)) for shown, same in kept[:3]]
    assert "same date; paired by word diff (replaced)" in rules[0] and len(set(rules)) == 3
    assert kept[3:5] != kept[:2] and kept[5:] == kept[:3]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool forks on Linux only")
def test_judging_in_a_pool_equals_judging_here():
    docs = documents()[:12]
    pairs = tuple(Pair(Span(a.id, *sa), Span(b.id, *sb), 0.8) for a, b in combinations(docs, 2)
                  for sa in sentences(a.text)[:3] for sb in sentences(b.text)[:3])
    alignment = Alignment(Corpus("/c", docs), 0.5, pairs, ())
    here = judge_all(alignment, workers=1)
    assert len(pairs) > 400 and sum(bool(p.links) for p in here.pairs) > 5
    assert judge_all(alignment, workers=2) == here
