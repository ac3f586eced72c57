"""Which sentence pairs are worth verifying (viewer.core.align.postings.candidates): a stock phrase of
common words is not, a copied sentence is, whatever its words."""

from __future__ import annotations

from helpers import document
from reference import candidate_pairs

from viewer.core.align.passages import prepare
from viewer.core.align.postings import Entries, candidates, document_features, sentence_offsets, skip_mask
from viewer.core.align.stages import AlignOptions

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
