"""The SQLite file of an index: where it lives, its tables, opening and creating it, and when it is stale.

One database per corpus folder, named by a hash of the folder's resolved path, under
`user_cache_dir("parallax")/index/` (or `$PARALLAX_CACHE_DIR/index/`, or a `cache_dir` argument). The
schema is versioned and every database carries a fingerprint (schema, Python, engine source, sentence
model, engine options): `check` says why a database cannot be used, and the front rebuilds it then.
Connections run in WAL mode with a busy timeout, so two processes can open one corpus. What reading a
damaged index raises is `DAMAGE`; a full disk is told apart from damage (`is_full`).
Imports: the standard library, platformdirs, viewer (its version), viewer.core (align: the options and the
model's id; ingest: how a folder is shown).
"""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

import viewer
from viewer.core.align import semantic
from viewer.core.align.stages import AlignOptions
from viewer.core.ingest import documents as loader

__all__ = ["CACHE_ENV", "DAMAGE", "SCHEMA_VERSION", "WAL_LIMIT", "cache_root", "check", "checked",
           "connect", "create", "delete", "fingerprint", "index_path", "is_full", "memory_notice", "one_line",
           "writable"]

SCHEMA_VERSION = 7
CACHE_ENV = "PARALLAX_CACHE_DIR"
BUSY_TIMEOUT_MS = 30_000
WAL_LIMIT = 4 * 2**20  # bytes of write-ahead log kept on disk after a checkpoint

SCHEMA = """
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
CREATE TABLE pairs(name TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE state(name TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE vectors(id TEXT PRIMARY KEY, digest TEXT NOT NULL, data BLOB NOT NULL);
CREATE TABLE groupings(threshold TEXT PRIMARY KEY, pair_groups BLOB NOT NULL, passages BLOB NOT NULL);
CREATE TABLE fact_spans(id TEXT PRIMARY KEY, digest TEXT NOT NULL, data BLOB NOT NULL);
"""

# What reading a damaged index raises: SQLite's own errors, a record that fails validation
# (records.load), undecodable bytes in a blob (marshal, numpy), a row of the wrong shape.
DAMAGE = (sqlite3.DatabaseError, ValueError, EOFError, TypeError, KeyError, IndexError)


def cache_root(cache_dir: Path | str | None = None) -> Path:
    """Where indexes live: `cache_dir`, else $PARALLAX_CACHE_DIR, else the platform's user cache folder."""
    if cache_dir is not None:
        return Path(cache_dir)
    return Path(os.environ.get(CACHE_ENV) or user_cache_dir("parallax"))


def index_path(folder: Path | str, cache_dir: Path | str | None = None) -> Path:
    """The database file of `folder`'s index (keyed by the folder's resolved path)."""
    key = hashlib.sha256(os.fsencode(Path(folder).resolve())).hexdigest()[:20]
    return cache_root(cache_dir) / "index" / f"{key}.sqlite"


def fingerprint(opts: AlignOptions) -> str:
    """What an index was written by; an index with another fingerprint is rebuilt."""
    model = semantic.installed_id() if opts.semantic else "off"
    return f"schema={SCHEMA_VERSION};python={sys.version_info[:2]};engine={engine()};model={model};{opts!r}"


@functools.cache
def engine() -> str:
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


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT}")
    return db


def check(db: sqlite3.Connection, opts: AlignOptions) -> str | None:
    """Why an existing database cannot be used as it is (None when it can, or when it is new)."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return None
    if "meta" not in tables:
        return "is not a Parallax index"
    row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    if row is None or row[0] != fingerprint(opts):
        return "was written by another version of Parallax"
    return None


def create(db: sqlite3.Connection, opts: AlignOptions, folder: Path) -> None:
    """Make the tables of a new database (nothing when they are there, made meanwhile by another process)."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            for statement in filter(str.strip, SCHEMA.split(";")):
                db.execute(statement)
            shown = loader.shown_path(folder.resolve())
            db.executemany("INSERT INTO meta VALUES (?, ?)",
                           (("fingerprint", fingerprint(opts)), ("folder", shown)))
        db.commit()
    except BaseException:
        db.rollback()
        raise


def delete(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


def checked(row: Sequence[Any], kinds: Sequence[type | tuple[type, ...]]) -> Sequence[Any]:
    """`row` when each column holds what the schema says (SQLite would store anything), else ValueError."""
    # map: the checks run in C (a reopen checks every stored pair)
    if len(row) != len(kinds) or not all(map(isinstance, row, kinds)):
        raise ValueError("a row of the index does not have the expected types")
    return row


def is_full(error: BaseException) -> bool:
    return (getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
            or getattr(error, "errno", None) == errno.ENOSPC or "disk is full" in str(error))


def one_line(error: BaseException | str) -> str:
    return " ".join(str(error).split())[:200]


def memory_notice(error: BaseException) -> str:
    cause = "the disk is full" if is_full(error) else one_line(error)
    return (f"The index cannot be saved in the cache folder ({cause}); this session keeps it in memory "
            "and the folder will be aligned again next time.")
