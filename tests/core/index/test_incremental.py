"""The update's pure plan (`index.incremental.plan`), on records made in memory: no SQLite, no files."""

from __future__ import annotations

from collections import Counter

import numpy as np
from helpers import document

from viewer.core.align.codec import encode_prepared
from viewer.core.align.pool import prepare_all
from viewer.core.align.stages import AlignOptions, sentence_terms
from viewer.core.index.incremental import Stored, plan

OPTS = AlignOptions(semantic=False)
LONG = (
    "Harbour cranes lifted the broken hull at dawn on Tuesday. Divers searched the wreck for hours. "
    "The coast guard said four sailors were rescued from the water. A fifth sailor is still missing. "
    "Officials closed the port until Friday."
)
OTHER = (
    "Divers searched the wreck for hours, the coast guard said. Four sailors were rescued from the water. "
    "The port stays closed until Friday."
)
SHORT = "A new text about something else entirely. It has two sentences only."


def stored(*docs) -> dict[str, Stored]:
    prepared = prepare_all(list(docs), OPTS)
    return {d.id: Stored(d, p, f) for d, p, f in zip(docs, prepared.documents, prepared.features, strict=True)}


def test_a_changed_document_keeps_none_of_its_old_matches() -> None:
    """`x` had five sentences and now has two: its old matches (up to sentence 4) are not kept, even where
    an old sentence index reaches past its new end into the next document's sentences."""
    x, y = document("x", LONG), document("y", OTHER)
    old = stored(x, y)
    terms = Counter[str]()
    for e in old.values():
        terms.update(sentence_terms(e.prepared))
    new_x = document("x", SHORT)
    fresh = prepare_all([new_x], OPTS)
    assert len(old["x"].prepared.sentences) == 5 and len(fresh.documents[0].sentences) == 2
    old_matches = [("x", 1, "y", 0), ("x", 2, "y", 1), ("x", 4, "y", 2)]

    out = plan(old, {"x"}, [new_x], fresh, terms, [], old_matches, OPTS)

    sentences = [e.sentences for e in out.stored]
    assert out.ids == ["x", "y"] and sentences == [2, 3]
    assert all(sa < sentences[a] and sb < sentences[b] for a, sa, b, sb in out.rows.tolist())
    assert out.dirty[:2].all()  # every sentence of the changed document is counted again
    assert (0, 1, 1, 0) not in set(map(tuple, out.rows.tolist()))  # an old match of x's is not kept


def test_matches_between_untouched_documents_are_kept_in_their_order() -> None:
    x, y = document("x", LONG), document("y", OTHER)
    old = stored(x, y)
    terms = Counter[str]()
    for e in old.values():
        terms.update(sentence_terms(e.prepared))
    z = document("z", SHORT)
    fresh = prepare_all([z], OPTS)
    old_matches = [("x", 1, "y", 0), ("x", 2, "y", 1), ("gone", 0, "y", 0)]

    out = plan(old, set(), [z], fresh, terms, [], old_matches, OPTS)

    assert out.ids == ["x", "y", "z"]
    assert out.rows[:2].tolist() == [[0, 1, 1, 0], [0, 2, 1, 1]]  # kept first, a vanished document's not
    assert not out.dirty[:8].any() and out.dirty[8:10].all()  # only z's sentences are new
    assert out.terms == terms + Counter(fresh.terms)


def test_a_stored_document_is_decoded_when_first_read() -> None:
    x = document("x", LONG)
    prepared = prepare_all([x], OPTS)
    kept = Stored(x, encode_prepared(prepared.documents[0]), prepared.features[0])
    assert kept.sentences == 5  # off the features
    assert kept.prepared == prepared.documents[0]
    assert kept.prepared is kept.prepared  # decoded once


def test_the_part_holds_the_documents_of_the_rows_and_the_boilerplate_renumbered() -> None:
    """Rows of x and z, a boilerplate sentence of w: y is left out, and the others keep their order."""
    w, x, y, z = (document(name, text) for name, text in (("w", OTHER), ("x", LONG), ("y", OTHER),
                                                           ("z", SHORT)))
    old = stored(w, x, y)
    terms = Counter[str]()
    for e in old.values():
        terms.update(sentence_terms(e.prepared))
    fresh = prepare_all([z], OPTS)
    out = plan(old, set(), [z], fresh, terms, [], [("x", 1, "z", 0)], OPTS)
    boiled = type(out)(out.ids, out.stored, out.terms, out.weights, {(0, 2)}, out.dirty,
                       np.array([[1, 1, 3, 0], [3, 1, 1, 4]], dtype=np.int64))

    part = boiled.part()

    assert part.positions == [0, 1, 3]
    assert [d.doc_id for d in part.docs] == ["w", "x", "z"]
    assert part.rows.tolist() == [[1, 1, 2, 0], [2, 1, 1, 4]]
    assert part.boiler == {(0, 2)}
