"""The window notices articles added, changed or removed in its folder while it is open, and offers to update.

A copy of the sample corpus is opened in the real window; the tests add, rewrite and delete articles in it
and wait for the bar (no sleeps: each check ends with `FolderWatcher.checked`). What to watch and which
changes count are also tested on literal folders.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from viewer.core.index.store import CACHE_ENV, Changes
from viewer.resources import sample_corpus_path
from viewer.ui.main_window import MainWindow
from viewer.ui.qt import Qt
from viewer.ui.views.update_bar import describe
from viewer.ui.watcher import article_changes, is_article, watch_list

WAIT_MS = 60_000
QUICK_MS = 50  # still coalesces the saves a test makes in one go
SENTENCE = "Pompeo said Sunday."  # in Yonhap.txt; copies of the article change it


@pytest.fixture
def window(window: MainWindow) -> MainWindow:
    """The real window (conftest.py), its watcher checking QUICK_MS after the last event instead of a second."""
    window.watcher.debounce_ms = QUICK_MS
    return window


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "corpus"
    shutil.copytree(sample_corpus_path(), copy)
    return copy


def open_watched(qtbot, window: MainWindow, folder: Path) -> None:
    """Open `folder` and wait for its watches to be in place (the first check finds nothing changed)."""
    with qtbot.waitSignal(window.watcher.checked, timeout=WAIT_MS) as first:
        window.open_folder(folder)
    assert first.args == [Changes()]
    assert window.index is not None


def wait_for_bar(qtbot, window: MainWindow, text: str) -> None:
    qtbot.waitUntil(
        lambda: window.update_bar.isVisible() and text in window.update_bar.label.text(), timeout=WAIT_MS
    )


def press_update(qtbot, window: MainWindow) -> None:
    """Update, and wait until the folder is aligned again and watched again."""
    with qtbot.waitSignal(window.watcher.checked, timeout=WAIT_MS):
        qtbot.mouseClick(window.update_bar.update_button, Qt.MouseButton.LeftButton)


def listing(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}


def document_ids(window: MainWindow) -> set[str]:
    return {row.doc.id for row in window.documents.model.records()}


def rewritten(text: str, replacement: str) -> str:
    assert SENTENCE in text
    return text.replace(SENTENCE, replacement)


def test_added_changed_and_removed_articles_are_offered_as_an_update(
    qtbot, window: MainWindow, folder: Path
) -> None:
    open_watched(qtbot, window, folder)
    before = listing(folder)
    window.select_document("LifeZette.txt")
    yonhap = (folder / "Yonhap.txt").read_text(encoding="utf-8")

    (folder / "Yonhap copy.txt").write_text(rewritten(yonhap, "Pompeo said on Monday."), encoding="utf-8")
    wait_for_bar(qtbot, window, "1 file added, 0 changed, 0 removed")
    assert "Yonhap copy.txt" in window.update_bar.label.toolTip()

    press_update(qtbot, window)
    assert "Yonhap copy.txt" in document_ids(window)
    assert not window.update_bar.isVisible()
    assert window.current_doc == "LifeZette.txt"  # the document being read stays selected

    (folder / "Yonhap.txt").write_text(rewritten(yonhap, "Pompeo said on Sunday night."), encoding="utf-8")
    wait_for_bar(qtbot, window, "0 files added, 1 changed, 0 removed")
    (folder / "Asian Correspondent.txt").unlink()
    wait_for_bar(qtbot, window, "0 files added, 1 changed, 1 removed")

    press_update(qtbot, window)
    assert "Asian Correspondent.txt" not in document_ids(window)
    assert "Pompeo said on Sunday night." in window.index.docs["Yonhap.txt"].text
    assert not window.update_bar.isVisible()

    touched = {"Yonhap copy.txt", "Yonhap.txt", "Asian Correspondent.txt"}
    after = listing(folder)
    assert {k: v for k, v in after.items() if k not in touched} == {
        k: v for k, v in before.items() if k not in touched
    }  # Parallax wrote nothing into the folder


def test_dismiss_hides_the_bar_until_the_folder_changes_again(
    qtbot, window: MainWindow, folder: Path
) -> None:
    open_watched(qtbot, window, folder)
    (folder / "one.txt").write_text("A first new article about the talks.\n", encoding="utf-8")
    wait_for_bar(qtbot, window, "1 file added")
    qtbot.mouseClick(window.update_bar.dismiss_button, Qt.MouseButton.LeftButton)
    assert not window.update_bar.isVisible()

    with qtbot.waitSignal(window.watcher.checked, timeout=WAIT_MS):  # a change that is no article's
        (folder / ".one.txt.swp").write_bytes(b"editor state")
    assert not window.update_bar.isVisible()

    (folder / "two.txt").write_text("A second new article about the talks.\n", encoding="utf-8")
    wait_for_bar(qtbot, window, "2 files added")


def test_an_article_added_in_a_new_sub_folder_is_noticed(qtbot, window: MainWindow, folder: Path) -> None:
    open_watched(qtbot, window, folder)
    with qtbot.waitSignal(window.watcher.checked, timeout=WAIT_MS):
        (folder / "later").mkdir()
    assert str(folder / "later") in window.watcher.watched()
    (folder / "later" / "new.txt").write_text("An article filed later.\n", encoding="utf-8")
    wait_for_bar(qtbot, window, "1 file added")
    assert "later/new.txt" in window.update_bar.label.toolTip()


def test_watching_stops_when_another_folder_opens_or_the_window_closes(
    qtbot, window: MainWindow, folder: Path, tmp_path: Path
) -> None:
    open_watched(qtbot, window, folder)
    assert str(folder) in window.watcher.watched()
    other = tmp_path / "other"
    shutil.copytree(sample_corpus_path(), other)
    open_watched(qtbot, window, other)
    assert not [p for p in window.watcher.watched() if Path(p).is_relative_to(folder)]
    assert str(other) in window.watcher.watched()
    window.close()
    assert window.watcher.watched() == []


def test_an_empty_folder_offers_the_articles_that_arrive(qtbot, window: MainWindow, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with qtbot.waitSignal(window.loader.finished, timeout=WAIT_MS):
        window.open_folder(empty)
    qtbot.waitUntil(lambda: str(empty) in window.watcher.watched(), timeout=WAIT_MS)
    shutil.copy(sample_corpus_path() / "Yonhap.txt", empty / "Yonhap.txt")
    wait_for_bar(qtbot, window, "1 file added")
    with qtbot.waitSignal(window.index_ready, timeout=WAIT_MS):
        qtbot.mouseClick(window.update_bar.update_button, Qt.MouseButton.LeftButton)
    assert document_ids(window) == {"Yonhap.txt"}


def test_nothing_is_offered_when_the_index_cannot_be_saved(
    qtbot, window: MainWindow, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(not_a_folder))
    open_watched(qtbot, window, folder)  # an empty index in memory would have called every file new
    with qtbot.waitSignal(window.watcher.checked, timeout=WAIT_MS) as check:
        (folder / "new.txt").write_text("A new article.\n", encoding="utf-8")
    assert check.args == [Changes()]
    assert not window.update_bar.isVisible()


# -- literal folders --------------------------------------------------------------------------------------


def test_watch_list_takes_visible_folders_nearest_first_and_article_files(tmp_path: Path) -> None:
    for rel in ("a/deep/x.txt", "b/y.md", ".git/objects/z.txt", "c/notes.csv", "top.txt", ".hidden.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("text", encoding="utf-8")
    os.symlink(tmp_path / "a", tmp_path / "link")

    found = watch_list(tmp_path)
    assert found.directories == tuple(str(tmp_path / d) for d in ("", "a", "b", "c", "a/deep"))
    assert sorted(found.files) == sorted(str(tmp_path / f) for f in ("top.txt", "a/deep/x.txt", "b/y.md"))

    assert watch_list(tmp_path, max_directories=2).directories == (str(tmp_path), str(tmp_path / "a"))
    assert watch_list(tmp_path, max_files=2).files == ()  # more articles than the bound: folders only


def test_only_article_files_count_as_changes() -> None:
    assert is_article("2018/Yonhap.TXT") and is_article("feed.jsonl")
    assert not is_article(".Yonhap.txt.swp") and not is_article("notes.csv") and not is_article("a/.x.txt")
    found = Changes(added=("new.txt", ".new.txt.swp"), changed=("notes.csv",), removed=("old.pdf",))
    assert article_changes(found) == Changes(added=("new.txt",), removed=("old.pdf",))


def test_the_bar_counts_each_kind() -> None:
    assert describe(Changes(added=("a.txt", "b.txt"), changed=("c.txt",))) == (
        "2 files added, 1 changed, 0 removed in this folder since it was aligned."
    )
    assert describe(Changes(removed=("a.txt",))).startswith("0 files added, 0 changed, 1 removed")
