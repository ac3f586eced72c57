"""Load a corpus folder: every article file under it becomes a Document, every other file a Skipped reason.

The folder is walked recursively in a deterministic order, symbolic links are followed without ever looping,
dot-folders (.git, .cache...) are ignored, and bad input (empty, binary, undecodable, unreadable, oversized,
vanishing files, broken records) is reported and never stops the load. Nothing is ever written into the
folder. Document ids are paths relative to the folder (posix), plus `#<record>` for JSON/JSONL records.
Imports: the standard library, viewer.core.model, .progress, .encoding, .metadata, .formats.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from viewer.core.ingest.encoding import NotText, normalise_newlines
from viewer.core.ingest.formats import CONTAINER_FORMATS, READERS, Article, Problem, Unreadable
from viewer.core.ingest.metadata import dateline_date, first_line_title, normalise_date, strip_date_marker
from viewer.core.model import Corpus, Document, Skipped
from viewer.core.progress import CancelToken, Progress, check, report

__all__ = [
    "MAX_CONTAINER_BYTES",
    "MAX_REASONS_PER_FILE",
    "MAX_TEXT_BYTES",
    "STAGE",
    "SUPPORTED_SUFFIXES",
    "list_files",
    "load_corpus",
    "read_file",
    "unique_ids",
]

MAX_TEXT_BYTES = 20 * 2**20  # text files above this size on disk are skipped unread
MAX_CONTAINER_BYTES = 200 * 2**20  # .docx/.pdf above this size on disk are skipped unread
STAGE = "Reading files"
MAX_REASONS_PER_FILE = 20  # a data file of 10,000 non-articles gets 20 reasons and a count, not 10,000 lines
SUPPORTED_SUFFIXES = tuple(READERS)

VANISHED = "vanished while reading"


class _Skip(Exception):
    """This file is not loaded; the message is the reason."""


@dataclass(frozen=True, slots=True)
class _Listed:
    rel: str  # posix path relative to the corpus folder, as shown to the user
    path: Path
    key: tuple[int, int]  # (device, inode) of the file, links followed


def load_corpus(
    folder: Path, *, progress: Progress | None = None, cancel: CancelToken | None = None
) -> Corpus:
    """Every readable article under `folder`, and every file that was not loaded with its reason.

    Raises FileNotFoundError / NotADirectoryError when `folder` itself is missing or not a folder;
    anything wrong below it is reported in `Corpus.skipped`. Progress stage "Reading files", in files.
    """
    root = Path(folder)
    if not root.exists():
        raise FileNotFoundError(f"no such folder: {root}")
    if not root.is_dir():
        raise NotADirectoryError(f"not a folder: {root}")
    files, skipped = list_files(root, cancel)
    documents: list[Document] = []
    report(progress, STAGE, 0, len(files))
    for done, item in enumerate(files, 1):
        check(cancel)
        found, problems = read_file(item.rel, item.path)
        documents.extend(found)
        skipped.extend(problems)
        report(progress, STAGE, done, len(files))
    return Corpus(
        root=str(folder),
        documents=tuple(sorted(unique_ids(documents), key=lambda d: d.id)),
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
    )


def read_file(rel: str, path: Path) -> tuple[list[Document], list[Skipped]]:
    """The documents of one file (`rel`: its path relative to the corpus folder) and why parts were not
    loaded. Ids are unique within the file; across files, pass the whole list through `unique_ids`."""
    try:
        found = _read_file(path)
    except _Skip as reason:
        return [], [Skipped(rel, str(reason))]
    documents, problems = [], []
    for entry in found:
        if isinstance(entry, Problem):
            problems.append(f"{entry.where}: {entry.reason}")
        elif (document := _document(rel, entry)) is not None:
            documents.append(document)
        else:
            where = f"record {entry.record}: " if entry.record is not None else ""
            problems.append(f"{where}no text (only blank space)")
    return documents, _reasons(rel, problems)


def _reasons(rel: str, problems: list[str]) -> list[Skipped]:
    shown = [Skipped(rel, problem) for problem in problems[:MAX_REASONS_PER_FILE]]
    if len(problems) > MAX_REASONS_PER_FILE:
        shown.append(Skipped(rel, f"and {len(problems) - MAX_REASONS_PER_FILE} more records not loaded"))
    return shown


def list_files(root: Path, cancel: CancelToken | None) -> tuple[list[_Listed], list[Skipped]]:
    """The files under `root` to read, sorted by relative path, and what the walk itself had to skip.

    Real folders are walked before folders reached through symbolic links, so a link to a folder that is
    already part of the corpus (or to one of its parents: a loop) is recognised by its (device, inode) and
    reported instead of being read twice. Same for linked files. A link to a folder that holds the corpus
    folder is not followed either: walking it would read everything around the corpus.
    """
    around = _ancestors(root)
    files: list[_Listed] = []
    linked: list[_Listed] = []
    skipped: list[Skipped] = []
    seen_dirs: dict[tuple[int, int], str] = {}
    real: list[tuple[Path, str]] = [(root, "")]
    via_links: list[tuple[Path, str]] = []
    while real or via_links:
        check(cancel)
        directory, rel = real.pop() if real else via_links.pop(0)
        try:
            info = directory.stat()
            key = (info.st_dev, info.st_ino)
            if key in seen_dirs:
                skipped.append(Skipped(rel, f"link to a folder already read ({seen_dirs[key] or '.'})"))
                continue
            seen_dirs[key] = rel
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as error:
            skipped.append(Skipped(rel or ".", f"folder not readable: {_os_reason(error)}"))
            continue
        subfolders: list[tuple[Path, str]] = []
        for entry in entries:
            entry_rel = f"{rel}/{_display_name(entry.name)}" if rel else _display_name(entry.name)
            try:
                info = entry.stat()  # follows symbolic links
                is_link = entry.is_symlink()
            except OSError as error:
                skipped.append(
                    Skipped(entry_rel, _link_reason(error) if entry.is_symlink() else _os_reason(error))
                )
                continue
            key = (info.st_dev, info.st_ino)
            if stat.S_ISDIR(info.st_mode):
                if entry.name.startswith("."):
                    continue
                if key in around:
                    skipped.append(Skipped(entry_rel, "link to a folder that contains the corpus folder"))
                else:
                    (via_links if is_link else subfolders).append((Path(entry.path), entry_rel))
            elif not stat.S_ISREG(info.st_mode):
                skipped.append(Skipped(entry_rel, "not a regular file (device, pipe or socket)"))
            else:
                (linked if is_link else files).append(_Listed(entry_rel, Path(entry.path), key))
        real.extend(reversed(subfolders))
    files.extend(_new_targets(files, linked, skipped))
    files.sort(key=lambda f: f.rel)
    return files, skipped


def _new_targets(files: list[_Listed], linked: list[_Listed], skipped: list[Skipped]) -> list[_Listed]:
    """The linked files whose target is not listed already; the others are reported."""
    # Hard links are distinct files that both load; only the first name of a key is quoted.
    seen = {item.key: item.rel for item in sorted(files, key=lambda f: f.rel, reverse=True)}
    kept = []
    for item in sorted(linked, key=lambda f: f.rel):
        if item.key in seen:
            skipped.append(Skipped(item.rel, f"link to a file already read ({seen[item.key]})"))
        else:
            seen[item.key] = item.rel
            kept.append(item)
    return kept


def _ancestors(root: Path) -> set[tuple[int, int]]:
    """(device, inode) of every folder above the corpus folder."""
    keys = set()
    for folder in root.resolve().parents:
        try:
            info = folder.stat()
        except OSError:
            continue
        keys.add((info.st_dev, info.st_ino))
    return keys


def _read_file(path: Path) -> Sequence[Article | Problem]:
    if path.name.startswith("."):
        raise _Skip("hidden file")
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise _Skip(f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)")
    container = suffix in CONTAINER_FORMATS
    limit = MAX_CONTAINER_BYTES if container else MAX_TEXT_BYTES
    try:
        if path.stat().st_size > limit:
            raise _Skip(_too_large(limit, container))
        data = _read_bytes(path, limit)
    except OSError as error:
        raise _Skip(_os_reason(error)) from None
    if len(data) > limit:  # grew after it was listed
        raise _Skip(_too_large(limit, container))
    if not data:
        raise _Skip("empty file")
    try:
        found = reader(data)
    except (NotText, Unreadable) as reason:
        raise _Skip(str(reason)) from None
    except Exception as error:  # third-party parsers (zip, PDF) fail in many ways on hostile files
        raise _Skip(f"could not read this {suffix} file ({type(error).__name__}: {error})") from None
    if (
        container
        and sum(len(a.text.encode("utf-8")) for a in found if isinstance(a, Article)) > MAX_TEXT_BYTES
    ):
        raise _Skip(_too_large(MAX_TEXT_BYTES, False))
    return found


def _read_bytes(path: Path, limit: int) -> bytes:
    """At most `limit + 1` bytes of the file (one more than allowed reveals a file that grew)."""
    with path.open("rb") as stream:
        return stream.read(limit + 1)


def _document(rel: str, article: Article) -> Document | None:
    """The finished Document: text as the app shows it, date as YYYY-MM-DD, a title; None when blank."""
    text, marker_date = strip_date_marker(normalise_newlines(article.text))
    text = text.strip()
    if not text:
        return None
    title = " ".join(article.title.split())
    return Document(
        id=rel if article.record is None else f"{rel}#{article.record}",
        path=rel,
        title=first_line_title(title) if title else first_line_title(text),
        source=" ".join(article.source.split()),
        date=normalise_date(article.date) or marker_date or dateline_date(text),
        url=article.url.strip(),
        text=text,
    )


def unique_ids(documents: list[Document]) -> list[Document]:
    """Documents whose ids repeat (records sharing an id) get `~2`, `~3`... in load order."""
    used: set[str] = set()
    unique = []
    for document in documents:
        doc_id, n = document.id, 2
        while doc_id in used:
            doc_id, n = f"{document.id}~{n}", n + 1
        used.add(doc_id)
        unique.append(document if doc_id == document.id else replace(document, id=doc_id))
    return unique


def _display_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by the OS as surrogates) show as U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _too_large(limit: int, container: bool) -> str:
    size = f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit} bytes"
    return f"larger than {size}" if container else f"larger than {size} of text"


def _os_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError | IsADirectoryError | NotADirectoryError):
        return VANISHED  # gone, or replaced by a folder (or its folder by a file) since it was listed
    return f"could not read ({error.strerror or error})"


def _link_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "broken symbolic link (its target does not exist)"
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    return _os_reason(error)
