"""The similarity threshold control: a slider in percent that reports a settled value (debounced).

Imports: viewer.ui.qt.
"""

from __future__ import annotations

from viewer.ui.qt import Qt, QtCore, QtWidgets, Signal

DEBOUNCE_MS = 150


class ThresholdControl(QtWidgets.QWidget):
    changed = Signal(float)  # the threshold in 0..1, once the slider has rested for DEBOUNCE_MS

    def __init__(self, value: float, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = QtWidgets.QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(10, 100)
        self.slider.setPageStep(5)
        self.slider.setFixedWidth(160)
        self.slider.setToolTip(
            self.tr(
                "Show only parallels at least this similar (a parallel marked ↔ is below it, kept because "
                "other documents corroborate it)"
            )
        )
        self.slider.setAccessibleName(self.tr("Similarity threshold"))
        self.label = QtWidgets.QLabel()
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("100%") + 6)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(QtWidgets.QLabel(self.tr("Similarity ≥")))
        layout.addWidget(self.slider)
        layout.addWidget(self.label)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Fixed, QtWidgets.QSizePolicy.Policy.Preferred)
        self._timer = QtCore.QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.changed.emit(self.value()))
        self.slider.valueChanged.connect(self._moved)
        self.set_value(value)

    def value(self) -> float:
        return self.slider.value() / 100

    def set_value(self, value: float) -> None:
        """Move the slider without reporting a change."""
        self.slider.blockSignals(True)
        self.slider.setValue(round(value * 100))
        self.slider.blockSignals(False)
        self.label.setText(f"{self.slider.value()}%")

    def set_floor(self, floor: float) -> None:
        """The lowest threshold there is anything to show for (the engine keeps no pairs below it)."""
        self.slider.blockSignals(True)
        self.slider.setMinimum(round(floor * 100))
        self.slider.blockSignals(False)
        self.label.setText(f"{self.slider.value()}%")

    def _moved(self, percent: int) -> None:
        self.label.setText(f"{percent}%")
        self._timer.start()
