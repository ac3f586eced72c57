"""What the comparison report shows, before any Qt: scopes, the heat map's shares, groups as marked columns."""

from __future__ import annotations

import dataclasses

import pytest
from helpers import document

from viewer.core.model import (
    Alignment,
    Corpus,
    Divergence,
    Document,
    FactSide,
    Group,
    Pair,
    PairBasis,
    ScopeKind,
    Span,
)
from viewer.report.content import (
    ExportScope,
    group_views,
    most_shared,
    scoped_alignment,
    shared_fractions,
    snippet,
)
from viewer.report.groups import group_meta

LZ = "The remains would fly out of North Korea on June 27, the anniversary of the armistice."
AMN = "Officials said the remains would fly out of North Korea on July 27."
AC = "A delegation will fly them out on July 27, either to Osan or Hawaii."
OTHER = "Pompeo said the talks were productive. Nothing else is shared here at all."


def _doc(doc_id: str, text: str, date: str | None = None) -> Document:
    return document(doc_id, text, title=f"Title of {doc_id}", source=doc_id.removesuffix(".txt"), date=date)


def _span(doc: Document, words: str) -> Span:
    start = doc.text.index(words)
    return Span(doc.id, start, start + len(words))


def _side(doc: Document, words: str, value: str) -> FactSide:
    start = doc.text.index(words)
    return FactSide(start, start + len(words), words, value)


@pytest.fixture
def alignment() -> Alignment:
    lz, amn, ac, other = (_doc("lz.txt", LZ, "2018-07-16"), _doc("amn.txt", AMN, "2018-07-17"),
                          _doc("ac.txt", AC, "2018-07-18"), _doc("other.txt", OTHER))
    s_lz = _span(lz, "fly out of North Korea on June 27")
    s_amn = _span(amn, "fly out of North Korea on July 27")
    s_ac = _span(ac, "fly them out on July 27")
    date = Divergence("date", "conflict", _side(lz, "June 27", "2018-06-27"), _side(amn, "July 27", "2018-07-27"),
                      "disjoint dates", 0.9)
    pairs = (
        Pair(s_lz, s_amn, 0.9, 0, (date,)),
        Pair(s_amn, s_ac, 0.7, 0),
        Pair(_span(lz, "the anniversary"), _span(other, "the talks"), 0.5, 1),
    )
    groups = (Group(0, (s_amn, s_lz, s_ac)), Group(1, (pairs[2].a, pairs[2].b)))
    return Alignment(Corpus("/stories", (lz, amn, ac, other)), 0.5, pairs, groups)


def test_corpus_scope_keeps_everything(alignment: Alignment) -> None:
    part = scoped_alignment(alignment, ExportScope())
    assert part.pairs == alignment.pairs and part.groups == alignment.groups


def test_min_similarity_drops_pairs_and_the_passages_only_they_held(alignment: Alignment) -> None:
    part = scoped_alignment(alignment, ExportScope(), min_similarity=0.8)
    assert [p.similarity for p in part.pairs] == [0.9]
    assert [sorted(s.doc for s in g.passages) for g in part.groups] == [["amn.txt", "lz.txt"]]
    assert part.min_similarity == 0.8


def test_pair_scope_is_a_group_of_its_two_passages(alignment: Alignment) -> None:
    pair = alignment.pairs[1]
    part = scoped_alignment(alignment, ExportScope(kind="pair", pair=pair))
    assert part.pairs == (pair,)
    assert part.groups == (Group(0, (pair.a, pair.b)),)


def test_group_scope(alignment: Alignment) -> None:
    part = scoped_alignment(alignment, ExportScope(kind="group", group_id=1))
    assert [g.id for g in part.groups] == [1] and len(part.pairs) == 1
    with pytest.raises(ValueError, match="no parallel group 7"):
        scoped_alignment(alignment, ExportScope(kind="group", group_id=7))


def test_document_scope_keeps_the_groups_the_document_is_in(alignment: Alignment) -> None:
    part = scoped_alignment(alignment, ExportScope(kind="document", doc_id="other.txt"))
    assert [g.id for g in part.groups] == [1]
    with pytest.raises(ValueError, match="no document"):
        scoped_alignment(alignment, ExportScope(kind="document", doc_id="missing.txt"))


def test_shared_fractions(alignment: Alignment) -> None:
    docs = alignment.corpus.documents
    m = shared_fractions(alignment, docs)
    assert m[0][0] is None
    assert m[0][1] == pytest.approx(len("fly out of North Korea on June 27") / len(LZ))
    # Both of lz's passages shared with other.txt and amn.txt count once each, per column.
    assert m[0][3] == pytest.approx(len("the anniversary") / len(LZ))
    assert m[3][2] == 0.0


def test_group_columns_start_with_the_earliest_and_rebuild_each_passage(alignment: Alignment) -> None:
    view = next(group_views(alignment, context_chars=0))
    assert [c.doc.id for c in view.columns] == ["lz.txt", "amn.txt", "ac.txt"]
    for column in view.columns:
        text = column.doc.text[column.span.start : column.span.end]
        assert "".join(r.text for r in column.runs) == text
    assert view.similarity == (0.7, 0.9)
    assert view.verdicts == {"conflict": 1}


def test_marks_show_word_differences_and_divergent_values(alignment: Alignment) -> None:
    view = next(group_views(alignment, context_chars=0))
    lz, amn, ac = view.columns
    marked = {(r.text, k) for c in (lz, amn, ac) for r in c.runs for k in r.marks}
    assert ("June", "delete") in {(t.strip(), k) for t, k in marked}
    assert any(t.startswith("July") and k == "insert" for t, k in marked)
    assert ("June 27", "conflict") in {("".join(r.text for r in lz.runs if "conflict" in r.marks), "conflict")}
    assert "".join(r.text for r in amn.runs if "conflict" in r.marks) == "July 27"
    assert not any("conflict" in r.marks for r in ac.runs)  # ac's pair carries no divergence
    # The reference's words are struck only where no other passage has them: "North Korea" is in amn.
    struck = "".join(r.text for r in lz.runs if "delete" in r.marks)
    assert "June" in struck and "North Korea" not in struck


def test_reference_document_goes_first(alignment: Alignment) -> None:
    view = next(group_views(alignment, reference_doc="ac.txt", context_chars=0))
    assert view.columns[0].doc.id == "ac.txt"


def test_context_is_cut_at_words_and_kept_apart(alignment: Alignment) -> None:
    view = next(group_views(alignment, context_chars=12))
    lz = view.columns[0]
    before, after = lz.runs[0], lz.runs[-1]
    assert before.context and before.text == "…would "  # whole words only
    assert next(group_views(alignment, context_chars=40)).columns[0].runs[0].text == "The remains would "
    assert after.context and after.text.endswith("…") and after.text.startswith(", the")


def test_snippet() -> None:
    assert snippet("Short\n passage.") == "Short passage."
    long = "word " * 40
    cut = snippet(long, 30)
    assert cut.endswith("…") and len(cut) <= 31 and "  " not in cut


def test_most_shared_keeps_the_documents_with_most_shared_text_in_order(alignment: Alignment) -> None:
    docs = alignment.corpus.documents
    assert most_shared(alignment, docs, 10) == list(docs)
    assert [d.id for d in most_shared(alignment, docs, 2)] == ["lz.txt", "amn.txt"]


def test_pairs_under_the_threshold_are_counted_and_their_passages_known(alignment: Alignment) -> None:
    strict = dataclasses.replace(alignment, min_similarity=0.8)  # the 0.7 pair was kept for corroboration
    view = next(v for v in group_views(strict) if v.id == 0)
    assert view.below == 1 and view.threshold == 0.8
    best = {c.doc.id: c.best for c in view.columns}
    assert best == {"lz.txt": 0.9, "amn.txt": 0.9, "ac.txt": 0.7}


def test_a_figure_group_marks_only_its_values_and_stays_at_every_threshold() -> None:
    a = _doc("a.txt", "Five dead, dozens injured in Indonesia quake.")
    b = _doc("b.txt", "Indonesia earthquake: 24 dead and over 200 injured.")
    toll = Divergence("number", "conflict", _side(a, "Five", "5"), _side(b, "24", "24"), "intervals", 0.8,
                      "Different figures (killed): “Five” against “24”.", "killed")
    pair = Pair(Span(a.id, 0, len(a.text)), Span(b.id, 0, len(b.text)), 0.2, 0, (toll,),
                basis=PairBasis.FIGURE)
    figures = Alignment(Corpus("/stories", (a, b)), 0.4, (pair,), (Group(0, (pair.a, pair.b)),))
    scoped = scoped_alignment(figures, ExportScope(ScopeKind.CORPUS), min_similarity=0.6)
    assert scoped.pairs == (pair,)  # its similarity is no likeness of wording: no threshold drops it
    (view,) = group_views(scoped, context_chars=0)
    assert view.figure == "killed" and view.below == 0
    assert "the same figure given differently (killed)" in group_meta(view)
    marks = {k for c in view.columns for r in c.runs for k in r.marks}
    assert marks == {"conflict"}  # no word of either sentence struck or inserted
