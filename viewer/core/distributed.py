"""The stages of viewer.core.pipeline on a Dask cluster (`parallax align --engine dask`): same result.

Dask (`pip install 'parallax-viewer[dask]'`) runs the same pure functions as the local engine over
partitions of the corpus; nothing here scores, chooses or merges by a rule of its own:

- read: each input file is read by a worker (the loader's reader of one listed file), so shards on
  shared storage never pass through this process; documents are ordered and numbered as `load_corpus` does.
  The worker reads each file under the loader's time and memory budget (`ingest.sandbox.map_bounded`, a
  forked reader process per batch of files), so a hostile file costs that file only, with its reason.
- prepare: `pool._prepare_chunk` (prepare, features and sentence terms) per partition of documents.
- weights and boilerplate: summed on the client from the partitions' term counts and sentence keys
  (`weights_from_counts`, `boilerplate_of`: corpus-wide, one integer per sentence).
- candidates: a two-round shuffle. Each partition's posting entries (hash, sentence id) go to one of
  `buckets` hash buckets; a bucket holds every entry of its hashes and makes the pairs of its posting lists
  (`postings._posting_pairs`, the cap included); pair codes go to one of `buckets` code buckets, where
  `postings.chosen_pairs` chooses them. Skew: an entry list longer than
  the cap inside one partition is already over the cap corpus-wide, so it is dropped before the shuffle
  (a very common word or shingle is never shipped to one worker), and the lists at the cap, the ones that
  make the most pairs, are spread over many more buckets than there are workers.
- verify: a block join with a fixed number of destinations. The partitions fall into `groups` groups (by
  number, modulo); the rows joining two partitions (a block) go to the destination of their two groups
  (`_Cells`: groups(groups + 1)/2 of them), so a destination's rows read the prepared documents of two
  groups of partitions only. The rows never reach the client: each code bucket splits its rows by
  destination where it made them, the client learns buckets x destinations counts, one task per
  destination joins its pieces, and the verify chunks (`pool.VERIFY_CHUNK` rows, across blocks) are cut
  on the worker holding them, so only a chunk's rows travel to the task verifying it. The tasks grow with
  the partitions and the rows, not with the number of blocks (partitions squared).
- the semantic stage (when the workers have the sentence model): as `pool.embed_all`, each distinct
  sentence of the corpus embedded once, by the pool's own task (`pool._embed_chunk`) on the workers, in
  tasks of about equal size; the vectors (`semantic.Vectors`) go whole to the verify tasks.
- best partners (`pipeline.finish`) and grouping (`regroup`) on the client; the facts as `pipeline.judge_all`
  judges them: each partition's paired documents read once into their fact tables (`facts.table.FactTable`)
  by one task, then `facts.pair.judge` over chunks of pairs grouped by verify destination, each chunk on
  its own copies of the tables of the destination's partitions; the story's figures (`pipeline.with_figures`,
  which reads only the sentences with a cue word) on the client.

Every task is a pure function of its inputs and every input is either in the task itself or made by
another task, so a worker that dies mid-run loses nothing: Dask recomputes what it held.
Imports: the standard library, numpy, dask.distributed, viewer.core (model, ingest, align, facts, pipeline).
"""

from __future__ import annotations

import contextlib
import copy
import math
import multiprocessing
import operator
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from viewer.core.align import semantic
from viewer.core.align.codec import Features, decode_prepared
from viewer.core.align.passages import PreparedDocument
from viewer.core.align.pool import (
    EMBED_CHUNK,
    EMBED_TASKS_PER_WORKER,
    VERIFY_CHUNK,
    _embed_chunk,
    _prepare_chunk,
)
from viewer.core.align.postings import (
    _posting_pairs,
    chosen_pairs,
    rows_of,
    sentence_offsets,
    with_sentences,
    word_weights,
)
from viewer.core.align.semantic import Vectors
from viewer.core.align.stages import (
    DEFAULT_MIN_SIMILARITY,
    AlignOptions,
    Match,
    boilerplate_of,
    regroup,
    verify,
    weights_from_counts,
)
from viewer.core.facts.pair import judge
from viewer.core.facts.table import FactTable
from viewer.core.ingest import documents as ingest
from viewer.core.ingest.documents import FileRead, Listed, _over_budget, _read_listed, corpus_of, list_files
from viewer.core.ingest.sandbox import map_bounded
from viewer.core.model import Alignment, Corpus, Divergence, Document, Pair, Skipped
from viewer.core.pipeline import JUDGE_CHUNK, finish, vectors_of, with_figures

__all__ = ["INSTALL_HINT", "DaskMissing", "DaskRun", "analyse_dask", "dask_available"]

INSTALL_HINT = "the Dask engine needs Dask: pip install 'parallax-viewer[dask]'"
READ_BATCH = 100  # files per reading task
PARTITION_DOCS = 250  # documents per partition (the unit of prepare, and of the block join)
MIN_PARTITIONS_PER_WORKER = 2  # so that a slow partition does not leave a worker idle
BUCKETS_PER_WORKER = 4  # shuffle buckets of the candidate stage, per worker thread

T = TypeVar("T")


class DaskMissing(ImportError):
    """Dask is not installed; the message says how to install it."""


def dask_available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class DaskRun:
    """Where to run: a scheduler `address` to connect to, or a LocalCluster of `workers` processes (each of
    `threads` threads) started for the run; `show_progress` draws Dask's progress bars on stderr. A run
    adds to `notices` what the user should know of it (the workers have no sentence model)."""

    address: str | None = None
    workers: int | None = None
    threads: int = 1
    processes: bool = True
    show_progress: bool = False
    notices: list[str] = field(default_factory=list)

    @contextlib.contextmanager
    def client(self) -> Iterator[Any]:
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:
            raise DaskMissing(INSTALL_HINT) from error
        if self.address is not None:
            with Client(self.address) as client:
                yield client
            return
        workers = self.workers or max(1, os.cpu_count() or 1)
        with LocalCluster(n_workers=workers, threads_per_worker=self.threads, processes=self.processes,
                          dashboard_address=":0" if self.show_progress else None) as cluster, \
                Client(cluster) as client:
            if self.show_progress and client.dashboard_link:
                print(f"parallax: Dask dashboard at {client.dashboard_link}", file=sys.stderr)
            yield client


def analyse_dask(
    inputs: Path | str | Sequence[Path | str],
    *,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    options: AlignOptions | None = None,
    run: DaskRun | None = None,
    client: Any = None,
    judge: bool = True,
    follow_outside: bool = True,
) -> Alignment:
    """What `pipeline.analyse` gives for `inputs` (a folder, or several folders, files or JSON Lines
    shards), computed on Dask: on `client` when given, else on the cluster `run` describes."""
    run = run or DaskRun()
    if client is None:
        with run.client() as own:
            return analyse_dask(inputs, min_similarity=min_similarity, options=options, run=run,
                                client=own, judge=judge, follow_outside=follow_outside)
    paths = [Path(inputs)] if isinstance(inputs, str | Path) else [Path(p) for p in inputs]
    engine = _Engine(client, options or AlignOptions(), run.show_progress, run.notices)
    corpus = engine.load(paths, follow_outside)
    return regroup(engine.align(corpus, judge=judge), min_similarity)


# -------------------------------------------------------------------------------------------------- engine


class _Engine:
    def __init__(self, client: Any, opts: AlignOptions, show_progress: bool, notices: list[str]) -> None:
        self.client, self.opts, self.show_progress, self.notices = client, opts, show_progress, notices
        threads = sum(client.nthreads().values()) or 1
        self.threads = threads
        self.buckets = BUCKETS_PER_WORKER * threads

    def _wait(self, futures: list[Any], what: str) -> list[Any]:
        """The results of `futures` in order; Dask's progress bar on stderr when asked for."""
        if self.show_progress and futures:
            from distributed import progress

            print(f"parallax: {what}", file=sys.stderr)
            with contextlib.redirect_stdout(sys.stderr):
                progress(futures)
            print(file=sys.stderr)
        return list(self.client.gather(futures))

    # ---- read

    def load(self, paths: Sequence[Path], follow_outside: bool = True) -> Corpus:
        """The corpus of `paths`, each file read by a worker under the loader's budget; one folder gives
        what `load_corpus` gives."""
        files: list[Listed] = []
        skipped: list[Skipped] = []
        for path in paths:
            prefix = f"{path.name}/" if len(paths) > 1 else ""
            if path.is_dir():
                listed, problems = list_files(path, None, follow_outside=follow_outside)
                files.extend(replace(item, rel=prefix + item.rel) for item in listed)
                skipped.extend(replace(s, path=prefix + s.path) for s in problems)
            elif path.is_file():
                files.append(Listed(path.name, path.resolve(), (0, 0), os.fsencode(path.resolve())))
            else:
                raise FileNotFoundError(f"{path}: no such folder or file")
        # Files in batches: one task per file costs the scheduler more than reading a small article.
        batch = max(1, min(READ_BATCH, math.ceil(len(files) / (MIN_PARTITIONS_PER_WORKER * self.threads))))
        futures = [self.client.submit(_read_files, files[i : i + batch], pure=False)
                   for i in range(0, len(files), batch)]
        reads = [r for chunk in self._wait(futures, "reading files") for r in chunk]
        root = paths[0] if len(paths) == 1 else os.pathsep.join(str(p) for p in paths)
        return corpus_of(root, reads, skipped)

    # ---- align

    def align(self, corpus: Corpus, *, judge: bool) -> Alignment:
        """Every pair of `corpus` at the engine's floor (judged unless `judge` is False), ungrouped: what
        `pipeline.align_full` returns."""
        docs = corpus.documents
        size = max(1, min(PARTITION_DOCS, math.ceil(len(docs) / (MIN_PARTITIONS_PER_WORKER * self.threads))))
        parts = [list(docs[i : i + size]) for i in range(0, len(docs), size)]
        # The documents travel inside their task, so Dask can run it again if the worker holding its
        # result dies (data scattered to a worker would die with it).
        prep = [self.client.submit(_prepare_chunk, (part, self.opts), pure=False) for part in parts]
        results = self._wait(prep, "preparing documents")
        prepared: list[PreparedDocument] = []
        features: list[Features] = []
        terms: Counter[str] = Counter()
        for chunk, chunk_terms in results:
            terms.update(chunk_terms)
            for blob, feature_blob in chunk:
                prepared.append(decode_prepared(blob))
                features.append(Features.from_bytes(feature_blob))
        weights = weights_from_counts(terms, sum(len(d.sentences) for d in prepared))
        boiler = boilerplate_of([f.sentence_keys.tolist() for f in features], [d.source for d in docs],
                                self.opts)
        offsets = sentence_offsets([len(d.sentences) for d in prepared])
        cells = _Cells.over(len(parts), self.buckets)
        held, counts = self._candidates(prep, offsets, boiler, weights, size, cells)
        vectors = self._embed(docs, prepared) if self.opts.semantic and self._model_on_workers() else None
        shared = None if vectors is None else self.client.submit(_same, vectors_of(docs, vectors), pure=False)
        matches = self._verify(prep, held, counts, weights, size, cells, shared)
        full = finish(corpus, prepared, matches, boiler, weights, self.opts)
        candidates = sum(sum(c) for c in counts)
        full = replace(full, stats={**full.stats, "candidates": candidates, "matches": len(matches)})
        if not judge:
            return full
        # Each partition's paired documents read into fact tables once on the cluster (inside a task, for
        # the same reason as above).
        paired = {doc for p in full.pairs for doc in (p.a.doc, p.b.doc)}
        tables = [self.client.submit(_fact_tables, [d for d in part if d.id in paired], pure=False)
                  for part in parts]
        return with_figures(self._judge(full, tables, size, cells))

    def _model_on_workers(self) -> bool:
        """Whether the workers have the sentence model (each loads it, as a pool worker does). A cluster
        whose workers differ is refused: which of them embeds a sentence must not change the result."""
        states = set(self.client.run(_model_state).values())
        if len(states) > 1:
            raise RuntimeError("the sentence model is installed on some Dask workers only ("
                               + "; ".join(sorted(why or "installed" for _, why in states)) + ")")
        available, why = states.pop() if states else (False, "no Dask worker is running")
        if not available and why:
            self.notices.append(why)  # semantic.notice(): "restatements are found by shared words only: ..."
        return available

    def _embed(self, docs: Sequence[Document], prepared: list[PreparedDocument]) -> list[np.ndarray]:
        """`pool.embed_all` on the workers: each distinct sentence of the corpus embedded once, by the pool's
        task (`pool._embed_chunk`), in tasks of about equal size (EMBED_TASKS_PER_WORKER a worker thread,
        at most EMBED_CHUNK sentences); each document's vectors (float16, one row per sentence). A
        sentence's vector does not depend on the others of its task (see `embed_all`), so the result is
        the local engine's."""
        sentences = [[d.text[s.start : s.end] for s in p.sentences]
                     for d, p in zip(docs, prepared, strict=True)]
        distinct = list(dict.fromkeys(t for texts in sentences for t in texts))
        size = max(1, min(EMBED_CHUNK, math.ceil(len(distinct) / (EMBED_TASKS_PER_WORKER * self.threads))))
        futures = [self.client.submit(_embed_chunk, distinct[i : i + size], pure=False)
                   for i in range(0, len(distinct), size)]
        rows = np.concatenate([np.zeros((0, semantic.DIMENSION), np.float16),
                               *self._wait(futures, "embedding sentences (restatements)")])
        at = {t: i for i, t in enumerate(distinct)}
        return [rows[[at[t] for t in texts]].reshape(len(texts), semantic.DIMENSION) for texts in sentences]

    def _candidates(
        self, prep: list[Any], offsets: np.ndarray, boiler: set[tuple[int, int]], weights: dict[str, float],
        size: int, cells: _Cells,
    ) -> tuple[list[Any], list[list[int]]]:
        """`postings.candidates` over the whole corpus, as a two-round shuffle (see the module's text).

        The candidate rows stay on the workers: each code bucket's rows split by verify destination
        (`cells`; futures, one per bucket), and only how many rows each bucket holds for each destination
        comes back here, which is what cutting the verify chunks needs."""
        client, buckets, cap = self.client, self.buckets, self.opts.max_postings
        n = int(offsets[-1]) + 1
        skipped: dict[int, list[int]] = {}
        for di, si in boiler:
            skipped.setdefault(di // size, []).append(int(offsets[di] + si))
        by_hash = client.submit(_same, word_weights(weights), pure=False)
        entries = [
            client.submit(_partition_entries, f, int(offsets[k * size]),
                          np.array(skipped.get(k, []), np.int64), buckets, cap, pure=False)
            for k, f in enumerate(prep)
        ]
        pieces = [[client.submit(operator.getitem, e, j, pure=False) for e in entries]
                  for j in range(buckets)]
        paired = [client.submit(_bucket_pairs, pieces[j], n, cap, by_hash, buckets, pure=False)
                  for j in range(buckets)]
        codes = [[client.submit(operator.getitem, p, q, pure=False) for p in paired] for q in range(buckets)]
        held_offsets = client.submit(_same, offsets, pure=False)
        held = [client.submit(_chosen_cells, codes[q], self.opts, held_offsets, size, cells, pure=False)
                for q in range(buckets)]
        counts = self._wait([client.submit(_sizes, h, pure=False) for h in held], "finding candidate pairs")
        return held, counts

    def _verify(
        self, prep: list[Any], held: list[Any], counts: list[list[int]], weights: dict[str, float], size: int,
        cells: _Cells, vectors: Any,
    ) -> list[Match]:
        """`align.verify` over the candidate rows `_candidates` left on the workers: each destination's rows
        joined from the code buckets on a worker and cut there in chunks of VERIFY_CHUNK, each verified by
        a task reading the documents of the destination's partitions only; the matches in row order."""
        shared = self.client.submit(_same, weights, pure=False)
        futures = []
        for cell in range(len(cells)):
            total = sum(c[cell] for c in counts)
            if not total:
                continue
            # each bucket's piece taken out where the bucket lies, so that only this destination's rows
            # travel to the worker that joins them; and each chunk cut there, so that only its rows travel
            pieces = [self.client.submit(operator.getitem, h, cell, pure=False)
                      for h, c in zip(held, counts, strict=True) if c[cell]]
            rows = self.client.submit(_joined_rows, pieces, pure=False)
            parts = [(p * size, prep[p]) for p in cells.partitions_of(cell)]
            for i in range(0, total, VERIFY_CHUNK):
                chunk = self.client.submit(operator.getitem, rows, slice(i, i + VERIFY_CHUNK), pure=False)
                futures.append(self.client.submit(_verify_rows, chunk, parts, shared, self.opts, vectors,
                                                  pure=False))
        matches = [m for chunk in self._wait(futures, "verifying candidates") for m in chunk]
        return sorted(matches, key=lambda m: (m.doc_a, m.sent_a, m.doc_b, m.sent_b))

    def _judge(self, alignment: Alignment, tables: list[Any], size: int, cells: _Cells) -> Alignment:
        """`pipeline.judge_all`: each pair's divergences and agreements (`facts.pair.judge` of the fact
        tables of its two documents, `tables` by partition), in chunks of JUDGE_CHUNK pairs of one verify
        destination, each task reading the tables of the destination's partitions."""
        index = {d.id: i for i, d in enumerate(alignment.corpus.documents)}
        pairs = alignment.pairs
        ends = np.array([[index[p.a.doc] // size, index[p.b.doc] // size] for p in pairs],
                        dtype=np.int64).reshape(-1, 2)
        at = cells.of(ends[:, 0], ends[:, 1])
        futures, placed = [], []
        for cell in range(len(cells)):
            held = np.flatnonzero(at == cell).tolist()
            if not held:
                continue
            own = [tables[p] for p in cells.partitions_of(cell)]
            for i in range(0, len(held), JUDGE_CHUNK):
                chunk = held[i : i + JUDGE_CHUNK]
                futures.append(self.client.submit(_judge_pairs, [pairs[k] for k in chunk], own, pure=False))
                placed.append(chunk)
        judged: dict[int, tuple[tuple[Divergence, ...], tuple[Divergence, ...]]] = {}
        for chunk, result in zip(placed, self._wait(futures, "comparing numbers and dates"), strict=True):
            judged.update(zip(chunk, result, strict=True))
        return replace(alignment, pairs=tuple(
            replace(p, divergences=judged[i][0], agreements=judged[i][1]) for i, p in enumerate(pairs)))


# ---------------------------------------------------------------------------------- tasks (run on workers)


Bucketed = list[tuple[np.ndarray, ...]]


def _partition_entries(
    prepared: tuple[list[tuple[bytes, bytes]], Counter[str]], first_sid: int, skip: np.ndarray, buckets: int,
    cap: int,
) -> Bucketed:
    """One partition's posting entries (shingle hash, sentence id) and (word hash, sentence id), global
    sentence ids, boilerplate left out, split into `buckets` by hash.

    A list already longer than `cap` here is longer corpus-wide: its entries are not shipped, only its
    key, which tells the bucket to drop what other partitions sent of it (so a very common word or shingle
    never lands whole on one worker)."""
    features = [Features.from_bytes(fb) for _, fb in prepared[0]]
    counts = [len(f.sentence_keys) for f in features]
    starts = first_sid + np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])[:-1]
    sh = np.concatenate([np.zeros(0, np.uint32), *(f.shingles for f in features)])
    sh_sid = np.concatenate([np.zeros(0, np.int64),
                             *(s + f.shingle_sent for s, f in zip(starts, features, strict=True))])
    w, w_sid = with_sentences(
        np.concatenate([np.zeros(0, np.uint64), *(f.words for f in features)]),
        np.concatenate([np.zeros(0, np.int64),
                        *(s + f.word_sent for s, f in zip(starts, features, strict=True))]),
        np.concatenate([np.zeros(0, np.uint32), *(f.sentence_keys for f in features)]), first_sid)
    sh, sh_sid, sh_over = _within_cap(sh, sh_sid, skip, cap)
    w, w_sid, w_over = _within_cap(w, w_sid, skip, cap)
    out: Bucketed = []
    for j in range(buckets):
        in_sh, in_w = sh % buckets == j, w % np.uint64(buckets) == j
        out.append((sh[in_sh], sh_sid[in_sh], sh_over[sh_over % buckets == j],
                    w[in_w], w_sid[in_w], w_over[w_over % np.uint64(buckets) == j]))
    return out


def _within_cap(
    keys: np.ndarray, sids: np.ndarray, skip: np.ndarray, cap: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The entries of keys listed at most `cap` times (boilerplate sentences left out), and the keys
    listed more often."""
    kept = ~np.isin(sids, skip)
    keys, sids = keys[kept], sids[kept]
    unique, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    small = counts[inverse.ravel()] <= cap
    return keys[small], sids[small], unique[counts > cap]


def _bucket_pairs(
    pieces: list[tuple[np.ndarray, ...]], n: int, cap: int, by_hash: dict[int, float], buckets: int,
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The pairs of every posting list of one hash bucket (`postings._posting_pairs`), lists over the cap
    in some partition left out, split into `buckets` by pair code: (shingle pair codes, word pair codes,
    their word weights)."""
    sh, sh_sid = _gathered(pieces, 0, np.uint32)
    w, w_sid = _gathered(pieces, 3, np.uint64)
    sh_codes, _ = _posting_pairs(sh, sh_sid, n, cap, None)
    w_codes, w_weights = _posting_pairs(w, w_sid, n, cap, None, by_hash)
    sh_q, w_q = sh_codes % buckets, w_codes % buckets
    return [(sh_codes[sh_q == q], w_codes[w_q == q], w_weights[w_q == q]) for q in range(buckets)]


def _gathered(pieces: list[tuple[np.ndarray, ...]], at: int, dtype: type) -> tuple[np.ndarray, np.ndarray]:
    """The (key, sentence id) entries at `at` of every piece, without the keys some piece found over the
    cap (their lists are too long corpus-wide)."""
    keys = np.concatenate([np.zeros(0, dtype), *(p[at] for p in pieces)])
    sids = np.concatenate([np.zeros(0, np.int64), *(p[at + 1] for p in pieces)])
    over = np.concatenate([np.zeros(0, dtype), *(p[at + 2] for p in pieces)])
    if len(over):
        kept = ~np.isin(keys, over)
        keys, sids = keys[kept], sids[kept]
    return keys, sids


@dataclass(frozen=True)
class _Cells:
    """The verify destinations: partitions 0..`partitions`-1 fall into `groups` groups (by number modulo
    `groups`), and the rows joining partitions of groups (g, h), g <= h, go to destination cell (g, h).
    A destination's rows read the prepared documents of two groups of partitions only, which the client
    knows without seeing the rows; a block's rows all go to one destination, and every destination holds
    blocks of many partition pairs (so a heavy block, two partitions of one story's many outlets, is one
    destination's share, and its verify chunks still spread over the workers)."""

    partitions: int
    groups: int

    @classmethod
    def over(cls, partitions: int, destinations: int) -> _Cells:
        """As many groups as make at most `destinations` cells (at least one), no more than partitions."""
        groups = max(1, int((math.isqrt(8 * destinations + 1) - 1) // 2))
        return cls(partitions, max(1, min(groups, partitions)))

    def __len__(self) -> int:
        return self.groups * (self.groups + 1) // 2

    def of(self, part_a: np.ndarray, part_b: np.ndarray) -> np.ndarray:
        """The destination of each block (part_a, part_b)."""
        ga, gb = part_a % self.groups, part_b % self.groups
        low, high = np.minimum(ga, gb), np.maximum(ga, gb)
        return low * self.groups - low * (low - 1) // 2 + (high - low)

    def partitions_of(self, cell: int) -> list[int]:
        """The partitions whose documents the rows of destination `cell` read."""
        low = 0
        while cell >= self.groups - low:
            cell -= self.groups - low
            low += 1
        return [p for p in range(self.partitions) if p % self.groups in (low, low + cell)]


def _chosen_cells(
    pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray]], opts: AlignOptions, offsets: np.ndarray,
    size: int, cells: _Cells,
) -> list[np.ndarray]:
    """The candidate rows of one code bucket (every occurrence of each of its pair codes is here, so
    `chosen_pairs` sees each pair whole), by verify destination (`cells`, of the pair of document
    partitions of `size` each row joins); rows (doc_a, sent_a, doc_b, sent_b) in code order."""
    sh = np.concatenate([np.zeros(0, np.int64), *(p[0] for p in pieces)])
    w = np.concatenate([np.zeros(0, np.int64), *(p[1] for p in pieces)])
    weights = np.concatenate([np.zeros(0, np.float64), *(p[2] for p in pieces)])
    rows = rows_of(np.sort(chosen_pairs(sh, w, weights, opts)), offsets)
    at = cells.of(rows[:, 0] // size, rows[:, 2] // size)
    return [rows[at == cell] for cell in range(len(cells))]


def _sizes(pieces: list[np.ndarray]) -> list[int]:
    return [len(rows) for rows in pieces]


def _joined_rows(pieces: list[np.ndarray]) -> np.ndarray:
    """One destination's rows from every code bucket holding some, sorted (a fixed order, whichever
    buckets finished first: the verify chunks are cut from it)."""
    rows = np.concatenate(pieces)
    return rows[np.lexsort(rows.T[::-1])]


class _Partitions(Sequence[PreparedDocument]):
    """The prepared documents of some partitions, indexed by their global number as `align.verify` reads
    them; decoded once each, when first read."""

    def __init__(self, parts: list[tuple[int, list[tuple[bytes, bytes]]]]) -> None:
        self.blobs = {first + i: blob for first, chunk in parts for i, (blob, _) in enumerate(chunk)}
        self.decoded: dict[int, PreparedDocument] = {}

    def __getitem__(self, index: Any) -> Any:
        if (found := self.decoded.get(index)) is None:
            found = self.decoded[index] = decode_prepared(self.blobs[index])
        return found

    def __len__(self) -> int:
        return len(self.blobs)


def _verify_rows(
    rows: np.ndarray, parts: list[tuple[int, tuple[list[tuple[bytes, bytes]], Counter[str]]]],
    weights: dict[str, float], opts: AlignOptions, vectors: Vectors | None,
) -> list[Match]:
    """`verify` of `rows`, all joining documents of the given partitions (each with its first number)."""
    docs = _Partitions([(first, part[0]) for first, part in parts])
    return verify(docs, map(tuple, rows.tolist()), weights, opts, vectors)


def _read_files(files: list[Listed]) -> list[FileRead]:
    """The files read as the local loader reads them (`ingest.documents.read_files`): each in a forked
    reader process under `READ_BUDGET` (read from the module when the task runs), one reader per task, as
    the worker already runs as many tasks as it has threads."""
    _may_fork()
    return map_bounded(_read_listed, files, _over_budget, budget=ingest.READ_BUDGET, workers=1)


def _may_fork() -> None:
    """Let this Dask worker process start the reader's sandbox processes. Dask starts its workers as daemon
    processes (config `distributed.worker.daemon`), and multiprocessing refuses to start children from a
    daemon; the flag is this process's own view of itself (the nanny that started it keeps its own), so
    clearing it changes nothing else: the readers are daemons themselves, ended by the sandbox, and die
    with this process (viewer.core.lifeline)."""
    me = multiprocessing.current_process()
    if me.daemon:
        me.daemon = False


def _model_state() -> tuple[bool, str | None]:
    """Whether this worker has the sentence model, and why not (run on each worker)."""
    available = semantic.available()
    return available, None if available else semantic.notice()


def _same(value: T) -> T:
    return value


def _fact_tables(docs: list[Document]) -> dict[str, FactTable]:
    """The fact tables of one partition's paired documents, with the document-wide things judging reads
    (proper names, stated values) computed: each document's facts are extracted once on the cluster."""
    tables = {d.id: FactTable(d) for d in docs}
    for table in tables.values():
        _ = table.names, table.stated
    return tables


def _judge_pairs(
    pairs: list[Pair], tables: list[dict[str, FactTable]]
) -> list[tuple[tuple[Divergence, ...], tuple[Divergence, ...]]]:
    """`pipeline._judge_chunk` on the tables of some partitions. Each task judges on its own shallow copies
    of the tables it uses (their facts shared, their cache of passage contexts its own): a table held by
    the worker may be sent to another worker while a task runs, and must not change meanwhile."""
    own: dict[str, FactTable] = {}

    def table(doc_id: str) -> FactTable:
        if (found := own.get(doc_id)) is None:
            found = own[doc_id] = copy.copy(next(t[doc_id] for t in tables if doc_id in t))
            found.contexts = {}
        return found

    return [judge(table(p.a.doc), (p.a.start, p.a.end), table(p.b.doc), (p.b.start, p.b.end)) for p in pairs]
