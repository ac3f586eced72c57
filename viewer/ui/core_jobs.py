"""The core work the window sends to a child process (`process.run_in_process`), as module-level functions
taking `progress` and `partial` so the child can run and report them. Qt-free and light to import, so the
child starts fast.

Imports: viewer.core, viewer.saved (a saved result read back).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from viewer import saved
from viewer.core.align.pool import Chunks, pool_size
from viewer.core.align.stages import AlignOptions, regroup
from viewer.core.facts.extract import extract_facts
from viewer.core.facts.values import AnyFact
from viewer.core.index.columns import PairView
from viewer.core.index.store import Index
from viewer.core.index.tables import FactSpans
from viewer.core.model import Alignment, Corpus, Document
from viewer.core.pipeline import facts_read_beside
from viewer.core.progress import Progress, report

FACTS_STAGE = "Finding numbers and dates"
RESULT_STAGE = "Reading the saved result"
FACT_POOL_DOCUMENTS = 20  # documents without fact spans from which they are found on the pool (FactReading)
READ_ONLY_NOTICE = "a saved result, read-only (Reload reads the file again; Open Folder aligns articles)"


@dataclass(frozen=True, slots=True)
class Aligned:
    """What the child sends back. `alignment` is at the engine's floor (the window filters any higher
    threshold itself), without its documents: they were streamed before, and are not sent twice."""

    alignment: Alignment
    notices: tuple[str, ...]  # what the index store had to repair or could not save
    facts: dict[str, FactSpans]  # where the numbers and dates of every paired document are (the index's)
    pending: bool = False  # the lexical result, sent to `partial` while the sentence model still runs

    def with_corpus(self, corpus: Corpus) -> Alignment:
        """The alignment with its documents, as the last `partial` streamed them."""
        return replace(self.alignment, corpus=corpus)


def align(folder: str, progress: Progress, partial: Callable[[Any], None], preview_from: int | None = None,
          preview_after: float | None = None) -> Aligned:
    """The folder's alignment from its index in the user's cache: read back when the folder is unchanged,
    updated when a few files changed, built otherwise. The documents go to `partial` as soon as they are
    known, read by the index (nobody else reads the folder). When a build's sentence model has
    `preview_from` sentences or more to embed (default: `pipeline.PREVIEW_SENTENCES`) and takes
    `preview_after` seconds or more (default: `pipeline.PREVIEW_SECONDS`), the lexical alignment goes to
    `partial` too (an `Aligned` marked `pending`) before the model has finished. The pairs carry
    their judged numbers and dates (stored by the index), so nothing is judged again on a reopen; where
    the numbers and dates of each paired document are is sent along for the comparison's marks, found once
    (on the pool while a build aligns: `FactReading`) and kept by the index (`Index.fact_spans`), so a
    reopen finds none again. Judging takes the facts the pool read there (`pipeline.facts_read_beside`)
    rather than reading them again.
    """
    if not Path(folder).is_dir():  # before the index, which would take a vanished folder for an emptied one
        raise FileNotFoundError(f"no such folder: {folder}")
    sent: list[Corpus] = []
    floor = AlignOptions().floor
    reading: list[FactReading] = []  # where the numbers and dates are, found on the pool meanwhile

    def on_corpus(corpus: Corpus) -> None:
        sent.append(corpus)
        partial(corpus)
        if not reading:
            reading.append(FactReading(index.without_fact_spans(corpus.documents)))

    def aligned(alignment: Alignment, notices: tuple[str, ...], pending: bool) -> Aligned:
        found = reading[0].spans() if reading else {}

        def fact_spans(documents: list[Document]) -> dict[str, FactSpans]:
            # What the pool found is kept for every document, paired or not: a reopen looks for none.
            wanted = {d.id for d in documents}
            more = [d for d in alignment.corpus.documents if d.id in found and d.id not in wanted]
            spans = index.fact_spans([*documents, *more], found)
            return {doc_id: spans[doc_id] for doc_id in wanted}

        return _sent_back(alignment, notices, pending, fact_spans, progress)

    def read_beside(doc_ids: Sequence[str]) -> Mapping[str, tuple[AnyFact, ...]]:
        return reading[0].facts(doc_ids) if reading else {}

    index = Index.open(folder)
    try:
        with facts_read_beside(read_beside):
            alignment = index.refresh(
                min_similarity=floor, progress=progress, on_corpus=on_corpus, preview_from=preview_from,
                preview_after=preview_after,
                preview=lambda full: partial(aligned(regroup(full, floor), tuple(index.notices),
                                                     pending=True)))
        if not (sent and sent[-1] is alignment.corpus):  # the documents go before the result
            on_corpus(alignment.corpus)
        return aligned(alignment, tuple(index.notices), pending=False)
    finally:
        for running in reading:
            running.close()
        index.close()


class FactReading:
    """The numbers and dates of documents (`extract.extract_facts`, and where they are: `Index.fact_spans`),
    found on the pool from the moment the documents are known, beside the alignment, rather than after it,
    when the window waits for them alone (some 0.6 s of one core for 100 articles): the pool's two tasks
    take a share of the cores the sentence model would have had, but no core stays idle at the end, and
    judging the pairs takes these facts instead of reading the documents again. Fewer than
    FACT_POOL_DOCUMENTS are left to `Index.fact_spans` and judging, as are all on a platform without fork."""

    def __init__(self, documents: list[Document]) -> None:
        self._documents = documents
        self._found: dict[str, tuple[AnyFact, ...]] = {}
        self._run: Chunks | None = None
        workers = pool_size(len(documents), small=max(FACT_POOL_DOCUMENTS, 1))
        if workers > 1:
            half = -(-len(documents) // workers)
            tasks = [documents[k : k + half] for k in range(0, len(documents), half)]
            self._run = Chunks(_facts_of, tasks, [len(t) for t in tasks], FACTS_STAGE, workers, None, None)

    def facts(self, doc_ids: Sequence[str]) -> dict[str, tuple[AnyFact, ...]]:
        """The facts found of those of `doc_ids` it read, by id (waiting for them, the first time)."""
        self._wait()
        return {doc_id: self._found[doc_id] for doc_id in doc_ids if doc_id in self._found}

    def spans(self) -> dict[str, FactSpans]:
        """Where the facts found are, by document id (waiting for them, the first time)."""
        self._wait()
        return {doc_id: tuple((f.start, f.end) for f in facts) for doc_id, facts in self._found.items()}

    def _wait(self) -> None:
        if self._run is not None:
            found = [facts for chunk in self._run.wait() for facts in chunk]
            self.close()
            self._found = {d.id: facts for d, facts in zip(self._documents, found, strict=True)}

    def close(self) -> None:
        if self._run is not None:
            self._run.close()
            self._run = None


def _facts_of(documents: list[Document]) -> list[tuple[AnyFact, ...]]:
    return [extract_facts(d) for d in documents]


def _sent_back(
    alignment: Alignment, notices: tuple[str, ...], pending: bool,
    fact_spans: Callable[[list[Document]], dict[str, FactSpans]], progress: Progress,
) -> Aligned:
    """The alignment without its documents, and where the numbers and dates of its paired ones are."""
    report(progress, FACTS_STAGE, 0, 1)
    pairs = alignment.pairs
    # the index's alignment is a view on its columns: its documents are found there, no Pair made
    paired = (pairs.documents() if isinstance(pairs, PairView)
              else {d for p in pairs for d in (p.a.doc, p.b.doc)})
    facts = fact_spans([d for d in alignment.corpus.documents if d.id in paired])
    report(progress, FACTS_STAGE, 1, 1)
    empty = Corpus(alignment.corpus.root, (), ())
    return Aligned(replace(alignment, corpus=empty), notices, facts, pending)


def read_result(path: str, progress: Progress, partial: Callable[[Any], None]) -> Aligned:
    """A saved result (`saved.read_result`: the JSON or Parquet of `parallax align`), read-only: its
    documents go to `partial`, then the alignment as `align` sends it. Nothing is aligned or judged again:
    the pairs carry the divergences the run that wrote it found; only where each document's numbers and
    dates are is found (there is no index to keep it)."""
    report(progress, RESULT_STAGE, 0, 1)
    alignment = saved.read_result(Path(path))
    report(progress, RESULT_STAGE, 1, 1)
    partial(alignment.corpus)

    def found(documents: list[Document]) -> dict[str, FactSpans]:
        return {d.id: tuple((f.start, f.end) for f in extract_facts(d)) for d in documents}

    return _sent_back(alignment, (READ_ONLY_NOTICE,), False, found, progress)
