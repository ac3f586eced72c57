"""The window's long jobs as plain functions run by `workers.TaskRunner` in a worker thread.

No widgets here: each takes `(progress, partial, cancel)` and returns its result; the CPU-bound core
work runs in a child process through `process.run_in_process`.
Imports: viewer.core, viewer.report (content, pdf), viewer.ui (core_jobs, folder_notes, index, process).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from viewer.core import pipeline
from viewer.core.index.tables import FactSpans
from viewer.core.model import Alignment, Corpus
from viewer.core.progress import CancelToken, Progress
from viewer.report.content import ExportScope
from viewer.report.pdf import Paper, export_pdf
from viewer.ui import core_jobs
from viewer.ui.folder_notes import FolderNotes
from viewer.ui.index import CorpusIndex, KeptGroupings
from viewer.ui.process import run_in_process


@dataclass(frozen=True, slots=True)
class Opened:
    index: CorpusIndex
    notices: tuple[str, ...]  # for the status bar: an index repaired, or kept in memory only
    aligned: Alignment  # as the engine gave it, before the user's notes: they may change
    facts: dict[str, FactSpans]  # where each paired document's numbers and dates are
    pending: bool = False  # the lexical alignment: restatements are still being found
    kept: KeptGroupings | None = None  # the groupings the folder's index keeps (none for a saved result)


def index_task(opened: Opened, notes: FolderNotes, threshold: float) -> Callable[..., Opened]:
    """The same alignment indexed again with the user's notes changed (a file excluded, a title corrected)."""

    def run(_progress: Progress, _partial: Callable[[Any], None], _cancel: CancelToken) -> Opened:
        index = CorpusIndex(notes.apply(opened.aligned), threshold, opened.facts, kept=opened.kept)
        return replace(opened, index=index)

    return run


def open_folder_task(folder: Path, threshold: float, notes: FolderNotes) -> Callable[..., Opened | None]:
    """Get the folder's alignment from the index store in a child process, handing the documents over as
    soon as the child has them (for the first document to show), and on a large build the lexical
    alignment, indexed (`Opened.pending`), while the sentence model runs; then index the final alignment.

    The folder is read by the child's index only (and not at all when it is unchanged since last time).
    Returns None when nothing was readable: the corpus already handed over says why.
    """
    job = {"folder": str(folder), "preview_from": pipeline.PREVIEW_SENTENCES,
           "preview_after": pipeline.PREVIEW_SECONDS}
    return _opening(core_jobs.align, job, threshold, notes, KeptGroupings(folder))


def open_result_task(path: Path, threshold: float, notes: FolderNotes) -> Callable[..., Opened | None]:
    """Read a saved result (`parallax align --json` or `--parquet`) in a child process, read-only: its
    documents first, then its alignment, indexed as a folder's is; nothing is aligned or judged again."""
    return _opening(core_jobs.read_result, {"path": str(path)}, threshold, notes)


def _opening(
    job_function: Callable[..., core_jobs.Aligned], job: dict[str, Any], threshold: float, notes: FolderNotes,
    kept: KeptGroupings | None = None,
) -> Callable[..., Opened | None]:
    """Run `job_function(**job)` in a child process, handing its documents and any partial alignment over
    as they come (with the user's notes applied) and indexing the final one; None when it had no documents.
    `kept`: the groupings of the folder's index, which serve the threshold shown when they group the same
    pairs (and keep the threshold grouped here otherwise)."""

    def run(progress: Progress, partial: Callable[[Any], None], cancel: CancelToken) -> Opened | None:
        streamed: list[Corpus] = []

        def opened(aligned: core_jobs.Aligned) -> Opened:
            alignment = aligned.with_corpus(streamed[-1])
            index = CorpusIndex(notes.apply(alignment), threshold, aligned.facts, kept=kept)
            return Opened(index, aligned.notices, alignment, aligned.facts, aligned.pending, kept)

        def on_partial(value: Corpus | core_jobs.Aligned) -> None:
            if isinstance(value, core_jobs.Aligned):
                partial(opened(value))
                return
            streamed.append(value)
            partial(notes.apply_corpus(value))

        aligned = run_in_process(job_function, job, progress, cancel, on_partial)
        if not streamed[-1].documents:
            return None
        return opened(aligned)

    return run


def export_task(
    alignment: Alignment, path: Path, scope: ExportScope, context_chars: int, paper: Paper = Paper.A4
) -> Callable[..., int]:
    """Write the comparison PDF of `scope` on `paper`; returns its number of pages."""

    def run(progress: Progress, _partial: Callable[[Any], None], cancel: CancelToken) -> int:
        return export_pdf(
            alignment, path, scope=scope, context_chars=context_chars, paper=paper, progress=progress,
            cancel=cancel,
        )

    return run
