"""The pairs' columns: what is written reads back equal (in `pair_order`, passages shared), a click finds
what the pairs say, and a blob that is not exactly what the index writes is refused (ValueError), even
one whose digest was made to fit."""

from __future__ import annotations

import hashlib
import json
import pickle
import random

import numpy as np
import pytest

from viewer.core.align.stages import pair_order
from viewer.core.index import columns
from viewer.core.index.columns import PairColumns, PairView, pack, unpack
from viewer.core.model import Divergence, FactKind, FactSide, Pair, PairBasis, Span, Verdict


def some_pairs(n: int = 300, seed: int = 3) -> list[Pair]:
    rng = random.Random(seed)
    docs = [f"d{k:02d}.txt" for k in range(12)] + ["é\udcff.md"]  # a lone surrogate, as a bad name reads

    def span() -> Span:
        start = rng.randrange(0, 500, 10)
        return Span(rng.choice(docs), start, start + rng.randrange(5, 60))

    def side() -> FactSide | None:
        if rng.random() < 0.2:
            return None
        start = rng.randrange(0, 400)
        return FactSide(start, start + 4, rng.choice(["7,800", "1.5m", "June 27"]), "7800",
                        rng.choice(["", "7800"]))

    pairs = []
    for _ in range(n):
        links = tuple(
            Divergence(rng.choice(list(FactKind)), rng.choice(list(Verdict)), side(), side(),
                       rng.choice(["count", "date-mismatch"]), rng.choice([0.5, 0.9, 1.0]),
                       rng.choice(["", "7,800 against 7,700"]), rng.choice(["", "evacuated"]))
            for _ in range(rng.choice([0, 0, 0, 1, 3])))
        pair = Pair(span(), span(), rng.random(), basis=rng.choice(list(PairBasis)))
        pairs.append(pair.with_links(links) if links else pair)
    pairs.append(pairs[5])  # a pair twice keeps both copies, in order
    return pairs


def test_pairs_read_back_equal_in_pair_order_with_passages_shared() -> None:
    pairs = some_pairs()
    stored = PairColumns.from_bytes(PairColumns.of(pairs).to_bytes())
    back = stored.pairs()
    assert back == tuple(sorted(pairs, key=pair_order))
    by_value: dict[Span, Span] = {}
    assert all(by_value.setdefault(s, s) is s for p in back for s in (p.a, p.b))
    assert stored.pairs([3, 1], [7, 2]) == tuple(replace_group(back[i], g) for i, g in ((3, 7), (1, 2)))
    empty = PairColumns.from_bytes(PairColumns.of([]).to_bytes())
    assert len(empty) == 0 and empty.pairs() == ()


def replace_group(p: Pair, group: int) -> Pair:
    return Pair(p.a, p.b, p.similarity, group, p.divergences, p.agreements, p.basis)


def test_a_click_finds_the_pairs_overlapping_it() -> None:
    stored = PairColumns.of(some_pairs())
    back = stored.pairs()
    for doc, start, end in (("d03.txt", 40, 90), ("é\udcff.md", 0, 1000), ("d01.txt", 0, 0), ("none", 0, 9)):
        found = [back[i] for i in stored.touching(doc, start, end)]
        expected = [p for p in back for s in (p.a, p.b) if s.doc == doc and s.start < end and start < s.end]
        assert sorted(found, key=pair_order) == sorted(expected, key=pair_order)


def with_digest(body: bytes) -> bytes:
    return columns.MAGIC + hashlib.blake2b(body, digest_size=columns.DIGEST).digest() + body


def body_of(arrays: dict[str, np.ndarray], strings: list[str], header: dict | None = None) -> bytes:
    """A blob's body as `pack` lays it out, with the header replaced by `header` when given."""
    blob = pack(arrays, strings)
    body = blob[len(columns.MAGIC) + columns.DIGEST :]
    if header is None:
        return body
    size = int.from_bytes(body[:8], "little")
    rest = body[8 + size + (-size % 8) :]
    head = json.dumps(header).encode()
    return len(head).to_bytes(8, "little") + head + bytes(-len(head) % 8) + rest


def test_the_blob_reads_back_and_refuses_anything_else() -> None:
    arrays = {"x": np.arange(5, dtype=np.int64), "y": np.array([0.5, 1.0]), "z": np.array([1, 2], np.uint8)}
    got, strings = unpack(pack(arrays, ["a", "b"]))
    assert strings == ["a", "b"] and all(np.array_equal(got[k], v) for k, v in arrays.items())
    blob = pack(arrays, ["a"])
    bad = [b"", b"PXC1", "text", blob[:-1], blob + b"\0", blob[:30] + bytes([blob[30] ^ 1]) + blob[31:],
           with_digest(body_of(arrays, ["a"], {"arrays": [["x", "<i8", 99]], "strings": []})),
           with_digest(body_of(arrays, ["a"], {"arrays": [["x", "|O", 5]], "strings": []})),
           with_digest(body_of(arrays, ["a"], {"arrays": [], "strings": [1]})),
           with_digest(body_of(arrays, ["a"], {"arrays": "x"}))]
    for data in bad:
        with pytest.raises(ValueError):
            unpack(data)
    with pytest.raises(TypeError):
        pack({"o": np.array(["text"], dtype=object)}, [])


def forged(stored: PairColumns, **changes: np.ndarray) -> bytes:
    """`stored` written with some of its arrays replaced, under a digest that fits (a crafted file)."""
    arrays, strings = unpack(stored.to_bytes())
    arrays = {k: changes.get(k, v) for k, v in arrays.items()}
    return pack(arrays, strings)


@pytest.mark.parametrize("change", [
    {"a": np.array([10**6])},  # a passage that is not there (and one pair fewer than the others say)
    {"similarity": np.full(301, np.nan)},
    {"basis": np.full(301, 7, dtype=np.uint8)},
    {"links": np.arange(302, dtype=np.int64)[::-1].copy()},
    {"link.verdict": None},  # an enum value that is no member
    {"spans": None},  # passages out of order
    {"docs": np.array([99], dtype=np.int64)},
])
def test_a_forged_pairs_blob_is_refused(change: dict[str, np.ndarray | None]) -> None:
    stored = PairColumns.of(some_pairs())
    arrays, strings = unpack(stored.to_bytes())
    if "link.verdict" in change:
        strings = [*strings, "maybe"]
        change = {"link.verdict": np.full(len(arrays["link.verdict"]), len(strings) - 1, dtype=np.int32)}
        with pytest.raises(ValueError, match="is not a Verdict"):
            PairColumns.from_bytes(pack({**arrays, **change}, strings))
        return
    if "spans" in change:
        change = {"spans": arrays["spans"].reshape(-1, 3)[::-1].reshape(-1).copy()}
    with pytest.raises(ValueError):
        PairColumns.from_bytes(forged(stored, **change))  # type: ignore[arg-type]


def test_a_view_of_pairs_is_the_sequence_of_pairs_it_shows() -> None:
    """A `PairView` (what an alignment read back from the index holds) equals the pairs it stands for,
    item by item, sliced, iterated (a chunk at a time), taken, pickled (the window's child sends it) and
    hashed as they are; its arrays say what the pairs say."""
    pairs = [replace_group(p, k % 7 - 1) for k, p in enumerate(some_pairs(n=2 * columns.CHUNK + 5))]
    view = PairView.of(pairs)  # in the pairs' own order, not the columns'
    assert PairView.of(view) is view
    assert view == tuple(pairs) and tuple(pairs) == view and view != tuple(pairs[:-1]) and view != pairs[::-1]
    assert list(view) == pairs and len(view) == len(pairs) and hash(view) == hash(tuple(pairs))
    assert [view[k] for k in (0, 1, 5, -1, -len(pairs))] == [pairs[k] for k in (0, 1, 5, -1, -len(pairs))]
    with pytest.raises(IndexError):
        view[len(pairs)]
    assert view[3:40:3] == tuple(pairs[3:40:3]) and view.take([9, 2, 9]) == [pairs[9], pairs[2], pairs[9]]
    assert pickle.loads(pickle.dumps(view)) == view
    judged = [p for p in pairs if p.divergences or p.agreements]
    assert view.judged() == tuple(judged) and 0 < len(judged) < len(pairs)
    assert view.documents() == {s.doc for p in pairs for s in (p.a, p.b)}
    for rows, side in zip(view.sides(), ("a", "b"), strict=True):
        assert [(view.columns.docs[d], s, e) for d, s, e in rows.tolist()] == [
            (getattr(p, side).doc, getattr(p, side).start, getattr(p, side).end) for p in pairs]
    assert list(view.of_basis(PairBasis.FIGURE)) == [p.basis == PairBasis.FIGURE for p in pairs]
    assert view.similarity.tolist() == [p.similarity for p in pairs]


def test_pairs_read_back_make_their_judged_values_only_when_asked() -> None:
    """Read back, the judged values are `Records`: checked whole, each made when its pair is."""
    pairs = some_pairs()
    stored = PairColumns.from_bytes(PairColumns.of(pairs).to_bytes())
    assert isinstance(stored.judged, columns.Records)
    made = stored.judged.take(np.arange(len(stored.judged)))
    assert made == [d for p in sorted(pairs, key=pair_order) for d in p.links]
    assert list(stored.judged) == made and stored.judged[2:5] == made[2:5] and stored.judged[-1] == made[-1]
    view = PairView(stored, np.arange(len(stored))[::-1].copy(), np.arange(len(stored)))
    assert list(view) == [replace_group(p, g) for g, p in enumerate(reversed(stored.pairs()))]
    assert view == stored.pairs(np.arange(len(stored))[::-1], np.arange(len(stored)))
