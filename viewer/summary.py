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
        lines.append("Diverging numbers, dates and quotations:")
        for p, d in conflicts:
            a, b = docs[p.a.doc], docs[p.b.doc]
            lines.append(f"  {d.verdict.upper():8} {d.a.text if d.a else '-'!r} ({_describe(a)}) vs "
                         f"{d.b.text if d.b else '-'!r} ({_describe(b)})")
            if d.reason:  # the reason in words; the rule and the confidence stay in the JSON
                lines.append(f"           {d.reason}")
    if alignment.groups:
        lines.append("")
        lines.append("Parallel groups:")
    best: dict[int, float] = {}  # each group's best similarity, in one pass over the pairs
    for p in alignment.pairs:
        best[p.group] = max(best.get(p.group, p.similarity), p.similarity)
    for g in alignment.groups:
        lines.append(f"  Group {g.id + 1}: {len(g.documents)} documents, best similarity {best[g.id]:.2f}")
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


def _outlets(n: int) -> str:
    return f"{n} outlet{'s' * (n != 1)}"


def conflicts_text(alignment: Alignment) -> str:
    """What `parallax align FOLDER --conflicts` prints: every disputed fact of the corpus (one quantity of
    one thing in one event), conflicts first. Each is named in words, with its values as the sources
    wrote them and how many outlets give each, the reason in plain words, every claim with its source,
    date and context and the outlet whose parallel shows it side by side with a differing value, the
    outliers marked, and the majority when there is one."""
    found = corpus_discrepancies(alignment)
    docs = alignment.corpus.by_id()
    n_docs = len(alignment.corpus.documents)
    if not found:
        return f"No conflicting or diverging numbers, dates or quotations across {n_docs} documents.\n"
    n_conflicts = sum(d.verdict == Verdict.CONFLICT for d in found)
    n_soft = len(found) - n_conflicts
    lines = [f"{len(found)} disputed fact{'s' * (len(found) != 1)} across {n_docs} documents: "
             f"{n_conflicts} conflict{'s' * (n_conflicts != 1)}, "
             f"{n_soft} soft divergence{'s' * (n_soft != 1)}"]
    for i, d in enumerate(found, 1):
        tally = ", ".join(f"{d.written(value)} ({_outlets(d.count(value))})" for value, _ in d.values)
        lines += ["", f"{i}. {d.verdict.upper()}: {d.title or d.kind}: {tally}"]
        lines.extend(f"   {reason}" for reason in d.reasons[:2])
        for value, claims in d.values:
            mark = "outlier" if value in d.outliers else ""
            lines.append(f"   {d.written(value)}{' (' + mark + ')' if mark else ''}:")
            for c in claims:
                where = f"{c.source} ({c.date})" if c.date else f"{c.source} (undated)"
                shown = ""
                if c.pair is not None:
                    other = docs[c.pair.other(c.doc).doc]
                    shown = f"  [side by side with {other.label}]"
                lines.append(f"     {where}: \u201c{c.context}\u201d{shown}")
        if d.majority is not None:
            share = f"{d.count(d.majority)} of {len(d.documents)} outlets"
            lines.append(f"   Majority: {d.written(d.majority)} ({share})")
        else:
            lines.append("   No value has a majority.")
    return "\n".join(lines) + "\n"
