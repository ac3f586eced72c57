"""The semantic stage as the index runs it: resumable after a kill (the vectors computed so far are stored
as each task finishes, a rerun embeds only the rest) and previewed (the lexical result first, the final
one equal to a build without preview)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from helpers import CORPUS

from viewer.core.align import pool
from viewer.core.align.passages import prepare
from viewer.core.align.stages import AlignOptions
from viewer.core.index.store import Index
from viewer.core.ingest.documents import load_corpus
from viewer.core.model import Alignment, PairBasis
from viewer.core.pipeline import align_full, analyse
from viewer.core.progress import Cancelled

pytestmark = pytest.mark.usefixtures("sentence_model")  # skipped without the model
STAGE = "Aligning: reading restatements"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(CORPUS, tmp_path / "corpus")
    return tmp_path / "corpus"


@pytest.fixture
def embedded(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Small embedding tasks (several per corpus), and the sentences of each task as it is computed."""
    monkeypatch.setattr(pool, "EMBED_CHUNK", 30)
    tasks: list[list[str]] = []
    real = pool._embed_chunk

    def counted(task: list[str]):
        tasks.append(list(task))
        return real(task)

    monkeypatch.setattr(pool, "_embed_chunk", counted)
    return tasks


def _sentences(folder: Path) -> int:
    return sum(len(prepare(d).sentences) for d in load_corpus(folder).documents)


def _stored(index: Index) -> set[str]:
    return {row[0] for row in index.db.execute("SELECT id FROM vectors")}


@pytest.mark.slow  # the real sentence model over a corpus, built two or three times
def test_a_build_cancelled_in_the_semantic_stage_resumes_where_it_stopped(folder, tmp_path, embedded):
    cancel = threading.Event()

    def progress(stage: str, done: int, total: int) -> None:
        if stage == STAGE and done > 0 and len(embedded) == 2:  # two tasks done: stop before the third
            cancel.set()

    index = Index.open(folder, cache_dir=tmp_path / "cache")
    with pytest.raises(Cancelled):
        index.refresh(progress=progress, cancel=cancel)
    first = sum(map(len, embedded))
    assert 0 < first < _sentences(folder)
    assert not index.built and len(_stored(index)) >= 2  # the documents of the two finished tasks
    index.close()

    embedded.clear()
    index = Index.open(folder, cache_dir=tmp_path / "cache")
    resumed = index.refresh()
    assert sum(map(len, embedded)) == _sentences(folder) - first  # only what was missing
    assert resumed == analyse(folder)  # and the very alignment of a build that was never stopped
    assert _stored(index) == {d.id for d in resumed.corpus.documents}
    index.close()


@pytest.mark.slow  # the real sentence model over a corpus, built two or three times
def test_a_model_that_fails_mid_stage_keeps_what_it_computed(folder, tmp_path, embedded, monkeypatch):
    real = pool._embed_chunk  # the counting one

    def failing(task):
        if len(embedded) == 2:  # the third task dies
            raise MemoryError("killed")
        return real(task)

    monkeypatch.setattr(pool, "_embed_chunk", failing)
    index = Index.open(folder, cache_dir=tmp_path / "cache")
    with pytest.raises(MemoryError):
        index.refresh()
    index.close()
    first = sum(map(len, embedded))
    monkeypatch.setattr(pool, "_embed_chunk", real)

    embedded.clear()
    index = Index.open(folder, cache_dir=tmp_path / "cache")
    resumed = index.refresh()
    assert sum(map(len, embedded)) == _sentences(folder) - first
    assert resumed == analyse(folder)
    index.close()


@pytest.mark.slow  # the real sentence model over a corpus, built two or three times
def test_stored_vectors_of_an_edited_text_are_computed_again(folder, tmp_path, embedded):
    index = Index.open(folder, cache_dir=tmp_path / "cache")
    index.refresh()
    index.close()
    path = folder / "Yonhap.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added at the end of the article.\n",
                    encoding="utf-8")
    edited = next(d for d in load_corpus(folder).documents if d.path == "Yonhap.txt")
    embedded.clear()
    index = Index.open(folder, cache_dir=tmp_path / "cache")
    rebuilt = index.rebuild()
    assert sum(map(len, embedded)) == len(prepare(edited).sentences)  # its old vectors do not fit its text
    assert rebuilt == analyse(folder)
    index.close()


@pytest.mark.slow  # the real sentence model over a corpus, built two or three times
def test_the_preview_is_the_lexical_result_and_the_final_one_is_unchanged(folder, tmp_path):
    corpus = load_corpus(folder)
    shown: list[Alignment] = []
    full, _ = align_full(corpus, AlignOptions(), preview=shown.append, preview_from=0, preview_after=0)
    plain, _ = align_full(corpus, AlignOptions())
    assert full == plain  # pairs, similarities and judged values alike
    lexical, _ = align_full(corpus, AlignOptions(semantic=False))
    assert shown == [lexical]
    assert len(full.pairs) > len(lexical.pairs)  # the restatements came after


@pytest.mark.slow  # the real sentence model over a corpus, built two or three times
def test_no_preview_when_the_model_has_little_to_do(folder, tmp_path):
    shown: list[Alignment] = []
    index = Index.open(folder, cache_dir=tmp_path / "cache")
    index.refresh(preview=shown.append, preview_from=_sentences(folder) + 1, preview_after=0)
    assert shown == []
    index.close()
    index = Index.open(folder, cache_dir=tmp_path / "cache2")
    index.refresh(preview=shown.append, preview_from=_sentences(folder), preview_after=0)
    assert len(shown) == 1
    index.close()


@pytest.mark.slow  # the real sentence model over a corpus, built two or three times
def test_judging_takes_known_pairs_from_the_preview(folder, monkeypatch):
    from viewer.core import pipeline

    judged: list[int] = []
    real = pipeline._judge_chunk

    def counted(pairs):
        judged.append(len(pairs))
        return real(pairs)

    monkeypatch.setattr(pipeline, "_judge_chunk", counted)
    corpus = load_corpus(folder)
    shown: list[Alignment] = []
    full, _ = align_full(corpus, AlignOptions(), preview=shown.append, preview_from=0, preview_after=0)
    wording = [[p for p in a.pairs if p.basis == PairBasis.WORDING] for a in (shown[0], full)]
    previewed = {(p.a, p.b) for p in wording[0]}
    assert sum(judged) == len(previewed) + sum((p.a, p.b) not in previewed for p in wording[1])


def _killed_in_the_semantic_stage(folder: str, cache: str) -> None:
    """Child process: build with small embedding tasks and die (SIGKILL) once two tasks' vectors are stored."""
    import os
    import signal

    from viewer.core.align import pool as child_pool
    from viewer.core.index import store as child_store
    from viewer.core.index import vectors as child_vectors

    child_pool.EMBED_CHUNK = 30
    real = child_vectors.StoredVectors.keep
    calls: list[int] = []

    def keep_then_die(self, documents, vectors):
        real(self, documents, vectors)
        calls.append(1)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGKILL)

    child_vectors.StoredVectors.keep = keep_then_die
    child_store.Index.open(folder, cache_dir=cache).refresh()


@pytest.mark.slow  # a child Python process: seconds of start-up and imports
def test_a_build_killed_in_the_semantic_stage_resumes_where_it_stopped(folder, tmp_path, embedded):
    import multiprocessing

    cache = tmp_path / "cache"
    child = multiprocessing.get_context("spawn").Process(target=_killed_in_the_semantic_stage,
                                                         args=(str(folder), str(cache)))
    child.start()
    child.join(120)
    assert child.exitcode == -9
    index = Index.open(folder, cache_dir=cache)
    stored = _stored(index)
    assert not index.built and len(stored) >= 2
    documents = load_corpus(folder).documents
    kept = sum(len(prepare(d).sentences) for d in documents if d.id in stored)
    resumed = index.refresh()
    assert sum(map(len, embedded)) == _sentences(folder) - kept
    assert resumed == analyse(folder)
    index.close()
