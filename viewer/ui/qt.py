"""Every Qt name the window uses, imported in this one place: a binding swap touches only this file.

Imports: PySide6 only. Other `viewer.ui` modules
write `from viewer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal`.
"""

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Qt, Signal, Slot

__all__ = ["Qt", "QtCore", "QtGui", "QtWidgets", "Signal", "Slot"]
