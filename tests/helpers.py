"""Paths, small builders and the sentence-vector memo the tests share (importable as `helpers`: conftest.py's
folder is on sys.path)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import settings
from pypdf import PdfReader

from viewer.core.align import semantic
from viewer.core.model import Corpus, Document

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
CORPUS = REPO / "corpus"


def document(
    doc_id: str, text: str, *, path: str | None = None, title: str = "", source: str = "",
    date: str | None = None, url: str = "",
) -> Document:
    """A loaded article built in memory; its path is its id unless said otherwise."""
    return Document(doc_id, doc_id if path is None else path, title, source, date, url, text)


def corpus_of(
    texts: Mapping[str, str], *, sources: Mapping[str, str] | None = None,
    dates: Mapping[str, str] | None = None, root: str = "test",
) -> Corpus:
    """A corpus of `texts` (id -> text) in id order; each titled by its id, with the sources and dates given."""
    sources, dates = sources or {}, dates or {}
    return Corpus(root, tuple(
        document(name, text, title=name, source=sources.get(name, ""), date=dates.get(name))
        for name, text in sorted(texts.items())
    ))


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Write `content` (text as UTF-8) to `folder/name`, making the folders on the way; returns the path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def budget(ci_examples: int, **options: Any) -> settings:
    """Hypothesis settings trying `ci_examples` examples under the `ci` profile (make test, CI) and the same
    share of the `dev` profile's smaller budget in the quick loop (tests/conftest.py registers both)."""
    share = settings.get_profile("ci").max_examples
    examples = max(2, round(ci_examples * settings.default.max_examples / share))
    return settings(max_examples=examples, **options)


def pdf_outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page) for every outline entry of a PDF read back with pypdf."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


_VECTORS: dict[str, np.ndarray] = {}  # the model's vector of each sentence embedded so far, this session


def remember_sentence_vectors(monkeypatch: pytest.MonkeyPatch) -> dict[str, np.ndarray]:
    """Patch the sentence model, through `monkeypatch`, to compute each distinct sentence once per session
    (tests/conftest.py says why and where); returns the vectors remembered so far."""
    real = semantic.Encoder.embed

    def embed(self: semantic.Encoder, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in _VECTORS))
        if missing:
            _VECTORS.update(zip(missing, real(self, missing), strict=True))
        out = np.zeros((len(texts), semantic.DIMENSION), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = _VECTORS[text]
        return out

    monkeypatch.setattr(semantic.Encoder, "embed", embed)
    return _VECTORS


@contextmanager
def remembering_sentence_vectors() -> Iterator[dict[str, np.ndarray]]:
    """`remember_sentence_vectors` for a block, in a fixture wider than one test."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield remember_sentence_vectors(monkeypatch)
