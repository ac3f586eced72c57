"""Export an alignment (or one pair, group or document of it) as a comparison PDF.

Qt lays out and paints the pages into memory (QTextDocument + QPainter on a QPdfWriter: real text, embedded
font subsets); pypdf then adds what Qt 6 cannot write, the outline (bookmarks) and the document information,
and the file is written beside the target and renamed, so a failure or a cancel leaves nothing behind.
Safe on a worker thread once a QGuiApplication exists (no widgets are used).
Imports: viewer.core, viewer.report (content, layout, discrepancy_table, qt), pypdf.
"""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import BinaryIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import IndirectObject

from viewer import __version__
from viewer.core.discrepancies import corpus_discrepancies
from viewer.core.model import Alignment, Document
from viewer.core.progress import Cancelled, CancelToken, Progress, check, report
from viewer.report import layout
from viewer.report.content import ExportScope, group_views, scoped_alignment, shared_fractions, verdict_counts
from viewer.report.discrepancy_table import discrepancies_table
from viewer.report.qt import QtCore, QtGui, ensure_app

__all__ = ["Cancelled", "ExportScope", "export_pdf"]

DPI = 288  # device pixels per inch for layout and painting: 4 per point
MARGIN_MM = 14.0
BAND_PT = 16.0  # height of the running header and of the footer, inside the margins


def export_pdf(
    alignment: Alignment,
    path: Path,
    *,
    scope: ExportScope = ExportScope(),  # noqa: B008 (frozen, so a shared default is safe)
    context_chars: int = 160,
    min_similarity: float | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> int:
    """Write the comparison report of `scope` to `path` and return the number of pages.

    Raises OSError (nothing written) when `path` cannot be written, Cancelled (nothing written) when
    `cancel` is set, ValueError when the scope names a pair, group or document the alignment lacks.
    """
    path = Path(path)
    ensure_app()
    if path.is_dir():
        raise IsADirectoryError(f"cannot write {path}: it is a folder")
    tmp = path.with_name(f".{path.name}.parallax-tmp")
    try:
        handle = open(tmp, "wb")  # noqa: SIM115 (kept open across the render, closed in finally)
    except OSError as exc:
        raise OSError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with handle:
            part = scoped_alignment(alignment, scope, min_similarity)
            data, bookmarks, pages = _render(part, scope, context_chars, progress, cancel)
            check(cancel)
            report(progress, "Saving", 0, 1)
            _finish(data, bookmarks, _title(part, scope), handle)
        tmp.replace(path)
        report(progress, "Saving", 1, 1)
        return pages
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _title(alignment: Alignment, scope: ExportScope) -> str:
    return f"Parallax comparison: {_corpus_name(alignment)} ({_scope_label(alignment, scope)})"


def _corpus_name(alignment: Alignment) -> str:
    return PurePath(alignment.corpus.root).name or str(alignment.corpus.root) or "corpus"


def _scope_label(alignment: Alignment, scope: ExportScope) -> str:
    docs = alignment.corpus.by_id()
    if scope.kind == "pair" and scope.pair is not None:
        return f"{docs[scope.pair.a.doc].label} and {docs[scope.pair.b.doc].label}"
    if scope.kind == "group":
        return f"parallel group {scope.group_id}"
    if scope.kind == "document" and scope.doc_id in docs:
        return f"{docs[scope.doc_id].label} against the other documents"
    return "whole corpus"


def _render(
    alignment: Alignment, scope: ExportScope, context_chars: int, progress: Progress | None,
    cancel: CancelToken | None,
) -> tuple[bytes, list[tuple[str, int, int]], int]:
    """Lay out and paint every section; returns the PDF bytes, the bookmarks (title, page, level) and the
    page count."""
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    writer = QtGui.QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setTitle(_title(alignment, scope))
    writer.setCreator(f"Parallax {__version__}")
    writer.setPageLayout(_page_layout(landscape=False))

    sections = _sections(alignment, scope, context_chars, writer, progress, cancel)
    pages: list[tuple[layout.Section, int, list[tuple[QtCore.QRectF, str]]]] = []
    bookmarks: list[tuple[str, int, int]] = []
    for section in sections:
        check(cancel)
        count = _paginate(section)
        for mark in section.bookmarks:
            top = section.doc.documentLayout().blockBoundingRect(mark.anchor.block()).top()
            page = len(pages) + int(top // section.doc.pageSize().height())
            bookmarks.append((mark.title, page, mark.level))
        frames = _frames(section)
        pages.extend((section, i, frames.get(i, [])) for i in range(count))

    painter = QtGui.QPainter()
    if not painter.begin(writer):
        raise OSError("Qt could not start the PDF")
    try:
        for n, (section, i, frames) in enumerate(pages):
            check(cancel)
            report(progress, "Writing pages", n, len(pages))
            if n:
                writer.setPageLayout(_page_layout(section.landscape))
                writer.newPage()
            _paint_page(painter, section, frames, i, n + 1, len(pages), _corpus_name(alignment))
    finally:
        painter.end()
    report(progress, "Writing pages", len(pages), len(pages))
    return bytes(buffer.data()), bookmarks, len(pages)


def _page_layout(landscape: bool) -> QtGui.QPageLayout:
    orientations = QtGui.QPageLayout.Orientation
    orientation = orientations.Landscape if landscape else orientations.Portrait
    return QtGui.QPageLayout(
        QtGui.QPageSize(QtGui.QPageSize.PageSizeId.A4), orientation,
        QtCore.QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QtGui.QPageLayout.Unit.Millimeter,
    )


def _content_size(landscape: bool) -> QtCore.QSizeF:
    rect = _page_layout(landscape).paintRectPixels(DPI)
    band = BAND_PT * DPI / 72
    return QtCore.QSizeF(rect.width(), rect.height() - 2 * band)


def _sections(
    alignment: Alignment, scope: ExportScope, context_chars: int, device: QtGui.QPaintDevice,
    progress: Progress | None, cancel: CancelToken | None,
) -> list[layout.Section]:
    family = layout.font_family()
    corpus = alignment.corpus
    documents = _documents_in_scope(alignment, scope)
    counts = verdict_counts(alignment.pairs)
    front = layout.SectionWriter("Report", False, device, family)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    facts = [
        f"Corpus: {corpus.root}",
        f"Scope: {_scope_label(alignment, scope)}",
        f"Generated {generated} by Parallax {__version__}; passages kept at similarity ≥ "
        f"{alignment.min_similarity:.2f}",
        f"{_n(len(corpus.documents), 'document')} · {_n(len(alignment.groups), 'parallel group')} · "
        f"{_n(len(alignment.pairs), 'pair')} of passages · {_n(counts['conflict'], 'conflict')} · "
        f"{_n(counts['soft'], 'soft divergence')}"
        + (f" · {_n(len(corpus.skipped), 'file')} skipped" if corpus.skipped else ""),
    ]
    notes = []
    if not corpus.documents:
        notes.append("This corpus holds no readable documents, so there is nothing to compare.")
    elif not alignment.groups:
        notes.append("No parallel passages were found at this similarity threshold.")
    notes.extend(f"Skipped {s.path}: {s.reason}" for s in corpus.skipped[:20])
    layout.title_page(front, title=_corpus_name(alignment), facts=facts, documents=documents, notes=notes,
                      subtitle=_scope_label(alignment, scope).capitalize())
    sections = [front.section]
    if not alignment.groups:
        return sections

    overview = layout.SectionWriter("Overview", False, device, family)
    overview.heading("Shared text between documents", 1, bookmark="Overview")
    layout.heat_map(overview, documents, shared_fractions(alignment, tuple(documents)))
    check(cancel)
    report(progress, "Listing discrepancies", 0, 1)
    disputed = corpus_discrepancies(alignment)
    if scope.kind == "document":
        disputed = [d for d in disputed if scope.doc_id in d.documents]
    report(progress, "Listing discrepancies", 1, 1)
    discrepancies_table(overview, disputed)
    sections.append(overview.section)

    groups = layout.SectionWriter("Parallel groups", True, device, family)
    groups.heading("Parallel groups", 1, bookmark="Parallel groups")
    total = len(alignment.groups)
    reference = scope.doc_id if scope.kind == "document" else None
    for i, view in enumerate(group_views(alignment, reference_doc=reference, context_chars=context_chars)):
        if i % 8 == 0:
            check(cancel)
            report(progress, "Preparing parallel groups", i, total)
        layout.group_block(groups, view)
    report(progress, "Preparing parallel groups", total, total)
    sections.append(groups.section)
    return sections


def _documents_in_scope(alignment: Alignment, scope: ExportScope) -> list[Document]:
    if scope.kind in ("corpus", "document"):
        return list(alignment.corpus.documents)
    involved = {s.doc for g in alignment.groups for s in g.passages}
    return [d for d in alignment.corpus.documents if d.id in involved]


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _paginate(section: layout.Section) -> int:
    section.doc.setPageSize(_content_size(section.landscape))
    return section.doc.pageCount()


def _paint_page(painter: QtGui.QPainter, section: layout.Section, frames: list[tuple[QtCore.QRectF, str]],
                index: int, number: int, total: int, corpus_name: str) -> None:
    doc = section.doc
    size = doc.pageSize()
    band = BAND_PT * DPI / 72
    width = size.width()
    painter.save()
    painter.setFont(layout.report_font(doc.defaultFont().family(), layout.BASE_PT - 1.5))
    painter.setPen(QtGui.QColor(layout.MUTED))
    header = QtCore.QRectF(0, 0, width, band * 0.8)
    align = QtCore.Qt.AlignmentFlag
    painter.drawText(header, align.AlignLeft | align.AlignTop, f"Parallax · {corpus_name}")
    painter.drawText(header, align.AlignRight | align.AlignTop, section.title)
    painter.setPen(QtGui.QPen(QtGui.QColor(layout.RULE), DPI / 144))
    painter.drawLine(QtCore.QPointF(0, band * 0.8), QtCore.QPointF(width, band * 0.8))
    painter.setPen(QtGui.QColor(layout.MUTED))
    footer = QtCore.QRectF(0, band + size.height() + band * 0.2, width, band * 0.8)
    painter.drawText(footer, align.AlignHCenter | align.AlignBottom, f"Page {number} of {total}")

    page = QtCore.QRectF(0, index * size.height(), width, size.height())
    painter.translate(0, band - page.top())
    painter.setClipRect(page)
    context = QtGui.QAbstractTextDocumentLayout.PaintContext()
    # Lines merely touching the page's edge would be drawn too (invisible under the clip, yet still text in
    # the PDF, found twice by a search): hand the layout a clip a pixel smaller.
    context.clip = page.adjusted(0, 1, 0, -1)
    doc.documentLayout().draw(painter, context)
    painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    for rect, colour in frames:
        painter.setPen(QtGui.QPen(QtGui.QColor(colour), DPI / 96))
        painter.drawRect(rect)
    painter.restore()


def _frames(section: layout.Section) -> dict[int, list[tuple[QtCore.QRectF, str]]]:
    """The frames of the marks whose style is a box, by page: QTextCharFormat has no border, so they are
    drawn over the laid-out lines (one rectangle per line a mark spans)."""
    doc = section.doc
    doc_layout = doc.documentLayout()
    height = doc.pageSize().height()
    pad = DPI / 144
    frames: dict[int, list[tuple[QtCore.QRectF, str]]] = {}
    for start, end, colour in section.boxes():
        block = doc.findBlock(start)
        while block.isValid() and block.position() < end:
            origin = doc_layout.blockBoundingRect(block).topLeft()
            text_layout = block.layout()
            for k in range(text_layout.lineCount()):
                line = text_layout.lineAt(k)
                lo = max(start, block.position() + line.textStart())
                hi = min(end, block.position() + line.textStart() + line.textLength())
                if lo < hi:
                    x0 = line.cursorToX(lo - block.position())[0]
                    x1 = line.cursorToX(hi - block.position())[0]
                    rect = QtCore.QRectF(origin.x() + x0 - pad, origin.y() + line.y(), x1 - x0 + 2 * pad,
                                         line.height())
                    frames.setdefault(int(rect.center().y() // height), []).append((rect, colour))
            block = block.next()
    return frames


def _finish(data: bytes, bookmarks: list[tuple[str, int, int]], title: str, handle: BinaryIO) -> None:
    """Add the outline and the document information with pypdf, keeping Qt's pages (text and fonts) as they
    are, and write the result to `handle`."""
    pdf = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    parents: dict[int, IndirectObject] = {}
    for name, page, level in bookmarks:
        parents[level] = pdf.add_outline_item(title=name, page_number=page, parent=parents.get(level - 1))
    pdf.add_metadata({"/Title": title, "/Creator": f"Parallax {__version__}", "/Producer": "Qt and pypdf"})
    pdf.page_mode = "/UseOutlines"
    pdf.write(handle)
    handle.flush()
    os.fsync(handle.fileno())
