"""A saved result (`parallax align --json FILE` or `--parquet DIR`) opened read-only in the window: the same
documents, parallels and divergences as the run that wrote it, no folder watched, nothing aligned again."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from helpers import DATA

from viewer import cli, saved
from viewer.core.model import PairBasis
from viewer.export_json import alignment_to_json
from viewer.resources import sample_corpus_path
from viewer.ui.main_window import MainWindow
from viewer.ui.models.discrepancies import pair_for_claim

STORY = DATA / "facts" / "ecbplus-37"  # four ECB+ articles whose tolls differ: figure parallels too
WAIT_MS = 60_000


@pytest.fixture
def alignment(figure_story_alignment):
    return figure_story_alignment  # STORY's (tests/conftest.py)


@pytest.fixture
def saved_json(alignment, tmp_path: Path) -> Path:
    path = tmp_path / "aceh.json"
    path.write_text(json.dumps(alignment_to_json(alignment)), encoding="utf-8")
    return path


def _open(qtbot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.discrepancies_ready, timeout=WAIT_MS):
        window.open_result(path)


def _shown(window: MainWindow) -> list[tuple]:
    assert window.index is not None
    return sorted((p.a, p.b, p.basis, p.divergences) for p in window.index.alignment.pairs)


def test_a_saved_json_shows_what_the_run_found(qtbot, window: MainWindow, alignment, saved_json: Path) -> None:
    _open(qtbot, window, saved_json)
    assert window.read_only and "read-only" in window.windowTitle() and "read-only" in window.summary.text()
    assert window.watcher.folder is None  # no folder to watch
    assert [d.id for d in window.index.documents] == [d.id for d in alignment.corpus.documents]
    assert _shown(window) == sorted((p.a, p.b, p.basis, p.divergences) for p in alignment.pairs)
    assert any(p.basis == PairBasis.FIGURE for p in window.index.alignment.pairs)
    assert window.index.discrepancies  # the disputed facts, from the saved divergences
    # the file is read again on Reload, still read-only
    with qtbot.waitSignal(window.discrepancies_ready, timeout=WAIT_MS):
        window.reload()
    assert window.read_only and window.watcher.folder is None
    # and a folder opened next is aligned and watched as usual
    with qtbot.waitSignal(window.discrepancies_ready, timeout=WAIT_MS):
        window.open_folder(STORY)
    assert not window.read_only
    qtbot.waitUntil(lambda: window.watcher.folder == STORY.resolve(), timeout=WAIT_MS)


def test_a_parquet_result_opens_from_its_folder_or_its_alignment_json(
    qtbot, window: MainWindow, alignment, tmp_path: Path
) -> None:
    pytest.importorskip("pyarrow")
    from viewer.export_parquet import write_parquet

    write_parquet(alignment, tmp_path / "aceh")
    for path in (tmp_path / "aceh", tmp_path / "aceh" / "alignment.json"):
        _open(qtbot, window, path)
        assert _shown(window) == sorted((p.a, p.b, p.basis, p.divergences) for p in alignment.pairs)


def test_a_json_parallax_did_not_write_is_refused_by_name(qtbot, window: MainWindow, tmp_path: Path) -> None:
    other = tmp_path / "package.json"
    other.write_text('{"name": "left-pad"}', encoding="utf-8")
    with qtbot.waitSignal(window.load_failed, timeout=WAIT_MS):
        window.open_result(other)
    assert window.message.startswith("Could not open this result")
    assert "package.json is not a result Parallax wrote" in window.message


def test_what_counts_as_a_saved_result(alignment, saved_json: Path, tmp_path: Path) -> None:
    assert saved.is_saved_result(saved_json)
    assert not saved.is_saved_result(STORY)  # a folder of articles
    # the JSON keeps each pair's divergences and the values judged the same (`agreements`)
    assert saved.read_result(saved_json).pairs == alignment.pairs
    assert any(p.agreements for p in alignment.pairs)
    broken = tmp_path / "cut.json"
    broken.write_text(saved_json.read_text(encoding="utf-8")[:500], encoding="utf-8")
    with pytest.raises(ValueError, match=r"cut\.json is not a result Parallax wrote"):
        saved.read_result(broken)
    # a folder of articles holding a file named alignment.json is still a folder of articles
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "alignment.json").write_text('{"format": "news"}', encoding="utf-8")
    assert not saved.is_saved_result(tmp_path / "articles")


def test_the_command_line_opens_a_saved_result_in_the_window(monkeypatch, saved_json: Path) -> None:
    opened: list[Path | None] = []
    monkeypatch.setattr("viewer.ui.app.run_window", lambda path=None: opened.append(path) or 0)
    assert cli.main([str(saved_json)]) == cli.EXIT_OK
    assert opened == [saved_json]


def _discrepancies_tab(window: MainWindow) -> list[tuple]:
    """Every row of the Discrepancies tab as shown, and the parallel that opening it shows."""
    panel = window.discrepancies_panel
    assert window.index is not None
    opened = [pair_for_claim(window.index, row) for row in panel.rows()]
    return [(panel.row_text(row), None if o is None else (o[0], o[1].a, o[1].b))
            for row, o in zip(panel.rows(), opened, strict=True)]


@pytest.mark.parametrize("story", [sample_corpus_path(), DATA / "facts" / "ecbplus-20"], ids=["sample", "ecbplus-20"])
def test_a_saved_result_disputes_facts_as_the_folder_does(
    qtbot, window: MainWindow, tmp_path: Path, story: Path
) -> None:
    """A disputed fact counts the sources that agree (`Pair.agreements`) as well as those that differ: read
    back from the JSON or the Parquet of `parallax align`, the Discrepancies tab is the folder's own. In
    ecbplus-20 only an agreeing pair joins the second source of the value most sources give."""
    folder = tmp_path / "articles"
    shutil.copytree(story, folder)
    with qtbot.waitSignal(window.discrepancies_ready, timeout=WAIT_MS):
        window.open_folder(folder)
    live = _discrepancies_tab(window)
    assert live
    out = tmp_path / "story.json"
    assert cli.main(["align", str(folder), "--no-index", "--json", str(out)]) == cli.EXIT_OK
    _open(qtbot, window, out)
    assert window.read_only and _discrepancies_tab(window) == live
    if importlib.util.find_spec("pyarrow") is not None:
        assert cli.main(["align", str(folder), "--no-index", "--parquet", str(tmp_path / "pq")]) == cli.EXIT_OK
        _open(qtbot, window, tmp_path / "pq")
        assert _discrepancies_tab(window) == live
    if story.name == "ecbplus-20":  # the same file without its agreements, as written before them
        data = json.loads(out.read_text(encoding="utf-8"))
        for pair in data["pairs"]:
            del pair["agreements"]
        older = tmp_path / "older.json"
        older.write_text(json.dumps(data), encoding="utf-8")
        _open(qtbot, window, older)
        assert _discrepancies_tab(window) != live
        assert any("(2 of 3)" in text for text, _ in live)
