"""Closed vocabularies are enums in viewer.core.model: no verdict name is typed out anywhere else."""

from __future__ import annotations

import io
import tokenize

from helpers import REPO

from viewer import palette
from viewer.core.model import FLAGGED_VERDICTS, SHOWN_VERDICTS, Verdict

VERDICT_LITERALS = {repr(v.value) for v in Verdict} | {f'"{v.value}"' for v in Verdict}


def test_no_verdict_string_literal_outside_the_model() -> None:
    found = []
    for path in sorted((REPO / "viewer").rglob("*.py")):
        if path == REPO / "viewer" / "core" / "model.py":
            continue
        text = path.read_text(encoding="utf-8")
        if not any(literal in text for literal in VERDICT_LITERALS):
            continue  # no such token can be in it: tokenizing all of viewer/ costs half a CPU-second
        tokens = tokenize.generate_tokens(io.StringIO(text).readline)
        found += [f"{path.relative_to(REPO)}:{t.start[0]} {t.string}" for t in tokens
                  if t.type == tokenize.STRING and t.string in VERDICT_LITERALS]
    assert found == []


def test_verdict_order_and_flags() -> None:
    assert list(Verdict)[:4] == list(SHOWN_VERDICTS)
    assert FLAGGED_VERDICTS == (Verdict.CONFLICT, Verdict.SOFT)
    assert sorted(Verdict, key=lambda v: v.rank) == list(Verdict)
    assert Verdict("conflict") is Verdict.CONFLICT and Verdict.CONFLICT == "conflict"


def test_every_shown_verdict_has_a_mark_in_the_legend() -> None:
    """The window and the PDF colour a shown verdict from the palette: a new one needs its mark there."""
    assert set(palette.VERDICT_MARKS) == set(SHOWN_VERDICTS)
    assert {m.key for m in palette.LEGEND} >= set(SHOWN_VERDICTS)
