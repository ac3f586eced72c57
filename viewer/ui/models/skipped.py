"""The Skipped files table: every file of the folder that was not read, and why.

Imports: viewer.core.model, viewer.ui.models.table.
"""

from __future__ import annotations

from viewer.ui.models.table import Column, RecordTableModel
from viewer.ui.qt import QtCore

COLUMNS = (
    Column("File", lambda s: s.path, tooltip=lambda s: s.path),
    Column("Reason", lambda s: s.reason, tooltip=lambda s: s.reason),
)


class SkippedModel(RecordTableModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)
