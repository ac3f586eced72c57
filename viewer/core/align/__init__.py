"""Align: from documents to parallel passages. Tokens and sentences (`passages`), the stages' pure
functions (`stages`), the inverted index of candidates (`postings`), the bytes the index keeps (`codec`)
and the process pool that runs the stages on every core (`pool`).
Imports: the standard library, numpy, rapidfuzz, PyStemmer, viewer.core.model, progress, lexicon, spans,
and viewer.core.facts (the pool judges facts per pair).
"""
