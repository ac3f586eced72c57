"""Every Qt name the report uses, imported in this one place, and the application the text layout needs.

QTextDocument, QPainter and QPdfWriter need a QGuiApplication for fonts, but no window and no display:
`ensure_app()` creates an offscreen one when the caller (the command line, a test) has none.
Imports: PySide6 only.
"""

from __future__ import annotations

import threading

from PySide6 import QtCore, QtGui

__all__ = ["QtCore", "QtGui", "ensure_app"]

_app: QtGui.QGuiApplication | None = None


def ensure_app() -> None:
    """Make sure a QGuiApplication exists; create an offscreen one on the main thread when there is none."""
    global _app
    existing = QtCore.QCoreApplication.instance()
    if isinstance(existing, QtGui.QGuiApplication):
        return
    if existing is not None:
        raise RuntimeError("the PDF report needs a QGuiApplication, but a QCoreApplication is running")
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("the PDF report needs a QGuiApplication; create one on the main thread first")
    # A PDF never needs a screen: never fail for want of a display. `-platform` overrides QT_QPA_PLATFORM.
    _app = QtGui.QGuiApplication(["parallax", "-platform", "offscreen"])
