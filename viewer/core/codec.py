"""Compact bytes for what the index keeps of a document: its prepared tokens and its candidate features.

The same bytes travel from worker processes to the parent and from the parent into the SQLite index, so a
document is encoded once. `marshal` is used for prepared documents because they are plain tuples of
strings, ints and booleans: it loads them several times faster than pickle, and the index records the
Python version that wrote it (marshal's format may change between versions; store.py rebuilds then).
Imports: the standard library, numpy, viewer.core.passages.
"""

from __future__ import annotations

import marshal
import zlib
from dataclasses import dataclass

import numpy as np

from viewer.core.passages import PreparedDocument, Sentence


def encode_prepared(d: PreparedDocument) -> bytes:
    sentences = tuple((s.first, s.last, s.start, s.end, s.paragraph) for s in d.sentences)
    return marshal.dumps(
        (d.doc_id, d.keys, d.starts, d.ends, d.content, d.clause_break, d.capitalised, d.values, sentences)
    )


def decode_prepared(data: bytes) -> PreparedDocument:
    fields = marshal.loads(data)
    return PreparedDocument(*fields[:8], tuple(Sentence(*s) for s in fields[8]))


def word_hash(word: str) -> int:
    """A 64-bit hash of a word that is the same in every process and every run (unlike `hash`)."""
    data = word.encode()
    return zlib.crc32(data) << 32 | zlib.adler32(data)


@dataclass(frozen=True, slots=True)
class Features:
    """The inverted-index entries of one document: (hash, sentence) for shingles and for rare words."""

    shingles: np.ndarray  # uint64 (crc32 values, as align hashes them)
    shingle_sent: np.ndarray  # int64 sentence index
    words: np.ndarray  # uint64 word_hash of each rare word
    word_sent: np.ndarray  # int64

    def to_bytes(self) -> bytes:
        counts = np.array([len(self.shingles), len(self.words)], dtype=np.int64)
        parts = (counts, self.shingles.astype(np.uint32), self.shingle_sent.astype(np.uint16),
                 self.words, self.word_sent.astype(np.uint16))
        return b"".join(p.tobytes() for p in parts)

    @classmethod
    def from_bytes(cls, data: bytes) -> Features:
        n_sh, n_w = np.frombuffer(data, dtype=np.int64, count=2)
        pos = 16
        out = []
        for dtype, n in ((np.uint32, n_sh), (np.uint16, n_sh), (np.uint64, n_w), (np.uint16, n_w)):
            out.append(np.frombuffer(data, dtype=dtype, count=n, offset=pos))
            pos += np.dtype(dtype).itemsize * int(n)
        return cls(out[0].astype(np.uint64), out[1].astype(np.int64), out[2], out[3].astype(np.int64))
