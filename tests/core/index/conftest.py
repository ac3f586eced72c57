"""Fixtures of the index's tests.

`remembered_sentence_vectors`: the sentence model's vector of each distinct sentence computed once per test
session. The index's tests build, update and rebuild the same generated corpora dozens of times to check
what the index keeps and reads back; running the model on every sentence of every build was two thirds of
their time (cProfile). The model itself, and that a sentence's stored vector does not depend on the batch
it is computed in, are tested in tests/core/align/test_semantic.py; the resumable semantic stage
(test_progressive.py) runs the real model every time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from viewer.core.align import semantic

_VECTORS: dict[str, np.ndarray] = {}


@pytest.fixture
def remembered_sentence_vectors(monkeypatch: pytest.MonkeyPatch) -> dict[str, np.ndarray]:
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
