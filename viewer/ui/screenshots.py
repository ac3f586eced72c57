"""`python -m viewer.ui.screenshots OUTDIR NAME=FOLDER ...`: pictures of the real window to look at.

For each corpus, one picture per point a fact-checker checks (see docs/screenshots/README.md): the window at
1400x900 and 1024x700 on the first disputed fact's comparison, a comparison of two close passages and one
of a low-similarity pair, the Discrepancies tab (outliers, triage, a filter), the Search tab, two documents
compared directly, the Help text, and the main window and the overview in the dark colour scheme. Run
headless (`make screenshots` sets QT_QPA_PLATFORM=offscreen and fresh settings). Imports: viewer.ui.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from viewer.ui.app import create_application
from viewer.ui.main_window import TABS, MainWindow
from viewer.ui.models.discrepancies import Triage, pair_for_claim
from viewer.ui.qt import Qt, QtCore, QtGui, QtWidgets
from viewer.ui.views.comparison import LOW_SIMILARITY

SIZES = {"": QtCore.QSize(1400, 900), "-1024": QtCore.QSize(1024, 700)}
TIMEOUT_MS = 600_000


def wait_for(signal: QtCore.SignalInstance) -> None:
    loop = QtCore.QEventLoop()
    signal.connect(loop.quit)
    QtCore.QTimer.singleShot(TIMEOUT_MS, loop.quit)
    loop.exec()


def settle() -> None:
    for _ in range(3):
        QtWidgets.QApplication.processEvents()


def show_something(window: MainWindow) -> None:
    """Open the first disputed fact's comparison, else the most shared document's first passage."""
    rows = window.discrepancies_panel.rows()
    if rows and window.index is not None:
        found = pair_for_claim(window.index, rows[0])
        if found is not None:
            window.open_pair(*found)
            return
    index = window.index
    if index is None:
        return
    best = max(index.documents, key=lambda d: index.stats[d.id].passages)
    window.select_document(best.id)
    window.step_passage(1)


def open_window(folder: Path, size: QtCore.QSize) -> MainWindow:
    window = MainWindow()
    window.resize(size)
    window.overview_dock.hide()  # each picture starts from the same layout, whatever the last run left
    window.show()
    window.open_folder(folder)
    wait_for(window.discrepancies_ready)
    while window.opened is not None and window.opened.pending:  # a large folder's shared words come first
        wait_for(window.discrepancies_ready)
    show_something(window)
    settle()
    return window


def _pair_by_similarity(window: MainWindow, low: bool) -> None:
    """Compare the most similar pair below LOW_SIMILARITY (low), or the least similar one above it that
    still differs (else), the way a click in the parallels list would."""
    assert window.index is not None
    if low:
        pairs = [p for p in window.index.pairs if p.similarity < LOW_SIMILARITY]
        chosen = max(pairs, key=lambda p: p.similarity, default=None)
    else:
        pairs = [p for p in window.index.pairs if LOW_SIMILARITY <= p.similarity < 0.95]
        chosen = min(pairs, key=lambda p: p.similarity, default=None)
    if chosen is not None:
        window.open_pair(chosen.a.doc, chosen)


def _triage(window: MainWindow) -> None:
    """The Discrepancies tab with the first fact reviewed and the second dismissed."""
    panel = window.discrepancies_panel
    keys: list[str] = []
    for row in panel.rows():
        if row.key not in keys:
            keys.append(row.key)
    for key, status in zip(keys, (Triage.REVIEWED, Triage.DISMISSED), strict=False):
        panel.set_status(next(r for r in panel.rows() if r.key == key), status)
    window.tabs.setCurrentIndex(TABS.index("Discrepancies"))


def _filtered(window: MainWindow) -> None:
    """The Discrepancies tab filtered to the outlet with the most claims."""
    panel = window.discrepancies_panel
    sources = [r.claim.source for r in panel.rows()]
    if sources:
        outlet = panel.filters["outlet"]
        outlet.setCurrentIndex(outlet.findData(max(set(sources), key=sources.count)))
    window.tabs.setCurrentIndex(TABS.index("Discrepancies"))


def _search(window: MainWindow) -> None:
    """Search every article for the most frequent word of six letters or more of the current document."""
    assert window.index is not None and window.current_doc is not None
    words = [w.strip(".,;:“”\"'’()").lower() for w in window.index.docs[window.current_doc].text.split()]
    long_words = [w for w in words if len(w) >= 6 and w.isalpha()]
    window.search_all()
    window.search.box.setText(max(set(long_words), key=long_words.count) if long_words else "")
    window.search.run()
    window.search.view.activated.emit(window.search.proxy.index(0, 0))
    window.tabs.setCurrentIndex(TABS.index("Search"))


def _compare_two(window: MainWindow) -> None:
    """The two documents that share the most text, compared directly."""
    index = window.index
    assert index is not None
    a, b = max(
        ((x.id, y.id) for x in index.documents for y in index.documents if x.id < y.id),
        key=lambda ab: len(index.pairs_between(*ab)),
    )
    window.navigator.show_pair_of_documents(a, b)


SCENES: dict[str, Callable[[MainWindow], None]] = {
    "main": lambda w: w.tabs.setCurrentIndex(TABS.index("Comparison")),
    "comparison": lambda w: _pair_by_similarity(w, low=False),
    "comparison-low-similarity": lambda w: _pair_by_similarity(w, low=True),
    "compare-two-documents": _compare_two,
    "discrepancies-triage": _triage,
    "discrepancies-filtered": _filtered,
    "search": _search,
}


def shoot(name: str, folder: Path, out: Path, help_text: bool = True) -> list[Path]:
    written = []

    def save(what: str, widget: QtWidgets.QWidget) -> None:
        settle()
        path = out / f"{name}-{what}.png"
        widget.grab().save(str(path))
        written.append(path)

    for suffix, size in SIZES.items():
        window = open_window(folder, size)
        save(f"main{suffix}", window)
        if not suffix:
            for scene, arrange in list(SCENES.items())[1:]:
                arrange(window)
                save(scene, window)
        if not suffix and help_text:
            box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, "", window.how_to_read_text())
            box.setWindowTitle(window.tr("How to Read This Window"))
            box.show()
            save("help", box)
            box.close()
        window.close()
    return written


def shoot_dark(name: str, folder: Path, out: Path) -> list[Path]:
    window = open_window(folder, SIZES[""])
    written = [out / f"{name}-main-dark.png", out / f"{name}-overview-dark.png"]
    settle()
    window.grab().save(str(written[0]))
    window.overview_dock.show()
    settle()
    window.grab().save(str(written[1]))
    window.close()
    return written


def main(argv: list[str]) -> int:
    if len(argv) < 2 or any("=" not in a for a in argv[1:]):
        print("usage: python -m viewer.ui.screenshots OUTDIR NAME=FOLDER [NAME=FOLDER ...]", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    create_application()
    for n, spec in enumerate(argv[1:]):
        name, folder = spec.split("=", 1)
        for path in shoot(name, Path(folder), out, help_text=n == 0):
            print(path)
    QtWidgets.QApplication.setStyle("Fusion")
    # A dark theme as a desktop would give it (offscreen Qt has none): Qt derives a whole palette from one
    # dark window colour. This checks that the palette module's dark colours read well on it.
    QtWidgets.QApplication.setPalette(QtGui.QPalette(QtGui.QColor(Qt.GlobalColor.darkGray).darker(300)))
    name, folder = argv[1].split("=", 1)
    for path in shoot_dark(name, Path(folder), out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
