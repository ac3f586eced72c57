"""The comparison PDF read back as a fact-checker would file it: continued columns name their own document,
each disputed fact links to the groups that show it and back and has an outline entry, the title page counts
what the table counts, groups under the threshold say why they are there, stories are kept apart."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from helpers import CORPUS, pdf_outline
from pypdf import PdfReader

from viewer import cli
from viewer.core.facts.discrepancies import corpus_discrepancies
from viewer.core.model import Alignment, Corpus, Document, Group, Pair, Span
from viewer.report.content import Run, paragraph_of, split_runs
from viewer.report.pdf import ExportScope, Paper, export_pdf


def _page_text(reader: PdfReader, n: int) -> str:
    return " ".join((reader.pages[n].extract_text() or "").split())


def _links(reader: PdfReader) -> list[tuple[int, int]]:
    """(page, target page) of every internal link annotation."""
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    found = []
    for n, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                found.append((n, pages[annot["/Dest"][0].idnum]))
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, sample_alignment: Alignment, qapp) -> PdfReader:
    target = tmp_path_factory.mktemp("filing") / "report.pdf"
    export_pdf(sample_alignment, target)
    return PdfReader(target)


# -- continued columns ---------------------------------------------------------------------------------------

def _tall_group(columns: int = 5, words: int = 700) -> Alignment:
    """One group of `columns` passages, each longer than a page; every word says which document it is from."""
    docs = tuple(
        Document(f"doc{k}.txt", f"doc{k}.txt", f"Title {k}", f"Outlet {k}", f"2020-01-0{k}", "",
                 " ".join(f"d{k}w{i}" for i in range(words)))
        for k in range(1, columns + 1)
    )
    spans = [Span(d.id, 0, len(d.text)) for d in docs]
    pairs = tuple(Pair(spans[0], s, 0.8, 0) for s in spans[1:])
    return Alignment(Corpus("/generated/tall", docs), 0.5, pairs, (Group(0, tuple(spans)),))


def _fragments(reader: PdfReader, n: int) -> list[tuple[float, float, str]]:
    """(x, y, text) of each piece of text Qt drew on page `n`."""
    found: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            found.append((round(cm[4] + tm[4] * cm[0], 1), round(cm[5] + tm[5] * cm[3], 1), text))

    reader.pages[n].extract_text(visitor_text=visit)
    return found


def test_every_column_names_the_document_its_text_comes_from(tmp_path: Path, qapp) -> None:
    target = tmp_path / "tall.pdf"
    export_pdf(_tall_group(), target)
    reader = PdfReader(target)
    continued = checked = 0
    for n in range(len(reader.pages)):
        fragments = _fragments(reader, n)
        heads = [(x, y, int(m.group(1))) for x, y, text in fragments
                 if (m := re.match(r"doc(\d)\.txt\b", text))]
        continued += sum("(continued)" in text for _, _, text in fragments)
        for x, y, text in fragments:
            words = re.findall(r"d(\d)w\d+", text)
            if not words or text.startswith("Group"):
                continue
            # The column's head: the nearest above this text among those starting at or left of it.
            column = max((hx for hx, hy, _ in heads if hx <= x + 1 and hy > y), default=None)
            above = [(hy, k) for hx, hy, k in heads if hx == column and hy > y]
            assert above, f"page {n + 1}: text with no column head: {text!r}"
            doc = min(above)[1]
            assert {int(k) for k in words} == {doc}, f"page {n + 1}: {text!r} under doc{doc}"
            checked += 1
    assert continued >= 5  # the five passages all run over more than one page
    assert checked > 100


def test_split_runs_keeps_marks_and_counts_as_qt_does() -> None:
    runs = (Run("ab😀c", frozenset({"conflict"})), Run(" de", frozenset()))
    head, tail = split_runs(runs, 4)  # the emoji takes two of Qt's units
    assert head == (Run("ab😀", frozenset({"conflict"})),)
    assert tail == (Run("c", frozenset({"conflict"})), Run(" de", frozenset()))
    assert split_runs(runs, 0) == ((), runs)


def test_paragraphs_are_counted_from_one() -> None:
    assert paragraph_of("One.\n\nTwo starts.\nstill two.\n\nThree.", 30) == 2
    assert paragraph_of("Line one.\nLine two.\nLine three.", 22) == 3


# -- disputed facts: numbered, linked both ways, in the outline, counted once ------------------------------

def test_each_disputed_fact_has_an_outline_entry_and_links_both_ways(report: PdfReader, sample_alignment) -> None:
    disputed = corpus_discrepancies(sample_alignment)
    assert disputed
    outline = pdf_outline(report)
    facts = {int(m.group(1)): page for _, title, page in outline if (m := re.match(r"Fact (\d+):", title))}
    groups = {int(m.group(1)): page for _, title, page in outline if (m := re.match(r"Group (\d+):", title))}
    assert sorted(facts) == list(range(1, len(disputed) + 1))
    links = set(_links(report))
    for number, page in facts.items():
        text = _page_text(report, page)
        shown = re.search(rf"Fact {number} .*?shown side by side in ((?:group \d+(?:, )?)+)", text)
        assert shown, text
        for group in map(int, re.findall(r"group (\d+)", shown.group(1))):
            assert (page, groups[group]) in links  # from the fact to its group
            assert (groups[group], page) in links  # and back
            assert f"fact {number}" in _page_text(report, groups[group])


def test_title_page_counts_what_the_table_counts(report: PdfReader, sample_alignment) -> None:
    disputed = corpus_discrepancies(sample_alignment)
    conflicts = sum(d.verdict == "conflict" for d in disputed)
    summary = re.compile(r"(\d+) disputed facts? \((\d+) conflicts?, (\d+) soft divergences?\)")
    title = summary.findall(_page_text(report, 0))
    table_page = next(page for _, t, page in pdf_outline(report) if t == "Discrepancies")
    table = summary.findall(_page_text(report, table_page))
    expected = (str(len(disputed)), str(conflicts), str(len(disputed) - conflicts))
    assert title == [expected] and table == [expected]


def test_no_group_under_the_threshold_unless_marked(report: PdfReader, sample_alignment) -> None:
    threshold = sample_alignment.min_similarity
    assert any(p.similarity < threshold for p in sample_alignment.pairs)  # the sample has some: the test means it
    text = " ".join(_page_text(report, n) for n in range(len(report.pages)))
    metas = re.findall(r"\d+ passages in \d+ documents · similarity ([\d.]+)(?:–[\d.]+)?([^G]*)", text)
    assert len(metas) == len(sample_alignment.groups)
    marked = 0
    for low, rest in metas:
        assert (float(low) < threshold) == (f"under {threshold:.2f} kept for corroboration" in rest)
        marked += float(low) < threshold
    assert marked == sum(any(p.similarity < threshold for p in sample_alignment.pairs if p.group == g.id)
                         for g in sample_alignment.groups)


# -- stories, options, metadata ----------------------------------------------------------------------------

def _stories() -> Alignment:
    texts = {"quake/a.txt": "Ten people died in the quake on Sunday.", "quake/b.txt": "Ten people died on Sunday.",
             "fire/c.txt": "The warehouse burned on Tuesday night.", "fire/d.txt": "A warehouse burned on Tuesday."}
    docs = tuple(Document(k, k, k, k.split("/")[1], None, "", v) for k, v in texts.items())
    spans = {d.id: Span(d.id, 0, len(d.text)) for d in docs}
    pairs = (Pair(spans["quake/a.txt"], spans["quake/b.txt"], 0.8, 0),
             Pair(spans["fire/c.txt"], spans["fire/d.txt"], 0.8, 1),
             Pair(spans["quake/b.txt"], spans["fire/d.txt"], 0.6, 2))
    groups = tuple(Group(p.group, (p.a, p.b)) for p in pairs)
    return Alignment(Corpus("/generated/stories", docs), 0.5, pairs, groups)


def test_sections_are_grouped_by_story(tmp_path: Path, qapp) -> None:
    export_pdf(_stories(), tmp_path / "stories.pdf")
    reader = PdfReader(tmp_path / "stories.pdf")
    assert "4 documents in 2 stories (subfolders)" in _page_text(reader, 0)
    outline = pdf_outline(reader)
    under: dict[str, list[str]] = defaultdict(list)
    section = story = ""
    for depth, title, _ in outline:
        if depth == 0:
            section = title
        elif depth == 1:
            story = title
        elif depth == 2 and section == "Parallel groups":
            under[story].append(title.split(":")[0])
    assert under == {"Story: quake": ["Group 1"], "Story: fire": ["Group 2"], "Across stories": ["Group 3"]}


def test_only_discrepancies_letter_paper_and_metadata(tmp_path: Path, sample_alignment: Alignment, qapp) -> None:
    target = tmp_path / "short.pdf"
    assert cli.main(["export", str(CORPUS), "--pdf", str(target), "--no-index", "--only-discrepancies",
                     "--paper", "Letter"]) == cli.EXIT_OK
    reader = PdfReader(target)
    page = reader.pages[0].mediabox
    assert (round(page.width), round(page.height)) == (612, 792)
    groups = [t for _, t, _ in pdf_outline(reader) if t.startswith("Group ")]
    facts = [t for _, t, _ in pdf_outline(reader) if t.startswith("Fact ")]
    assert facts and 0 < len(groups) < len(sample_alignment.groups)
    assert "disputed facts only" in _page_text(reader, 1)  # the scope in the running header
    info = reader.metadata
    assert info.author == info.creator and info.producer.startswith(info.creator)
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert Paper("Letter") is Paper.LETTER


def test_document_report_marks_the_focus_and_says_its_scope(tmp_path: Path, qapp) -> None:
    target = tmp_path / "lz.pdf"
    assert cli.main(["export", str(CORPUS), "--pdf", str(target), "--no-index", "--doc", "LifeZette.txt"]) == 0
    reader = PdfReader(target)
    assert all("LifeZette against the other documents" in _page_text(reader, n) for n in range(len(reader.pages)))
    groups = [page for _, t, page in pdf_outline(reader) if t.startswith("Group ")]
    assert groups and all("(focus document)" in _page_text(reader, page) for page in groups)
    assert "Recomputed for this report" in " ".join(_page_text(reader, n) for n in range(len(reader.pages)))


def test_document_table_gives_file_and_number_used_everywhere(report: PdfReader, sample_alignment) -> None:
    first = _page_text(report, 0) + " " + _page_text(report, 1)
    for n, doc in enumerate(sample_alignment.corpus.documents, start=1):
        assert re.search(rf"\b{n} {re.escape(doc.id)}", first), doc.id
        # no source in the file: the source column names the outlet as every other page does, not "—"
        assert not doc.source and re.search(rf"{re.escape(doc.label)} (\d{{4}}-\d\d-\d\d|—) ", first), doc.id
    heat = next(page for _, t, page in pdf_outline(report) if t == "Overview")
    assert "1 American Military News" in _page_text(report, heat)


def test_scope_option_reaches_the_report(sample_alignment: Alignment) -> None:
    assert ExportScope(only_discrepancies=True).only_discrepancies


def test_outlets_departing_from_the_majority(sample_alignment: Alignment, report: PdfReader) -> None:
    from viewer.report.facts_view import fact_views, outlet_stats, story_order

    facts = fact_views(sample_alignment, corpus_discrepancies(sample_alignment), story_order(sample_alignment))
    stats = {s.outlet: s for s in outlet_stats(sample_alignment, facts)}
    # The Washington Post's 7,800 against 7,700 twice; LifeZette's June 27 against July 27 twice.
    assert (stats["The Washington Post"].departs, stats["The Washington Post"].judged) == (1, 1)
    assert stats["LifeZette"].departs >= 1
    assert stats["American Military News"].departs == 0 and stats["American Military News"].facts >= 2
    assert all(0 <= s.shared <= 1 and s.departs <= s.judged <= s.facts for s in stats.values())
    text = " ".join(_page_text(report, n) for n in range(3))
    assert "Departs from the majority" in text


def test_facts_are_named_with_their_reasons_and_outliers(report: PdfReader, sample_alignment: Alignment) -> None:
    disputed = corpus_discrepancies(sample_alignment)
    titles = [t for _, t, _ in pdf_outline(report) if t.startswith("Fact ")]
    assert all(d.title for d in disputed)
    for d, title in zip(disputed, titles, strict=True):  # one story: the table keeps the core's order
        assert d.title in title
    table = " ".join(_page_text(report, n) for n in range(len(report.pages)))
    for d in disputed:
        assert all(" ".join(reason.split()) in table for reason in d.reasons)
    assert ".;" not in table  # each reason a sentence of its own line, not run together by "; "
    outliers = sum(len(d.outliers) for d in disputed)
    assert outliers and table.count("outlier: the majority gives another value") == outliers
