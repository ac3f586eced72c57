"""The sentence model (viewer.core.align.semantic): its load and checksum, the lexical fallback, and the one
similarity that combines it with the words."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from viewer.core.align import semantic
from viewer.core.align.passages import PreparedDocument, prepare
from viewer.core.align.stages import (
    AlignOptions,
    Memo,
    lexical,
    score_sentences,
    sentence_terms,
    weights_from_counts,
)
from viewer.core.model import Corpus, Document
from viewer.core.pipeline import align_corpus, vectors_of

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
    b = prepare(Document("b", "b", "", "", None, "", "Officials said the sets of remains left by plane at "
                                                       "the end of the week."))
    weights: dict[str, float] = {}
    opts = AlignOptions()
    words = lexical(a, (0, len(a.keys)), b, (0, len(b.keys)), weights, opts, Memo())
    assert 0.0 < words < 0.9
    for meaning in (0.0, 0.3, 0.9):
        sim, ta, tb = score_sentences(a, 0, b, 0, weights, opts, None, meaning)
        # The model adds restatements the words miss; it never takes away what the words found.
        assert sim == pytest.approx(max(words, (words + meaning) / 2))
        assert (ta, tb) == ((0, len(a.keys)), (0, len(b.keys)))  # the whole sentences
    assert score_sentences(a, 0, b, 0, weights, opts, None, None)[0] == pytest.approx(words)


# Real sentences (basil, story 04: Fox News and HuffPost on Farenthold's resignation): the second sentence of
# each restates one fact (Lauren Greene sued him in 2014) in the outlet's own words around its specific items.
FOX = ("U.S. Representative Blake Farenthold resigned from Congress on Friday, following multiple allegations "
       "of sexual harassment, misconduct and inappropriate behavior. Farenthold was sued by his former aide, "
       "Lauren Greene, in 2014, alleging a hostile work environment, gender discrimination and retaliation. "
       "She sued him and was paid $84,000 from a public fund on behalf of Farenthold for a sexual harassment "
       "claim.")
HPO = ("Rep. Blake Farenthold (R-Texas) is resigning from Congress, he announced Friday in a statement and "
       "accompanying video. Farenthold used $84,000 in taxpayer funds to settle a sexual harassment lawsuit his "
       "former communications director, Lauren Greene, had filed in 2014, Politico reported in December. He "
       "promptly deleted his Twitter and Facebook profiles.")


def _prepared(*texts: str) -> tuple[list[PreparedDocument], dict[str, float]]:
    """Documents "0", "1", ... of `texts` and their corpus's word weights."""
    docs = [prepare(Document(str(i), str(i), "", "", None, "", t)) for i, t in enumerate(texts)]
    counts = Counter(k for d in docs for k in sentence_terms(d))
    return docs, weights_from_counts(counts, sum(len(d.sentences) for d in docs))


def _sentence(d: PreparedDocument, i: int) -> tuple[int, int]:
    return d.sentences[i].first, d.sentences[i].last


def test_two_sentences_stating_one_fact_score_as_the_model_reads_them():
    (fox, hpo), weights = _prepared(FOX, HPO)
    opts = AlignOptions()
    words = lexical(fox, _sentence(fox, 1), hpo, _sentence(hpo, 1), weights, opts, Memo())
    # Each outlet's own words around the fact keep the words' Dice low and the mean under the threshold.
    assert words < 0.25 and (words + 0.52) / 2 < 0.4
    sim, ta, tb = score_sentences(fox, 1, hpo, 1, weights, opts, None, 0.52)  # the model's 0.52 on them
    assert sim == pytest.approx(0.52)
    assert (ta, tb) == (_sentence(fox, 1), _sentence(hpo, 1))
    # Never below the words, and without the model the words alone.
    assert score_sentences(fox, 1, hpo, 1, weights, opts, None, 0.1)[0] == pytest.approx(words)
    assert score_sentences(fox, 1, hpo, 1, weights, opts, None, None)[0] == pytest.approx(words)


def test_a_figure_the_article_states_again_or_without_a_word_of_its_own_is_no_one_fact():
    opts = AlignOptions()
    # HuffPost states 2014 in another sentence too: the year is a date of the story, not this fact's.
    (fox, hpo), weights = _prepared(FOX, HPO + " Greene had worked in his office until 2014.")
    words = lexical(fox, _sentence(fox, 1), hpo, _sentence(hpo, 1), weights, opts, Memo())
    assert score_sentences(fox, 1, hpo, 1, weights, opts, None, 0.52)[0] == pytest.approx((words + 0.52) / 2)
    # The sample corpus (Military News, The Washington Post): both sentences hold 1953 once, but every word
    # they share ("remains", "Korean", "U.S.") recurs in each article: two facts of the Korean War's story.
    amn = ("The remains are believed to be that of U.S. troops killed in the 1950-1953 Korean War. North "
           "Korean officials have indicated that they may have as many as 200 remains ready to transfer to the "
           "U.S.")
    wp = ("North Korean officials have said they have the remains of about 200 U.S. service members that they "
          "have recovered since the active conflict with the United States ended in 1953. According to the "
          "Defense POW/MIA Accounting Agency, 7,800 American service members remain unaccounted for from the "
          "Korean War, and about 5,300 are believed to be located within North Korea.")
    (a, b), weights = _prepared(amn, wp)
    words = lexical(a, _sentence(a, 0), b, _sentence(b, 0), weights, opts, Memo())
    assert 0 < words < 0.5
    assert score_sentences(a, 0, b, 0, weights, opts, None, 0.5)[0] == pytest.approx((words + 0.5) / 2)


def test_the_passage_of_a_fact_is_the_statement_or_clause_that_states_it():
    opts = AlignOptions()
    # A compound sentence (clough-stevenson, task b), restated in other words so that no clause is copied:
    # the fact is its first statement.
    (a, b), weights = _prepared(
        "For the right to use its patent, Google gave the University 1.8 million of its shares.",
        "The university received 1.8 million shares in Google in exchange for use of the patent; the shares "
        "were sold in 2005 for $336 million.")
    sim, ta, tb = score_sentences(a, 0, b, 0, weights, opts, None, 0.95)
    assert sim == pytest.approx(0.95)
    assert b.span(*tb) == (0, len("The university received 1.8 million shares in Google in exchange for use of "
                                  "the patent"))
    # A clause copied into a longer sentence (task e): the clause, whatever the model makes of the sentences.
    (a, b), weights = _prepared(
        "Richard Bellman originally coined the term in the 1940s to describe a method for solving problems where "
        "one needs to find the best decisions one after another, and by 1953, he refined his method to the "
        "current modern meaning.",
        "The term was originally used in the 1940s by Richard Bellman to describe the process of solving "
        "problems where one needs to find the best decisions one after another. By 1953, he had refined this "
        "to the modern meaning.")
    sim, ta, tb = score_sentences(a, 0, b, 0, weights, opts, None, 0.95)
    assert sim == pytest.approx(0.95)
    assert a.span(*ta) == (0, len("Richard Bellman originally coined the term in the 1940s to describe a method "
                                  "for solving problems where one needs to find the best decisions one after "
                                  "another"))


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


def _story(rng: np.random.Generator, topic: int, docs: int, sentences: int) -> list[np.ndarray]:
    """Sentence vectors of one story: each near the story's topic axis, plus a statement of its own."""
    out = []
    for _ in range(docs):
        v = rng.normal(0.0, 0.03, (sentences, semantic.DIMENSION)).astype(np.float32)
        v[:, topic] += 1.0
        out.append(v / np.linalg.norm(v, axis=1, keepdims=True))
    return out


def test_a_storys_background_is_read_in_that_story_whatever_else_the_folder_holds():
    rng = np.random.default_rng(7)
    story_a, story_b = _story(rng, 0, 3, 6), _story(rng, 1, 4, 6)
    alone = semantic.Vectors.of(story_a)
    together = semantic.Vectors.of([*story_a, *story_b], ["a", "a", "a", "b", "b", "b", "b"])
    for k in range(len(story_a)):
        np.testing.assert_allclose(together.background[k], alone.background[k], rtol=1e-5)
    for i, j in ((0, 0), (2, 5), (4, 1)):
        assert together.similarity(0, i, 2, j) == pytest.approx(alone.similarity(0, i, 2, j), abs=1e-6)
    # Read against the whole folder, the other story's sentences pull the background down towards that of
    # unrelated news, and every pair of sentences on story "a" scores higher: what story labels prevent.
    mixed = semantic.Vectors.of([*story_a, *story_b])
    assert all((mixed.background[k] < alone.background[k] - 0.1).all() for k in range(len(story_a)))
    assert mixed.similarity(0, 0, 1, 0) > alone.similarity(0, 0, 1, 0)
    # No labels: one story. A label per document, or a clear error.
    np.testing.assert_array_equal(semantic.Vectors.of(story_a, ["x"] * 3).background[1], alone.background[1])
    with pytest.raises(ValueError, match="3 story labels for 7 documents"):
        semantic.Vectors.of([*story_a, *story_b], ["a", "a", "b"])


def test_the_pipeline_reads_each_documents_story_from_its_folder_or_its_records_file():
    rng = np.random.default_rng(11)
    docs = [Document(i, p, i, "", None, "", "text") for i, p in (
        ("one/a.txt", "one/a.txt"), ("one/b.txt", "one/b.txt"), ("two/c.txt", "two/c.txt"),
        ("f.jsonl#1", "f.jsonl"), ("f.jsonl#2", "f.jsonl"))]
    vectors = [*_story(rng, 0, 2, 4), *_story(rng, 1, 1, 4), *_story(rng, 2, 2, 4)]
    made = vectors_of(docs, vectors)
    for members in ([0, 1], [2], [3, 4]):  # the story "one", the story "two", the records of f.jsonl
        own = semantic.Vectors.of([vectors[k] for k in members])
        for at, k in enumerate(members):
            np.testing.assert_allclose(made.background[k], own.background[at], rtol=1e-5)


def test_the_tokenizer_shipped_in_resources_is_the_pinned_one():
    path = semantic.tokenizer_path()
    assert path == Path(semantic.resource_path("models", "minilm-uncased-tokenizer.json"))
    semantic._verify(path, semantic.TOKENIZER_SHA256, "the tokenizer")  # raises when it differs
