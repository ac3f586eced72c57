"""The window's long jobs as plain functions run by `workers.TaskRunner` in a worker thread.

Qt-free: each takes `(progress, partial, cancel)` and returns its result.
Imports: viewer.core, viewer.report (content, pdf), viewer.ui.index.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from viewer.core.discrepancies import Discrepancy, corpus_discrepancies
from viewer.core.documents import load_corpus
from viewer.core.model import Alignment
from viewer.core.pipeline import analyse
from viewer.core.progress import CancelToken, Progress, check
from viewer.report.content import ExportScope
from viewer.report.pdf import export_pdf
from viewer.ui.index import CorpusIndex


def open_folder_task(folder: Path, floor: float, threshold: float) -> Callable[..., CorpusIndex | None]:
    """Read `folder` (handing the corpus over as soon as it is read), align it at `floor`, index it.

    Returns None when nothing was readable: the corpus already handed over says why.
    """

    def run(progress: Progress, partial: Callable[[Any], None], cancel: CancelToken) -> CorpusIndex | None:
        corpus = load_corpus(folder, progress=progress, cancel=cancel)
        partial(corpus)
        if not corpus.documents:
            return None
        alignment = analyse(corpus, min_similarity=floor, progress=progress, cancel=cancel)
        return CorpusIndex(alignment, threshold)

    return run


def discrepancies_task(alignment: Alignment) -> Callable[..., list[Discrepancy]]:
    """The disputed facts of `alignment` (re-run at each new threshold, so it runs off the GUI thread too)."""

    def run(progress: Progress, _partial: Callable[[Any], None], cancel: CancelToken) -> list[Discrepancy]:
        progress("Collecting discrepancies", 0, 1)
        found = corpus_discrepancies(alignment)
        check(cancel)
        return found

    return run


def export_task(
    alignment: Alignment, path: Path, scope: ExportScope, context_chars: int
) -> Callable[..., int]:
    """Write the comparison PDF of `scope`; returns its number of pages."""

    def run(progress: Progress, _partial: Callable[[Any], None], cancel: CancelToken) -> int:
        return export_pdf(
            alignment, path, scope=scope, context_chars=context_chars, progress=progress, cancel=cancel
        )

    return run
