"""Paths and small builders the tests share (importable as `helpers`: conftest.py's folder is on sys.path)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
CORPUS = REPO / "corpus"
