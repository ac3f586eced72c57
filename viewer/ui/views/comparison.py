"""The Comparison: two parallel passages side by side, each in a little context, the words only one side has
highlighted, divergent numbers and dates coloured by verdict (tooltips give both values and the rule), and
the two panes scrolling together. Marks and legend take the colours of the theme in force, and change with it.

Imports: viewer.palette, viewer.core (model, worddiff),
viewer.ui (index, marks, qt, views.text_pane, views.legend).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial

from viewer import palette
from viewer.core.align.passages import STOPWORDS
from viewer.core.model import Divergence, Document, Pair, PairBasis, Span
from viewer.core.worddiff import DiffOp, word_diff
from viewer.ui import marks
from viewer.ui.index import CorpusIndex, own_side
from viewer.ui.qt import Qt, QtCore, QtGui, QtWidgets
from viewer.ui.selection import Field, Selection
from viewer.ui.views.legend import Legend, mark_entries
from viewer.ui.views.text_pane import FormattedSpan, TextPane

CONTEXT_CHARS = 160
# As in the PDF: the left passage's own words red and struck, the right passage's own words green and
# underlined; below LOW_SIMILARITY the words the two share are marked instead (see `show_pair`).
SIDE_MARKS = (palette.DIFF_DELETE, palette.DIFF_INSERT)
COMPARISON_MARKS = (
    *SIDE_MARKS,
    palette.SHARED_WORDS,
    palette.CONFLICT,
    palette.SOFT,
    palette.HEDGE,
    palette.EQUIVALENT,
)
LOW_SIMILARITY = 0.6
CONTEXT_LINES = 1  # lines of context above the passage when a comparison opens, in both panes
SIDE_LABELS = ("Only in the left passage", "Only in the right passage")
ELLIPSIS = "… "


@dataclass(frozen=True, slots=True)
class Excerpt:
    """The part of a document a pane shows: the passage plus context, as offsets into the document."""

    doc: Document
    passage: Span
    start: int
    end: int
    pad: int = 0  # blank lines above, so that the passage starts level with the other pane's

    @property
    def prefix(self) -> str:
        return "\n" * self.pad + (ELLIPSIS if self.start > 0 else "")

    @property
    def text(self) -> str:
        suffix = " …" if self.end < len(self.doc.text) else ""
        return self.prefix + self.doc.text[self.start : self.end] + suffix

    def local(self, offset: int) -> int:
        return offset - self.start + len(self.prefix)

    def absolute(self, local: int) -> int:
        return local + self.start - len(self.prefix)


@dataclass(frozen=True, slots=True)
class PaneSpans:
    """What one comparison pane marks, as offsets into its shown text; `marks` gives their formats."""

    excerpt: Excerpt
    facts: list[tuple[int, int]]  # every number or date in the passage
    added: list[tuple[int, int]]  # words the other passage lacks (or, when `shared`, words both have)
    verdicts: list[tuple[int, int, str]]  # diverging values and their verdict
    side: int = 0  # 0 left, 1 right: which colour the pane's own words take
    shared: bool = False  # low similarity: `added` are the shared words

    def marks(self, pal: QtGui.QPalette) -> list[FormattedSpan]:
        """Context faded, facts bold, added words and divergences coloured, for the theme of `pal`; later
        formats merge over earlier ones, so a verdict's colour wins over the plain bold."""
        e, dark = self.excerpt, marks.is_dark(pal)
        dim, bold = marks.context_format(pal), marks.fact_format()
        added = marks.diff_format(palette.SHARED_WORDS if self.shared else SIDE_MARKS[self.side], dark)
        return [
            (0, e.local(e.passage.start), dim),
            (e.local(e.passage.end), len(e.text), dim),
            *((start, end, bold) for start, end in self.facts),
            *((start, end, added) for start, end in self.added),
            *((start, end, marks.verdict_format(v, dark)) for start, end, v in self.verdicts),
        ]


def excerpt(doc: Document, passage: Span, context: int = CONTEXT_CHARS) -> Excerpt:
    """`passage` with up to `context` characters either side, cut at whitespace so no word is split."""
    text = doc.text
    start = max(0, passage.start - context)
    if start > 0:
        gap = text.find(" ", start, passage.start)
        start = gap + 1 if gap >= 0 else passage.start
    end = min(len(text), passage.end + context)
    if end < len(text):
        gap = text.rfind(" ", passage.end, end)
        end = gap if gap >= 0 else passage.end
    return Excerpt(doc, passage, start, end)


def divergence_tooltip(d: Divergence, here_label: str, there_label: str, flip: bool) -> str:
    here, there = (d.b, d.a) if flip else (d.a, d.b)

    def side(label: str, fact: object) -> str:
        return f"{label}: {fact.text} → {fact.value}" if fact else f"{label}: (no value)"

    return "\n".join(
        (
            f"{d.verdict.capitalize()} ({d.kind})",
            side(here_label, here),
            side(there_label, there),
            f"Rule: {d.rule} · confidence {d.confidence:.0%}",
        )
    )


class ComparisonView(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.panes = (TextPane(), TextPane())
        for pane, name in zip(self.panes, (self.tr("Left passage"), self.tr("Right passage")), strict=True):
            pane.setAccessibleName(name)
        self.heads = (QtWidgets.QLabel(), QtWidgets.QLabel())
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)
        splitter = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("comparisonSplitter")
        for head, pane in zip(self.heads, self.panes, strict=True):
            head.setTextFormat(Qt.TextFormat.RichText)
            head.setWordWrap(True)
            box = QtWidgets.QWidget()
            col = QtWidgets.QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.addWidget(head)
            col.addWidget(pane, 1)
            splitter.addWidget(box)
        self.splitter = splitter
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        self.legend = Legend(
            partial(comparison_entries, COMPARISON_MARKS),
            notes=(
                (self.tr("<b>12</b> number or date"), self.tr("Every number and date of a passage is bold")),
                (
                    "<span style='color:gray'>" + self.tr("context") + "</span>",
                    self.tr("Faded: the text around the passage, for context"),
                ),
            ),
        )
        layout.addWidget(self.legend)
        self._syncing = False
        self._anchors: list[tuple[int, int]] = []
        self._excerpts: tuple[Excerpt, Excerpt] | None = None
        left, right = (p.verticalScrollBar() for p in self.panes)
        left.valueChanged.connect(lambda _v: self._sync(left, right))
        right.valueChanged.connect(lambda _v: self._sync(right, left))
        self.pair: Pair | None = None
        self.focus: str | None = None
        self._index: CorpusIndex | None = None
        self.clear()

    # -- Panel ----------------------------------------------------------------------------------------------

    def set_index(self, index: CorpusIndex | None) -> None:
        self._index = index
        self.clear()

    def show_selection(self, selection: Selection, changed: frozenset[Field]) -> None:
        if Field.PAIR not in changed:
            return
        if selection.pair is None or selection.focus is None or self._index is None:
            self.clear()
        else:
            self.show_pair(selection.focus, selection.pair, self._index)

    def clear(self, message: str = "") -> None:
        self.pair = self.focus = None
        self._excerpts = None
        message = message or self.tr("Click a shared passage, then pick one of its parallels.")
        self.status.setText(message)
        for head, pane in zip(self.heads, self.panes, strict=True):
            head.clear()
            pane.set_text("")

    def show_pair(self, focus: str, pair: Pair, index: CorpusIndex, context: int = CONTEXT_CHARS) -> None:
        """Show `pair` with the side in document `focus` on the left, both passages starting level."""
        self.pair, self.focus = pair, focus
        here, there = pair.side(focus), pair.other(focus)
        docs = index.docs
        ex = (excerpt(docs[here.doc], here, context), excerpt(docs[there.doc], there, context))
        status = _summary(pair, focus)
        if pair.similarity < LOW_SIMILARITY and pair.basis == PairBasis.WORDING:
            status += " · " + self.tr(
                "low similarity: the words both passages share are marked, not the differences"
            )
        self.status.setText(status)
        self._fill(ex, index)
        self._render_heads()
        pads = self._pads()
        if any(pads):  # a passage with less text above it than the other can show: blank lines level them
            self._fill((replace(ex[0], pad=pads[0]), replace(ex[1], pad=pads[1])), index)
        self._level()

    def _fill(self, ex: tuple[Excerpt, Excerpt], index: CorpusIndex) -> None:
        pair, focus = self.pair, self.focus
        assert pair is not None and focus is not None
        labels = (ex[0].doc.label, ex[1].doc.label)
        low = pair.similarity < LOW_SIMILARITY
        bounds = (ex[0].doc.text, _bounds(ex[0].passage), ex[1].doc.text, _bounds(ex[1].passage))
        ops = word_diff(*bounds, typography=False)
        added = _shared_words(ex) if low else _added_words(ex, ops)
        self._anchors = [(op.a_start, op.b_start) for op in ops] + [(ex[0].passage.end, ex[1].passage.end)]
        self._excerpts = ex
        for side, (pane, e) in enumerate(zip(self.panes, ex, strict=True)):
            spans = PaneSpans(
                e,
                facts=[
                    (e.local(start), e.local(end))
                    for start, end in index.fact_spans(e.doc.id, e.passage.start, e.passage.end)
                ],
                added=added[side],
                verdicts=[
                    (e.local(fact.start), e.local(fact.end), d.verdict)
                    for d in pair.divergences
                    if (fact := own_side(d, pair, focus)[side]) is not None
                ],
                side=side,
                shared=low,
            )
            pane.set_text(e.text, lambda off, e=e, i=side: self._tooltip(e, i, off, labels), spans.marks)

    def _starts(self) -> list[int]:
        """The visual line each passage starts on."""
        assert self._excerpts is not None
        return [
            _line_of(p, e.local(e.passage.start)) for p, e in zip(self.panes, self._excerpts, strict=True)
        ]

    def _target(self) -> int:
        """How many lines above the passages both panes show: CONTEXT_LINES when both can."""
        starts = self._starts()
        lowest = [b - p.verticalScrollBar().maximum() for b, p in zip(starts, self.panes, strict=True)]
        return max(min(CONTEXT_LINES, *starts), *lowest)

    def _pads(self) -> list[int]:
        target = self._target()
        return [max(0, target - b) for b in self._starts()]

    def _level(self) -> None:
        target = self._target()
        self._syncing = True
        try:
            for pane, start in zip(self.panes, self._starts(), strict=True):
                pane.verticalScrollBar().setValue(max(0, start - target))
        finally:
            self._syncing = False

    def _render_heads(self) -> None:
        """Each pane's head at one fixed height (source and date, the title cut to one line), so that the
        two passages start level whatever their titles."""
        small = QtGui.QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.85)
        metrics = QtGui.QFontMetrics(small)
        for head, e in zip(self.heads, self._excerpts or (), strict=False):
            title = metrics.elidedText(e.doc.title, Qt.TextElideMode.ElideRight, max(80, head.width() - 8))
            head.setText(_head_html(e.doc, title))
            head.setToolTip(e.doc.title)
        for head in self.heads:
            head.setFixedHeight(self.fontMetrics().lineSpacing() + metrics.lineSpacing() + 6)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.pair is not None:
            self._render_heads()

    def _tooltip(self, e: Excerpt, side: int, local: int, labels: tuple[str, str]) -> str | None:
        if self.pair is None or self.focus is None:
            return None
        offset = e.absolute(local)
        tips = []
        for d in self.pair.divergences:
            fact = own_side(d, self.pair, self.focus)[side]
            if fact is not None and fact.start <= offset < fact.end:
                flip = self.pair.a.doc != self.focus
                tips.append(divergence_tooltip(d, labels[0], labels[1], flip))
        return "\n\n".join(tips) or None

    def _sync(self, source: QtWidgets.QScrollBar, target: QtWidgets.QScrollBar) -> None:
        """Scroll `target` so that the text aligned with `source`'s top line (by the word diff's runs) is at
        its top too: the panes move in step by aligned passage, not by proportion."""
        if self._syncing or self.pair is None:
            return
        panes, ex = self.panes, self._excerpts
        if ex is None:
            return
        src, dst = (0, 1) if source is panes[0].verticalScrollBar() else (1, 0)
        top = ex[src].absolute(panes[src].offset_at(QtCore.QPoint(0, 0)))
        at = _aligned(self._anchors, top, src)
        self._syncing = True
        try:
            line = _line_of(panes[dst], ex[dst].local(max(ex[dst].start, min(at, ex[dst].end))))
            target.setValue(line - (_line_of(panes[src], ex[src].local(top)) - source.value()))
        finally:
            self._syncing = False


def _bounds(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _aligned(anchors: list[tuple[int, int]], offset: int, side: int) -> int:
    """The offset on the other side aligned with `offset` of `side`: the start of the diff run it is in,
    shifted by how far into the run it is (before the passages, by the distance to their starts)."""
    other = 1 - side
    best = anchors[0]
    for anchor in anchors:
        if anchor[side] <= offset:
            best = anchor
    return best[other] + (offset - best[side])


def _line_of(pane: TextPane, local: int) -> int:
    """The visual line (counting wrapped lines) that shows character `local` of a pane's text."""
    cursor = QtGui.QTextCursor(pane.document())
    cursor.setPosition(pane.qt_position(local))
    block = cursor.block()
    layout = block.layout()
    within = layout.lineForTextPosition(cursor.position() - block.position()).lineNumber() if layout else 0
    return block.firstLineNumber() + max(0, within)


def comparison_entries(items: Sequence[palette.Mark], dark: bool) -> list:
    """The comparison's legend: the two sides' own words named by side, then the other marks."""
    entries = mark_entries(items, dark)
    for i, label in enumerate(SIDE_LABELS):
        colour, tip = entries[i][1], entries[i][2]
        entries[i] = (QtCore.QCoreApplication.translate("comparison", label), colour, tip)
    return entries


def _added_words(
    ex: tuple[Excerpt, Excerpt], ops: list[DiffOp]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The words of each side the other side lacks (whitespace-only changes left out), as local offsets."""
    a, b = ex
    left: list[tuple[int, int]] = []
    right: list[tuple[int, int]] = []
    for op in ops:
        if op.op == "delete" and a.doc.text[op.a_start : op.a_end].strip():
            left.append((a.local(op.a_start), a.local(op.a_end)))
        elif op.op == "insert" and b.doc.text[op.b_start : op.b_end].strip():
            right.append((b.local(op.b_start), b.local(op.b_end)))
    return left, right


def _shared_words(ex: tuple[Excerpt, Excerpt]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Every word both passages use, wherever it stands (content words: no stopword, no lone letter), as
    local offsets. Order is ignored on purpose: at low similarity a diff aligns the spaces, not the words."""

    def words(e: Excerpt) -> list[tuple[str, int, int]]:
        text = e.doc.text
        return [
            (m.group().lower().translate(_TYPOGRAPHY), m.start(), m.end())
            for m in _WORD.finditer(text, e.passage.start, e.passage.end)
        ]

    a, b = words(ex[0]), words(ex[1])
    common = {w for w, _, _ in a} & {w for w, _, _ in b}
    common = {w for w in common if (len(w) > 1 and w not in STOPWORDS) or w.isdigit()}
    return (
        [(ex[0].local(s), ex[0].local(e)) for w, s, e in a if w in common],
        [(ex[1].local(s), ex[1].local(e)) for w, s, e in b if w in common],
    )


_WORD = re.compile(r"\w+(?:['’]\w+)*")
_TYPOGRAPHY = str.maketrans({"’": "'"})


def _summary(pair: Pair, focus: str) -> str:
    """'Similarity 71% · conflict: June 27 / July 27', this document's value first."""
    rank = {v: i for i, v in enumerate(palette.VERDICT_MARKS)}
    parts = [("Same figure, given differently" if pair.basis == PairBasis.FIGURE
              else f"Similarity {pair.similarity:.0%}")]
    for d in sorted(pair.divergences, key=lambda d: rank.get(d.verdict, len(rank))):
        here, there = own_side(d, pair, focus)
        parts.append(f"{d.verdict}: {here.text if here else '—'} / {there.text if there else '—'}")
    return " · ".join(parts)


def _head_html(doc: Document, title: str) -> str:
    meta = " · ".join(html.escape(b) for b in (doc.source or doc.label, doc.date or "") if b)
    return f"<b>{meta}</b><br><small>{html.escape(title)}</small>"
