"""The alignment index of a corpus folder: SQLite in the user's cache, reopened at once, updated in place.

One database per corpus folder, named by a hash of the folder's resolved path, under
`user_cache_dir("parallax")/index/` (or `$PARALLAX_CACHE_DIR/index/`, or the `cache_dir` argument); nothing
is ever written into the folder itself. It keeps every listed file (size, mtime, content hash), every
document with its prepared tokens and candidate features, the verified sentence matches, and the finished
alignment at the engine's floor with its divergences, so that:

- reopening an unchanged folder reads the alignment back without aligning anything;
- `changes()` stats the folder and hashes only files whose size or mtime moved (a touched file whose
  content is the same is not a change);
- an update re-reads only added and changed files, and re-verifies only what they touch (see `_update`).

How an update stays equal to a full rebuild. Word weights (inverse sentence frequency) and boilerplate are
corpus-wide, so they are recomputed exactly, from what the index keeps for that: the corpus's summed
sentence frequencies (`align.sentence_terms`, updated by the documents that come and go) and each
document's sentence keys (in its features). Candidate pairs are found for the "dirty" sentences only: the
sentences of new documents, sentences whose boilerplate status flipped, and sentences on a posting list
whose length crossed the cap (which adds or removes candidates between old documents). Every kept match
is then scored again with the new weights, so similarities are exactly those of a rebuild. What is not
recomputed: candidate pairs between two untouched sentences whose summed rare-word weight crosses
`min_rare_weight` only because the weights moved. That drift is bounded by rebuilding from scratch once
the sentences touched since the last full build exceed `REBUILD_SHARE` of the corpus; the tests check
add/change/remove against a full rebuild. Cost: an update still reads back every prepared document, to
score the kept matches again and to turn matches into passages. Sentence vectors (the semantic stage) are
kept per document as float16 in `vectors`: an update embeds only the new and changed documents, and the
background of every sentence is recomputed from all the vectors, as a rebuild would.

Robustness: the schema is versioned; an index from another schema, engine (a hash of its source), engine
options or Python (marshal) version, or a damaged file, is rebuilt with a notice. Writes are single
transactions in WAL mode with a busy timeout, so a process killed while indexing leaves the previous
index intact and two processes can open one corpus. A cache folder that cannot be written falls back to
an in-memory index with a notice; a full disk keeps the result in memory with a notice. The index never
touches the user's settings (those live in Qt's settings store, not in the cache).
Imports: the standard library, platformdirs, numpy, viewer (its version), viewer.core.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from platformdirs import user_cache_dir

import viewer
from viewer.core.align import semantic
from viewer.core.align.codec import Features, decode_prepared
from viewer.core.align.passages import PreparedDocument
from viewer.core.align.pool import embed_all, paused_gc, pool_size, prepare_all, verify_all
from viewer.core.align.postings import Entries, candidates, member, sentence_offsets, skip_mask
from viewer.core.align.stages import (
    DEFAULT_MIN_SIMILARITY,
    AlignOptions,
    Match,
    boilerplate_of,
    pair_order,
    regroup,
    sentence_terms,
    weights_from_counts,
)
from viewer.core.index import records
from viewer.core.ingest import documents as loader
from viewer.core.model import (
    Alignment,
    Boilerplate,
    Corpus,
    Divergence,
    Document,
    Group,
    Pair,
    PairBasis,
    Repeat,
    Skipped,
    Span,
)
from viewer.core.pipeline import align_full, finish, judge_all, with_figures
from viewer.core.progress import CancelToken, Progress, check, report

__all__ = ["SCHEMA_VERSION", "Changes", "Index", "analyse_indexed", "cache_root", "changes", "index_path"]

SCHEMA_VERSION = 5
CACHE_ENV = "PARALLAX_CACHE_DIR"
REBUILD_SHARE = 0.1  # rebuild from scratch once updates have touched this share of the corpus's sentences
BUSY_TIMEOUT_MS = 30_000
# An update uses the process pool only for large batches: forking a process that holds the whole corpus
# costs more than it saves on a few thousand pairs (measured at 10,000 articles).
JUDGE_POOL_MIN = 1000  # pairs to judge
GROUPINGS_KEPT = 8  # thresholds whose groups the index keeps (the latest ones asked for)
VERIFY_POOL_MIN = 50_000  # candidate pairs to verify

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(name BLOB PRIMARY KEY, path TEXT NOT NULL, size INTEGER, mtime_ns INTEGER, hash TEXT);
CREATE TABLE skipped(
    seq INTEGER PRIMARY KEY, path TEXT NOT NULL, reason TEXT NOT NULL, walk INTEGER NOT NULL);
CREATE TABLE documents(
    id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT, source TEXT, date TEXT, url TEXT, text TEXT NOT NULL,
    prepared BLOB NOT NULL, features BLOB NOT NULL);
CREATE INDEX documents_path ON documents(path);
CREATE TABLE matches(
    doc_a TEXT, sent_a INTEGER, doc_b TEXT, sent_b INTEGER,
    ta0 INTEGER, ta1 INTEGER, tb0 INTEGER, tb1 INTEGER, similarity REAL);
CREATE TABLE pairs(
    a_doc TEXT, a_start INTEGER, a_end INTEGER, b_doc TEXT, b_start INTEGER, b_end INTEGER,
    similarity REAL, divergences TEXT, basis TEXT NOT NULL);
CREATE INDEX pairs_a ON pairs(a_doc, a_start);
CREATE INDEX pairs_b ON pairs(b_doc, b_start);
CREATE TABLE state(name TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE vectors(id TEXT PRIMARY KEY, digest TEXT NOT NULL, data BLOB NOT NULL);
CREATE TABLE groupings(threshold TEXT PRIMARY KEY, pair_groups BLOB NOT NULL, passages BLOB NOT NULL);
"""


# What reading a damaged index raises: SQLite's own errors, a record that fails validation
# (records.load), undecodable bytes in a blob (marshal, numpy), a row of the wrong shape.
_DAMAGE = (sqlite3.DatabaseError, ValueError, EOFError, TypeError, KeyError, IndexError)
WAL_LIMIT = 4 * 2**20  # bytes of write-ahead log kept on disk after a checkpoint
# The types of the corpus-wide state rows, checked when they are read back.
_STATE = {"repeats": tuple[Repeat, ...], "boilerplate": tuple[Boilerplate, ...], "stats": dict[str, float],
          "boiler": list[tuple[str, int]], "terms": dict[str, int]}


@dataclass(frozen=True, slots=True)
class Changes:
    """Files (paths relative to the corpus folder) added, changed in content, or removed since indexing."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def cache_root(cache_dir: Path | str | None = None) -> Path:
    """Where indexes live: `cache_dir`, else $PARALLAX_CACHE_DIR, else the platform's user cache folder."""
    if cache_dir is not None:
        return Path(cache_dir)
    return Path(os.environ.get(CACHE_ENV) or user_cache_dir("parallax"))


def index_path(folder: Path | str, cache_dir: Path | str | None = None) -> Path:
    """The database file of `folder`'s index (keyed by the folder's resolved path)."""
    key = hashlib.sha256(os.fsencode(Path(folder).resolve())).hexdigest()[:20]
    return cache_root(cache_dir) / "index" / f"{key}.sqlite"


def _fingerprint(opts: AlignOptions) -> str:
    model = semantic.installed_id() if opts.semantic else "off"
    return f"schema={SCHEMA_VERSION};python={sys.version_info[:2]};engine={_engine()};model={model};{opts!r}"


@functools.cache
def _engine() -> str:
    """A hash of the source of every module under viewer/core, so that an index written by other code
    (loading, scoring, facts) is rebuilt. Every module, not a hand-kept list: a new module cannot be
    forgotten. A frozen build has no source files: its version number stands in for them.
    """
    root = Path(__file__).resolve().parents[1]  # viewer/core
    sources = sorted(root.rglob("*.py"))
    if not sources:
        return f"v{viewer.__version__}"
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class _Stored:
    """A document as the index keeps it."""

    document: Document
    prepared: PreparedDocument
    features: Features


@dataclass
class _Listing:
    """The listed files by name (their relative path's bytes: display paths may not be unique)."""

    items: dict[bytes, loader.Listed]
    stats: dict[bytes, tuple[int, int]]  # name -> (size, mtime_ns) when listed
    walk_skipped: list[Skipped]


@dataclass
class _Found:
    """What changed since the index was written, by file name, and the fingerprints computed to decide."""

    changes: Changes
    added: list[bytes]
    changed: list[bytes]
    hashes: dict[bytes, str]


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
        self.vectors = _StoredVectors(self)
        self._full: Alignment | None = None  # every pair at the floor, ungrouped: `regroup` groups them
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
            db = _connect(path)
            problem = _check(db, opts)
            if problem:
                db.close()
                notices.append(f"The index of this folder {problem}; it is rebuilt.")
                _delete(path)
                db = _connect(path)
            _create(db, opts, root)
        except sqlite3.DatabaseError as error:
            # A full disk, a cache folder that cannot be written, or an index path that is not a file
            # (a folder in its place) is no damage to repair: the index stays in memory.
            if _is_full(error) or not path.is_file() or not _writable(path.parent):
                return cls._in_memory(root, opts, notices, error)
            notices.append(f"The index of this folder was damaged ({_one_line(error)}); it is rebuilt.")
            try:
                _delete(path)
                db = _connect(path)
                _create(db, opts, root)
            except (sqlite3.DatabaseError, OSError) as again:
                return cls._in_memory(root, opts, notices, again)
        except OSError as error:
            return cls._in_memory(root, opts, notices, error)
        return cls(root, db, path, opts, notices)

    @classmethod
    def _in_memory(cls, root: Path, opts: AlignOptions, notices: list[str], error: BaseException) -> Index:
        notices.append(_memory_notice(error))
        db = sqlite3.connect(":memory:", check_same_thread=False)
        _create(db, opts, root)
        return cls(root, db, None, opts, notices)

    def close(self) -> None:
        self._checkpoint()
        self.db.close()

    @property
    def in_memory(self) -> bool:
        return self.path is None

    @property
    def built(self) -> bool:
        return self._meta("built") == "1"

    # ---------------------------------------------------------------------------------------- reading

    def alignment(self, min_similarity: float = DEFAULT_MIN_SIMILARITY) -> Alignment | None:
        """The stored alignment at `min_similarity` (None before the first build); aligns nothing.

        A damaged index found while reading it is emptied (with a notice), so this returns None then.
        """
        if self._full is None:
            try:
                if not self.built:
                    return None
                self._full = self._read_full()
            except _DAMAGE as error:
                self._reset(error)
                return None
        return self._grouped(min_similarity)

    def parallels(self, doc_id: str, start: int, end: int) -> list[Pair]:
        """Stored pairs (at the floor) with a side in `doc_id` overlapping [start, end): a click's result."""
        columns = _PAIR_COLUMNS
        rows = self.db.execute(
            f"SELECT {columns} FROM pairs WHERE a_doc = ?1 AND a_start < ?3 AND a_end > ?2 "
            f"UNION ALL SELECT {columns} FROM pairs WHERE b_doc = ?1 AND b_start < ?3 AND b_end > ?2",
            (doc_id, start, end),
        ).fetchall()
        return sorted((_pair(row) for row in rows), key=lambda p: -p.similarity)

    def changes(self) -> Changes:
        """What changed in the folder since it was indexed (everything is `added` before the first build)."""
        return self._changes(_list(self.folder, self.follow_outside)).changes

    # ---------------------------------------------------------------------------------------- writing

    def refresh(
        self, *, min_similarity: float = DEFAULT_MIN_SIMILARITY, progress: Progress | None = None,
        cancel: CancelToken | None = None, workers: int | None = None,
        on_corpus: Callable[[Corpus], None] | None = None,
        preview: Callable[[Alignment], None] | None = None, preview_from: int | None = None,
    ) -> Alignment:
        """The folder's alignment, brought up to date: read back, updated, or built, whichever is needed.

        `on_corpus` receives the documents as soon as they are known (read back, or read from the folder
        before aligning), so that a caller can show them meanwhile without reading the folder itself.
        `preview` receives the lexical alignment (at the floor, ungrouped, judged) before the sentence model
        runs, when a build has `preview_from` sentences or more to embed (see `pipeline.align_full`); an
        update embeds only new documents and has no preview.

        Damage found on the way (the index is not checked page by page when it is opened: that reads the
        whole file, seconds for a large corpus) empties the index with a notice and builds it again.
        """
        self._on_corpus, self._preview, self._preview_from = on_corpus, preview, preview_from
        try:
            with paused_gc():
                out = self._refresh(min_similarity, progress, cancel, workers)
        finally:
            self._on_corpus = self._preview = self._preview_from = None
        if (why := semantic.notice()) is not None:  # once per process: the model could not be used
            self.notices.append(why[0].upper() + why[1:] + ".")
        return out

    def _refresh(self, min_similarity: float, progress: Progress | None, cancel: CancelToken | None,
                 workers: int | None) -> Alignment:
        listing = _list(self.folder, self.follow_outside)
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
                self._full = self._update(listing, found, progress, cancel, workers)
                self._corpus_known(self._full.corpus)
                return self._grouped(min_similarity)
        except _DAMAGE as error:
            self._reset(error)
        self._full = self._build(listing, progress, cancel, workers)
        return self._grouped(min_similarity)

    def _corpus_known(self, corpus: Corpus) -> None:
        if self._on_corpus is not None:
            self._on_corpus(corpus)

    def _few_touched(self) -> bool:
        """Whether updates since the last full build touched few enough sentences for another update."""
        return int(self._meta("touched") or 0) <= REBUILD_SHARE * int(self._meta("sentences") or 1)

    def _reset(self, error: BaseException) -> None:
        """Empty a damaged index (delete and recreate its file), with a notice."""
        self._full = None
        self.db.close()
        if self.path is not None and not _is_full(error):
            self.notices.append(f"The index of this folder was damaged ({_one_line(error)}); it is rebuilt.")
            try:
                _delete(self.path)
                self.db = _connect(self.path)
                _create(self.db, self.options, self.folder)
                return
            except (sqlite3.DatabaseError, OSError) as again:
                error = again
        self.notices.append(_memory_notice(error))
        self.path = None
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        _create(self.db, self.options, self.folder)

    def rebuild(self, *, min_similarity: float = DEFAULT_MIN_SIMILARITY, progress: Progress | None = None,
                cancel: CancelToken | None = None, workers: int | None = None) -> Alignment:
        """Align the whole folder from scratch and replace the index."""
        with paused_gc():
            self._full = self._build(_list(self.folder, self.follow_outside), progress, cancel, workers)
        return self._grouped(min_similarity)

    def _grouped(self, min_similarity: float) -> Alignment:
        """The stored pairs grouped at `min_similarity`: the groups the index keeps for that threshold, or
        `regroup`ed (and then kept), so that a reopen groups nothing. A grouping that fails its checks is
        grouped again: it is a cache of `regroup`, never the only copy of anything."""
        assert self._full is not None
        key = repr(float(min_similarity))
        row = self.db.execute("SELECT pair_groups, passages FROM groupings WHERE threshold = ?",
                              (key,)).fetchone()
        if row is not None:
            with contextlib.suppress(ValueError, TypeError, IndexError):
                return _decode_grouping(self._full, min_similarity, *row)
        grouped = regroup(self._full, min_similarity)
        encoded = _encode_grouping(self._full, grouped)
        if encoded is not None:
            def write(db: sqlite3.Connection) -> None:
                db.execute("INSERT OR REPLACE INTO groupings VALUES (?, ?, ?)", (key, *encoded))
                db.execute("DELETE FROM groupings WHERE rowid NOT IN "
                           "(SELECT rowid FROM groupings ORDER BY rowid DESC LIMIT ?)", (GROUPINGS_KEPT,))

            self._transaction(write)
        return grouped

    def _build(self, listing: _Listing, progress: Progress | None, cancel: CancelToken | None,
               workers: int | None) -> Alignment:
        # The content hash of each file is the loader's, of exactly the bytes it parsed: hashing in a read
        # of its own could pair new bytes with old text (a file edited meanwhile) and would read files the
        # loader skips unread (a video of gigabytes).
        reads = loader.read_files(list(listing.items.values()), progress=progress, cancel=cancel)
        corpus = loader.corpus_of(self.folder, reads, listing.walk_skipped)
        self._corpus_known(corpus)
        self.vectors.current.clear()
        full, done = align_full(corpus, self.options, workers=workers, progress=progress, cancel=cancel,
                                store=self.vectors, preview=self._preview, preview_from=self._preview_from)
        hashes = _take_reads(listing, reads)
        docs = done.prepared.documents
        read_skips = [s for s in corpus.skipped if s not in listing.walk_skipped]

        def write(db: sqlite3.Connection) -> None:
            for table in ("files", "skipped", "documents", "matches", "pairs", "state"):
                db.execute(f"DELETE FROM {table}")
            _insert_documents(db, corpus.documents, done.prepared.blobs, done.prepared.feature_blobs)
            # The vectors were stored as they were computed (`_StoredVectors.keep`): only those of files
            # gone, and any a failed write did not store, are left to do.
            db.execute("DELETE FROM vectors WHERE id NOT IN (SELECT id FROM documents)")
            if done.vectors is None:
                db.execute("DELETE FROM vectors")
            else:
                left = [k for k, d in enumerate(corpus.documents) if d.id not in self.vectors.current]
                _insert_vectors(db, [corpus.documents[k] for k in left], [done.vectors[k] for k in left])
            _insert_skipped(db, listing.walk_skipped, read_skips)
            _insert_matches(db, docs, done.matches)
            self._write_result(db, full, listing, hashes, touched=0,
                               boiler=[(docs[di].doc_id, si) for di, si in sorted(done.boiler)],
                               terms=done.prepared.terms)

        self._transaction(write)
        return full

    def _update(self, listing: _Listing, found: _Found, progress: Progress | None,
                cancel: CancelToken | None, workers: int | None) -> Alignment:
        """Take in added, changed and removed files, re-verifying only what they touch (see module doc)."""
        opts = self.options
        report(progress, "Updating the index", 0, 1)
        gone = set(found.changes.removed) | set(found.changes.changed)
        old = self._read_documents()
        reads = loader.read_files([listing.items[n] for n in sorted({*found.added, *found.changed})],
                                  cancel=cancel)
        hashes = {**found.hashes, **_take_reads(listing, reads)}
        new_docs = loader.unique_ids([d for r in reads for d in r.documents])
        new_skips = [s for r in reads for s in r.skipped]
        check(cancel)
        fresh = prepare_all(new_docs, opts)
        entries_by_id = {doc_id: e for doc_id, e in old.items() if e.document.path not in gone}
        for i, d in enumerate(new_docs):
            entries_by_id[d.id] = _Stored(d, fresh.documents[i], fresh.features[i])
        ids = sorted(entries_by_id)
        stored = [entries_by_id[i] for i in ids]
        docs = [e.prepared for e in stored]
        position = {doc_id: k for k, doc_id in enumerate(ids)}

        # Word weights and boilerplate from what the index keeps per document: the stored sentence
        # frequencies less those of the documents that went, plus the new ones; the sentence keys.
        terms: Counter[str] = Counter(self._state("terms"))
        for e in old.values():
            if e.document.path in gone:
                terms.subtract(sentence_terms(e.prepared))
        terms.update(fresh.terms)
        terms = +terms  # without the words no sentence holds any more
        weights = weights_from_counts(terms, sum(len(d.sentences) for d in docs))
        boiler = boilerplate_of([e.features.sentence_keys.tolist() for e in stored],
                                [e.document.source for e in stored], opts)
        offsets = sentence_offsets([len(d.sentences) for d in docs])
        entries = Entries([e.features for e in stored], offsets, skip_mask(offsets, boiler))

        # Dirty sentences get their candidates counted again: those of new documents, those whose
        # boilerplate status flipped, and those on a posting list that crossed the cap.
        old_boiler = set(self._state("boiler"))  # (document id, sentence index)
        was_boiler = {(position[doc_id], si) for doc_id, si in old_boiler if doc_id in position}
        dirty = np.zeros(int(offsets[-1]) + 1, dtype=bool)
        for k, doc_id in enumerate(ids):
            if doc_id not in old or old[doc_id].document.path in gone:
                dirty[offsets[k] : offsets[k + 1]] = True
        for di, si in was_boiler ^ boiler:
            dirty[offsets[di] + si] |= ids[di] in old
        # The entries that left the posting lists: those of the documents that went (but their
        # boilerplate, which was not indexed), and those of sentences that became boilerplate.
        went = {doc_id for doc_id, e in old.items() if e.document.path in gone}
        left: dict[str, set[int]] = {
            doc_id: {si for si in range(len(old[doc_id].features.sentence_keys))
                     if (doc_id, si) not in old_boiler}
            for doc_id in went
        }
        for di, si in boiler - was_boiler:
            if ids[di] in old and ids[di] not in went:
                left.setdefault(ids[di], set()).add(si)
        dirty[_crossed_postings(entries, dirty, [(old[i].features, sents) for i, sents in left.items()],
                                opts.max_postings)] = True

        def clean(m: Match) -> bool:
            return not (dirty[offsets[m.doc_a] + m.sent_a] or dirty[offsets[m.doc_b] + m.sent_b])

        # Kept matches are scored again (weights moved), with the candidates of dirty sentences.
        kept = [(m.doc_a, m.sent_a, m.doc_b, m.sent_b) for m in self._read_matches(position) if clean(m)]
        rows = candidates(entries.restricted(dirty), weights, opts, involving=dirty)
        rows = np.concatenate([np.array(kept, dtype=np.int64).reshape(-1, 4), rows])
        check(cancel)
        vectors, fresh_vectors = self._vectors(stored, new_docs, fresh.documents, cancel)
        n_workers = pool_size(len(rows), workers, small=VERIFY_POOL_MIN)
        matches = verify_all(docs, rows, weights, opts, vectors=vectors, workers=n_workers, cancel=cancel)
        skips = self._read_skips(gone, walk=False) + new_skips
        all_skipped = _skipped(listing.walk_skipped, skips)
        corpus = Corpus(loader.shown_path(self.folder), tuple(e.document for e in stored), all_skipped)
        full = finish(corpus, docs, matches, boiler, opts)
        changed_ids = {i for i in ids if i in old and old[i].document.path in gone}
        full = with_figures(self._judge(full, changed_ids, progress, cancel))
        check(cancel)
        touched = int(self._meta("touched") or 0) + int(dirty.sum())

        def write(db: sqlite3.Connection) -> None:
            for rel in gone:
                db.execute("DELETE FROM documents WHERE path = ?", (rel,))
            db.execute("DELETE FROM skipped")
            db.execute("DELETE FROM matches")
            _insert_documents(db, new_docs, fresh.blobs, fresh.feature_blobs)
            db.execute("DELETE FROM vectors WHERE id NOT IN (SELECT id FROM documents)")
            _insert_vectors(db, new_docs, fresh_vectors)
            _insert_skipped(db, listing.walk_skipped, skips)
            _insert_matches(db, docs, matches)
            self._write_result(db, full, listing, hashes, touched=touched,
                               boiler=[(ids[di], si) for di, si in sorted(boiler)], terms=terms)

        self._transaction(write)
        return full

    def _vectors(self, stored: Sequence[_Stored], new_docs: Sequence[Document],
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
            if v is not None and len(v) == len(e.prepared.sentences):
                by_id[e.document.id] = v
        if any(e.document.id not in by_id for e in stored):  # built without the model: a rebuild embeds all
            return None, None
        return semantic.Vectors.of([by_id[e.document.id] for e in stored]), fresh

    def _judge(self, full: Alignment, changed: set[str], progress: Progress | None,
               cancel: CancelToken | None) -> Alignment:
        """Divergences of every pair: read back for stored pairs of unchanged documents, else computed."""
        known = {
            (p.a, p.b): p.links for p in self._read_pairs() if p.basis == PairBasis.WORDING
            if p.a.doc not in changed and p.b.doc not in changed
        }
        fresh = [p for p in full.pairs if (p.a, p.b) not in known]
        workers = pool_size(len(fresh), small=JUDGE_POOL_MIN)
        judged = judge_all(replace(full, pairs=tuple(fresh)), workers=workers, progress=progress,
                           cancel=cancel)
        known.update({(p.a, p.b): p.links for p in judged.pairs})
        return replace(full, pairs=tuple(p.with_links(known[(p.a, p.b)]) for p in full.pairs))

    def _write_result(self, db: sqlite3.Connection, full: Alignment, listing: _Listing,
                      hashes: dict[bytes, str], touched: int, boiler: list[tuple[str, int]],
                      terms: Counter[str]) -> None:
        db.execute("DELETE FROM pairs")
        db.execute("DELETE FROM groupings")  # they number these pairs
        db.executemany(
            "INSERT INTO pairs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((p.a.doc, p.a.start, p.a.end, p.b.doc, p.b.start, p.b.end, p.similarity,
              records.dump(p.links) if p.links else None, p.basis.value) for p in full.pairs),
        )
        state = {"repeats": full.repeats, "boilerplate": full.boilerplate, "stats": full.stats,
                 "boiler": boiler, "terms": dict(terms)}
        db.executemany("INSERT OR REPLACE INTO state VALUES (?, ?)",
                       ((k, records.dump(v)) for k, v in state.items()))
        self._write_files(db, listing, hashes)
        sentences = int(full.stats.get("sentences", 0))
        for key, value in (("built", "1"), ("touched", str(touched)), ("sentences", str(sentences)),
                           ("updated", str(time.time()))):
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def _write_files(self, db: sqlite3.Connection, listing: _Listing, hashes: dict[bytes, str]) -> None:
        known = dict(db.execute("SELECT name, hash FROM files").fetchall())
        db.execute("DELETE FROM files")
        db.executemany(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?)",
            ((name, listing.items[name].rel, size, mtime, hashes.get(name) or known.get(name))
             for name, (size, mtime) in listing.stats.items()),
        )

    def _write_stats(self, listing: _Listing, hashes: dict[bytes, str]) -> None:
        """Remember new mtimes of files whose content did not change, so they are not hashed again."""
        if hashes and not self.in_memory:
            self._transaction(lambda db: self._write_files(db, listing, hashes))

    def _transaction(self, write: Callable[[sqlite3.Connection], object]) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                write(self.db)
            except BaseException:
                self.db.rollback()
                raise
            self.db.commit()
        except sqlite3.DatabaseError as error:  # a full disk, a file made read-only, a damaged page
            cause = "the disk is full" if _is_full(error) else _one_line(error)
            self.notices.append(f"The index could not be saved ({cause}); the result is kept in memory.")
        finally:
            self._checkpoint()

    def _checkpoint(self) -> None:
        """Copy the write-ahead log into the database and truncate it, so that no log of tens of megabytes
        stays beside the index after a build (or after a failed one on a full disk)."""
        if self.path is not None:
            with contextlib.suppress(sqlite3.DatabaseError):
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # ---------------------------------------------------------------------------------------- helpers

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _changes(self, listing: _Listing) -> _Found:
        """Changes against the stored file table (by file name bytes), and the fingerprints computed to
        decide them: only of files whose size or mtime moved, and only what the loader would read."""
        stored = {bytes(row[0]): row[1:] for row in
                  self.db.execute("SELECT name, path, size, mtime_ns, hash FROM files")}
        if not self.built:
            added = sorted(listing.items)
            return _Found(Changes(added=tuple(sorted(listing.items[n].rel for n in added))), added, [], {})
        added, changed, hashes = [], [], {}
        for name, stat in listing.stats.items():
            if name not in stored:
                added.append(name)
            elif (stored[name][1], stored[name][2]) != stat:
                hashes[name] = loader.fingerprint(listing.items[name].path)
                if hashes[name] != stored[name][3]:
                    changed.append(name)
        removed = sorted(str(stored[n][0]) for n in set(stored) - set(listing.stats))
        rels = lambda names: tuple(sorted(listing.items[n].rel for n in names))  # noqa: E731
        return _Found(Changes(rels(added), rels(changed), tuple(removed)), added, changed, hashes)

    def _read_full(self) -> Alignment:
        docs = [
            Document(*_checked(row, _DOCUMENT_ROW)) for row in self.db.execute(
                "SELECT id, path, title, source, date, url, text FROM documents ORDER BY id")
        ]
        skips = (self._read_skips(set()) if self._walk is None
                 else [*self._walk, *self._read_skips(set(), walk=False)])
        corpus = Corpus(loader.shown_path(self.folder), tuple(docs), _skipped([], skips))
        pairs = tuple(sorted(self._read_pairs(), key=pair_order))  # grouped by `_grouped`
        return Alignment(corpus, self.options.floor, pairs, (), self._state("repeats"),
                         self._state("boilerplate"), self._state("stats"))

    def _read_pairs(self) -> list[Pair]:
        return [_pair(row) for row in self.db.execute(f"SELECT {_PAIR_COLUMNS} FROM pairs")]

    def _state(self, name: str) -> Any:
        row = self.db.execute("SELECT data FROM state WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise ValueError(f"no {name} in the index")
        return records.load(row[0], _STATE[name])

    def _read_documents(self) -> dict[str, _Stored]:
        out = {}
        for row in self.db.execute(
            "SELECT id, path, title, source, date, url, text, prepared, features FROM documents ORDER BY id"
        ):
            document = Document(*_checked(row[:7], _DOCUMENT_ROW))
            out[row[0]] = _Stored(document, decode_prepared(row[7]), Features.from_bytes(row[8]))
        return out

    def _read_matches(self, position: dict[str, int]) -> list[Match]:
        out = []
        for da, sa, db_, sb, a0, a1, b0, b1, sim in self.db.execute("SELECT * FROM matches"):
            if da in position and db_ in position:
                out.append(Match(position[da], sa, position[db_], sb, (a0, a1), (b0, b1), sim))
        return out

    def _read_skips(self, without: set[str], *, walk: bool = True) -> list[Skipped]:
        """Stored skip reasons in the loader's order (walk first), but those of `without` files."""
        rows = self.db.execute("SELECT path, reason, walk FROM skipped ORDER BY seq")
        return [Skipped(p, r) for p, r, w in (_checked(row, (str, str, int)) for row in rows)
                if p not in without and (walk or not w)]


# -------------------------------------------------------------------------------------------- functions


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


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT}")
    return db


def _check(db: sqlite3.Connection, opts: AlignOptions) -> str | None:
    """Why an existing database cannot be used as it is (None when it can, or when it is new)."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return None
    if "meta" not in tables:
        return "is not a Parallax index"
    row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    if row is None or row[0] != _fingerprint(opts):
        return "was written by another version of Parallax"
    return None


def _create(db: sqlite3.Connection, opts: AlignOptions, folder: Path) -> None:
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            for statement in filter(str.strip, _SCHEMA.split(";")):
                db.execute(statement)
            shown = loader.shown_path(folder.resolve())
            db.executemany("INSERT INTO meta VALUES (?, ?)",
                           (("fingerprint", _fingerprint(opts)), ("folder", shown)))
        db.commit()
    except BaseException:
        db.rollback()
        raise


def _delete(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


def _list(folder: Path, follow_outside: bool) -> _Listing:
    files, walk_skipped = loader.list_files(folder, None, follow_outside=follow_outside)
    items, stats = {}, {}
    for item in files:
        try:
            info = item.path.stat()
        except OSError:
            info = None
        items[item.name] = item
        stats[item.name] = (info.st_size, info.st_mtime_ns) if info else (-1, -1)
    return _Listing(items, stats, walk_skipped)


def _skipped(walk: Iterable[Skipped], read: Iterable[Skipped]) -> tuple[Skipped, ...]:
    return tuple(sorted([*walk, *read], key=lambda s: s.path))


def _insert_documents(db: sqlite3.Connection, documents: Sequence[Document], blobs: Sequence[bytes],
                      feature_blobs: Sequence[bytes]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((d.id, d.path, d.title, d.source, d.date, d.url, d.text, b, f)
         for d, b, f in zip(documents, blobs, feature_blobs, strict=True)),
    )


def _insert_vectors(db: sqlite3.Connection, documents: Sequence[Document],
                    vectors: Sequence[np.ndarray] | None) -> None:
    if vectors is not None:
        db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                       ((d.id, _digest(d), semantic.to_stored(v).tobytes())
                        for d, v in zip(documents, vectors, strict=True)))


def _digest(document: Document) -> str:
    """What a document's stored vectors were computed from: its text (the sentences are cut from it by the
    engine, whose source the index's fingerprint covers)."""
    return hashlib.blake2b(document.text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class _StoredVectors:
    """The index's `vectors` table as the pool's VectorStore: each document's sentence vectors under its id
    and the digest of its text, committed as each embedding task finishes, so that a build or an update
    killed in the semantic stage resumes where it stopped and embeds only what is missing."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.current: set[str] = set()  # documents whose stored vectors were found or written (this build)

    def known(self, documents: Sequence[Document]) -> list[np.ndarray | None]:
        wanted = {d.id: _digest(d) for d in documents}
        found: dict[str, np.ndarray] = {}
        try:
            for doc_id, digest, data in self.index.db.execute("SELECT id, digest, data FROM vectors"):
                if wanted.get(doc_id) == digest and isinstance(data, bytes):
                    with contextlib.suppress(ValueError):  # a damaged row: computed again
                        found[doc_id] = _vectors_from(data)
        except sqlite3.DatabaseError:  # unreadable: everything is computed again, the final write says more
            return [None] * len(documents)
        self.current.update(found)
        return [found.get(d.id) for d in documents]

    def keep(self, documents: Sequence[Document], vectors: Sequence[np.ndarray]) -> None:
        db = self.index.db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                _insert_vectors(db, documents, vectors)
            except BaseException:
                db.rollback()
                raise
            db.commit()
        except sqlite3.DatabaseError:  # a full disk: the build goes on, and its final write tells the user
            return
        self.current.update(d.id for d in documents)


def _vectors_from(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float16).reshape(-1, semantic.DIMENSION)


def _insert_skipped(db: sqlite3.Connection, walk: Sequence[Skipped], read: Sequence[Skipped]) -> None:
    db.executemany("INSERT INTO skipped(path, reason, walk) VALUES (?, ?, ?)",
                   [(s.path, s.reason, 1) for s in walk] + [(s.path, s.reason, 0) for s in read])


def _insert_matches(db: sqlite3.Connection, docs: Sequence[PreparedDocument], matches: Sequence[Match]
                    ) -> None:
    db.executemany(
        "INSERT INTO matches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((docs[m.doc_a].doc_id, m.sent_a, docs[m.doc_b].doc_id, m.sent_b, *m.tokens_a, *m.tokens_b,
          m.similarity) for m in matches),
    )


def _counts(keys: np.ndarray, of: np.ndarray) -> np.ndarray:
    """How many times each of the sorted, distinct values `of` occurs in `keys`."""
    where = np.searchsorted(of, keys)
    inside = where < len(of)
    inside[inside] = of[where[inside]] == keys[inside]
    return np.bincount(where[inside], minlength=len(of))


def _pair(row: tuple) -> Pair:
    a_doc, a_start, a_end, b_doc, b_start, b_end, similarity, divergences, basis = _checked(row, _PAIR_ROW)
    return Pair(Span(a_doc, a_start, a_end), Span(b_doc, b_start, b_end), similarity,
                basis=PairBasis(basis)).with_links(
        records.load(divergences, tuple[Divergence, ...]) if divergences else ())


def _encode_grouping(full: Alignment, grouped: Alignment) -> tuple[bytes, bytes] | None:
    """`grouped` (a `regroup` of `full`) as bytes: the group of each pair of `full` in its order (-1: not
    kept at that threshold), int32; and the groups' passages, int64: the number of groups, each one's
    number of passages, then (document, start, end) triples, documents numbered in sorted id order.
    None when `grouped` is not such a regroup (a pair not in `full`, or out of its order)."""
    position = {pair_order(p): i for i, p in enumerate(full.pairs)}
    group_of = np.full(len(full.pairs), -1, dtype=np.int32)
    last = -1
    for p in grouped.pairs:
        i = position.get(pair_order(p), -1)
        if i <= last:
            return None
        group_of[i], last = p.group, i
    if any(g.id != k for k, g in enumerate(grouped.groups)):
        return None
    doc = {d: k for k, d in enumerate(sorted(d.id for d in full.corpus.documents))}
    passages = [len(grouped.groups), *(len(g.passages) for g in grouped.groups)]
    passages += [v for g in grouped.groups for s in g.passages for v in (doc[s.doc], s.start, s.end)]
    return group_of.tobytes(), np.array(passages, dtype=np.int64).tobytes()


def _decode_grouping(full: Alignment, min_similarity: float, pair_groups: bytes, passages: bytes
                     ) -> Alignment:
    """The alignment `_encode_grouping` encoded, on the pairs of `full`; ValueError when the bytes do not
    fit them (another set of pairs, a damaged row)."""
    if not isinstance(pair_groups, bytes) or not isinstance(passages, bytes):
        raise ValueError("a grouping of the index is not bytes")
    group_of = np.frombuffer(pair_groups, dtype=np.int32)
    data = np.frombuffer(passages, dtype=np.int64)
    n = int(data[0])
    counts = data[1 : 1 + n]
    spans = data[1 + n :].reshape(-1, 3)
    ids = sorted(d.id for d in full.corpus.documents)
    if (len(group_of) != len(full.pairs) or n < 0 or len(counts) != n or int(counts.sum()) != len(spans)
            or (len(group_of) and int(group_of.max()) >= n) or (len(spans) and (
                spans[:, 0].min() < 0 or spans[:, 0].max() >= len(ids)))):
        raise ValueError("a grouping of the index does not fit its pairs")
    kept = np.flatnonzero(group_of >= 0).tolist()
    pairs = tuple(replace(full.pairs[i], group=int(g)) for i, g in zip(kept, group_of[kept].tolist(),
                                                                        strict=True))
    bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
    rows = spans.tolist()
    groups = tuple(Group(k, tuple(Span(ids[d], s, e) for d, s, e in rows[bounds[k] : bounds[k + 1]]))
                   for k in range(n))
    return replace(full, min_similarity=min_similarity, pairs=pairs, groups=groups)


_PAIR_COLUMNS = "a_doc, a_start, a_end, b_doc, b_start, b_end, similarity, divergences, basis"
_PAIR_ROW = (str, int, int, str, int, int, float, (str, type(None)), str)
_DOCUMENT_ROW = (str, str, str, str, (str, type(None)), str, str)


def _checked(row: Sequence[Any], kinds: Sequence[type | tuple[type, ...]]) -> Sequence[Any]:
    """`row` when each column holds what the schema says (SQLite would store anything), else ValueError."""
    if len(row) != len(kinds) or not all(isinstance(v, k) for v, k in zip(row, kinds, strict=True)):
        raise ValueError("a row of the index does not have the expected types")
    return row


def _take_reads(listing: _Listing, reads: Sequence[loader.FileRead]) -> dict[bytes, str]:
    """The content hashes of files just read; their size and mtime as read replace the listed ones."""
    for read in reads:
        if read.size >= 0:
            listing.stats[read.name] = (read.size, read.mtime_ns)
    return {read.name: read.digest for read in reads}


def _is_full(error: BaseException) -> bool:
    return (getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
            or getattr(error, "errno", None) == errno.ENOSPC or "disk is full" in str(error))


def _one_line(error: BaseException | str) -> str:
    return " ".join(str(error).split())[:200]


def _memory_notice(error: BaseException) -> str:
    cause = "the disk is full" if _is_full(error) else _one_line(error)
    return (f"The index cannot be saved in the cache folder ({cause}); this session keeps it in memory "
            "and the folder will be aligned again next time.")


def _crossed_postings(new: Entries, arrived: np.ndarray, left: Sequence[tuple[Features, set[int]]], cap: int
                      ) -> np.ndarray:
    """Sentence ids (in `new`) on posting lists whose length crossed the cap in an update.

    `arrived` marks the sentences whose entries are new to the lists; `left` gives, per document, the
    features and the sentences whose entries are gone. Only lists holding one of those changed length:
    their length before is their length now, less what arrived, plus what left.
    """
    out = []
    for field, keys_new, sids_new in (("sh", new.sh, new.sh_sid), ("w", new.w, new.w_sid)):
        came = keys_new[arrived[sids_new]]
        went = _concat_entries(left, field, keys_new.dtype)
        touched = np.union1d(came, went)
        c_new = _counts(keys_new, touched)
        c_old = c_new - _counts(came, touched) + _counts(went, touched)
        crossed = touched[(c_old <= cap) != (c_new <= cap)]
        # A list that now has more than `cap` entries lost the pairs it gave before; one that fell back
        # under the cap gives pairs again: either way the sentences on it need their candidates recounted.
        if len(crossed):
            out.append(sids_new[member(keys_new, crossed)])
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def _concat_entries(left: Sequence[tuple[Features, set[int]]], field: str, dtype: np.dtype) -> np.ndarray:
    """The shingle ("sh") or word ("w") hashes of the given sentences of each document."""
    parts = [np.zeros(0, dtype=dtype)]
    for f, sentences in left:
        keys, sents = (f.shingles, f.shingle_sent) if field == "sh" else (f.words, f.word_sent)
        parts.append(keys[np.isin(sents, list(sentences))].astype(dtype))
    return np.concatenate(parts)
