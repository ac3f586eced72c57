"""The one small interface every panel of the window implements, so the window can treat them alike: it
hands each the alignment (again at each new threshold) and tells each what changed in the selection.

Imports: viewer.ui (index, selection).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from viewer.ui.index import CorpusIndex
from viewer.ui.selection import Field, Selection


@runtime_checkable
class Panel(Protocol):
    def set_index(self, index: CorpusIndex | None) -> None:
        """Show what `index` says (None: the folder is being read or aligned, or was closed)."""

    def show_selection(self, selection: Selection, changed: frozenset[Field]) -> None:
        """Follow the window's selection; `changed` names the fields that moved."""
