"""Every keyboard shortcut of the window in one table (the menus, the tests and the About box read it).

Imports: viewer.ui.qt only.
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.ui.qt import QtCore, QtGui


@dataclass(frozen=True, slots=True)
class Shortcut:
    action: str
    keys: tuple[str, ...]  # portable key sequences, the first one shown in menus
    description: str


SHORTCUTS: dict[str, Shortcut] = {
    s.action: s
    for s in (
        Shortcut("open", ("Ctrl+O",), "Open a folder of articles"),
        Shortcut("open_result", ("Ctrl+Shift+O",), "Open a result saved by parallax align (JSON or Parquet)"),
        Shortcut("export_pdf", ("Ctrl+E",), "Export the comparison as PDF"),
        Shortcut("reload", ("F5",), "Read and align the folder again"),
        Shortcut("quit", ("Ctrl+Q",), "Quit Parallax"),
        Shortcut("find", ("Ctrl+F",), "Find text in the reading pane"),
        Shortcut("find_next", ("F3",), "Find the next match"),
        Shortcut("find_previous", ("Shift+F3",), "Find the previous match"),
        Shortcut("next_passage", ("Alt+Down",), "Go to the next shared passage"),
        Shortcut("previous_passage", ("Alt+Up",), "Go to the previous shared passage"),
        Shortcut("next_parallel", ("Alt+Right",), "Compare the next parallel in the list"),
        Shortcut("previous_parallel", ("Alt+Left",), "Compare the previous parallel in the list"),
        Shortcut("overview", ("F9",), "Show or hide the overview heat map"),
        Shortcut("filter_documents", ("Ctrl+L",), "Filter the documents list"),
        Shortcut("search_all", ("Ctrl+Shift+F",), "Search every article"),
        Shortcut("compare_documents", ("Ctrl+D",), "Compare two documents directly"),
        Shortcut("shortcuts", ("F1",), "List the keyboard shortcuts"),
    )
}


def key_sequences(action: str) -> list[QtGui.QKeySequence]:
    return [QtGui.QKeySequence(k) for k in SHORTCUTS[action].keys]


def apply(action_name: str, action: QtGui.QAction) -> QtGui.QAction:
    """Give `action` its shortcuts from the table and mention the first one in its tooltip."""
    shortcut = SHORTCUTS[action_name]
    description = QtCore.QCoreApplication.translate("shortcuts", shortcut.description)
    action.setShortcuts(key_sequences(action_name))
    action.setToolTip(f"{description} ({shortcut.keys[0]})")
    action.setStatusTip(description)
    return action


class WindowKeys(QtCore.QObject):
    """Lets the window's shortcuts through wherever the focus is. A text field claims keys it could edit
    with (QLineEdit takes Ctrl+E as "end of line" on Linux, for example); installed on a field, this
    refuses it the window's own key sequences, so Ctrl+E exports from the filter box too."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.sequences = {
            QtGui.QKeySequence(k).toString() for shortcut in SHORTCUTS.values() for k in shortcut.keys
        }

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.ShortcutOverride:
            pressed = QtGui.QKeySequence(event.keyCombination()).toString()
            if pressed in self.sequences:
                event.ignore()
                return True  # not the field's: the window's action gets the key
        return super().eventFilter(watched, event)
