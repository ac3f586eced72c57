"""The sentence model (viewer.core.align.semantic): its load and checksum, the lexical fallback, and the one
similarity that combines it with the words."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from viewer.core.align import semantic
from viewer.core.align.passages import prepare
from viewer.core.align.stages import AlignOptions, lexical, score_sentences
from viewer.core.model import Corpus, Document
from viewer.core.pipeline import align_corpus

# The tests of loading start as a new process would, with no model loaded (`fresh_model_state`); those that
# take the model away (`kept_model_state`) or use it (`sentence_model`) use the session's, loaded once
# (tests/conftest.py).

# Restatements that share only names (which identify, not report): found by meaning, not by words.
EASTER = ("CIA director Mike Pompeo met with Kim Jong-un in North Korea over the Easter weekend, two officials "
          "said.",
          "Pompeo made a top-secret visit to North Korea at Easter to meet its leader, according to people "
          "briefed on it.")
FILLER = (
    "Shares of the carmaker fell sharply in early trading after the recall.",
    "The museum will reopen its west wing to visitors in the spring.",
    "Heavy rain is expected across the region through the weekend.",
    "The orchestra announced a new conductor for the coming season.",
)


def _corpus(texts: dict[str, str]) -> Corpus:
    return Corpus("test", tuple(Document(n, n, n, "", None, "", t) for n, t in sorted(texts.items())))


def test_the_model_installed_by_the_project_loads_and_embeds(fresh_model_state):
    model = semantic.encoder()
    assert model is not None, semantic.notice()
    vectors = model.embed([*EASTER, *FILLER])
    assert vectors.shape == (6, semantic.DIMENSION) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosines = vectors @ vectors.T
    assert cosines[0, 1] > 0.4 > max(cosines[0, 2:].max(), cosines[1, 2:].max())
    # Batched by length with padding, or one by one: the same vectors.
    single = np.vstack([model.embed([t])[0] for t in (*EASTER, *FILLER)])
    assert np.allclose(single, vectors, atol=1e-5)
    assert semantic.notice() is None


@pytest.mark.slow  # the real sentence model over many batches: seconds
def test_a_sentences_stored_vector_does_not_depend_on_its_batch():
    """What makes a resumed build (or an update) equal to one that embedded everything at once: the float16
    vector of a sentence is the same bit for bit whatever else is in its batch."""
    from helpers import CORPUS

    from viewer.core.ingest.documents import load_corpus

    model = semantic.encoder()
    assert model is not None, semantic.notice()
    texts = [d.text[s.start : s.end] for d in load_corpus(CORPUS).documents for s in prepare(d).sentences]
    together = semantic.to_stored(model.embed(texts))
    alone = semantic.to_stored(np.vstack([model.embed([t]) for t in texts]))
    apart = np.empty_like(together)  # every other sentence in one call, the rest in another
    apart[::2] = semantic.to_stored(model.embed(texts[::2]))
    apart[1::2] = semantic.to_stored(model.embed(texts[1::2]))
    assert together.tobytes() == apart.tobytes()
    assert together.tobytes() == alone.tobytes()


def test_a_model_file_that_fails_its_checksum_is_refused(tmp_path):
    damaged = tmp_path / "model.onnx"
    damaged.write_bytes(semantic.model_path().read_bytes()[:-1000] + b"\0" * 1000)
    with pytest.raises(semantic.Unavailable, match="fails its checksum"):
        semantic.Encoder(damaged, semantic.tokenizer_path())
    with pytest.raises(semantic.Unavailable, match="cannot be read"):
        semantic.Encoder(tmp_path / "missing.onnx", semantic.tokenizer_path())


def test_without_the_model_alignment_is_lexical_and_says_why_once(sentence_model, kept_model_state, monkeypatch):
    texts = {"a.txt": f"{EASTER[0]} {FILLER[0]} {FILLER[1]}",
             "b.txt": f"{FILLER[2]} {EASTER[1]} {FILLER[3]}",
             "c.txt": "The remains of 55 soldiers were flown out of North Korea on Friday, officials said.",
             "d.txt": "Officials said the remains of 55 soldiers were flown out of North Korea on Friday."}
    with_model = align_corpus(_corpus(texts), min_similarity=0.3)
    monkeypatch.setattr(semantic, "MODEL_SHA256", "0" * 64)  # as if the installed file were damaged
    semantic.reset()
    without = align_corpus(_corpus(texts), min_similarity=0.3)
    notice = semantic.notice()
    assert notice is not None and "shared words only" in notice and "checksum" in notice
    assert semantic.notice() is None  # said once
    docs = lambda result: {(p.a.doc, p.b.doc) for p in result.pairs}  # noqa: E731
    assert docs(with_model) == {("a.txt", "b.txt"), ("c.txt", "d.txt")}  # the restatement by meaning
    assert docs(without) == {("c.txt", "d.txt")}  # the copy by words


def test_a_missing_package_or_runtime_falls_back(fresh_model_state, monkeypatch):
    monkeypatch.setattr(semantic, "MODEL_PACKAGE", "no-such-model-package")
    assert semantic.encoder() is None
    assert "not installed" in (semantic.notice() or "")
    assert semantic.installed_id() == "lexical"
    semantic.reset()
    monkeypatch.setenv("PARALLAX_SEMANTIC", "off")
    assert semantic.encoder() is None and semantic.installed_id() == "lexical"


def test_the_similarity_is_the_mean_of_words_and_meaning_never_below_the_words():
    a = prepare(Document("a", "a", "", "", None, "", "The remains of 55 soldiers were flown out of the "
                                                       "country on Friday, officials said."))
    b = prepare(Document("b", "b", "", "", None, "", "Officials said 55 sets of remains left by plane at "
                                                       "the end of the week."))
    weights: dict[str, float] = {}
    opts = AlignOptions()
    words = lexical(a, (0, len(a.keys)), b, (0, len(b.keys)), weights, opts, {})
    assert 0.0 < words < 0.9
    for meaning in (0.0, 0.3, 0.9):
        sim, ta, tb = score_sentences(a, 0, b, 0, weights, opts, None, meaning)
        # The model adds restatements the words miss; it never takes away what the words found.
        assert sim == pytest.approx(max(words, (words + meaning) / 2))
        assert (ta, tb) == ((0, len(a.keys)), (0, len(b.keys)))  # the whole sentences
    assert score_sentences(a, 0, b, 0, weights, opts, None, None)[0] == pytest.approx(words)


def test_the_threshold_filters_on_that_similarity():
    texts = {"a.txt": f"{EASTER[0]} {FILLER[0]} {FILLER[1]}", "b.txt": f"{FILLER[2]} {EASTER[1]} {FILLER[3]}"}
    found = align_corpus(_corpus(texts), min_similarity=0.3)
    assert len(found.pairs) == 1
    sim = found.pairs[0].similarity
    assert align_corpus(_corpus(texts), min_similarity=sim).pairs == found.pairs
    # A pair is kept below the threshold only when other documents' pairs corroborate it; here none do.
    assert align_corpus(_corpus(texts), min_similarity=sim + 0.01).pairs == ()


def test_the_background_of_a_tiny_corpus_leans_on_the_prior():
    one = np.eye(semantic.DIMENSION, dtype=np.float32)[:1]
    two = np.eye(semantic.DIMENSION, dtype=np.float32)[1:2]
    vectors = semantic.Vectors.of([one, two])
    # Two orthogonal sentences: the measured background (0) counts for one sentence against the prior's 20.
    expected = semantic.PRIOR_WEIGHT * semantic.PRIOR_BACKGROUND / (1 + semantic.PRIOR_WEIGHT)
    assert float(vectors.background[0][0]) == pytest.approx(expected)
    assert vectors.similarity(0, 0, 0, 0) == pytest.approx(1.0, abs=1e-3)
    assert vectors.similarity(0, 0, 1, 0) == 0.0


def test_the_tokenizer_shipped_in_resources_is_the_pinned_one():
    path = semantic.tokenizer_path()
    assert path == Path(semantic.resource_path("models", "minilm-uncased-tokenizer.json"))
    semantic._verify(path, semantic.TOKENIZER_SHA256, "the tokenizer")  # raises when it differs
