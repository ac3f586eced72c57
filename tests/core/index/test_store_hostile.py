"""The index against a hostile cache and hostile folders: no pickle is ever loaded, damage of any kind is
rebuilt (or kept in memory), a full disk is called a full disk, the log does not stay behind, content
hashes are those of the bytes parsed, and files are told apart by their name's bytes."""

from __future__ import annotations

import os
import pickle
import sqlite3
from pathlib import Path

import pytest

from viewer.core.index import store
from viewer.core.index.store import Index, index_path
from viewer.core.ingest import documents
from viewer.core.pipeline import analyse

# The model runs once per distinct sentence of the session (see tests/conftest.py): two thirds of these tests' time.
pytestmark = pytest.mark.usefixtures("remembered_sentence_vectors")

ARTICLES = {
    "a.txt": "The mayor said on Tuesday that 7,800 people had been evacuated from the coast. Officials "
             "expected the storm to reach the harbour by Wednesday night, the agency reported.",
    "b.txt": "Officials expected the storm to reach the harbour by Wednesday night, the agency reported. "
             "The mayor said on Tuesday that 7,700 people had been evacuated from the coast.",
    "c.txt": "A different story about the council budget, which was approved after a long debate.",
}


def folder_of(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text)
    return folder


def built(folder: Path, cache: Path) -> Index:
    index = Index.open(folder, cache_dir=cache)
    index.refresh()
    return index


class Exploit:
    """Unpickling this runs `os.system`, writing a marker file: the crafted pickle of the report."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (os.system, (f"touch {self.marker}",))


def test_a_crafted_pickle_in_the_index_is_never_loaded(tmp_path: Path) -> None:
    folder, cache, marker = folder_of(tmp_path), tmp_path / "cache", tmp_path / "pwned"
    index = built(folder, cache)
    payload = pickle.dumps(Exploit(marker))
    index.db.execute("UPDATE state SET data = ? WHERE name = 'repeats'", (payload,))
    index.db.execute("UPDATE pairs SET data = ?", (payload,))
    index.close()
    index = Index.open(folder, cache_dir=cache)
    assert index.refresh() == analyse(folder)
    assert not marker.exists()
    assert any("damaged" in n for n in index.notices)
    index.close()


@pytest.mark.parametrize("damage", [
    "UPDATE pairs SET data = 'high'",
    "UPDATE pairs SET data = substr(data, 1, length(data) - 8)",
    "UPDATE pairs SET data = data || x'00'",
    "DELETE FROM pairs",
    "UPDATE state SET data = '{\"not\": \"a list\"}' WHERE name = 'boilerplate'",
    "DELETE FROM state WHERE name = 'stats'",
    "UPDATE documents SET text = x'00ff'",
])
@pytest.mark.slow  # builds the index again after each damage: seconds
def test_a_bad_row_is_rebuilt_not_a_traceback(tmp_path: Path, damage: str) -> None:
    folder, cache = folder_of(tmp_path), tmp_path / "cache"
    built(folder, cache).close()
    db = sqlite3.connect(index_path(folder, cache))
    db.execute(damage)
    db.commit()
    db.close()
    for _ in range(2):  # the run after the repair is clean
        index = Index.open(folder, cache_dir=cache)
        assert index.refresh() == analyse(folder)
        index.close()
    assert index.notices == []


def test_an_index_path_that_is_a_folder_falls_back_to_memory(tmp_path: Path) -> None:
    folder, cache = folder_of(tmp_path), tmp_path / "cache"
    index_path(folder, cache).mkdir(parents=True)
    for _ in range(2):
        index = Index.open(folder, cache_dir=cache)
        assert index.in_memory and index.refresh() == analyse(folder)
        assert any("keeps it in memory" in n for n in index.notices)
        index.close()
    assert index_path(folder, cache).is_dir()  # a folder in the cache is not the index's to delete


def test_the_log_is_checkpointed_and_truncated(tmp_path: Path) -> None:
    folder, cache = folder_of(tmp_path), tmp_path / "cache"
    index = built(folder, cache)
    wal = Path(f"{index_path(folder, cache)}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    index.close()


def test_a_full_disk_is_called_a_full_disk_and_leaves_no_log(tmp_path: Path) -> None:
    folder, cache = folder_of(tmp_path), tmp_path / "cache"
    (folder / "long.txt").write_text(" ".join(f"Sentence number {n % 40} of a long article." for n in range(3000)))
    index = Index.open(folder, cache_dir=cache)
    index.db.execute("PRAGMA max_page_count = 1")  # no page more than it has: the disk is "full"
    assert index.refresh() == analyse(folder)
    assert [n for n in index.notices if "disk is full" in n]
    assert not [n for n in index.notices if "damaged" in n]
    wal = Path(f"{index_path(folder, cache)}-wal")
    assert not wal.exists() or wal.stat().st_size <= store.WAL_LIMIT
    index.close()


def test_the_hash_is_of_the_bytes_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file edited while the build reads it: the next run sees the edit (the old hasher read it again
    after the loader and kept the new hash with the old text, forever)."""
    folder, cache = folder_of(tmp_path), tmp_path / "cache"
    real = documents.READERS[".txt"]

    def read_then_edit(data: bytes) -> list:
        if data.startswith(b"A different story"):
            (folder / "c.txt").write_text("An edited story about the council budget, written meanwhile.")
            os.utime(folder / "c.txt", ns=(1, 1))  # a new mtime, whatever the clock's resolution
        return real(data)

    monkeypatch.setitem(documents.READERS, ".txt", read_then_edit)
    built(folder, cache).close()
    monkeypatch.setitem(documents.READERS, ".txt", real)
    index = Index.open(folder, cache_dir=cache)
    assert index.changes().changed == ("c.txt",)
    assert index.refresh().corpus.by_id()["c.txt"].text.startswith("An edited story")
    index.close()


def test_names_differing_only_in_invalid_bytes_are_two_files(tmp_path: Path) -> None:
    folder, cache = folder_of(tmp_path), tmp_path / "cache"
    raw = os.fsencode(folder)
    for name, text in ((b"x\xff.txt", ARTICLES["a.txt"]), (b"x\xfe.txt", "Another story entirely.")):
        with open(os.path.join(raw, name), "wb") as out:
            out.write(text.encode())
    first = built(folder, cache)
    first.close()
    with open(os.path.join(raw, b"x\xfe.txt"), "wb") as out:
        out.write(b"Another story, edited.")
    os.utime(os.path.join(raw, b"x\xfe.txt"), ns=(1, 1))
    index = Index.open(folder, cache_dir=cache)
    assert index.changes().changed == ("x\\xfe.txt",)
    docs = index.refresh().corpus.by_id()
    assert docs["x\\xfe.txt"].text == "Another story, edited." and "x\\xff.txt" in docs
    index.close()
    os.unlink(os.path.join(raw, b"x\xfe.txt"))
    index = Index.open(folder, cache_dir=cache)
    docs = index.refresh().corpus.by_id()
    assert "x\\xfe.txt" not in docs and "x\\xff.txt" in docs
    index.close()


def test_files_the_loader_skips_unread_are_not_read_for_the_index(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder, cache = folder_of(tmp_path), tmp_path / "cache"
    video = folder / "video.mp4"
    with video.open("wb") as out:
        out.truncate(8 * 2**30)  # sparse: 8 GiB that take no disk
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(documents, "READ_WORKERS", 0)  # read here, where the patched os.open sees it
    monkeypatch.setattr(documents.os, "open", lambda p, *a, **k: opened.append(str(p)) or real_open(p, *a, **k))
    index = built(folder, cache)
    stored = dict(index.db.execute("SELECT path, hash FROM files").fetchall())
    assert stored["video.mp4"] == "unread: unsupported file type .mp4"
    os.utime(video, ns=(5, 5))
    assert not index.changes()
    index.close()
    assert not [p for p in opened if p.endswith("video.mp4")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_deleted_fifo_is_no_longer_listed(tmp_path: Path) -> None:
    folder, cache = folder_of(tmp_path), tmp_path / "cache"
    os.mkfifo(folder / "pipe.txt")
    (folder / "broken.txt").symlink_to("missing.txt")
    index = built(folder, cache)
    assert {s.path for s in index.alignment().corpus.skipped} == {"pipe.txt", "broken.txt"}
    index.close()
    (folder / "pipe.txt").unlink()
    (folder / "broken.txt").unlink()
    index = Index.open(folder, cache_dir=cache)
    assert index.refresh().corpus.skipped == ()
    index.close()


def test_a_folder_path_that_is_not_utf8_is_indexed_and_exported(tmp_path: Path, qapp: object) -> None:
    from viewer.cli import main

    folder = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"corpus-\xff")))
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text)
    out = tmp_path / "out.json"
    assert main(["align", str(folder), "--json", str(out)]) == 0
    assert b"corpus-\\\\xff" in out.read_bytes()
    assert main(["export", str(folder), "--pdf", str(tmp_path / "out.pdf")]) == 0
