"""Every keyboard shortcut of the window in one table (the menus, the tests and the About box read it).

Imports: viewer.ui.qt only.
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.ui.qt import QtGui


@dataclass(frozen=True, slots=True)
class Shortcut:
    action: str
    keys: tuple[str, ...]  # portable key sequences, the first one shown in menus
    description: str


SHORTCUTS: dict[str, Shortcut] = {
    s.action: s
    for s in (
        Shortcut("open", ("Ctrl+O",), "Open a folder of articles"),
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
    )
}


def key_sequences(action: str) -> list[QtGui.QKeySequence]:
    return [QtGui.QKeySequence(k) for k in SHORTCUTS[action].keys]


def apply(action_name: str, action: QtGui.QAction) -> QtGui.QAction:
    """Give `action` its shortcuts from the table and mention the first one in its tooltip."""
    shortcut = SHORTCUTS[action_name]
    action.setShortcuts(key_sequences(action_name))
    action.setToolTip(f"{shortcut.description} ({shortcut.keys[0]})")
    action.setStatusTip(shortcut.description)
    return action
