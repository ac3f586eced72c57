"""Starting the window: which folder opens first, and a clear exit (not a core dump) without a display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.resources import sample_corpus_path
from viewer.ui.app import folder_to_open, platform_problem
from viewer.ui.settings import Settings


@pytest.mark.slow  # a child Python process: seconds of start-up and imports
def test_no_usable_display_exits_with_a_clear_message() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    done = subprocess.run(
        [sys.executable, "-m", "viewer", str(sample_corpus_path())],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "cannot open a window" in done.stderr
    assert "QT_QPA_PLATFORM=offscreen" in done.stderr


def test_offscreen_needs_no_probe() -> None:
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    assert platform_problem() is None


def test_first_start_opens_the_sample_corpus(qapp) -> None:
    assert folder_to_open(None, Settings()) == (sample_corpus_path(), "")


def test_later_starts_open_the_last_folder(qapp, tmp_path: Path) -> None:
    settings = Settings()
    settings.remember_folder(str(tmp_path))
    assert folder_to_open(None, settings) == (tmp_path, "")
    assert folder_to_open(sample_corpus_path(), settings)[0] == sample_corpus_path()


def test_a_vanished_last_folder_falls_back_to_the_sample_with_a_note(qapp, tmp_path: Path) -> None:
    settings = Settings()
    settings.remember_folder(str(tmp_path / "gone"))
    folder, note = folder_to_open(None, settings)
    assert folder == sample_corpus_path()
    assert "gone" in note


def test_recent_folders_are_most_recent_first_without_duplicates(qapp) -> None:
    settings = Settings()
    for name in ("a", "b", "a", "c"):
        settings.remember_folder(name)
    assert settings.recent_folders() == ["c", "a", "b"]
    assert settings.last_folder() == "c"
