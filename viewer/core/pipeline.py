"""From a folder to a finished alignment: load, align, then judge the numbers and dates of every pair.

The one entry point the command line, the window and the report call. Imports: viewer.core only.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from viewer.core.align import DEFAULT_MIN_SIMILARITY, align_corpus
from viewer.core.documents import load_corpus
from viewer.core.facts import pair_divergences
from viewer.core.model import Alignment, Corpus
from viewer.core.progress import CancelToken, Progress, check, report

__all__ = ["DEFAULT_MIN_SIMILARITY", "analyse", "judge_facts"]


def analyse(
    source: Path | str | Corpus,
    *,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Alignment:
    """Load `source` (a folder, or an already loaded corpus), align it and fill every pair's divergences."""
    if isinstance(source, Corpus):
        corpus = source
    else:
        corpus = load_corpus(Path(source), progress=progress, cancel=cancel)
    alignment = align_corpus(corpus, min_similarity=min_similarity, progress=progress, cancel=cancel)
    return judge_facts(alignment, progress=progress, cancel=cancel)


def judge_facts(
    alignment: Alignment, *, progress: Progress | None = None, cancel: CancelToken | None = None
) -> Alignment:
    """The same alignment with each pair's `divergences` filled from its numbers and dates."""
    docs = alignment.corpus.by_id()
    pairs = []
    total = len(alignment.pairs)
    for i, pair in enumerate(alignment.pairs):
        if i % 64 == 0:
            check(cancel)
            report(progress, "Comparing numbers and dates", i, total)
        divergences = pair_divergences(
            docs[pair.a.doc], (pair.a.start, pair.a.end), docs[pair.b.doc], (pair.b.start, pair.b.end)
        )
        pairs.append(replace(pair, divergences=divergences))
    report(progress, "Comparing numbers and dates", total, total)
    return replace(alignment, pairs=tuple(pairs))
