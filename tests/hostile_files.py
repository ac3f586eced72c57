"""Hostile files built on the spot (nothing is stored): the cases of the hardening rounds, for the tests and
for benchmarks/bench_hostile.py. Each builder returns the bytes of one file; `HOSTILE` names every case
with its file name. Importable as `hostile_files` (conftest.py's folder is on sys.path).
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Callable

import docx

W_BODY = b"<w:body>"


def word_file(paragraphs: list[str] | None = None) -> bytes:
    """A small real Word document (python-docx)."""
    document = docx.Document()
    for text in paragraphs or ["A short paragraph of a real Word document."]:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def word_with_body(body: Callable[[zipfile.ZipFile, bytes, bytes], None]) -> bytes:
    """A Word document whose word/document.xml is written by `body(archive, head, tail)`: `head` is the XML
    up to and with `<w:body>`, `tail` the rest; the other parts are those of a real document."""
    source = zipfile.ZipFile(io.BytesIO(word_file()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, tail = data.split(W_BODY)
                body(archive, head + W_BODY, tail[tail.index(b"<w:sectPr"):] if b"<w:sectPr" in tail else tail)
            else:
                archive.writestr(item, data)
    return out.getvalue()


@functools.cache  # deflating tens of MB costs a CPU-second; the bytes are the same every time
def docx_bomb(inflated: int) -> bytes:
    """A Word document whose document.xml inflates to about `inflated` bytes of paragraphs (deflate packs
    the repetition about a thousand to one)."""
    paragraph = b"<w:p><w:r><w:t>" + b"bomb " * 40 + b"</w:t></w:r></w:p>"
    block = paragraph * max(1, 2**20 // len(paragraph))

    def body(archive: zipfile.ZipFile, head: bytes, tail: bytes) -> None:
        with archive.open("word/document.xml", "w", force_zip64=inflated >= 2**31) as member:
            member.write(head)
            for _ in range(max(1, inflated // len(block))):
                member.write(block)
            member.write(tail)

    return word_with_body(body)


def docx_lying_size(inflated: int) -> bytes:
    """A Word bomb (under 2 GiB) whose zip headers claim document.xml unpacks to 1 KB: the uncompressed
    size fields of its local header and of its central directory entry are patched."""
    data = bytearray(docx_bomb(inflated))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("word/document.xml")
    small = (1024).to_bytes(4, "little")
    data[info.header_offset + 22 : info.header_offset + 26] = small  # local file header
    for at in _central_entries(bytes(data)):
        name_length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_length] == b"word/document.xml":
            data[at + 24 : at + 28] = small
    return bytes(data)


def _central_entries(data: bytes) -> list[int]:
    at, found = data.find(b"PK\x01\x02"), []
    while at >= 0:
        found.append(at)
        at = data.find(b"PK\x01\x02", at + 4)
    return found


def docx_text(xml_body: bytes, doctype: bytes = b"") -> bytes:
    """A Word document with `xml_body` as the content of `<w:body>` (and a DOCTYPE before the root)."""

    def body(archive: zipfile.ZipFile, head: bytes, tail: bytes) -> None:
        if doctype:
            declaration_end = head.index(b"?>") + 2
            head = head[:declaration_end] + doctype + head[declaration_end:]
        archive.writestr("word/document.xml", head + xml_body + tail)

    return word_with_body(body)


def entity_bomb_docx() -> bytes:
    """Billion laughs in document.xml: entities of entities, a few hundred bytes that expand to gigabytes."""
    levels = [b'<!ENTITY e0 "lol">'] + [
        b'<!ENTITY e%d "%s">' % (n, b"".join(b"&e%d;" % (n - 1) for _ in range(10))) for n in range(1, 10)
    ]
    doctype = b"<!DOCTYPE w:document [" + b"".join(levels) + b"]>"
    return docx_text(b"<w:p><w:r><w:t>laugh &e9; end</w:t></w:r></w:p>", doctype)


def pdf_with_tounicode(code: str, before: str = "Lone ") -> bytes:
    """A one-page PDF whose font maps glyph 0x01 through its ToUnicode CMap to UTF-16 `code` (hex)."""
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
        "1 begincodespacerange <00> <FF> endcodespacerange "
        f"1 beginbfchar <01> <{code}> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    content = f"BT /F1 12 Tf 72 720 Td ({before}) Tj <01> Tj ( here and more words) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def nested_html(depth: int) -> bytes:
    return b"<html><body>" + b"<div>" * depth + b"deep text" + b"</div>" * depth + b"</body></html>"


def spaced_heading(spaces: int) -> bytes:
    """The Markdown heading that made the old heading expression backtrack cubically."""
    return b"# a" + b" " * spaces + b"b\n\nBody text."


def lone_surrogate_json() -> bytes:
    return b'{"text": "lone \\ud800 here, between words of an article about the harbour"}'


def deep_jsonl(depth: int) -> bytes:
    return (b'{"text": "A good record before."}\n' + b"[" * depth + b"]" * depth + b"\n"
            + b'{"text": "A good record after."}\n')


def long_article(chars: int) -> bytes:
    sentence = b"The harbour authority said %d ships had been delayed by the storm on Tuesday. "
    out, n = bytearray(), 0
    while len(out) < chars:
        out += sentence % n
        n += 1
    return bytes(out[:chars])


def unclosed_front_matter(size: int) -> bytes:
    return b"---\ntitle: never closed\n" + b"key: value\n" * (size // 11)


# name -> (file name, builder): every hostile file of the benchmark, small enough to build in seconds
HOSTILE: dict[str, tuple[str, Callable[[], bytes]]] = {
    "lone surrogate in JSON": ("surrogate.json", lone_surrogate_json),
    "lone surrogate from a PDF font map": ("surrogate.pdf", lambda: pdf_with_tounicode("D800")),
    "docx bomb, 1 GiB declared": ("bomb.docx", lambda: docx_bomb(2**30)),
    "docx bomb, size fields forged": ("forged.docx", lambda: docx_lying_size(256 * 2**20)),
    "docx entity bomb": ("laughs.docx", entity_bomb_docx),
    "Markdown heading + 20,000 spaces": ("spaces.md", lambda: spaced_heading(20_000)),
    "HTML 100k nested div": ("nested-100k.html", lambda: nested_html(100_000)),
    "HTML 1M nested div": ("nested-1m.html", lambda: nested_html(1_000_000)),
    "JSONL with one over-deep line": ("deep.jsonl", lambda: deep_jsonl(100_000)),
    "article of 19 MB": ("long.txt", lambda: long_article(19 * 2**20)),
    "article at the length limit": ("limit.txt", lambda: long_article(500_000)),
    "unclosed front matter, 19.5 MB": ("front.md", lambda: unclosed_front_matter(int(19.5 * 2**20))),
}
