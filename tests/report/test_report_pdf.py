"""The comparison PDF of the bundled corpus, exported from the command line and read back with pypdf."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CORPUS, pdf_outline
from pypdf import PdfReader

from viewer import cli
from viewer.core.model import Alignment
from viewer.report import pdf as report_pdf
from viewer.report.pdf import ExportScope, export_pdf


def _text(reader: PdfReader, pages: range | None = None) -> str:
    chosen = reader.pages if pages is None else [reader.pages[i] for i in pages]
    return " ".join(" ".join((p.extract_text() or "").split()) for p in chosen)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, qapp) -> tuple[PdfReader, str]:
    target = tmp_path_factory.mktemp("export") / "report.pdf"
    assert cli.main(["export", str(CORPUS), "--pdf", str(target)]) == cli.EXIT_OK
    reader = PdfReader(target)
    return reader, _text(reader)


def test_every_document_title_is_in_the_report(exported, sample_alignment: Alignment) -> None:
    _, text = exported
    assert len(sample_alignment.corpus.documents) == 5
    for doc in sample_alignment.corpus.documents:
        assert " ".join(doc.title.split()) in text


def test_the_discrepancies_table_lists_the_disputed_values(exported) -> None:
    reader, _ = exported
    entries = {title: page for _, title, page in pdf_outline(reader)}
    first = entries["Discrepancies"]
    last = min(p for t, p in entries.items() if t == "Parallel groups")
    table = _text(reader, range(first, last + 1))
    table = table[table.index("Discrepancies") :]
    for value in ("June 27", "July 27", "7,800", "7,700"):
        assert value in table


def test_the_groups_show_the_values_side_by_side(exported) -> None:
    _, text = exported
    groups = text[text.index("Parallel groups") :]
    for value in ("June 27", "July 27", "7,800", "7,700"):
        assert value in groups


def test_one_outline_entry_per_group(exported, sample_alignment: Alignment) -> None:
    reader, _ = exported
    outline = pdf_outline(reader)
    groups = [(title, page) for depth, title, page in outline if depth == 1 and title.startswith("Group ")]
    # Numbered from 1, as `parallax align` prints them.
    assert [int(re.match(r"Group (\d+):", t).group(1)) for t, _ in groups] == [
        g.id + 1 for g in sample_alignment.groups]
    assert all(0 < page < len(reader.pages) for _, page in groups)
    assert [p for _, p in groups] == sorted(p for _, p in groups)
    # Each entry points at the page that shows its group.
    for title, page in groups:
        assert title.split(":")[0] + ":" in _text(reader, range(page, page + 1))


def test_pages_metadata_and_fonts(exported) -> None:
    reader, _ = exported
    assert 4 <= len(reader.pages) <= 30
    assert reader.metadata.title.startswith("Parallax comparison: corpus")
    assert reader.metadata.creator.startswith("Parallax")
    assert reader.pages[0].mediabox.height > reader.pages[0].mediabox.width  # title page: portrait
    assert reader.pages[-1].mediabox.width > reader.pages[-1].mediabox.height  # groups: landscape
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[font["/BaseFont"]] = "/FontFile2" in descriptor
    assert fonts and all(fonts.values()), fonts  # every font is embedded
    text = _text(reader, range(1, 2))
    assert "Page 2 of" in text and "Parallax · corpus" in text


@pytest.mark.slow  # a child Python process: seconds of start-up and imports
def test_headless_command_line_without_any_display(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"  # a platform that cannot start here: the export must not need it
    target = tmp_path / "out.pdf"
    done = subprocess.run([sys.executable, "-m", "viewer", "export", str(CORPUS), "--pdf", str(target)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"wrote {target}" in done.stdout
    assert len(PdfReader(target).pages) >= 4


def test_document_scope(tmp_path: Path, sample_alignment: Alignment, qapp, capsys) -> None:
    target = tmp_path / "lz.pdf"
    assert cli.main(["export", str(CORPUS), "--pdf", str(target), "--doc", "LifeZette.txt"]) == cli.EXIT_OK
    reader = PdfReader(target)
    expected = [g.id + 1 for g in sample_alignment.groups if "LifeZette.txt" in g.documents]
    assert [t.split(":")[0] for d, t, _ in pdf_outline(reader) if d == 1 and t.startswith("Group ")] == [
        f"Group {i}" for i in expected]
    assert "LifeZette against the other documents" in _text(reader, range(0, 1))
    assert cli.main(["export", str(CORPUS), "--pdf", str(target), "--doc", "nope.txt"]) == cli.EXIT_BAD_INPUT
    assert "no document 'nope.txt'" in capsys.readouterr().err


def test_pair_and_group_scopes(tmp_path: Path, sample_alignment: Alignment, qapp) -> None:
    pair = next(p for p in sample_alignment.pairs if p.divergences)
    pages = export_pdf(sample_alignment, tmp_path / "pair.pdf", scope=ExportScope(kind="pair", pair=pair))
    reader = PdfReader(tmp_path / "pair.pdf")
    assert pages == len(reader.pages)
    assert len([t for d, t, _ in pdf_outline(reader) if d == 1 and t.startswith("Group ")]) == 1
    group = sample_alignment.groups[0]
    export_pdf(sample_alignment, tmp_path / "group.pdf", scope=ExportScope(kind="group", group_id=group.id))
    titles = [t for d, t, _ in pdf_outline(PdfReader(tmp_path / "group.pdf")) if d == 1 and t.startswith("Group ")]
    assert len(titles) == 1 and titles[0].startswith(f"Group {group.id + 1}:")


def test_unwritable_target_is_a_clear_error_and_leaves_nothing(tmp_path: Path, qapp, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    target = blocker / "report.pdf"
    assert cli.main(["export", str(CORPUS), "--pdf", str(target)]) == cli.EXIT_BAD_INPUT
    assert f"cannot write {target}" in capsys.readouterr().err
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    assert cli.main(["export", str(CORPUS), "--pdf", str(folder)]) == cli.EXIT_BAD_INPUT
    assert "it is a folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "folder.pdf"]


def test_a_failure_while_saving_keeps_the_old_file(tmp_path: Path, sample_alignment: Alignment, qapp,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the previous report")

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report_pdf, "_finish", full_disk)
    with pytest.raises(OSError, match="disk is full"):
        export_pdf(sample_alignment, target)
    assert target.read_bytes() == b"the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_an_empty_corpus_gives_a_short_pdf_that_says_so(tmp_path: Path, qapp, capsys) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    target = tmp_path / "empty.pdf"
    assert cli.main(["export", str(empty), "--pdf", str(target)]) == cli.EXIT_BAD_INPUT
    assert "no readable documents" in capsys.readouterr().err
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    assert "holds no readable documents" in _text(reader)


def test_a_threshold_above_every_pair_leaves_a_short_report_that_says_so(tmp_path: Path, sample_alignment: Alignment,
                                                                          qapp) -> None:
    strict = max(p.similarity for p in sample_alignment.pairs) + 0.001
    pages = export_pdf(sample_alignment, tmp_path / "strict.pdf", min_similarity=strict)
    reader = PdfReader(tmp_path / "strict.pdf")
    assert pages == len(reader.pages) == 1
    text = _text(reader)
    assert "No parallel passages were found at this similarity threshold." in text
    assert f"similarity ≥ {strict:.2f}" in text


def test_margins_and_paddings_print_at_their_stated_size(qapp) -> None:
    """A paragraph's margin and a table's cell padding, given in points, measure that many points at the
    report's resolution (Qt scales format lengths by dpi / 96 itself: given in device pixels they printed
    three times their size)."""
    from viewer.report import layout
    from viewer.report.qt import QtCore, QtGui

    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    device = QtGui.QPdfWriter(buffer)
    device.setResolution(report_pdf.DPI)
    w = layout.PartWriter(device, layout.font_family())
    w.paragraph("first", w.char(), bottom=0)
    w.paragraph("second", w.char(), top=10, bottom=0)
    table = w.table(1, (100,), padding=3, border=False)
    w.cell(table, 0, 0).insertText("cell")
    doc = w.part.doc
    doc.setPageSize(QtCore.QSizeF(2000, 1e6))
    lay = doc.documentLayout()
    first, second = doc.begin(), doc.begin().next()
    gap = lay.blockBoundingRect(second).top() - lay.blockBoundingRect(first).bottom()
    assert gap == pytest.approx(10 * w.px, abs=1)
    assert layout.format_to_device(w.part, table.format().cellPadding()) == pytest.approx(3 * w.px)
    cell = lay.blockBoundingRect(table.cellAt(0, 0).firstCursorPosition().block())
    below = cell.top() - lay.blockBoundingRect(second).bottom()
    assert below == pytest.approx(3 * w.px, abs=0.6 * w.px + 1)  # the padding and the hidden border
