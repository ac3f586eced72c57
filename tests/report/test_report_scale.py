"""A report of hundreds of parallel groups, built from the sample corpus's real sentences: it still exports,
reports its progress and stops cleanly when cancelled. `many_groups_alignment` also feeds
benchmarks/bench_export.py."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from helpers import CORPUS
from pypdf import PdfReader

from viewer.core.model import Alignment, Corpus, Divergence, Document, FactSide, Group, Pair, Span
from viewer.core.progress import Cancelled
from viewer.report.pdf import export_pdf

_SENTENCE = re.compile(r"[A-Z][^.!?\n]{40,300}[.!?]")
_NUMBER = re.compile(r"\d[\d,]*")


def _sentences() -> list[str]:
    found = []
    for path in sorted(CORPUS.glob("*.txt")):
        found.extend(_SENTENCE.findall(path.read_text(encoding="utf-8")))
    return list(dict.fromkeys(found))


def _restated(sentence: str, k: int) -> str:
    """The sentence as another outlet might print it: one number changed, or a word dropped."""
    if _NUMBER.search(sentence):
        return _NUMBER.sub(lambda m: str(int(m.group().replace(",", "")) + 1 + k % 3), sentence, count=1)
    words = sentence.split()
    return " ".join(words[:3] + words[4:])


def many_groups_alignment(groups: int) -> Alignment:
    """Three documents restating the same sentences (cycled as needed); every third group has a third passage,
    and changed numbers carry a conflict, like the aligner and the facts engine would report them."""
    pool = _sentences()
    rows = [(pool[i % len(pool)], i) for i in range(groups)]
    texts = {"wire.txt": [], "paper.txt": [], "blog.txt": []}
    for sentence, i in rows:
        texts["wire.txt"].append(sentence)
        texts["paper.txt"].append(_restated(sentence, i))
        texts["blog.txt"].append(_restated(sentence, i + 1) if i % 3 == 0 else "Unrelated filler sentence.")
    docs = {
        name: Document(name, name, f"{name} report", name.removesuffix(".txt").title(), f"2018-07-{10 + k}", "",
                       "\n\n".join(parts))
        for k, (name, parts) in enumerate(texts.items())
    }
    offsets = {name: 0 for name in docs}
    pairs, group_list = [], []
    for i in range(groups):
        spans = {}
        for name in docs:
            part = texts[name][i]
            spans[name] = Span(name, offsets[name], offsets[name] + len(part))
            offsets[name] += len(part) + 2
        members = ["wire.txt", "paper.txt"] + (["blog.txt"] if i % 3 == 0 else [])
        group_list.append(Group(i, tuple(spans[m] for m in members)))
        for j, b in enumerate(members[1:]):
            pairs.append(Pair(spans["wire.txt"], spans[b], 0.9 - 0.01 * j, i,
                              _divergences(docs["wire.txt"], spans["wire.txt"], docs[b], spans[b])))
    corpus = Corpus("/generated/many-groups", tuple(docs.values()))
    return Alignment(corpus, 0.5, tuple(pairs), tuple(group_list))


def _divergences(doc_a: Document, a: Span, doc_b: Document, b: Span) -> tuple[Divergence, ...]:
    ma = _NUMBER.search(doc_a.text, a.start, a.end)
    mb = _NUMBER.search(doc_b.text, b.start, b.end)
    if not ma or not mb or ma.group() == mb.group():
        return ()
    side_a = FactSide(ma.start(), ma.end(), ma.group(), ma.group())
    side_b = FactSide(mb.start(), mb.end(), mb.group(), mb.group())
    return (Divergence("number", "conflict", side_a, side_b, "disjoint values", 0.9),)


def test_hundreds_of_groups_export_with_progress(tmp_path: Path, qapp) -> None:
    alignment = many_groups_alignment(300)
    seen: list[tuple[str, int, int]] = []
    target = tmp_path / "many.pdf"
    pages = export_pdf(alignment, target, progress=lambda stage, done, total: seen.append((stage, done, total)))
    reader = PdfReader(target)
    assert pages == len(reader.pages)
    assert 40 <= pages <= 400
    groups = [o for o in reader.outline if isinstance(o, list)][-1]  # the entries under "Parallel groups"
    assert len(groups) == 300
    stages = list(dict.fromkeys(stage for stage, _, _ in seen))
    assert stages == ["Listing discrepancies", "Preparing parallel groups", "Writing pages", "Saving"]
    for stage in stages:
        steps = [(done, total) for s, done, total in seen if s == stage]
        assert [d for d, _ in steps] == sorted(d for d, _ in steps)
        assert steps[-1][0] == steps[-1][1] > 0
    assert f"Page 1 of {pages}" in " ".join(reader.pages[0].extract_text().split())


@pytest.mark.parametrize("stage", ["Preparing parallel groups", "Writing pages"])
def test_cancel_stops_and_leaves_nothing(tmp_path: Path, qapp, stage: str) -> None:
    alignment = many_groups_alignment(200)
    cancel = threading.Event()

    def progress(name: str, done: int, total: int) -> None:
        if name == stage and done >= total // 2:
            cancel.set()

    with pytest.raises(Cancelled):
        export_pdf(alignment, tmp_path / "many.pdf", progress=progress, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_export_runs_on_a_worker_thread(tmp_path: Path, qapp) -> None:
    alignment = many_groups_alignment(20)
    result: dict[str, object] = {}

    def work() -> None:
        try:
            result["pages"] = export_pdf(alignment, tmp_path / "thread.pdf")
        except BaseException as exc:  # reported below, on the test's thread
            result["error"] = exc

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=120)
    assert "error" not in result, result.get("error")
    assert result["pages"] == len(PdfReader(tmp_path / "thread.pdf").pages)


def test_a_corpus_of_hundreds_of_documents_is_summarised(tmp_path: Path, qapp) -> None:
    sentences = _sentences()
    docs = tuple(
        Document(f"d{i:03}.txt", f"d{i:03}.txt", f"Article {i}", f"Outlet {i}", None, "",
                 sentences[i % len(sentences)] + " " + sentences[(i + 7) % len(sentences)])
        for i in range(320)
    )
    pairs, groups = [], []
    for k in range(60):  # documents 2k and 2k+1 share their first sentence
        a, b = docs[2 * k], docs[2 * k + 1]
        end_a, end_b = a.text.index(" ", 40), b.text.index(" ", 40)
        pairs.append(Pair(Span(a.id, 0, end_a), Span(b.id, 0, end_b), 0.8, k))
        groups.append(Group(k, (pairs[-1].a, pairs[-1].b)))
    alignment = Alignment(Corpus("/generated/many-documents", docs), 0.5, tuple(pairs), tuple(groups))
    export_pdf(alignment, tmp_path / "docs.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(tmp_path / "docs.pdf").pages)
    assert "… and 20 more documents." in text
    assert "The 20 documents with the most shared text, of 320." in text
    assert "Outlet 300" not in text and "Outlet 299" in text
