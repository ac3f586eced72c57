"""The core work the window sends to a child process (`process.run_in_process`), as module-level functions
taking `progress` so the child can run and report them. Qt-free and light to import, so the child starts fast.

Imports: viewer.core only.
"""

from __future__ import annotations

from viewer.core.discrepancies import Discrepancy, corpus_discrepancies
from viewer.core.facts_extract import Fact, extract_facts
from viewer.core.model import Alignment, Corpus
from viewer.core.pipeline import analyse
from viewer.core.progress import Progress, report

DISCREPANCIES_STAGE = "Collecting discrepancies"


def align(
    corpus: Corpus, min_similarity: float, progress: Progress
) -> tuple[Alignment, dict[str, tuple[Fact, ...]]]:
    """The alignment, and every document's numbers and dates (found while judging the pairs, so the window
    need not find them again on its GUI thread: 20 ms for a long article)."""
    alignment = analyse(corpus, min_similarity=min_similarity, progress=progress)
    return alignment, {doc.id: extract_facts(doc) for doc in corpus.documents}


def discrepancies(alignment: Alignment, progress: Progress) -> list[Discrepancy]:
    report(progress, DISCREPANCIES_STAGE, 0, 1)
    found = corpus_discrepancies(alignment)
    report(progress, DISCREPANCIES_STAGE, 1, 1)
    return found
