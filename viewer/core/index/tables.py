"""The index's rows in and out: each table's records written, and read back checked against the schema.

Functions over an open connection, no transactions of their own (the front, `store.Index`, wraps the
writes of a build or an update in one). The pairs with their divergences are one blob of columns
(`columns`), the corpus-wide state JSON (`records`), never pickles; prepared documents and features are
the codec's bytes; every row read is type-checked (`schema.checked`), so a damaged index raises one of
`schema.DAMAGE` and is rebuilt.
Imports: the standard library, numpy, viewer.core (model, align: codec, passages, stages, semantic; ingest:
the listed file), index (schema, records, columns, incremental: the Stored record).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from viewer.core.align import semantic
from viewer.core.align.codec import Features
from viewer.core.align.passages import PreparedDocument
from viewer.core.align.stages import Match
from viewer.core.index import records
from viewer.core.index.columns import PairColumns
from viewer.core.index.incremental import Stored
from viewer.core.index.schema import checked
from viewer.core.model import (
    Alignment,
    Boilerplate,
    Document,
    Repeat,
    Skipped,
)

__all__ = ["DOCUMENT_ROW", "FactSpans", "digest", "fact_digest", "insert_documents",
           "insert_fact_spans", "insert_matches", "insert_skipped", "insert_vectors", "meta",
           "read_documents", "read_fact_spans", "read_match_keys", "read_pairs", "read_plain_documents",
           "read_skips", "read_state", "read_vectors", "vectors_from", "write_meta", "write_pairs",
           "write_state"]

# Where a document's numbers and dates are: (start, end) of each, in text order.
FactSpans = tuple[tuple[int, int], ...]
DOCUMENT_ROW = (str, str, str, str, (str, type(None)), str, str)
# The types of the corpus-wide state rows, checked when they are read back.
_STATE = {"repeats": tuple[Repeat, ...], "boilerplate": tuple[Boilerplate, ...], "stats": dict[str, float],
          "boiler": list[tuple[str, int]], "terms": dict[str, int]}


# ------------------------------------------------------------------------------------------------ meta


def meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def write_meta(db: sqlite3.Connection, values: Iterable[tuple[str, str]]) -> None:
    for key, value in values:
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


# ------------------------------------------------------------------------------------------- documents


def insert_documents(db: sqlite3.Connection, documents: Sequence[Document], blobs: Iterable[bytes],
                     feature_blobs: Sequence[bytes]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((d.id, d.path, d.title, d.source, d.date, d.url, d.text, b, f)
         for d, b, f in zip(documents, blobs, feature_blobs, strict=True)),
    )


def read_documents(db: sqlite3.Connection) -> dict[str, Stored]:
    """Every stored document with its prepared tokens (as bytes, decoded when read: `Stored.prepared`) and
    features, by id."""
    out = {}
    for row in db.execute(
        "SELECT id, path, title, source, date, url, text, prepared, features FROM documents ORDER BY id"
    ):
        document = Document(*checked(row[:7], DOCUMENT_ROW))
        prepared, features = checked(row[7:], (bytes, bytes))
        out[row[0]] = Stored(document, prepared, Features.from_bytes(features))
    return out


def read_plain_documents(db: sqlite3.Connection) -> list[Document]:
    """Every stored document (without what the aligner prepared), in id order."""
    return [Document(*checked(row, DOCUMENT_ROW)) for row in db.execute(
        "SELECT id, path, title, source, date, url, text FROM documents ORDER BY id")]


# --------------------------------------------------------------------------------------------- vectors


def digest(document: Document) -> str:
    """What a document's stored vectors were computed from: its text (the sentences are cut from it by the
    engine, whose source the index's fingerprint covers)."""
    return hashlib.blake2b(document.text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def insert_vectors(db: sqlite3.Connection, documents: Sequence[Document],
                   vectors: Sequence[np.ndarray] | None) -> None:
    if vectors is not None:
        db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                       ((d.id, digest(d), semantic.to_stored(v).tobytes())
                        for d, v in zip(documents, vectors, strict=True)))


def read_vectors(db: sqlite3.Connection) -> Iterator[tuple[Any, Any, Any]]:
    """(id, digest, data) of every stored document's vectors, unchecked: `vectors_from` checks the data."""
    return iter(db.execute("SELECT id, digest, data FROM vectors"))


def vectors_from(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float16).reshape(-1, semantic.DIMENSION)


# ------------------------------------------------------------------------------------------ fact spans


def fact_digest(document: Document) -> str:
    """What a document's numbers and dates are found from: its text and its date (relative dates resolve
    against it); the recognisers are engine source, which the index's fingerprint covers."""
    data = f"{document.date or ''}\0{document.text}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def insert_fact_spans(db: sqlite3.Connection, spans: dict[str, tuple[Document, FactSpans]]) -> None:
    db.executemany("INSERT OR REPLACE INTO fact_spans VALUES (?, ?, ?)",
                   ((doc_id, fact_digest(d), np.array(s, dtype=np.int64).reshape(-1, 2).tobytes())
                    for doc_id, (d, s) in spans.items()))


def read_fact_spans(db: sqlite3.Connection, documents: Sequence[Document]) -> dict[str, FactSpans]:
    """The stored fact spans of those `documents` whose text and date they were found in; a row that does
    not decode is left out (found again)."""
    wanted = {d.id: fact_digest(d) for d in documents}
    out = {}
    for doc_id, digest_, data in db.execute("SELECT id, digest, data FROM fact_spans"):
        if wanted.get(doc_id) == digest_ and isinstance(data, bytes) and len(data) % 16 == 0:
            pairs = np.frombuffer(data, dtype=np.int64).reshape(-1, 2).tolist()
            out[doc_id] = tuple((int(s), int(e)) for s, e in pairs)
    return out


# ----------------------------------------------------------------------------------------- skips, matches


def insert_skipped(db: sqlite3.Connection, walk: Sequence[Skipped], read: Sequence[Skipped]) -> None:
    db.executemany("INSERT INTO skipped(path, reason, walk) VALUES (?, ?, ?)",
                   [(s.path, s.reason, 1) for s in walk] + [(s.path, s.reason, 0) for s in read])


def read_skips(db: sqlite3.Connection, without: set[str], *, walk: bool = True) -> list[Skipped]:
    """Stored skip reasons in the loader's order (walk first), but those of `without` files."""
    rows = db.execute("SELECT path, reason, walk FROM skipped ORDER BY seq")
    return [Skipped(p, r) for p, r, w in (checked(row, (str, str, int)) for row in rows)
            if p not in without and (walk or not w)]


def insert_matches(db: sqlite3.Connection, docs: Sequence[PreparedDocument], matches: Sequence[Match]
                   ) -> None:
    db.executemany(
        "INSERT INTO matches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((docs[m.doc_a].doc_id, m.sent_a, docs[m.doc_b].doc_id, m.sent_b, *m.tokens_a, *m.tokens_b,
          m.similarity) for m in matches),
    )


def read_match_keys(db: sqlite3.Connection) -> list[tuple[str, int, str, int]]:
    """The stored sentence matches as (document id, sentence, document id, sentence), in stored order."""
    return db.execute("SELECT doc_a, sent_a, doc_b, sent_b FROM matches").fetchall()


# ------------------------------------------------------------------------------------------ pairs, state


def read_pairs(db: sqlite3.Connection) -> PairColumns:
    """The stored pairs (at the floor, in `pair_order`) as columns, checked (`columns`)."""
    row = db.execute("SELECT data FROM pairs WHERE name = 'pairs'").fetchone()
    if row is None:
        raise ValueError("no pairs in the index")
    return PairColumns.from_bytes(row[0])


def write_pairs(db: sqlite3.Connection, pairs: PairColumns) -> None:
    """Replace the stored pairs (and the groupings, which number them)."""
    db.execute("DELETE FROM pairs")
    db.execute("DELETE FROM groupings")
    db.execute("INSERT INTO pairs VALUES ('pairs', ?)", (pairs.to_bytes(),))


def write_state(db: sqlite3.Connection, full: Alignment, boiler: list[tuple[str, int]],
                terms: Counter[str]) -> None:
    """The corpus-wide state an update starts from: repeats, boilerplate, stats, boilerplate sentences
    (document id, sentence index) and the summed sentence frequencies."""
    state = {"repeats": full.repeats, "boilerplate": full.boilerplate, "stats": full.stats,
             "boiler": boiler, "terms": dict(terms)}
    db.executemany("INSERT OR REPLACE INTO state VALUES (?, ?)",
                   ((k, records.dump(v)) for k, v in state.items()))


def read_state(db: sqlite3.Connection, name: str) -> Any:
    row = db.execute("SELECT data FROM state WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise ValueError(f"no {name} in the index")
    return records.load(row[0], _STATE[name])
