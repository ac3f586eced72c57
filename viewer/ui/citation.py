"""A passage quoted with where it comes from, as a fact-checker pastes it into a correction or a note:
“…passage…” — Outlet, 2018-07-17, “Title”, URL (file). Qt-free. Imports: viewer.core.model.
"""

from __future__ import annotations

from viewer.core.model import Document


def citation(doc: Document) -> str:
    """Outlet, date, “title”, URL (file): whichever of them the document has."""
    parts = [doc.label]
    if doc.date:
        parts.append(doc.date)
    if doc.title:
        parts.append(f"“{doc.title}”")
    if doc.url:
        parts.append(doc.url)
    return ", ".join(parts) + f" ({doc.path})"


def cited(text: str, doc: Document) -> str:
    """`text` in quotation marks, whitespace collapsed, followed by its citation."""
    return f"“{' '.join(text.split())}” — {citation(doc)}"
