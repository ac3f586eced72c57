"""The one driver of the stages: from a folder (or a loaded corpus) to an alignment with its divergences.

load (ingest) -> prepare -> weights -> boilerplate -> candidates -> sentence vectors -> verify -> best
partners (align) -> facts (each parallel's values, then the story's figures across documents), then
`regroup` at the threshold wanted. `workers` is the runner: 1 runs every stage in this process; more runs
the per-document and per-pair stages (prepare, verify, facts) in a pool of forked processes, which
`pool.pool_size` picks by default on Linux for corpora of `pool.SMALL_CORPUS` documents or more. The result
is the same either way. The index (viewer.core.index.store) builds through `align_full` and updates with
the same stage functions, restricted to what changed.
Imports: the standard library, numpy, viewer.core (model, progress, ingest, align, facts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from viewer.core.align import semantic
from viewer.core.align.passages import PreparedDocument
from viewer.core.align.pool import (
    Chunks,
    Prepared,
    VectorStore,
    find_candidates,
    paused_gc,
    pool_size,
    prepare_all,
    start_embedding,
    to_embed,
    verify_all,
)
from viewer.core.align.postings import sentence_offsets, skip_mask
from viewer.core.align.semantic import Vectors
from viewer.core.align.stages import (
    DEFAULT_MIN_SIMILARITY,
    AlignOptions,
    Match,
    assemble,
    boilerplate_of,
    keep_best_partners,
    regroup,
    sentence_classes,
    weights_from_counts,
)
from viewer.core.facts.crosscheck import Figure, Quantities, figure_pairs, figures, story_figures
from viewer.core.facts.pair import judge
from viewer.core.facts.table import FactTables, story
from viewer.core.facts.values import AnyFact
from viewer.core.ingest.documents import load_corpus
from viewer.core.model import Alignment, Corpus, Divergence, Document, Pair, PairBasis, Span
from viewer.core.progress import CancelToken, Progress, check, report
from viewer.core.worddiff import Differ

__all__ = ["DEFAULT_MIN_SIMILARITY", "Build", "FiguresBeside", "align_corpus", "align_full", "analyse",
           "build", "facts_read_beside", "finish", "judge_all", "with_figures"]

JUDGE_CHUNK = 200  # aligned pairs per task
# A corpus under pool.SMALL_CORPUS documents still verifies and judges in the pool when it has this much of
# that work (a 100-article folder of long news has some 60,000 candidate pairs and 3,000 parallels: seconds
# of one core each, where forking a process holding 100 articles costs milliseconds).
VERIFY_POOL_ROWS = 10_000  # candidate pairs
JUDGE_POOL_PAIRS = 2 * JUDGE_CHUNK  # aligned pairs
# Sentences the model must embed before a preview (`align_full`) is worth its extra verification: about
# 5 s of one core's work (some 200 sentences a second), a 30-article folder.
PREVIEW_SENTENCES = 1000
# ... and when the sentence model alone takes this long (measured on its first tasks, on this machine as
# busy as it is now): then the final alignment cannot come within the 10 s a 100-article folder should
# open in, and the lexical one first is worth its cost (a second verification, the judging of pairs the
# final one drops: some 15 % of the window's CPU seconds on bench_open's real folder). On two quiet
# cores a 100-article folder's model takes some 7 s and has no preview; on a busy machine it has one.
PREVIEW_SECONDS = 10.0

# What the forked facts workers read, set just before the fork: the documents' fact tables (each read as its
# pairs need it), the word differ of the run, and the pairs to judge in the order of the tasks, which name
# them by position (a pair is not sent to a worker).
_shared: tuple[FactTables, Differ, list[Pair]] | None = None
# The documents a forked `FiguresBeside` process reads the figures of, set just before the fork.
_figure_documents: list[Document] | None = None
# The facts a caller had read beside the build (`facts_read_beside`), asked for by document id.
_read_beside: Callable[[Sequence[str]], Mapping[str, tuple[AnyFact, ...]]] | None = None


@contextmanager
def facts_read_beside(source: Callable[[Sequence[str]], Mapping[str, tuple[AnyFact, ...]]]) -> Iterator[None]:
    """While inside, `judge_all` takes the facts of the documents `source` has (`source(ids)`: the
    `extract.extract_facts` of those of the documents `ids` it read, by id, waiting for them if need be)
    instead of reading them again. The window's build reads every document's facts on the pool while the
    sentence model runs (to mark them, `ui.core_jobs.FactReading`); without this, judging read them all a
    second time, on the way to the result (some 0.4 s of two cores for 100 articles)."""
    global _read_beside
    _read_beside = source
    try:
        yield
    finally:
        _read_beside = None


@dataclass
class Build:
    """Everything a full build computed that the index keeps or an update reuses."""

    prepared: Prepared
    weights: dict[str, float]
    boiler: set[tuple[int, int]]
    matches: list[Match]
    candidates: int
    vectors: list[np.ndarray] | None  # each document's sentence vectors (float16), None without the model


def analyse(
    source: Path | str | Corpus,
    *,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    options: AlignOptions | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    follow_outside: bool = True,
) -> Alignment:
    """Load `source` (a folder, or an already loaded corpus), align it and judge every pair's divergences.

    `follow_outside=False`: links leading out of the folder are not followed (see `load_corpus`)."""
    corpus = source if isinstance(source, Corpus) else load_corpus(
        Path(source), progress=progress, cancel=cancel, follow_outside=follow_outside)
    with paused_gc():
        full, _ = align_full(corpus, options or AlignOptions(), workers=workers, progress=progress,
                             cancel=cancel, keep_blobs=False)
    return regroup(full, min_similarity)


def align_corpus(
    corpus: Corpus,
    *,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    options: AlignOptions | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Alignment:
    """The parallels of `corpus` at `min_similarity`, without judging their numbers and dates."""
    with paused_gc():
        full, _ = align_full(corpus, options or AlignOptions(), workers=workers, judge=False,
                             progress=progress, cancel=cancel, keep_blobs=False)
    return regroup(full, min_similarity)


def align_full(
    corpus: Corpus, opts: AlignOptions, *, workers: int | None = None, judge: bool = True,
    progress: Progress | None = None, cancel: CancelToken | None = None, store: VectorStore | None = None,
    preview: Callable[[Alignment], None] | None = None, preview_from: int | None = None,
    preview_after: float | None = None, keep_blobs: bool = True,
    beside_judging: Callable[[Build, Alignment], None] | None = None,
) -> tuple[Alignment, Build]:
    """Every pair of `corpus` at the engine's floor (judged unless `judge` is False), not yet grouped, and
    what the build computed on the way (the index keeps it).

    `store` keeps the sentence vectors as they are computed and gives back those computed before (see
    `pool.embed_all`). `preview` receives the lexical result first (every pair as the words alone score
    it, judged unless `judge` is False) when the sentence model has at least `preview_from` sentences to
    embed (default PREVIEW_SENTENCES) and takes `preview_after` seconds or more (default PREVIEW_SECONDS),
    so that a window can show it
    meanwhile (the model works on the pool while it is made); the pairs
    the final result shares with it are not judged again. Without `preview` nothing is done twice.
    `keep_blobs=False`: the build's prepared documents are not kept as bytes too (for a caller that does
    not store them, `analyse`, `align_corpus`, or encodes them again as it stores them: the index).
    `beside_judging` is called once, in this process, while the pool judges the final result's pairs (after
    the story's figures are read; before returning, when nothing is judged), with the build and the result
    before judging (the same as the one returned but for its pairs' divergences and the figure parallels),
    so that what needs no judgement (the index's documents, its state) is done while the pool works rather
    than after it."""
    n_workers = pool_size(len(corpus.documents), workers)
    judged: dict[tuple[Span, Span], tuple[Divergence, ...]] = {}

    def result(done: Build, beside: Callable[[Build, Alignment], None] | None = None) -> Alignment:
        full = finish(corpus, done.prepared.documents, done.matches, done.boiler, done.weights, opts)
        stats = {**full.stats, "candidates": done.candidates, "matches": len(done.matches)}
        full = replace(full, stats=stats)
        if judge:
            pairs = sum((p.a, p.b) not in judged for p in full.pairs)
            pool = max(n_workers, pool_size(pairs, workers, small=JUDGE_POOL_PAIRS))
            # the story's figures are read in a process of their own while the pool judges the pairs (they
            # need only which documents the pairs join), and this one does `beside`'s work meanwhile
            paired = {d for p in full.pairs for d in (p.a.doc, p.b.doc)}
            reading = FiguresBeside([d for d in corpus.documents if d.id in paired], workers=pool,
                                    cancel=cancel)
            try:
                judged_full = judge_all(full, workers=pool, progress=progress, cancel=cancel, known=judged,
                                        meanwhile=None if beside is None else lambda: beside(done, full))
                read = story_figures(full, reading.result())
            finally:
                reading.close()
            full = with_figures(judged_full, read)
        elif beside is not None:
            beside(done, full)
        return full

    def lexical(done: Build) -> None:
        assert preview is not None
        early = result(done)
        judged.update({(p.a, p.b): p.links for p in early.pairs if p.basis == PairBasis.WORDING})
        preview(early)

    done = build(corpus, opts, workers=n_workers, embed_workers=workers, progress=progress, cancel=cancel,
                 store=store, lexical=None if preview is None else lexical,
                 lexical_from=PREVIEW_SENTENCES if preview_from is None else preview_from,
                 lexical_after=PREVIEW_SECONDS if preview_after is None else preview_after,
                 keep_blobs=keep_blobs)
    full = result(done, beside_judging)
    check(cancel)
    return full, done


def build(
    corpus: Corpus, opts: AlignOptions, *, workers: int = 1, embed_workers: int | None = 1,
    progress: Progress | None = None, cancel: CancelToken | None = None, store: VectorStore | None = None,
    lexical: Callable[[Build], None] | None = None, lexical_from: int = 0, lexical_after: float = 0.0,
    keep_blobs: bool = True,
) -> Build:
    """Every stage up to the verified matches of `corpus`, on `workers` processes (verification also on the
    pool's default when there are VERIFY_POOL_ROWS candidates and `embed_workers` allows); the sentence
    vectors on `embed_workers` (None: the pool's default, when the corpus has enough sentences to be worth
    it), kept in and resumed from `store`. `lexical` receives the build as the words alone verify it (no
    vectors) before the sentence model has finished, when the model is there, has `lexical_from` sentences
    or more to embed and takes `lexical_after` seconds or more (`pool.Embedding.expected_seconds`: measured
    on its first tasks). `keep_blobs`: as `align_full`."""
    prepared = prepare_all(corpus.documents, opts, workers=workers, progress=progress, cancel=cancel,
                           keep_blobs=keep_blobs, decode=False)
    check(cancel)
    # The sentence model starts now, on the pool, and works while the words are weighed and the candidates
    # found (and the lexical preview made) here.
    known = embedding = None
    if opts.semantic and semantic.available():
        prepared.decode(keep_blobs, cancel)  # the model reads the sentences now
        known = store.known(corpus.documents) if store is not None else None
        embedding = start_embedding(corpus.documents, prepared.documents, workers=embed_workers,
                                    progress=progress, cancel=cancel, store=store, known=known)
    docs = prepared.documents
    try:
        counts = prepared.sentence_counts()
        weights = weights_from_counts(prepared.terms, sum(counts))
        boiler = boilerplate_of([f.sentence_keys.tolist() for f in prepared.features],
                                [d.source for d in corpus.documents], opts)
        report(progress, "Aligning: finding candidates", 0, 1)
        offsets = sentence_offsets(counts)
        # the documents still in bytes are decoded here (and the sentences that read the same found)
        # while a forked process finds the candidates
        classes: list[list[list[int]]] = []

        def beside() -> None:
            prepared.decode(keep_blobs, cancel)
            classes.append(sentence_classes(docs))

        rows = find_candidates(prepared.features, offsets, skip_mask(offsets, boiler), weights, opts,
                               workers=workers, cancel=cancel,
                               meanwhile=beside if prepared.undecoded else None)
        same = classes[0] if classes else None
        check(cancel)
        workers = max(workers, pool_size(len(rows), embed_workers, small=VERIFY_POOL_ROWS))
        vectors = None
        if embedding is not None:
            if (lexical is not None and to_embed(docs, known) >= lexical_from
                    and embedding.expected_seconds() >= lexical_after):
                words = verify_all(docs, rows, weights, opts, workers=workers, progress=progress,
                                   cancel=cancel, classes=same)
                lexical(Build(prepared, weights, boiler, words, len(rows), None))
            vectors = embedding.result()
    finally:
        if embedding is not None:
            embedding.close()
    check(cancel)
    matches = verify_all(docs, rows, weights, opts,
                         vectors=None if vectors is None else vectors_of(corpus.documents, vectors),
                         workers=workers, progress=progress, cancel=cancel, classes=same)
    return Build(prepared, weights, boiler, matches, len(rows), vectors)


def vectors_of(documents: Sequence[Document], vectors: Sequence[np.ndarray]) -> Vectors:
    """The sentence vectors of `documents` with each sentence's background read in its own story
    (`facts.table.story`: its folder, or the .jsonl file it is a record of), so that a story scores the
    same alone and among others in one folder (`semantic.Vectors`)."""
    return Vectors.of(vectors, [story(d) for d in documents])


def finish(
    corpus: Corpus, docs: Sequence[PreparedDocument], matches: Sequence[Match], boiler: set[tuple[int, int]],
    weights: dict[str, float], opts: AlignOptions,
) -> Alignment:
    """Every pair at the floor from verified matches, not yet grouped (see `align.stages.assemble`)."""
    return assemble(corpus, docs, keep_best_partners(matches, docs, weights, opts), boiler, opts)


_JUDGING = "Comparing numbers and dates"


def judge_all(
    alignment: Alignment, *, workers: int = 1, progress: Progress | None = None,
    cancel: CancelToken | None = None, known: dict[tuple[Span, Span], tuple[Divergence, ...]] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> Alignment:
    """Each pair's divergences and agreements (`facts.judge_pair`), in chunks grouped by document; those of
    pairs (by their two spans) in `known` are taken from there (judging is a function of the two spans).
    What is read of each document's facts is read once (`facts.table.FactTables`, dropped after the run):
    only the values of its passages that are judged and of the sentences around them (`extract.Reader`),
    in the pool by the worker that judges them, and not at all for a pair one of whose passages holds
    nothing a value is written with; what judging reads of each passage likewise, however many pairs it is
    in (`FactTable.passage`). `meanwhile` is called here once the pool has started (before the judging,
    without one), so that this process works while the pool does."""
    global _shared
    known = known or {}
    pairs = [p for p in alignment.pairs if (p.a, p.b) not in known] if known else list(alignment.pairs)
    order = sorted(range(len(pairs)), key=lambda i: (pairs[i].a.doc, pairs[i].b.doc))
    chunks = [range(k, min(k + JUDGE_CHUNK, len(order))) for k in range(0, len(order), JUDGE_CHUNK)]
    workers = workers if len(chunks) > 1 else 1
    tables = FactTables(alignment.corpus.by_id())
    if _read_beside is not None:
        named = sorted({p.a.doc for p in pairs} | {p.b.doc for p in pairs})
        for doc_id, found in _read_beside(named).items():
            tables.add(doc_id, found)
    _shared = (tables, Differ(), [pairs[i] for i in order])
    try:
        run = Chunks(_judge_chunk, chunks, [len(c) for c in chunks], _JUDGING, workers, progress, cancel)
        try:
            if meanwhile is not None:
                report(progress, _JUDGING, 0, len(pairs))  # the stage has begun, on the pool
                meanwhile()
            results = run.wait()
        finally:
            run.close()
    finally:
        _shared = None
    links: list[tuple[tuple[Divergence, ...], tuple[Divergence, ...]]] = [((), ())] * len(pairs)
    for i, got in zip(order, (d for chunk in results for d in chunk), strict=True):
        links[i] = got  # (divergences, agreements)
    judged = iter(links)
    out = []
    for p in alignment.pairs:
        if known and (k := (p.a, p.b)) in known:
            out.append(p.with_links(known[k]))
            continue
        shown, same = next(judged)
        # (a pair judged to hold no value it held already is kept as it is)
        out.append(p if shown == p.divergences and same == p.agreements else
                   replace(p, divergences=shown, agreements=same))
    return replace(alignment, pairs=tuple(out))


def with_figures(alignment: Alignment, quantities: Quantities | None = None) -> Alignment:
    """`alignment` with its parallels of differing figures (`facts.crosscheck`) computed afresh: run after
    the wording parallels are judged, since a value pair they judged already is not judged again.
    `quantities`: the story's figures (`crosscheck.story_figures`), when read already."""
    wording = tuple(p for p in alignment.pairs if p.basis == PairBasis.WORDING)
    figured = figure_pairs(replace(alignment, pairs=wording), DEFAULT_MIN_SIMILARITY, quantities)
    return replace(alignment, pairs=wording + figured)


def _judge_chunk(task: range) -> list[tuple[tuple[Divergence, ...], tuple[Divergence, ...]]]:
    """The judgements of the pairs at the positions `task` of the run's pairs."""
    assert _shared is not None
    tables, differ, pairs = _shared
    return [judge(tables[p.a.doc], (p.a.start, p.a.end), tables[p.b.doc], (p.b.start, p.b.end), differ)
            for p in pairs[task.start : task.stop]]


class FiguresBeside:
    """The story's figures (`crosscheck.figures`) of `documents`, read in a forked process (`workers` > 1)
    while this one goes on, for `story_figures`' `known`. An update reads those of the documents paired
    before while it aligns what changed, on the core it left idle: reading them after it took some 3 s of
    the 8 s of adding 10 articles to 10,000. A build reads those of its paired documents while the pool
    judges the pairs, so that this process is free for the index's write meanwhile (`align_full`'s
    `beside_judging`). `result()` waits for them (read here with `workers` 1)."""

    def __init__(self, documents: Sequence[Document], *, workers: int = 1,
                 cancel: CancelToken | None = None) -> None:
        self._documents = list(documents)
        with self._shared():
            self._run = Chunks(_figures_task, [None], [len(self._documents)], _JUDGING,
                               workers if self._documents else 1, None, cancel)

    @contextmanager
    def _shared(self) -> Iterator[None]:
        global _figure_documents
        _figure_documents = self._documents
        try:
            yield
        finally:
            _figure_documents = None

    def result(self) -> dict[str, tuple[Document, list[Figure]]]:
        """The figures of each document, by id, with the document they were read from."""
        try:
            with self._shared():
                found = dict(self._run.wait()[0])
        finally:
            self._run.close()
        return {d.id: (d, found.get(k, [])) for k, d in enumerate(self._documents)}

    def close(self) -> None:
        self._run.close()


def _figures_task(_: None) -> list[tuple[int, list[Figure]]]:
    """The figures of `_figure_documents`, by position, for those that have any."""
    assert _figure_documents is not None
    return [(k, found) for k, d in enumerate(_figure_documents) if (found := figures(d))]
