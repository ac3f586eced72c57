"""Small algorithms over spans that several packages need: the length a set of ranges covers, and one
union-find whose sets are named by their smallest member (so results never depend on input order).
Imports: the standard library only.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, Generic, Protocol, TypeVar


class _Ordered(Hashable, Protocol):
    # `Any`, not `object`: tuples compare only with tuples, and they must fit.
    def __lt__(self, other: Any, /) -> bool: ...


T = TypeVar("T", bound=_Ordered)


def covered_length(ranges: Iterable[tuple[int, int]]) -> int:
    """How many positions the union of half-open `ranges` (start, end) covers."""
    total, reach = 0, -1
    for start, end in sorted(ranges):
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total


class DisjointSets(Generic[T]):
    """Union-find; each set is named by its smallest member."""

    def __init__(self) -> None:
        self.parent: dict[T, T] = {}

    def find(self, x: T) -> T:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, x: T, y: T) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            if ry < rx:
                rx, ry = ry, rx
            self.parent[ry] = rx
