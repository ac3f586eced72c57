"""Long work off the GUI thread: QRunnables on the global QThreadPool, results back by queued signals.

A `TaskRunner` runs one kind of task at a time: starting a new one cancels the previous one, and results of a
task that is no longer the current one are dropped (each signal carries the task's number). The task function
never touches a widget; it receives `progress(stage, done, total)`, `partial(value)` and a cancel token.
Imports: viewer.core.progress, viewer.ui.qt.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from viewer.core.progress import Cancelled, CancelToken, Progress
from viewer.ui.qt import QtCore, Signal

TaskFn = Callable[[Progress, Callable[[Any], None], CancelToken], Any]


class _Signals(QtCore.QObject):
    progress = Signal(int, str, int, int)
    partial = Signal(int, object)
    finished = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)


class _Task(QtCore.QRunnable):
    def __init__(self, number: int, fn: TaskFn, signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self.number, self.fn, self.signals, self.cancel = number, fn, signals, cancel

    def run(self) -> None:
        n, sig = self.number, self.signals
        try:
            result = self.fn(self._progress, lambda value: sig.partial.emit(n, value), self.cancel)
        except Cancelled:
            sig.cancelled.emit(n)
        except Exception as exc:  # reported to the user as a message, never lost in a thread
            traceback.print_exc()
            sig.failed.emit(n, f"{type(exc).__name__}: {exc}" if not isinstance(exc, OSError) else str(exc))
        else:
            if self.cancel.is_set():
                sig.cancelled.emit(n)
            else:
                sig.finished.emit(n, result)

    _last: tuple[str, float] = ("", 0.0)

    def _progress(self, stage: str, done: int, total: int) -> None:
        """Forward progress at most every 50 ms per stage, plus each stage's start and end."""
        now = time.monotonic()
        if stage != self._last[0] or done >= total or now - self._last[1] >= 0.05:
            self._last = (stage, now)
            self.signals.progress.emit(self.number, stage, done, total)


class TaskRunner(QtCore.QObject):
    """Runs the latest task of one kind; signals carry only the current task's news."""

    progress = Signal(str, int, int)
    partial = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    busy_changed = Signal(bool)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._number = 0
        self._cancel: threading.Event | None = None
        self._signals = _Signals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.partial.connect(self._on_partial)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.cancelled.connect(self._on_cancelled)

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    def start(self, fn: TaskFn) -> int:
        """Drop whatever runs and start `fn` in the thread pool; returns the task's number."""
        if self._cancel is not None:
            self._cancel.set()
        self._number += 1
        self._cancel = threading.Event()
        QtCore.QThreadPool.globalInstance().start(_Task(self._number, fn, self._signals, self._cancel))
        self.busy_changed.emit(True)
        return self._number

    def cancel(self) -> None:
        """Ask the current task to stop; its results, if any still arrive, are dropped.

        Call `wait()` before the runner is destroyed: a task still running would signal a deleted object.
        """
        if self._cancel is not None:
            self._cancel.set()
            self._cancel = None
            self._number += 1
            self.busy_changed.emit(False)
            self.cancelled.emit()

    @staticmethod
    def wait(msecs: int = 10_000) -> bool:
        return QtCore.QThreadPool.globalInstance().waitForDone(msecs)

    def _current(self, number: int) -> bool:
        return number == self._number and self._cancel is not None

    def _done(self) -> None:
        self._cancel = None
        self.busy_changed.emit(False)

    def _on_progress(self, number: int, stage: str, done: int, total: int) -> None:
        if self._current(number):
            self.progress.emit(stage, done, total)

    def _on_partial(self, number: int, value: object) -> None:
        if self._current(number):
            self.partial.emit(value)

    def _on_finished(self, number: int, value: object) -> None:
        if self._current(number):
            self._done()
            self.finished.emit(value)

    def _on_failed(self, number: int, message: str) -> None:
        if self._current(number):
            self._done()
            self.failed.emit(message)

    def _on_cancelled(self, number: int) -> None:
        if self._current(number):  # cancelled from inside (token set elsewhere); cancel() already reported
            self._done()
            self.cancelled.emit()
