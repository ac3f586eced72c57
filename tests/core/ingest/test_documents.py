"""The corpus loader on good input: every format, its metadata, encodings, ids and the sample corpus."""

from __future__ import annotations

import codecs
import json
import threading
from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from helpers import DATA, REPO, write
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from viewer.core.ingest.documents import MAX_REASONS_PER_FILE, STAGE, load_corpus
from viewer.core.ingest.metadata import first_line_title, normalise_date, strip_date_marker
from viewer.core.model import Document, Skipped
from viewer.core.progress import Cancelled


def only(folder: Path) -> Document:
    corpus = load_corpus(folder)
    assert corpus.skipped == ()
    assert len(corpus.documents) == 1
    return corpus.documents[0]


# --- plain text -----------------------------------------------------------------------------------------


def test_txt_title_falls_back_to_first_line_and_text_is_kept(tmp_path: Path) -> None:
    write(tmp_path, "wire.txt", "\n\n  Troops’ remains  to return \nSecond  line,\twith  spaces.\n\n")
    doc = only(tmp_path)
    assert doc == Document(
        id="wire.txt",
        path="wire.txt",
        title="Troops’ remains to return",  # whitespace collapsed in the title only
        source="",
        date=None,
        url="",
        text="Troops’ remains  to return \nSecond  line,\twith  spaces.",
    )
    assert doc.label == "wire"


def test_line_endings_become_newlines(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", b"one\r\ntwo\rthree\n\r\nfour")
    assert only(tmp_path).text == "one\ntwo\nthree\n\nfour"


def test_leading_date_marker_gives_the_date_and_is_stripped(tmp_path: Path) -> None:
    write(
        tmp_path, "wp.txt", " date 2018-06-20 President Trump, right, and Kim.\n\nThe U.S. military said.\n"
    )
    doc = only(tmp_path)
    assert doc.date == "2018-06-20"
    assert doc.text == "President Trump, right, and Kim.\n\nThe U.S. military said."
    assert doc.title == "The U.S. military said."  # the photo caption is not the title


def test_date_marker_only_counts_at_the_start(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Intro.\n date 2018-06-20 later")
    doc = only(tmp_path)
    assert doc.date is None
    assert doc.text == "Intro.\n date 2018-06-20 later"


def test_long_first_line_title_is_capped_at_a_word() -> None:
    line = "word " * 100
    title = first_line_title(line)
    assert title.endswith("…")
    assert len(title) <= 201
    assert title == ("word " * 40).rstrip() + "…"
    assert first_line_title("\n \n Short one \nnext") == "Short one"


# --- Markdown -------------------------------------------------------------------------------------------


def test_markdown_front_matter(tmp_path: Path) -> None:
    write(
        tmp_path,
        "event_6/usa-today.md",
        "---\ntitle: Caravan reaches border\nsource: USA Today\nurl: https://example.com/a\n"
        "date: 2018-04-29\n---\n\nMigrants prepared to walk.\n\n“Yes, I'm nervous,” she said.\n",
    )
    doc = only(tmp_path)
    assert doc == Document(
        id="event_6/usa-today.md",
        path="event_6/usa-today.md",
        title="Caravan reaches border",
        source="USA Today",
        date="2018-04-29",
        url="https://example.com/a",
        text="Migrants prepared to walk.\n\n“Yes, I'm nervous,” she said.",
    )


def test_markdown_without_title_uses_heading_or_first_line(tmp_path: Path) -> None:
    write(
        tmp_path, "a.md", "---\nsource: Fox News\ndate: '2018-04-17T10:00:00Z'\n---\n# The headline\n\nBody."
    )
    write(tmp_path, "b.md", "No header here.\nSecond line.")
    a, b = load_corpus(tmp_path).documents
    assert (a.title, a.source, a.date, a.text) == (
        "The headline",
        "Fox News",
        "2018-04-17",
        "# The headline\n\nBody.",
    )
    assert (b.title, b.source, b.date, b.text) == (
        "No header here.",
        "",
        None,
        "No header here.\nSecond line.",
    )


def test_markdown_with_broken_front_matter_keeps_the_body(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\ntitle: [unclosed\n---\nBody text.\n")
    doc = only(tmp_path)
    assert (doc.title, doc.source, doc.text) == ("Body text.", "", "Body text.")


# --- HTML -----------------------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html><head>
<title>Remains to return - The Daily</title>
<meta property="og:title" content="Remains to return">
<meta property="og:site_name" content="The Daily">
<meta property="article:published_time" content="2018-07-18T21:30:00-05:00">
<link rel="canonical" href="https://daily.example/remains">
<style>p { color: red }</style><script>var tracking = "Do not show";</script>
</head><body>
<header>Site header</header><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
  <h1>Remains   to return</h1>
  <p>North Korea may return up to 55 <b>US</b>
     troops’ remains&nbsp;next week.</p>
  <p>“We are grateful,” he said.<br>Line two.</p>
  <form><input value="Subscribe"></form>
  <ul><li>First point</li><li>Second point</li></ul>
  <noscript>Enable JavaScript</noscript>
</article>
<aside>Related stories</aside><footer>© The Daily</footer>
</body></html>"""


def test_html_article_text_and_metadata(tmp_path: Path) -> None:
    write(tmp_path, "daily.html", PAGE)
    doc = only(tmp_path)
    assert doc == Document(
        id="daily.html",
        path="daily.html",
        title="Remains to return",
        source="The Daily",
        date="2018-07-18",
        url="https://daily.example/remains",
        text="Remains to return\n\nNorth Korea may return up to 55 US troops’ remains\xa0next week.\n\n"
        "“We are grateful,” he said.\nLine two.\n\nFirst point\n\nSecond point",
    )


def test_html_without_article_uses_body_and_title_tag(tmp_path: Path) -> None:
    write(
        tmp_path,
        "page.htm",
        "<html><head><title> Plain  page </title><meta property='og:url' content='https://x.example/p'>"
        "</head><body><nav>Menu</nav><div>Loose text<p>Inner paragraph</p>tail</div></body></html>",
    )
    doc = only(tmp_path)
    assert (doc.title, doc.source, doc.date, doc.url) == ("Plain page", "", None, "https://x.example/p")
    assert doc.text == "Loose text\n\nInner paragraph\n\ntail"


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    euro = '<meta charset="iso-8859-15"><p>Le prix a augmenté de 5 € à Genève.</p>'
    latin = '<meta content="text/html; charset=ISO-8859-1" http-equiv="Content-Type"><p>“Naïve” café</p>'
    write(tmp_path, "euro.html", euro.encode("iso-8859-15"))
    write(tmp_path, "latin.html", latin.encode("cp1252"))
    docs = load_corpus(tmp_path).by_id()
    assert docs["euro.html"].text == "Le prix a augmenté de 5 € à Genève."
    assert docs["latin.html"].text == "“Naïve” café"  # ISO-8859-1 is read as windows-1252, as browsers do


# --- JSON and JSON Lines ---------------------------------------------------------------------------------


def test_jsonl_records_with_and_without_ids(tmp_path: Path) -> None:
    lines = [
        {
            "id": "fox",
            "title": "Rep resigns",
            "source": "Fox News",
            "date": "2018-04-06",
            "url": "u1",
            "text": "A.",
        },
        {"title": "No id", "source": "HuffPost", "date": "April 6, 2018", "text": "B.\r\nB2."},
        {"id": 7, "text": "C."},
    ]
    write(tmp_path, "event.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")
    corpus = load_corpus(tmp_path)
    assert corpus.skipped == ()
    assert corpus.documents == (
        Document("event.jsonl#2", "event.jsonl", "No id", "HuffPost", "2018-04-06", "", "B.\nB2."),
        Document("event.jsonl#7", "event.jsonl", "C.", "", None, "", "C."),
        Document("event.jsonl#fox", "event.jsonl", "Rep resigns", "Fox News", "2018-04-06", "u1", "A."),
    )
    assert corpus.documents[0].label == "HuffPost"
    assert corpus.documents[1].label == "event #7"


def test_jsonl_bad_lines_are_reported_and_the_rest_loads(tmp_path: Path) -> None:
    write(
        tmp_path,
        "e.jsonl",
        '{"id": "a", "text": "Fine."}\n\n{"id": "b", "text": \n{"id": "c", "title": "no text"}\n'
        '["not", "an", "object"]\n{"id": "d", "text": "   "}\n{"id": "e", "text": "Also fine."}\n',
    )
    corpus = load_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["e.jsonl#a", "e.jsonl#e"]
    assert corpus.skipped == (
        Skipped("e.jsonl", "line 3: invalid JSON: Expecting value (column 21)"),
        Skipped("e.jsonl", "line 4: no text field"),
        Skipped("e.jsonl", "line 5: not a JSON object"),
        Skipped("e.jsonl", "line 6: empty text"),
    )


def test_json_single_record_and_list(tmp_path: Path) -> None:
    write(tmp_path, "one.json", json.dumps({"title": "Single", "source": "AP", "text": "Only one."}))
    write(tmp_path, "one_with_id.json", json.dumps({"id": "x1", "text": "Has an id."}))
    write(
        tmp_path,
        "many.json",
        json.dumps(
            [{"id": "a", "text": "First."}, {"text": "Second."}, {"id": "a", "text": "Dup id."}, {"id": "z"}]
        ),
    )
    corpus = load_corpus(tmp_path)
    assert [(d.id, d.path, d.title, d.text) for d in corpus.documents] == [
        ("many.json#2", "many.json", "Second.", "Second."),
        ("many.json#a", "many.json", "First.", "First."),
        ("many.json#a~2", "many.json", "Dup id.", "Dup id."),
        ("one.json", "one.json", "Single", "Only one."),
        ("one_with_id.json#x1", "one_with_id.json", "Has an id.", "Has an id."),
    ]
    assert corpus.by_id()["one.json"].source == "AP"
    assert corpus.skipped == (Skipped("many.json", "record 4: no text field"),)


def test_invalid_json_file_is_reported_with_its_line(tmp_path: Path) -> None:
    write(tmp_path, "bad.json", '[\n  {"text": "ok"},\n  {"text": oops}\n]')
    write(tmp_path, "scalar.json", "42")
    corpus = load_corpus(tmp_path)
    assert corpus.documents == ()
    assert corpus.skipped == (
        Skipped("bad.json", "invalid JSON at line 3: Expecting value"),
        Skipped("scalar.json", "no article records (expected an object or a list of objects)"),
    )


def test_a_data_file_of_non_articles_gets_a_bounded_list_of_reasons(tmp_path: Path) -> None:
    write(
        tmp_path, "data.json", json.dumps([{"id": n, "value": n} for n in range(500)] + [{"text": "Real."}])
    )
    corpus = load_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["data.json#501"]
    assert len(corpus.skipped) == MAX_REASONS_PER_FILE + 1
    assert corpus.skipped[0] == Skipped("data.json", "record 1: no text field")
    assert corpus.skipped[-1] == Skipped(
        "data.json", f"and {500 - MAX_REASONS_PER_FILE} more records not loaded"
    )


def test_ids_stay_unique_across_equal_record_ids(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.jsonl",
        '{"id": "x", "text": "One."}\n{"id": "x", "text": "Two."}\n{"id": "x", "text": "3."}',
    )
    assert [d.id for d in load_corpus(tmp_path).documents] == ["a.jsonl#x", "a.jsonl#x~2", "a.jsonl#x~3"]


# --- encodings -----------------------------------------------------------------------------------------

TEXT = "Café “quoted” – naïve résumé.\nSecond line: 55 troops’ remains."


@pytest.mark.parametrize(
    "raw",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM, native order
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),  # no BOM: recognised by its NUL bytes
        TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
        TEXT.replace("\n", "\r\n").encode("utf-8-sig"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le",
        "utf16be",
        "utf32",
        "crlf-bom",
    ],
)
def test_unicode_encodings(tmp_path: Path, raw: bytes) -> None:
    write(tmp_path, "a.txt", raw)
    assert only(tmp_path).text == TEXT


def test_legacy_single_byte_encodings(tmp_path: Path) -> None:
    french = (
        "Le président a déclaré mardi que l’économie française « va mieux », après une année très difficile. "
        "Les syndicats, eux, dénoncent une réforme injuste et prévoient des grèves dès la semaine prochaine. "
        "« Nous avons réussi », a-t-il ajouté, naïvement."
    )
    russian = "Президент заявил во вторник, что экономика страны восстанавливается после трудного года."
    write(tmp_path, "fr.txt", french.encode("cp1252"))
    write(tmp_path, "ru.txt", russian.encode("cp1251"))
    docs = load_corpus(tmp_path).by_id()
    assert docs["fr.txt"].text == french
    assert docs["ru.txt"].text == russian


def test_encodings_of_markdown_and_json(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\ntitle: Tête\n---\nCorps du texte, déjà.".encode("utf-16"))
    write(tmp_path, "b.json", codecs.BOM_UTF8 + json.dumps({"text": "Zoë"}, ensure_ascii=False).encode())
    docs = load_corpus(tmp_path).by_id()
    assert (docs["a.md"].title, docs["a.md"].text) == ("Tête", "Corps du texte, déjà.")
    assert docs["b.json"].text == "Zoë"


# --- dates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-04-17", "2018-04-17"),
        ("2018-04-17T23:30:00-05:00", "2018-04-17"),
        ("2018-04-17T10:00:00Z", "2018-04-17"),
        ("2018-04-17 10:00:00.123456+00:00", "2018-04-17"),
        ("2018-04-17T10:00:00.1234567890Z", "2018-04-17"),
        ("April 17, 2018", "2018-04-17"),
        ("Apr 17, 2018", "2018-04-17"),
        ("April 17th, 2018", "2018-04-17"),
        ("17 April 2018", "2018-04-17"),
        ("Tuesday, April 17, 2018", "2018-04-17"),
        ("Tue, 17 Apr 2018 10:00:00 GMT", "2018-04-17"),
        ("2018/04/17", "2018-04-17"),
        ("D:20180417103000+02'00'", "2018-04-17"),
        ("D:2018", "2018-01-01"),
        (date(2018, 4, 17), "2018-04-17"),
        (datetime(2018, 4, 17, 12, 0), "2018-04-17"),
        ("  2018-04-17\n", "2018-04-17"),
        ("yesterday", None),
        ("2018-02-30", None),
        ("", None),
        (None, None),
        (20180417, None),
    ],
)
def test_normalise_date(value: object, expected: str | None) -> None:
    assert normalise_date(value) == expected


@pytest.mark.parametrize(
    "text",
    ["17.04.2018", "17 April, 2018", "Apr. 17, 2018", "April 17 2018", "Tue, Apr 17, 2018", "2018.04.17",
     "17.4.2018", "١٧ April ٢٠١٨", "000123: Daily Courier report", "12345 April 2018", "April 17, 20180",
     "17 April 218", "Report 2018", "3 April 2018x", "2018"],
)
def test_dates_parsed_as_without_the_year_check(text: str) -> None:
    """`_parse` tries the strptime formats only where a four-digit year stands alone: the same dates as
    trying them all on every text (the check only saves time)."""
    from viewer.core.ingest import metadata

    def every_format(value: str) -> date | None:
        for fmt in metadata._FORMATS:
            try:
                return datetime.strptime(metadata._ORDINAL.sub(r"\1", value), fmt).date()
            except ValueError:
                continue
        return None

    by_format = every_format(text)
    if by_format is not None:  # (texts no format reads may still be read otherwise: "2018", RFC 2822)
        assert metadata._parse(text) == by_format


def test_strip_date_marker() -> None:
    assert strip_date_marker(" date 2018-07-18 (File) South Korean") == ("(File) South Korean", "2018-07-18")
    assert strip_date_marker("date 2018-13-45 text") == ("date 2018-13-45 text", None)
    assert strip_date_marker("update 2018-07-18 text") == ("update 2018-07-18 text", None)


# --- walking, ids, progress -----------------------------------------------------------------------------


def test_nested_folders_give_posix_ids_sorted(tmp_path: Path) -> None:
    write(tmp_path, "b/z.txt", "Z")
    write(tmp_path, "b/a/y.txt", "Y")
    write(tmp_path, "a.txt", "A")
    write(tmp_path, ".git/config.txt", "hidden folder, ignored silently")
    corpus = load_corpus(tmp_path)
    assert [(d.id, d.path) for d in corpus.documents] == [
        ("a.txt", "a.txt"),
        ("b/a/y.txt", "b/a/y.txt"),
        ("b/z.txt", "b/z.txt"),
    ]
    assert corpus.skipped == ()
    assert corpus.root == str(tmp_path)


def test_progress_counts_files_and_cancel_stops(tmp_path: Path) -> None:
    for n in range(3):
        write(tmp_path, f"{n}.txt", f"Text {n}")
    write(tmp_path, "notes.csv", "a,b")
    seen: list[tuple[str, int, int]] = []
    load_corpus(tmp_path, progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert seen == [(STAGE, n, 4) for n in range(5)]
    assert STAGE == "Reading files"
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        load_corpus(tmp_path, cancel=cancel)


def test_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_corpus(tmp_path / "nope")
    write(tmp_path, "file.txt", "x")
    with pytest.raises(NotADirectoryError):
        load_corpus(tmp_path / "file.txt")


def test_a_dateline_under_the_headline_gives_the_date_and_stays_in_the_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Headline here\n\nJuly 17, 2018\n\nThe story starts.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Headline\nIt happened on July 17, 2018 in Seoul.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Headline\n2018\nA year alone is no dateline.\n", encoding="utf-8")
    docs = load_corpus(tmp_path).by_id()
    assert docs["a.txt"].date == "2018-07-17"
    assert "July 17, 2018" in docs["a.txt"].text
    assert docs["b.txt"].date is None
    assert docs["c.txt"].date is None


# --- the bundled sample corpus ---------------------------------------------------------------------------


def test_bundled_corpus() -> None:
    folder = REPO / "corpus"
    corpus = load_corpus(folder)
    assert corpus.skipped == ()
    ids = [
        "American Military News.txt",
        "Asian Correspondent.txt",
        "LifeZette.txt",
        "The Washington Post.txt",
        "Yonhap.txt",
    ]
    assert [d.id for d in corpus.documents] == ids
    dates = {d.id: d.date for d in corpus.documents}
    assert dates == dict.fromkeys(ids) | {
        "The Washington Post.txt": "2018-06-20",
        "Asian Correspondent.txt": "2018-07-18",
        "American Military News.txt": "2018-07-17",  # its "July 17, 2018" dateline under the headline
    }
    for doc in corpus.documents:
        raw = (folder / doc.path).read_text(encoding="utf-8")
        marker = f" date {doc.date} " if raw.startswith(" date ") else ""
        assert raw.startswith(marker)
        assert doc.text == raw.removeprefix(marker).strip()
        assert doc.source == ""
        assert doc.label == Path(doc.path).stem
        assert doc.title.rstrip("…") in " ".join(doc.text.split())  # a line or a sentence of the text


# --- Word and PDF -------------------------------------------------------------------------------------------


def make_docx(
    path: Path, paragraphs: list[str], *, title: str = "", author: str = "", created: datetime | None = None
) -> None:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    props = document.core_properties
    props.title, props.author = title, author
    if created is not None:
        props.created = created
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def make_pdf(path: Path, pages: list[list[str]], metadata: dict[str, str] | None = None) -> None:
    """A PDF whose pages hold the given lines in Helvetica; a page with no lines holds only a filled shape."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        ops = "BT /F1 12 Tf 72 720 Td 14 TL " + " T* ".join(f"({line}) Tj" for line in lines) + " ET"
        stream = DecodedStreamObject()
        stream.set_data((ops if lines else "0 0 1 rg 100 100 200 200 re f").encode("latin-1"))
        page.replace_contents(stream)
    if metadata:
        writer.add_metadata(metadata)
    with path.open("wb") as out:
        writer.write(out)


def test_docx_paragraphs_and_core_properties(tmp_path: Path) -> None:
    make_docx(
        tmp_path / "memo.docx",
        [
            "Remains to return",
            "",
            "North Korea may return up to 55  remains.",
            "  “We are grateful,” he said. ",
        ],
        title="Repatriation memo",
        author="Jane Reporter",
        created=datetime(2018, 7, 18, 9, 30),
    )
    assert only(tmp_path) == Document(
        id="memo.docx",
        path="memo.docx",
        title="Repatriation memo",
        source="Jane Reporter",
        date="2018-07-18",
        url="",
        text="Remains to return\n\nNorth Korea may return up to 55  remains.\n\n“We are grateful,” he said.",
    )


def test_docx_without_title_uses_first_paragraph(tmp_path: Path) -> None:
    make_docx(tmp_path / "a.docx", ["First paragraph.", "Second."])
    doc = only(tmp_path)
    assert (doc.title, doc.source, doc.text) == ("First paragraph.", "", "First paragraph.\n\nSecond.")


def test_pdf_pages_and_metadata(tmp_path: Path) -> None:
    make_pdf(
        tmp_path / "report.pdf",
        [["First line of page one.", "Second line, 55 troops."], ["Page two text."]],
        {
            "/Title": "Stars and Stripes report",
            "/Author": "Kim Gamel",
            "/CreationDate": "D:20180717093000+09'00'",
        },
    )
    assert only(tmp_path) == Document(
        id="report.pdf",
        path="report.pdf",
        title="Stars and Stripes report",
        source="Kim Gamel",
        date="2018-07-17",
        url="",
        text="First line of page one.\nSecond line, 55 troops.\n\nPage two text.",
    )


def test_pdf_without_metadata_and_scanned_pdf(tmp_path: Path) -> None:
    make_pdf(tmp_path / "plain.pdf", [["Only text."]])
    make_pdf(tmp_path / "scan.pdf", [[], []])
    corpus = load_corpus(tmp_path)
    assert [(d.id, d.title, d.source, d.date, d.text) for d in corpus.documents] == [
        ("plain.pdf", "Only text.", "", None, "Only text.")
    ]
    assert corpus.skipped == (Skipped("scan.pdf", "scanned PDF with no text layer"),)


# --- real files from the shared corpora (copied into tests/data/documents/real) ----------------------------


def test_real_formats_from_the_shared_corpora() -> None:
    corpus = load_corpus(DATA / "documents" / "real")
    assert corpus.skipped == ()
    docs = corpus.by_id()
    basil = "basil/05_john_boehner_discusses_chance_gop_will_lose_house.jsonl"
    assert sorted(docs) == [
        f"{basil}#fox",
        f"{basil}#hpo",
        f"{basil}#nyt",
        "ecbplus/13ecbplus/13_10ecbplus.txt",
        "newswcl50/event_0/breitbart.md",
    ]

    md = docs["newswcl50/event_0/breitbart.md"]
    assert (md.source, md.date) == ("Breitbart", "2018-04-17")
    assert md.url.startswith("http://www.breitbart.com/big-government/2018/04/17/report-mike-pompeo")
    assert md.title.startswith("Report: Mike Pompeo secretly met with Kim Jong-un over Easter weekend")
    raw = (DATA / "documents" / "real" / md.path).read_text(encoding="utf-8")
    assert md.text == raw.split("---\n", 2)[2].strip()

    records = [json.loads(line) for line in (DATA / "documents" / "real" / basil).read_text(encoding="utf-8").splitlines()]
    for record in records:
        doc = docs[f"{basil}#{record['id']}"]
        assert (doc.title, doc.source, doc.date, doc.url) == (
            record["title"],
            record["source"],
            "2012-04-23",
            record["url"],
        )
        assert doc.text == record["text"].strip()
    assert docs[f"{basil}#nyt"].source == "New York Times"

    ecb = docs["ecbplus/13ecbplus/13_10ecbplus.txt"]
    assert (ecb.title, ecb.source, ecb.date) == ("Matanuska Maid Dairy Building Was Uninsured.", "", None)
    assert ecb.text.startswith("Matanuska Maid Dairy Building Was Uninsured.\n\nThe fire that destroyed")
    assert "$380, 600" in ecb.text
