"""Readable text summaries of an alignment for the command line. Imports: viewer.core.

`summary_text` is what `parallax align FOLDER` prints: the documents, the skipped files with their reasons,
the conflicts first, then every parallel group with its sources and a snippet.
"""

from __future__ import annotations

import textwrap

from viewer.core.facts.discrepancies import corpus_discrepancies
from viewer.core.model import Alignment, Document, Span, Verdict

SNIPPET = 110


def _snippet(doc: Document, span: Span, width: int = SNIPPET) -> str:
    text = " ".join(doc.text[span.start : span.end].split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _describe(doc: Document) -> str:
    return f"{doc.label} ({doc.date})" if doc.date else doc.label


def summary_text(alignment: Alignment) -> str:
    corpus = alignment.corpus
    docs = corpus.by_id()
    lines = [f"Corpus: {corpus.root}"]
    lines.append(f"{len(corpus.documents)} documents, {len(corpus.skipped)} skipped, "
                 f"{len(alignment.groups)} parallel groups, {len(alignment.pairs)} parallel pairs "
                 f"(similarity >= {alignment.min_similarity:g})")
    lines.append("")
    lines.append("Documents:")
    for d in corpus.documents:
        title = textwrap.shorten(d.title, 70, placeholder="…") if d.title else "(untitled)"
        lines.append(f"  {d.id}  [{d.label}{', ' + d.date if d.date else ''}]  {title}")
    if corpus.skipped:
        lines.append("")
        lines.append("Skipped files:")
        lines.extend(f"  {s.path}: {s.reason}" for s in corpus.skipped)
    conflicts = [(p, d) for p in alignment.pairs for d in p.divergences if d.verdict.flagged]
    if conflicts:
        conflicts.sort(key=lambda x: x[1].verdict.rank)
        lines.append("")
        lines.append("Diverging numbers and dates:")
        for p, d in conflicts:
            a, b = docs[p.a.doc], docs[p.b.doc]
            lines.append(f"  {d.verdict.upper():8} {d.a.text if d.a else '-'!r} ({_describe(a)}) vs "
                         f"{d.b.text if d.b else '-'!r} ({_describe(b)})  [{d.rule}]")
    if alignment.groups:
        lines.append("")
        lines.append("Parallel groups:")
    for g in alignment.groups:
        sims = [p.similarity for p in alignment.pairs if p.group == g.id]
        lines.append(f"  Group {g.id + 1}: {len(g.documents)} documents, best similarity {max(sims):.2f}")
        for span in g.passages:
            doc = docs[span.doc]
            lines.append(f"    {_describe(doc)}: \u201c{_snippet(doc, span)}\u201d")
    if alignment.repeats:
        lines.append("")
        lines.append("Repeated inside one document:")
        for r in alignment.repeats:
            doc = docs[r.first.doc]
            lines.append(f"  {_describe(doc)}: \u201c{_snippet(doc, r.first, 80)}\u201d")
    if alignment.boilerplate:
        lines.append("")
        lines.append("Boilerplate kept out of the parallels:")
        for b in alignment.boilerplate:
            n = len({s.doc for s in b.spans})
            lines.append(f"  in {n} documents: \u201c{textwrap.shorten(b.text, 90)}\u201d")
    return "\n".join(lines) + "\n"


def conflicts_text(alignment: Alignment) -> str:
    """What `parallax align FOLDER --conflicts` prints: every disputed number and date across the corpus,
    conflicts first, each value with the documents (source, date) giving it and the value most give."""
    found = corpus_discrepancies(alignment)
    n_docs = len(alignment.corpus.documents)
    if not found:
        return f"No conflicting or diverging numbers or dates across {n_docs} documents.\n"
    n_conflicts = sum(d.verdict == Verdict.CONFLICT for d in found)
    n_soft = len(found) - n_conflicts
    lines = [f"{len(found)} disputed numbers and dates across {n_docs} documents: "
             f"{n_conflicts} conflict{'s' * (n_conflicts != 1)}, "
             f"{n_soft} soft divergence{'s' * (n_soft != 1)}"]
    for i, d in enumerate(found, 1):
        tally = ", ".join(f"{value} in {d.count(value)}" for value, _ in d.values)
        lines += ["", f"{i}. {d.verdict.upper()} ({d.kind}): {tally}"]
        for value, claims in d.values:
            for k, c in enumerate(claims):
                where = f"{c.source} ({c.date})" if c.date else f"{c.source} (undated)"
                label = value if k == 0 else ""
                lines.append(f"   {label:<14} {where}: \u201c{c.context}\u201d = {c.value}")
        if d.majority is not None:
            share = f"{d.count(d.majority)} of {len(d.documents)} documents"
            lines.append(f"   Most sources: {d.majority} ({share})")
        else:
            lines.append("   No value has a majority.")
    return "\n".join(lines) + "\n"
