"""What a user notes about one corpus folder, remembered between sessions: files left out of the comparison,
corrected titles, sources and dates, and where each disputed fact stands (reviewed, dismissed).

Kept in the app's settings (never in the folder). `apply` gives the alignment as the user wants it seen:
excluded documents and their parallels dropped, corrections applied. Qt-free: plain data and JSON.
Imports: viewer.core (model, align.stages, ingest.metadata), viewer.ui.models.discrepancies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from enum import StrEnum

from viewer.core.align.stages import regroup
from viewer.core.ingest.metadata import normalise_date
from viewer.core.model import Alignment, Corpus, Document, Skipped
from viewer.ui.models.discrepancies import Triage


class Correctable(StrEnum):
    """The metadata of a document a user may correct."""

    TITLE = "title"
    SOURCE = "source"
    DATE = "date"


EXCLUDED_REASON = "Excluded by you (right-click to include it again)"


@dataclass
class FolderNotes:
    excluded: set[str] = field(default_factory=set)  # document ids
    corrections: dict[str, dict[Correctable, str]] = field(default_factory=dict)  # id -> field -> value
    triage: dict[str, Triage] = field(default_factory=dict)  # discrepancy key -> status

    @classmethod
    def from_json(cls, text: str) -> FolderNotes:
        """The notes saved as `to_json` wrote them; anything unreadable is dropped, never fatal."""
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        notes = cls()
        notes.excluded = {str(x) for x in data.get("excluded", []) if isinstance(x, str)}
        for doc, fields in (data.get("corrections") or {}).items():
            if isinstance(fields, dict):
                notes.corrections[doc] = {
                    Correctable(k): str(v) for k, v in fields.items() if k in Correctable.__members__.values()
                }
        for key, status in (data.get("triage") or {}).items():
            if status in Triage.__members__.values():
                notes.triage[key] = Triage(status)
        return notes

    def to_json(self) -> str:
        return json.dumps(
            {
                "excluded": sorted(self.excluded),
                "corrections": {d: {k.value: v for k, v in f.items()} for d, f in self.corrections.items()},
                "triage": {k: v.value for k, v in self.triage.items() if v != Triage.OPEN},
            },
            sort_keys=True,
        )

    def copy(self) -> FolderNotes:
        """A copy for a worker thread (the window goes on changing its own)."""
        return FolderNotes.from_json(self.to_json())

    def correct(self, doc_id: str, what: Correctable, value: str) -> None:
        """Set (or with '' drop) the user's value of one field of a document."""
        fields = self.corrections.setdefault(doc_id, {})
        if what == Correctable.DATE and value.strip():
            value = normalise_date(value) or ""  # as the loader gives dates: YYYY-MM-DD
        if value.strip():
            fields[what] = " ".join(value.split())
        else:
            fields.pop(what, None)
        if not fields:
            del self.corrections[doc_id]

    def apply_corpus(self, corpus: Corpus) -> Corpus:
        """`corpus` without the excluded documents (listed as skipped), corrections in place."""
        if not self.excluded and not self.corrections:
            return corpus
        kept: list[Document] = []
        skipped = list(corpus.skipped)
        for doc in corpus.documents:
            if doc.id in self.excluded:
                skipped.append(Skipped(doc.path, EXCLUDED_REASON))
                continue
            fields = self.corrections.get(doc.id, {})
            kept.append(replace(doc, **{k.value: v for k, v in fields.items()}) if fields else doc)
        return replace(corpus, documents=tuple(kept), skipped=tuple(sorted(skipped, key=lambda s: s.path)))

    def include(self, path: str, corpus: Corpus) -> None:
        """Take back into the comparison the excluded documents of file `path`."""
        self.excluded -= {d.id for d in corpus.documents if d.path == path}

    def apply(self, alignment: Alignment) -> Alignment:
        """`alignment` as the user wants it: excluded documents (listed as skipped) and their parallels
        gone, corrected titles, sources and dates in place, groups formed again without them."""
        if not self.excluded and not self.corrections:
            return alignment
        corpus = self.apply_corpus(alignment.corpus)
        pairs = tuple(
            p for p in alignment.pairs if p.a.doc not in self.excluded and p.b.doc not in self.excluded
        )
        return regroup(replace(alignment, corpus=corpus, pairs=pairs), alignment.min_similarity)
