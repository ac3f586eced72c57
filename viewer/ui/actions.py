"""The window's menu bar and toolbar: every action, its menu, its shortcut (from `shortcuts`) and its slot.

Imports: viewer.ui (qt, shortcuts).
"""

from __future__ import annotations

from collections.abc import Callable

from viewer.ui import shortcuts
from viewer.ui.qt import QtCore, QtGui, QtWidgets

# (menu, action name, text, icon theme name); None separates groups. Slots come from the window.
MENUS: dict[str, tuple[tuple[str, str, str] | None, ...]] = {
    "&File": (
        ("open", "&Open Folder…", "document-open"),
        ("recent", "Recent &Folders", ""),
        ("open_result", "Open Saved Re&sult…", "document-open"),
        ("reload", "&Reload", "view-refresh"),
        None,
        ("export_pdf", "&Export Comparison PDF…", "document-save-as"),
        None,
        ("quit", "&Quit", "application-exit"),
    ),
    "&Edit": (
        ("find", "&Find…", "edit-find"),
        ("find_next", "Find &Next", ""),
        ("find_previous", "Find &Previous", ""),
        None,
        ("filter_documents", "Filter &Documents", ""),
        ("search_all", "&Search All Articles…", "edit-find"),
    ),
    "&View": (
        ("next_passage", "&Next Shared Passage", "go-down"),
        ("previous_passage", "&Previous Shared Passage", "go-up"),
        ("next_parallel", "Next Para&llel", "go-next"),
        ("previous_parallel", "Previous P&arallel", "go-previous"),
        ("compare_documents", "&Compare Two Documents…", ""),
        None,
        ("overview", "&Overview", ""),
    ),
    "&Help": (
        ("how_to_read", "&How to Read This Window", "help-contents"),
        ("shortcuts", "&Keyboard Shortcuts", ""),
        None,
        ("about", "&About Parallax", "help-about"),
    ),
}
TOOLBAR = ("open", "reload", "export_pdf", None, "previous_passage", "next_passage", None, "overview")


def build(
    window: QtWidgets.QMainWindow, slots: dict[str, Callable[[], None]], overview: QtGui.QAction
) -> tuple[dict[str, QtGui.QAction], QtWidgets.QMenu, QtWidgets.QToolBar]:
    """Create the menus and the toolbar; returns the actions by name, the recent-folders menu and the toolbar.

    `overview` is the overview dock's own toggle action, placed in the View menu and given its shortcut.
    """
    actions: dict[str, QtGui.QAction] = {"overview": overview}
    recent = QtWidgets.QMenu("Recent &Folders", window)
    bar = window.menuBar()
    for title, entries in MENUS.items():
        menu = bar.addMenu(QtCore.QCoreApplication.translate("menu", title))
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            name, text, icon = entry
            if name == "recent":
                menu.addMenu(recent)
                continue
            text = QtCore.QCoreApplication.translate("menu", text)
            action = actions.get(name) or QtGui.QAction(QtGui.QIcon.fromTheme(icon), text, window)
            action.setText(text)
            if name in shortcuts.SHORTCUTS:
                shortcuts.apply(name, action)
            if name in slots:
                action.triggered.connect(slots[name])
            if name == "about":
                action.setMenuRole(QtGui.QAction.MenuRole.AboutRole)
            menu.addAction(action)
            actions[name] = action
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    for name in TOOLBAR:
        if name is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(actions[name])
    return actions, recent, toolbar
