"""The Reading pane: one document with its metadata header, shared passages shaded by how many other
documents share them, diverging numbers and dates marked by verdict, and a find bar. The marks and the
legend take the colours of the theme in force, and change with it.

Imports: viewer.palette, viewer.core.model,
viewer.ui (index, marks, qt, views.text_pane, views.find_bar, views.legend).
"""

from __future__ import annotations

import html
from functools import partial

from viewer import palette
from viewer.core.model import Corpus, Document
from viewer.ui import marks
from viewer.ui.index import ClaimMark, CorpusIndex, FactMark
from viewer.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from viewer.ui.selection import Field, Selection
from viewer.ui.views.find_bar import FindBar
from viewer.ui.views.legend import Legend, mark_entries, shade_entries
from viewer.ui.views.text_pane import FormattedSpan, TextPane

URL_CHARS = 60


def fact_tooltip(mark: FactMark, index: CorpusIndex) -> str:
    """'June 27 here; July 27 in Asian Correspondent (2018-07-18). Conflict: rule'."""
    other = index.docs[mark.other_doc]
    there = mark.there.text if mark.there else "nothing"
    when = f" ({other.date})" if other.date else ""
    d = mark.divergence
    return (
        f"{mark.here.text} ({mark.here.value}) here; {there}"
        f"{f' ({mark.there.value})' if mark.there else ''} in {other.label}{when}.\n"
        f"{d.verdict.capitalize()} ({d.kind}): {d.rule}"
    )


def claim_tooltip(mark: ClaimMark) -> str:
    """'7,700 here: an outlier. Most sources say 7700 (2 of 3); also stated: 7800 (1).'"""
    d, tr = mark.discrepancy, QtCore.QCoreApplication.translate
    standing = tr("reading", "an outlier") if mark.outlier else tr("reading", "disputed")
    others = "; ".join(f"{value} ({d.count(value)})" for value, _ in d.values)
    majority = (
        tr("reading", "Most sources say {value} ({n} of {of}).").format(
            value=d.majority, n=d.count(d.majority), of=len(d.documents)
        )
        if d.majority
        else tr("reading", "No value has a majority.")
    )
    return tr(
        "reading", "{text} here: {standing} {kind} ({verdict}). {majority} Values stated: {others}."
    ).format(
        text=mark.claim.text,
        standing=standing,
        kind=d.kind,
        verdict=d.verdict,
        majority=majority,
        others=others,
    )


class ReadingPane(QtWidgets.QWidget):
    passage_clicked = Signal(int)  # offset into the document's text

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QtWidgets.QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setContentsMargins(12, 8, 12, 4)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.header.setOpenExternalLinks(True)
        self.text = TextPane()
        self.text.setObjectName("readingText")
        self.text.setAccessibleName(self.tr("Document text"))
        self.find_bar = FindBar(self.text)
        self.find_bar.hide()
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.text, 1)
        self.legend = Legend(
            lambda dark: shade_entries(dark) + mark_entries((palette.CONFLICT, palette.SOFT), dark),
            self.tr("Shared by:"),
        )
        layout.addWidget(self.legend)
        layout.addWidget(self.find_bar)
        self.doc: Document | None = None
        self._index: CorpusIndex | None = None
        self._docs: dict[str, Document] = {}
        self.text.clicked.connect(self.passage_clicked)
        self.show_message("No document", "Open a folder of articles (File ▸ Open Folder, or drop it here).")

    # -- Panel ----------------------------------------------------------------------------------------------

    def set_corpus(self, corpus: Corpus | None) -> None:
        """The documents as read, shown plain until the alignment arrives."""
        self._docs = corpus.by_id() if corpus else {}

    def set_index(self, index: CorpusIndex | None) -> None:
        self._index = index
        if index is not None:
            self._docs = index.docs
            if self.doc is not None and self.doc.id in self._docs:
                self.show_document(self._docs[self.doc.id], index)  # now shaded and marked

    def show_selection(self, selection: Selection, changed: frozenset[Field]) -> None:
        if Field.DOCUMENT in changed and selection.document in self._docs:
            self.show_document(self._docs[selection.document], self._index)
        if Field.OFFSET in changed or Field.PAIR in changed:
            self.highlight_passage(selection.document, selection.offset)

    def highlight_passage(self, doc_id: str | None, offset: int | None) -> None:
        """Mark the shared passage under `offset` as the current one (nothing when there is none)."""
        span = None
        if self._index is not None and doc_id is not None and offset is not None:
            span = self._index.passage_span(doc_id, self._index.pairs_at(doc_id, offset))
        if span is None:
            self.text.clear_highlight()
        else:
            self.text.highlight(*span)

    def _title_font(self) -> QtGui.QFont:
        font = QtGui.QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        return font

    def _render_header(self) -> None:
        """The document's header at a fixed height: its title cut to two lines, so that a long title does
        not push the text down (the Documents tooltip and the file give it whole)."""
        if self.doc is None:
            return
        title_metrics = QtGui.QFontMetrics(self._title_font())
        width = max(120, self.header.width() - 28)
        title = title_metrics.elidedText(
            self.doc.title or self.doc.label, Qt.TextElideMode.ElideRight, int(width * 1.8)
        )
        self.header.setText(_header_html(self.doc, title, self._title_font().pointSizeF()))
        self.header.setToolTip(self.doc.title)
        line = self.fontMetrics().lineSpacing()
        self.header.setFixedHeight(2 * title_metrics.lineSpacing() + 2 * line + 14)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._render_header()

    def show_message(self, title: str, body: str) -> None:
        self.doc = None
        self.header.setText(f"<h3>{html.escape(title)}</h3>")
        self.text.set_text(body)

    def show_document(self, doc: Document, index: CorpusIndex | None) -> None:
        """Show `doc`, shaded and marked from `index` (plain while the folder is still being aligned)."""
        self.doc, self._index = doc, index
        self._render_header()
        marker = None if index is None else partial(document_marks, doc, index)
        self.text.set_text(doc.text, self._tooltip, marker)

    def _tooltip(self, offset: int) -> str | None:
        if self.doc is None or self._index is None:
            return None
        found = [m for m in self._index.fact_marks(self.doc.id) if m.here.start <= offset < m.here.end]
        claims = [c for c in self._index.claim_marks(self.doc.id) if c.claim.start <= offset < c.claim.end]
        if found or claims:
            tips = [fact_tooltip(m, self._index) for m in found] + [claim_tooltip(c) for c in claims[:1]]
            return "\n\n".join(tips)
        pairs = self._index.pairs_at(self.doc.id, offset)
        if pairs:
            others = sorted({self._index.docs[p.other(self.doc.id).doc].label for p in pairs})
            return f"Shared with {len(others)} other document{'s' * (len(others) > 1)}: {', '.join(others)}"
        return None


def document_marks(doc: Document, index: CorpusIndex, pal: QtGui.QPalette) -> list[FormattedSpan]:
    """Shared passages of `doc` shaded, its diverging values coloured by verdict, for the theme of `pal`."""
    dark = marks.is_dark(pal)
    shades = [(seg.start, seg.end, marks.shade_format(seg.others, dark)) for seg in index.segments(doc.id)]
    verdicts = [
        (m.here.start, m.here.end, marks.verdict_format(m.divergence.verdict, dark))
        for m in index.fact_marks(doc.id)
    ]
    # values the Discrepancies table lists, also those linked to the dispute only through agreeing pairs
    marked = {(start, end) for start, end, _ in verdicts}
    claims = [
        (c.claim.start, c.claim.end, marks.verdict_format(c.discrepancy.verdict, dark))
        for c in index.claim_marks(doc.id)
        if (c.claim.start, c.claim.end) not in marked
    ]
    return shades + verdicts + claims


def _header_html(doc: Document, title: str, points: float) -> str:
    bits = [html.escape(b) for b in (doc.source, doc.date or "") if b]
    if doc.url:
        shown = doc.url if len(doc.url) <= URL_CHARS else doc.url[: URL_CHARS - 1] + "…"
        bits.append(f'<a href="{html.escape(doc.url, quote=True)}">{html.escape(shown)}</a>')
    meta = " · ".join(bits)
    return (
        f"<div style='font-size:{points:.1f}pt; font-weight:bold'>{html.escape(title)}</div>"
        f"<div>{meta}</div><div><small>{html.escape(doc.path)}</small></div>"
    )
