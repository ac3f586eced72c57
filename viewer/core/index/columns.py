"""The stored pairs as columns: numpy arrays in one checked blob, read back without a row per pair.

A reopen reads every stored pair (501,018 at 2,000 articles of wire copy). Kept as one SQLite row each,
with its judged values as a JSON record checked field by field, reading them was the whole cost of a
reopen (13.9 s there). Here they are one blob (`pack`): a digest, a small JSON header (the arrays' names,
dtypes and lengths, and the blob's strings) and the raw arrays, read with `np.frombuffer`. Nothing is
unpickled; what does not fit is ValueError, which the index treats as damage and rebuilds:
- the digest (BLAKE2b of the rest) finds damage the value checks cannot see (a changed offset);
- the header is JSON with every name, dtype and length checked, and the arrays must fill the blob exactly;
- every column is checked whole, in numpy: indexes in range, offsets in order, floats finite, enum values
  members of their enum.

Records become columns generically (`_encode_records`, read back as `Records`): each field of a dataclass is
a column by its type hint (str and enums: numbers into the blob's strings; int, float, bool; a nested
dataclass or None: a row number into a table of its own, -1 for None), so a field added to `Divergence`
or `FactSide` needs no change here. `Pair` and `Span` are laid out by hand (`PairColumns`): the distinct
passages once, sorted, and each pair as two passage numbers, so a passage shared by many pairs is one
`Span` object, pairs sort in `pair_order` by two integers, and a click finds its pairs by bisection.
Python records are built in bulk, and only those asked for (`PairColumns.pairs(rows)`): the judged values
read back are `Records` (checked whole, each made with its pair), and an alignment read back holds its
pairs as a `PairView` (rows of the columns and their groups, a `Pair` made on access and not kept), so a
reopen makes no pair, and the window's child sends the columns rather than a pickled `Pair` each.
Imports: the standard library, numpy, viewer.core.model, viewer.core.align.grouping (the passages numbered).
"""

from __future__ import annotations

import bisect
import dataclasses
import enum
import functools
import hashlib
import json
import operator
import types
import typing
from collections.abc import Sequence
from typing import Any

import numpy as np

from viewer.core.align.grouping import Passages, Regrouper, number_sides
from viewer.core.model import Divergence, Pair, PairBasis, Span, Verdict

__all__ = ["CHUNK", "PAIR_FIELDS", "LazySequence", "PairColumns", "PairView", "pack", "unpack"]

MAGIC = b"PXC1"
DIGEST = 16
# The dtypes a blob may hold: little-endian integers and floats (a header naming any other is damage).
DTYPES = frozenset({"<i4", "<i8", "<f8", "|u1"})
ALIGN = 8
# The fields of a Pair in order (a test holds them to the class): `PairColumns` lays them out by hand.
PAIR_FIELDS = ("a", "b", "similarity", "group", "divergences", "agreements", "basis")
LINK = "link"  # the name of the judged values' table in a pairs blob
CHUNK = 4096  # records a lazy sequence makes at a time while it is iterated


_T = typing.TypeVar("_T")


class LazySequence(Sequence[_T]):
    """A read-only sequence whose items are made when asked for: equal to any sequence of equal items (a
    tuple of them: `tuple == view` falls back on this `__eq__`), and hashed as that tuple."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(map(operator.eq, self, other))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} items)"


# --------------------------------------------------------------------------------------------- the blob


def pack(arrays: dict[str, np.ndarray], strings: Sequence[str]) -> bytes:
    """`arrays` and `strings` as one blob (see the module's docstring)."""
    names, parts, pos = [], [], 0
    for name, array in arrays.items():
        data = np.ascontiguousarray(array)
        if data.ndim != 1 or data.dtype.str not in DTYPES:
            raise TypeError(f"no stored form for {name}: {data.dtype.str}, {data.ndim} dimensions")
        raw = data.tobytes()
        parts.append(raw + bytes(-len(raw) % ALIGN))
        names.append([name, data.dtype.str, len(data)])
        pos += len(parts[-1])
    # ASCII JSON: a lone surrogate (a text read with surrogateescape) is written as an escape and read back
    header = json.dumps({"arrays": names, "strings": list(strings)}, separators=(",", ":"), allow_nan=False)
    head = header.encode("ascii")
    body = len(head).to_bytes(8, "little") + head + bytes(-len(head) % ALIGN) + b"".join(parts)
    return MAGIC + hashlib.blake2b(body, digest_size=DIGEST).digest() + body


def unpack(blob: object) -> tuple[dict[str, np.ndarray], list[str]]:
    """The arrays (read-only views on `blob`) and strings `pack` wrote; ValueError for anything else."""
    if not isinstance(blob, bytes) or len(blob) < len(MAGIC) + DIGEST + 8 or not blob.startswith(MAGIC):
        raise ValueError("a blob of the index is not one the index writes")
    body = memoryview(blob)[len(MAGIC) + DIGEST :]
    if hashlib.blake2b(body, digest_size=DIGEST).digest() != blob[len(MAGIC) : len(MAGIC) + DIGEST]:
        raise ValueError("a blob of the index does not match its digest")
    size = int.from_bytes(body[:8], "little")
    try:
        header = json.loads(bytes(body[8 : 8 + size]))
    except (UnicodeDecodeError, RecursionError) as error:  # JSONDecodeError is a ValueError
        raise ValueError(f"the header of a blob does not decode: {error}") from None
    if not (isinstance(header, dict) and isinstance(header.get("arrays"), list)
            and isinstance(header.get("strings"), list)
            and all(type(s) is str for s in header["strings"])):
        raise ValueError("the header of a blob is not what the index writes")
    pos = 8 + size + (-size % ALIGN)
    arrays: dict[str, np.ndarray] = {}
    for entry in header["arrays"]:
        if not (isinstance(entry, list) and len(entry) == 3 and type(entry[0]) is str
                and entry[1] in DTYPES and type(entry[2]) is int and entry[2] >= 0):
            raise ValueError("an array of a blob is not described as the index writes it")
        name, dtype, n = entry
        nbytes = np.dtype(dtype).itemsize * n
        if pos + nbytes > len(body):
            raise ValueError("a blob of the index is shorter than its header says")
        arrays[name] = np.frombuffer(body, dtype=dtype, count=n, offset=pos)
        pos += nbytes + (-nbytes % ALIGN)
    if pos != len(body):
        raise ValueError("a blob of the index is longer than its header says")
    return arrays, header["strings"]


# ------------------------------------------------------------------------------------- records as columns


class _Strings:
    """The distinct strings of a blob, numbered in the order met."""

    def __init__(self) -> None:
        self.number: dict[str, int] = {}

    def __call__(self, value: str) -> int:
        return self.number.setdefault(value, len(self.number))

    @property
    def values(self) -> list[str]:
        return list(self.number)


def _field_kinds(cls: type) -> list[tuple[str, Any, bool]]:
    """(name, the column's kind, whether it may be None) of each field of the dataclass `cls`."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if not f.init:
            raise TypeError(f"{cls.__name__}.{f.name} is not set by the constructor")
        hint, nullable = hints[f.name], False
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(hint) if a is not type(None)]
            if len(args) != 1:
                raise TypeError(f"no column for {cls.__name__}.{f.name}: {hint}")
            hint, nullable = args[0], True
        scalar = hint in (str, int, float, bool)
        if not (scalar or (isinstance(hint, type) and (issubclass(hint, enum.Enum)
                                                       or dataclasses.is_dataclass(hint)))):
            raise TypeError(f"no column for {cls.__name__}.{f.name}: {hint}")  # a programming error
        if nullable and hint in (int, float, bool):
            raise TypeError(f"no column for {cls.__name__}.{f.name}: {hint} | None")
        out.append((f.name, hint, nullable))
    return out


def _encode_records(cls: type, rows: Sequence[Any], name: str, arrays: dict[str, np.ndarray],
                    strings: _Strings) -> None:
    """The records `rows` (of dataclass `cls`) as the columns `name.field` of `arrays`."""
    rows = list(rows)  # once: lazy `Records` would make each record once per field
    for field, kind, _ in _field_kinds(cls):
        values = [getattr(r, field) for r in rows]
        key = f"{name}.{field}"
        if kind is str or (isinstance(kind, type) and issubclass(kind, enum.Enum)):
            plain = values if kind is str else [None if v is None else v.value for v in values]
            arrays[key] = np.array([-1 if v is None else strings(v) for v in plain], dtype=np.int32)
        elif kind is float:
            arrays[key] = np.array(values, dtype=np.float64)
        elif kind is bool:
            arrays[key] = np.array(values, dtype=np.uint8)
        elif kind is int:
            arrays[key] = np.array(values, dtype=np.int64)
        else:  # a nested record (or None): its row in a table of its own
            present = [v for v in values if v is not None]
            numbers, k = [], 0
            for v in values:
                numbers.append(-1 if v is None else k)
                k += v is not None
            arrays[key] = np.array(numbers, dtype=np.int32)
            _encode_records(kind, present, key, arrays, strings)


class _Kind(enum.Enum):
    """How a column of records is read back."""

    TABLE = "table"  # numbers into a table (the blob's strings, or the enum members they name)
    PLAIN = "plain"  # ints and floats as they are
    BOOL = "bool"
    NESTED = "nested"  # a row of a nested record's table, -1 for None


class Records(LazySequence[Any]):
    """The `n` records (of dataclass `cls`) `_encode_records` wrote as `name`, every column checked when
    they are read (ValueError when the columns do not fit), each record made when asked for (`take`): a
    reopen reads some 100,000 judged values at 2,000 articles of wire copy and shows a few."""

    __slots__ = ("cls", "fields", "n")

    def __init__(self, cls: type, n: int, name: str, arrays: dict[str, np.ndarray], strings: list[str]
                 ) -> None:
        self.cls, self.n = cls, n
        self.fields: list[tuple[str, _Kind, np.ndarray, Any]] = []
        for field, kind, nullable in _field_kinds(cls):
            key = f"{name}.{field}"
            data = arrays.get(key)
            if data is None or len(data) != n:
                raise ValueError(f"the column {key} of a blob is missing or has another length")
            if kind is str or (isinstance(kind, type) and issubclass(kind, enum.Enum)):
                if data.dtype != np.int32 or (n and (int(data.min()) < (-1 if nullable else 0)
                                                     or int(data.max()) >= len(strings))):
                    raise ValueError(f"the column {key} of a blob is out of range")
                # each string (or enum member) looked up once: -1 is the last item, None
                used = np.flatnonzero(np.bincount(data + 1, minlength=1)[1:])  # np.unique imports numpy.ma
                table: list[Any] = strings if kind is str else _members(kind, strings, used)
                self.fields.append((field, _Kind.TABLE, data, [*table, None]))
            elif kind is float:
                if data.dtype != np.float64 or not np.isfinite(data).all():
                    raise ValueError(f"the column {key} of a blob is not finite floats")
                self.fields.append((field, _Kind.PLAIN, data, None))
            elif kind is bool:
                if data.dtype != np.uint8 or (n and int(data.max()) > 1):
                    raise ValueError(f"the column {key} of a blob is not booleans")
                self.fields.append((field, _Kind.BOOL, data, None))
            elif kind is int:
                if data.dtype != np.int64:
                    raise ValueError(f"the column {key} of a blob is not integers")
                self.fields.append((field, _Kind.PLAIN, data, None))
            else:
                present = int((data >= 0).sum()) if n else 0
                if data.dtype != np.int32 or (n and (int(data.min()) < -1 or not np.array_equal(
                        data[data >= 0], np.arange(present, dtype=np.int32)))):
                    raise ValueError(f"the column {key} of a blob does not number its records")
                self.fields.append((field, _Kind.NESTED, data, Records(kind, present, key, arrays, strings)))

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return self.take(np.arange(*i.indices(self.n), dtype=np.int64))
        k = operator.index(i)
        if not -self.n <= k < self.n:
            raise IndexError("record index out of range")
        return self.take(np.array([k % self.n], dtype=np.int64))[0]

    def __iter__(self) -> typing.Iterator[Any]:
        for k in range(0, self.n, CHUNK):
            yield from self.take(np.arange(k, min(k + CHUNK, self.n), dtype=np.int64))

    def take(self, rows: np.ndarray) -> list[Any]:
        """The records `rows`, made in bulk (`map` over the columns: no Python frame per record)."""
        columns: list[list[Any]] = []
        for _, kind, data, extra in self.fields:
            picked = data[rows]
            if kind is _Kind.TABLE:
                columns.append(list(map(extra.__getitem__, picked.tolist())))
            elif kind is _Kind.PLAIN:
                columns.append(picked.tolist())
            elif kind is _Kind.BOOL:
                columns.append(list(map(bool, picked.tolist())))
            else:
                present = picked >= 0
                inner = [*extra.take(picked[present]), None]
                at = np.full(len(picked), -1, dtype=np.int64)  # -1: the last item, None
                at[present] = np.arange(int(present.sum()), dtype=np.int64)
                columns.append(list(map(inner.__getitem__, at.tolist())))
        if not columns:
            return [self.cls() for _ in range(len(rows))]
        return list(map(self.cls, *columns))

    def equal(self, field: str, value: Any) -> np.ndarray:
        """Whether each record's `field` (a string or an enum) is `value`, on the numbers (a mask)."""
        for name, kind, data, table in self.fields:
            if name == field and kind is _Kind.TABLE:
                return np.array([v == value for v in table], dtype=bool)[data]
        raise KeyError(f"{field} is no string or enum column of {self.cls.__name__}")


def _members(kind: Any, strings: list[str], used: np.ndarray) -> list[Any]:
    """For each of `strings`, the member of the enum `kind` with that value where `used` (the numbers of
    the strings used) asks for it, else None; ValueError for a value that is no member."""
    out: list[Any] = [None] * len(strings)
    for k in used.tolist():
        try:
            out[k] = kind(strings[k])
        except ValueError:
            raise ValueError(f"{strings[k]!r:.40} is not a {kind.__name__}") from None
    return out


# ---------------------------------------------------------------------------------------------- pairs


@dataclasses.dataclass(frozen=True)
class PairColumns:
    """Pairs (at the floor, ungrouped) as columns, in `pair_order`.

    `docs`: the documents named, sorted; `spans`: the distinct passages as (document number, start, end)
    rows, sorted, so that their order is `Span`'s; `a`, `b`: each pair's passages as rows of `spans`
    (pairs sorted by `a`, then `b`: `pair_order`); `similarity`; `basis` (a number into `BASES`); `links`:
    offsets (n + 1) into `judged`, the judged values of every pair in order (`Pair.links`): a list when
    the pairs were just made, `Records` (each made when asked for) when they were read back.
    """

    docs: list[str]
    spans: np.ndarray  # int64, (m, 3)
    a: np.ndarray  # int64 rows of `spans`
    b: np.ndarray
    similarity: np.ndarray  # float64
    basis: np.ndarray  # uint8 numbers into BASES
    links: np.ndarray  # int64 offsets into `judged`
    judged: Sequence[Divergence]
    # the `Span` of each row of `spans` once built: pairs and groups share them (a passage of wire copy is
    # a side of dozens of pairs and a member of as many groups)
    made: list[Span | None] = dataclasses.field(default_factory=list, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.a)

    def span_objects(self, rows: np.ndarray) -> list[Span]:
        """The `Span` of each of `rows` (rows of `spans`), each built once per instance."""
        made = self._made()
        numbers = rows.tolist()
        # a set of the rows asked for, not a mask of every passage: a chunk of a few thousand pairs is
        # asked for at a time, of a million passages
        new = [k for k in set(numbers) if made[k] is None]
        if new:
            new.sort()
            table = self.spans[np.array(new, dtype=np.int64)]
            for k, span in zip(new, map(Span, map(self.docs.__getitem__, table[:, 0].tolist()),
                                        table[:, 1].tolist(), table[:, 2].tolist()), strict=True):
                made[k] = span
        return list(map(made.__getitem__, numbers))  # type: ignore[arg-type]

    def _made(self) -> list[Span | None]:
        if len(self.made) != len(self.spans):
            self.made[:] = [None] * len(self.spans)
        return self.made

    def _span(self, k: int) -> Span:
        made = self._made()
        span = made[k]
        if span is None:
            d, start, end = self.spans[k].tolist()
            span = made[k] = Span(self.docs[d], start, end)
        return span

    # ------------------------------------------------------------------------------------- writing

    @classmethod
    def of(cls, pairs: Sequence[Pair]) -> PairColumns:
        """`pairs` as columns, sorted in `pair_order` (stably, as `sorted` would)."""
        return cls.ordered(pairs)[0]

    @classmethod
    def ordered(cls, pairs: Sequence[Pair]) -> tuple[PairColumns, np.ndarray]:
        """`pairs` as columns (`of`), and the order taken: row k of the columns is `pairs[order[k]]`."""
        docs, passages, a, b, _ = number_sides(pairs)
        order = np.lexsort((b, a))
        bases = {basis: k for k, basis in enumerate(PairBasis)}
        taken = [pairs[i] for i in order.tolist()]
        counts = np.array([len(p.divergences) + len(p.agreements) for p in taken], dtype=np.int64)
        return cls(docs, passages, a[order], b[order],
                   np.array([p.similarity for p in taken], dtype=np.float64).reshape(-1),
                   np.array([bases[p.basis] for p in taken], dtype=np.uint8),
                   np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
                   [d for p in taken if p.divergences or p.agreements for d in p.links]), order

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (the window's child sends the pairs so) without the `Span`s made so far."""
        return (PairColumns, (self.docs, self.spans, self.a, self.b, self.similarity, self.basis, self.links,
                              self.judged))

    def to_bytes(self) -> bytes:
        strings = _Strings()
        for d in self.docs:
            strings(d)
        arrays = {"spans": self.spans.reshape(-1), "a": self.a, "b": self.b, "similarity": self.similarity,
                  "basis": self.basis, "links": self.links}
        _encode_records(Divergence, self.judged, LINK, arrays, strings)
        arrays["docs"] = np.array([len(self.docs)], dtype=np.int64)
        return pack(arrays, strings.values)

    # ------------------------------------------------------------------------------------- reading

    @classmethod
    def from_bytes(cls, blob: object) -> PairColumns:
        """The columns `to_bytes` wrote, every one checked; ValueError when they do not fit together."""
        arrays, strings = unpack(blob)
        need = ("docs", "spans", "a", "b", "similarity", "basis", "links")
        kinds = (np.int64, np.int64, np.int64, np.int64, np.float64, np.uint8, np.int64)
        if any(name not in arrays or arrays[name].dtype != kind
               for name, kind in zip(need, kinds, strict=True)):
            raise ValueError("a pairs blob lacks a column or holds another type")
        n_docs = int(arrays["docs"][0]) if len(arrays["docs"]) == 1 else -1
        spans, a, b = arrays["spans"], arrays["a"], arrays["b"]
        similarity, basis, links = arrays["similarity"], arrays["basis"], arrays["links"]
        n = len(a)
        if not (0 <= n_docs <= len(strings) and len(spans) % 3 == 0 and len(b) == n == len(similarity)
                == len(basis) and len(links) == n + 1):
            raise ValueError("the columns of a pairs blob do not fit together")
        spans = spans.reshape(-1, 3)
        docs = strings[:n_docs]
        m = len(spans)
        if n and (min(int(a.min()), int(b.min())) < 0 or max(int(a.max()), int(b.max())) >= m
                  or not np.isfinite(similarity).all() or int(basis.max()) >= len(BASES)):
            raise ValueError("a pair of the index is out of range")
        if m and (int(spans[:, 0].min()) < 0 or int(spans[:, 0].max()) >= n_docs
                  or int(spans[:, 1].min()) < 0 or bool((spans[:, 2] < spans[:, 1]).any())
                  or not _strictly_sorted(spans[:, 0], spans[:, 1], spans[:, 2])):
            raise ValueError("the passages of the index are out of range or order")
        if docs != sorted(set(docs)):
            raise ValueError("the documents of a pairs blob are not sorted")
        if int(links[0]) != 0 or bool((np.diff(links) < 0).any()):
            raise ValueError("the judged values of the index are not in order")
        judged = Records(Divergence, int(links[-1]), LINK, arrays, strings)
        out = cls(docs, spans, a, b, similarity, basis, links, judged)
        if n and not _sorted(a, b):
            order = np.lexsort((b, a))
            return out.taken(order)
        return out

    def taken(self, rows: np.ndarray) -> PairColumns:
        """The pairs `rows` (in that order)."""
        counts = np.diff(self.links)[rows]
        judged = self._judged(_ranges(self.links[rows], self.links[rows + 1]))
        return PairColumns(self.docs, self.spans, self.a[rows], self.b[rows], self.similarity[rows],
                           self.basis[rows], np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
                           judged)

    def pairs(self, rows: Sequence[int] | np.ndarray | None = None,
              groups: Sequence[int] | np.ndarray | None = None) -> tuple[Pair, ...]:
        """The pairs `rows` (all by default), with `groups` (-1 by default) as their groups: each distinct
        passage is one `Span`. Built in bulk (`map` over columns), a few thousand at a time by `PairView`."""
        index = np.arange(len(self), dtype=np.int64) if rows is None else np.asarray(rows, dtype=np.int64)
        n = len(index)
        if not n:
            return ()
        a = self.span_objects(self.a[index])
        b = self.span_objects(self.b[index])
        divergences: list[tuple[Divergence, ...]] = [()] * n
        agreements: list[tuple[Divergence, ...]] = [()] * n
        lo_of, hi_of = self.links[index], self.links[index + 1]
        agreeing = self._same[hi_of] - self._same[lo_of]
        has = hi_of > lo_of
        # the judged values of these pairs made at once, then sliced pair by pair
        judged = self._judged(_ranges(lo_of[has], hi_of[has]))
        ends = np.cumsum(hi_of[has] - lo_of[has])
        for j, lo, hi, k in zip(np.flatnonzero(has).tolist(), (ends - (hi_of[has] - lo_of[has])).tolist(),
                                ends.tolist(), agreeing[has].tolist(), strict=True):
            if k == 0:  # most pairs state only values that differ, or only values that agree
                divergences[j] = tuple(judged[lo:hi])
            elif k == hi - lo:
                agreements[j] = tuple(judged[lo:hi])
            else:
                mine = judged[lo:hi]
                divergences[j] = tuple(d for d in mine if d.verdict != Verdict.SAME)
                agreements[j] = tuple(d for d in mine if d.verdict == Verdict.SAME)
        group_list = [-1] * n if groups is None else np.asarray(groups).tolist()
        return tuple(map(Pair, a, b, self.similarity[index].tolist(), group_list, divergences, agreements,
                         map(BASES.__getitem__, self.basis[index].tolist())))

    def pair(self, row: int, group: int = -1) -> Pair:
        """The pair `row` with `group` as its group (`pairs` for one, without the bulk's fixed costs)."""
        lo, hi = self.links[row : row + 2].tolist()
        mine = self._judged(np.arange(lo, hi, dtype=np.int64)) if hi > lo else []
        return Pair(self._span(int(self.a[row])), self._span(int(self.b[row])), float(self.similarity[row]),
                    group, tuple(d for d in mine if d.verdict != Verdict.SAME),
                    tuple(d for d in mine if d.verdict == Verdict.SAME), BASES[int(self.basis[row])])

    def _judged(self, rows: np.ndarray) -> list[Divergence]:
        """The judged values `rows` (of `judged`)."""
        if isinstance(self.judged, Records):
            return self.judged.take(rows)
        return list(map(self.judged.__getitem__, rows.tolist()))

    @functools.cached_property
    def _same(self) -> np.ndarray:
        """How many of the judged values before each are agreements (`Verdict.SAME`)."""
        judged = self.judged
        same = (judged.equal("verdict", Verdict.SAME) if isinstance(judged, Records)
                else np.array([d.verdict == Verdict.SAME for d in judged], dtype=bool))
        return np.concatenate([[0], np.cumsum(same)]).astype(np.int64)

    def touching(self, doc_id: str, start: int, end: int) -> list[int]:
        """The pairs with a side in `doc_id` overlapping [start, end): those by `a`, then those by `b`,
        each in the order of that side's start (how the index's SQL found them before)."""
        d = bisect.bisect_left(self.docs, doc_id)
        if d == len(self.docs) or self.docs[d] != doc_id:
            return []
        lo, hi = np.searchsorted(self.spans[:, 0], [d, d + 1])
        rows = self.spans[lo:hi]
        hit = np.flatnonzero((rows[:, 1] < end) & (rows[:, 2] > start)) + lo
        out: list[int] = []
        for side in (self.a, self.b):
            found = np.flatnonzero(np.isin(side, hit))
            starts = self.spans[side[found], 1]
            out += found[np.lexsort((found, starts))].tolist()
        return out


class PairView(LazySequence[Pair]):
    """Some pairs of `columns` as a read-only sequence: `rows` (rows of the columns, in this sequence's
    order) in `groups` (one each). A `Pair` is made when it is asked for and not kept: the columns are the
    one copy of the pairs, so a reopen that shows a few of them builds those few. Iterating makes them a
    chunk at a time (`PairColumns.pairs`); `take` makes several at once. Equal to any sequence of equal
    pairs (a tuple of `Pair`s), and pickled as its columns (the window's child sends them so).

    What the consumers of a whole alignment ask of every pair is answered on the arrays: `sides`,
    `similarity`, `of_basis`, `judged` (the pairs with judged values), `documents`."""

    __slots__ = ("columns", "groups", "rows")

    def __init__(self, columns: PairColumns, rows: np.ndarray, groups: np.ndarray | None = None) -> None:
        self.columns = columns
        self.rows = np.asarray(rows, dtype=np.int64)
        self.groups = (np.full(len(self.rows), -1, dtype=np.int64) if groups is None
                       else np.asarray(groups, dtype=np.int64))
        if len(self.groups) != len(self.rows):
            raise ValueError("a view of pairs needs one group a row")

    @classmethod
    def of(cls, pairs: Sequence[Pair]) -> PairView:
        """`pairs` as a view (itself when it is one), in their order and groups."""
        if isinstance(pairs, PairView):
            return pairs
        columns, order = PairColumns.ordered(pairs)
        rows = np.empty(len(order), dtype=np.int64)
        rows[order] = np.arange(len(order), dtype=np.int64)
        return cls(columns, rows, np.fromiter((p.group for p in pairs), dtype=np.int64, count=len(pairs)))

    def __len__(self) -> int:
        return len(self.rows)

    @typing.overload
    def __getitem__(self, i: int) -> Pair: ...

    @typing.overload
    def __getitem__(self, i: slice) -> PairView: ...

    def __getitem__(self, i: int | slice) -> Pair | PairView:
        if isinstance(i, slice):
            return PairView(self.columns, self.rows[i], self.groups[i])
        n = len(self.rows)
        k = operator.index(i)
        if k < 0:
            k += n
        if not 0 <= k < n:
            raise IndexError("pair index out of range")
        return self.columns.pair(int(self.rows[k]), int(self.groups[k]))

    def __iter__(self) -> typing.Iterator[Pair]:
        for k in range(0, len(self.rows), CHUNK):
            yield from self.columns.pairs(self.rows[k : k + CHUNK], self.groups[k : k + CHUNK])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PairView) and other.columns is self.columns:
            return bool(np.array_equal(self.rows, other.rows) and np.array_equal(self.groups, other.groups))
        return super().__eq__(other)

    __hash__ = LazySequence.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        return (PairView, (self.columns, self.rows, self.groups))

    # ------------------------------------------------------------------------ some pairs, and arrays

    def take(self, positions: Sequence[int] | np.ndarray) -> list[Pair]:
        """The pairs at `positions` of this sequence, made in bulk."""
        at = np.asarray(positions, dtype=np.int64)
        return list(self.columns.pairs(self.rows[at], self.groups[at]))

    def subset(self, positions: np.ndarray, groups: Sequence[int] | np.ndarray | None = None) -> PairView:
        """The pairs at `positions` as a view, in `groups` (their own groups by default)."""
        at = np.asarray(positions, dtype=np.int64)
        return PairView(self.columns, self.rows[at],
                        self.groups[at] if groups is None else np.asarray(groups))

    def sides(self) -> tuple[np.ndarray, np.ndarray]:
        """Each pair's `a` and `b` as (number in `columns.docs`, start, end) rows."""
        spans = self.columns.spans
        return spans[self.columns.a[self.rows]], spans[self.columns.b[self.rows]]

    @property
    def similarity(self) -> np.ndarray:
        return self.columns.similarity[self.rows]

    def of_basis(self, basis: PairBasis) -> np.ndarray:
        """Whether each pair is of `basis` (a mask)."""
        return self.columns.basis[self.rows] == BASES.index(basis)

    def judged(self) -> PairView:
        """The pairs with judged values (divergences or agreements): the only ones a disputed fact needs."""
        links = self.columns.links
        return self.subset(np.flatnonzero(links[self.rows + 1] > links[self.rows]))

    def regrouper(self) -> Regrouper:
        """A `Regrouper` of these pairs on their columns: their passages numbered as stored, the pairs a
        threshold keeps a view in turn (no `Pair` made). `Regrouper.of` asks a view for it."""
        columns, rows = self.columns, self.rows
        return Regrouper(Passages(columns.docs, columns.spans, columns.a[rows], columns.b[rows],
                                  columns.span_objects),
                         columns.similarity[rows], self.of_basis(PairBasis.FIGURE), self.subset)

    def documents(self) -> set[str]:
        """The documents with a side in some pair."""
        a, b = self.sides()
        used = np.zeros(len(self.columns.docs), dtype=bool)
        used[a[:, 0]] = used[b[:, 0]] = True
        return {self.columns.docs[k] for k in np.flatnonzero(used).tolist()}


BASES = tuple(PairBasis)


def _ranges(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The numbers lo[k]..hi[k] (exclusive) for every k, one after the other."""
    sizes = hi - lo
    if not len(sizes):
        return np.zeros(0, dtype=np.int64)
    starts = np.cumsum(sizes) - sizes  # where each range begins in the output
    return (np.arange(int(sizes.sum()), dtype=np.int64) - np.repeat(starts - lo, sizes)).astype(np.int64)


def _strictly_sorted(*keys: np.ndarray) -> bool:
    """Whether the rows of the columns `keys` are in strictly increasing lexicographic order."""
    if len(keys[0]) < 2:
        return True
    before = np.zeros(len(keys[0]) - 1, dtype=bool)  # decided: smaller than the next row
    equal = np.ones(len(keys[0]) - 1, dtype=bool)
    for k in keys:
        before |= equal & (k[:-1] < k[1:])
        equal &= k[:-1] == k[1:]
    return bool(before.all())


def _sorted(*keys: np.ndarray) -> bool:
    """Whether the rows of `keys` are in (not necessarily strictly) increasing lexicographic order."""
    if len(keys[0]) < 2:
        return True
    after = np.zeros(len(keys[0]) - 1, dtype=bool)
    equal = np.ones(len(keys[0]) - 1, dtype=bool)
    for k in keys:
        after |= equal & (k[:-1] > k[1:])
        equal &= k[:-1] == k[1:]
    return not bool(after.any())
