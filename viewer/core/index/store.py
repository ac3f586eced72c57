"""The alignment index of a corpus folder, its front: reopened at once, updated in place, rebuilt when needed.

One SQLite database per corpus folder in the user's cache (`schema`: where, which tables, when it is
stale); nothing is ever written into the folder itself. It keeps every listed file (size, mtime, content
hash), every document with its prepared tokens and candidate features, the verified sentence matches, and
the finished alignment at the engine's floor with its divergences, so that:

- reopening an unchanged folder reads the alignment back without aligning anything, and the groups at the
  thresholds asked for last (`groupings`) without grouping anything;
- `changes()` stats the folder and hashes only files whose size or mtime moved (`listing`);
- where the numbers and dates of a paired document are (`fact_spans`, for the window's comparison) is
  found once and kept with a digest of the text and date, so a reopen scans no text for them;
- an update re-reads only added and changed files, and re-verifies only what they touch (`incremental`
  says what, and why the result equals a rebuild); sentence vectors are kept per document (`vectors`), so
  an update embeds only the new and changed documents.

This module decides which of those to do and runs the pipeline's stages for it (`pipeline.align_full` for
a build; `prepare_all`, `verify_all`, `finish`, `judge_all` for an update), each write one transaction
(`tables` holds the rows' I/O). Robustness: an index from another schema, engine, engine options or
Python, or a damaged file, is rebuilt with a notice. Writes are single transactions in WAL mode with a busy
timeout, so a process killed while indexing leaves the previous index intact and two processes can open
one corpus. A cache folder that cannot be written falls back to an in-memory index with a notice; a full
disk keeps the result in memory with a notice. The index never touches the user's settings.
Imports: the standard library, numpy, viewer.core (model, progress, ingest, align, facts.extract,
pipeline), and the other modules of viewer.core.index.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from viewer.core import progress as progress_
from viewer.core.align import semantic
from viewer.core.align.codec import encode_prepared
from viewer.core.align.grouping import Regrouper
from viewer.core.align.passages import PreparedDocument
from viewer.core.align.pool import embed_all, paused_gc, pool_size, prepare_all, verify_all
from viewer.core.align.stages import DEFAULT_MIN_SIMILARITY, AlignOptions, pair_order
from viewer.core.facts.crosscheck import story_figures
from viewer.core.facts.extract import extract_facts
from viewer.core.index import groupings, incremental, tables
from viewer.core.index.columns import BASES, PairColumns
from viewer.core.index.incremental import Stored
from viewer.core.index.listing import Changes, Found, Listing, compare, list_folder, merged_skips, take_reads
from viewer.core.index.schema import (
    CACHE_ENV,
    DAMAGE,
    SCHEMA_VERSION,
    WAL_LIMIT,
    cache_root,
    check,
    connect,
    create,
    delete,
    index_path,
    is_full,
    memory_notice,
    one_line,
    writable,
)
from viewer.core.index.tables import FactSpans
from viewer.core.index.vectors import StoredVectors
from viewer.core.ingest import documents as loader
from viewer.core.model import Alignment, Corpus, Document, Pair, PairBasis, Skipped
from viewer.core.pipeline import Build, FiguresBeside, align_full, finish, judge_all, vectors_of, with_figures
from viewer.core.progress import CancelToken, Progress, report

__all__ = ["CACHE_ENV", "SCHEMA_VERSION", "WAL_LIMIT", "Changes", "Index", "analyse_indexed", "cache_root",
           "changes", "index_path", "keep_grouping", "kept_grouping"]

REBUILD_SHARE = 0.1  # rebuild from scratch once updates have touched this share of the corpus's sentences
# An update uses the process pool only for large batches: forking a process that holds the whole corpus
# costs more than it saves on a few thousand pairs (measured at 10,000 articles).
JUDGE_POOL_MIN = 1000  # pairs to judge
GROUPINGS_KEPT = 8  # thresholds whose groups the index keeps (the latest ones asked for)
VERIFY_POOL_MIN = 50_000  # candidate pairs to verify


class Index:
    """The index of one corpus folder. Open with `Index.open`; `notices` says what had to be repaired."""

    def __init__(self, folder: Path, db: sqlite3.Connection, path: Path | None, opts: AlignOptions,
                 notices: list[str]) -> None:
        self.folder = folder
        self.follow_outside = True  # whether links leading out of the folder are followed (documents)
        self.db = db
        self.path = path  # None for an in-memory index
        self.options = opts
        self.notices = notices
        self._on_corpus: Callable[[Corpus], None] | None = None
        self._preview: Callable[[Alignment], None] | None = None
        self._preview_from: int | None = None
        self._preview_after: float | None = None
        self.vectors = StoredVectors(lambda: self.db)
        # What the index holds at the floor: `_head` the alignment without its pairs (documents, state),
        # `_pairs` the pairs as stored (columns); `_regrouper` their passages numbered for grouping, made
        # only when a threshold must be grouped (a reopen reads the kept groups: it builds none of it).
        self._head: Alignment | None = None
        self._pairs: PairColumns | None = None
        self._regrouper: Regrouper | None = None
        self._digest: bytes | None = None  # of the stored pairs, which every kept grouping names
        self._walk: list[Skipped] | None = None  # what the last listing skipped, when newer than the index

    # ------------------------------------------------------------------------------------------ opening

    @classmethod
    def open(cls, folder: Path | str, *, cache_dir: Path | str | None = None,
             options: AlignOptions | None = None, follow_outside: bool = True) -> Index:
        """Open (or create) the index of `folder`; never raises for a damaged, old or unwritable index."""
        index = cls._open(folder, cache_dir, options)
        index.follow_outside = follow_outside
        return index

    @classmethod
    def _open(cls, folder: Path | str, cache_dir: Path | str | None, options: AlignOptions | None) -> Index:
        root = Path(folder)
        opts = options or AlignOptions()
        path = index_path(root, cache_dir)
        notices: list[str] = []
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = connect(path)
            problem = check(db, opts)
            if problem:
                db.close()
                notices.append(f"The index of this folder {problem}; it is rebuilt.")
                delete(path)
                db = connect(path)
            create(db, opts, root)
        except sqlite3.DatabaseError as error:
            # A full disk, a cache folder that cannot be written, or an index path that is not a file
            # (a folder in its place) is no damage to repair: the index stays in memory.
            if is_full(error) or not path.is_file() or not writable(path.parent):
                return cls._in_memory(root, opts, notices, error)
            notices.append(f"The index of this folder was damaged ({one_line(error)}); it is rebuilt.")
            try:
                delete(path)
                db = connect(path)
                create(db, opts, root)
            except (sqlite3.DatabaseError, OSError) as again:
                return cls._in_memory(root, opts, notices, again)
        except OSError as error:
            return cls._in_memory(root, opts, notices, error)
        return cls(root, db, path, opts, notices)

    @classmethod
    def _in_memory(cls, root: Path, opts: AlignOptions, notices: list[str], error: BaseException) -> Index:
        notices.append(memory_notice(error))
        db = sqlite3.connect(":memory:", check_same_thread=False)
        create(db, opts, root)
        return cls(root, db, None, opts, notices)

    def close(self) -> None:
        self._checkpoint()
        self.db.close()

    @property
    def in_memory(self) -> bool:
        return self.path is None

    @property
    def built(self) -> bool:
        return tables.meta(self.db, "built") == "1"

    # ---------------------------------------------------------------------------------------- reading

    def alignment(self, min_similarity: float = DEFAULT_MIN_SIMILARITY) -> Alignment | None:
        """The stored alignment at `min_similarity` (None before the first build); aligns nothing.

        A damaged index found while reading it is emptied (with a notice), so this returns None then.
        """
        if self._head is None:
            try:
                if not self.built:
                    return None
                self._read_stored()
            except DAMAGE as error:
                self._reset(error)
                return None
        return self._grouped(min_similarity)

    def parallels(self, doc_id: str, start: int, end: int) -> list[Pair]:
        """Stored pairs (at the floor) with a side in `doc_id` overlapping [start, end): a click's result."""
        if self._pairs is None:  # read once: the next clicks find their pairs in the same columns
            self._pairs = tables.read_pairs(self.db)
        stored = self._pairs
        return sorted(stored.pairs(stored.touching(doc_id, start, end)), key=lambda p: -p.similarity)

    def changes(self) -> Changes:
        """What changed in the folder since it was indexed (everything is `added` before the first build)."""
        return self._changes(list_folder(self.folder, self.follow_outside)).changes

    def without_fact_spans(self, documents: Sequence[Document]) -> list[Document]:
        """Those of `documents` whose fact spans (see `fact_spans`) the index does not have."""
        try:
            known = tables.read_fact_spans(self.db, documents)
        except sqlite3.DatabaseError:
            known = {}
        return [d for d in documents if d.id not in known]

    def fact_spans(self, documents: Sequence[Document],
                   found_before: Mapping[str, FactSpans] | None = None) -> dict[str, FactSpans]:
        """Where the numbers and dates of each of `documents` are (the comparison marks them), by id: read
        back when the index has them for the document's current text and date, else taken from
        `found_before` (found elsewhere for these very documents, e.g. in a pool while they were aligned)
        or found (`facts.extract`), and kept, so that a reopen finds none again. A write that fails keeps
        them in memory only (the index's final write tells the user about a full disk)."""
        try:
            out = tables.read_fact_spans(self.db, documents)
        except sqlite3.DatabaseError:
            out = {}
        before = found_before or {}
        found = {d.id: (d, before[d.id] if d.id in before else _fact_spans(d))
                 for d in documents if d.id not in out}
        if found:
            with contextlib.suppress(sqlite3.DatabaseError):
                self.db.execute("BEGIN IMMEDIATE")
                try:
                    tables.insert_fact_spans(self.db, found)
                except BaseException:
                    self.db.rollback()
                    raise
                self.db.commit()
            out.update({doc_id: spans for doc_id, (_, spans) in found.items()})
        return out

    # ---------------------------------------------------------------------------------------- writing

    def refresh(
        self, *, min_similarity: float = DEFAULT_MIN_SIMILARITY, progress: Progress | None = None,
        cancel: CancelToken | None = None, workers: int | None = None,
        on_corpus: Callable[[Corpus], None] | None = None,
        preview: Callable[[Alignment], None] | None = None, preview_from: int | None = None,
        preview_after: float | None = None,
    ) -> Alignment:
        """The folder's alignment, brought up to date: read back, updated, or built, whichever is needed.

        `on_corpus` receives the documents as soon as they are known (read back, or read from the folder
        before aligning), so that a caller can show them meanwhile without reading the folder itself.
        `preview` receives the lexical alignment (at the floor, ungrouped, judged) before the sentence model
        runs, when a build has `preview_from` sentences or more to embed and its model takes `preview_after`
        seconds or more (see `pipeline.align_full`); an
        update embeds only new documents and has no preview.

        Damage found on the way (the index is not checked page by page when it is opened: that reads the
        whole file, seconds for a large corpus) empties the index with a notice and builds it again.
        """
        self._on_corpus, self._preview = on_corpus, preview
        self._preview_from, self._preview_after = preview_from, preview_after
        try:
            with paused_gc():
                out = self._refresh(min_similarity, progress, cancel, workers)
        finally:
            self._on_corpus = self._preview = self._preview_from = self._preview_after = None
        if (why := semantic.notice()) is not None:  # once per process: the model could not be used
            self.notices.append(why[0].upper() + why[1:] + ".")
        return out

    def _refresh(self, min_similarity: float, progress: Progress | None, cancel: CancelToken | None,
                 workers: int | None) -> Alignment:
        listing = list_folder(self.folder, self.follow_outside)
        try:
            found = self._changes(listing)
            if self.built and not found.changes:
                self._write_stats(listing, found.hashes)
                # What the walk skips (a FIFO, a broken link) is not in the file table: a deleted FIFO
                # would otherwise stay listed until the next change.
                self._walk = listing.walk_skipped
                out = self.alignment(min_similarity)
                if out is not None:
                    self._corpus_known(out.corpus)
                    return out
            elif self.built and self._few_touched():
                full = self._update(listing, found, progress, cancel, workers)
                self._corpus_known(full.corpus)
                return self._grouped(min_similarity)
        except DAMAGE as error:
            self._reset(error)
        self._build(listing, progress, cancel, workers)
        return self._grouped(min_similarity)

    def _corpus_known(self, corpus: Corpus) -> None:
        if self._on_corpus is not None:
            self._on_corpus(corpus)

    def _few_touched(self) -> bool:
        """Whether updates since the last full build touched few enough sentences for another update."""
        touched, sentences = tables.meta(self.db, "touched"), tables.meta(self.db, "sentences")
        return int(touched or 0) <= REBUILD_SHARE * int(sentences or 1)

    def _reset(self, error: BaseException) -> None:
        """Empty a damaged index (delete and recreate its file), with a notice."""
        self._head = self._pairs = self._regrouper = self._digest = None
        self.db.close()
        if self.path is not None and not is_full(error):
            self.notices.append(f"The index of this folder was damaged ({one_line(error)}); it is rebuilt.")
            try:
                delete(self.path)
                self.db = connect(self.path)
                create(self.db, self.options, self.folder)
                return
            except (sqlite3.DatabaseError, OSError) as again:
                error = again
        self.notices.append(memory_notice(error))
        self.path = None
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        create(self.db, self.options, self.folder)

    def rebuild(self, *, min_similarity: float = DEFAULT_MIN_SIMILARITY, progress: Progress | None = None,
                cancel: CancelToken | None = None, workers: int | None = None) -> Alignment:
        """Align the whole folder from scratch and replace the index."""
        with paused_gc():
            self._build(list_folder(self.folder, self.follow_outside), progress, cancel, workers)
        return self._grouped(min_similarity)

    def _grouped(self, min_similarity: float) -> Alignment:
        """The stored pairs grouped at `min_similarity`: the groups the index keeps for that threshold, or
        grouped from the columns (`regroup`'s groups, `groupings.regrouper`) and then kept, so that a reopen
        groups nothing. A grouping that fails its checks is grouped again: it is a cache of `regroup`, never
        the only copy of anything."""
        assert self._head is not None and self._pairs is not None
        key = repr(float(min_similarity))
        row = self.db.execute("SELECT pair_groups, passages FROM groupings WHERE threshold = ?",
                              (key,)).fetchone()
        if self._digest is None:
            self._digest = groupings.digest_of_columns(self._pairs, self._head)
        if row is not None:
            with contextlib.suppress(ValueError, TypeError, IndexError):
                return groupings.decode(self._pairs, self._head, min_similarity, row[0], row[1], self._digest)
        if self._regrouper is None:
            self._regrouper = groupings.regrouper(self._pairs)
        grouping = self._regrouper.grouping(min_similarity)
        encoded = groupings.encode(len(self._pairs), self._head, grouping, self._digest)

        def write(db: sqlite3.Connection) -> None:
            db.execute("INSERT OR REPLACE INTO groupings VALUES (?, ?, ?)", (key, *encoded))
            db.execute("DELETE FROM groupings WHERE rowid NOT IN "
                       "(SELECT rowid FROM groupings ORDER BY rowid DESC LIMIT ?)", (GROUPINGS_KEPT,))

        self._transaction(write)
        # read back as a reopen reads it: the groups a view of their columns, not a Group each to pickle
        return groupings.decode(self._pairs, self._head, min_similarity, *encoded, self._digest)

    def _build(self, listing: Listing, progress: Progress | None, cancel: CancelToken | None,
               workers: int | None) -> None:
        # The content hash of each file is the loader's, of exactly the bytes it parsed: hashing in a read
        # of its own could pair new bytes with old text (a file edited meanwhile) and would read files the
        # loader skips unread (a video of gigabytes).
        reads = loader.read_files(list(listing.items.values()), progress=progress, cancel=cancel)
        corpus = loader.corpus_of(self.folder, reads, listing.walk_skipped)
        self._corpus_known(corpus)
        self.vectors.current.clear()
        read_skips = [s for s in corpus.skipped if s not in listing.walk_skipped]
        hashes = take_reads(listing, reads)

        def documents(db: sqlite3.Connection, done: Build, aligned: Alignment) -> None:
            docs = done.prepared.documents
            for table in ("files", "skipped", "documents", "matches", "pairs", "state"):
                db.execute(f"DELETE FROM {table}")
            # encoded again as they are written, not kept as bytes through the build beside the decoded
            # documents (some 100 MB at 10,000 articles, at the build's memory peak)
            tables.insert_documents(db, corpus.documents, map(encode_prepared, docs),
                                    done.prepared.feature_blobs)
            # The vectors were stored as they were computed (`StoredVectors.keep`): only those of files
            # gone, and any a failed write did not store, are left to do.
            db.execute("DELETE FROM vectors WHERE id NOT IN (SELECT id FROM documents)")
            db.execute("DELETE FROM fact_spans WHERE id NOT IN (SELECT id FROM documents)")
            if done.vectors is None:
                db.execute("DELETE FROM vectors")
            else:
                left = [k for k, d in enumerate(corpus.documents) if d.id not in self.vectors.current]
                tables.insert_vectors(db, [corpus.documents[k] for k in left],
                                      [done.vectors[k] for k in left])
            tables.insert_skipped(db, listing.walk_skipped, read_skips)
            tables.insert_matches(db, docs, done.matches)
            self._write_state(db, aligned, listing, hashes,
                              boiler=[(docs[di].doc_id, si) for di, si in sorted(done.boiler)],
                              terms=done.prepared.terms)

        # The build's one transaction is begun, and all but its pairs written (documents, matches, state,
        # files), while the pool judges the pairs (`align_full`'s `beside_judging`): this process would
        # otherwise wait for the judging, then write them with the other core idle (some 2 s of one core
        # at 10,000 articles). The pairs are written and the transaction committed after the judging; a
        # build that fails or is cancelled meanwhile rolls it back, so the previous index stays whole.
        begun: list[bool] = []  # whether the documents were written beside the judging (False: that failed)
        try:
            full, _ = align_full(corpus, self.options, workers=workers, progress=progress, cancel=cancel,
                                 store=self.vectors, preview=self._preview,
                                 preview_from=self._preview_from, preview_after=self._preview_after,
                                 keep_blobs=False,
                                 beside_judging=lambda done, aligned: begun.append(
                                     self._begin(lambda db: documents(db, done, aligned))))
            full, columns = _in_stored_order(full), PairColumns.of(full.pairs)
            if begun[0]:  # (`align_full` calls `beside_judging` once, judging or not)
                self._transaction(lambda db: self._write_pairs(db, full, columns, touched=0), begun=True)
        except BaseException:
            if self.db.in_transaction:
                self.db.rollback()
            raise
        self._keep(full, columns)

    def _update(self, listing: Listing, found: Found, progress: Progress | None,
                cancel: CancelToken | None, workers: int | None) -> Alignment:
        """Take in added, changed and removed files, re-verifying only what they touch (`incremental`)."""
        report(progress, "Updating the index", 0, 1)
        gone = set(found.changes.removed) | set(found.changes.changed)
        # the story's figures of the documents paired before (most of those paired after) are read on the
        # other core while this one aligns
        paired = self._paired_before(gone)
        beside = FiguresBeside(paired, workers=pool_size(len(paired), workers), cancel=cancel)
        try:
            return self._updated(listing, found, gone, beside, progress, cancel, workers)
        finally:
            beside.close()

    def _updated(self, listing: Listing, found: Found, gone: set[str], beside: FiguresBeside,
                 progress: Progress | None, cancel: CancelToken | None, workers: int | None) -> Alignment:
        opts = self.options
        old = tables.read_documents(self.db)
        reads = loader.read_files([listing.items[n] for n in sorted({*found.added, *found.changed})],
                                  cancel=cancel)
        hashes = {**found.hashes, **take_reads(listing, reads)}
        new_docs = loader.unique_ids([d for r in reads for d in r.documents])
        new_skips = [s for r in reads for s in r.skipped]
        progress_.check(cancel)
        fresh = prepare_all(new_docs, opts)
        plan = incremental.plan(old, gone, new_docs, fresh, tables.read_state(self.db, "terms"),
                                tables.read_state(self.db, "boiler"), tables.read_match_keys(self.db), opts)
        ids, stored = plan.ids, plan.stored
        progress_.check(cancel)
        vectors, fresh_vectors = self._vectors(stored, new_docs, fresh.documents, cancel)
        # verified and assembled on the documents the rows and the boilerplate name (`incremental.Part`)
        part = plan.part()
        docs = part.docs
        if vectors is not None:
            vectors = replace(vectors, by_doc=tuple(vectors.by_doc[k] for k in part.positions),
                              background=tuple(vectors.background[k] for k in part.positions))
        n_workers = pool_size(len(part.rows), workers, small=VERIFY_POOL_MIN)
        matches = verify_all(docs, part.rows, plan.weights, opts, vectors=vectors, workers=n_workers,
                             cancel=cancel)
        skips = tables.read_skips(self.db, gone, walk=False) + new_skips
        all_skipped = merged_skips(listing.walk_skipped, skips)
        corpus = Corpus(loader.shown_path(self.folder), tuple(e.document for e in stored), all_skipped)
        full = finish(corpus, docs, matches, part.boiler, plan.weights, opts)
        full = replace(full, stats={"documents": len(stored), "sentences": sum(e.sentences for e in stored)})
        changed_ids = {i for i in ids if i in old and old[i].document.path in gone}
        judged = self._judge(full, changed_ids, progress, cancel)
        full = with_figures(judged, story_figures(judged, beside.result()))
        progress_.check(cancel)
        touched = int(tables.meta(self.db, "touched") or 0) + int(plan.dirty.sum())
        full, columns = _in_stored_order(full), PairColumns.of(full.pairs)

        def write(db: sqlite3.Connection) -> None:
            for rel in gone:
                db.execute("DELETE FROM documents WHERE path = ?", (rel,))
            db.execute("DELETE FROM skipped")
            db.execute("DELETE FROM matches")
            tables.insert_documents(db, new_docs, fresh.blobs, fresh.feature_blobs)
            db.execute("DELETE FROM vectors WHERE id NOT IN (SELECT id FROM documents)")
            db.execute("DELETE FROM fact_spans WHERE id NOT IN (SELECT id FROM documents)")
            tables.insert_vectors(db, new_docs, fresh_vectors)
            tables.insert_skipped(db, listing.walk_skipped, skips)
            tables.insert_matches(db, docs, matches)
            self._write_state(db, full, listing, hashes,
                              boiler=[(ids[di], si) for di, si in sorted(plan.boiler)], terms=plan.terms)
            self._write_pairs(db, full, columns, touched=touched)

        self._transaction(write)
        self._keep(full, columns)
        return full

    def _paired_before(self, gone: set[str]) -> list[Document]:
        """The stored documents of a wording parallel, but those whose file is `gone` (removed or changed)."""
        stored = tables.read_pairs(self.db)
        wording = stored.basis != BASES.index(PairBasis.FIGURE)
        used = np.unique(np.concatenate([stored.spans[stored.a[wording], 0],
                                         stored.spans[stored.b[wording], 0]]))
        paired = {stored.docs[k] for k in used.tolist()}
        return [d for d in tables.read_plain_documents(self.db) if d.id in paired and d.path not in gone]

    def _vectors(self, stored: Sequence[Stored], new_docs: Sequence[Document],
                 prepared: Sequence[PreparedDocument], cancel: CancelToken | None,
                 ) -> tuple[semantic.Vectors | None, list[np.ndarray] | None]:
        """The sentence vectors of the updated corpus (`stored`, in order), embedding only the new
        documents (or reading those a killed update stored), and those new vectors; (None, None) without
        the model or when a kept document has none."""
        if not self.options.semantic:
            return None, None
        self.vectors.current.clear()
        fresh = embed_all(new_docs, prepared, cancel=cancel, store=self.vectors)
        if fresh is None:
            return None, None
        new_ids = {d.id for d in new_docs}
        kept = [e for e in stored if e.document.id not in new_ids]
        by_id = {d.id: v for d, v in zip(new_docs, fresh, strict=True)}
        for e, v in zip(kept, self.vectors.known([e.document for e in kept]), strict=True):
            if v is not None and len(v) == e.sentences:
                by_id[e.document.id] = v
        if any(e.document.id not in by_id for e in stored):  # built without the model: a rebuild embeds all
            return None, None
        return vectors_of([e.document for e in stored], [by_id[e.document.id] for e in stored]), fresh

    def _judge(self, full: Alignment, changed: set[str], progress: Progress | None,
               cancel: CancelToken | None) -> Alignment:
        """Divergences of every pair: read back for stored pairs of unchanged documents, else computed."""
        known = {
            (p.a, p.b): p.links for p in tables.read_pairs(self.db).pairs() if p.basis == PairBasis.WORDING
            if p.a.doc not in changed and p.b.doc not in changed
        }
        fresh = [p for p in full.pairs if (p.a, p.b) not in known]
        workers = pool_size(len(fresh), small=JUDGE_POOL_MIN)
        judged = judge_all(replace(full, pairs=tuple(fresh)), workers=workers, progress=progress,
                           cancel=cancel)
        known.update({(p.a, p.b): p.links for p in judged.pairs})
        return replace(full, pairs=tuple(p.with_links(known[(p.a, p.b)]) for p in full.pairs))

    def _write_state(self, db: sqlite3.Connection, full: Alignment, listing: Listing,
                     hashes: dict[bytes, str], boiler: list[tuple[str, int]], terms: Counter[str]) -> None:
        """What a result keeps beside its pairs: the corpus-wide state (`full`'s pairs are not read) and the
        file table."""
        tables.write_state(db, full, boiler, terms)
        self._write_files(db, listing, hashes)

    def _write_pairs(self, db: sqlite3.Connection, full: Alignment, stored: PairColumns,
                     touched: int) -> None:
        """A result's pairs (`stored`, the columns of `full`'s) and the meta that marks the index built."""
        tables.write_pairs(db, stored)
        sentences = int(full.stats.get("sentences", 0))
        tables.write_meta(db, (("built", "1"), ("touched", str(touched)), ("sentences", str(sentences)),
                               ("updated", str(time.time()))))

    def _write_files(self, db: sqlite3.Connection, listing: Listing, hashes: dict[bytes, str]) -> None:
        known = dict(db.execute("SELECT name, hash FROM files").fetchall())
        db.execute("DELETE FROM files")
        db.executemany(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?)",
            ((name, listing.items[name].rel, size, mtime, hashes.get(name) or known.get(name))
             for name, (size, mtime) in listing.stats.items()),
        )

    def _write_stats(self, listing: Listing, hashes: dict[bytes, str]) -> None:
        """Remember new mtimes of files whose content did not change, so they are not hashed again."""
        if hashes and not self.in_memory:
            self._transaction(lambda db: self._write_files(db, listing, hashes))

    def _transaction(self, write: Callable[[sqlite3.Connection], object], *, begun: bool = False) -> None:
        """Run `write` in one transaction and commit it (`begun`: in the transaction `_begin` left open); a
        write that fails is rolled back, with a notice."""
        try:
            if not begun:
                self.db.execute("BEGIN IMMEDIATE")
            self._write_or_roll_back(write)
            self.db.commit()
        except sqlite3.DatabaseError as error:  # a full disk, a file made read-only, a damaged page
            self._not_saved(error)
        finally:
            self._checkpoint()

    def _begin(self, write: Callable[[sqlite3.Connection], object]) -> bool:
        """Begin a transaction and run `write` in it, leaving it open for `_transaction(..., begun=True)`
        to finish (or for the caller to roll back); False, with a notice and nothing left open, when the
        write failed."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            self._write_or_roll_back(write)
        except sqlite3.DatabaseError as error:
            self._not_saved(error)
            self._checkpoint()
            return False
        return True

    def _write_or_roll_back(self, write: Callable[[sqlite3.Connection], object]) -> None:
        """Run `write` in the open transaction; if it fails, roll the transaction back and raise."""
        try:
            write(self.db)
        except BaseException:
            self.db.rollback()
            raise

    def _not_saved(self, error: sqlite3.DatabaseError) -> None:
        cause = "the disk is full" if is_full(error) else one_line(error)
        self.notices.append(f"The index could not be saved ({cause}); the result is kept in memory.")

    def _checkpoint(self) -> None:
        """Copy the write-ahead log into the database and truncate it, so that no log of tens of megabytes
        stays beside the index after a build (or after a failed one on a full disk)."""
        if self.path is not None:
            with contextlib.suppress(sqlite3.DatabaseError):
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # ---------------------------------------------------------------------------------------- helpers

    def _changes(self, listing: Listing) -> Found:
        """Changes against the stored file table (see `listing.compare`)."""
        stored = {bytes(row[0]): row[1:] for row in
                  self.db.execute("SELECT name, path, size, mtime_ns, hash FROM files")}
        return compare(listing, stored, self.built)

    def _read_stored(self) -> None:
        """Read the floor's alignment back: its documents and state, and its pairs as columns (in
        `pair_order`), of which `_grouped` builds only the pairs a threshold keeps."""
        docs = tables.read_plain_documents(self.db)
        skips = (tables.read_skips(self.db, set()) if self._walk is None
                 else [*self._walk, *tables.read_skips(self.db, set(), walk=False)])
        corpus = Corpus(loader.shown_path(self.folder), tuple(docs), merged_skips([], skips))
        pairs = tables.read_pairs(self.db)
        head = Alignment(corpus, self.options.floor, (), (), tables.read_state(self.db, "repeats"),
                         tables.read_state(self.db, "boilerplate"), tables.read_state(self.db, "stats"))
        self._head, self._pairs, self._regrouper, self._digest = head, pairs, None, None

    def _keep(self, full: Alignment, stored: PairColumns) -> None:
        """Hold the alignment just built or updated (its pairs in `pair_order`) and its columns."""
        self._head, self._pairs, self._regrouper, self._digest = replace(full, pairs=()), stored, None, None


# -------------------------------------------------------------------------------------------- functions


def _fact_spans(document: Document) -> FactSpans:
    return tuple((f.start, f.end) for f in extract_facts(document))


def _in_stored_order(full: Alignment) -> Alignment:
    """`full` with its pairs in `pair_order`: the order in which a reopen reads them back and in which the
    kept groupings number them. A build's pairs come in another (the figure parallels last), and a grouping
    encoded against that order could not be kept (`groupings.encode` refuses it): every reopen regrouped."""
    return replace(full, pairs=tuple(sorted(full.pairs, key=pair_order)))


def kept_grouping(folder: Path | str, min_similarity: float, digest: bytes, count: int, documents: int, *,
                  cache_dir: Path | str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The grouping the index of `folder` keeps for `min_similarity`, when it groups the pairs whose digest
    is `digest` (`groupings.digest_of_pairs`: `count` pairs over `documents` documents) and was made by this
    engine: (each pair's group, -1 when left out; each group's number of passages; their (document number
    in sorted ids, start, end) rows). None otherwise: no index, another engine, not kept, other pairs.
    Only reads: the window asks it for the threshold it shows, and groups them itself when it is None."""
    path = index_path(folder, cache_dir)
    if not path.is_file():
        return None
    try:
        db = connect(path)
        try:
            if check(db, AlignOptions()) is not None:
                return None
            row = db.execute("SELECT pair_groups, passages FROM groupings WHERE threshold = ?",
                             (repr(float(min_similarity)),)).fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return None
    if row is None:
        return None
    try:
        return groupings.parts(row[0], row[1], digest, count, documents)
    except (ValueError, TypeError, IndexError):
        return None


def keep_grouping(folder: Path | str, min_similarity: float, digest: bytes, pair_groups: bytes,
                  passages: bytes, *, cache_dir: Path | str | None = None) -> None:
    """Keep a grouping the window made of the pairs whose digest is `digest` (the bytes `groupings.encode`
    writes, the digest first), when the index of `folder` holds those pairs (a grouping it keeps names them)
    and was made by this engine; nothing otherwise, and nothing on a write that fails: it is a cache."""
    path = index_path(folder, cache_dir)
    if not path.is_file():
        return
    with contextlib.suppress(sqlite3.DatabaseError):
        db = connect(path)
        try:
            if check(db, AlignOptions()) is not None or not db.execute(
                    "SELECT 1 FROM groupings WHERE substr(passages, 1, ?) = ? LIMIT 1",
                    (groupings.DIGEST, digest)).fetchone():
                return
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("INSERT OR REPLACE INTO groupings VALUES (?, ?, ?)",
                           (repr(float(min_similarity)), pair_groups, passages))
                db.execute("DELETE FROM groupings WHERE rowid NOT IN "
                           "(SELECT rowid FROM groupings ORDER BY rowid DESC LIMIT ?)", (GROUPINGS_KEPT,))
            except BaseException:
                db.rollback()
                raise
            db.commit()
            with contextlib.suppress(sqlite3.DatabaseError):
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()


def changes(folder: Path | str, *, cache_dir: Path | str | None = None) -> Changes:
    """What changed in `folder` since its index was last written (for a file-system watcher)."""
    index = Index.open(folder, cache_dir=cache_dir)
    try:
        return index.changes()
    finally:
        index.close()


def analyse_indexed(
    folder: Path | str, *, min_similarity: float = DEFAULT_MIN_SIMILARITY, progress: Progress | None = None,
    cancel: CancelToken | None = None, cache_dir: Path | str | None = None, follow_outside: bool = True,
) -> tuple[Alignment, list[str]]:
    """`pipeline.analyse` through the index: the alignment of `folder`, and the index's notices."""
    index = Index.open(folder, cache_dir=cache_dir, follow_outside=follow_outside)
    try:
        return index.refresh(min_similarity=min_similarity, progress=progress, cancel=cancel), index.notices
    finally:
        index.close()
