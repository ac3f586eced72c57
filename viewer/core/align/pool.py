"""The runner of the stages: `run_chunks` maps a pure function over chunks in a process pool (or here),
and the per-document and per-pair stages of alignment, prepare and verify, as the pool runs them.

The stages of viewer.core.align.stages are pure functions over partitions of the corpus: `prepare` (plus
the candidate features of viewer.core.align.postings) maps over chunks of documents, `verify` maps over
chunks of candidate pairs (and viewer.core.pipeline maps the facts over chunks of aligned pairs); the
global steps between them (weights, boilerplate, posting lists) run in the calling process.
Workers are forked (Linux), so the verify workers inherit the prepared documents instead of receiving
them pickled; elsewhere, and for small corpora where starting processes costs more than it saves, every
stage runs in this process. Results are identical either way. Workers die with their parent (lifeline).
Sentence vectors (`embed_all`) map over chunks of documents the same way, each worker loading the model.
Imports: the standard library, numpy, viewer.core.model, progress, lifeline, viewer.core.align.
"""

from __future__ import annotations

import gc
import math
import mmap
import multiprocessing
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from viewer.core.align import semantic
from viewer.core.align.bounds import Reach, Reached
from viewer.core.align.codec import Features, decode_prepared, encode_prepared
from viewer.core.align.passages import PreparedDocument, prepare
from viewer.core.align.postings import Entries, candidates, chunk_features, trim_heap
from viewer.core.align.semantic import Vectors
from viewer.core.align.stages import (
    AlignOptions,
    Match,
    Memo,
    Scored,
    sentence_classes,
    verify,
)
from viewer.core.lifeline import die_with_parent
from viewer.core.model import Document
from viewer.core.progress import Cancelled, CancelToken, Progress, check, report

WORKERS = min(2, os.cpu_count() or 1)
SMALL_CORPUS = 200  # documents; below this the stages run in this process
PREPARE_CHUNK = 100  # documents per task
VERIFY_CHUNK = 5000  # candidate pairs per task
EMBED_CHUNK = 1000  # distinct sentences per task at most (a killed build loses at most the tasks in flight)
EMBED_TASKS_PER_WORKER = 4  # tasks of equal size per worker at least, so that the workers finish together
# Distinct sentences to embed from which the pool is used: some 5 s of one core's work, where a worker
# costs about 0.3 s to fork and load the model.
EMBED_POOL_MIN = 1000
# Characters of news the model embeds in a second on one core (some 200 sentences: 389,118 characters in
# 14.8 CPU seconds for the 2,913 of bench_open.py's real folder), to say how long embedding takes before any
# of it is done.
EMBED_RATE = 26_000

# What a forked candidates process reads (`find_candidates`): the documents' features, the sentence
# offsets, the sentences left out, the weights and options, set just before the fork.
_CandidateInput = tuple[Sequence[Features], np.ndarray, np.ndarray, dict[str, float], AlignOptions]
_candidate_input: _CandidateInput | None = None
# What forked verify workers read: (prepared documents, weights, options, sentence vectors), set just
# before the fork.
_shared: tuple[Sequence[PreparedDocument], dict[str, float], AlignOptions, Vectors | None] | None = None
# What is read of each passage of one `verify_all` in this process (each worker its own: `stages.Memo`), kept
# from chunk to chunk: a sentence meets candidates in many chunks. Cleared at this many passages in one of
# its tables (the weighed words some 1 KB a passage).
_memo = Memo()
VERIFY_MEMO = 100_000
# Sentences that read the same (`align.sentence_classes`) and the scores of their pairs, as `_memo`.
_classes: list[list[int]] | None = None
_scored: Scored = {}
# What the candidates of one `verify_all` can score at most (`bounds.Reach`), without sentence vectors.
_reach: Reach | None = None


@dataclass
class Prepared:
    """Stage 1 for some documents: prepared tokens and features, as objects and as index bytes, and their
    summed `align.sentence_terms` (the documents' share of the word weights)."""

    documents: list[PreparedDocument]
    blobs: list[bytes]  # empty when `prepare_all` was asked not to keep them
    features: list[Features]
    feature_blobs: list[bytes]
    terms: Counter[str]
    # the bytes of the documents not decoded yet (`prepare_all(decode=False)`), until `decode`
    undecoded: Sequence[bytes | memoryview] = field(default_factory=list)

    def decode(self, keep_blobs: bool = True, cancel: CancelToken | None = None) -> None:
        """The documents `prepare_all(decode=False)` left as bytes, decoded into `documents` (the bytes
        dropped then, unless `keep_blobs`)."""
        left, self.undecoded = self.undecoded, []
        for i, blob in enumerate(left):
            if i % PREPARE_CHUNK == 0:
                check(cancel)
            self.documents.append(decode_prepared(blob))
            if keep_blobs:
                self.blobs.append(bytes(blob))
        del left

    def sentence_counts(self) -> list[int]:
        """Each document's number of sentences (read off its features: it may not be decoded yet)."""
        return [len(f.sentence_keys) for f in self.features]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cycle collector off while a corpus is built (worker processes inherit that).

    A build allocates tens of millions of objects and frees none of them in cycles; each full collection
    walks them all, which cost about a sixth of the time of preparing 10,000 articles. Reference counting
    still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def pool_size(units: int, workers: int | None = None, small: int | None = None) -> int:
    """Processes for `units` of work (documents, unless `small` says otherwise); 1 when not worth it."""
    workers = WORKERS if workers is None else workers
    small = SMALL_CORPUS if small is None else small
    forkable = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
    return workers if forkable and units >= small else 1


def prepare_all(
    documents: Sequence[Document], opts: AlignOptions, *, workers: int = 1,
    progress: Progress | None = None, cancel: CancelToken | None = None, keep_blobs: bool = True,
    decode: bool = True,
) -> Prepared:
    """Stage 1 of `documents`. `keep_blobs=False`: the prepared documents' bytes are not kept (`blobs`
    empty) once decoded (a second copy of every document: some 100 MB at 10,000 articles; a build that
    stores them encodes them again as it writes them). When the passages are read here (`workers` 1),
    the sentence model is loaded meanwhile (`semantic.preload`), on the other core. On a pool, each
    chunk is taken (and decoded) here as soon as it and those before it have arrived, while the workers
    prepare the next ones; `decode=False`:
    none is, the documents are left as bytes (`Prepared.undecoded`) for `Prepared.decode` to decode
    later, when this process has a core of its own for it (`find_candidates`), and this stage is the
    workers' alone (decoding beside them took a third of a core from them: some 2 CPU-s of this
    process at 10,000 articles)."""
    if opts.semantic and workers <= 1:
        semantic.preload()
    chunks = [list(documents[i : i + PREPARE_CHUNK]) for i in range(0, len(documents), PREPARE_CHUNK)]
    out = Prepared([], [], [], [], Counter())
    undecoded: list[bytes] = []
    # Each chunk is taken into `out` as soon as it and those before it have arrived (they arrive nearly in
    # order), while the workers prepare the next ones: taken after the last one, they were a serial tail of
    # some 0.6 CPU-s of this process at 10,000 articles (summing the terms, reading the features).
    arrived: dict[int, tuple[list[tuple[bytes, bytes]], Counter[str]]] = {}
    taken = 0  # chunks taken into `out`, the first ones

    def take(k: int, result: tuple[list[tuple[bytes, bytes]], Counter[str]]) -> None:
        nonlocal taken
        arrived[k] = result
        while taken in arrived:
            chunk, terms = arrived.pop(taken)
            taken += 1
            out.terms.update(terms)  # in chunk order: the terms' order is the same on any pool
            if decode:
                out.documents.extend(decode_prepared(blob) for blob, _ in chunk)
            for blob, feature_blob in chunk:
                if not decode:
                    undecoded.append(blob)
                elif keep_blobs:
                    out.blobs.append(blob)
                out.feature_blobs.append(feature_blob)
                out.features.append(Features.from_bytes(feature_blob))

    run_chunks(_prepare_chunk, [(c, opts) for c in chunks], [len(c) for c in chunks],
               "Aligning: reading passages", workers, progress, cancel, on_result=take)
    assert not arrived and taken == len(chunks)
    out.undecoded = unforked(undecoded)
    undecoded = []  # the bytes, copied (or kept in `out`)
    # The workers' bytes, freed, stayed resident in the C heap (some 100 MB at 10,000 articles: a
    # document's bytes are served from the heap, not mapped apart) through every later stage.
    trim_heap()
    return out


def unforked(blobs: list[bytes]) -> Sequence[bytes | memoryview]:
    """`blobs` copied into one anonymous memory map that forked processes do not inherit (Linux's
    MADV_DONTFORK; elsewhere, or empty, `blobs` as they are), as views, and unmapped once the last view is
    dropped. The prepared documents' bytes wait there to be decoded while a forked process finds the
    candidates (`find_candidates`), which has no use for them: shared with it they stayed alive in it
    until it ended, freed or not here (some 100 MB of the build's peak at 10,000 articles)."""
    advice = getattr(mmap, "MADV_DONTFORK", None)
    total = sum(map(len, blobs))
    if advice is None or not total:
        return blobs
    region = mmap.mmap(-1, total)
    region.madvise(advice)
    whole = memoryview(region)
    out, at = [], 0
    for blob in blobs:
        whole[at : at + len(blob)] = blob
        out.append(whole[at : at + len(blob)])
        at += len(blob)
    return out


def _prepare_chunk(
    task: tuple[list[Document], AlignOptions],
) -> tuple[list[tuple[bytes, bytes]], Counter[str]]:
    documents, opts = task
    prepared = [prepare(doc) for doc in documents]
    features, terms = chunk_features(prepared, opts)
    return [(encode_prepared(p), f.to_bytes()) for p, f in zip(prepared, features, strict=True)], terms


def find_candidates(
    features: Sequence[Features], offsets: np.ndarray, skip: np.ndarray, weights: dict[str, float],
    opts: AlignOptions, *, workers: int = 1, cancel: CancelToken | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> np.ndarray:
    """`postings.candidates` of the documents' `features` (their sentences numbered from `offsets`, those
    marked in `skip` left out). With `meanwhile` and `workers` > 1 they are found in a forked process while
    `meanwhile()` runs in this one: the stage is one process's numpy work, which left the other core idle
    (some 3 s at 10,000 articles), and decoding the prepared documents (`Prepared.decode`) fits beside it.
    Else here, then `meanwhile()`."""
    global _candidate_input
    _candidate_input = (features, offsets, skip, weights, opts)
    try:
        if meanwhile is None or workers <= 1:
            rows = _candidates_task(None)
            if meanwhile is not None:
                meanwhile()
            return rows
        run = Chunks(_candidates_task, [None], [1], "Aligning: finding candidates", workers, None, cancel)
        try:
            meanwhile()
            found: np.ndarray = run.wait()[0]
            return found
        finally:
            run.close()
    finally:
        _candidate_input = None


def _candidates_task(_: None) -> np.ndarray:
    assert _candidate_input is not None
    features, offsets, skip, weights, opts = _candidate_input
    return candidates(Entries(features, offsets, skip), weights, opts)


class VectorStore(Protocol):
    """Where sentence vectors outlive a build (the index): what `embed_all` finds there is not computed
    again, and what it computes is handed over as each task finishes, so a killed build loses at most the
    tasks in flight."""

    def known(self, documents: Sequence[Document]) -> list[np.ndarray | None]:
        """The stored vectors of each document (None where there are none for its current text)."""
        ...

    def keep(self, documents: Sequence[Document], vectors: Sequence[np.ndarray]) -> None:
        """Store freshly computed vectors of `documents`."""
        ...


def to_embed(prepared: Sequence[PreparedDocument], known: Sequence[np.ndarray | None] | None) -> int:
    """How many sentences `embed_all` would compute, given what is `known` (stored vectors that fit)."""
    return sum(len(p.sentences) for i, p in enumerate(prepared) if not _fits(known, i, p))


def _fits(known: Sequence[np.ndarray | None] | None, i: int, p: PreparedDocument) -> bool:
    """Whether `known` holds vectors for document i of the right shape (one row per sentence)."""
    v = None if known is None else known[i]
    return v is not None and v.shape == (len(p.sentences), semantic.DIMENSION)


def embed_all(
    documents: Sequence[Document], prepared: Sequence[PreparedDocument], *, workers: int | None = None,
    progress: Progress | None = None, cancel: CancelToken | None = None, store: VectorStore | None = None,
    known: Sequence[np.ndarray | None] | None = None,
) -> list[np.ndarray] | None:
    """Each document's sentence vectors (float16, one row per sentence), or None without the model:
    `start_embedding(...).result()`, the stage run from start to end."""
    running = start_embedding(documents, prepared, workers=workers, progress=progress, cancel=cancel,
                              store=store, known=known)
    if running is None:
        return None
    try:
        return running.result()
    finally:
        running.close()


def start_embedding(
    documents: Sequence[Document], prepared: Sequence[PreparedDocument], *, workers: int | None = None,
    progress: Progress | None = None, cancel: CancelToken | None = None, store: VectorStore | None = None,
    known: Sequence[np.ndarray | None] | None = None,
) -> Embedding | None:
    """The semantic stage, started: on a pool it runs from now on while the caller does other work (the
    lexical stages), and `Embedding.result()` takes its vectors; None without the model. Call `close()`
    when done with it (it stops whatever still runs).

    A sentence repeated anywhere in the corpus (a wire copy, an outlet's pitch line) is embedded once.
    The distinct sentences are cut, document by document (so that a document's vectors are complete, and
    kept, as soon as its one task has finished), into tasks of about the same number of characters (the
    model's cost is its tokens: tasks of equal sentence counts left one worker with the long sentences of
    long articles), at least EMBED_TASKS_PER_WORKER per worker so that the workers
    finish together, and at most EMBED_CHUNK sentences, for a resumable build. Each worker uses the model
    its parent loaded; the model runs one thread per process and a sentence's vector does not depend on
    the others in its batch (checked bit for bit: tests/core/align/test_semantic.py), so the result is the
    same on any number of workers, and the same when part of it comes from `store` (a build resumed after
    a kill, an update). A document is handed to `store` as soon as all its sentences are embedded (when
    the caller takes the results: `result`, `expected_seconds`). The pool is used from EMBED_POOL_MIN
    sentences to compute, not from SMALL_CORPUS documents as the cheaper stages.
    `known` (default: asked of `store`) are vectors computed before; those of the wrong shape are
    computed again.
    """
    if semantic.encoder() is None:
        return None
    if known is None and store is not None:
        known = store.known(documents)
    return Embedding(documents, prepared, known, workers, progress, cancel, store)


class Embedding:
    """The semantic stage of `start_embedding`, running."""

    def __init__(
        self, documents: Sequence[Document], prepared: Sequence[PreparedDocument],
        known: Sequence[np.ndarray | None] | None, workers: int | None, progress: Progress | None,
        cancel: CancelToken | None, store: VectorStore | None,
    ) -> None:
        self._documents, self._store = documents, store
        self._out = [known[i] if known is not None and _fits(known, i, p) else None
                     for i, p in enumerate(prepared)]
        missing = [i for i, v in enumerate(self._out) if v is None]
        self._sentences = {i: [documents[i].text[s.start : s.end] for s in prepared[i].sentences]
                           for i in missing}
        # Each distinct sentence is embedded by the task of the first document that has it.
        distinct: dict[str, None] = {}
        for i in missing:
            distinct.update(dict.fromkeys(self._sentences[i]))
        n_workers = pool_size(len(distinct), workers, small=EMBED_POOL_MIN)
        characters = sum(map(len, distinct))
        size = max(1, -(-characters // (n_workers * EMBED_TASKS_PER_WORKER)))
        self._tasks: list[list[str]] = []
        filled: list[int] = []  # characters of each task
        task_of: dict[str, int] = {}
        for i in missing:  # a document's new sentences in one task: a kill loses no finished sentence
            new = [t for t in dict.fromkeys(self._sentences[i]) if t not in task_of]
            if not new:
                continue
            if not self._tasks or filled[-1] >= size or len(self._tasks[-1]) >= EMBED_CHUNK:
                self._tasks.append([])
                filled.append(0)
            self._tasks[-1].extend(new)
            filled[-1] += sum(map(len, new))
            task_of.update(dict.fromkeys(new, len(self._tasks) - 1))
        # A document is complete when every task holding one of its sentences has finished.
        self._needs = {i: {task_of[t] for t in self._sentences[i]} for i in missing}
        self._needed_by: dict[int, list[int]] = {}
        for i in missing:
            for k in self._needs[i]:
                self._needed_by.setdefault(k, []).append(i)
        self._vector_of: dict[str, np.ndarray] = {}
        self._characters, self._embedded, self._finished_tasks = characters, 0, 0
        self._workers = n_workers if len(self._tasks) > 1 else 1
        self._complete([i for i in missing if not self._needs[i]])  # documents without sentences
        self._run = Chunks(_embed_chunk, self._tasks, [len(t) for t in self._tasks],
                           "Aligning: reading restatements", self._workers,
                           progress, cancel, on_result=self._finished)

    def _complete(self, docs: list[int]) -> None:
        rows = {i: np.array([self._vector_of[t] for t in self._sentences[i]], dtype=np.float16).reshape(
            len(self._sentences[i]), semantic.DIMENSION) for i in docs}
        for i, v in rows.items():
            self._out[i] = v
        if self._store is not None and rows:
            self._store.keep([self._documents[i] for i in rows], list(rows.values()))

    def _finished(self, k: int, vectors: np.ndarray) -> None:
        self._vector_of.update(zip(self._tasks[k], vectors, strict=True))
        self._embedded += sum(map(len, self._tasks[k]))
        self._finished_tasks += 1
        ready = []
        for i in self._needed_by.get(k, ()):
            self._needs[i].discard(k)
            if not self._needs[i]:
                ready.append(i)
        self._complete(ready)

    def expected_seconds(self) -> float:
        """How long the whole stage takes, in seconds from its start: measured on the pool (waiting, when
        no task has finished yet, until one has), else estimated at EMBED_RATE characters a second."""
        if not self._run.background:
            return (self._characters - self._embedded) / EMBED_RATE
        self._run.wait_any()
        if self._embedded >= self._characters:
            return self._run.elapsed()
        return expected_seconds(self._run.elapsed(), self._characters, self._embedded, self._finished_tasks,
                                self._workers)

    def result(self) -> list[np.ndarray]:
        """Every document's vectors, once the stage has finished."""
        self._run.wait()
        return [v for v in self._out if v is not None]  # every one, now

    def close(self) -> None:
        self._run.close()


def expected_seconds(elapsed: float, characters: int, embedded: int, finished: int, workers: int) -> float:
    """The whole stage's seconds, from `elapsed` seconds in which `finished` of its tasks (of about equal
    characters, started together on `workers` workers) embedded `embedded` of `characters`.

    The tasks still running have done about as much as the finished ones when the first of a round ends:
    counting only what has finished, the first task to end (one of two running side by side) made the
    stage look twice as long as it is, and the window made a lexical preview it did not need.
    """
    if finished == 0 or embedded == 0:
        return math.inf
    task = embedded / finished  # the characters of a task
    done = max(embedded, min(workers * task, characters))
    return elapsed * characters / done


def _embed_chunk(texts: list[str]) -> np.ndarray:
    model = semantic.encoder()
    if model is None:  # a worker that cannot load what its parent loaded: a broken install
        raise semantic.Unavailable(semantic.notice() or "the sentence model could not be loaded")
    return semantic.to_stored(model.embed(texts))


def verify_all(
    prepared: Sequence[PreparedDocument], rows: np.ndarray, weights: dict[str, float], opts: AlignOptions,
    *, vectors: Vectors | None = None, workers: int = 1, progress: Progress | None = None,
    cancel: CancelToken | None = None, classes: list[list[int]] | None = None,
) -> list[Match]:
    """`align.verify` over candidate rows (doc_a, sent_a, doc_b, sent_b), in chunks, in order. Without
    sentence vectors, and where there are more candidates than sentences, the rows of each chunk that
    cannot reach the floor (`bounds.Reach`) are left out, and those only a copied clause can bring there
    scored only when their sentences share one. `classes`: `align.sentence_classes(prepared)`,
    when found already."""
    global _shared, _classes, _reach
    chunks = [rows[i : i + VERIFY_CHUNK] for i in range(0, len(rows), VERIFY_CHUNK)]
    _shared = (prepared, weights, opts, vectors)
    _classes = sentence_classes(prepared) if classes is None else classes
    # The bound's table weighs every sentence once: worth it where candidates outnumber sentences (dense
    # reuse: 27 a sentence at 1,000 dense articles), not on a corpus of little reuse (0.3 at 10,000
    # articles of the benchmark corpus, where it would only add its table to the memory peak).
    dense = len(rows) >= sum(len(d.sentences) for d in prepared)
    _reach = Reach(prepared, weights, opts) if vectors is None and dense else None
    _memo.clear()
    _scored.clear()
    try:
        sizes = [len(c) for c in chunks]
        workers = workers if len(chunks) > 1 else 1
        if workers > 1:
            found = run_chunks(_verify_columns, chunks, sizes, "Aligning: verifying candidates", workers,
                               progress, cancel)
            return [m for columns in found for m in _matches(*columns)]
        results = run_chunks(_verify_chunk, chunks, sizes, "Aligning: verifying candidates", 1, progress,
                             cancel)
    finally:
        _shared = _classes = _reach = None
        _memo.clear()
        _scored.clear()
    return [m for chunk in results for m in chunk]


def _verify_chunk(rows: np.ndarray) -> list[Match]:
    assert _shared is not None and _classes is not None
    prepared, weights, opts, vectors = _shared
    if len(_memo) > VERIFY_MEMO:
        _memo.clear()
    if len(_scored) > VERIFY_MEMO:
        _scored.clear()
    copies = None
    if _reach is not None:
        reached = _reach.levels(rows)
        kept = reached > Reached.NOTHING
        rows, copies = rows[kept], (reached[kept] == Reached.COPY).tolist()
    return verify(prepared, map(tuple, rows.tolist()), weights, opts, vectors, _memo, _classes, _scored,
                  copies)


def _verify_columns(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`_verify_chunk` in a worker: its matches as columns, (n, 8) integers (doc_a, sent_a, doc_b, sent_b
    and the two token ranges) and the similarities. A worker's result reaches the parent pickled, and a
    list of `Match` objects pickled and read back costs some 7 µs a match (2 M matches at 4,000 dense
    articles), columns a tenth of that."""
    found = _verify_chunk(rows)
    ints = np.array([(m.doc_a, m.sent_a, m.doc_b, m.sent_b, *m.tokens_a, *m.tokens_b) for m in found],
                    dtype=np.int64).reshape(len(found), 8)
    return ints, np.array([m.similarity for m in found], dtype=np.float64)


def _matches(ints: np.ndarray, similarity: np.ndarray) -> list[Match]:
    """The matches of `_verify_columns`' columns."""
    return [Match(da, sa, db, sb, (a0, a1), (b0, b1), sim) for (da, sa, db, sb, a0, a1, b0, b1), sim
            in zip(ints.tolist(), similarity.tolist(), strict=True)]


def run_chunks(
    fn: Callable[[Any], Any], tasks: Sequence[Any], sizes: Sequence[int], stage: str, workers: int,
    progress: Progress | None, cancel: CancelToken | None,
    on_result: Callable[[int, Any], None] | None = None,
) -> list[Any]:
    """`fn` over `tasks`, in `workers` forked processes (or here when 1), results in task order.

    Progress counts `sizes` of finished tasks; a set cancel token stops the pool and raises Cancelled.
    `on_result(k, result)` is called here, in this process, as soon as task k has finished (in the order
    tasks finish), so that a caller can keep what is done before the whole stage is.
    """
    run = Chunks(fn, tasks, sizes, stage, workers, progress, cancel, on_result)
    try:
        return run.wait()
    finally:
        run.close()


class Chunks:
    """`run_chunks` started: on a pool the tasks run from the start, while the caller goes on (`wait` takes
    the results; `on_result` and progress are called from `wait` and `wait_any`, in the caller's thread);
    in this process (`workers` 1) they run in `wait`. `close` stops the pool."""

    def __init__(
        self, fn: Callable[[Any], Any], tasks: Sequence[Any], sizes: Sequence[int], stage: str, workers: int,
        progress: Progress | None, cancel: CancelToken | None,
        on_result: Callable[[int, Any], None] | None = None,
    ) -> None:
        self._fn, self._tasks, self._sizes, self._stage = fn, tasks, sizes, stage
        self._progress, self._cancel, self._on_result = progress, cancel, on_result
        self._results: list[Any] = [None] * len(tasks)
        self._total, self._done, self._reported = sum(sizes), 0, False
        self._started = time.perf_counter()
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[Future[Any], int] = {}
        self._pending: set[Future[Any]] = set()
        self.background = workers > 1
        if self.background:
            # Workers die with this process (a `kill -9` of it must not leave them running, holding memory
            # and the index's files); the pool only forks from the thread that runs it, which outlives them.
            self._pool = ProcessPoolExecutor(min(workers, max(1, len(tasks))),
                                             mp_context=multiprocessing.get_context("fork"),
                                             initializer=die_with_parent, initargs=(os.getpid(),))
            self._futures = {self._pool.submit(fn, t): i for i, t in enumerate(tasks)}
            self._pending = set(self._futures)

    def elapsed(self) -> float:
        return time.perf_counter() - self._started

    def _report(self) -> None:
        report(self._progress, self._stage, self._done, self._total)

    def _take(self, k: int, result: Any) -> None:
        self._results[k] = result
        self._done += self._sizes[k]
        if self._on_result is not None:
            self._on_result(k, result)

    def wait_any(self) -> None:
        """Wait until a task has finished (or none is left), taking what has."""
        if not self._reported:
            self._reported = True
            self._report()
        while self._pending:
            finished, self._pending = wait(self._pending, timeout=0.2, return_when=FIRST_COMPLETED)
            if self._cancel is not None and self._cancel.is_set():
                raise Cancelled()
            for f in sorted(finished, key=self._futures.__getitem__):
                self._take(self._futures[f], f.result())
            if finished:
                self._report()
                return

    def wait(self) -> list[Any]:
        """Every task's result, in task order."""
        if not self.background:
            self._report()
            for k, task in enumerate(self._tasks):
                check(self._cancel)
                self._take(k, self._fn(task))
                self._report()
            return self._results
        while self._pending:
            self.wait_any()
        if not self._reported:
            self._report()
        return self._results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
