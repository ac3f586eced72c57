"""What a format reader hands back to the loader: articles, and problems with single records.

Imports: the standard library only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Article:
    """One article as a file states it; the loader normalises text, date and title afterwards."""

    text: str
    title: str = ""
    source: str = ""
    date: object = None  # whatever the file holds (string, date, datetime); normalised by the loader
    url: str = ""
    record: str | None = None  # the record's id inside a file holding several (JSON, JSONL)


@dataclass(frozen=True, slots=True)
class Problem:
    """A record of a multi-record file that could not be loaded, e.g. ("line 3", "invalid JSON: ...")."""

    where: str
    reason: str


class Unreadable(ValueError):
    """The whole file cannot be loaded; the message is the reason shown to the user."""


# A Sequence, not a list: a reader of articles only (list[Article]) is a Reader too.
Reader = Callable[[bytes], Sequence[Article | Problem]]


def scalar_text(value: object) -> str:
    """A metadata value as trimmed text: strings and numbers are kept, anything else (lists, maps) is not."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""
