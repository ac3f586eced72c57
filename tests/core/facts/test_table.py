"""The facts of a document read as judging needs them (facts.table): a passage's facts and their contexts
looked up in the table equal those of a whole-document extraction restricted to the passage, dates
resolved against the document's date and context read across sentences included, whether the table reads
stretches or holds the whole extraction; judging through the tables equals judging with the whole document
in reach; a judging run reads only the passages it compares and the sentences around them, each once; a
pair with no value on one side is not paired, and one whose side holds no digit, number word, month...
reads no value at all."""

from __future__ import annotations

from functools import cache
from itertools import combinations, pairwise

import pytest
from helpers import CORPUS, DATA, document
from hypothesis import given
from hypothesis import strategies as st

from viewer.core import pipeline
from viewer.core.align import pool
from viewer.core.facts import extract, pair, table
from viewer.core.facts.extract import extract_facts
from viewer.core.facts.pair import _contexts, _reach, judge, judge_pair
from viewer.core.facts.table import FactTable, FactTables, proper_names
from viewer.core.facts.values import Fact
from viewer.core.ingest.documents import load_corpus
from viewer.core.lexicon import CONTEXT_SENTENCE_END
from viewer.core.model import Alignment, Corpus, FactKind, Pair, Span
from viewer.core.pipeline import judge_all


@cache
def documents() -> tuple:
    """The sample corpus and the real articles of tests/data (ECB+, NewsWCL50, BASIL), dated and not."""
    return sum((load_corpus(folder).documents for folder in (CORPUS, DATA / "documents" / "real",
                                                         DATA / "ui" / "newswcl50-event_0")), ())


def sentences(text: str) -> list[tuple[int, int]]:
    cuts = [0, *(m.end() for m in CONTEXT_SENTENCE_END.finditer(text)), len(text)]
    return [(a, b) for a, b in pairwise(cuts) if a < b]


def passages(text: str) -> list[tuple[int, int]]:
    """Every sentence and every run of two or three sentences."""
    cut = sentences(text)
    return [(cut[i][0], cut[j][1]) for i in range(len(cut)) for j in range(i, min(i + 3, len(cut)))]


def whole(doc, span):
    """The reference: the facts of the whole document restricted to `span`, read with the whole document."""
    everything = extract_facts(doc)
    facts = [f for f in everything if f.start >= span[0] and f.end <= span[1]]
    return facts, _contexts(doc, facts, *span, everything, proper_names(doc))


def looked_up(t: FactTable, span):
    facts = t.inside(*span)
    near = t.around(*_reach(t.doc.text, (facts[0].start, facts[-1].end))) if facts else []
    return facts, _contexts(t.doc, facts, *span, near, t.names)


def test_the_test_documents_hold_values_dated_and_undated():
    docs = documents()
    assert sum(len(extract_facts(d)) for d in docs) > 200
    assert any(d.date for d in docs) and any(not d.date for d in docs)


def test_a_table_holds_the_whole_extraction():
    for doc in documents():
        t = FactTable(doc)
        assert t.facts == extract_facts(doc)
        assert t.inside(0, len(doc.text)) == list(t.facts)
        assert t.names == proper_names(doc)
        assert t.stated == {(pair._group(f), f.value) for f in t.facts if f.value is not None}


@pytest.mark.slow  # reads every passage of the real clusters in tests/data three ways: seconds
@pytest.mark.parametrize("backwards", [False, True])
def test_every_passage_reads_from_the_table_what_the_whole_document_gives(backwards: bool):
    compared = 0
    for doc in documents():
        t, known = FactTable(doc), FactTable(doc, extract_facts(doc))
        for span in passages(doc.text)[:: -1 if backwards else 1]:
            got = looked_up(t, span)
            assert got == whole(doc, span) == looked_up(known, span), (doc.id, span)
            compared += bool(got[0])
        assert list(t.around(0, len(doc.text))) == list(extract_facts(doc))  # what is read is the whole
    assert compared > 500


@given(st.data())
def test_any_span_reads_from_the_table_what_the_whole_document_gives(data):
    doc = data.draw(st.sampled_from([d for d in documents() if extract_facts(d)]))
    t = FactTable(doc)
    for _ in range(3):  # stretches read before change what is left to read
        start = data.draw(st.integers(0, len(doc.text)))
        end = data.draw(st.integers(start, min(len(doc.text), start + 1500)))
        assert looked_up(t, (start, end)) == whole(doc, (start, end))
        assert list(t.around(start, end)) == [f for f in extract_facts(doc) if start <= f.start < end]


def test_a_value_is_cued_in_its_own_text():
    """`may_hold_values` is what lets a pair skip reading a passage: every value the recognisers find in the
    test documents, and each recogniser's own examples, hold a cue in their own text."""
    docs = [*documents(), document("c.txt", DATED, date="2013-07-02"),
            document("d.txt", "No casualties were reported. None were killed. Dozens were hurt last week, and "
                              "hundreds this morning; tens of thousands fled a fortnight ago. Ninety-nine "
                              "left on the twenty-first, a third on Sept. 4.")]
    found = 0
    for doc in docs:
        for f in extract_facts(doc):
            assert extract.may_hold_values(doc.text, f.start, f.end), (doc.id, f)
            found += 1
    assert found > 200
    words = "The minister said the talks would go on, and that nobody was hurt; someone often said so."
    assert not extract.may_hold_values(words, 0, len(words))


# A dated article whose values need its date ("on Tuesday", "last year") and context read across sentences:
# the sentence before a passage sets a background paragraph's time, a conversion reads the value before it.
DATED = ("Aceh, Indonesia. In April last year an 8.6-magnitude quake struck off the coast of Aceh. Five people "
         "died and dozens were hurt. " + "Rescue teams worked through the night in the rain. " * 8
         + "On Tuesday a 6.1-magnitude quake killed 10 people, officials said. The quake was felt "
         "1,150 kilometers (700 miles) away in Medan. It killed 612 people in 2004.")


def test_values_needing_the_document_date_and_the_sentence_before():
    doc = document("a.txt", DATED, date="2013-07-02")
    t = FactTable(doc)
    five = DATED.index("Five")
    span = (five, DATED.index("hurt.") + 5)  # the passage starts after the year it is set in
    facts, contexts = looked_up(t, span)
    assert (facts, contexts) == whole(doc, span)
    assert [f.text for f in facts] == ["Five", "dozens"]
    assert contexts[0].past  # "last year", in the sentence before the passage
    tuesday = DATED.index("On Tuesday")
    span = (tuesday, DATED.index("Medan.") + 6)
    facts, contexts = looked_up(t, span)
    assert (facts, contexts) == whole(doc, span)
    day = next(f for f in facts if f.kind == FactKind.DATE)
    assert isinstance(day, Fact) and day.lo == day.hi  # resolved against the article's date: one day
    # a passage starting at the bracketed conversion still reads the value it converts
    bracket = DATED.index("(700")
    span = (bracket + 1, DATED.index("Medan.") + 6)
    assert looked_up(t, span) == whole(doc, span)
    assert {"1,150 kilometers", "700 miles"} <= {f.text for f in t.around(*_reach(DATED, span))}


def test_values_read_before_the_whole_document_keep_their_contexts():
    """A table reads its passages in stretches and the whole document only when a rule asks what else the
    article states: a value read before is the same value after (its context tells it from its
    neighbours by identity: a clock time is not its own sentence's news day)."""
    doc = document("e.txt", "Officials met in Ankara. The exemption expires on March 23 at 12:01 a.m., they said.",
                   date="2018-03-01")
    span = (doc.text.index("The"), len(doc.text))
    t = FactTable(doc)
    passage = t.passage(*span)
    assert t.stated  # the whole document, read after the passage
    assert pair._passage(t, passage) == whole(doc, span)[1]
    assert not whole(doc, span)[1][-1].news_day


def test_the_reach_of_a_passage_holds_a_long_value_ending_before_it():
    doc = document("b.txt", "Five died. The victims were aged 5, 6, 7, 8, 9, 10, 11, 12, 13 and 14 (15 in all).")
    t = FactTable(doc)
    bracket = doc.text.index("(15") + 1
    assert [f.text for f in t.around(*_reach(doc.text, (bracket, bracket + 2)))] == [
        "Five", "aged 5, 6, 7, 8, 9, 10, 11, 12, 13 and 14", "15"]


def sentence_pairs(limit: int = 20):
    """Pairs of sentences with values from two documents of one story, for judging."""
    by_story: dict[str, list] = {}
    for doc in documents():
        by_story.setdefault(table.story(doc), []).append(doc)
    out = []
    for docs in by_story.values():
        for a, b in combinations(docs[:4], 2):
            with_a = [s for s in sentences(a.text) if FactTable(a).inside(*s)][:limit // 4]
            with_b = [s for s in sentences(b.text) if FactTable(b).inside(*s)][:limit // 4]
            out.extend((a, sa, b, sb) for sa in with_a for sb in with_b)
    return out


@pytest.mark.slow  # judges every pair of the real clusters in tests/data twice: seconds
def test_judging_through_the_tables_equals_judging_with_the_whole_document(monkeypatch):
    cases = sentence_pairs()
    tables = FactTables({d.id: d for d in documents()})
    windowed = [judge(tables[a.id], sa, tables[b.id], sb) for a, sa, b, sb in cases]
    monkeypatch.setattr(FactTable, "around", lambda self, *args: self.facts)  # the whole document in reach
    assert [judge_pair(a, sa, b, sb) for a, sa, b, sb in cases] == windowed
    assert len(cases) > 150 and sum(bool(shown or same) for shown, same in windowed) > 10


def _scanned(monkeypatch) -> dict[str, list[tuple[int, int]]]:
    """What a table's readers scan from now on, by document: the stretches they keep (not their margins)."""
    read: dict[str, list[tuple[int, int]]] = {}
    scan = extract.Reader._scan

    def counted(self, gaps):
        read.setdefault(self.doc.id, []).extend(gaps)
        return scan(self, gaps)

    monkeypatch.setattr(extract.Reader, "_scan", counted)
    return read


def test_a_judging_run_reads_each_stretch_once_and_only_around_the_passages_it_compares(monkeypatch):
    docs = documents()[:12]
    pairs = tuple(Pair(Span(a.id, *sa), Span(b.id, *sb), 0.8)
                  for a, b in combinations(docs, 2) for sa in sentences(a.text)[:3] for sb in sentences(b.text)[:3])
    alignment = Alignment(Corpus("/c", docs), 0.5, pairs, ())
    calls: list[str] = []
    read = _scanned(monkeypatch)
    monkeypatch.setattr(table, "extract_facts", lambda d: calls.append(d.id) or extract.extract_facts(d))
    judged = judge_all(alignment, workers=1)
    by_id = {d.id: d for d in docs}
    valued = {(p.doc, p.start, p.end) for q in pairs for p in (q.a, q.b)
              if all(extract.may_hold_values(by_id[s.doc].text, s.start, s.end) for s in (q.a, q.b))}
    for doc_id, stretches in read.items():
        stretches.sort()
        assert all(a[1] <= b[0] for a, b in pairwise(stretches)), doc_id  # no character read twice
        reaches = [_reach(by_id[doc_id].text, (s, e)) for d, s, e in valued if d == doc_id]
        assert all(any(lo <= a and b <= hi for lo, hi in reaches) for a, b in stretches), doc_id
        assert sum(b - a for a, b in stretches) < len(by_id[doc_id].text)
    # some are read whole: to see whether they state the other side's value too, or when their passages
    # and margins would cover them over
    assert read and len(calls) < len(docs)
    monkeypatch.setattr(table.FactTable, "around", lambda self, lo, hi: self.facts)  # the whole document
    assert judge_all(alignment, workers=1) == judged


@pytest.mark.parametrize("workers", [1, 2])
def test_facts_read_beside_the_build_are_not_read_again(monkeypatch, workers):
    """The window's build reads every document's facts on the pool while the model runs; judging takes
    them (`pipeline.facts_read_beside`) and reads only the documents they lack, with the same result."""
    docs = documents()[:12]
    pairs = tuple(Pair(Span(a.id, *sa), Span(b.id, *sb), 0.8)
                  for a, b in combinations(docs, 2) for sa in sentences(a.text)[:3] for sb in sentences(b.text)[:3])
    alignment = Alignment(Corpus("/c", docs), 0.5, pairs, ())
    expected = judge_all(alignment, workers=workers)
    beside = {d.id: extract_facts(d) for d in docs[::2]}
    asked: list[list[str]] = []

    def source(ids):
        asked.append(list(ids))
        return {i: beside[i] for i in ids if i in beside}

    read = _scanned(monkeypatch)
    with pipeline.facts_read_beside(source):
        assert judge_all(alignment, workers=workers) == expected
    assert asked == [sorted(d.id for d in docs)]
    if workers == 1 or pool.pool_size(2, small=1) < 2:  # (a pool's workers read where nothing counts them)
        assert read and set(read) <= {d.id for d in docs[1::2]}
    assert judge_all(alignment, workers=1) == expected  # outside, nothing is taken from the source
    assert len(asked) == 1


def test_a_pair_with_no_value_on_one_side_is_not_paired(monkeypatch):
    a = document("s/a.txt", 'Five people died, said Smith. "We have lost our homes and our school," Smith said.')
    b = document("s/b.txt", 'Many people died. "We have lost our houses and our school," Smith said.')
    monkeypatch.setattr(pair, "_compare", lambda *args: pytest.fail("a pair without values was compared"))
    read = _scanned(monkeypatch)
    shown, same = judge(FactTable(a), (0, len(a.text)), FactTable(b), (0, len(b.text)))
    assert same == () and [d.kind for d in shown] == [FactKind.QUOTE]  # the misquote is still found
    assert read == {}  # b's text holds nothing a value is written with: neither side's values are read




def test_a_passage_paired_with_many_is_read_once(monkeypatch):
    lead = document("s/a.txt", "The quake killed 12 people on Tuesday. Dozens were hurt.", date="2013-07-02")
    others = [document(f"s/{k}.txt", f"The quake killed {n} people on Tuesday.", date="2013-07-02")
              for k, n in enumerate((12, 14, 15))]
    read: list[str] = []
    contexts = pair._contexts
    monkeypatch.setattr(pair, "_contexts", lambda doc, *args: read.append(doc.id) or contexts(doc, *args))
    tables = FactTables({d.id: d for d in (lead, *others)})
    verdicts = [judge(tables[lead.id], (0, 38), tables[d.id], (0, len(d.text))) for d in others]
    assert sorted(read) == ["s/0.txt", "s/1.txt", "s/2.txt", "s/a.txt"]
    assert [len(shown) for shown, _ in verdicts] == [0, 1, 1] and len(verdicts[0][1]) == 2
