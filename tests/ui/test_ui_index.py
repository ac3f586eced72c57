"""The window's Qt-free helpers with literal inputs: the corpus index, text positions, the child process,
and the task runner's rule that only the latest task is heard."""

from __future__ import annotations

import shutil
import threading
from collections import Counter

import pytest

from viewer.core.facts.discrepancies import corpus_discrepancies
from viewer.core.index.columns import PairView
from viewer.core.index.groupings import GroupView
from viewer.core.model import (
    Alignment,
    Corpus,
    Divergence,
    Document,
    FactSide,
    Group,
    Pair,
    PairBasis,
    Span,
    Verdict,
)
from viewer.core.progress import Cancelled
from viewer.resources import sample_corpus_path
from viewer.ui import core_jobs
from viewer.ui.index import CorpusIndex, Segment, _fact_marks, _segments
from viewer.ui.process import run_in_process
from viewer.ui.qt import QtWidgets
from viewer.ui.textpos import TextPositions
from viewer.ui.workers import TaskRunner

A = "Alpha one. Shared two. Shared three on June 27. End."
B = "Intro. Shared two! Other."
C = "Shared two and shared three on July 27."


def span(doc: str, text: str, part: str) -> Span:
    start = text.index(part)
    return Span(doc, start, start + len(part))


def alignment() -> Alignment:
    docs = tuple(
        Document(i, f"{i}.txt", f"Title {i}", i, None, "", t) for i, t in (("a", A), ("b", B), ("c", C))
    )
    june, july = span("a", A, "June 27"), span("c", C, "July 27")
    conflict = Divergence(
        "date",
        "conflict",
        FactSide(june.start, june.end, "June 27", "2018-06-27"),
        FactSide(july.start, july.end, "July 27", "2018-07-27"),
        "different dates",
        0.9,
    )
    pairs = (
        Pair(span("a", A, "Shared two."), span("b", B, "Shared two!"), 0.9, 0),
        Pair(span("a", A, "Shared two."), span("c", C, "Shared two"), 0.6, 0),
        Pair(
            span("a", A, "Shared three on June 27."),
            span("c", C, "shared three on July 27."),
            0.7,
            1,
            (conflict,),
        ),
    )
    groups = (
        Group(0, (pairs[0].a, pairs[0].b, pairs[1].b)),
        Group(1, (pairs[2].a, pairs[2].b)),
    )
    return Alignment(Corpus("/x", docs), 0.5, pairs, groups)


def test_segments_count_the_other_documents_sharing_each_stretch() -> None:
    index = CorpusIndex(alignment())
    two, three = span("a", A, "Shared two."), span("a", A, "Shared three on June 27.")
    assert index.segments("a") == [Segment(two.start, two.end, 2), Segment(three.start, three.end, 1)]


def test_pairs_at_a_click_most_similar_first() -> None:
    index = CorpusIndex(alignment())
    at = A.index("two")
    assert [p.other("a").doc for p in index.pairs_at("a", at)] == ["b", "c"]
    assert index.pairs_at("a", A.index("Alpha")) == []
    assert index.passage_span("a", index.pairs_at("a", at)) == (
        A.index("Shared two."),
        A.index(" Shared three"),
    )


def test_next_and_previous_passage() -> None:
    index = CorpusIndex(alignment())
    first, second = A.index("Shared two."), A.index("Shared three")
    assert index.next_passage_start("a", -1, 1) == first
    assert index.next_passage_start("a", first, 1) == second
    assert index.next_passage_start("a", second, 1) is None
    assert index.next_passage_start("a", second, -1) == first
    assert index.next_passage_start("a", first, -1) is None


def test_document_stats_and_shared_fraction() -> None:
    index = CorpusIndex(alignment())
    stats = index.stats["a"]
    assert (stats.passages, stats.disputed, stats.outlying) == (2, 1, 0)  # June 27 / July 27, no majority
    covered = len("Shared two.") + len("Shared three on June 27.")
    assert stats.shared_fraction == pytest.approx(covered / len(A))
    assert index.shared_fraction("a", "b") == pytest.approx(len("Shared two.") / len(A))
    assert index.shared_fraction("b", "a") == pytest.approx(len("Shared two!") / len(B))
    assert index.shared_fraction("a", "a") == 1.0


def test_fact_marks_face_each_document() -> None:
    index = CorpusIndex(alignment())
    (mark_a,) = index.fact_marks("a")
    (mark_c,) = index.fact_marks("c")
    assert (mark_a.here.text, mark_a.there.text, mark_a.other_doc) == ("June 27", "July 27", "c")
    assert (mark_c.here.text, mark_c.there.text, mark_c.other_doc) == ("July 27", "June 27", "a")
    assert index.fact_marks("b") == []


def test_a_higher_threshold_refilters_and_regroups_without_realigning() -> None:
    base = CorpusIndex(alignment())
    high = base.with_threshold(0.8)
    assert high.threshold == 0.8 and high.base is base.alignment
    assert [(p.a.doc, p.b.doc) for p in high.pairs] == [("a", "b")]
    assert len(high.groups) == 1
    assert high.stats["c"].passages == 0 and high.stats["a"].disputed == 0
    assert high.pairs_at("a", A.index("three")) == []
    assert base.with_threshold(0.1).threshold == 0.5  # never below the floor the corpus was aligned at


def test_text_positions_count_utf16_units() -> None:
    text = "a😀b 😀 c"
    positions = TextPositions(text)
    for offset in range(len(text) + 1):
        qt = len(text[:offset].encode("utf-16-le")) // 2
        assert positions.to_qt(offset) == qt
        assert positions.from_qt(qt) == offset
    plain = TextPositions("no wide characters")
    assert plain.to_qt(7) == 7 and plain.from_qt(7) == 7


@pytest.mark.slow  # a child Python process: seconds of start-up and imports
def test_child_process_aligns_from_the_index_store_streams_the_corpus_and_judges_once(tmp_path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(sample_corpus_path(), folder)
    names = sorted(p.name for p in folder.iterdir())
    stages, streamed = [], []
    aligned = run_in_process(
        core_jobs.align,
        {"folder": str(folder)},
        lambda stage, done, total: stages.append(stage),
        threading.Event(),
        streamed.append,
    )
    assert [type(v).__name__ for v in streamed] == ["Corpus"]  # the documents arrive before the result
    assert [d.id for d in streamed[0].documents] == names
    assert aligned.alignment.corpus.documents == ()  # and are not sent twice
    alignment = aligned.with_corpus(streamed[0])
    assert isinstance(alignment, Alignment) and alignment.pairs
    # the index's columns came across, not a pickled Pair each
    assert isinstance(alignment.pairs, PairView) and isinstance(alignment.groups, GroupView)
    assert stages and aligned.notices == ()
    index = CorpusIndex(alignment, None, aligned.facts)
    assert any(c.text == "June 27" for d in index.discrepancies for c in d.claims)
    lifezette = index.docs["LifeZette.txt"]
    spans = index.with_threshold(0.9).fact_spans(lifezette.id, 0, len(lifezette.text))
    assert "June 27" in [lifezette.text[s:e] for s, e in spans]
    assert sorted(p.name for p in folder.iterdir()) == names  # nothing written into the corpus folder


@pytest.mark.slow  # a child Python process: seconds of start-up and imports
def test_child_process_cancels_and_reports_errors(tmp_path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        run_in_process(core_jobs.align, {"folder": str(tmp_path)}, lambda *a: None, cancel)
    with pytest.raises(RuntimeError, match="TypeError"):
        run_in_process(core_jobs.align, {"folder": None}, lambda *a: None, threading.Event())


def test_task_runner_hears_only_the_latest_task(qtbot) -> None:
    runner = TaskRunner()
    release = threading.Event()

    def slow(progress, partial, cancel):
        release.wait(10)
        return "stale"

    runner.start(slow)
    with qtbot.waitSignal(runner.finished, timeout=10_000) as finished:
        runner.start(lambda progress, partial, cancel: "fresh")
    release.set()
    assert finished.args == ["fresh"]
    assert not runner.busy
    results = []
    runner.finished.connect(results.append)
    assert TaskRunner.wait()
    QtWidgets.QApplication.processEvents()
    assert results == []


@pytest.mark.slow  # the window's child process builds and reopens a folder: seconds
def test_the_child_reads_each_file_once_then_a_reopen_reads_none(tmp_path, monkeypatch) -> None:
    """core_jobs.align, run here in process to count: the index's loader is the only reader of the folder
    (the window reads nothing), and reopening an unchanged folder reads and hashes no file at all."""
    from viewer.core.ingest import documents

    folder = tmp_path / "corpus"
    shutil.copytree(sample_corpus_path(), folder)
    reads: Counter[str] = Counter()
    hashes: Counter[str] = Counter()
    read_regular, fingerprint = documents.read_regular, documents.fingerprint
    monkeypatch.setattr(documents, "READ_WORKERS", 0)  # read here, where the counter is, not in a fork
    monkeypatch.setattr(
        documents, "read_regular", lambda path, limit: reads.update([path.name]) or read_regular(path, limit)
    )
    monkeypatch.setattr(documents, "fingerprint", lambda path: hashes.update([path.name]) or fingerprint(path))
    streamed: list = []
    first = core_jobs.align(str(folder), progress=lambda *a: None, partial=streamed.append)
    files = sorted(p.name for p in folder.iterdir())
    assert sorted(reads) == files and set(reads.values()) == {1}  # read once to align (and once hashed)
    reads.clear()
    hashes.clear()
    again = core_jobs.align(str(folder), progress=lambda *a: None, partial=streamed.append)
    assert not reads and not hashes
    assert [d.id for d in streamed[-1].documents] == files
    assert again.alignment.pairs == first.alignment.pairs


def test_the_window_itself_reads_no_article(qtbot, window, tmp_path, monkeypatch) -> None:
    """The folder is read in the child process only: in the window's process, reading a file fails."""
    from viewer.core.ingest import documents

    def refuse(*_args: object) -> None:
        raise AssertionError("the window's process read an article")

    monkeypatch.setattr(documents, "read_file", refuse)
    monkeypatch.setattr(documents, "read_regular", refuse)
    folder = tmp_path / "corpus"
    shutil.copytree(sample_corpus_path(), folder)
    with qtbot.waitSignal(window.discrepancies_ready, timeout=60_000):
        window.open_folder(folder)
    assert window.index is not None and window.index.discrepancies


def _naive(index: CorpusIndex) -> tuple[dict, dict, dict, dict]:
    """Per document, what the index said before it worked on arrays: every pair by its side's position, the
    stretches shared, the marks, the statistics (passages, covered share) from a walk over every pair."""
    by_doc: dict[str, list[Pair]] = {d.id: [] for d in index.documents}
    for p in index.pairs:
        by_doc[p.a.doc].append(p)
        by_doc[p.b.doc].append(p)
    by_doc = {d: sorted(ps, key=lambda p, d=d: (p.side(d).start, p.side(d).end)) for d, ps in by_doc.items()}
    segments = {d: _segments(d, [p for p in ps if p.basis == PairBasis.WORDING]) for d, ps in by_doc.items()}
    marks = {d: _fact_marks(d, ps) for d, ps in by_doc.items()}
    stats = {}
    for doc in index.documents:
        sides = {p.side(doc.id) for p in by_doc[doc.id] if p.basis == PairBasis.WORDING}
        covered = sum(s.end - s.start for s in segments[doc.id])
        stats[doc.id] = (len(sides), covered / len(doc.text) if doc.text else 0.0)
    return by_doc, segments, marks, stats


def test_the_index_at_any_threshold_says_what_a_walk_over_every_pair_says() -> None:
    """Real news at the engine's floor: at each threshold, and moved there from another one, the pairs and
    groups are `regroup`'s (the readable reference's), and each document's lookups and statistics those of
    a walk over every pair."""
    from reference import reference_regroup

    from viewer.core.align.stages import AlignOptions
    from viewer.core.ingest.documents import load_corpus
    from viewer.core.pipeline import align_full, with_figures

    base, _ = align_full(load_corpus(sample_corpus_path()), AlignOptions(semantic=False), workers=1,
                         keep_blobs=False)
    base = with_figures(base)
    first = CorpusIndex(base)
    for threshold in (0.4, 0.55, 0.3, 0.47, 0.4, 0.9):
        index = first.with_threshold(threshold)
        assert index.alignment == (base if threshold == 0.3 else reference_regroup(base, threshold))
        by_doc, segments, marks, stats = _naive(index)
        for doc in index.documents:
            assert index.pairs_of(doc.id) == by_doc[doc.id]
            assert index.segments(doc.id) == segments[doc.id]
            assert index.fact_marks(doc.id, tuple(Verdict)) == marks[doc.id]
            assert (index.stats[doc.id].passages, index.stats[doc.id].shared_fraction) == stats[doc.id]
        assert index.discrepancies == corpus_discrepancies(index.alignment)
    assert first.with_threshold(0.4) is first.with_threshold(0.4), "an index kept is not made again"


@pytest.mark.slow  # a child Python process aligns the folder: seconds
def test_the_threshold_shown_is_read_from_the_folders_index_once_grouped(tmp_path, monkeypatch) -> None:
    """The window groups a threshold once and the folder's index keeps it: the next open at that threshold
    reads it (nothing grouped) with the same pairs and groups as `regroup`; an alignment with other pairs
    (a document excluded) is neither served nor kept."""
    from reference import reference_regroup

    from viewer.core.align.grouping import Regrouper
    from viewer.core.index.store import Index
    from viewer.ui.folder_notes import FolderNotes
    from viewer.ui.tasks import open_folder_task

    folder = tmp_path / "corpus"
    shutil.copytree(sample_corpus_path(), folder)
    grouped: list[float] = []
    real = Regrouper.grouping
    monkeypatch.setattr(Regrouper, "grouping", lambda self, t, *a: grouped.append(t) or real(self, t, *a))

    def opened(notes: FolderNotes):
        return open_folder_task(folder, 0.55, notes)(lambda *_: None, lambda _value: None, threading.Event())

    first = opened(FolderNotes())
    assert grouped == [0.55] and first.index.alignment == reference_regroup(first.aligned, 0.55)
    again = opened(FolderNotes())
    assert grouped == [0.55], "the index kept the threshold the window grouped"
    assert again.index.alignment == first.index.alignment
    excluded = FolderNotes()
    excluded.excluded = {first.aligned.corpus.documents[0].id}
    other = opened(excluded)
    assert grouped == [0.55, 0.3, 0.55]  # `notes.apply` groups again at the floor, then 0.55: not read
    assert other.index.alignment == reference_regroup(excluded.apply(other.aligned), 0.55)
    index = Index.open(folder)
    assert index.alignment(0.55) == first.index.alignment  # what the window kept, the index reads back
    index.close()
