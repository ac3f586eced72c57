"""Normalise what files say about an article: dates to YYYY-MM-DD, the leading `date` marker, fallback titles.

Imports: the standard library only (dates are parsed with `datetime`, `email.utils` and a list of formats,
which covers what news files carry without a fuzzy date parser).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

TITLE_MAX = 200

_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%B %d, %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%b %d %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B, %Y",
    "%A, %B %d, %Y",
    "%a, %b %d, %Y",
    "%d.%m.%Y",
)
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")
_ISO_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ]")
# The sample articles open with " date 2018-06-20 " before their text.
_DATE_MARKER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+|\Z)")


def normalise_date(value: object) -> str | None:
    """`value` (a string in a common form, a PDF date, a date or datetime) as YYYY-MM-DD, else None."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text:
        return None
    parsed = _parse(text)
    return parsed.isoformat() if parsed else None


def _parse(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    if match := _ISO_PREFIX.match(text):  # ISO date followed by a time fromisoformat rejects
        return _valid(*match.groups())
    if match := _PDF_DATE.match(text):
        year, month, day = match.groups()
        return _valid(year, month or "01", day or "01")
    plain = _ORDINAL.sub(r"\1", text)
    for fmt in _FORMATS:
        try:
            return datetime.strptime(plain, fmt).date()
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(text).date()  # RFC 2822, as in feeds and e-mail
    except (TypeError, ValueError, IndexError):
        return None


def _valid(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def strip_date_marker(text: str) -> tuple[str, str | None]:
    """The text without a leading `date YYYY-MM-DD` marker, and the marker's date (None when absent)."""
    match = _DATE_MARKER.match(text)
    if match is None:
        return text, None
    found = normalise_date(match.group(1))
    if found is None:
        return text, None
    return text[match.end() :], found


DATELINE_LINES = 8


def dateline_date(text: str) -> str | None:
    """The date of a line near the top that holds nothing but a full date ("July 17, 2018"), as scraped
    articles carry under their headline; None when there is none. A date inside a sentence never counts."""
    for line in text.split("\n")[:DATELINE_LINES]:
        line = line.strip()
        if 8 <= len(line) <= 40 and any(c.isdigit() for c in line) and (found := _dateline(line)):
            return found
    return None


def _dateline(line: str) -> str | None:
    parsed = _parse(" ".join(line.split()))
    # A bare year or a number alone is not a dateline; strptime formats all carry a day.
    return parsed.isoformat() if parsed and re.search(r"\d{4}", line) else None


def first_line_title(text: str) -> str:
    """The first non-empty line, trimmed and cut at a word boundary near `TITLE_MAX` characters."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return _cap(line)
    return ""


def _cap(line: str) -> str:
    if len(line) <= TITLE_MAX:
        return line
    cut = line[:TITLE_MAX].rsplit(" ", 1)[0] or line[:TITLE_MAX]
    return cut.rstrip() + "…"
