"""Paths and small builders the tests share (importable as `helpers`: conftest.py's folder is on sys.path)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
CORPUS = REPO / "corpus"


def budget(ci_examples: int, **options: Any) -> settings:
    """Hypothesis settings trying `ci_examples` examples under the `ci` profile (make test, CI) and the same
    share of the `dev` profile's smaller budget in the quick loop (tests/conftest.py registers both)."""
    share = settings.get_profile("ci").max_examples
    examples = max(2, round(ci_examples * settings.default.max_examples / share))
    return settings(max_examples=examples, **options)
