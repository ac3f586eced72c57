"""Word-level diff of one aligned pair of passages, as offsets into both documents.

Uses diff-match-patch in word mode: each word, run of spaces and punctuation mark becomes one code point
(the library's own `linesToChars` trick applied to words), the diff runs over those, semantic cleanup
merges the noise, and the result is mapped back to character offsets. Only aligned passages are diffed,
never whole documents. Rendering is the caller's job. Imports: the standard library, diff-match-patch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from diff_match_patch import diff_match_patch

# Every character falls in exactly one of these, so the tokens tile the passage.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
# Private-use planes give ~130,000 code points: far more distinct words than any passage holds.
_FIRST_CODE = 0xF0000

Op = Literal["equal", "insert", "delete"]


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One run of the diff. For "delete" b is empty (b_start == b_end), for "insert" a is empty."""

    op: Op
    a_start: int
    a_end: int
    b_start: int
    b_end: int


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


# Typography that is not a difference between two outlets' wording: curly and straight quotes and
# apostrophes, dashes, non-breaking and repeated spaces.
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
                             "‐": "-", "\u00a0": " "})


def _plain(word: str) -> str:
    return " " if word.isspace() else word.translate(_TYPOGRAPHY)


def _encode(text: str, spans: list[tuple[int, int]], table: dict[str, str], plain: bool = False) -> str:
    chars = []
    for s, e in spans:
        word = _plain(text[s:e]) if plain else text[s:e]
        code = table.get(word)
        if code is None:
            code = chr(_FIRST_CODE + len(table))
            table[word] = code
        chars.append(code)
    return "".join(chars)


def word_diff(
    text_a: str, span_a: tuple[int, int], text_b: str, span_b: tuple[int, int], *, semantic: bool = True,
    typography: bool = True,
) -> list[DiffOp]:
    """Diff `text_a[span_a]` against `text_b[span_b]` word by word.

    With `typography` False, curly and straight quotes, dashes and spacing count as equal (for display).

    Returns runs whose a-ranges tile `span_a` and whose b-ranges tile `span_b` exactly, in order, so that
    the equal and delete runs rebuild passage a and the equal and insert runs rebuild passage b.
    """
    toks_a = _tokens(text_a, *span_a)
    toks_b = _tokens(text_b, *span_b)
    table: dict[str, str] = {}
    enc_a = _encode(text_a, toks_a, table, not typography)
    enc_b = _encode(text_b, toks_b, table, not typography)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # passages are short; a timeout would only make the result depend on machine load
    diffs = dmp.diff_main(enc_a, enc_b, False)
    if semantic:
        dmp.diff_cleanupSemantic(diffs)

    ops: list[DiffOp] = []
    ia = ib = 0
    pos_a, pos_b = span_a[0], span_b[0]
    for kind, chunk in diffs:
        n = len(chunk)
        if kind == 0:
            end_a = toks_a[ia + n - 1][1]
            end_b = toks_b[ib + n - 1][1]
            _append(ops, "equal", pos_a, end_a, pos_b, end_b)
            ia, ib, pos_a, pos_b = ia + n, ib + n, end_a, end_b
        elif kind == -1:
            end_a = toks_a[ia + n - 1][1]
            _append(ops, "delete", pos_a, end_a, pos_b, pos_b)
            ia, pos_a = ia + n, end_a
        else:
            end_b = toks_b[ib + n - 1][1]
            _append(ops, "insert", pos_a, pos_a, pos_b, end_b)
            ib, pos_b = ib + n, end_b
    return ops


def _append(ops: list[DiffOp], op: Op, a0: int, a1: int, b0: int, b1: int) -> None:
    if ops and ops[-1].op == op:
        last = ops.pop()
        ops.append(DiffOp(op, last.a_start, a1, last.b_start, b1))
    else:
        ops.append(DiffOp(op, a0, a1, b0, b1))


def rebuild(text_a: str, text_b: str, ops: list[DiffOp]) -> tuple[str, str]:
    """The two passages as the diff describes them (a check that the runs tile both spans)."""
    a = "".join(text_a[o.a_start : o.a_end] for o in ops if o.op != "insert")
    b = "".join(text_b[o.b_start : o.b_end] for o in ops if o.op != "delete")
    return a, b
