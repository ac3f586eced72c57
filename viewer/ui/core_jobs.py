"""The core work the window sends to a child process (`process.run_in_process`), as module-level functions
taking `progress` so the child can run and report them. Qt-free and light to import, so the child starts fast.

Imports: viewer.core only.
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.core.align.stages import AlignOptions
from viewer.core.facts.discrepancies import Discrepancy, corpus_discrepancies
from viewer.core.facts.extract import Fact, extract_facts
from viewer.core.index.store import Index
from viewer.core.model import Alignment
from viewer.core.progress import Progress, report

DISCREPANCIES_STAGE = "Collecting discrepancies"


@dataclass(frozen=True, slots=True)
class Aligned:
    alignment: Alignment  # at the engine's floor: the window filters any higher threshold itself
    notices: tuple[str, ...]  # what the index store had to repair or could not save


@dataclass(frozen=True, slots=True)
class Disputes:
    discrepancies: list[Discrepancy]
    facts: dict[str, tuple[Fact, ...]]  # the numbers and dates of every paired document, found on the way


def align(folder: str, progress: Progress) -> Aligned:
    """The folder's alignment from its index in the user's cache: read back when the folder is unchanged,
    updated when a few files changed, built otherwise."""
    index = Index.open(folder)
    try:
        alignment = index.refresh(min_similarity=AlignOptions().floor, progress=progress)
        notices = tuple(index.notices)
    finally:
        index.close()
    return Aligned(alignment, notices)


def discrepancies(alignment: Alignment, progress: Progress) -> Disputes:
    """The disputed facts, and the numbers and dates of each paired document, which finding them extracted
    anyway: sent along so that the window need not scan a long article on its GUI thread at a click."""
    report(progress, DISCREPANCIES_STAGE, 0, 1)
    found = corpus_discrepancies(alignment)
    paired = {doc for p in alignment.pairs for doc in (p.a.doc, p.b.doc)}
    facts = {d.id: extract_facts(d) for d in alignment.corpus.documents if d.id in paired}
    report(progress, DISCREPANCIES_STAGE, 1, 1)
    return Disputes(found, facts)
