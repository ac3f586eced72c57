"""What a comparison report shows, worked out without Qt: the part of an alignment a scope selects, the
share of text each pair of documents has in common, and each parallel group as columns of marked runs.

`viewer.report.layout` renders these records; nothing here knows about pages or fonts.
Imports: viewer.core only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import groupby, pairwise
from pathlib import PurePosixPath

from viewer.core.model import SHOWN_VERDICTS, Alignment, Document, Group, Pair, PairBasis, ScopeKind, Span
from viewer.core.spans import covered_length
from viewer.core.worddiff import word_diff

_BREAKS = re.compile(r"\s*\n\s*")
# When marks overlap, the strongest verdict is the one a reader must see.
VERDICT_ORDER = SHOWN_VERDICTS


@dataclass(frozen=True)
class ExportScope:
    """What a report covers: one pair, one group, one document against the others, or the whole corpus."""

    kind: ScopeKind = ScopeKind.CORPUS
    pair: Pair | None = None
    group_id: int | None = None
    doc_id: str | None = None
    # The disputed facts and the groups that show them, without the groups that show no disagreement.
    only_discrepancies: bool = False
    dismissed: frozenset[str] = frozenset()  # `Discrepancy.key`s the user dismissed: left out of the report


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of a column's text that carries the same marks (palette keys); `context` lies outside the
    passage and is shown only to situate it."""

    text: str
    marks: frozenset[str] = frozenset()
    context: bool = False


@dataclass(frozen=True, slots=True)
class Column:
    """One passage of a group. `best` is the highest similarity of the pairs joining it to the others."""

    doc: Document
    span: Span
    runs: tuple[Run, ...]
    best: float = 1.0


@dataclass(frozen=True, slots=True)
class GroupView:
    """One parallel group ready to print: the reference passage first, then the others. `below` counts the
    pairs scoring under `threshold` that the aligner kept because other documents corroborate them."""

    id: int
    snippet: str
    columns: tuple[Column, ...]
    similarity: tuple[float, float]
    verdicts: dict[str, int]
    threshold: float = 0.0
    below: int = 0
    figure: str = ""  # a group of two sentences giving one figure differently: what the figure measures

    @property
    def number(self) -> int:
        """The group's number as `parallax align` prints it (from 1)."""
        return group_number(self.id)


def group_number(group_id: int) -> int:
    """Groups are numbered from 1 for readers, as `parallax align` prints them; ids start at 0."""
    return group_id + 1


def story_of(doc: Document) -> str:
    """The story a document belongs to: the subfolder holding it ("" at the corpus's top level). A corpus
    folder holding one subfolder per story is how collections such as NewsWCL50 and ECB+ come."""
    parent = PurePosixPath(doc.path).parent.as_posix()
    return "" if parent == "." else parent


def group_story(group: Group, docs: dict[str, Document]) -> str | None:
    """The story of every document of `group`, or None when the group spans several stories."""
    stories = {story_of(docs[d]) for d in group.documents}
    return stories.pop() if len(stories) == 1 else None


def document_numbers(documents: Iterable[Document]) -> dict[str, int]:
    """One number per document (corpus order, from 1), used for it on every page of a report."""
    return {d.id: n for n, d in enumerate(documents, start=1)}


def scoped_alignment(
    alignment: Alignment, scope: ExportScope, min_similarity: float | None = None
) -> Alignment:
    """The alignment restricted to `scope` and to pairs scoring at least `min_similarity`.

    A threshold below the alignment's own cannot bring back pairs the aligner dropped (re-align for that);
    a group keeps the passages that still take part in one of its pairs, and goes when fewer than two remain.
    """
    pairs = alignment.pairs
    if min_similarity is not None:
        # a figure parallel is no similarity of wording: kept at every threshold, as in the window
        pairs = tuple(p for p in pairs if p.basis == PairBasis.FIGURE or p.similarity >= min_similarity)
    groups = alignment.groups
    if scope.kind == ScopeKind.PAIR:
        if scope.pair is None:
            raise ValueError("a pair export needs the pair")
        pair = scope.pair
        pairs = (pair,) if min_similarity is None or pair in pairs else ()
        groups = (Group(pair.group, (pair.a, pair.b)),) if pairs else ()
    elif scope.kind == ScopeKind.GROUP:
        if scope.group_id is None or all(g.id != scope.group_id for g in groups):
            raise ValueError(f"no parallel group {scope.group_id} in this alignment")
        groups = tuple(g for g in groups if g.id == scope.group_id)
        pairs = tuple(p for p in pairs if p.group == scope.group_id)
    elif scope.kind == ScopeKind.DOCUMENT:
        if scope.doc_id not in alignment.corpus.by_id():
            raise ValueError(f"no document {scope.doc_id!r} in this corpus")
        groups = tuple(g for g in groups if scope.doc_id in g.documents)
        kept = {g.id for g in groups}
        pairs = tuple(p for p in pairs if p.group in kept or scope.doc_id in (p.a.doc, p.b.doc))
    elif scope.kind != ScopeKind.CORPUS:
        raise ValueError(f"unknown export scope {scope.kind!r}")
    if scope.kind != ScopeKind.PAIR:
        groups = _groups_with_pairs(groups, pairs)
    return replace(alignment, pairs=pairs, groups=groups, min_similarity=max(
        alignment.min_similarity, min_similarity or 0.0))


def _groups_with_pairs(groups: Iterable[Group], pairs: Iterable[Pair]) -> tuple[Group, ...]:
    linked: dict[int, set[Span]] = {}
    for p in pairs:
        linked.setdefault(p.group, set()).update((p.a, p.b))
    kept = []
    for g in groups:
        passages = tuple(s for s in g.passages if s in linked.get(g.id, ()))
        if len(passages) >= 2:
            kept.append(g if len(passages) == len(g.passages) else Group(g.id, passages))
    return tuple(kept)


def shared_fractions(alignment: Alignment, documents: tuple[Document, ...]) -> list[list[float | None]]:
    """`m[i][j]`: the share of document i's text that lies in passages paired with document j (None on the
    diagonal)."""
    index = {d.id: i for i, d in enumerate(documents)}
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for p in alignment.pairs:
        i, j = index.get(p.a.doc), index.get(p.b.doc)
        if i is None or j is None or i == j:
            continue
        spans.setdefault((i, j), []).append((p.a.start, p.a.end))
        spans.setdefault((j, i), []).append((p.b.start, p.b.end))
    n = len(documents)
    matrix: list[list[float | None]] = [[None if i == j else 0.0 for j in range(n)] for i in range(n)]
    for (i, j), ranges in spans.items():
        length = len(documents[i].text)
        matrix[i][j] = covered_length(ranges) / length if length else 0.0
    return matrix


def most_shared(alignment: Alignment, documents: Iterable[Document], limit: int) -> list[Document]:
    """The `limit` documents with the most text in parallel passages, in their corpus order."""
    documents = list(documents)
    if len(documents) <= limit:
        return documents
    shared: Counter[str] = Counter()
    for p in alignment.pairs:
        shared[p.a.doc] += p.a.end - p.a.start
        shared[p.b.doc] += p.b.end - p.b.start
    keep = {d.id for d in sorted(documents, key=lambda d: -shared[d.id])[:limit]}
    return [d for d in documents if d.id in keep]




def verdict_counts(pairs: Iterable[Pair]) -> Counter[str]:
    return Counter(d.verdict for p in pairs for d in p.divergences)


def group_views(
    alignment: Alignment, *, reference_doc: str | None = None, context_chars: int = 160
) -> Iterator[GroupView]:
    """Each group of `alignment` as columns: the reference passage (in `reference_doc` when given, else the
    earliest dated) first, word differences against it, and every divergence of the group's pairs marked."""
    docs = alignment.corpus.by_id()
    pairs_by_group: dict[int, list[Pair]] = {}
    for p in alignment.pairs:
        pairs_by_group.setdefault(p.group, []).append(p)
    for group in alignment.groups:
        yield _group_view(group, pairs_by_group.get(group.id, []), docs, reference_doc, context_chars,
                          alignment.min_similarity)


def _group_view(
    group: Group, pairs: list[Pair], docs: dict[str, Document], reference_doc: str | None, context_chars: int,
    threshold: float,
) -> GroupView:
    def order(span: Span) -> tuple:
        doc = docs[span.doc]
        return (span.doc != reference_doc, doc.date is None, doc.date or "", doc.label, span.start)

    passages = sorted(group.passages, key=order)
    ref = passages[0]
    ref_doc = docs[ref.doc]
    marks: dict[Span, list[tuple[int, int, str]]] = {s: [] for s in passages}
    # The reference's own words are struck only where every other passage lacks them: struck wherever one
    # passage lacks them, a reference facing several rewordings would be struck nearly whole.
    missing = [0] * (ref.end - ref.start)
    # two sentences giving one figure differently are no rewording of each other: only their values are marked
    figures_only = bool(pairs) and all(p.basis == PairBasis.FIGURE for p in pairs)
    for span in passages[1:] if not figures_only else ():
        for op in word_diff(ref_doc.text, (ref.start, ref.end), docs[span.doc].text, (span.start, span.end)):
            if op.op == "delete":
                for i in range(op.a_start - ref.start, op.a_end - ref.start):
                    missing[i] += 1
            elif op.op == "insert":
                marks[span].append((op.b_start, op.b_end, "insert"))
    everywhere = len(passages) - 1 if not figures_only else -1
    for is_missing, run in groupby(enumerate(missing), key=lambda item: item[1] == everywhere):
        if is_missing:
            offsets = [i for i, _ in run]
            marks[ref].append((ref.start + offsets[0], ref.start + offsets[-1] + 1, "delete"))
    for p in pairs:
        for d in p.divergences:
            for span, side in ((p.a, d.a), (p.b, d.b)):
                if side is not None and span in marks:
                    marks[span].append((side.start, side.end, d.verdict))
    best: dict[Span, float] = {}
    for s in passages:  # a group's passage is the union of the pair sides it holds: match by overlap
        sims = [p.similarity for p in pairs if p.a.overlaps(s) or p.b.overlaps(s)]
        best[s] = max(sims, default=1.0)
    columns = tuple(
        Column(docs[s.doc], s, _runs(docs[s.doc].text, s, marks[s], context_chars), best[s])
        for s in passages
    )
    sims = [p.similarity for p in pairs] or [0.0]
    return GroupView(
        id=group.id,
        snippet=snippet(ref_doc.text[ref.start : ref.end]),
        columns=columns,
        similarity=(min(sims), max(sims)),
        verdicts=dict(verdict_counts(pairs)),
        threshold=threshold,
        below=sum(p.similarity < threshold for p in pairs if p.basis == PairBasis.WORDING),
        figure=", ".join(sorted({d.thing or "a figure" for p in pairs if p.basis == PairBasis.FIGURE
                                 for d in p.divergences})),
    )


def snippet(text: str, limit: int = 70) -> str:
    """The start of a passage on one line, cut at a word boundary."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > limit // 2 else limit].rstrip(",;:") + "…"


def _runs(text: str, span: Span, marks: list[tuple[int, int, str]], context_chars: int) -> tuple[Run, ...]:
    runs: list[Run] = []
    before = _context_start(text, span.start, context_chars)
    if before < span.start:
        prefix = "…" if before > 0 else ""
        runs.append(Run(prefix + _flat(text[before : span.start]), context=True))
    cuts = {span.start, span.end}
    for s, e, _ in marks:
        cuts.update((max(s, span.start), min(e, span.end)))
    points = sorted(c for c in cuts if span.start <= c <= span.end)
    for s, e in pairwise(points):
        if s < e:
            keys = frozenset(k for ms, me, k in marks if ms < e and s < me)
            runs.append(Run(text[s:e], keys))
    after = _context_end(text, span.end, context_chars)
    if after > span.end:
        runs.append(Run(_flat(text[span.end : after]) + ("…" if after < len(text) else ""), context=True))
    return tuple(runs)


def _context_start(text: str, start: int, chars: int) -> int:
    if chars <= 0:
        return start
    s = max(0, start - chars)
    if s > 0:
        space = text.find(" ", s, start)
        s = space + 1 if space >= 0 else start
    return s


def _context_end(text: str, end: int, chars: int) -> int:
    if chars <= 0:
        return end
    e = min(len(text), end + chars)
    if e < len(text):
        space = text.rfind(" ", end, e)
        e = space if space >= 0 else end
    return e


def _flat(text: str) -> str:
    """Context on one line: paragraph breaks around a passage only waste the column's height."""
    return _BREAKS.sub(" ", text)


def utf16_length(text: str) -> int:
    """Qt counts positions in UTF-16 code units: a character outside the BMP takes two."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def split_runs(runs: Iterable[Run], at: int) -> tuple[tuple[Run, ...], tuple[Run, ...]]:
    """`runs` cut `at` a position counted as Qt counts it (UTF-16 units from the start of the first run):
    what lies before and what lies after, with each run's marks kept on both halves."""
    head: list[Run] = []
    tail: list[Run] = []
    seen = 0
    for run in runs:
        size = utf16_length(run.text)
        if seen + size <= at:
            head.append(run)
        elif seen >= at:
            tail.append(run)
        else:
            k, units = 0, seen
            while units < at:  # walk characters to the unit `at` (never inside a surrogate pair)
                units += 2 if ord(run.text[k]) > 0xFFFF else 1
                k += 1
            if k:
                head.append(replace(run, text=run.text[:k]))
            if k < len(run.text):
                tail.append(replace(run, text=run.text[k:].lstrip(" ")))
        seen += size
    return tuple(head), tuple(tail)


def paragraph_of(text: str, offset: int) -> int:
    """The paragraph (from 1) holding `offset`: blocks between blank lines, or each line in a text that
    has no blank line (one paragraph a line, as many scraped articles come)."""
    lines = text[:offset].split("\n")
    if "\n\n" not in text.strip():
        return max(1, sum(1 for line in lines if line.strip()))
    count, inside = 0, False
    for line in lines:
        blank = not line.strip()
        if not blank and not inside:
            count += 1
        inside = not blank
    return max(count, 1)
