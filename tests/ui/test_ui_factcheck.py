"""What a fact-checker does in the window: open the evidence of a discrepancy, triage and export the table,
leave a file out and correct a title, compare two documents directly, find a word in every article."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from viewer.core.model import Verdict
from viewer.resources import sample_corpus_path
from viewer.ui.folder_notes import EXCLUDED_REASON, FolderNotes
from viewer.ui.main_window import TABS, MainWindow
from viewer.ui.models.discrepancies import CSV_HEADER, Standing, Triage
from viewer.ui.qt import Qt, QtGui, QtWidgets

WAIT_MS = 60_000


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "articles"
    shutil.copytree(sample_corpus_path(), copy)
    return copy


@pytest.fixture
def loaded(qtbot, window: MainWindow, folder: Path) -> MainWindow:
    with qtbot.waitSignal(window.discrepancies_ready, timeout=WAIT_MS):
        window.open_folder(folder)
    return window


def double_click_row(qtbot, window: MainWindow, row: int) -> None:
    view = window.discrepancies_panel.view
    window.tabs.setCurrentIndex(TABS.index("Discrepancies"))
    index = view.model().index(row, 3)
    view.scrollTo(index)
    rect = view.visualRect(index)
    # as a real double-click arrives: a press and release, then the double-click
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_double_click_opens_the_pair_that_shows_that_disagreement(qtbot, loaded: MainWindow) -> None:
    panel = loaded.discrepancies_panel
    for row in range(panel.proxy.rowCount()):
        claim_row = panel.shown_rows()[row]
        double_click_row(qtbot, loaded, row)
        assert loaded.tabs.currentIndex() == TABS.index("Comparison")
        pair, focus = loaded.selection.pair, loaded.selection.focus
        assert pair is not None and loaded.comparison.pair == pair
        values = {(c.doc, c.start): v for v, cs in claim_row.discrepancy.values for c in cs}
        shown = [
            d
            for d in pair.divergences
            if Verdict(d.verdict).flagged
            and d.a is not None
            and d.b is not None
            and values.get((pair.a.doc, d.a.start)) not in (None, values.get((pair.b.doc, d.b.start)))
        ]
        assert shown, f"row {row} ({claim_row.claim.text} in {claim_row.claim.source}) opened no disagreement"
        assert focus in (pair.a.doc, pair.b.doc) and loaded.current_doc == focus


def test_every_listed_value_is_marked_in_its_reading_pane(qtbot, loaded: MainWindow) -> None:
    for row in loaded.discrepancies_panel.rows():
        loaded.select_document(row.claim.doc)
        pane = loaded.reading.text
        cursor = pane.textCursor()
        cursor.setPosition(row.claim.start + 1)
        fmt = cursor.charFormat()
        marked = fmt.underlineStyle() != QtGui.QTextCharFormat.UnderlineStyle.NoUnderline
        assert fmt.fontWeight() >= 600 and marked, f"{row.claim.text} in {row.claim.source}"
        assert row.claim.text in (pane.tooltip_at(row.claim.start) or "")


def test_outliers_stand_out(loaded: MainWindow) -> None:
    model = loaded.discrepancies_panel.model
    flight = [r for r in model.records() if r.claim.text in ("June 27", "July 27")]
    standing = {r.claim.source: r.standing for r in flight}
    assert standing == {
        "LifeZette": Standing.OUTLIER,
        "American Military News": Standing.MAJORITY,
        "Asian Correspondent": Standing.MAJORITY,
    }
    for r in flight:
        font = model.data(model.index(model.records().index(r), 0), Qt.ItemDataRole.FontRole)
        assert (font is not None and font.bold()) == (r.standing == Standing.OUTLIER)
    # what most sources say, as they write it: "7,700", never the normalised "7700"
    majority = model.columns.index(next(c for c in model.columns if c.header == "Most sources say"))
    missing = next(r for r in model.records() if r.claim.text == "7,800")
    shown = model.data(model.index(model.records().index(missing), majority))
    assert shown in ("7,700 (2 of 3)", "About 7,700 (2 of 3)")


def test_triage_filters_persist_per_folder_and_export_csv(
    qtbot, loaded: MainWindow, folder, tmp_path
) -> None:
    panel = loaded.discrepancies_panel
    first = panel.rows()[0]
    panel.set_status(first, Triage.DISMISSED)
    every = len(panel.rows())
    outlet = panel.filters["outlet"]
    outlet.setCurrentIndex(outlet.findData("LifeZette"))
    assert panel.shown_rows() and {r.claim.source for r in panel.shown_rows()} == {"LifeZette"}
    out = tmp_path / "out" / "table.csv"
    out.parent.mkdir()
    panel.export_csv(out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == CSV_HEADER and len(rows) == len(panel.shown_rows()) + 1
    assert all(r[CSV_HEADER.index("source")] == "LifeZette" for r in rows[1:])
    panel.export_csv(folder / "table.csv")  # never into the corpus folder
    assert not (folder / "table.csv").exists()
    outlet.setCurrentIndex(0)
    status = panel.filters["status"]
    status.setCurrentIndex(status.findData(Triage.DISMISSED.value))
    assert {r.key for r in panel.shown_rows()} == {first.key}
    # remembered for this folder: a new window on it shows the same status
    loaded.close()
    again = MainWindow()
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.discrepancies_ready, timeout=WAIT_MS):
        again.open_folder(folder)
    assert len(again.discrepancies_panel.rows()) == every
    assert {r.key: r.triage for r in again.discrepancies_panel.rows()}[first.key] == Triage.DISMISSED


def test_copy_a_passage_with_its_citation(loaded: MainWindow) -> None:
    panel = loaded.discrepancies_panel
    row = next(r for r in panel.rows() if r.claim.text == "June 27")
    text = panel.passage_text(row, citation=True)
    assert text.startswith("“") and "June 27" in text
    assert text.endswith("(LifeZette.txt)") and "— LifeZette, " in text
    panel.copy(panel.row_text(row))
    assert "June 27\t" in QtWidgets.QApplication.clipboard().text()


def test_exclude_a_file_and_correct_a_title_remembered_per_folder(qtbot, loaded: MainWindow, folder) -> None:
    yonhap = "Yonhap.txt"
    with qtbot.waitSignal(loaded.index_ready, timeout=WAIT_MS):
        loaded.exclude([yonhap])
    assert yonhap not in loaded.index.docs
    assert all(yonhap not in (p.a.doc, p.b.doc) for p in loaded.index.pairs)
    assert any(s.path == yonhap and s.reason == EXCLUDED_REASON for s in loaded.skipped_model.records())
    with qtbot.waitSignal(loaded.index_ready, timeout=WAIT_MS):
        loaded.set_corrections(
            "LifeZette.txt", {"title": "Remains may return next week", "date": "July 16, 2018"}
        )
    doc = loaded.index.docs["LifeZette.txt"]
    assert (doc.title, doc.date) == ("Remains may return next week", "2018-07-16")
    notes = FolderNotes.from_json(loaded.settings.folder_notes(str(folder)))
    assert notes.excluded == {yonhap}
    with qtbot.waitSignal(loaded.index_ready, timeout=WAIT_MS):
        loaded.open_folder(folder)  # reopened: still excluded, still corrected
    assert yonhap not in loaded.index.docs
    assert loaded.index.docs["LifeZette.txt"].title == "Remains may return next week"
    with qtbot.waitSignal(loaded.index_ready, timeout=WAIT_MS):
        loaded.include(yonhap)
    assert yonhap in loaded.index.docs


def test_compare_two_documents_with_next_and_previous_parallel(qtbot, loaded: MainWindow) -> None:
    a, b = "American Military News.txt", "Asian Correspondent.txt"
    loaded.documents.compare_requested.emit(a, b)
    rows = loaded.parallels.rows()
    assert rows and all(r.pair.other(a).doc == b for r in rows)
    starts = [r.pair.side(a).start for r in rows]
    assert starts == sorted(starts)  # in reading order
    assert loaded.selection.pair == rows[0].pair and loaded.current_doc == a
    assert loaded.tabs.currentIndex() == TABS.index("Comparison")
    loaded.documents.filter.setFocus()  # the keys work wherever the focus is
    qtbot.keyClick(loaded.documents.filter, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert loaded.selection.pair == rows[1].pair
    qtbot.keyClick(loaded.documents.filter, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert loaded.selection.pair == rows[0].pair


def test_search_every_article_with_hits_per_document(qtbot, loaded: MainWindow) -> None:
    loaded.documents.filter.setFocus()
    qtbot.keyClick(
        loaded.documents.filter,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert loaded.tabs.currentIndex() == TABS.index("Search")
    assert QtWidgets.QApplication.focusWidget() is loaded.search.box
    qtbot.keyClicks(loaded.search.box, "troops' remains")  # typed straight, written curly in the articles
    loaded.search.run()
    hits = {h.doc.id: len(h.starts) for h in loaded.search.hits()}
    expected = {
        d.id: d.text.replace("’", "'").lower().count("troops' remains") for d in loaded.index.documents
    }
    assert hits == {k: v for k, v in expected.items() if v}
    assert hits and "hits in" in loaded.search.summary.text()
    first = loaded.search.hits()[0]
    loaded.search.view.activated.emit(loaded.search.proxy.index(0, 0))
    assert loaded.current_doc == first.doc.id
    assert loaded.reading.text.textCursor().selectedText().lower().replace("’", "'") == "troops' remains"


def test_window_shortcuts_work_from_the_filter_box(qtbot, window: MainWindow) -> None:
    """Ctrl+E from the filter box reaches the export action (with no folder open, it says so)."""
    messages = []
    window.export.done.connect(messages.append)
    window.documents.filter.setFocus()
    qtbot.keyClick(window.documents.filter, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert messages and "Open a folder first" in messages[0]


def test_tab_moves_between_panes_without_changing_the_document(qtbot, loaded: MainWindow) -> None:
    view = loaded.documents.view
    view.setFocus()
    doc = loaded.current_doc
    seen = []
    for _ in range(6):
        qtbot.keyClick(QtWidgets.QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QtWidgets.QApplication.focusWidget())
    assert loaded.current_doc == doc
    assert loaded.reading.text in seen and loaded.parallels.view in seen


def test_every_comparison_opens_with_both_passages_level(qtbot, loaded: MainWindow) -> None:
    view = loaded.comparison
    for pair in loaded.index.pairs:
        view.show_pair(pair.a.doc, pair, loaded.index)
        tops = [pane.cursorRect(pane.textCursor().__class__(pane.document())).top() for pane in view.panes]
        assert tops  # laid out
        starts = [s - p.verticalScrollBar().value() for s, p in zip(view._starts(), view.panes, strict=True)]
        assert starts[0] == starts[1], (pair.a.doc, pair.b.doc)


def test_the_summary_stays_and_the_current_document_stays_selected(qtbot, loaded: MainWindow) -> None:
    summary = loaded.summary.text()
    assert "documents" in summary and "parallels" in summary
    loaded.statusBar().showMessage("a status tip from hovering the toolbar")
    loaded.statusBar().clearMessage()
    assert loaded.summary.isVisible() and loaded.summary.text() == summary
    lifezette = "LifeZette.txt"
    loaded.select_document(lifezette)
    loaded.step_passage(1)
    with qtbot.waitSignal(loaded.discrepancies_ready, timeout=WAIT_MS):
        qtbot.keyClick(loaded.documents.view, Qt.Key.Key_F5)
    current = loaded.documents.view.currentIndex()
    assert loaded.current_doc == lifezette
    assert current.isValid() and loaded.documents.view.selectionModel().isRowSelected(current.row())
    assert current.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole + 1).doc.id == lifezette
    with qtbot.waitSignal(loaded.index_ready, timeout=WAIT_MS):
        loaded.threshold.slider.setValue(80)  # the summary follows the slider
    assert loaded.summary.text() != summary


def test_every_shortcut_parses_and_none_repeats(loaded: MainWindow) -> None:
    from viewer.ui.shortcuts import SHORTCUTS

    keys = [QtGui.QKeySequence(k).toString() for s in SHORTCUTS.values() for k in s.keys]
    assert all(keys) and len(keys) == len(set(keys))
    assert all(name in loaded.actions for name in SHORTCUTS)
    assert "Ctrl+Shift+F" in loaded.shortcuts_text() and "Discrepancies" in loaded.how_to_read_text()


@pytest.mark.slow  # the window's child process builds and reopens a folder: seconds
def test_a_reopen_judges_nothing_finds_no_fact_and_lists_the_same_discrepancies(folder: Path, monkeypatch) -> None:
    """The pairs carry their judged numbers and dates, and where each paired document's numbers and dates
    are is kept too (the index stores both): reopening an unchanged folder and listing its discrepancies
    judges no pair and scans no text for numbers (run in process here, to count)."""
    from viewer.core import pipeline
    from viewer.core.facts import extract
    from viewer.core.facts import pair as facts_pair
    from viewer.ui import core_jobs
    from viewer.ui.index import CorpusIndex

    streamed: list = []
    first = core_jobs.align(str(folder), progress=lambda *a: None, partial=streamed.append)
    listed = CorpusIndex(first.with_corpus(streamed[-1]), 0.5, first.facts).discrepancies
    calls: list[str] = []
    judge, compare, scan = pipeline.judge, facts_pair.compare_passages, extract._scan
    monkeypatch.setattr(pipeline, "judge", lambda *a: calls.append("judge") or judge(*a))
    monkeypatch.setattr(facts_pair, "compare_passages", lambda *a: calls.append("compare") or compare(*a))
    monkeypatch.setattr(extract, "_scan", lambda *a: calls.append("scan") or scan(*a))
    extract.extract_facts.cache_clear()  # a scan the first open cached would hide nothing from the count
    again = core_jobs.align(str(folder), progress=lambda *a: None, partial=streamed.append)
    assert CorpusIndex(again.with_corpus(streamed[-1]), 0.5, again.facts).discrepancies == listed
    assert listed and calls == []
    assert again.facts == first.facts and any(again.facts.values())
