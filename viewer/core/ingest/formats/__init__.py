"""The file formats Parallax reads, by lower-case file extension.

Imports: the reader modules of this package.
"""

from __future__ import annotations

from viewer.core.ingest.formats.base import Article, Problem, Reader, Unreadable
from viewer.core.ingest.formats.html import read_html
from viewer.core.ingest.formats.office import read_docx, read_pdf
from viewer.core.ingest.formats.plain import read_markdown, read_text
from viewer.core.ingest.formats.records import read_json, read_jsonl

__all__ = ["CONTAINER_FORMATS", "READERS", "Article", "Problem", "Reader", "Unreadable"]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".docx": read_docx,
    ".pdf": read_pdf,
}
# Compressed or binary containers: their size on disk says little about the amount of text inside.
CONTAINER_FORMATS = frozenset({".docx", ".pdf"})
