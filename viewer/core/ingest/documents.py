"""Load a corpus folder: every article file under it becomes a Document, every other file a Skipped reason.

The folder is walked recursively in a deterministic order, symbolic links are followed without ever looping,
dot-folders (.git, .cache...) are ignored, and bad input (empty, binary, undecodable, unreadable, oversized,
vanishing files, broken records) is reported and never stops the load. Nothing is ever written into the
folder. Document ids are paths relative to the folder (posix), plus `#<record>` for JSON/JSONL records.

Hostile files: each file is read in a worker process under a time and memory budget (viewer.core.ingest
.sandbox), so a parser stuck on one file costs that file only and Cancel stops it at once. A file is
opened without blocking (a FIFO swapped in after the listing is not waited on), its open descriptor is
checked to be a regular file (not a device such as /dev/zero behind a link) and at most its size limit is
read; the content hash the index keeps is taken from exactly those bytes. Text is made valid Unicode here
(a lone surrogate from a JSON escape or a PDF font map becomes U+FFFD), so no later stage meets text it
cannot encode, and an article longer than `MAX_ARTICLE_CHARS` is skipped: the engine's time and memory
grow with it.
Imports: the standard library, viewer.core.model, .progress, .lifeline (through .sandbox), and this
package's .encoding, .metadata, .formats, .sandbox.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from viewer.core.ingest.encoding import NotText, normalise_newlines
from viewer.core.ingest.formats import CONTAINER_FORMATS, READERS, Article, Problem, Unreadable
from viewer.core.ingest.metadata import dateline_date, headline, normalise_date, strip_date_marker
from viewer.core.ingest.sandbox import Budget, map_bounded
from viewer.core.model import Corpus, Document, Skipped
from viewer.core.progress import CancelToken, Progress, check, report

__all__ = [
    "MAX_ARTICLE_CHARS",
    "MAX_CONTAINER_BYTES",
    "MAX_PAGE_BYTES",
    "MAX_PLAIN_BYTES",
    "MAX_REASONS_PER_FILE",
    "MAX_TEXT_BYTES",
    "READ_BUDGET",
    "STAGE",
    "SUPPORTED_SUFFIXES",
    "FileRead",
    "Listed",
    "fingerprint",
    "list_files",
    "load_corpus",
    "read_file",
    "read_files",
    "shown_path",
    "unique_ids",
]

MAX_ARTICLE_CHARS = 500_000  # ten times the longest news article; the engine needs ~6 s and 0.2 GB for one
MAX_PLAIN_BYTES = 2 * 2**20  # .txt and .md files hold one article: above this size, skipped unread
MAX_PAGE_BYTES = 5 * 2**20  # web pages above this size are skipped unread (parsing one takes seconds)
MAX_TEXT_BYTES = 20 * 2**20  # JSON files (several records) above this size are skipped unread
MAX_CONTAINER_BYTES = 200 * 2**20  # .docx/.pdf above this size on disk are skipped unread
READ_BUDGET = Budget(seconds=5.0, memory=2**30)  # what reading one file may take (see .sandbox)
READ_WORKERS = 2
STAGE = "Reading files"
MAX_REASONS_PER_FILE = 20  # a data file of 10,000 non-articles gets 20 reasons and a count, not 10,000 lines
MAX_REASON_CHARS = 200  # a reason quoting a parser's message is one line of at most this many characters
SUPPORTED_SUFFIXES = tuple(READERS)
_PLAIN = frozenset({".txt", ".md", ".markdown"})
_PAGES = frozenset({".html", ".htm"})

VANISHED = "vanished while reading"
NOT_REGULAR = "not a regular file (device, pipe or socket)"
_SURROGATE = re.compile("[\ud800-\udfff]")
_BREAKS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\s]+")


class _Skip(Exception):
    """This file is not loaded; the message is the reason."""


@dataclass(frozen=True, slots=True)
class Listed:
    rel: str  # posix path relative to the corpus folder, as shown to the user
    # the file's path; a walk keeps the string it met (a `Path` of each of 10,000 listed files, made only
    # to read the few that changed, was a third of listing them)
    where: str | Path
    key: tuple[int, int]  # (device, inode) of the file, links followed
    name: bytes = b""  # the relative path as the file system spells it (os.fsencode): unique, unlike `rel`
    outside: str = ""  # for a link leading out of the folder: where it leads
    stat: tuple[int, int] = (-1, -1)  # (size, mtime_ns) of the file as listed, links followed; unknown: -1

    @property
    def path(self) -> Path:
        return Path(self.where)


@dataclass(frozen=True, slots=True)
class FileRead:
    """What reading one listed file gave: its documents and skip reasons, and what the index keeps of it."""

    rel: str
    name: bytes  # the relative path's bytes (see Listed)
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]
    digest: str  # blake2b of exactly the bytes parsed, or "unread: <reason>" for a file skipped unread
    size: int  # size and modification time of the file as it was read (-1 when it could not be opened)
    mtime_ns: int


def load_corpus(
    folder: Path, *, progress: Progress | None = None, cancel: CancelToken | None = None,
    follow_outside: bool = True,
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
    files, skipped = list_files(root, cancel, follow_outside=follow_outside)
    return corpus_of(folder, read_files(files, progress=progress, cancel=cancel), skipped)


def corpus_of(folder: Path | str, reads: list[FileRead], walk_skipped: list[Skipped]) -> Corpus:
    """The corpus of the files read, with what the walk skipped."""
    documents = [d for r in reads for d in r.documents]
    skipped = [*walk_skipped, *(s for r in reads for s in r.skipped)]
    return Corpus(
        root=shown_path(folder),  # shown, never opened: bytes that are not UTF-8 as escapes
        documents=tuple(sorted(unique_ids(documents), key=lambda d: d.id)),
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
    )


def read_files(files: list[Listed], *, progress: Progress | None = None, cancel: CancelToken | None = None
               ) -> list[FileRead]:
    """Every listed file read in the worker processes, each under `READ_BUDGET`, in the listed order."""
    report(progress, STAGE, 0, len(files))
    check(cancel)
    return map_bounded(
        _read_listed, files, _over_budget, budget=READ_BUDGET, workers=READ_WORKERS, cancel=cancel,
        done=lambda n: report(progress, STAGE, n, len(files)),
    )


def _over_budget(item: Listed, reason: str) -> FileRead:
    return FileRead(item.rel, item.name, (), (Skipped(item.rel, reason),), f"unread: {reason}", -1, -1)


def read_file(rel: str, path: Path) -> tuple[list[Document], list[Skipped]]:
    """The documents of one file (`rel`: its path relative to the corpus folder) and why parts were not
    loaded, read in this process. Ids are unique within the file; across files, use `unique_ids`."""
    read = _read_listed(Listed(rel, Path(path), (0, 0), os.fsencode(path)))
    return list(read.documents), list(read.skipped)


def _read_listed(item: Listed) -> FileRead:
    """One file, read. Never raises for anything the file holds: a parser or a later step failing on one
    document would otherwise fail the whole folder."""
    path = item.path
    try:
        data, size, mtime = _load_bytes(path)
    except _Skip as reason:
        text = _one_line(str(reason))
        return FileRead(item.rel, item.name, (), (Skipped(item.rel, text),), f"unread: {text}", -1, -1)
    documents: list[Document] = []
    try:
        documents, problems = _articles(item.rel, _parse(path, data))
    except _Skip as reason:
        problems = [str(reason)]
    except MemoryError:
        raise
    except Exception as error:  # third-party parsers (zip, PDF) fail in many ways on hostile files
        problems = [f"could not read this {path.suffix.lower()} file ({type(error).__name__}: {error})"]
    return FileRead(item.rel, item.name, tuple(documents), tuple(_reasons(item.rel, problems)), _digest(data),
                    size, mtime)


def _articles(rel: str, found: Sequence[Article | Problem]) -> tuple[list[Document], list[str]]:
    documents, problems = [], []
    for entry in found:
        where = "" if isinstance(entry, Problem) or entry.record is None else f"record {entry.record}: "
        if isinstance(entry, Problem):
            problems.append(f"{entry.where}: {entry.reason}")
        elif len(entry.text) > MAX_ARTICLE_CHARS:
            problems.append(f"{where}article longer than {MAX_ARTICLE_CHARS:,} characters")
        elif (document := _document(rel, entry)) is not None:
            documents.append(document)
        else:
            problems.append(f"{where}no text (only blank space)")
    return documents, problems


def fingerprint(path: Path) -> str:
    """What `FileRead.digest` would be for the file now, reading only what the loader would read."""
    try:
        return _digest(_load_bytes(path)[0])
    except _Skip as reason:
        return f"unread: {_one_line(str(reason))}"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _reasons(rel: str, problems: list[str]) -> list[Skipped]:
    shown = [Skipped(rel, _one_line(problem)) for problem in problems[:MAX_REASONS_PER_FILE]]
    if len(problems) > MAX_REASONS_PER_FILE:
        shown.append(Skipped(rel, f"and {len(problems) - MAX_REASONS_PER_FILE} more records not loaded"))
    return shown


def _one_line(reason: str) -> str:
    """A reason as one line of valid text: breaks and control characters become spaces, long ones are cut."""
    text = _BREAKS.sub(" ", valid_text(reason)).strip()
    return text if len(text) <= MAX_REASON_CHARS else text[: MAX_REASON_CHARS - 1] + "…"


def valid_text(text: str) -> str:
    """`text` with every lone surrogate (which no UTF-8 writer accepts) replaced by U+FFFD; surrogate
    pairs written as two code points (a PDF font map, a JSON escape per half) become their character."""
    if _SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def list_files(root: Path, cancel: CancelToken | None, *, follow_outside: bool = True
               ) -> tuple[list[Listed], list[Skipped]]:
    """The files under `root` to read, sorted by relative path, and what the walk itself had to skip.

    Real folders are walked before folders reached through symbolic links, so a link to a folder that is
    already part of the corpus (or to one of its parents: a loop) is recognised by its (device, inode) and
    reported instead of being read twice. Same for linked files. A link to a folder that holds the corpus
    folder is not followed either: walking it would read everything around the corpus. A link that leads
    out of the folder (to /etc/passwd, say) is followed and said, once per link, in the skipped list; with
    `follow_outside=False` it is not followed.
    """
    around = _ancestors(root)
    inside = os.path.join(os.path.realpath(root), "")
    prefix = len(os.fsencode(os.path.join(root, "")))  # of every listed path: the rest is its `name`
    files: list[Listed] = []
    linked: list[Listed] = []
    skipped: list[Skipped] = []
    seen_dirs: dict[tuple[int, int], str] = {}
    real: list[tuple[Path, str, str]] = [(root, "", "")]  # folder, its rel, where outside it leads
    via_links: list[tuple[Path, str, str]] = []
    while real or via_links:
        check(cancel)
        linked_folder = not real
        directory, rel, outside = real.pop() if real else via_links.pop(0)
        try:
            info = directory.stat()
            key = (info.st_dev, info.st_ino)
            if key in seen_dirs:
                skipped.append(Skipped(rel, f"link to a folder already read ({seen_dirs[key] or '.'})"))
                continue
            seen_dirs[key] = rel
            if linked_folder and outside:
                skipped.append(Skipped(rel, _outside_reason(outside)))
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as error:
            skipped.append(Skipped(rel or ".", f"folder not readable: {_os_reason(error)}"))
            continue
        subfolders: list[tuple[Path, str, str]] = []
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
            leads = outside
            if is_link:
                target = os.path.realpath(entry.path)
                leads = "" if os.path.join(target, "").startswith(inside) else target
                if leads and not follow_outside:
                    if not entry.name.startswith("."):  # hidden entries are passed over anyway
                        reason = f"link to outside the folder, not followed ({shown_path(leads)})"
                        skipped.append(Skipped(entry_rel, reason))
                    continue
            if stat.S_ISDIR(info.st_mode):
                if entry.name.startswith("."):
                    continue
                if key in around:
                    skipped.append(Skipped(entry_rel, "link to a folder that contains the corpus folder"))
                else:
                    (via_links if is_link else subfolders).append((Path(entry.path), entry_rel, leads))
            elif not stat.S_ISREG(info.st_mode):
                skipped.append(Skipped(entry_rel, NOT_REGULAR))
            else:
                name = os.fsencode(entry.path)[prefix:]
                (linked if is_link else files).append(Listed(entry_rel, entry.path, key, name,
                                                             leads if is_link else "",
                                                             (info.st_size, info.st_mtime_ns)))
        real.extend(reversed(subfolders))
    files.extend(_new_targets(files, linked, skipped))
    files.sort(key=lambda f: f.rel)
    return files, skipped


def _new_targets(files: list[Listed], linked: list[Listed], skipped: list[Skipped]) -> list[Listed]:
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
            if item.outside:
                skipped.append(Skipped(item.rel, _outside_reason(item.outside)))
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


def _load_bytes(path: Path) -> tuple[bytes, int, int]:
    """The bytes the loader parses for `path`, with the size and mtime of the file they were read from.

    Raises _Skip, before reading anything, for files that are not read at all (hidden, of another type,
    too large) and for anything that is not a regular file once opened.
    """
    if path.name.startswith("."):
        raise _Skip("hidden file")
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise _Skip(f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)")
    limit = _limit(suffix)
    try:
        data, info = read_regular(path, limit)
    except _NotRegular:
        raise _Skip(NOT_REGULAR) from None
    except OSError as error:
        raise _Skip(_os_reason(error)) from None
    if info.st_size > limit or len(data) > limit:  # the second: it grew after it was opened
        raise _Skip(_too_large(limit, suffix in CONTAINER_FORMATS))
    if not data:
        raise _Skip("empty file")
    return data, info.st_size, info.st_mtime_ns


def _limit(suffix: str) -> int:
    if suffix in CONTAINER_FORMATS:
        return MAX_CONTAINER_BYTES
    if suffix in _PAGES:
        return MAX_PAGE_BYTES
    return MAX_PLAIN_BYTES if suffix in _PLAIN else MAX_TEXT_BYTES


class _NotRegular(OSError):
    pass


def read_regular(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    """At most `limit + 1` bytes of the regular file at `path` (one more than allowed reveals a file that
    grew), and the status of what was opened; nothing is read from a file over `limit`.

    Opened without blocking and without becoming a controlling terminal, then checked on the open
    descriptor: a FIFO, a device or a socket put in the file's place after it was listed is refused
    (_NotRegular) instead of being waited on or read forever.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):  # the file was replaced by a folder since it was listed
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular(errno.EINVAL, NOT_REGULAR)
        if info.st_size > limit:
            return b"", info
        chunks, left = [], limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 2**20))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks), info
    finally:
        os.close(fd)


def _parse(path: Path, data: bytes) -> Sequence[Article | Problem]:
    try:
        return READERS[path.suffix.lower()](data)
    except (NotText, Unreadable) as reason:
        raise _Skip(str(reason)) from None


def _document(rel: str, article: Article) -> Document | None:
    """The finished Document: text as the app shows it, date as YYYY-MM-DD, a title; None when blank."""
    text, marker_date = strip_date_marker(normalise_newlines(valid_text(article.text)))
    text = text.strip()
    if not text:
        return None
    title = " ".join(valid_text(article.title).split())
    date = valid_text(article.date) if isinstance(article.date, str) else article.date
    url = valid_text(article.url).strip()
    return Document(
        id=rel if article.record is None else f"{rel}#{valid_text(article.record)}",
        path=rel,
        title=headline(title, text, url),
        source=" ".join(valid_text(article.source).split()),
        date=normalise_date(date) or marker_date or dateline_date(text),
        url=url,
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
    """A file name as text: bytes that are not UTF-8 (kept by the OS as surrogates) show as `\\xff`
    escapes. Unlike U+FFFD, the escapes keep two names that differ only in such bytes apart."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _outside_reason(target: str) -> str:
    return f"read from outside the folder ({shown_path(target)}): --no-follow-outside keeps it out"


def shown_path(path: Path | str) -> str:
    """A path as text to show or store: bytes that are not UTF-8 as `\\xff` escapes, never surrogates."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


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
