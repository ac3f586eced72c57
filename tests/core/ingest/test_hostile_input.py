"""Hostile files, round two: each is built here, read under limits set inside the test (a cap on the
address space of the process reading it, the test's timeout), and must cost that file only."""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hostile_files import (
    deep_jsonl,
    docx_bomb,
    docx_lying_size,
    docx_text,
    entity_bomb_docx,
    lone_surrogate_json,
    long_article,
    nested_html,
    pdf_with_tounicode,
    spaced_heading,
    unclosed_front_matter,
)

from viewer.core.ingest import documents
from viewer.core.ingest.documents import load_corpus, read_file
from viewer.core.ingest.formats import html as html_format
from viewer.core.ingest.formats.office import DOCX_PART_LIMIT, ENCRYPTED_PDF, read_pdf
from viewer.core.ingest.sandbox import Budget, map_bounded
from viewer.core.model import Skipped
from viewer.core.pipeline import analyse
from viewer.core.progress import Cancelled

GOOD = "A readable article about the harbour, with enough words to be one."
MEMORY_CAP = 3 * 2**30  # address space this process may use while a test reads a bomb


@contextmanager
def memory_cap(limit: int = MEMORY_CAP) -> Iterator[None]:
    """Cap this process's address space (what a bomb would blow up) for the block's duration."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def folder_with(tmp_path: Path, name: str, data: bytes) -> Path:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / name).write_bytes(data)
    return tmp_path


def reasons(tmp_path: Path) -> dict[str, str]:
    with memory_cap():
        corpus = load_corpus(tmp_path)
    assert "good.txt" in corpus.by_id()
    return {s.path: s.reason for s in corpus.skipped}


# ------------------------------------------------------------------------------------ lone surrogates


@pytest.mark.timeout(120)
def test_lone_surrogate_in_json_is_replaced_and_the_folder_aligns(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "bad.json", lone_surrogate_json())
    corpus = load_corpus(folder)
    text = corpus.by_id()["bad.json"].text
    assert "\ufffd" in text and text.encode("utf-8")
    aligned = analyse(folder)
    assert {d.id for d in aligned.corpus.documents} == {"bad.json", "good.txt"}


@pytest.mark.timeout(120)
def test_lone_surrogate_from_a_pdf_font_map_is_replaced(tmp_path: Path) -> None:
    assert "\ud800" in read_pdf(pdf_with_tounicode("D800"))[0].text  # what pypdf gives
    (found,), skipped = read_file("font.pdf", folder_with(tmp_path, "font.pdf", pdf_with_tounicode("D800")) /
                                  "font.pdf")
    assert skipped == [] and found.text.startswith("Lone \ufffd")
    found.text.encode("utf-8")


def test_surrogate_pairs_written_as_halves_become_their_character() -> None:
    assert documents.valid_text("a\ud83d\udcf0b\udc00") == "a\U0001f4f0b\ufffd"


def test_one_document_failing_later_costs_that_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    folder = folder_with(tmp_path, "odd.txt", b"Fine text that a later step chokes on.")
    real = documents._document

    def choke(rel: str, article: documents.Article) -> documents.Document | None:
        if rel == "odd.txt":
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        return real(rel, article)

    monkeypatch.setattr(documents, "_document", choke)
    corpus = load_corpus(folder)
    assert [d.id for d in corpus.documents] == ["good.txt"]
    assert corpus.skipped[0].path == "odd.txt" and "UnicodeEncodeError" in corpus.skipped[0].reason


# ------------------------------------------------------------------------------------ decompression bombs


@pytest.mark.timeout(120)
def test_docx_bomb_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "bomb.docx", docx_bomb(DOCX_PART_LIMIT + 2**20))
    assert reasons(folder)["bomb.docx"] == "Word document that unpacks to more than 64 MB (word/document.xml)"


@pytest.mark.timeout(120)
def test_docx_bomb_with_forged_sizes_stops_at_what_it_declared(tmp_path: Path) -> None:
    # Past the part limit, as the bomb above (and the same bytes before the forging): a reader that believed
    # the stream rather than the declared 1 KB would stop at the limit, with another reason.
    folder = folder_with(tmp_path, "forged.docx", docx_lying_size(DOCX_PART_LIMIT + 2**20))
    assert reasons(folder)["forged.docx"].startswith("not a readable Word document (Bad CRC-32")


@pytest.mark.timeout(120)
def test_docx_under_the_cap_stops_reading_past_the_text_limit(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "long.docx", docx_bomb(8 * 2**20))  # some 7 MB of text, under the part limit
    assert reasons(folder)["long.docx"] == "Word document longer than 2 MB of text"


@pytest.mark.timeout(60)
def test_docx_entity_bomb_is_not_expanded(tmp_path: Path) -> None:
    reason = reasons(folder_with(tmp_path, "laughs.docx", entity_bomb_docx()))["laughs.docx"]
    assert reason.startswith("not a readable Word document (") and "unknown error" not in reason


def test_docx_text_after_an_entity_reference_is_kept(tmp_path: Path) -> None:
    data = docx_text(b"<w:p><w:r><w:t>AT&amp;T before &e; after</w:t></w:r></w:p>",
                     b'<!DOCTYPE w:document [<!ENTITY e "x">]>')
    (found,), _ = read_file("e.docx", folder_with(tmp_path, "e.docx", data) / "e.docx")
    assert found.text.startswith("AT&T before") and found.text.endswith("after")


def test_docx_reads_like_python_docx(tmp_path: Path) -> None:
    body = (b'<w:p><w:r><w:t xml:space="preserve">One </w:t></w:r><w:hyperlink><w:r><w:t>link</w:t></w:r>'
            b"</w:hyperlink><w:r><w:tab/><w:t>tab</w:t><w:br/><w:t>line</w:t></w:r></w:p>"
            b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>in a table</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            b"<w:p><w:r><w:t>Two</w:t></w:r></w:p>")
    (found,), _ = read_file("p.docx", folder_with(tmp_path, "p.docx", docx_text(body)) / "p.docx")
    assert found.text == "One link\ttab\nline\n\nTwo"


# ------------------------------------------------------------------------------------ tiny files, long parses


@pytest.mark.timeout(60)
def test_markdown_heading_of_spaces_reads_at_once(tmp_path: Path) -> None:
    start = time.monotonic()
    corpus = load_corpus(folder_with(tmp_path, "spaces.md", spaced_heading(20_000)))
    assert corpus.by_id()["spaces.md"].title.startswith("a") and time.monotonic() - start < 30


@pytest.mark.parametrize("depth", [100_000, 400_000])
@pytest.mark.timeout(60)
def test_html_nested_far_too_deep_is_refused_before_parsing(tmp_path: Path, depth: int) -> None:
    assert reasons(folder_with(tmp_path, "deep.html", nested_html(depth)))["deep.html"] == html_format.TOO_DEEP


def test_html_of_ordinary_depth_reads(tmp_path: Path) -> None:
    page = b"<p>unclosed " * 8000 + b"<svg>" + b"<path d='m0'/>" * 8000 + b"</svg><div><p>Text.</p></div>"
    assert html_format._nesting_depth(page.decode()) < html_format.MAX_DEPTH
    assert html_format._nesting_depth((b"<div>" * 10).decode()) == 10


@pytest.mark.timeout(60)
def test_a_file_over_the_time_budget_is_skipped_with_that_reason(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = folder_with(tmp_path, "slow.md", b"# Slow\n\nA reader that never ends.")
    monkeypatch.setattr(documents, "READ_BUDGET", Budget(seconds=0.25, memory=2**30))  # the test waits it out
    monkeypatch.setitem(documents.READERS, ".md", lambda data: time.sleep(3600) or [])
    start = time.monotonic()
    assert reasons(folder) == {"slow.md": "took longer than 0.25 s to read"}
    assert time.monotonic() - start < 20


@pytest.mark.timeout(60)
def test_a_file_over_the_memory_budget_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = folder_with(tmp_path, "hungry.md", b"# Hungry")
    monkeypatch.setattr(documents, "READ_BUDGET", Budget(seconds=30.0, memory=256 * 2**20))
    monkeypatch.setitem(documents.READERS, ".md", lambda data: [bytearray(2**30)])
    assert reasons(folder) == {"hungry.md": "needs more memory than Parallax allows one file"}


@pytest.mark.timeout(60)
def test_a_reader_crashing_its_process_costs_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = folder_with(tmp_path, "crash.md", b"# Crash")
    monkeypatch.setitem(documents.READERS, ".md", lambda data: os._exit(3))
    assert reasons(folder) == {"crash.md": "the reader crashed on this file (exit code 3)"}


def _stuck_or_crashing(item: int) -> int:
    if item == 5:
        time.sleep(3600)
    if item == 11:
        os._exit(3)
    return 2 * item


@pytest.mark.timeout(60)
def test_the_items_queued_behind_a_stuck_or_crashed_one_are_read() -> None:
    """Each worker has its next item waiting while it reads one (`sandbox.QUEUED`): when it is killed over
    its budget or crashes, only the item it was reading fails, and those queued behind are read."""
    got = map_bounded(_stuck_or_crashing, range(20), lambda item, reason: reason,
                      budget=Budget(seconds=0.5, memory=None), workers=2)
    expected: list[int | str] = [2 * i for i in range(20)]
    expected[5] = "took longer than 0.5 s to read"
    expected[11] = "the reader crashed on this file (exit code 3)"
    assert got == expected


@pytest.mark.timeout(60)
def test_cancel_stops_inside_a_long_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = folder_with(tmp_path, "slow.md", b"# Slow")
    monkeypatch.setitem(documents.READERS, ".md", lambda data: time.sleep(3600) or [])
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()  # while the reader sleeps
    start = time.monotonic()
    with pytest.raises(Cancelled):
        load_corpus(folder, cancel=cancel)
    assert time.monotonic() - start < 10  # the budget (5 s) did not have to run out


# ------------------------------------------------------------------------------------ records and sizes


def test_one_over_deep_jsonl_line_costs_that_line(tmp_path: Path) -> None:
    corpus = load_corpus(folder_with(tmp_path, "deep.jsonl", deep_jsonl(100_000)))
    assert [d.text for d in corpus.documents if d.path == "deep.jsonl"] == [
        "A good record before.", "A good record after."]
    assert Skipped("deep.jsonl", "line 2: JSON nested too deeply to read") in corpus.skipped


@pytest.mark.timeout(60)
def test_articles_longer_than_the_engine_handles_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "records.jsonl").write_text(
        '{"id": "short", "text": "A short one."}\n'
        f'{{"id": "huge", "text": "{long_article(documents.MAX_ARTICLE_CHARS + 1).decode()}"}}\n')
    (tmp_path / "long.txt").write_bytes(long_article(documents.MAX_PLAIN_BYTES + 1))
    (tmp_path / "front.md").write_bytes(unclosed_front_matter(int(19.5 * 2**20)))
    (tmp_path / "at-limit.txt").write_bytes(long_article(documents.MAX_ARTICLE_CHARS))
    got = reasons(folder_with(tmp_path, "x.txt", b"x"))
    assert got["records.jsonl"] == "record huge: article longer than 500,000 characters"
    assert got["long.txt"] == got["front.md"] == "larger than 2 MB of text"
    assert "at-limit.txt" not in got


# ------------------------------------------------------------------------------------ files swapped after listing


@pytest.mark.timeout(60)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_file_swapped_for_a_fifo_or_a_device_link_is_refused(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("fifo.txt", "zero.txt", "good.txt"):
        (tmp_path / name).write_text(GOOD)
    real_list = documents.list_files

    def list_then_swap(root: Path, cancel: object, **options: bool) -> tuple[list, list]:
        listed = real_list(root, cancel, **options)
        (root / "fifo.txt").unlink()
        os.mkfifo(root / "fifo.txt")  # no writer will ever come
        (root / "zero.txt").unlink()
        (root / "zero.txt").symlink_to("/dev/zero")
        return listed

    monkeypatch.setattr(documents, "list_files", list_then_swap)
    corpus = load_corpus(tmp_path)
    assert {s.path: s.reason for s in corpus.skipped} == {
        "fifo.txt": documents.NOT_REGULAR, "zero.txt": documents.NOT_REGULAR}
    assert documents.fingerprint(tmp_path / "zero.txt").startswith("unread: not a regular file")
    assert documents.fingerprint(tmp_path / "fifo.txt").startswith("unread: not a regular file")


def test_names_differing_only_in_invalid_bytes_stay_apart(tmp_path: Path) -> None:
    for raw, text in ((b"a\xff.txt", "First article."), (b"a\xfe.txt", "Second article.")):
        with open(os.path.join(os.fsencode(tmp_path), raw), "wb") as out:
            out.write(text.encode())
    corpus = load_corpus(tmp_path)
    assert {d.id: d.text for d in corpus.documents} == {"a\\xff.txt": "First article.",
                                                         "a\\xfe.txt": "Second article."}


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_encrypted_pdf_opens_without_a_password_or_says_encrypted(tmp_path: Path, algorithm: str) -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    def encrypted(user_password: str) -> Path:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_tounicode("0041", "Plain "))))
        writer.encrypt(user_password, owner_password="owner", algorithm=algorithm)
        path = tmp_path / f"{algorithm}-{bool(user_password)}.pdf"
        with path.open("wb") as out:
            writer.write(out)
        return path

    (found,), skipped = read_file("open.pdf", encrypted(""))  # protected against editing, not reading
    assert skipped == [] and found.text.startswith("Plain A here")
    assert read_file("locked.pdf", encrypted("secret")) == ([], [Skipped("locked.pdf", ENCRYPTED_PDF)])


def test_reasons_are_one_short_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = folder_with(tmp_path, "garbled.md", b"# x")

    def garbled(data: bytes) -> list:
        raise ValueError("first line\nsecond\x00line\u2028" + "\ufffd" * 500)

    monkeypatch.setitem(documents.READERS, ".md", garbled)
    reason = reasons(folder)["garbled.md"]
    assert "\n" not in reason and "\x00" not in reason and len(reason) <= documents.MAX_REASON_CHARS
    assert reason.startswith("could not read this .md file (ValueError: first line second line")
