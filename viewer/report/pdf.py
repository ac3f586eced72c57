"""Export an alignment (or one pair, group or document of it) as a comparison PDF.

Qt lays out and paints the pages into memory (QTextDocument + QPainter on a QPdfWriter: real text, embedded
font subsets); pypdf then adds what Qt 6 cannot write, the outline (bookmarks) and the document information,
and the file is written beside the target and renamed, so a failure or a cancel leaves nothing behind.
Safe on a worker thread once a QGuiApplication exists (no widgets are used).
Imports: viewer.core, viewer.report (content, layout, paging, discrepancy_table, qt), pypdf.
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
from viewer.core.facts.discrepancies import corpus_discrepancies
from viewer.core.model import Alignment, Document, ScopeKind, Verdict
from viewer.core.progress import Cancelled, CancelToken, Progress, check, report
from viewer.report import layout, paging
from viewer.report.content import (
    ExportScope,
    group_views,
    most_shared,
    scoped_alignment,
    shared_fractions,
    verdict_counts,
)
from viewer.report.discrepancy_table import discrepancies_table
from viewer.report.qt import QtCore, QtGui, ensure_app

__all__ = ["Cancelled", "ExportScope", "export_pdf"]

DPI = 288  # device pixels per inch for layout and painting: 4 per point
MARGIN_MM = 14.0
BAND_PT = 16.0  # height of the running header and of the footer, inside the margins
GAP_PT = 6.0  # between parts that share a page
HEAT_MAP_DOCUMENTS = 20  # beyond this the cells of a portrait page are too narrow to read


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
        handle = open(tmp, "wb")  # noqa: SIM115 (opened first to fail fast, closed by the with below)
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
    if scope.kind == ScopeKind.PAIR and scope.pair is not None:
        return f"{docs[scope.pair.a.doc].label} and {docs[scope.pair.b.doc].label}"
    if scope.kind == ScopeKind.GROUP:
        return f"parallel group {scope.group_id}"
    if scope.kind == ScopeKind.DOCUMENT and scope.doc_id in docs:
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
    pages: list[paging.Page] = []
    for section in sections:
        check(cancel)
        pages.extend(paging.flow(section, _content_size(section.landscape), gap=GAP_PT * DPI / 72))
    bookmarks = [
        (mark.title, paging.page_of(pages, part, mark.anchor), mark.level)
        for section in sections for part in section.parts for mark in part.bookmarks
    ]
    frames = {id(part): paging.frames(part, pad=DPI / 144) for section in sections for part in section.parts}
    furniture = paging.Furniture(
        band=BAND_PT * DPI / 72, left=f"Parallax · {_corpus_name(alignment)}", line=DPI / 144,
        font=layout.report_font(layout.font_family(), layout.BASE_PT - 1.5),
    )

    painter = QtGui.QPainter()
    if not painter.begin(writer):
        raise OSError("Qt could not start the PDF")
    try:
        for n, page in enumerate(pages):
            check(cancel)
            report(progress, "Writing pages", n, len(pages))
            if n:
                writer.setPageLayout(_page_layout(page.section.landscape))
                writer.newPage()
            size = _content_size(page.section.landscape)
            paging.paint_page(painter, page, size, furniture, n + 1, len(pages), frames)
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
) -> list[paging.Section]:
    family = layout.font_family()
    corpus = alignment.corpus
    documents = _documents_in_scope(alignment, scope)
    counts = verdict_counts(alignment.pairs)
    front = layout.PartWriter(device, family)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    facts = [
        f"Corpus: {corpus.root}",
        f"Scope: {_scope_label(alignment, scope)}",
        f"Generated {generated} by Parallax {__version__}; passages kept at similarity ≥ "
        f"{alignment.min_similarity:.2f}",
        f"{_documents_count(len(documents), len(corpus.documents))} · "
        f"{_n(len(alignment.groups), 'parallel group')} · "
        f"{_n(len(alignment.pairs), 'pair')} of passages · {_n(counts[Verdict.CONFLICT], 'conflict')} · "
        f"{_n(counts[Verdict.SOFT], 'soft divergence')}"
        + (f" · {_n(len(corpus.skipped), 'file')} skipped" if corpus.skipped else ""),
    ]
    notes = []
    if not corpus.documents:
        notes.append("This corpus holds no readable documents, so there is nothing to compare.")
    elif not alignment.groups:
        notes.append("No parallel passages were found at this similarity threshold.")
    notes.extend(f"Skipped {s.path}: {s.reason}" for s in corpus.skipped[:20])
    subtitle = _upper_first(_scope_label(alignment, scope))
    layout.title_page(front, title=_corpus_name(alignment), subtitle=subtitle, facts=facts,
                      documents=documents, notes=notes, with_legend=bool(alignment.groups))
    sections = [paging.Section("Report", False, [front.part])]
    if not alignment.groups:
        return sections

    overview = layout.PartWriter(device, family)
    overview.heading("Shared text between documents", 1, bookmark="Overview")
    heat = most_shared(alignment, documents, HEAT_MAP_DOCUMENTS)
    if len(heat) < len(documents):
        overview.paragraph(f"The {len(heat)} documents with the most shared text, of {len(documents):,}.",
                           overview.char(layout.BASE_PT - 0.5, colour=layout.MUTED), bottom=4)
    layout.heat_map(overview, heat, shared_fractions(alignment, tuple(heat)))
    check(cancel)
    report(progress, "Listing discrepancies", 0, 1)
    disputed = [d for d in corpus_discrepancies(alignment) if d.key not in scope.dismissed]
    if scope.kind == ScopeKind.DOCUMENT:
        disputed = [d for d in disputed if scope.doc_id in d.documents]
    report(progress, "Listing discrepancies", 1, 1)
    discrepancies_table(overview, disputed)
    sections.append(paging.Section("Overview", False, [overview.part]))

    heading = layout.PartWriter(device, family)
    heading.heading("Parallel groups", 1, bookmark="Parallel groups")
    groups = paging.Section("Parallel groups", True, [heading.part])
    total = len(alignment.groups)
    reference = scope.doc_id if scope.kind == ScopeKind.DOCUMENT else None
    for i, view in enumerate(group_views(alignment, reference_doc=reference, context_chars=context_chars)):
        if i % 8 == 0:
            check(cancel)
            report(progress, "Preparing parallel groups", i, total)
        part = layout.PartWriter(device, family)
        layout.group_block(part, view)
        groups.parts.append(part.part)
    report(progress, "Preparing parallel groups", total, total)
    sections.append(groups)
    return sections


def _documents_in_scope(alignment: Alignment, scope: ExportScope) -> list[Document]:
    if scope.kind in (ScopeKind.CORPUS, ScopeKind.DOCUMENT):
        return list(alignment.corpus.documents)
    involved = {s.doc for g in alignment.groups for s in g.passages}
    return [d for d in alignment.corpus.documents if d.id in involved]


def _documents_count(shown: int, total: int) -> str:
    return _n(total, "document") if shown == total else f"{shown:,} of {_n(total, 'document')}"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


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
