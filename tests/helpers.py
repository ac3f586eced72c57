"""Paths, small builders and the sentence-vector memo the tests share (importable as `helpers`: conftest.py's
folder is on sys.path)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import metadata
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
# The folder that also keeps them between runs (`vector_store`; set by tests/conftest.py), or None.
VECTOR_STORE: Path | None = None


def vector_store(cache: Path) -> Path | None:
    """The folder under `cache` for vectors computed by this model and tokenizer (their pinned sha256), this
    semantic.py and these versions of onnxruntime, tokenizers and numpy: anything that could change a vector
    changes the folder. Folders of other versions are removed. None without the runtime."""
    digest = hashlib.sha256(Path(semantic.__file__).read_bytes())
    try:
        versions = [metadata.version(name) for name in ("onnxruntime", "tokenizers", "numpy")]
    except metadata.PackageNotFoundError:
        return None
    for part in (semantic.MODEL_SHA256, semantic.TOKENIZER_SHA256, *versions):
        digest.update(part.encode())
    folder = cache / digest.hexdigest()[:32]
    with contextlib.suppress(OSError):
        for other in cache.iterdir():
            if other != folder:
                shutil.rmtree(other, ignore_errors=True)
    return folder


def _stored(text: str) -> Path:
    assert VECTOR_STORE is not None
    return VECTOR_STORE / (hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest() + ".npy")


def _recall(texts: list[str]) -> None:
    """Into _VECTORS: those of `texts` that an earlier run stored."""
    for text in texts:
        try:
            _VECTORS[text] = np.load(_stored(text), allow_pickle=False)
        except (OSError, ValueError):  # not stored yet (or cut short by a killed run: computed again)
            continue


def _keep(text: str, vector: np.ndarray) -> None:
    """Store `vector` for later runs; a store that fails (say `--cache-clear` in another xdist worker) only
    means it is computed again next time."""
    path = _stored(text)
    partial = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as f:
            np.save(f, vector, allow_pickle=False)
        os.replace(partial, path)  # whole or absent, whichever worker of the run writes it


def remember_sentence_vectors(monkeypatch: pytest.MonkeyPatch) -> dict[str, np.ndarray]:
    """Patch the sentence model, through `monkeypatch`, to compute each distinct sentence once (per session,
    and across runs in VECTOR_STORE: tests/conftest.py says why and where); returns the vectors remembered."""
    real = semantic.Encoder.embed

    def embed(self: semantic.Encoder, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in _VECTORS]
        if missing and VECTOR_STORE is not None:
            _recall(missing)
            missing = [t for t in missing if t not in _VECTORS]
        if missing:
            for text, vector in zip(missing, real(self, missing), strict=True):
                _VECTORS[text] = vector
                if VECTOR_STORE is not None:
                    _keep(text, vector)
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
