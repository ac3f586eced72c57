"""Word documents (`.docx`) and PDF (`.pdf`, pypdf): their text and the metadata they carry.

Paragraphs (Word) and pages (PDF) are separated by a blank line. A PDF without extractable text is a scan
and is reported as such.

A `.docx` is a zip archive, so a few kilobytes can unpack to gigabytes (a "zip bomb"). Its XML parts are
therefore never unpacked whole: each is streamed out of the archive into an incremental parser (lxml)
with a cap on the bytes unpacked, checked against the size the archive declares before anything is read
and against the bytes actually inflated while reading; body paragraphs are freed as soon as their text is
taken, and reading stops once the text passes the article limit. Entities are never expanded (Word does
not write a DTD; an "entity bomb" stays a reference) and no network or file is fetched. The text is what
python-docx's `Paragraph.text` gives (runs and hyperlinks of body paragraphs: text, tabs, line breaks).
Imports: the standard library, lxml, pypdf, viewer.core.ingest.formats.base.
"""

from __future__ import annotations

import io
import logging
import posixpath
import zipfile
from collections.abc import Iterator
from typing import Literal

from lxml import etree

from viewer.core.ingest.formats.base import Article, Unreadable, scalar_text

SCANNED_PDF = "scanned PDF with no text layer"
ENCRYPTED_PDF = "encrypted PDF (it needs a password to open)"
NOT_WORD = "not a readable Word document"
DOCX_PART_LIMIT = 64 * 2**20  # bytes a Word XML part may unpack to (a 2 MB article is about 20 MB of XML)
DOCX_TEXT_LIMIT = 2 * 2**20  # characters of text after which a Word document stops being read
_CHUNK = 2**16
_MAIN_PART = "word/document.xml"
_OFFICE_DOCUMENT = "/officeDocument"  # the end of the relationship type naming the main part

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS = "{http://purl.org/dc/terms/}"
_RUN_PARENTS = frozenset({f"{_W}p", f"{_W}hyperlink"})
_RUN_TEXT = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}

# pypdf logs every oddity of a damaged file as a warning; the loader reports unreadable files itself, so keep
# them off stderr unless the application configures logging (the handler only stops the last-resort output).
logging.getLogger("pypdf").addHandler(logging.NullHandler())


class _TooLarge(Exception):
    pass


def read_docx(data: bytes) -> list[Article]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            paragraphs = _body_paragraphs(archive, _main_part(archive))
            props = _core_properties(archive)
    except _TooLarge as error:
        raise Unreadable(str(error)) from None
    except etree.XMLSyntaxError as error:
        # libxml2 says "unknown error" for some refusals (an over-deep tree, say): give the reader a cause
        message = error.msg or ""
        if "entit" in message.lower():
            message = "its XML defines entities that expand without bound"
        elif not message or "unknown error" in message:
            message = "its XML is malformed or nested too deeply"
        raise Unreadable(f"{NOT_WORD} ({message})") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, NotImplementedError, RuntimeError,
            EOFError, ValueError) as error:
        raise Unreadable(f"{NOT_WORD} ({error})") from None
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        raise Unreadable("Word document with no text")
    # Word has no field for the outlet; the author is a person, but it is the only attribution the file
    # carries, and an empty source would leave the document known only by its file name.
    return [Article(text=text, title=props.get("title", ""), source=props.get("creator", ""),
                    date=props.get("created") or None)]


def _parser(events: tuple[Literal["start", "end"], ...]) -> etree.XMLPullParser:
    return etree.XMLPullParser(events=events, resolve_entities=False, no_network=True, load_dtd=False,
                               huge_tree=False, remove_comments=True, remove_pis=True)


def _elements(parser: etree.XMLPullParser) -> Iterator[tuple[str, etree._Element]]:
    """The (event, element) pairs parsed so far (start and end events only hand out elements)."""
    for event, item in parser.read_events():
        if isinstance(item, etree._Element):
            yield event, item


def _stream(archive: zipfile.ZipFile, name: str, limit: int) -> Iterator[bytes]:
    """The bytes of one member, in chunks, refused as soon as it declares or unpacks to more than `limit`."""
    info = archive.getinfo(name)
    too_large = _TooLarge(f"Word document that unpacks to more than {limit // 2**20} MB ({name})")
    if info.file_size > limit:
        raise too_large
    total = 0
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            total += len(chunk)
            if total > limit:  # the archive lied about the size
                raise too_large
            yield chunk


def _main_part(archive: zipfile.ZipFile) -> str:
    """The document's main XML part, as the package relationships name it (word/document.xml in practice)."""
    try:
        parser = _parser(("end",))
        for chunk in _stream(archive, "_rels/.rels", 2**20):
            parser.feed(chunk)
        parser.close()
    except KeyError:
        return _MAIN_PART
    for _event, element in _elements(parser):
        if element.tag == _REL and str(element.get("Type", "")).endswith(_OFFICE_DOCUMENT):
            return posixpath.normpath(str(element.get("Target", _MAIN_PART)).lstrip("/"))
    return _MAIN_PART


def _body_paragraphs(archive: zipfile.ZipFile, part: str) -> list[str]:
    """The text of each paragraph of the body (not of tables or text boxes, as python-docx reads them)."""
    parser = _parser(("start", "end"))
    paragraphs: list[str] = []
    size = 0
    root_seen = False
    for chunk in _stream(archive, part, DOCX_PART_LIMIT):
        parser.feed(chunk)
        for event, element in _elements(parser):
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if element.tag != f"{_W}document":
                        raise ValueError("its main part is not a Word text")
                continue
            if element.tag != f"{_W}p":
                continue
            body = element.getparent()
            if body is None or body.tag != f"{_W}body":
                continue  # a paragraph inside a table or a text box: its body-level ancestor is freed later
            text = _paragraph_text(element)
            paragraphs.append(text.strip())
            size += len(text)
            element.clear()  # the paragraph's subtree, and the paragraphs before it, are not needed again
            while element.getprevious() is not None:
                del body[0]
            if size > DOCX_TEXT_LIMIT:
                raise _TooLarge(f"Word document longer than {DOCX_TEXT_LIMIT // 2**20} MB of text")
    parser.close()
    return paragraphs


def _paragraph_text(paragraph: etree._Element) -> str:
    out: list[str] = []
    for run in paragraph.iter(f"{_W}r"):
        parent = run.getparent()
        if parent is None or parent.tag not in _RUN_PARENTS:
            continue
        if parent.tag != f"{_W}p" and parent.getparent() is not paragraph:
            continue
        for child in run:
            tag = child.tag
            if tag == f"{_W}t":
                # itertext keeps the text after an entity reference that was not expanded (and the
                # reference itself, as written), where `.text` stops at the reference
                out.append("".join(map(str, child.itertext())))
            elif tag == f"{_W}br":
                out.append("\n" if child.get(f"{_W}type", "textWrapping") == "textWrapping" else "")
            elif isinstance(tag, str) and tag in _RUN_TEXT:
                out.append(_RUN_TEXT[tag])
    return "".join(out)


def _core_properties(archive: zipfile.ZipFile) -> dict[str, str]:
    """Title, creator and creation date from docProps/core.xml, when the archive has it."""
    try:
        parser = _parser(("end",))
        for chunk in _stream(archive, "docProps/core.xml", 2**20):
            parser.feed(chunk)
        parser.close()
    except (KeyError, _TooLarge, etree.XMLSyntaxError):
        return {}
    wanted = {f"{_DC}title": "title", f"{_DC}creator": "creator", f"{_DCTERMS}created": "created"}
    return {wanted[str(el.tag)]: scalar_text(el.text) for _e, el in _elements(parser) if el.tag in wanted}


def read_pdf(data: bytes) -> list[Article]:
    # pypdf is imported with the first PDF read: at module level it was a third of a second of every start
    # of the window's child process, which the first document shown waits for, PDF or not
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable(ENCRYPTED_PDF)
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        info = reader.metadata
    except Unreadable:
        raise
    except (DependencyError, FileNotDecryptedError, NotImplementedError):
        # pypdf reads RC4-encrypted files itself, AES needs a cryptography package: either way, encrypted
        raise Unreadable(ENCRYPTED_PDF) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise Unreadable(f"damaged PDF ({error})") from None
    text = "\n\n".join(p for p in pages if p)
    if not text:
        raise Unreadable(SCANNED_PDF)
    if info is None:
        return [Article(text=text)]
    # The author is a person, not an outlet: used as the source for the same reason as in read_docx.
    return [
        Article(
            text=text,
            title=scalar_text(info.title),
            source=scalar_text(info.author),
            date=info.get("/CreationDate"),
        )
    ]
