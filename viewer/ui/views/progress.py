"""The status-bar progress of background work: what is happening, how far along, and a Cancel button.

Imports: viewer.ui.qt.
"""

from __future__ import annotations

from viewer.ui.qt import QtWidgets, Signal


class ProgressPanel(QtWidgets.QWidget):
    cancel_requested = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QtWidgets.QLabel()
        self.bar = QtWidgets.QProgressBar()
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(False)
        self.cancel = QtWidgets.QPushButton(self.tr("Cancel"))
        self.cancel.setToolTip(self.tr("Stop reading and aligning this folder"))
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.cancel.clicked.connect(self.cancel_requested)
        self.hide()

    def set_busy(self, busy: bool) -> None:
        self.setVisible(busy)
        if busy:
            self.label.setText(self.tr("Starting…"))
            self.bar.setRange(0, 0)

    def set_progress(self, stage: str, done: int, total: int) -> None:
        self.label.setText(f"{stage} ({done}/{total})" if total else stage)
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        else:
            self.bar.setRange(0, 0)
