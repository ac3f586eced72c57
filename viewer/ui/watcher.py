"""Notices articles added, changed or removed in the open corpus folder while the window shows it.

A `QFileSystemWatcher` watches the folder and its sub-folders (and, in a folder of moderate size, the article
files themselves: on Linux a folder watch is not told when a file inside it is rewritten in place, only when
one is created, renamed, deleted or touched). Its signals restart a single-shot timer (a second, or the
`debounce_ms` given: tests take a few milliseconds), so saving a batch of files gives one check. A check
runs in a worker thread (`TaskRunner`): it lists the folder again (so new sub-folders get watched) and asks
the index store what changed since the index was written (`Index.changes`, which hashes only files whose
size or mtime moved). Nothing here writes into the folder.
Imports: viewer.core (documents, store), viewer.ui (qt, workers).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from viewer.core.index.store import Changes, Index
from viewer.core.ingest.documents import SUPPORTED_SUFFIXES
from viewer.core.progress import CancelToken, Progress
from viewer.ui.qt import QtCore, Signal
from viewer.ui.workers import TaskRunner

DEBOUNCE_MS = 1000
# Bounds on what one window asks of the system's watch budget (inotify's max_user_watches is often 8,192
# on older systems and shared by every program of the user).
MAX_DIRECTORIES = 2000
MAX_FILES = 5000  # larger corpora watch folders only: a file rewritten in place waits for F5


def is_article(rel: str) -> bool:
    """Whether the loader would read the file at `rel` as articles (not hidden, a supported type)."""
    name = PurePosixPath(rel).name
    return not name.startswith(".") and PurePosixPath(name).suffix.lower() in SUPPORTED_SUFFIXES


def article_changes(found: Changes) -> Changes:
    """`found` without files no article comes from (an editor's swap file, hidden or unsupported files)."""
    kinds = (found.added, found.changed, found.removed)
    return Changes(*(tuple(filter(is_article, paths)) for paths in kinds))


@dataclass(frozen=True, slots=True)
class WatchList:
    directories: tuple[str, ...]  # the folder first, then its sub-folders breadth first
    files: tuple[str, ...]  # the article files, or none when there are more than the bound


def watch_list(folder: Path, max_directories: int = MAX_DIRECTORIES, max_files: int = MAX_FILES) -> WatchList:
    """What to watch under `folder`: folders the loader walks (hidden ones are not), nearest first.

    Folders reached through symbolic links are not watched (a link can loop back to the folder); their
    files are picked up by the next check or by F5.
    """
    directories: list[str] = []
    files: list[str] = []
    queue = deque([str(folder)])
    while queue and len(directories) < max_directories:
        directory = queue.popleft()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError:
            continue  # unreadable or gone: the loader reports it, there is nothing to watch
        directories.append(directory)
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith("."):
                        queue.append(entry.path)
                elif is_article(entry.name):
                    files.append(entry.path)
            except OSError:
                continue
    return WatchList(tuple(directories), tuple(files) if len(files) <= max_files else ())


@dataclass(frozen=True, slots=True)
class Survey:
    folder: Path
    watch: WatchList
    changes: Changes  # article files only


def folder_changes(folder: Path) -> Changes:
    """What changed in `folder` since its index was written; nothing when the index could not be saved
    (the child process's index in memory is gone, and an empty one would call every file new)."""
    index = Index.open(folder)
    try:
        return Changes() if index.in_memory else article_changes(index.changes())
    finally:
        index.close()


def survey_task(folder: Path) -> Callable[..., Survey]:
    """List what to watch under `folder` and what changed there since its index was written."""

    def run(_progress: Progress, _partial: Callable[[Any], None], _cancel: CancelToken) -> Survey:
        return Survey(folder, watch_list(folder), folder_changes(folder))

    return run


class FolderWatcher(QtCore.QObject):
    """Watches one corpus folder at a time and says, after each check, what changed in its articles."""

    checked = Signal(object)  # Changes of article files since the index was written (empty: nothing)

    def __init__(self, parent: QtCore.QObject | None = None, *, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.folder: Path | None = None
        self._check_first = False  # whether the survey under way reports changes, or only lists the watches
        self._watcher = QtCore.QFileSystemWatcher(self)
        self._timer = QtCore.QTimer(self, singleShot=True, interval=debounce_ms)
        self._runner = TaskRunner(self)
        self._watcher.directoryChanged.connect(self._soon)
        self._watcher.fileChanged.connect(self._soon)
        self._timer.timeout.connect(self.check)
        self._runner.finished.connect(self._on_survey)

    @property
    def debounce_ms(self) -> int:
        """How long after the last event in the folder the check runs."""
        return self._timer.interval()

    @debounce_ms.setter
    def debounce_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)

    def watch(self, folder: Path, *, check_now: bool = True) -> None:
        """Watch `folder` instead of whatever was watched; `check_now` also reports what changed while the
        index was being written (the first listing is made in the worker either way)."""
        self.stop()
        self.folder = folder
        self._check_first = check_now
        self._runner.start(survey_task(folder))

    def stop(self) -> None:
        """Watch nothing; a check still running is dropped when it ends."""
        self.folder = None
        self._timer.stop()
        self._runner.cancel()
        watched = self.watched()
        if watched:
            self._watcher.removePaths(watched)

    def _soon(self, _path: str) -> None:
        self._timer.start()  # restarted by every event: a batch of saves gives one check after the last

    def check(self) -> None:
        if self.folder is not None:
            self._check_first = True
            self._runner.start(survey_task(self.folder))

    def watched(self) -> list[str]:
        return self._watcher.directories() + self._watcher.files()

    def _on_survey(self, survey: Survey) -> None:
        if survey.folder != self.folder:
            return
        self._follow(set(survey.watch.directories) | set(survey.watch.files))
        if self._check_first:
            self.checked.emit(survey.changes)

    def _follow(self, wanted: set[str]) -> None:
        """Watch exactly `wanted` (a new sub-folder joins; a replaced file is watched again)."""
        watched = set(self.watched())
        if watched - wanted:
            self._watcher.removePaths(sorted(watched - wanted))
        if wanted - watched:
            self._watcher.addPaths(sorted(wanted - watched))
