"""`python -m viewer.ui.screenshots OUTDIR NAME=FOLDER ...`: pictures of the real window to look at.

For each corpus: the main window with a shared passage clicked, the comparison pane, the discrepancies tab,
the overview, and the main window again in the dark colour scheme. The passage shown is the first disputed
fact's (so a conflict is on screen), else the first passage of the most shared document. Run headless
(`make screenshots` sets QT_QPA_PLATFORM=offscreen). Imports: viewer.ui.
"""

from __future__ import annotations

import sys
from pathlib import Path

from viewer.ui.app import create_application
from viewer.ui.main_window import TABS, MainWindow
from viewer.ui.models.discrepancies import pair_for_claim
from viewer.ui.qt import Qt, QtCore, QtGui, QtWidgets

SIZE = QtCore.QSize(1440, 900)
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
    rows = window.discrepancies_panel.model.records()
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


def shoot(name: str, folder: Path, out: Path, dark: bool = False) -> list[Path]:
    window = MainWindow()
    window.resize(SIZE)
    window.overview_dock.hide()  # each picture starts from the same layout, whatever the last run left
    window.show()
    window.open_folder(folder)
    wait_for(window.discrepancies_ready)
    show_something(window)
    settle()
    suffix = "-dark" if dark else ""
    written = []

    def save(what: str, widget: QtWidgets.QWidget) -> None:
        settle()
        path = out / f"{name}-{what}{suffix}.png"
        widget.grab().save(str(path))
        written.append(path)

    window.tabs.setCurrentIndex(TABS.index("Comparison"))
    save("main", window)
    if not dark:
        save("comparison", window.comparison)
        window.tabs.setCurrentIndex(TABS.index("Group"))
        save("group", window)
        window.tabs.setCurrentIndex(TABS.index("Discrepancies"))
        save("discrepancies", window)
        window.overview_dock.show()
        save("overview", window)
    window.close()
    return written


def main(argv: list[str]) -> int:
    if len(argv) < 2 or any("=" not in a for a in argv[1:]):
        print("usage: python -m viewer.ui.screenshots OUTDIR NAME=FOLDER [NAME=FOLDER ...]", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    create_application()
    for spec in argv[1:]:
        name, folder = spec.split("=", 1)
        for path in shoot(name, Path(folder), out):
            print(path)
    QtWidgets.QApplication.setStyle("Fusion")
    # A dark theme as a desktop would give it (offscreen Qt has none): Qt derives a whole palette from one
    # dark window colour. This checks that the palette module's dark colours read well on it.
    QtWidgets.QApplication.setPalette(QtGui.QPalette(QtGui.QColor(Qt.GlobalColor.darkGray).darker(300)))
    name, folder = argv[1].split("=", 1)
    for path in shoot(name, Path(folder), out, dark=True):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
