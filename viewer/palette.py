"""The one colour legend of Parallax, shared by the window and the PDF so that they always agree.

Colours are hex strings (no Qt here, so the report and the tests can read them without a display). Every
mark also has a style that survives printing in grey: colour is never the only cue.
Imports: the standard library, viewer.core.model (the verdict names).
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.core.model import Verdict


@dataclass(frozen=True, slots=True)
class Mark:
    key: str
    label: str
    light: str  # background (or text colour for `text_only` marks) on a light theme
    dark: str  # the same on a dark theme
    style: str  # "fill", "strike", "underline", "box", "wavy", "bold": how it reads without colour
    description: str


DIFF_INSERT = Mark("insert", "Added words", "#c8ecd0", "#1f4d2b", "underline",
                   "Words present in this passage and missing from the other")
DIFF_DELETE = Mark("delete", "Missing words", "#f6d0d0", "#5a2323", "strike",
                   "Words of the other passage that this one lacks")
CONFLICT = Mark(Verdict.CONFLICT, "Conflict", "#d62728", "#ff6b6b", "box",
                "Numbers or dates that cannot both be right (June 27 / July 27)")
SOFT = Mark(Verdict.SOFT, "Soft divergence", "#e69500", "#ffbf47", "wavy",
            "Values that overlap but are stated differently (about 50 / 55)")
HEDGE = Mark(Verdict.HEDGE, "Hedge only", "#7f7f7f", "#b0b0b0", "underline",
             "Same value, different qualifier (100 / some 100)")
EQUIVALENT = Mark(Verdict.EQUIVALENT, "Equivalent", "#2a7ab0", "#6cb6e8", "dotted",
                  "Agree by a rule (nine years in 2018 / since 2009)")
FACT = Mark("fact", "Number or date", "#000000", "#ffffff", "bold", "A number or date in a passage")

SHARED_WORDS = Mark("shared", "Shared words", "#cfe3f7", "#27476b", "underline",
                    "Low similarity: the words the two passages share are marked instead of the differences")

VERDICT_MARKS: dict[str, Mark] = {m.key: m for m in (CONFLICT, SOFT, HEDGE, EQUIVALENT)}
LEGEND: tuple[Mark, ...] = (DIFF_INSERT, DIFF_DELETE, CONFLICT, SOFT, HEDGE, EQUIVALENT)

# Shading of shared passages in the reading pane and of heat-map cells: index by how many other
# documents share a passage (1, 2, 3, 4 or more), light and dark themes.
SHARED_SHADES_LIGHT: tuple[str, ...] = ("#fff3bf", "#ffe08a", "#ffcc4d", "#ffb31a")
SHARED_SHADES_DARK: tuple[str, ...] = ("#4a4120", "#6b5a1c", "#8a6d12", "#a87d05")
HEATMAP_LOW = "#f7fbff"
HEATMAP_HIGH = "#08306b"
# on a dark theme: from the dark background up to a light blue, so that more shared text is brighter
HEATMAP_LOW_DARK = "#1c232b"
HEATMAP_HIGH_DARK = "#9ecae1"


def shared_shade(other_documents: int, dark: bool = False) -> str:
    """Background for a passage shared with `other_documents` other documents (at least 1)."""
    shades = SHARED_SHADES_DARK if dark else SHARED_SHADES_LIGHT
    return shades[max(0, min(other_documents, len(shades)) - 1)]


def heat(fraction: float, dark: bool = False) -> str:
    """Colour of a heat-map cell for a share of text in 0..1, between HEATMAP_LOW and HEATMAP_HIGH (their
    dark-theme twins when `dark`)."""
    f = max(0.0, min(1.0, fraction))
    low, high = (HEATMAP_LOW_DARK, HEATMAP_HIGH_DARK) if dark else (HEATMAP_LOW, HEATMAP_HIGH)
    lo = [int(low[i : i + 2], 16) for i in (1, 3, 5)]
    hi = [int(high[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(a + (b - a) * f):02x}" for a, b in zip(lo, hi, strict=True))
