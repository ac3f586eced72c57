"""The corpus loader on hostile folders: nothing crashes, every skip has its reason, nothing is written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import docx
import pytest
from helpers import budget, write
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from viewer.core.ingest import documents
from viewer.core.ingest.documents import load_corpus
from viewer.core.ingest.encoding import BINARY, UNDECODABLE, decode_text
from viewer.core.ingest.formats import READERS
from viewer.core.model import Corpus, Skipped

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def listing(folder: Path) -> list[tuple[str, int, int]]:
    """Every entry under `folder` (links not followed) with its size and modification time."""
    entries = []
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            info = os.lstat(path)
            entries.append((os.path.relpath(path, folder), info.st_size, info.st_mtime_ns))
    return sorted(entries)


def load_untouched(folder: Path) -> Corpus:
    """`load_corpus(folder)`, checking that the folder is exactly as it was afterwards."""
    before = listing(folder)
    corpus = load_corpus(folder)
    assert listing(folder) == before
    return corpus


def reasons(corpus: Corpus) -> dict[str, str]:
    return {s.path: s.reason for s in corpus.skipped}


def build_hostile_folder(folder: Path) -> None:
    """One good article, one legacy-encoded one, and every kind of bad file around them."""
    write(folder, "good.txt", "A readable article.")
    write(folder, "empty.txt", b"")
    write(folder, "blank.md", " \n\t\n")
    write(folder, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20)
    write(folder, "controls.md", bytes(range(1, 9)) * 50 + b"some text")
    write(folder, "noise.html", bytes(range(256)) * 4)
    write(folder, "undecodable.txt", bytes(range(128, 256)) * 3)
    write(folder, "legacy.txt", "Caf\xe9 cr\xe8me, na\xefve r\xe9sum\xe9 \x93quoted\x94.".encode("latin-1"))
    write(folder, "fake.docx", "plain text with a Word extension")
    write(folder, "fake.pdf", b"%PDF-1.4\ngarbage\n%%EOF")
    write(folder, "data.xyz", "text with an unknown extension")
    write(folder, "Makefile", "all:")
    write(folder, ".DS_Store", b"\x00\x00\x00\x01Bud1")
    write(folder, ".git/objects/ab", b"\x78\x01 packed object")
    write(folder, "scripts-only.html", "<html><body><script>alert(1)</script><nav>Home</nav></body></html>")


def test_bad_files_are_reported_and_the_good_ones_load(tmp_path: Path) -> None:
    build_hostile_folder(tmp_path)

    corpus = load_untouched(tmp_path)

    assert [d.id for d in corpus.documents] == ["good.txt", "legacy.txt"]
    assert corpus.by_id()["legacy.txt"].text == "Café crème, naïve résumé “quoted”."
    got = reasons(corpus)
    assert got.pop("fake.docx").startswith("not a readable Word document")
    assert got.pop("fake.pdf").startswith("damaged PDF")
    assert got == {
        ".DS_Store": "hidden file",
        "Makefile": "unsupported file type (no extension)",
        "blank.md": "no text (only blank space)",
        "controls.md": BINARY,
        "data.xyz": "unsupported file type .xyz",
        "empty.txt": "empty file",
        "image.txt": BINARY,
        "noise.html": BINARY,
        "scripts-only.html": "no article text in the page",
        "undecodable.txt": UNDECODABLE,
    }
    assert [s.path for s in corpus.skipped] == sorted(s.path for s in corpus.skipped)


@pytest.mark.slow  # a child Python process: seconds of start-up and imports
def test_hostile_folder_from_the_command_line(tmp_path: Path) -> None:
    build_hostile_folder(tmp_path)
    (tmp_path / "linked").symlink_to(".")
    before = listing(tmp_path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [sys.executable, "-m", "viewer", "align", str(tmp_path), "--json", "-"],
        capture_output=True,
        env=env,
        timeout=240,
        check=False,
    )
    assert listing(tmp_path) == before
    assert run.returncode == 0, run.stderr.decode()
    export = json.loads(run.stdout)
    assert [d["id"] for d in export["documents"]] == ["good.txt", "legacy.txt"]
    skipped = {s["path"]: s["reason"] for s in export["skipped"]}
    assert skipped["image.txt"] == BINARY
    assert skipped["linked"] == "link to a folder already read (.)"
    assert len(skipped) == 13


def test_oversized_file_is_skipped_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (tmp_path / "huge.txt").open("wb") as huge:  # 50 MB, sparse: no byte of it may be read (see below)
        huge.truncate(50 * 2**20)
    write(tmp_path, "small.txt", "Small.")
    read: list[int] = []
    real_read = os.read
    monkeypatch.setattr(documents, "READ_WORKERS", 0)  # read here, where the patched os.read counts
    monkeypatch.setattr(documents.os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    corpus = load_untouched(tmp_path)
    assert [d.id for d in corpus.documents] == ["small.txt"]
    assert corpus.skipped == (Skipped("huge.txt", "larger than 2 MB of text"),)
    assert sum(read) <= 2 * (documents.MAX_PLAIN_BYTES + 1)  # small.txt's read, none of huge.txt


def test_size_limit_is_inclusive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_PLAIN_BYTES", 100)
    write(tmp_path, "at-limit.txt", "a" * 100)
    write(tmp_path, "over.txt", "a" * 101)
    corpus = load_untouched(tmp_path)
    assert [(d.id, len(d.text)) for d in corpus.documents] == [("at-limit.txt", 100)]
    assert corpus.skipped == (Skipped("over.txt", "larger than 100 bytes of text"),)


def test_word_and_pdf_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = docx.Document()
    document.add_paragraph("A paragraph longer than the patched limit of text.")
    document.save(str(tmp_path / "long.docx"))
    write(tmp_path, "big.pdf", b"%PDF-1.4\n" + b"0" * 200)
    monkeypatch.setattr(documents, "MAX_ARTICLE_CHARS", 20)
    monkeypatch.setattr(documents, "MAX_CONTAINER_BYTES", 100 * 2**10)
    assert reasons(load_untouched(tmp_path))["long.docx"] == "article longer than 20 characters"
    monkeypatch.setattr(documents, "MAX_CONTAINER_BYTES", 100)
    assert reasons(load_untouched(tmp_path)) == {
        "big.pdf": "larger than 100 bytes",
        "long.docx": "larger than 100 bytes",
    }


def test_file_that_grows_after_listing_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_PLAIN_BYTES", 100)
    write(tmp_path, "growing.txt", "short")
    real_read = documents.read_regular
    monkeypatch.setattr(documents, "read_regular", lambda path, limit: (b"a" * (limit + 1), real_read(path, limit)[1]))
    assert load_untouched(tmp_path).skipped == (Skipped("growing.txt", "larger than 100 bytes of text"),)


def test_deeply_nested_folders(tmp_path: Path) -> None:
    deep = "/".join(["level"] * 60) + "/deep.txt"
    write(tmp_path, deep, "Found at the bottom.")
    corpus = load_untouched(tmp_path)
    assert [(d.id, d.text) for d in corpus.documents] == [(deep, "Found at the bottom.")]


def test_symbolic_links_never_loop_and_are_read_once(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    outside = tmp_path / "elsewhere"
    write(root, "a.txt", "Article A.")
    write(root, "sub/b.txt", "Article B.")
    write(outside, "c.txt", "Article C, outside the folder.")
    write(tmp_path, "d.txt", "Article D, a single file outside.")
    (root / "sub" / "back").symlink_to("..")  # a folder linking to its parent
    (root / "alias").symlink_to("sub")  # a second way into a folder already read
    (root / "linked-dir").symlink_to(outside)
    (root / "linked.txt").symlink_to(tmp_path / "d.txt")
    (root / "linked-again.txt").symlink_to(outside / "c.txt")  # the same file as linked-dir/c.txt
    (root / "again.txt").symlink_to("a.txt")
    (root / "loop.txt").symlink_to("loop.txt")
    (root / "dangling.txt").symlink_to("missing.txt")
    (root / "up").symlink_to(tmp_path)  # holds the corpus folder and everything around it

    corpus = load_untouched(root)

    assert [(d.id, d.text) for d in corpus.documents] == [
        ("a.txt", "Article A."),
        ("linked-dir/c.txt", "Article C, outside the folder."),
        ("linked.txt", "Article D, a single file outside."),
        ("sub/b.txt", "Article B."),
    ]
    assert reasons(corpus) == {
        "again.txt": "link to a file already read (a.txt)",
        "alias": "link to a folder already read (sub)",
        "dangling.txt": "broken symbolic link (its target does not exist)",
        "linked-again.txt": "link to a file already read (linked-dir/c.txt)",
        "linked-dir": f"read from outside the folder ({outside}): --no-follow-outside keeps it out",
        "linked.txt": f"read from outside the folder ({tmp_path / 'd.txt'}): --no-follow-outside keeps it out",
        "loop.txt": "symbolic link loop",
        "sub/back": "link to a folder already read (.)",
        "up": "link to a folder that contains the corpus folder",
    }


def test_permission_denied_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "locked.txt", "Secret.")
    write(tmp_path, "open.txt", "Open.")
    real_read = documents.read_regular

    def read(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path, limit)

    monkeypatch.setattr(documents, "read_regular", read)
    corpus = load_untouched(tmp_path)
    assert [d.id for d in corpus.documents] == ["open.txt"]
    assert corpus.skipped == (Skipped("locked.txt", "permission denied"),)


def test_unreadable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "private/a.txt", "Hidden away.")
    write(tmp_path, "public/b.txt", "Visible.")
    real_scandir = os.scandir

    def scandir(path: os.PathLike[str]) -> object:
        if Path(path).name == "private":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(documents.os, "scandir", scandir)
    corpus = load_untouched(tmp_path)
    assert [d.id for d in corpus.documents] == ["public/b.txt"]
    assert corpus.skipped == (Skipped("private", "folder not readable: permission denied"),)


@pytest.mark.skipif(AS_ROOT, reason="root reads files whatever their permissions")
def test_real_permissions(tmp_path: Path) -> None:
    locked = write(tmp_path, "locked.txt", "Secret.")
    write(tmp_path, "closed/inner.txt", "Inside.")
    write(tmp_path, "open.txt", "Open.")
    locked.chmod(0)
    (tmp_path / "closed").chmod(0)
    try:
        corpus = load_untouched(tmp_path)
    finally:
        locked.chmod(0o644)
        (tmp_path / "closed").chmod(0o755)
    assert [d.id for d in corpus.documents] == ["open.txt"]
    assert reasons(corpus) == {
        "closed": "folder not readable: permission denied",
        "locked.txt": "permission denied",
    }


def test_file_vanishing_between_listing_and_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "gone.txt", "Deleted after listing.")
    write(tmp_path, "raced.txt", "Deleted between stat and open.")
    write(tmp_path, "stays.txt", "Still here.")
    real_list = documents.list_files
    real_read = documents.read_regular

    def list_then_delete(root: Path, cancel: object, **options: bool) -> tuple[list, list]:
        listed = real_list(root, cancel, **options)
        (root / "gone.txt").unlink()
        return listed

    def read(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
        if path.name == "raced.txt":
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real_read(path, limit)

    monkeypatch.setattr(documents, "list_files", list_then_delete)
    monkeypatch.setattr(documents, "read_regular", read)
    corpus = load_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["stays.txt"]
    assert reasons(corpus) == {"gone.txt": "vanished while reading", "raced.txt": "vanished while reading"}


def test_file_replaced_by_a_folder_after_listing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "swapped.txt", "Soon a folder.")
    real_list = documents.list_files

    def list_then_swap(root: Path, cancel: object, **options: bool) -> tuple[list, list]:
        listed = real_list(root, cancel, **options)
        (root / "swapped.txt").unlink()
        (root / "swapped.txt").mkdir()
        return listed

    monkeypatch.setattr(documents, "list_files", list_then_swap)
    corpus = load_corpus(tmp_path)
    assert corpus.documents == ()
    assert corpus.skipped == (Skipped("swapped.txt", "vanished while reading"),)


def test_identical_duplicate_files_both_load(tmp_path: Path) -> None:
    write(tmp_path, "copy1.txt", "The same wire story.")
    write(tmp_path, "copy2.txt", "The same wire story.")
    corpus = load_untouched(tmp_path)
    assert [(d.id, d.text) for d in corpus.documents] == [
        ("copy1.txt", "The same wire story."),
        ("copy2.txt", "The same wire story."),
    ]


def test_file_names_in_odd_unicode_keep_their_names(tmp_path: Path) -> None:
    names = [
        unicodedata.normalize("NFD", "café.txt"),
        unicodedata.normalize("NFC", "Zoë.txt"),
        "📰 news 🗞️.txt",
        "خبر عاجل.txt",
        "חדשות.md",
        "名前 with spaces.txt",
    ]
    for n, name in enumerate(names):
        write(tmp_path, name, f"Article {n}.")
    corpus = load_untouched(tmp_path)
    assert corpus.skipped == ()
    assert sorted(d.id for d in corpus.documents) == sorted(names)
    assert {d.id: d.text for d in corpus.documents} == {name: f"Article {n}." for n, name in enumerate(names)}
    assert unicodedata.normalize("NFD", "café.txt") in corpus.by_id()


def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff name.txt"), "wb") as out:
        out.write(b"Text behind a broken name.")
    corpus = load_untouched(tmp_path)
    assert [(d.id, d.text) for d in corpus.documents] == [
        ("bad\\xff name.txt", "Text behind a broken name.")
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    write(tmp_path, "a.txt", "Text.")
    corpus = load_untouched(tmp_path)
    assert [d.id for d in corpus.documents] == ["a.txt"]
    assert corpus.skipped == (Skipped("pipe.txt", "not a regular file (device, pipe or socket)"),)


def test_parser_crash_becomes_a_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "a.txt", "Fine.")
    write(tmp_path, "b.md", "Makes the reader fail.")

    def explode(data: bytes) -> list:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setitem(documents.READERS, ".md", explode)
    corpus = load_untouched(tmp_path)
    assert [d.id for d in corpus.documents] == ["a.txt"]
    assert corpus.skipped == (
        Skipped("b.md", "could not read this .md file (RecursionError: maximum recursion depth exceeded)"),
    )


# --- any bytes at all ---------------------------------------------------------------------------------------

SUFFIXES = sorted(READERS)  # every registered format, a new one included


@budget(60, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400) | st.text(max_size=200).map(str.encode), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_give_documents_or_reasons(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), "f" + suffix, data)
        corpus = load_untouched(Path(folder))
    assert corpus.documents or corpus.skipped
    assert all(s.path == "f" + suffix and s.reason for s in corpus.skipped)
    for doc in corpus.documents:
        assert doc.path == "f" + suffix
        assert doc.text and doc.text == doc.text.strip()
        assert "\r" not in doc.text and not doc.text.startswith("\ufeff")
        assert doc.date is None or len(doc.date) == 10


@budget(80)
@given(
    text=st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="\ufeff"),
        min_size=1,
        max_size=200,
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]),
)
def test_unicode_text_reads_back_exactly(text: str, encoding: str) -> None:
    assert decode_text(text.encode(encoding)) == text


def test_links_out_of_the_folder_can_be_kept_out(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root, "a.txt", "Article A.")
    write(tmp_path, "elsewhere/c.txt", "Article C, outside.")
    (root / "passwd.txt").symlink_to("/etc/passwd")
    (root / "linked-dir").symlink_to(tmp_path / "elsewhere")
    (root / "inside.txt").symlink_to("a.txt")
    corpus = load_corpus(root, follow_outside=False)
    assert [d.id for d in corpus.documents] == ["a.txt"]
    assert reasons(corpus) == {
        "inside.txt": "link to a file already read (a.txt)",
        "linked-dir": f"link to outside the folder, not followed ({tmp_path / 'elsewhere'})",
        "passwd.txt": "link to outside the folder, not followed (/etc/passwd)",
    }
