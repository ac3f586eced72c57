"""File ▸ Export Comparison PDF from the window: the dialog's choices, the export in a worker, the PDF read back."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from viewer.report.pdf import Paper
from viewer.resources import sample_corpus_path
from viewer.ui.app import create_application
from viewer.ui.export_dialog import ExportChoice, ExportDialog
from viewer.ui.main_window import MainWindow
from viewer.ui.qt import QtCore

WAIT_MS = 120_000
FLY_OUT = "The United States would be permitted to fly the military remains"


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    create_application()
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    folder = tmp_path / "corpus"
    shutil.copytree(sample_corpus_path(), folder)
    with qtbot.waitSignal(w.discrepancies_ready, timeout=WAIT_MS):
        w.open_folder(folder)
    return w


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def select_fly_out(window: MainWindow) -> None:
    lifezette = next(d for d in window.index.documents if d.label == "LifeZette")
    window.select_document(lifezette.id)
    window.select_passage(lifezette.text.index(FLY_OUT) + 10)


def test_export_the_current_comparison(qtbot, window: MainWindow, tmp_path: Path) -> None:
    select_fly_out(window)
    shown = window.comparison.pair
    other = window.index.docs[shown.other(window.current_doc).doc].label
    out = tmp_path / "pair.pdf"
    with qtbot.waitSignal(window.export.done, timeout=WAIT_MS) as done:
        window.export.export(ExportChoice("pair", out, 160, window.index.threshold))
    assert "Exported" in done.args[0]
    text = pdf_text(out)
    for expected in ("LifeZette", other, "June 27", "July 27"):
        assert expected in text


def test_export_the_whole_corpus_names_every_document(qtbot, window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "corpus.pdf"
    with qtbot.waitSignal(window.export.done, timeout=WAIT_MS):
        window.export.export(ExportChoice("corpus", out, 80, window.index.threshold))
    text = pdf_text(out)
    for doc in window.index.documents:
        assert doc.label in text
    assert "June 27" in text and "July 27" in text


def test_export_never_writes_into_the_corpus_folder(qtbot, window: MainWindow) -> None:
    inside = window.folder / "report.pdf"
    with qtbot.waitSignal(window.export.done, timeout=WAIT_MS) as done:
        window.export.export(ExportChoice("corpus", inside, 80, window.index.threshold))
    assert "never writes into the corpus folder" in done.args[0]
    assert not inside.exists()


def test_dialog_offers_only_what_is_selected(qtbot, tmp_path: Path) -> None:
    dialog = ExportDialog({"corpus", "document"}, 0.6, 0.5, tmp_path / "x.pdf")
    qtbot.addWidget(dialog)
    assert not dialog.buttons_by_kind["pair"].isEnabled()
    assert dialog.buttons_by_kind["document"].isChecked()
    dialog.buttons_by_kind["corpus"].setChecked(True)
    dialog.context.setValue(240)
    choice = dialog.choice()
    assert (choice.kind, choice.path, choice.context_chars, choice.min_similarity) == (
        "corpus",
        tmp_path / "x.pdf",
        240,
        pytest.approx(0.6),
    )


def test_disputed_facts_only_from_the_dialog(qtbot, window: MainWindow, tmp_path: Path) -> None:
    dialog = ExportDialog({"corpus"}, 0.6, 0.5, tmp_path / "x.pdf")
    qtbot.addWidget(dialog)
    assert not dialog.choice().only_discrepancies
    dialog.only_discrepancies.setChecked(True)
    assert dialog.choice().only_discrepancies
    full, short = tmp_path / "full.pdf", tmp_path / "short.pdf"
    for out, only in ((full, False), (short, True)):
        with qtbot.waitSignal(window.export.done, timeout=WAIT_MS):
            window.export.export(ExportChoice("corpus", out, 80, window.index.threshold, only))
    assert "disputed facts only" in pdf_text(short) and "disputed facts only" not in pdf_text(full)
    assert len(PdfReader(short).pages) < len(PdfReader(full).pages)


@pytest.mark.parametrize(("locale", "paper", "points"), [
    (QtCore.QLocale.Language.English, Paper.LETTER, (612, 792)),  # the US: Letter
    (QtCore.QLocale.Language.German, Paper.A4, (595, 842)),
])
def test_the_paper_is_chosen_in_the_dialog(qtbot, window: MainWindow, tmp_path: Path, locale, paper, points
                                          ) -> None:
    before = QtCore.QLocale()
    country = QtCore.QLocale.Country.UnitedStates if paper == Paper.LETTER else QtCore.QLocale.Country.Germany
    QtCore.QLocale.setDefault(QtCore.QLocale(locale, country))
    try:
        dialog = ExportDialog({"corpus"}, 0.6, 0.5, tmp_path / "x.pdf")
    finally:
        QtCore.QLocale.setDefault(before)
    qtbot.addWidget(dialog)
    assert dialog.choice().paper == paper  # the locale's paper first
    other = next(p for p in Paper if p != paper)
    dialog.paper.setCurrentIndex(dialog.paper.findData(other))
    assert dialog.choice().paper == other
    out = tmp_path / "paper.pdf"
    with qtbot.waitSignal(window.export.done, timeout=WAIT_MS):
        window.export.export(replace(dialog.choice(), path=out, paper=paper))
    box = PdfReader(out).pages[0].mediabox
    assert (round(box.width), round(box.height)) == points

def test_cancelling_an_export_says_nothing_was_written(qtbot, window: MainWindow, tmp_path: Path) -> None:
    window.export.export(ExportChoice("corpus", tmp_path / "never.pdf", 80, window.index.threshold))
    assert window.progress.isVisible()
    with qtbot.waitSignal(window.export.done, timeout=WAIT_MS) as done:
        window.progress.cancel.click()
    assert "cancelled" in done.args[0]
    assert not window.loader.busy and not window.export.runner.busy


def test_a_dismissed_discrepancy_is_left_out_of_the_pdf(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from viewer.ui.models.discrepancies import Triage

    def disputed(out: Path) -> str:
        with qtbot.waitSignal(window.export.done, timeout=WAIT_MS):
            window.export.export(ExportChoice("corpus", out, 80, window.index.threshold))
        text = pdf_text(out)
        return text[text.index("disputed fact") - 3 : text.index("disputed fact") + 14]

    assert disputed(tmp_path / "all.pdf").startswith(" 3 disputed facts")
    row = next(r for r in window.discrepancies_panel.rows() if r.claim.text == "June 27")
    window.discrepancies_panel.set_status(row, Triage.DISMISSED)
    assert disputed(tmp_path / "kept.pdf").startswith(" 2 disputed facts")
