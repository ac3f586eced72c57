"""Turn the bytes of a text file into text, or say clearly why they are not text.

Handles UTF-8 (with or without BOM), UTF-16/32 with a BOM, UTF-16 without a BOM (recognised by its NUL
pattern), and legacy single-byte encodings (guessed by charset-normalizer); rejects binary data.
Imports: the standard library and charset-normalizer.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

BINARY = "binary file (not text)"
UNDECODABLE = "could not decode text (tried UTF-8, UTF-16, legacy encodings)"

_BOMS = (  # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that do not occur in prose (tab, line feed, carriage return and form feed are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.05
_NEWLINES = re.compile(r"\r\n?")


class NotText(ValueError):
    """The bytes are not readable text; the message is the reason shown to the user."""


def decode_text(data: bytes, declared: str | None = None) -> str:
    """The text `data` holds, BOM removed and line endings normalised to `\\n`; raises `NotText`.

    `declared` is the encoding the file names for itself (an HTML `<meta charset>`): used when the bytes are
    not UTF-8, before guessing.
    """
    text = _decode(data, declared)
    if text and len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise NotText(BINARY)
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    """`\\r\\n` and lone `\\r` become `\\n`; a leading BOM is dropped. Nothing else changes."""
    return _NEWLINES.sub("\n", text).removeprefix("\ufeff")


def _decode(data: bytes, declared: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise NotText(UNDECODABLE) from None
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise NotText(BINARY)
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            raise NotText(BINARY) from None
    for candidate in ("utf-8", declared):
        if candidate:
            try:
                return data.decode(candidate)
            except (UnicodeDecodeError, LookupError):
                pass
    return _legacy(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 byte order when NULs sit almost only on odd (or even) positions, as in Latin text."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd > 0.3 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


def _legacy(data: bytes) -> str:
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise NotText(UNDECODABLE)
    # charset-normalizer ranks equally plausible code pages in no useful order (cp1250 before cp1252 for
    # plain French or English); among ties prefer cp1252, by far the most common legacy encoding of news text.
    for match in matches:
        if match.encoding == "cp1252" and (match.chaos, match.coherence) == (best.chaos, best.coherence):
            return str(match)
    return str(best)
