"""Export an alignment (or one pair, group or document of it) as a comparison PDF.

Qt lays out and paints the pages into memory (QTextDocument + QPainter on a QPdfWriter: real text, embedded
font subsets); pypdf then adds what Qt 6 cannot write: the outline (bookmarks, one entry per story, disputed
fact and parallel group), the links between each disputed fact and the groups that show it (link
annotations, both ways), the language and the document information. No structure tags: QPdfWriter writes no
tagged PDF (its versions are 1.4, 1.6, PDF/A-1b and PDF/X-4), and tagging its painted pages afterwards would
mean rebuilding their reading order (README, "The command line"). The file is written beside the target
and renamed, so a failure or a cancel leaves nothing behind.
Safe on a worker thread once a QGuiApplication exists (no widgets are used).
Imports: viewer.core, viewer.report (content, facts_view, discrepancy_table, groups, layout, paging, qt),
pypdf.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path, PurePath
from typing import BinaryIO

import pypdf
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, Fit, IndirectObject, NameObject, NumberObject, TextStringObject

from viewer import __version__
from viewer.core.facts.discrepancies import corpus_discrepancies
from viewer.core.model import Alignment, Document, ScopeKind
from viewer.core.output import check_output, write_output
from viewer.core.progress import Cancelled, CancelToken, Progress, check, report
from viewer.report import layout, paging
from viewer.report.content import (
    ExportScope,
    document_numbers,
    group_story,
    group_views,
    most_shared,
    scoped_alignment,
    shared_fractions,
    story_of,
)
from viewer.report.discrepancy_table import FactBlock, discrepancies_heading, facts_summary, outlet_table
from viewer.report.facts_view import fact_views, facts_by_group, outlet_stats, story_order
from viewer.report.groups import GroupBlock, GroupContext
from viewer.report.qt import QtCore, QtGui, ensure_app

__all__ = ["Cancelled", "ExportScope", "Paper", "export_pdf"]


class Paper(StrEnum):
    A4 = "A4"
    LETTER = "Letter"


PAPER_SIZES = {Paper.A4: QtGui.QPageSize.PageSizeId.A4, Paper.LETTER: QtGui.QPageSize.PageSizeId.Letter}
LANGUAGE = "en"  # the report's own words; quoted passages keep their language, which the PDF does not tag

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
    paper: Paper = Paper.A4,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> int:
    """Write the comparison report of `scope` to `path` and return the number of pages.

    Raises OSError (nothing written) when `path` cannot be written, Cancelled (nothing written) when
    `cancel` is set, ValueError when the scope names a pair, group or document the alignment lacks.
    """
    path = Path(path)
    ensure_app()
    check_output(path)  # fail fast, before rendering: a folder, a read-only file, a missing folder
    part = scoped_alignment(alignment, scope, min_similarity)
    rendered = _render(part, scope, context_chars, Paper(paper), progress, cancel)
    check(cancel)
    report(progress, "Saving", 0, 1)
    # Through a temporary file created exclusively beside the target (or in place for a device or a
    # pipe): see viewer.core.output.
    write_output(path, lambda handle: _finish(rendered, _title(part, scope), handle))
    report(progress, "Saving", 1, 1)
    return rendered.pages


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


@dataclass(frozen=True)
class Rendered:
    """Qt's PDF and what pypdf adds to it: outline entries (title, page, level) and internal links
    (page, rectangle in PDF points, target page, target height in PDF points)."""

    data: bytes
    bookmarks: list[tuple[str, int, int]]
    links: list[tuple[int, tuple[float, float, float, float], int, float]]
    pages: int


def _render(
    alignment: Alignment, scope: ExportScope, context_chars: int, paper: Paper, progress: Progress | None,
    cancel: CancelToken | None,
) -> Rendered:
    """Lay out and paint every section."""
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    writer = QtGui.QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setTitle(_title(alignment, scope))
    writer.setCreator(_creator())
    writer.setPageLayout(_page_layout(False, paper))

    sections = _sections(alignment, scope, context_chars, writer, progress, cancel)
    pages: list[paging.Page] = []
    used = 0.0
    for section in sections:
        check(cancel)
        # A section of the same orientation as the one before goes on from its last page: a short table
        # of documents and a short overview then share pages instead of each leaving one near empty.
        after = pages[-1] if pages and pages[-1].section.landscape == section.landscape else None
        more, used = paging.flow(section, _content_size(section.landscape, paper), GAP_PT * DPI / 72,
                                 after, used)
        pages.extend(more)
    placed = paging.placed_parts(pages)
    bookmarks = [(mark.title, paging.page_of(pages, part, mark.anchor), mark.level)
                 for part in placed for mark in part.bookmarks]
    band = BAND_PT * DPI / 72
    anchors = {name: paging.locate(pages, part, paging.anchor_y(part, cursor))
               for part in placed for name, cursor in part.anchors.items()}
    links = []
    for part in placed:
        for selection, target in part.links:
            if target not in anchors:
                continue  # a group left out of this report (a scope, --only-discrepancies)
            page_to, y_to = anchors[target]
            for page, rect in paging.link_rects(pages, part, selection):
                links.append((page, _pdf_rect(rect, band, pages[page].section.landscape, paper), page_to,
                              _pdf_y(y_to + band, pages[page_to].section.landscape, paper)))
    frames = {id(part): paging.frames(part, pad=DPI / 144) for part in placed}
    furniture = paging.Furniture(
        band=band, left=f"Parallax · {_corpus_name(alignment)}" + _header_scope(alignment, scope),
        line=DPI / 144, font=layout.report_font(layout.font_family(), layout.BASE_PT - 1.5),
    )

    painter = QtGui.QPainter()
    if not painter.begin(writer):
        raise OSError("Qt could not start the PDF")
    try:
        for n, shown in enumerate(pages):
            check(cancel)
            report(progress, "Writing pages", n, len(pages))
            if n:
                writer.setPageLayout(_page_layout(shown.section.landscape, paper))
                writer.newPage()
            size = _content_size(shown.section.landscape, paper)
            paging.paint_page(painter, shown, size, furniture, n + 1, len(pages), frames)
    finally:
        painter.end()
    report(progress, "Writing pages", len(pages), len(pages))
    return Rendered(bytes(buffer.data()), bookmarks, links, len(pages))


def _header_scope(alignment: Alignment, scope: ExportScope) -> str:
    """The scope in every page's header when the report is not of the whole corpus."""
    if scope.kind == ScopeKind.CORPUS:
        return " · disputed facts only" if scope.only_discrepancies else ""
    return f" · {_scope_label(alignment, scope)}"


def _points(px: float) -> float:
    return px * 72 / DPI


def _page_points(landscape: bool, paper: Paper) -> tuple[float, float]:
    rect = _page_layout(landscape, paper).fullRectPoints()
    return rect.width(), rect.height()


def _margin_points() -> float:
    return MARGIN_MM / 25.4 * 72


def _pdf_y(content_y: float, landscape: bool, paper: Paper) -> float:
    """A height below the top of the content (device pixels, header band included) as a PDF y coordinate."""
    return _page_points(landscape, paper)[1] - _margin_points() - _points(content_y)


def _pdf_rect(rect: QtCore.QRectF, band: float, landscape: bool, paper: Paper
              ) -> tuple[float, float, float, float]:
    left = _margin_points() + _points(rect.left())
    right = _margin_points() + _points(rect.right())
    return (left, _pdf_y(rect.bottom() + band, landscape, paper), right,
            _pdf_y(rect.top() + band, landscape, paper))


def _page_layout(landscape: bool, paper: Paper) -> QtGui.QPageLayout:
    orientations = QtGui.QPageLayout.Orientation
    orientation = orientations.Landscape if landscape else orientations.Portrait
    return QtGui.QPageLayout(
        QtGui.QPageSize(PAPER_SIZES[paper]), orientation,
        QtCore.QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QtGui.QPageLayout.Unit.Millimeter,
    )


def _content_size(landscape: bool, paper: Paper) -> QtCore.QSizeF:
    rect = _page_layout(landscape, paper).paintRectPixels(DPI)
    band = BAND_PT * DPI / 72
    return QtCore.QSizeF(rect.width(), rect.height() - 2 * band)


def _story_name(story: str | None, corpus: str) -> str:
    if story is None:
        return "Across stories"
    return f"Story: {story}" if story else f"Story: {corpus} (top folder)"


def _sections(
    alignment: Alignment, scope: ExportScope, context_chars: int, device: QtGui.QPaintDevice,
    progress: Progress | None, cancel: CancelToken | None,
) -> list[paging.Section]:
    family = layout.font_family()

    def new_writer() -> layout.PartWriter:
        return layout.PartWriter(device, family)

    corpus = alignment.corpus
    docs = corpus.by_id()
    numbers = document_numbers(corpus.documents)
    documents = _documents_in_scope(alignment, scope)
    focus = scope.doc_id if scope.kind == ScopeKind.DOCUMENT else None
    focus_label = docs[focus].label if focus in docs else None
    corpus_name = _corpus_name(alignment)
    stories = story_order(alignment)
    several = len(stories) > 1

    check(cancel)
    report(progress, "Listing discrepancies", 0, 1)
    disputed = [d for d in corpus_discrepancies(alignment) if d.key not in scope.dismissed]
    if focus is not None:
        disputed = [d for d in disputed if focus in d.documents]
    facts = fact_views(alignment, disputed, stories)
    report(progress, "Listing discrepancies", 1, 1)
    facts_of = facts_by_group(facts)
    groups = alignment.groups
    if scope.only_discrepancies:
        groups = tuple(g for g in groups if g.id in facts_of)

    front = new_writer()
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    below = sum(p.similarity < alignment.min_similarity for p in alignment.pairs)
    lines = [
        f"Corpus: {corpus.root}",
        f"Scope: {_scope_label(alignment, scope)}"
        + (" (the disputed facts and the groups that show them)" if scope.only_discrepancies else ""),
        f"Generated {generated} by Parallax {__version__}; passages kept at similarity ≥ "
        f"{alignment.min_similarity:.2f}"
        + (f" ({layout.count(below, 'pair')} under it kept for corroboration, each marked in its group)"
           if below else ""),
        f"{_documents_count(len(documents), len(corpus.documents))}"
        + (f" in {_stories_count(sum(s is not None for s in stories))} (subfolders)" if several else "")
        + f" · {_n(len(alignment.groups), 'parallel group')} · {_n(len(alignment.pairs), 'pair')} of passages"
        f" · {facts_summary(facts)}"
        + (f" · {_n(len(corpus.skipped), 'file')} skipped" if corpus.skipped else ""),
    ]
    if scope.only_discrepancies:
        lines.append(f"Left out: {_n(len(alignment.groups) - len(groups), 'parallel group')} that show no "
                     "disputed fact.")
    notes = []
    if not corpus.documents:
        notes.append("This corpus holds no readable documents, so there is nothing to compare.")
    elif not alignment.groups:
        notes.append("No parallel passages were found at this similarity threshold.")
    notes.extend(f"Skipped {s.path}: {s.reason}" for s in corpus.skipped[:20])
    subtitle = _upper_first(_scope_label(alignment, scope))
    layout.title_page(front, title=corpus_name, subtitle=subtitle, facts=lines, documents=documents,
                      numbers=numbers, focus=focus, notes=notes, with_legend=bool(alignment.groups))
    sections = [paging.Section("Report", False, [front.part])]
    if not alignment.groups:
        return sections

    overview = paging.Section("Overview", False)
    heat = new_writer()
    heat.heading("Shared text between documents", 1, bookmark="Overview")
    caption = ("Each cell: the share of the row document's text that lies in passages it shares with the "
               "column document.")
    if focus_label is not None:
        caption += (f" Recomputed for this report from the parallels in the groups {focus_label} takes part "
                    "in, so shares between two other documents count only what they share there.")
    heat.paragraph(caption, heat.char(layout.BASE_PT - 0.5, colour=layout.MUTED), bottom=4)
    # Never the heading at one page's foot and its map on the next: one story's map is written in the same
    # part; several stories' maps follow it, each under its own heading.
    overview.parts.append(paging.KeepWithNext(heat.part) if several else heat.part)
    for story in (stories if several else [""]):
        if story is None:
            continue
        members = [d for d in documents if not several or story_of(d) == story]
        shown = most_shared(alignment, members, HEAT_MAP_DOCUMENTS)
        if len(shown) < 2:
            continue
        w = new_writer() if several else heat
        if several:
            w.heading(f"{_story_name(story, corpus_name)} ({_n(len(members), 'document')})", 2)
        if len(shown) < len(members):
            w.paragraph(f"The {len(shown)} documents with the most shared text, of {len(members):,}.",
                        w.char(layout.BASE_PT - 0.5, colour=layout.MUTED), bottom=4)
        layout.heat_map(w, shown, shared_fractions(alignment, tuple(shown)), numbers)
        if several:
            overview.parts.append(w.part)
    outlets = new_writer()
    outlet_table(outlets, outlet_stats(alignment, facts), None if focus_label is None else (
        f"Recomputed for this report: text shared within the groups {focus_label} takes part in, and the "
        f"disputed facts {focus_label} takes part in."))
    overview.parts.append(outlets.part)
    sections.append(overview)

    table = paging.Section("Discrepancies", False)
    head = new_writer()
    note = (f"Only the disputed facts {focus_label} takes part in." if focus_label is not None else None)
    discrepancies_heading(head, facts, note)
    blocks = []
    shown_story: object = object()
    for fact in facts:
        story_heading = None
        if several and fact.story != shown_story:
            shown_story = fact.story
            story_heading = _story_name(fact.story, corpus_name)
        blocks.append(FactBlock(new_writer, fact, numbers, level=2 if several else 1,
                                story_heading=story_heading))
    table.parts.extend([paging.KeepWithNext(head.part, following=blocks[0] if blocks else None), *blocks])
    sections.append(table)

    heading = new_writer()
    heading.heading("Parallel groups", 1, bookmark="Parallel groups")
    intro = ("Each group: one statement across the documents that share it, side by side; differences are "
             "marked against the first column. Columns are headed by the document's number (see the "
             "Documents table), its date, file and paragraph.")
    if scope.only_discrepancies:
        intro += " Only the groups that show a disputed fact are printed."
    heading.paragraph(intro, heading.char(layout.BASE_PT - 0.5, colour=layout.MUTED), bottom=2)
    layout.short_legend(heading)
    section = paging.Section("Parallel groups", True, [heading.part])
    context = GroupContext(new_writer, numbers, focus, facts_of, bookmark_level=2 if several else 1)
    part_alignment = replace(alignment, groups=groups)
    views = {v.id: v for v in _views(part_alignment, focus, context_chars, progress, cancel)}
    by_story: dict[str | None, list[int]] = {}
    for g in groups:
        by_story.setdefault(group_story(g, docs) if several else "", []).append(g.id)
    for story in (stories if several else [""]):
        ids = by_story.get(story, [])
        if not ids:
            continue
        if several:
            w = new_writer()
            title = _story_name(story, corpus_name)
            pos = w.heading(f"{title} ({_n(len(ids), 'parallel group')})", 1)
            w.part.bookmarks.append(layout.Bookmark(title, w.part.anchor(pos), 1))
            if story is None:
                w.paragraph("These groups join passages of documents filed under different stories: a shared "
                            "wire sentence, or text that only looks alike.",
                            w.char(layout.BASE_PT - 0.5, colour=layout.MUTED))
            story_groups = [GroupBlock(views[i], context) for i in ids]
            section.parts.extend([paging.KeepWithNext(w.part, following=story_groups[0]), *story_groups])
        else:
            section.parts.extend(GroupBlock(views[i], context) for i in ids)
    sections.append(section)
    return sections


def _views(alignment: Alignment, focus: str | None, context_chars: int, progress: Progress | None,
           cancel: CancelToken | None) -> list:
    total = len(alignment.groups)
    out = []
    for i, view in enumerate(group_views(alignment, reference_doc=focus, context_chars=context_chars)):
        if i % 8 == 0:
            check(cancel)
            report(progress, "Preparing parallel groups", i, total)
        out.append(view)
    report(progress, "Preparing parallel groups", total, total)
    return out


def _documents_in_scope(alignment: Alignment, scope: ExportScope) -> list[Document]:
    if scope.kind in (ScopeKind.CORPUS, ScopeKind.DOCUMENT):
        return list(alignment.corpus.documents)
    involved = {s.doc for g in alignment.groups for s in g.passages}
    return [d for d in alignment.corpus.documents if d.id in involved]


def _documents_count(shown: int, total: int) -> str:
    return _n(total, "document") if shown == total else f"{shown:,} of {_n(total, 'document')}"


def _stories_count(n: int) -> str:
    return f"{n:,} {'story' if n == 1 else 'stories'}"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _creator() -> str:
    return f"Parallax {__version__}"


def _finish(rendered: Rendered, title: str, handle: BinaryIO) -> None:
    """Add the outline, the links, the language and the document information with pypdf, keeping Qt's pages
    (text and fonts) as they are, and write the result to `handle`."""
    pdf = PdfWriter(clone_from=PdfReader(io.BytesIO(rendered.data)))
    parents: dict[int, IndirectObject] = {}
    for name, page, level in rendered.bookmarks:
        parents[level] = pdf.add_outline_item(title=name, page_number=page, parent=parents.get(level - 1))
    for page, rect, target, top in rendered.links:
        link = Link(rect=rect, target_page_index=target, fit=Fit.xyz(top=top))
        link[NameObject("/Border")] = ArrayObject([NumberObject(0), NumberObject(0), NumberObject(0)])
        pdf.add_annotation(page_number=page, annotation=link)
    # One author and producer in the information dictionary; Qt's XMP stream, which named Qt alone as its
    # producer, is dropped rather than left to contradict it.
    producer = f"{_creator()} (Qt {QtCore.qVersion()}, pypdf {pypdf.__version__})"
    pdf.add_metadata({"/Title": title, "/Author": _creator(), "/Creator": _creator(), "/Producer": producer,
                      "/Subject": "Parallel passages and disputed facts across news articles"})
    pdf._root_object.pop(NameObject("/Metadata"), None)
    pdf._root_object[NameObject("/Lang")] = TextStringObject(LANGUAGE)
    pdf.page_mode = "/UseOutlines"
    pdf.write(handle)
    handle.flush()
    os.fsync(handle.fileno())
