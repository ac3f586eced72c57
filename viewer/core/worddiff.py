"""Word-level diff of one aligned pair of passages, as offsets into both documents.

Uses diff-match-patch in word mode: each word, run of spaces and punctuation mark becomes one code point
(the library's own `linesToChars` trick applied to words), the diff runs over those, semantic cleanup
merges the noise, and the result is mapped back to character offsets. Only aligned passages are diffed,
never whole documents. Rendering is the caller's job.

The diff runs in fast-diff-match-patch (the library's C++ port; the facts stage diffs every judged pair, and
the pure-Python port was 81% of its time). The pure-Python diff-match-patch gives the same runs (a property
test holds the two equal) and is kept for two cases: a passage pair of more than 6,400 distinct words
where the C string is 16 bits wide (Windows), which the C++ wheel refuses (see `_native`), and a Python the
wheel is not built for (2.1.0 has wheels for 3.11 and 3.12 on Linux, macOS and Windows, none for 3.13: its
requirement in pyproject.toml stops at 3.13, so an install never needs a C++ compiler). A caller diffing
many pairs of fewer passages (the facts stage) holds a `Differ`: each passage is coded once, and two
passages of the same words are diffed once.
Imports: the standard library, fast-diff-match-patch, diff-match-patch.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from typing import Literal

from diff_match_patch import diff_match_patch

try:
    import fast_diff_match_patch
except ImportError:  # a Python the wheel is not built for: the pure-Python port, slower, the same runs
    fast_diff_match_patch = None

# Every character falls in exactly one of these, so the tokens tile the passage.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
# Words become private-use code points: neither letters, digits nor spaces to the semantic cleanup's scoring,
# equal only to themselves. The Basic Multilingual Plane's area first (6,400 code points, which every build
# of the C++ wheel takes), then the supplementary planes' (~130,000 more, beyond any passage).
_BMP_CODES = range(0xE000, 0xF900)
_MORE_CODES = range(0xF0000, 0x10FFFE)
# The C++ wheel reads a str as wchar_t: 16 bits on Windows, where it refuses code points beyond the BMP.
_WIDE_WCHAR = ctypes.sizeof(ctypes.c_wchar) >= 4

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
            n = len(table)
            code = chr(_BMP_CODES[n] if n < len(_BMP_CODES) else _MORE_CODES[n - len(_BMP_CODES)])
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
    table: dict[str, str] = {}
    coded_a = _coded(text_a, span_a, table, not typography)
    coded_b = _coded(text_b, span_b, table, not typography)
    return _ops(coded_a, coded_b, _diff(coded_a.codes, coded_b.codes, semantic, _native(len(table))))


@dataclass(frozen=True, slots=True)
class Coded:
    """One passage as code points, one per word, run of spaces or punctuation mark (`Differ.code`)."""

    start: int
    ends: tuple[int, ...]  # where each token ends in the document's text
    codes: str


class Differ:
    """Word diffs (`word_diff`, typography counting) of many pairs drawn from fewer passages: each passage is
    tokenised and coded once (`code`) with one code table for all, and a pair of passages of the same words
    is diffed once (`diff`). The diff sees only which tokens are equal (private-use code points, all alike to
    the semantic cleanup), so a pair's runs do not depend on the table its codes come from."""

    __slots__ = ("_runs", "_table")

    MEMO = 50_000  # pairs of passages whose runs are kept (a few MB: the keys are the passages' own codes)

    def __init__(self) -> None:
        self._table: dict[str, str] = {}
        self._runs: dict[tuple[str, str], list[tuple[str, int]]] = {}

    def code(self, text: str, span: tuple[int, int]) -> Coded:
        """`text[span]` coded in this differ's table."""
        return _coded(text, span, self._table, False)

    def diff(self, a: Coded, b: Coded) -> list[DiffOp]:
        """`word_diff` of the two coded passages."""
        key = (a.codes, b.codes)
        runs = self._runs.get(key)
        if runs is None:
            if len(self._runs) >= self.MEMO:
                self._runs.clear()
            if a.codes == b.codes:  # (wire copy: the library's own first test, without the call)
                runs = [("=", len(a.codes))] if a.codes else []
            elif _WIDE_WCHAR:  # any code point goes to the C++ port, if this Python has it
                runs = _diff(a.codes, b.codes, True, fast_diff_match_patch is not None)
            else:
                codes_a, codes_b = _renumbered(a.codes, b.codes)
                runs = _diff(codes_a, codes_b, True, _native(len(set(codes_a + codes_b))))
            self._runs[key] = runs
        return _ops(a, b, runs)


def _coded(text: str, span: tuple[int, int], table: dict[str, str], plain: bool) -> Coded:
    toks = _tokens(text, *span)
    return Coded(span[0], tuple(e for _, e in toks), _encode(text, toks, table, plain))


def _renumbered(codes_a: str, codes_b: str) -> tuple[str, str]:
    """Two passages coded in a shared table, recoded in the order their codes first appear, as `word_diff`
    codes a pair (where the C++ wheel takes only 16-bit code points, which a shared table may pass)."""
    table: dict[str, str] = {}
    for c in codes_a + codes_b:
        if c not in table:
            n = len(table)
            table[c] = chr(_BMP_CODES[n] if n < len(_BMP_CODES) else _MORE_CODES[n - len(_BMP_CODES)])
    return "".join(map(table.__getitem__, codes_a)), "".join(map(table.__getitem__, codes_b))


def _ops(a: Coded, b: Coded, runs: list[tuple[str, int]]) -> list[DiffOp]:
    """The diff's runs of tokens as runs of characters of the two documents."""
    ops: list[DiffOp] = []
    ia = ib = 0
    pos_a, pos_b = a.start, b.start
    for kind, n in runs:
        if kind == "=":
            end_a = a.ends[ia + n - 1]
            end_b = b.ends[ib + n - 1]
            _append(ops, "equal", pos_a, end_a, pos_b, end_b)
            ia, ib, pos_a, pos_b = ia + n, ib + n, end_a, end_b
        elif kind == "-":
            end_a = a.ends[ia + n - 1]
            _append(ops, "delete", pos_a, end_a, pos_b, pos_b)
            ia, pos_a = ia + n, end_a
        else:
            end_b = b.ends[ib + n - 1]
            _append(ops, "insert", pos_a, pos_a, pos_b, end_b)
            ib, pos_b = ib + n, end_b
    return ops


def _native(codes: int) -> bool:
    """Whether the C++ wheel takes a pair encoded with this many distinct codes on this platform."""
    return fast_diff_match_patch is not None and (_WIDE_WCHAR or codes <= len(_BMP_CODES))


def _diff(enc_a: str, enc_b: str, semantic: bool, native: bool) -> list[tuple[str, int]]:
    """The diff of two encoded passages as ("=" | "-" | "+", length) runs, from either port of the library.

    No timeout (passages are short; a timeout would only make the result depend on machine load) and no line
    mode (the encoded passages hold no lines).
    """
    if native:
        return fast_diff_match_patch.diff(
            enc_a, enc_b, timelimit=0, checklines=False, cleanup="Semantic" if semantic else "No",
            counts_only=True)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(enc_a, enc_b, False)
    if semantic:
        dmp.diff_cleanupSemantic(diffs)
    return [("=" if kind == 0 else "-" if kind == -1 else "+", len(chunk)) for kind, chunk in diffs]


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
