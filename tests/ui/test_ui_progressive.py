"""A large folder's first build in the window: the lexical alignment is shown as soon as the child has it
(the status bar says restatements are still being looked for), then the final one replaces it where the
user is reading. Small folders are made "large" by lowering `pipeline.PREVIEW_SENTENCES` and
`PREVIEW_SECONDS`."""

from __future__ import annotations

import shutil

import pytest

from viewer.core import pipeline
from viewer.resources import sample_corpus_path
from viewer.ui import core_jobs

pytestmark = pytest.mark.usefixtures("sentence_model")  # skipped without the model
PENDING = "restatements"


@pytest.mark.slow  # the window's child process and the real sentence model: seconds
def test_the_child_sends_the_lexical_alignment_then_the_final_one(tmp_path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(sample_corpus_path(), folder)
    streamed: list = []
    final = core_jobs.align(str(folder), progress=lambda *a: None, partial=streamed.append, preview_from=0,
                           preview_after=0)
    assert [type(v).__name__ for v in streamed] == ["Corpus", "Aligned"]
    preview = streamed[1]
    assert preview.pending and not final.pending
    assert preview.alignment.corpus.documents == ()  # the documents went once, first
    assert 0 < len(preview.alignment.pairs) < len(final.alignment.pairs)
    assert set(preview.facts) <= set(final.facts)
    streamed.clear()  # a reopen reads the final result back: nothing to preview
    again = core_jobs.align(str(folder), progress=lambda *a: None, partial=streamed.append, preview_from=0,
                           preview_after=0)
    assert [type(v).__name__ for v in streamed] == ["Corpus"]
    assert again.alignment.pairs == final.alignment.pairs


def test_the_window_shows_the_lexical_result_then_the_final_one_where_the_user_reads(
        qtbot, window, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "PREVIEW_SENTENCES", 0)
    monkeypatch.setattr(pipeline, "PREVIEW_SECONDS", 0.0)
    folder = tmp_path / "corpus"
    shutil.copytree(sample_corpus_path(), folder)
    seen: list[dict] = []

    def on_index() -> None:
        opened, index = window.opened, window.index
        assert opened is not None and index is not None
        if opened.pending and not seen:  # the preview: the user clicks the last passage of the longest text
            doc = max(index.documents, key=lambda d: len(d.text))
            window.select_document(doc.id)
            offset = max(p.side(doc.id).start for p in index.pairs_of(doc.id))
            window.select_passage(offset)
            bar = window.reading.text.verticalScrollBar()
            assert bar.value() > 0
            bar.setValue(bar.value() // 2)  # then scrolls back up a little to read something else
        seen.append({"pending": opened.pending, "summary": window.summary.text(),
                     "pairs": len(index.pairs), "document": window.current_doc,
                     "offset": window.current_offset, "pair": window.selection.pair,
                     "scroll": window.reading.text.verticalScrollBar().value(),
                     "busy": window.loader.busy})

    window.index_ready.connect(on_index)
    with qtbot.waitSignal(window.loader.finished, timeout=120_000):
        window.open_folder(folder)
    preview, final = seen[0], seen[-1]
    assert preview["pending"] and preview["busy"] and PENDING in preview["summary"]
    assert not final["pending"] and PENDING not in final["summary"]
    assert final["pairs"] > preview["pairs"]
    # Still on the document and passage the user chose, scrolled where it was, the parallel compared.
    assert (final["document"], final["offset"]) == (preview["document"], preview["offset"])
    assert preview["scroll"] > 0 and final["scroll"] == preview["scroll"]
    assert final["pair"] is not None and (final["pair"].a, final["pair"].b) == (preview["pair"].a,
                                                                                 preview["pair"].b)


def test_a_document_excluded_while_restatements_are_found_stays_excluded(
        qtbot, window, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "PREVIEW_SENTENCES", 0)
    monkeypatch.setattr(pipeline, "PREVIEW_SECONDS", 0.0)
    folder = tmp_path / "corpus"
    shutil.copytree(sample_corpus_path(), folder)
    excluded: list[str] = []

    def on_partial(value: object) -> None:
        if getattr(value, "pending", False) and not excluded:
            excluded.append("Yonhap.txt")
            window.exclude(excluded)

    window.loader.partial.connect(on_partial)
    with qtbot.waitSignal(window.loader.finished, timeout=120_000):
        window.open_folder(folder)
    assert excluded
    qtbot.waitUntil(lambda: window.index is not None and not window.opened.pending
                    and "Yonhap.txt" not in window.index.docs, timeout=30_000)


def test_cancelling_the_search_for_restatements_keeps_the_lexical_alignment(
        qtbot, window, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "PREVIEW_SENTENCES", 0)
    monkeypatch.setattr(pipeline, "PREVIEW_SECONDS", 0.0)
    folder = tmp_path / "corpus"
    shutil.copytree(sample_corpus_path(), folder)
    window.loader.partial.connect(lambda value: getattr(value, "pending", False) and window._cancel_work())
    with qtbot.waitSignal(window.loader.cancelled, timeout=120_000):
        window.open_folder(folder)
    assert window.index is not None and window.opened.pending
    assert "cancelled" in window.summary.text() and "Reload" in window.summary.text()
