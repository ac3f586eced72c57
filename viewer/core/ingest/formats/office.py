"""Word documents (`.docx`, python-docx) and PDF (`.pdf`, pypdf): their text and the metadata they carry.

Paragraphs (Word) and pages (PDF) are separated by a blank line. A PDF without extractable text is a scan
and is reported as such. Imports: python-docx, pypdf, viewer.core.ingest.formats.base.
"""

from __future__ import annotations

import io
import logging
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from viewer.core.ingest.formats.base import Article, Unreadable, scalar_text

SCANNED_PDF = "scanned PDF with no text layer"

# pypdf logs every oddity of a damaged file as a warning; the loader reports unreadable files itself, so keep
# them off stderr unless the application configures logging (the handler only stops the last-resort output).
logging.getLogger("pypdf").addHandler(logging.NullHandler())


def read_docx(data: bytes) -> list[Article]:
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise Unreadable(f"not a readable Word document ({error})") from None
    paragraphs = [p.text.strip() for p in document.paragraphs]
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        raise Unreadable("Word document with no text")
    props = document.core_properties
    return [
        Article(
            text=text,
            title=scalar_text(props.title),
            # Word has no field for the outlet; the author is a person, but it is the only attribution the
            # file carries, and an empty source would leave the document known only by its file name.
            source=scalar_text(props.author),
            date=props.created,
        )
    ]


def read_pdf(data: bytes) -> list[Article]:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("password-protected PDF")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        info = reader.metadata
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
