"""Python string offsets <-> Qt text positions (UTF-16 code units): they differ after any character
outside the Basic Multilingual Plane (emoji, rare CJK), and spans must land on the same characters.

Qt-free. Imports: the standard library only.
"""

from __future__ import annotations

from bisect import bisect_right


class TextPositions:
    """Converts offsets into `text` to the positions a QTextDocument holding `text` uses, and back."""

    def __init__(self, text: str) -> None:
        # offsets of the characters that take two UTF-16 units; empty for almost every news article
        self._wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._wide_qt = [i + n for n, i in enumerate(self._wide)]

    def to_qt(self, offset: int) -> int:
        return offset + bisect_right(self._wide, offset - 1) if self._wide else offset

    def from_qt(self, position: int) -> int:
        if not self._wide:
            return position
        return position - bisect_right(self._wide_qt, position - 2)
