"""Normalise what files say about an article: dates to YYYY-MM-DD, the leading `date` marker, its headline.

Imports: the standard library (dates are parsed with `datetime`, `email.utils` and a list of formats,
which covers what news files carry without a fuzzy date parser; addresses with `urllib.parse`) and
viewer.core.lexicon (captions, stopwords).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from viewer.core.lexicon import CAPTION_CREDIT, CAPTION_CREDIT_END, CAPTION_POSITION, CAPTION_START, STOPWORDS

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
# A year as every format of _FORMATS writes it: four digits with no digit either side (`%Y` is `\d\d\d\d`
# between separators or an end). Without one, none of them can match, and `strptime` is not tried: it
# recompiles its pattern on each call when cycling through more formats than its cache holds (five), and
# that was half the time of reading a folder whose articles open with a line such as "000123: Report".
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
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
    for fmt in _FORMATS if _YEAR.search(plain) else ():
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


# A headline is told from what scraped articles put above and around it by how news pages are written:
# promotions for a channel or a newsletter, photo captions (a credit in parentheses or after "Source:",
# "(File)", "right," beside a person), bylines, a date alone, and the dateline that opens the first
# paragraph ("WEST PALM BEACH, Fla. — "). The first line left is the headline when it is one short
# sentence; else the article has none and the first sentence of its text stands in for it.
HEADLINE_MAX = 160  # characters: a longer line is a paragraph, not a headline
SENTENCE_TITLE_MAX = 120  # a title made from a first sentence is cut near this length
HEADLINE_LINES = 8  # the lines looked at for a headline, from the top

_PITCH = re.compile(
    r"\b(?:join our|sign up|subscribe|newsletter|follow us|telegram|whatsapp|click here|"
    r"download (?:our|the) app|like us on|share this|read more:|advertisement)\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|posted by|written by|updated|published|last updated)\b", re.IGNORECASE)
# "WEST PALM BEACH, Fla. — ", "WASHINGTON (Reuters) - ": a place in capitals opening the first paragraph
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{2,}(?:,\s*[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)*)?\s*(?:\([^)]*\)\s*)?[—–-]{1,2}\s+"
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gov sen rep gen col lt sgt st jr sr no fla calif prof capt maj adm cpl pvt vs inc co "
    "corp ltd".split()
)


def headline(title: str, text: str, url: str = "") -> str:
    """The article's title: the metadata `title` unless it is a pitch or a caption, else the first
    headline-like line of `text` (see above; cut where the words of the article's address end, when a
    scraper ran the headline into the first paragraph), else the start of its first sentence."""
    title = " ".join(title.split())
    if title and not _not_a_headline(title):
        return _cap(title)
    for n, line in enumerate(" ".join(raw.split()) for raw in text.split("\n") if raw.strip()):
        if n >= HEADLINE_LINES:
            break
        if _not_a_headline(line):
            continue
        if dateline := _DATELINE.match(line):
            return _cap(first_sentence(line[dateline.end() :]), SENTENCE_TITLE_MAX)
        sentence = run_on_headline(first_sentence(line), url) or first_sentence(line)
        if len(line) <= HEADLINE_MAX and sentence == line:
            return line
        return _cap(sentence, SENTENCE_TITLE_MAX)
    return first_line_title(text)


_WORD = re.compile(r"[^\W_]+")
SLUG_MIN_WORDS = 4  # an address naming fewer words says too little to cut a headline by
_CLOSING = " '\"’”)"  # what may stand between a headline's last word and the lede's first


def slug_words(url: str) -> frozenset[str]:
    """The words of the address's most wordy path segment, as news sites write their headlines there
    ('.../2018/04/17/report-mike-pompeo-secretly-met-with-kim-jong-un-over-easter-weekend/')."""
    segments = [seg.rsplit(".", 1)[0] for seg in urlsplit(url).path.split("/")]
    best = max(segments, key=lambda seg: seg.count("-"), default="")
    words = frozenset(_key(w) for w in best.split("-") if w.isalpha())
    return words if len(words) >= SLUG_MIN_WORDS else frozenset()


def run_on_headline(sentence: str, url: str) -> str | None:
    """The headline that opens `sentence` when a scraper glued it to the lede without a full stop
    ('Report: Mike Pompeo met with Kim Jong Un The Washington Post reports the CIA director met...'), found
    by the address's words: the cut follows a word of the address and comes before a capitalised word,
    where the words before it hold the most of the address's words less the other content words (the
    earliest such cut on a tie; a headline never ends on a stopword). None when the address has no such
    words, no cut covers half of them, or the best cut is the end (the whole line is the headline)."""
    slug = slug_words(url)
    if not slug:
        return None
    words = list(_WORD.finditer(sentence))
    seen: set[str] = set()
    other = 0
    best: tuple[int, int] | None = None  # (score, end of the headline in `sentence`)
    for i, match in enumerate(words):
        key = _key(match.group())
        if key in slug:
            seen.add(key)
        elif key not in STOPWORDS and len(key) > 1:
            other += 1
        if i + 1 < len(words):
            gap = sentence[match.end() : words[i + 1].start()].strip(_CLOSING)
            boundary = words[i + 1].group()[0].isupper() and gap in ("", ":")
        else:
            boundary = True  # the end: the whole line may be the headline
        function_word = key in STOPWORDS and not match.group()[0].isupper()  # 'and', not 'May' the name
        if key in slug and not function_word and boundary and 2 * len(seen) >= len(slug):
            score = len(seen) - other
            if best is None or score > best[0]:
                best = (score, match.end())
    if best is None or best[0] < SLUG_MIN_WORDS or best[1] == words[-1].end():
        return None  # no cut, or none before the end
    end = best[1]
    closing = len(sentence[end:]) - len(sentence[end:].lstrip(_CLOSING))  # a quotation closed there
    return sentence[: end + closing].rstrip()


def _key(word: str) -> str:
    """A word as an address and a headline both write it: lower case, without a plural or possessive s."""
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _not_a_headline(line: str) -> bool:
    """A promotion, a photo caption, a byline, or a date alone."""
    return bool(
        (len(line) < 300 and _PITCH.search(line))
        or CAPTION_START.search(line)
        or CAPTION_CREDIT_END.search(line)
        or CAPTION_CREDIT.search(line)
        or CAPTION_POSITION.search(line)
        or (len(line) < 100 and _BYLINE.match(line))
        or (len(line) <= 40 and any(c.isdigit() for c in line) and _dateline(line))
    )


def first_sentence(text: str) -> str:
    """`text` up to the end of its first sentence (an abbreviation's period does not end one)."""
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()].split()
        word = before[-1].strip("\"'“‘(").rstrip(".") if before else ""
        if "." in word or word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
            continue
        return text[: match.start() + 1].strip()
    return text.strip()


def first_line_title(text: str) -> str:
    """The first non-empty line, trimmed and cut at a word boundary near `TITLE_MAX` characters."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return _cap(line)
    return ""


def _cap(line: str, limit: int = TITLE_MAX) -> str:
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
    return cut.rstrip(" ,;:") + "…"
