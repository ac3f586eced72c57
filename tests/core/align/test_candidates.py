"""Which sentence pairs are worth verifying (viewer.core.align.postings.candidates): a stock phrase of
common words is not, a copied sentence is, whatever its words."""

from __future__ import annotations

import os
import zlib
from collections import Counter

import numpy as np
import pytest
from helpers import document
from reference import candidate_pairs

from viewer.core.align.codec import Crc32Concat, Features, word_hash
from viewer.core.align.passages import PreparedDocument, prepare
from viewer.core.align.postings import (
    MEMBER_TABLE,
    Entries,
    Repeated,
    candidates,
    chunk_features,
    document_features,
    member,
    sentence_offsets,
    skip_mask,
)
from viewer.core.align.stages import AlignOptions, _features, sentence_keys, sentence_terms

# Words of more sentences than the cap (3) are common: their posting lists are not read. The filler holds
# every word of the sentences below, never three of them in their order.
FILLER = [f"Drought: farmers praise officials who {k} warned them, talk came about it." for k in range(4)]
OPTS = AlignOptions(max_postings=3)


def _candidates(texts: list[str]) -> set[tuple[int, int, int, int]]:
    docs = [prepare(document(f"d{k}", text)) for k, text in enumerate(texts)]
    weights: dict[str, float] = {}
    offsets = sentence_offsets([len(d.sentences) for d in docs])
    entries = Entries([document_features(d, OPTS) for d in docs], offsets, skip_mask(offsets, set()))
    fast = {tuple(row) for row in candidates(entries, weights, OPTS).tolist()}
    assert fast == candidate_pairs(docs, weights, set(), OPTS)
    return fast


def test_a_stock_phrase_of_common_words_is_no_candidate_but_with_a_rare_word_it_is() -> None:
    filler = FILLER
    phrase = "Officials warned farmers about"  # two shingles with a content word: a four-word run
    found = _candidates([f"{phrase} hail storms today.", f"{phrase} locust swarms again.", *filler])
    assert (0, 0, 1, 0) not in found
    found = _candidates([f"{phrase} hail storms today.", f"{phrase} hail damage again.", *filler])
    assert (0, 0, 1, 0) in found  # "hail" is rare


def test_a_copied_sentence_of_common_words_is_a_candidate() -> None:
    filler = FILLER
    copy = "They had it all, and then the drought came."  # two shingles with a content word
    assert (0, 0, 1, 0) in _candidates([copy, copy, *filler])


def _features_one_by_one(d: PreparedDocument, opts: AlignOptions) -> tuple[bytes, Counter[str]]:
    """`chunk_features` of one document computed sentence by sentence, as tests/reference.py reads them."""
    sh, sh_sent, words, w_sent = [], [], [], []
    for si in range(len(d.sentences)):
        shingles, rare = _features(d, si, opts.shingle)
        sh.extend(sorted(shingles))
        sh_sent.extend([si] * len(shingles))
        hashed = sorted(word_hash(w) for w in rare)
        words.extend(hashed)
        w_sent.extend([si] * len(hashed))
    features = Features(np.array(sh, dtype=np.uint32), np.array(sh_sent, dtype=np.int64),
                        np.array(words, dtype=np.uint64), np.array(w_sent, dtype=np.int64),
                        np.array(sentence_keys(d), dtype=np.uint32))
    return features.to_bytes(), Counter(sentence_terms(d))


def test_the_features_of_a_chunk_are_those_of_each_sentence_read_one_by_one() -> None:
    texts = [
        "São Paulo's mayor said on June 27 that 1,200 naïve 😀 investors lost $3.5 million. Prices fell.",
        "The U.S. Geological Survey said the 6.1-magnitude quake struck at 7: 37 a. m. UTC on Tuesday.",
        "",
        "Short. It's insane. It's ridiculous, Trump said, adding that the talks ended in the fourth round.",
        "Ünïcödé wörds and the the the of of of # # # March March March 2019 2019 2019 three three three.",
        f"A {'very' * 150}long word and a {'ß' * 300} one make long parts of a shingle, the spill at last.",
        *FILLER,
    ]
    docs = [prepare(document(f"d{k}", text)) for k, text in enumerate(texts)]
    for k in (1, 2, 3, 4):
        opts = AlignOptions(shingle=k)
        chunk, terms = chunk_features(docs, opts)
        assert [f.to_bytes() for f in chunk] == [_features_one_by_one(d, opts)[0] for d in docs]
        assert terms == sum((_features_one_by_one(d, opts)[1] for d in docs), Counter())
        assert [document_features(d, opts).to_bytes() for d in docs] == [f.to_bytes() for f in chunk]


def test_the_filter_of_repeated_codes_keeps_every_code_met_twice() -> None:
    rng = np.random.default_rng(7)
    codes = rng.choice(1 << 40, size=60_000, replace=False).astype(np.int64)
    once, twice_apart, twice_together = codes[:50_000], codes[50_000:55_000], codes[55_000:]
    repeated = Repeated(len(codes))  # bits for 16 a code: few codes met once share theirs
    repeated.add(np.concatenate([once, twice_apart, twice_together, twice_together]))
    repeated.add(twice_apart)
    weights = np.arange(len(codes), dtype=np.float64)
    kept, kept_weights = repeated.kept(codes, weights)
    assert set(np.concatenate([twice_apart, twice_together]).tolist()) <= set(kept.tolist())
    assert len(kept) < 0.3 * len(codes)  # most codes met once are dropped
    assert np.array_equal(kept_weights, weights[np.isin(codes, kept)])


def test_a_crc_combined_from_its_parts_is_zlibs_of_the_whole() -> None:
    rng = np.random.default_rng(3)
    parts = [(rng.bytes(int(rng.integers(0, 30))), rng.bytes(int(rng.integers(0, 2000)))) for _ in range(500)]
    crc_a, crc_b, len_b = (np.array(x, dtype=np.uint32) for x in zip(
        *((zlib.crc32(a), zlib.crc32(b), len(b)) for a, b in parts), strict=True))
    assert Crc32Concat()(crc_a, crc_b, len_b).tolist() == [zlib.crc32(a + b) for a, b in parts]


@pytest.mark.parametrize("workers", [1, 2])
def test_candidates_found_beside_other_work_are_the_same(workers: int) -> None:
    """`pool.find_candidates` gives the candidates of `candidates` and runs `meanwhile` once, here, while
    they are found (in a forked process with two workers)."""
    from viewer.core.align import pool

    phrase = "Officials warned farmers about"
    texts = [f"{phrase} hail storms today.", f"{phrase} hail damage again.", *FILLER,
             "They had it all, and then the drought came.", "They had it all, and then the drought came."]
    docs = [prepare(document(f"d{k}", text)) for k, text in enumerate(texts)]
    features = [document_features(d, OPTS) for d in docs]
    offsets = sentence_offsets([len(d.sentences) for d in docs])
    skip = skip_mask(offsets, set())
    pid, ran = os.getpid(), []
    rows = pool.find_candidates(features, offsets, skip, {}, OPTS, workers=workers,
                                meanwhile=lambda: ran.append(os.getpid()))
    assert rows.tolist() == candidates(Entries(features, offsets, skip), {}, OPTS).tolist()
    assert len(rows) >= 2 and ran == [pid]


def test_prepared_documents_left_as_bytes_decode_to_the_same() -> None:
    """`prepare_all(decode=False)` leaves the documents as bytes; `Prepared.decode` gives the documents
    `prepare_all` decodes at once, with their bytes kept or not; the sentence counts are known before."""
    from viewer.core.align import pool

    documents = [document(f"d{k}", text) for k, text in enumerate([*FILLER, "Hail hit farms. It hurt."])]
    whole = pool.prepare_all(documents, OPTS)
    for keep in (True, False):
        later = pool.prepare_all(documents, OPTS, decode=False)
        assert later.documents == [] and len(later.undecoded) == len(documents)
        assert later.sentence_counts() == [len(d.sentences) for d in whole.documents]
        later.decode(keep)
        assert later.documents == whole.documents and later.undecoded == []
        assert later.blobs == (whole.blobs if keep else [])
        assert later.feature_blobs == whole.feature_blobs


def test_prepare_all_on_a_pool_gives_what_it_gives_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks are taken as they arrive from the workers, in any order, and put together in the order of
    the documents: the same documents, bytes, features and summed terms (keys in the same order) as
    preparing them chunk after chunk in this process."""
    from viewer.core.align import pool

    texts = [*FILLER, "Hail hit farms. It hurt.", "Farmers praise the rain. Officials warned them of hail."]
    documents = [document(f"d{k}", text) for k, text in enumerate(texts * 3)]
    monkeypatch.setattr(pool, "PREPARE_CHUNK", 2)
    here = pool.prepare_all(documents, OPTS, workers=1)
    assert len(here.documents) == len(documents)
    for decode in (True, False):
        got = pool.prepare_all(documents, OPTS, workers=2, decode=decode)
        assert list(got.terms.items()) == list(here.terms.items())
        assert got.feature_blobs == here.feature_blobs
        got.decode()
        assert got.documents == here.documents and got.blobs == here.blobs


@pytest.mark.parametrize("dtype", [np.uint32, np.uint64])
def test_member_is_isin_through_its_table_and_without_it(dtype: type) -> None:
    """The same answers as `np.isin` for a small set (looked up through its table of bits) and a large one,
    rare-word sentence entries (only the high half set) included."""
    rng = np.random.default_rng(5)
    top = np.iinfo(dtype).max
    values = rng.integers(0, top, 200_000, dtype=dtype)
    if dtype == np.uint64:
        values[::7] = values[::7] >> np.uint64(32) << np.uint64(32)
    for size in (1, 300, MEMBER_TABLE + 1):
        chosen = np.unique(np.concatenate([rng.choice(values, size // 2 + 1),
                                           rng.integers(0, top, size // 2, dtype=dtype)]))
        assert np.array_equal(member(values, chosen), np.isin(values, chosen))
    assert not member(values, np.zeros(0, dtype=dtype)).any()
