"""The index's `vectors` table as the pool's VectorStore (viewer.core.align.pool): sentence vectors that
outlive a build.

Each document's sentence vectors are kept as float16 under its id and the digest of its text, committed
as each embedding task finishes, so that a build or an update killed in the semantic stage resumes where it
stopped and embeds only what is missing; an update embeds only its new and changed documents.
Imports: the standard library, numpy, viewer.core (model), index (tables).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Sequence

import numpy as np

from viewer.core.index import tables
from viewer.core.model import Document

__all__ = ["StoredVectors"]


class StoredVectors:
    """The vectors of the database that `db()` returns (the front may replace its connection)."""

    def __init__(self, db: Callable[[], sqlite3.Connection]) -> None:
        self.db = db
        self.current: set[str] = set()  # documents whose stored vectors were found or written (this build)

    def known(self, documents: Sequence[Document]) -> list[np.ndarray | None]:
        wanted = {d.id: tables.digest(d) for d in documents}
        found: dict[str, np.ndarray] = {}
        try:
            for doc_id, digest, data in tables.read_vectors(self.db()):
                if wanted.get(doc_id) == digest and isinstance(data, bytes):
                    with contextlib.suppress(ValueError):  # a damaged row: computed again
                        found[doc_id] = tables.vectors_from(data)
        except sqlite3.DatabaseError:  # unreadable: everything is computed again, the final write says more
            return [None] * len(documents)
        self.current.update(found)
        return [found.get(d.id) for d in documents]

    def keep(self, documents: Sequence[Document], vectors: Sequence[np.ndarray]) -> None:
        db = self.db()
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                tables.insert_vectors(db, documents, vectors)
            except BaseException:
                db.rollback()
                raise
            db.commit()
        except sqlite3.DatabaseError:  # a full disk: the build goes on, and its final write tells the user
            return
        self.current.update(d.id for d in documents)
