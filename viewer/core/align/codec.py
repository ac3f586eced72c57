"""Compact bytes for what the index keeps of a document: its prepared tokens and its candidate features.

The same bytes travel from worker processes to the parent and from the parent into the SQLite index, so a
document is encoded once. `marshal` is used for prepared documents because they are plain tuples of
strings and numbers: it loads them several times faster than pickle, and the index records the Python
version that wrote it (marshal's format may change between versions; store.py rebuilds then).
Imports: the standard library, numpy, viewer.core.align.passages.
"""

from __future__ import annotations

import marshal
import zlib
from array import array
from dataclasses import dataclass

import numpy as np

from viewer.core.align.passages import PreparedDocument, Sentence


def encode_prepared(d: PreparedDocument) -> bytes:
    sentences = tuple((s.first, s.last, s.start, s.end, s.paragraph) for s in d.sentences)
    flags = (bytes(d.content), bytes(d.clause_break), bytes(d.capitalised), bytes(d.quoted))
    offsets = (array("i", d.starts).tobytes(), array("i", d.ends).tobytes())
    return marshal.dumps((d.doc_id, d.keys, *offsets, *flags, d.values, sentences, d.headline))


def decode_prepared(data: bytes | memoryview) -> PreparedDocument:
    """The document back, in compact containers holding the same values.

    Token offsets come back as `array("i")` and the keys shared between documents, under half the memory
    of tuples of Python ints and per-document copies of every word (offsets are only read to turn token
    ranges into character spans, where an array behaves like the tuple). The keys are shared because
    `prepare` interns them and marshal keeps that mark: loading interns them again, in C, while it reads.
    The flags are bytes, one a token: a tenth of the memory of tuples of bools, and forked verify
    workers no longer copy them whole (the bytes hold no references to count).
    """
    doc_id, keys, starts, ends, content, breaks, capitals, quoted, values, sentences, headline = (
        marshal.loads(data))
    return PreparedDocument(
        doc_id, keys, _ints(starts), _ints(ends), content, breaks, capitals, quoted, values,
        tuple(Sentence(*s) for s in sentences), headline,
    )


def _ints(data: bytes) -> array[int]:
    out = array("i")
    out.frombytes(data)
    return out


def word_hash(word: str) -> int:
    """A 64-bit hash of a word that is the same in every process and every run (unlike `hash`)."""
    data = word.encode()
    return zlib.crc32(data) << 32 | zlib.adler32(data)


class Crc32Concat:
    """`zlib.crc32` of concatenations from the CRCs of their parts, for whole arrays at once: zlib's
    `crc32_combine`, which Python's zlib does not expose and numpy has no equivalent of (hand-written).

    CRC-32 is linear over GF(2): crc(A + B) = Z_len(B)(crc(A)) ^ crc(B), where Z_L is the register run over
    L zero bytes, a linear map of 32 bits. Z_L is applied as four lookups of 256 entries (one a byte of its
    argument), from tables of every L up to LONGEST (1 MB); a longer B (a pathological token) takes
    Z_LONGEST as many times as it needs. So the hash of every word 3-gram of a corpus, " ".join of three
    keys, is a few array lookups per 3-gram from each key's CRC instead of a string join, an encode and a
    `zlib.crc32` call each: the same values.
    """

    LONGEST = 256

    def __init__(self) -> None:
        byte = np.arange(256, dtype=np.uint32)
        step = byte
        for _ in range(8):
            step = np.where(step & 1, (step >> 1) ^ np.uint32(0xEDB88320), step >> 1)
        # rows[L, 256 * j + b]: Z_L of byte b in position j (Z_0 the identity); one zero byte more a row
        rows = [np.concatenate([byte << np.uint32(8 * j) for j in range(4)])]
        for _ in range(self.LONGEST):
            rows.append(step[rows[-1] & 0xFF] ^ (rows[-1] >> np.uint32(8)))
        self._zeros = np.concatenate(rows)

    def _shifted(self, crc: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Z_L of each CRC, L at most LONGEST."""
        at = lengths * 1024
        out = self._zeros[at + (crc & 0xFF)]
        for j in range(1, 4):
            out ^= self._zeros[at + (256 * j + ((crc >> np.uint32(8 * j)) & 0xFF))]
        return out

    def __call__(self, crc_a: np.ndarray, crc_b: np.ndarray, len_b: np.ndarray) -> np.ndarray:
        """crc(A + B) of every A, B given crc(A), crc(B) and the length of B in bytes (uint32 arrays)."""
        lengths = len_b.astype(np.intp)
        over = lengths > self.LONGEST
        if over.any():
            crc_a, lengths = crc_a.copy(), lengths.copy()
            while over.any():
                crc_a[over] = self._shifted(crc_a[over], np.full(int(over.sum()), self.LONGEST))
                lengths[over] -= self.LONGEST
                over = lengths > self.LONGEST
        return crc_b ^ self._shifted(crc_a, lengths)


@dataclass(frozen=True, slots=True)
class Features:
    """What the corpus-wide stages need of one document, without its tokens.

    The inverted-index entries, (hash, sentence) for shingles and for rare words, and the hash of each
    sentence's keys that boilerplate is found by.
    """

    shingles: np.ndarray  # crc32 values, as align hashes them
    shingle_sent: np.ndarray  # sentence index in the document
    words: np.ndarray  # uint64 word_hash of each rare word
    word_sent: np.ndarray
    sentence_keys: np.ndarray  # uint32 `align.sentence_keys`, one per sentence

    def to_bytes(self) -> bytes:
        counts = np.array([len(self.shingles), len(self.words), len(self.sentence_keys)], dtype=np.int64)
        parts = (counts, self.shingles.astype(np.uint32), self.shingle_sent.astype(np.uint32),
                 self.words.astype(np.uint64), self.word_sent.astype(np.uint32),
                 self.sentence_keys.astype(np.uint32))
        return b"".join(p.tobytes() for p in parts)

    @classmethod
    def from_bytes(cls, data: bytes) -> Features:
        """Views on `data` (no copy): uint32 shingles, sentence numbers and keys, uint64 words."""
        n_sh, n_w, n_s = (int(x) for x in np.frombuffer(data, dtype=np.int64, count=3))
        pos = 24
        out = []
        for dtype, n in ((np.uint32, n_sh), (np.uint32, n_sh), (np.uint64, n_w), (np.uint32, n_w),
                         (np.uint32, n_s)):
            out.append(np.frombuffer(data, dtype=dtype, count=n, offset=pos))
            pos += np.dtype(dtype).itemsize * n
        return cls(*out)
