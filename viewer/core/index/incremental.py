"""The incremental update, as a pure function: what an update must verify again, and with which weights.

How an update stays equal to a full rebuild. Word weights (inverse sentence frequency) and boilerplate are
corpus-wide, so they are recomputed exactly, from what the index keeps for that: the corpus's summed
sentence frequencies (`stages.sentence_terms`, updated by the documents that come and go) and each
document's sentence keys (in its features). Candidate pairs are found for the "dirty" sentences only: the
sentences of new documents, sentences whose boilerplate status flipped, and sentences on a posting list
whose length crossed the cap (which adds or removes candidates between old documents). Every kept match
is then scored again with the new weights (by the front, `store.Index`), so similarities are exactly those
of a rebuild. What is not recomputed: candidate pairs between two untouched sentences whose summed
rare-word weight crosses `min_rare_weight` only because the weights moved. That drift is bounded by
rebuilding from scratch once the sentences touched since the last full build exceed `store.REBUILD_SHARE`
of the corpus; the tests check add/change/remove against a full rebuild.

`plan` takes what the index holds (documents, sentence frequencies, boilerplate sentences, the kept
matches' keys) and the new documents prepared, and returns the rows to verify: no SQLite, no files, so it
is tested on records made in memory.
Imports: the standard library, numpy, viewer.core (model, align: codec, passages, pool, postings, stages).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from viewer.core.align.codec import Features, decode_prepared
from viewer.core.align.passages import PreparedDocument
from viewer.core.align.pool import Prepared
from viewer.core.align.postings import Entries, candidates, member, sentence_offsets, skip_mask
from viewer.core.align.stages import AlignOptions, boilerplate_of, sentence_terms, weights_from_counts
from viewer.core.model import Document

__all__ = ["Part", "Plan", "Stored", "crossed_postings", "plan"]


class Stored:
    """A document as the index keeps it. Its prepared tokens may be given as the codec's bytes, decoded when
    first read (`prepared`): an update reads those of the documents it verifies sentences of, not all."""

    __slots__ = ("_prepared", "document", "features")

    def __init__(self, document: Document, prepared: PreparedDocument | bytes, features: Features) -> None:
        self.document, self.features = document, features
        self._prepared = prepared

    @property
    def prepared(self) -> PreparedDocument:
        if not isinstance(self._prepared, PreparedDocument):
            self._prepared = decode_prepared(self._prepared)
        return self._prepared

    @property
    def sentences(self) -> int:
        """The number of its sentences (read off its features: nothing is decoded)."""
        return len(self.features.sentence_keys)


@dataclass(frozen=True)
class Part:
    """The documents of an updated corpus that verifying its rows and assembling its result read: those
    with a sentence among the rows or the boilerplate (the result quotes it), in corpus order, with their
    positions in it, and the rows and boilerplate sentences numbered among them. Verification and assembly
    read nothing of a document but what a row or a boilerplate sentence names, and nothing of its number
    but its order, so on the part they give the matches (numbered among it) and the pairs they give on the
    whole corpus. Adding 10 articles to the benchmark's 10,000, the kept matches name 6,216 documents and
    the boilerplate sentences (an outlet's lines at either end of its articles) most of the others: 9,389."""

    positions: list[int]
    docs: list[PreparedDocument]
    rows: np.ndarray
    boiler: set[tuple[int, int]]


@dataclass(frozen=True)
class Plan:
    """The updated corpus (documents in id order, and their positions) and what to verify in it."""

    ids: list[str]
    stored: list[Stored]
    terms: Counter[str]  # the summed sentence frequencies of the updated corpus
    weights: dict[str, float]
    boiler: set[tuple[int, int]]  # (document position, sentence index) of the boilerplate sentences
    dirty: np.ndarray  # per sentence id (offsets of `sentence_offsets`): its candidates were counted again
    rows: np.ndarray  # (doc a, sentence a, doc b, sentence b) to verify: kept matches, then new candidates

    def part(self) -> Part:
        """The part of the corpus that verifying `rows` and assembling the result read (`Part`)."""
        used = np.unique(np.concatenate([self.rows[:, 0], self.rows[:, 2],
                                         np.array([di for di, _ in self.boiler], dtype=np.int64)]))
        number = np.full(len(self.stored), -1, dtype=np.int64)
        number[used] = np.arange(len(used))
        rows = self.rows.copy()
        rows[:, 0], rows[:, 2] = number[self.rows[:, 0]], number[self.rows[:, 2]]
        positions = used.tolist()
        return Part(positions, [self.stored[k].prepared for k in positions], rows,
                    {(int(number[di]), si) for di, si in self.boiler})


def plan(old: Mapping[str, Stored], gone: set[str], new_docs: Sequence[Document], fresh: Prepared,
         stored_terms: Mapping[str, int], old_boiler: Iterable[tuple[str, int]],
         old_matches: Iterable[tuple[str, int, str, int]], opts: AlignOptions) -> Plan:
    """What an update verifies. `old`: the stored documents by id; `gone`: the paths of the files removed or
    changed (their documents leave); `new_docs`, `fresh`: the documents of added and changed files and what
    `pool.prepare_all` made of them; `stored_terms`, `old_boiler`, `old_matches`: the stored sentence
    frequencies, boilerplate sentences (document id, sentence) and matches' (id, sentence, id, sentence)."""
    entries_by_id = {doc_id: e for doc_id, e in old.items() if e.document.path not in gone}
    for i, d in enumerate(new_docs):
        entries_by_id[d.id] = Stored(d, fresh.documents[i], fresh.features[i])
    ids = sorted(entries_by_id)
    stored = [entries_by_id[i] for i in ids]
    counts = [e.sentences for e in stored]
    position = {doc_id: k for k, doc_id in enumerate(ids)}

    # Word weights and boilerplate from what the index keeps per document: the stored sentence
    # frequencies less those of the documents that went, plus the new ones; the sentence keys.
    terms: Counter[str] = Counter(stored_terms)
    for e in old.values():
        if e.document.path in gone:
            terms.subtract(sentence_terms(e.prepared))
    terms.update(fresh.terms)
    terms = +terms  # without the words no sentence holds any more
    weights = weights_from_counts(terms, sum(counts))
    boiler = boilerplate_of([e.features.sentence_keys.tolist() for e in stored],
                            [e.document.source for e in stored], opts)
    offsets = sentence_offsets(counts)
    entries = Entries([e.features for e in stored], offsets, skip_mask(offsets, boiler))

    # Dirty sentences get their candidates counted again: those of new documents, those whose
    # boilerplate status flipped, and those on a posting list that crossed the cap.
    old_boiler = set(old_boiler)  # (document id, sentence index)
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
    dirty[crossed_postings(entries, dirty, [(old[i].features, sents) for i, sents in left.items()],
                           opts.max_postings)] = True

    # Kept matches are scored again (weights moved), with the candidates of dirty sentences. A match of a
    # new or changed document is never kept, by its id: a changed document keeps its id, and the sentence
    # numbers of its old version may reach past its new end, into the next document's clean sentences.
    renewed = {d.id for d in new_docs}
    kept = []
    for da, sa, db, sb in old_matches:
        if da in position and db in position and da not in renewed and db not in renewed:
            a, b = position[da], position[db]
            if not (dirty[offsets[a] + sa] or dirty[offsets[b] + sb]):
                kept.append((a, sa, b, sb))
    rows = candidates(entries.restricted(dirty), weights, opts, involving=dirty)
    rows = np.concatenate([np.array(kept, dtype=np.int64).reshape(-1, 4), rows])
    return Plan(ids, stored, terms, weights, boiler, dirty, rows)


def crossed_postings(new: Entries, arrived: np.ndarray, left: Sequence[tuple[Features, set[int]]], cap: int
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


def _counts(keys: np.ndarray, of: np.ndarray) -> np.ndarray:
    """How many times each of the sorted, distinct values `of` occurs in `keys` (the corpus's entries: those
    of `of` found by `member` first, then placed by a binary search)."""
    return np.bincount(np.searchsorted(of, keys[member(keys, of)]), minlength=len(of))
