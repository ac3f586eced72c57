"""The real window on the bundled corpus: open it, read LifeZette, click the passage about flying the remains
out, and see the Asian Correspondent and American Military News parallels with June 27 / July 27 marked."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import DATA

from viewer import __version__, palette
from viewer.resources import sample_corpus_path
from viewer.ui import marks
from viewer.ui.main_window import TABS, MainWindow
from viewer.ui.models import discrepancies
from viewer.ui.models import parallels as parallels_model
from viewer.ui.models.documents import DISPUTED_COLUMN, SOURCE_COLUMN, TITLE_COLUMN
from viewer.ui.qt import Qt, QtCore, QtGui, QtWidgets
from viewer.ui.views.comparison import (
    COMPARISON_MARKS,
    CONTEXT_LINES,
    LOW_SIMILARITY,
    _aligned,
    _line_of,
    excerpt,
)
from viewer.ui.views.documents import SOURCE_MAX as SOURCE_WIDTH
from viewer.ui.views.documents import TITLE_MIN
from viewer.ui.views.text_pane import TextPane
from viewer.ui.workers import TaskRunner

FLY_OUT = "The United States would be permitted to fly the military remains in containers out of North Korea"
WAIT_MS = 60_000


@pytest.fixture
def loaded(qtbot, window: MainWindow) -> MainWindow:
    with qtbot.waitSignal(window.discrepancies_ready, timeout=WAIT_MS):
        window.open_folder(sample_corpus_path())
    return window


def doc_id(window: MainWindow, source: str) -> str:
    return next(d.id for d in window.index.documents if source in d.id)


def click_text(qtbot, pane: TextPane, offset: int) -> None:
    """A real mouse click on the character at `offset` of `pane`."""
    cursor = QtGui.QTextCursor(pane.document())
    cursor.setPosition(offset)
    pane.setTextCursor(cursor)
    pane.ensureCursorVisible()
    rect = pane.cursorRect(cursor)
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=rect.center() + QtCore.QPoint(2, 0))


def char_format(pane: TextPane, offset: int) -> QtGui.QTextCharFormat:
    cursor = QtGui.QTextCursor(pane.document())
    cursor.setPosition(offset + 1)
    return cursor.charFormat()


def parallel_sources(window: MainWindow) -> list[str]:
    return [r.other.label for r in window.parallels.model.records()]


def open_fly_out_passage(qtbot, window: MainWindow) -> None:
    window.select_document(doc_id(window, "LifeZette"))
    offset = window.reading.text.text.index(FLY_OUT) + 20
    with qtbot.waitSignal(window.passage_selected, timeout=WAIT_MS):
        click_text(qtbot, window.reading.text, offset)


def test_click_the_fly_out_passage_lists_both_parallels_with_the_date_conflict(
    qtbot, loaded: MainWindow
) -> None:
    open_fly_out_passage(qtbot, loaded)
    sources = parallel_sources(loaded)
    assert "Asian Correspondent" in sources
    assert "American Military News" in sources
    dark = marks.is_dark(loaded.palette())
    conflict = marks.mark_color(palette.CONFLICT, dark)
    for row, record in enumerate(loaded.parallels.model.records()):
        if record.other.label not in ("Asian Correspondent", "American Military News"):
            continue
        assert "conflict" in dict(record.badges)
        loaded.parallels.view.select_row(
            loaded.parallels.proxy.mapFromSource(loaded.parallels.model.index(row, 0)).row()
        )
        left, right = loaded.comparison.panes
        assert "June 27" in left.text and "July 27" in right.text
        assert "conflict: June 27 / July 27" in loaded.comparison.status.text()
        assert char_format(left, left.text.index("June 27")).foreground().color() == conflict
        assert char_format(right, right.text.index("July 27")).foreground().color() == conflict
        tip = right.tooltip_at(right.text.index("July 27") + 1)
        assert "July 27" in tip and "June 27" in tip and "Rule:" in tip


def test_reading_pane_marks_the_conflicting_date_with_both_values_in_its_tooltip(
    qtbot, loaded: MainWindow
) -> None:
    loaded.select_document(doc_id(loaded, "LifeZette"))
    pane = loaded.reading.text
    at = pane.text.index("June 27", pane.text.index(FLY_OUT))
    dark = marks.is_dark(loaded.palette())
    assert char_format(pane, at).foreground().color() == marks.mark_color(palette.CONFLICT, dark)
    tip = pane.tooltip_at(at + 2)
    assert "June 27" in tip and "July 27" in tip and "Asian Correspondent" in tip
    shared = char_format(pane, pane.text.index(FLY_OUT)).background().color()
    assert shared.name() in (palette.SHARED_SHADES_DARK if dark else palette.SHARED_SHADES_LIGHT)


def backgrounds(pane: TextPane) -> set[str]:
    return {char_format(pane, i).background().color().name() for i in range(len(pane.text) - 1)}


def test_comparison_colours_each_sides_own_words_as_the_pdf_does(qtbot, loaded: MainWindow) -> None:
    dark = marks.is_dark(loaded.palette())
    similar = min(
        (p for p in loaded.index.pairs if LOW_SIMILARITY <= p.similarity < 0.95), key=lambda p: p.similarity
    )
    loaded.comparison.show_pair(similar.a.doc, similar, loaded.index)
    left, right = loaded.comparison.panes
    own = [marks.mark_color(m, dark).name() for m in (palette.DIFF_DELETE, palette.DIFF_INSERT)]
    assert own[0] in backgrounds(left) and own[1] not in backgrounds(left)
    assert own[1] in backgrounds(right) and own[0] not in backgrounds(right)
    # the flight passage is 55% similar: its shared words are marked instead, and the status says so
    open_fly_out_passage(qtbot, loaded)
    left, right = loaded.comparison.panes
    shared = marks.mark_color(palette.SHARED_WORDS, dark).name()
    assert shared in backgrounds(left) and shared in backgrounds(right)
    assert "low similarity" in loaded.comparison.status.text()


def test_typography_is_not_a_difference(qtbot, loaded: MainWindow) -> None:
    from viewer.core.worddiff import word_diff

    a, b = "the troops’ remains — “55”  sets", 'the troops\' remains - "55" sets'
    assert [op.op for op in word_diff(a, (0, len(a)), b, (0, len(b)), typography=False)] == ["equal"]


def test_keyboard_path_walks_the_shared_passages(qtbot, loaded: MainWindow) -> None:
    loaded.select_document(doc_id(loaded, "LifeZette"))
    loaded.activateWindow()
    target = loaded.reading.text.text.index(FLY_OUT)
    seen = []
    for _ in range(40):
        qtbot.keyClick(loaded, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        seen.append(loaded.current_offset)
        if loaded.current_offset >= target:
            break
    assert seen == sorted(seen) and len(set(seen)) == len(seen)
    assert "American Military News" in parallel_sources(loaded)
    before = loaded.current_offset
    qtbot.keyClick(loaded, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert loaded.current_offset < before
    qtbot.keyClick(loaded, Qt.Key.Key_F9)
    assert loaded.overview_dock.isVisible()
    qtbot.keyClick(loaded, Qt.Key.Key_F9)
    assert not loaded.overview_dock.isVisible()


def test_find_bar_finds_forward_and_backward(qtbot, loaded: MainWindow) -> None:
    loaded.select_document(doc_id(loaded, "LifeZette"))
    qtbot.keyClick(loaded, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert loaded.reading.find_bar.isVisible()
    qtbot.keyClicks(loaded.reading.find_bar.edit, "remains")
    pane = loaded.reading.text
    first = pane.textCursor().selectionStart()
    assert pane.textCursor().selectedText() == "remains"
    qtbot.keyClick(loaded, Qt.Key.Key_F3)
    second = pane.textCursor().selectionStart()
    assert second > first
    qtbot.keyClick(loaded, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert pane.textCursor().selectionStart() == first


def test_threshold_refilters_the_parallels_live(qtbot, loaded: MainWindow) -> None:
    before = len(loaded.index.pairs)
    open_fly_out_passage(qtbot, loaded)
    with qtbot.waitSignal(loaded.index_ready, timeout=WAIT_MS):
        loaded.threshold.slider.setValue(90)
    assert loaded.index.threshold == pytest.approx(0.9)
    assert len(loaded.index.pairs) < before
    assert all(p.similarity >= 0.8 for p in loaded.index.pairs)  # 0.9, less the engine's corroboration
    assert "Asian Correspondent" not in parallel_sources(loaded)
    assert loaded.settings.threshold() == pytest.approx(0.9)


def test_the_threshold_goes_down_to_the_engine_floor_without_aligning_again(
    qtbot, loaded: MainWindow
) -> None:
    floor = loaded.index.base.min_similarity
    assert loaded.threshold.slider.minimum() == round(floor * 100)
    before = len(loaded.index.pairs)
    with qtbot.waitSignal(loaded.index_ready, timeout=WAIT_MS):
        loaded.threshold.slider.setValue(loaded.threshold.slider.minimum())
    assert loaded.index.base is not None and loaded.index.threshold == pytest.approx(floor)
    assert len(loaded.index.pairs) >= before
    assert not loaded.loader.busy


def test_reload_keeps_the_document_being_read(qtbot, loaded: MainWindow) -> None:
    lifezette = doc_id(loaded, "LifeZette")
    loaded.select_document(lifezette)
    with qtbot.waitSignal(loaded.index_ready, timeout=WAIT_MS):
        qtbot.keyClick(loaded, Qt.Key.Key_F5)
    assert loaded.current_doc == lifezette


def test_clicking_unshared_text_says_there_is_nothing_there(qtbot, loaded: MainWindow) -> None:
    open_fly_out_passage(qtbot, loaded)
    pane = loaded.reading.text
    plain = next(i for i in range(len(pane.text)) if not loaded.index.pairs_at(loaded.current_doc, i))
    with qtbot.waitSignal(loaded.passage_selected, timeout=WAIT_MS):
        loaded.select_passage(plain)
    assert loaded.parallels.model.rowCount() == 0
    assert "none here" in loaded.parallels.title.text()


def test_switching_parallels_keeps_the_passage_text_undimmed(qtbot, loaded: MainWindow) -> None:
    open_fly_out_passage(qtbot, loaded)
    assert loaded.parallels.proxy.rowCount() >= 2
    faded = marks.context_format(loaded.palette()).foreground().color().name()
    for row in (0, 1, 0):
        loaded.parallels.view.select_row(row)
        pair, focus = loaded.comparison.pair, loaded.comparison.focus
        for pane, side in zip(loaded.comparison.panes, (pair.side(focus), pair.other(focus)), strict=True):
            shown = excerpt(loaded.index.docs[side.doc], side)
            colours = {
                char_format(pane, shown.local(i)).foreground().color().name()
                for i in range(side.start, side.end - 1)
            }
            assert faded not in colours


def test_the_two_comparison_panes_scroll_together(qtbot, loaded: MainWindow) -> None:
    open_fly_out_passage(qtbot, loaded)
    record = loaded.parallels.model.record(0)
    loaded.comparison.show_pair(record.focus, record.pair, loaded.index, context=3000)
    view = loaded.comparison
    panes, ex = view.panes, view._excerpts
    left, right = (pane.verticalScrollBar() for pane in panes)
    assert left.maximum() > 0 and right.maximum() > 0
    # both passages open at the same height
    starts = [
        _line_of(p, e.local(e.passage.start)) - bar.value()
        for p, e, bar in zip(panes, ex, (left, right), strict=True)
    ]
    assert starts[0] == starts[1] == CONTEXT_LINES
    # scrolling one pane brings the aligned text of the other to its top
    for value in (starts[0] + CONTEXT_LINES + 2, 0):
        left.setValue(value)
        top = ex[0].absolute(panes[0].offset_at(QtCore.QPoint(0, 0)))
        aligned = ex[1].local(max(ex[1].start, min(_aligned(view._anchors, top, 0), ex[1].end)))
        assert (
            _line_of(panes[1], aligned) - right.value() == _line_of(panes[0], ex[0].local(top)) - left.value()
        )


def test_overview_cell_lists_the_parallels_of_that_pair(qtbot, loaded: MainWindow) -> None:
    loaded.overview_dock.show()
    model = loaded.overview.model_
    ids = [d.id for d in loaded.index.documents]
    row, col = ids.index(doc_id(loaded, "LifeZette")), ids.index(doc_id(loaded, "Asian Correspondent"))
    assert model.data(model.index(row, col), Qt.ItemDataRole.UserRole) > 0
    view = loaded.overview
    view.scrollTo(model.index(row, col))
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(model.index(row, col)).center()
    )
    assert loaded.current_doc == doc_id(loaded, "LifeZette")
    assert set(parallel_sources(loaded)) == {"Asian Correspondent"}
    assert loaded.parallels.model.rowCount() == len(loaded.index.pairs_between(ids[row], ids[col]))


def test_documents_table_sorts_and_filters(qtbot, loaded: MainWindow) -> None:
    proxy = loaded.documents.proxy
    assert proxy.rowCount() == 5
    loaded.documents.view.sortByColumn(DISPUTED_COLUMN, Qt.SortOrder.DescendingOrder)
    disputed = [
        proxy.index(r, DISPUTED_COLUMN).data(Qt.ItemDataRole.UserRole) for r in range(proxy.rowCount())
    ]
    assert disputed == sorted(disputed, reverse=True) and disputed[0] > 0
    # the Washington Post gives "7,800" where two others give "7,700": the odd one out in that fact
    model = loaded.documents.model
    wapo = model.index(model.row_of(doc_id(loaded, "Washington Post")), DISPUTED_COLUMN)
    assert wapo.data().endswith(" odd")
    assert "other than most documents give" in wapo.data(Qt.ItemDataRole.ToolTipRole)
    assert sum(d for d in disputed) == sum(len({c.doc for c in f.claims}) for f in loaded.index.discrepancies)
    loaded.documents.filter.setText("yonhap")
    assert proxy.rowCount() == 1


def documents_fit(window: MainWindow) -> bool:
    """Every column of the Documents table, Disputed last, is in view without scrolling sideways."""
    view = window.documents.view
    last = view.model().columnCount() - 1
    return (
        view.horizontalScrollBar().maximum() == 0
        and view.columnViewportPosition(last) + view.columnWidth(last) <= view.viewport().width()
    )


def test_documents_table_gives_title_and_source_the_width_first(qtbot, loaded: MainWindow) -> None:
    view, header = loaded.documents.view, loaded.documents.view.horizontalHeader()
    for _ in range(2):  # at the default size, then sorted by a numeric column (its header gains the arrow)
        assert documents_fit(loaded)
        for column in range(TITLE_COLUMN + 1, view.model().columnCount()):
            wanted = max(view.sizeHintForColumn(column), header.sectionSizeHint(column))
            assert view.columnWidth(column) >= min(wanted, SOURCE_WIDTH)  # nothing cut but a long source
        assert view.columnWidth(TITLE_COLUMN) >= TITLE_MIN
        view.sortByColumn(DISPUTED_COLUMN, Qt.SortOrder.DescendingOrder)
    numbers = [view.columnWidth(c) for c in range(TITLE_COLUMN + 1, view.model().columnCount())]
    title = view.columnWidth(TITLE_COLUMN)
    loaded.resize(loaded.width() + 300, loaded.height())
    qtbot.waitUntil(lambda: view.columnWidth(TITLE_COLUMN) > title)
    assert documents_fit(loaded)
    assert [view.columnWidth(c) for c in range(TITLE_COLUMN + 1, view.model().columnCount())] == numbers
    loaded.resize(1024, 700)  # narrow: the numbers scroll out of view, never the title and the source
    qtbot.waitUntil(lambda: view.columnWidth(TITLE_COLUMN) == TITLE_MIN)
    source_end = view.columnViewportPosition(SOURCE_COLUMN) + min(view.columnWidth(SOURCE_COLUMN), 60)
    assert source_end <= view.viewport().width()


def legend_cut(legend) -> list[str]:
    """The legend's entries that are not whole in view (cut at its right or bottom edge)."""
    return [
        w.findChild(QtWidgets.QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly).text()
        if not isinstance(w, QtWidgets.QLabel) else w.text()
        for w in legend.findChildren(QtWidgets.QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if w.geometry().right() >= legend.width() or w.geometry().bottom() >= legend.height()
        or w.width() < w.sizeHint().width()
    ]


@pytest.mark.parametrize("size", [(1400, 900), (1024, 700)])
def test_legends_and_verdicts_stay_whole_in_a_small_window(qtbot, loaded: MainWindow, size) -> None:
    """At 1024x700 the legends wrap instead of cutting their last entries ("Confl", "Soft c"), and the
    Parallels list keeps its Divergences column in view (the source is elided first)."""
    loaded.resize(*size)
    open_fly_out_passage(qtbot, loaded)
    rows = loaded.parallels.rows()
    loaded.open_pair(rows[0].focus, rows[0].pair)
    QtWidgets.QApplication.processEvents()
    for legend in (loaded.reading.legend, loaded.comparison.legend):
        qtbot.waitUntil(lambda legend=legend: legend_cut(legend) == [])
    view = loaded.parallels.view
    badges = parallels_model.BADGES_COLUMN
    assert view.columnViewportPosition(badges) + view.columnWidth(badges) <= view.viewport().width()
    assert view.columnWidth(badges) >= view.sizeHintForColumn(badges)
    assert view.columnWidth(parallels_model.SOURCE_COLUMN) >= view.SOURCE_MIN

def test_empty_folder_says_so(qtbot, window: MainWindow, tmp_path: Path) -> None:
    window.open_folder(tmp_path)
    qtbot.waitUntil(lambda: window.message.startswith("This folder is empty"), timeout=WAIT_MS)
    assert window.documents.model.rowCount() == 0
    assert "holds no files" in window.reading.text.text


def test_unreadable_folder_lists_every_skipped_file(qtbot, window: MainWindow, tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    (tmp_path / "blank.txt").write_text("   \n\n")
    window.open_folder(tmp_path)
    qtbot.waitUntil(lambda: window.message.startswith("Nothing readable"), timeout=WAIT_MS)
    assert window.skipped_model.rowCount() == 2
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Skipped files"
    assert {r.path for r in window.skipped_model.records()} == {"photo.jpg", "blank.txt"}


def test_a_folder_that_disappears_gets_a_message(qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(sample_corpus_path(), folder)
    with qtbot.waitSignal(window.index_ready, timeout=WAIT_MS):
        window.open_folder(folder)
    shutil.rmtree(folder)
    with qtbot.waitSignal(window.load_failed, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert "does not exist any more" in window.message


def test_a_second_open_cancels_the_first(qtbot, window: MainWindow, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(DATA / "ui" / "newswcl50-event_0", other)
    window.open_folder(other)
    with qtbot.waitSignal(window.index_ready, timeout=WAIT_MS):
        window.open_folder(sample_corpus_path())
    assert TaskRunner.wait()  # the first task has ended too; deliver whatever it sent: it must be dropped
    QtWidgets.QApplication.processEvents()
    assert {d.label for d in window.index.documents} >= {"LifeZette", "Yonhap"}
    assert Path(window.index.alignment.corpus.root).resolve() == sample_corpus_path().resolve()


def test_cancel_stops_loading(qtbot, window: MainWindow) -> None:
    window.open_folder(sample_corpus_path())
    with qtbot.waitSignal(window.loader.cancelled, timeout=WAIT_MS):
        window.progress.cancel.click()
    assert not window.loader.busy


def test_dropping_a_folder_opens_it(qtbot, window: MainWindow) -> None:
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(sample_corpus_path()))])
    event = QtGui.QDropEvent(
        QtCore.QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.index_ready, timeout=WAIT_MS):
        window.dropEvent(event)
    assert window.folder == sample_corpus_path().resolve()


def test_recent_folders_threshold_and_layout_persist(qtbot, loaded: MainWindow, tmp_path: Path) -> None:
    loaded.threshold.slider.setValue(70)
    qtbot.waitUntil(lambda: loaded.settings.threshold() == pytest.approx(0.7), timeout=WAIT_MS)
    loaded.resize(780, 700)  # inside the offscreen platform's 800 x 800 screen, so geometry restores as is
    loaded.overview_dock.show()
    top = loaded.findChild(type(loaded.centralWidget()), "topSplitter")
    top.setSizes([150, 300, 200])
    QtWidgets.QApplication.processEvents()  # the dock's width settles first: what is saved is laid out
    sizes = top.sizes()
    loaded.close()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert again.settings.recent_folders()[0] == str(sample_corpus_path().resolve())
    assert again.threshold.value() == pytest.approx(0.7)
    assert again.size() == QtCore.QSize(780, 700)
    assert again.findChild(type(again.centralWidget()), "topSplitter").sizes() == sizes
    assert again.overview_dock.isVisible()


def test_recent_folders_menu_lists_the_folders_opened(qtbot, loaded: MainWindow, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(DATA / "ui" / "newswcl50-event_0", other)
    with qtbot.waitSignal(loaded.index_ready, timeout=WAIT_MS):
        loaded.open_folder(other)
    loaded.recent_menu.aboutToShow.emit()
    entries = [a.text() for a in loaded.recent_menu.actions() if a.text()]
    assert entries[:2] == [str(other.resolve()), str(sample_corpus_path().resolve())]
    assert "Sample Corpus" in entries
    with qtbot.waitSignal(loaded.index_ready, timeout=WAIT_MS):
        next(a for a in loaded.recent_menu.actions() if a.text() == entries[1]).trigger()
    assert loaded.folder == sample_corpus_path().resolve()


def test_about_names_the_version(loaded: MainWindow) -> None:
    assert __version__ in loaded.about_text()
    assert "Alt+Down" in loaded.about_text()


def test_tabs_are_all_there(loaded: MainWindow) -> None:
    titles = [loaded.tabs.tabText(i) for i in range(loaded.tabs.count())]
    assert [t.split(" (")[0] for t in titles] == list(TABS)


def test_discrepancies_table_lists_the_flight_date_and_opens_its_comparison(
    qtbot, window: MainWindow
) -> None:
    with qtbot.waitSignal(window.discrepancies_ready, timeout=WAIT_MS):
        window.open_folder(sample_corpus_path())
    rows = window.discrepancies_panel.model.records()
    flight = [r for r in rows if r.claim.text in ("June 27", "July 27")]
    assert {(r.claim.source, r.claim.text) for r in flight} == {
        ("LifeZette", "June 27"),
        ("American Military News", "July 27"),
        ("Asian Correspondent", "July 27"),
    }
    assert all(r.discrepancy.verdict == "conflict" and r.discrepancy.majority == "July 27" for r in flight)
    assert "conflict" in window.tabs.tabText(TABS.index("Discrepancies"))
    window.tabs.setCurrentIndex(TABS.index("Discrepancies"))
    view, proxy = window.discrepancies_panel.view, window.discrepancies_panel.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 3).data() == "June 27")
    view.setFocus()
    view.setCurrentIndex(proxy.index(row, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Comparison"
    assert window.current_doc == doc_id(window, "LifeZette")
    left, right = window.comparison.panes
    assert "June 27" in left.text and "July 27" in right.text


DARK = QtGui.QPalette(QtGui.QColor(Qt.GlobalColor.darkGray).darker(300))  # as Qt derives a dark theme


@pytest.fixture
def restore_palette():
    original = QtGui.QPalette(QtWidgets.QApplication.palette())
    yield
    QtWidgets.QApplication.setPalette(original)


def set_theme(window: MainWindow, pal: QtGui.QPalette, where: str) -> None:
    """What a desktop does when it switches between light and dark (on the whole application), or a
    palette given to the window alone."""
    if where == "application":
        QtWidgets.QApplication.setPalette(pal)
    else:
        window.setPalette(pal)
    QtWidgets.QApplication.processEvents()


def chip_colors(legend) -> list[str]:
    return [chip.pixmap().toImage().pixelColor(0, 0).name() for chip in legend.chips]


def assert_theme(window: MainWindow, dark: bool) -> None:
    """Legends, reading-pane marks, comparison marks and verdict text all in the colours of `dark`."""
    assert marks.is_dark(window.reading.text.palette()) == dark
    shades = palette.SHARED_SHADES_DARK if dark else palette.SHARED_SHADES_LIGHT
    pick = (lambda m: m.dark) if dark else (lambda m: m.light)
    assert chip_colors(window.reading.legend) == [*shades, pick(palette.CONFLICT), pick(palette.SOFT)]
    assert chip_colors(window.comparison.legend) == [pick(m) for m in COMPARISON_MARKS]

    pane = window.reading.text
    at = pane.text.index("June 27", pane.text.index(FLY_OUT))
    assert char_format(pane, at).foreground().color().name() == pick(palette.CONFLICT)
    shared = char_format(pane, pane.text.index(FLY_OUT))
    assert shared.background().color().name() in shades
    assert shared.hasProperty(QtGui.QTextFormat.Property.ForegroundBrush) == dark  # light text on dark shades
    highlight = pane.palette().color(QtGui.QPalette.ColorRole.Highlight)
    assert all(s.format.background().color().rgb() == highlight.rgb() for s in pane.extraSelections())

    left, right = window.comparison.panes
    assert char_format(left, left.text.index("June 27")).foreground().color().name() == pick(palette.CONFLICT)
    assert char_format(right, right.text.index("July 27")).foreground().color().name() == pick(
        palette.CONFLICT
    )
    shown = backgrounds(left)  # the flight passage is 55% similar: its shared words are marked
    assert pick(palette.SHARED_WORDS) in shown
    other = palette.SHARED_WORDS.light if dark else palette.SHARED_WORDS.dark
    assert other not in shown

    view = window.discrepancies_panel.view
    column = discrepancies.VERDICT_COLUMN
    index = next(
        view.model().index(r, column)
        for r in range(view.model().rowCount())
        if view.model().index(r, column).data() == "conflict"
    )
    option = QtWidgets.QStyleOptionViewItem()
    option.palette = view.palette()
    view.itemDelegateForColumn(column).initStyleOption(option, index)
    assert option.palette.color(QtGui.QPalette.ColorRole.Text).name() == pick(palette.CONFLICT)


@pytest.mark.parametrize("where", ["application", "window"])
def test_a_live_theme_switch_recolours_legends_marks_and_tables(
    qtbot, window: MainWindow, restore_palette, where: str
) -> None:
    with qtbot.waitSignal(window.discrepancies_ready, timeout=WAIT_MS):
        window.open_folder(sample_corpus_path())
    open_fly_out_passage(qtbot, window)
    light = QtGui.QPalette(window.palette())
    assert not marks.is_dark(light)  # the tests' offscreen theme
    assert_theme(window, dark=False)
    set_theme(window, DARK, where)
    assert_theme(window, dark=True)
    set_theme(window, light, where)
    assert_theme(window, dark=False)


def test_a_threshold_change_shows_what_a_fresh_open_at_that_threshold_shows(qtbot, loaded: MainWindow) -> None:
    """The slider moved (up, down, back to where it was: that index is kept) gives the alignment, groups,
    statistics and disputed facts of an index made from scratch at the new threshold."""
    from reference import reference_regroup

    from viewer.ui.index import CorpusIndex

    base = loaded.index.base
    for percent in (62, 45, 62):
        with qtbot.waitSignal(loaded.index_ready, timeout=WAIT_MS):
            loaded.threshold.slider.setValue(percent)
        shown, fresh = loaded.index, CorpusIndex(base, percent / 100)
        assert shown.threshold == pytest.approx(percent / 100)
        assert shown.alignment == fresh.alignment == reference_regroup(base, shown.threshold)
        assert shown.stats == fresh.stats and shown.discrepancies == fresh.discrepancies
        for doc in base.corpus.documents:
            assert shown.pairs_of(doc.id) == fresh.pairs_of(doc.id)
            assert shown.segments(doc.id) == fresh.segments(doc.id)


def test_parallels_one_line_each_with_the_whole_passage_below(qtbot, loaded: MainWindow) -> None:
    """The Parallels list is one line a parallel (no passage wrapped into a narrow column); the passage of
    the one selected is shown whole below the list."""
    open_fly_out_passage(qtbot, loaded)
    panel, view = loaded.parallels, loaded.parallels.view
    rows = panel.rows()
    assert rows and not view.wordWrap()
    assert {view.rowHeight(r) for r in range(len(rows))} == {view.verticalHeader().defaultSectionSize()}
    for r, row in enumerate(rows):
        view.setCurrentIndex(view.model().index(r, 0))
        assert panel.passage.toPlainText() == row.passage
        assert loaded.selection.pair == row.pair


def test_the_layout_stays_put_for_a_long_title_and_the_overview(qtbot, loaded: MainWindow) -> None:
    """Another document, a title of several lines, or the overview opening beside them move no pane up or
    down: the reading text and both comparison panes start at the same height."""

    def tops() -> tuple[int, ...]:
        QtWidgets.QApplication.processEvents()
        widgets = (loaded.reading.text, *loaded.comparison.panes)
        return tuple(w.mapTo(loaded, QtCore.QPoint(0, 0)).y() for w in widgets)

    open_fly_out_passage(qtbot, loaded)
    before = tops()
    for doc in loaded.index.documents:
        loaded.select_document(doc.id)
        assert tops() == before, doc.id
    long = replace(loaded.index.documents[0], title="A headline that goes on and on " * 12)
    loaded.reading.show_document(long, loaded.index)
    assert tops() == before
    loaded.overview_dock.show()
    assert tops() == before


def test_every_control_has_an_accessible_name(loaded: MainWindow) -> None:
    """A screen reader names every control of ours: its accessible name, or a button's own text. Qt's own
    parts (headers, scroll bars, the tab bar, a line edit's clear button, a combo box's popup) are named by
    Qt from their contents."""
    controls = (QtWidgets.QAbstractButton, QtWidgets.QLineEdit, QtWidgets.QComboBox, QtWidgets.QAbstractSlider,
                QtWidgets.QAbstractItemView, QtWidgets.QTextEdit, QtWidgets.QPlainTextEdit,
                QtWidgets.QAbstractSpinBox)
    qts_own = (QtWidgets.QHeaderView, QtWidgets.QScrollBar, QtWidgets.QTabBar)
    nameless = []
    for w in loaded.findChildren(QtWidgets.QWidget):
        parent = w.parentWidget()
        if (not isinstance(w, controls) or isinstance(w, qts_own) or w.objectName().startswith("qt_")
                or isinstance(parent, QtWidgets.QLineEdit)
                or (parent is not None and parent.inherits("QComboBoxPrivateContainer"))):
            continue
        if not (w.accessibleName() or (isinstance(w, QtWidgets.QAbstractButton) and w.text())):
            nameless.append(f"{type(w).__name__} in {type(parent).__name__} {w.toolTip()!r}")
    assert nameless == []
