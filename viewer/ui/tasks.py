"""The window's long jobs as plain functions run by `workers.TaskRunner` in a worker thread.

No widgets here: each takes `(progress, partial, cancel)` and returns its result; the CPU-bound core
work runs in a child process through `process.run_in_process`.
Imports: viewer.core, viewer.report (content, pdf), viewer.ui (core_jobs, index, process).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from viewer.core.ingest.documents import load_corpus
from viewer.core.model import Alignment
from viewer.core.progress import CancelToken, Progress
from viewer.report.content import ExportScope
from viewer.report.pdf import export_pdf
from viewer.ui import core_jobs
from viewer.ui.index import CorpusIndex
from viewer.ui.process import run_in_process


@dataclass(frozen=True, slots=True)
class Opened:
    index: CorpusIndex
    notices: tuple[str, ...]  # for the status bar: an index repaired, or kept in memory only


def open_folder_task(folder: Path, threshold: float) -> Callable[..., Opened | None]:
    """Read `folder` (handing the corpus over as soon as it is read, for the first document to show), then
    get its alignment from the index store in a child process, and index it for the window.

    Returns None when nothing was readable: the corpus already handed over says why.
    """

    def run(progress: Progress, partial: Callable[[Any], None], cancel: CancelToken) -> Opened | None:
        corpus = load_corpus(folder, progress=progress, cancel=cancel)
        partial(corpus)
        if not corpus.documents:
            return None
        aligned = run_in_process(core_jobs.align, {"folder": str(folder)}, progress, cancel)
        return Opened(CorpusIndex(aligned.alignment, threshold), aligned.notices)

    return run


def discrepancies_task(alignment: Alignment) -> Callable[..., core_jobs.Disputes]:
    """The disputed facts of `alignment`, in a child process too (re-run at each new threshold)."""

    def run(progress: Progress, _partial: Callable[[Any], None], cancel: CancelToken) -> core_jobs.Disputes:
        return run_in_process(core_jobs.discrepancies, {"alignment": alignment}, progress, cancel)

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
