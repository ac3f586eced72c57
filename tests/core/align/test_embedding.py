"""The semantic stage as the pool runs it (viewer.core.align.pool.start_embedding): started before the lexical
stages and working while they run, with the same vectors as embedding everything in this process; the model
loaded beside the passages being read (`semantic.preload`), and every fork waiting for that load."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import CORPUS

from viewer.core.align import pool, semantic
from viewer.core.align.stages import AlignOptions
from viewer.core.ingest.documents import load_corpus


@pytest.fixture
def prepared():
    corpus = load_corpus(CORPUS)
    return corpus.documents, pool.prepare_all(corpus.documents, AlignOptions()).documents


def _loaded(_task: object) -> bool:
    """In a forked worker: whether the model was there before the worker asked for it."""
    return semantic._tried


def test_a_fork_waits_for_the_model_being_loaded_and_inherits_it(sentence_model, fresh_model_state):
    semantic.preload()
    assert pool.run_chunks(_loaded, [0, 1], [1, 1], "test", 2, None, None) == [True, True]
    assert semantic.encoder() is not None


def test_the_passages_are_read_while_the_model_loads(prepared, monkeypatch):
    documents, _ = prepared
    started: list[bool] = []
    monkeypatch.setattr(semantic, "preload", lambda: started.append(True))
    pool.prepare_all(documents, AlignOptions())
    assert started == [True]
    pool.prepare_all(documents, AlignOptions(semantic=False))  # no model wanted: none loaded
    assert started == [True]


@pytest.mark.slow  # the real sentence model over the sample corpus, three times
def test_the_stage_started_early_gives_the_vectors_of_one_process(sentence_model, prepared, monkeypatch):
    documents, docs = prepared
    here = pool.embed_all(documents, docs, workers=1)
    monkeypatch.setattr(pool, "EMBED_POOL_MIN", 1)
    running = pool.start_embedding(documents, docs, workers=2)
    assert running is not None
    try:
        assert running._run.background  # working on the pool from now on
        seconds = running.expected_seconds()  # measured on the first task(s) to finish
        assert 0 < seconds < 600
        assert len(running._tasks) >= 2
        vectors = running.result()
    finally:
        running.close()
    assert here is not None and len(vectors) == len(here)
    assert all(a.tobytes() == b.tobytes() for a, b in zip(vectors, here, strict=True))
    # Tasks of about equal text (the model's cost is its tokens, not its sentences), cut between documents:
    # each task but the last holds at least its share of the characters, and less than that plus a document.
    sizes = [sum(map(len, task)) for task in running._tasks]
    share = -(-sum(sizes) // (2 * pool.EMBED_TASKS_PER_WORKER))
    longest = max(len(d.text) for d in documents)
    assert all(share <= size < share + longest for size in sizes[:-1])
    alone = pool.start_embedding(documents, docs, workers=1)
    assert alone is not None and not alone._run.background
    assert alone.expected_seconds() == pytest.approx(
        sum(len(t) for task in alone._tasks for t in task) / pool.EMBED_RATE)
    assert all(a.tobytes() == b.tobytes() for a, b in zip(alone.result(), here, strict=True))
    assert np.array_equal(np.vstack(here), np.vstack(vectors))


def test_the_stage_is_foreseen_from_its_first_task_with_the_tasks_running_beside_it():
    # 8 tasks of 100 characters on 2 workers, 1 s each: the stage takes 4 s.
    assert pool.expected_seconds(1.0, 800, 100, 1, 2) == pytest.approx(4.0)  # one of the two running ended
    assert pool.expected_seconds(1.0, 800, 200, 2, 2) == pytest.approx(4.0)  # both ended together
    assert pool.expected_seconds(2.0, 800, 400, 4, 2) == pytest.approx(4.0)
    assert pool.expected_seconds(1.0, 800, 100, 1, 1) == pytest.approx(8.0)  # one worker: one at a time
    assert pool.expected_seconds(1.0, 150, 100, 1, 2) == pytest.approx(1.0)  # the other task is the last
