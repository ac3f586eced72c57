"""The JSON form of an alignment (`parallax align --json`): a user feature and a contract other tools read.

Format "parallax-alignment", version 1; offsets are Python string indices into each document's `text`.
A divergence carries `reason` (its verdict in plain words) and `thing` (what the values measure) beside its
`rule` and `confidence`, and each side its `stated` value; readers of older files get "" for them. Each
pair also lists its `agreements` (the values its run judged the same, in the form of a divergence with the
verdict "same"): they join the documents that give one value, so a disputed fact read back counts the
sources that agree as well as those that differ. A file written before them reads with none.
`alignment_from_json` reads it back into the same records. Imports: the standard library, viewer.core.model.
"""

from __future__ import annotations

import os
from typing import Any

from viewer.core.model import (
    Alignment,
    Boilerplate,
    Corpus,
    Divergence,
    Document,
    FactSide,
    Group,
    Pair,
    PairBasis,
    Repeat,
    Skipped,
    Span,
)

FORMAT, VERSION = "parallax-alignment", 1


def _span(s: Span) -> dict[str, Any]:
    return {"doc": s.doc, "start": s.start, "end": s.end}


def _side(f: FactSide | None) -> dict[str, Any] | None:
    return None if f is None else {"start": f.start, "end": f.end, "text": f.text, "value": f.value,
                                   "stated": f.stated}


def _divergence(d: Divergence) -> dict[str, Any]:
    return {"kind": d.kind, "verdict": d.verdict, "a": _side(d.a), "b": _side(d.b), "rule": d.rule,
            "confidence": round(d.confidence, 3), "reason": d.reason, "thing": d.thing}


def alignment_to_json(alignment: Alignment) -> dict[str, Any]:
    corpus = alignment.corpus
    return {
        "format": FORMAT,
        "version": VERSION,
        # a folder path may hold bytes that are not UTF-8 (kept by Python as lone surrogates): as escapes
        "corpus": os.fsencode(corpus.root).decode("utf-8", "backslashreplace"),
        "min_similarity": alignment.min_similarity,
        "documents": [
            {"id": d.id, "path": d.path, "title": d.title, "source": d.source, "date": d.date, "url": d.url,
             "text": d.text}
            for d in corpus.documents
        ],
        "skipped": [{"path": s.path, "reason": s.reason} for s in corpus.skipped],
        "groups": [{"id": g.id, "passages": [_span(s) for s in g.passages]} for g in alignment.groups],
        "pairs": [
            {"a": _span(p.a), "b": _span(p.b), "similarity": round(p.similarity, 4), "group": p.group,
             "divergences": [_divergence(d) for d in p.divergences],
             "agreements": [_divergence(d) for d in p.agreements],
             # a parallel of two sentences giving one figure differently says so; a wording one says nothing
             **({"basis": p.basis.value} if p.basis != PairBasis.WORDING else {})}
            for p in alignment.pairs
        ],
        "repeats": [
            {"a": _span(r.first), "b": _span(r.second), "similarity": round(r.similarity, 4)}
            for r in alignment.repeats
        ],
        "boilerplate": [
            {"text": b.text, "passages": [_span(s) for s in b.spans]} for b in alignment.boilerplate
        ],
    }


def alignment_from_json(data: dict[str, Any]) -> Alignment:
    """Read what `alignment_to_json` wrote (raises ValueError on another format or version)."""
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ValueError(f"not a {FORMAT} version {VERSION} file")
    def span(d: dict[str, Any]) -> Span:
        return Span(d["doc"], d["start"], d["end"])

    def side(d: dict[str, Any] | None) -> FactSide | None:
        if d is None:
            return None
        return FactSide(d["start"], d["end"], d["text"], d["value"], d.get("stated", ""))

    def divergence(d: dict[str, Any]) -> Divergence:
        return Divergence(d["kind"], d["verdict"], side(d["a"]), side(d["b"]), d["rule"], d["confidence"],
                          d.get("reason", ""), d.get("thing", ""))

    corpus = Corpus(
        data["corpus"],
        tuple(Document(d["id"], d["path"], d["title"], d["source"], d["date"], d["url"], d["text"])
              for d in data["documents"]),
        tuple(Skipped(s["path"], s["reason"]) for s in data["skipped"]),
    )
    return Alignment(
        corpus=corpus,
        min_similarity=data.get("min_similarity", 0.0),
        pairs=tuple(
            Pair(span(p["a"]), span(p["b"]), p["similarity"], p["group"],
                 tuple(divergence(d) for d in p["divergences"]),
                 tuple(divergence(d) for d in p.get("agreements", ())),
                 basis=PairBasis(p.get("basis", PairBasis.WORDING.value)))
            for p in data["pairs"]
        ),
        groups=tuple(Group(g["id"], tuple(span(s) for s in g["passages"])) for g in data["groups"]),
        repeats=tuple(Repeat(span(r["a"]), span(r["b"]), r["similarity"]) for r in data.get("repeats", [])),
        boilerplate=tuple(Boilerplate(tuple(span(s) for s in b["passages"]), b["text"])
                          for b in data.get("boilerplate", [])),
    )
