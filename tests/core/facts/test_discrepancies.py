"""Corpus-level discrepancies: one entry per disputed fact, which documents give which value, conflicts first;
and the `--conflicts` text built from them."""

from __future__ import annotations

import pytest

from viewer.core.facts.discrepancies import _names, corpus_discrepancies
from viewer.core.model import Alignment, Corpus, Document, Pair, Span
from viewer.core.pipeline import judge_all
from viewer.summary import conflicts_text

LZ = Document("lz.txt", "lz.txt", "LZ", "LifeZette", None, "",
              "The United States would be permitted to fly the military remains in containers out of North Korea "
              "on June 27, the anniversary of the armistice, according to the agreement. The remains of 55 "
              "American soldiers may return home to this country as early as next week.")
AMN = Document("amn.txt", "amn.txt", "AMN", "American Military News", "2018-07-17", "",
               "As a result of the meeting, a U.S. delegation is planned to retrieve the remains from North Korea, "
               "then fly them out on July 27. Last month, U.S. forces transported 100 wooden caskets to the "
               "Demilitarized Zone (DMZ) in preparation to transport the recovered remains.")
AC = Document("ac.txt", "ac.txt", "AC", "Asian Correspondent", "2018-07-18", "",
              "According to military-based newspaper Stars and Stripes, a US delegation was expected to retrieve "
              "the remains in North Korea and fly them out on July 27, either to Osan Air Base in South Korea or "
              "Hawaii. THE United States is expecting the return of about 50 American soldiers who died in the "
              "Korean War within the next two weeks. According to South Korean media, US forces brought about 100 "
              "wooden coffins into the Demilitarized Zone between the Koreas last month to prepare for the "
              "handover of remains.")


def sentence(doc: Document, words: str) -> Span:
    """The span of the sentence of `doc` containing `words`."""
    at = doc.text.index(words)
    start = doc.text.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    end = doc.text.find(". ", at)
    return Span(doc.id, start, len(doc.text) if end < 0 else end + 1)


def alignment(*pairs: tuple[Document, str, Document, str]) -> Alignment:
    """The pairs as the engine leaves them: judged (divergences and agreements filled)."""
    docs = (LZ, AMN, AC)
    made = tuple(Pair(sentence(a, wa), sentence(b, wb), 0.8) for a, wa, b, wb in pairs)
    return judge_all(Alignment(Corpus("/corpus", docs), 0.5, made, ()))


FLIGHT = [(LZ, "June 27", AMN, "July 27"), (LZ, "June 27", AC, "July 27"), (AMN, "July 27", AC, "July 27")]
RETURN = [(AC, "about 50", LZ, "55 American")]
CASKETS = [(AMN, "100 wooden", AC, "100 wooden")]


def test_the_flight_date_is_one_discrepancy_with_the_majority_value():
    (d,) = corpus_discrepancies(alignment(*FLIGHT))
    assert (d.kind, d.verdict, d.majority) == ("date", "conflict", "July 27")
    assert [(value, sorted(c.source for c in claims)) for value, claims in d.values] == [
        ("July 27", ["American Military News", "Asian Correspondent"]), ("June 27", ["LifeZette"])]
    assert d.count("July 27") == 2 and set(d.documents) == {"lz.txt", "amn.txt", "ac.txt"}
    (june,) = d.values[1][1]
    assert LZ.text[june.start : june.end] == "June 27" and june.date is None
    assert "June 27, the anniversary" in june.context


def test_conflicts_come_before_soft_divergences():
    found = corpus_discrepancies(alignment(*RETURN, *FLIGHT))
    assert [d.verdict for d in found] == ["conflict", "soft"]
    soft = found[1]
    assert {v for v, _ in soft.values} == {"55", "50"}
    assert soft.majority is None  # one document each


def test_hedges_alone_are_no_discrepancy():
    assert corpus_discrepancies(alignment(*CASKETS)) == []


def test_conflicts_text_names_each_fact_with_values_as_written_outlets_and_majority():
    text = conflicts_text(alignment(*RETURN, *FLIGHT))
    assert text.startswith("2 disputed facts across 3 documents: 1 conflict, 1 soft divergence")
    first = text.index("1. CONFLICT: date (North Korea): July 27 (2 outlets), June 27 (1 outlet)")
    assert first < text.index("2. SOFT: soldiers: about 50")  # the soldiers to be returned, not people killed
    assert "Different dates: “June 27” against “July 27”." in text  # the reason in plain words
    assert "about 50 (1 outlet)" in text  # the value as the source wrote it, hedge and all
    assert "American Military News (2018-07-17)" in text and "LifeZette (undated)" in text
    assert "June 27 (outlier):" in text
    assert "[side by side with LifeZette]" in text
    assert "Majority: July 27 (2 of 3 outlets)" in text
    assert "No value has a majority." in text


def test_conflicts_text_without_any():
    assert conflicts_text(alignment(*CASKETS)) == (
        "No conflicting or diverging numbers, dates or quotations across 3 documents.\n")


def test_discrepancies_come_from_the_pairs_alone(monkeypatch):
    """Reopening an index or moving the threshold filters stored links: nothing is extracted or judged."""
    judged = alignment(*RETURN, *FLIGHT)
    before = corpus_discrepancies(judged)

    def forbidden(*args, **kwargs):
        raise AssertionError("corpus_discrepancies extracted or judged facts")

    from viewer.core.facts import extract, pair
    for module, name in ((extract, "extract_facts"), (pair, "extract_facts"), (pair, "_compare"),
                         (pair, "compare_passages"), (pair, "judge_pair")):
        monkeypatch.setattr(module, name, forbidden)
    assert corpus_discrepancies(judged) == before
    # and the claims know the parallel that shows them side by side
    (flight, _) = before
    june = next(c for c in flight.claims if c.doc == "lz.txt")
    assert june.pair is not None and june.passage == june.pair.side("lz.txt")
    assert june.outlier and flight.outliers == ("June 27",) and flight.title == "date (North Korea)"


def test_pairs_without_judged_links_give_no_discrepancy():
    unjudged = Alignment(Corpus("/corpus", (LZ, AMN, AC)), 0.5,
                         tuple(Pair(sentence(a, wa), sentence(b, wb), 0.8) for a, wa, b, wb in FLIGHT), ())
    assert corpus_discrepancies(unjudged) == []


def _doc(doc_id: str, text: str) -> Document:
    return Document(doc_id, doc_id, "", doc_id.split("/")[-1].removesuffix(".txt"), None, "", text)


def _whole(a: Document, b: Document) -> Pair:
    return Pair(Span(a.id, 0, len(a.text)), Span(b.id, 0, len(b.text)), 0.9)


def test_a_document_never_disputes_itself():
    """Fox's "25 percent" tariff and its "30 percent of all imports" are two facts, not one disputed one."""
    fox = _doc("fox.txt", "Trump slapped tariffs of 25 percent on imported steel. That meant the steel "
                          "tariff covered just 30 percent of all imports, according to Oxford Economics.")
    nyt = _doc("nyt.txt", "Trump slapped tariffs of 25 percent on imported steel. The steel tariff covered "
                          "just 25 percent of all imports, according to Oxford Economics.")
    found = corpus_discrepancies(judge_all(Alignment(Corpus("/c", (fox, nyt)), 0.5, (_whole(fox, nyt),), ())))
    for d in found:
        for _, claims in d.values:
            assert len({c.doc for c in claims}) == len(claims) or len(d.values) == 1
        per_doc = {}
        for value, claims in d.values:
            for c in claims:
                per_doc.setdefault(c.doc, set()).add(value)
        assert all(len(v) == 1 for v in per_doc.values())


def test_stories_in_subfolders_are_never_pooled():
    """The Zarand quake's toll (one story) is never set against the Qeshm quake's (another folder)."""
    zarand = _doc("zarand/a.txt", "The earthquake killed 612 people and injured 1,400 in Kerman province.")
    qeshm = _doc("qeshm/b.txt", "The earthquake killed 10 people and injured 50 in Hormozgan province.")
    pair = _whole(zarand, qeshm)
    judged = judge_all(Alignment(Corpus("/c", (zarand, qeshm)), 0.5, (pair,), ()))
    assert judged.pairs[0].divergences == () and corpus_discrepancies(judged) == []
    # the same two documents in one folder are one story, and the toll is disputed
    a, b = _doc("x/a.txt", zarand.text), _doc("x/b.txt", qeshm.text.replace("Hormozgan", "Kerman"))
    same = judge_all(Alignment(Corpus("/c", (a, b)), 0.5, (_whole(a, b),), ()))
    assert {d.thing for d in corpus_discrepancies(same)} >= {"killed"}


def test_a_round_figure_and_the_figure_it_may_round_are_soft_and_stay_two_values():
    texts = {"a": "Qeshm island has a population of more than 100,000 people.",
             "b": "Qeshm island has a population of 120,000 people.",
             "c": "Qeshm island has a population of 200,000 people."}
    docs = tuple(Document(f"q/{k}.txt", f"q/{k}.txt", k, k.upper(), None, "", t) for k, t in texts.items())
    pairs = tuple(Pair(Span(x.id, 0, len(x.text)), Span(y.id, 0, len(y.text)), 0.9)
                  for x, y in ((docs[0], docs[1]), (docs[1], docs[2]), (docs[0], docs[2])))
    judged = judge_all(Alignment(Corpus("/q", docs), 0.5, pairs, ()))
    (rounded,) = judged.pairs[0].divergences
    # the rule: a hedged figure that differs from the other is soft, even when it may round it
    assert rounded.verdict == "soft" and "round figure" in rounded.reason
    (d,) = corpus_discrepancies(judged)
    # "more than 100,000" may be 120,000 rounded down, but it is not the value "120,000": three values
    assert sorted(value for value, _ in d.values) == ["100000", "120000", "200000"]


@pytest.mark.parametrize(("sentence", "names"), [
    ("United States officials said 55 were killed.", {"United States"}),  # never "States" alone
    ("Officials said the United States lost 55.", {"United States"}),
    ("Rescuers said 55 died.", set()),  # a sentence's first word is capitalised whatever it is
    # even when a headline in title case capitalises it in mid-line
    ("Death Toll Rises as Rescuers Dig in Aceh\n\nRescuers said 55 died in Aceh.", {"Aceh"}),
    ("Qeshm, an island, counts 55. A quake struck Qeshm island.", {"Qeshm"}),  # a name in mid-sentence too
    ("In Tehran, 55 died.", {"Tehran"}),
    ("The Washington Post said 55 died.", {"Washington Post"}),
    ("Officials said North Korea and Kim Jong-un agreed on 55.", {"North Korea", "Kim Jong-un"}),
])
def test_a_fact_is_named_by_whole_names(sentence: str, names: set[str]) -> None:
    doc = Document("x.txt", "x.txt", "", "", None, "", sentence)
    at = sentence.index("55")
    assert set(_names(doc, at, at + 2)) == names


def test_a_fact_is_named_by_the_place_most_of_its_sentences_name() -> None:
    """ECB+ 20: Qeshm opens most sentences of its population ("Qeshm, ... off Bandar Abbas, has a population
    of more than 100,000") and is written "Qeshm island" or "Qeshm Island" in the others: it is one place,
    named by more of them than Bandar Abbas, which the sentences mention on the way."""
    texts = {
        "a": "A quake struck Qeshm island. Qeshm, an island off Bandar Abbas, has a population of more than "
             "100,000.",
        "b": "A quake struck Qeshm island, home to 120,000 people, and the city of Bandar Abbas.",
        "c": "The quake was centred near Qeshm Island, home to 200,000 people.",
        "d": "A quake struck Qeshm island. Qeshm is the largest island in the Gulf, with a population of 120,000.",
    }
    docs = tuple(Document(f"q/{k}.txt", f"q/{k}.txt", k, k.upper(), None, "", t) for k, t in texts.items())
    pairs = tuple(Pair(Span(x.id, 0, len(x.text)), Span(y.id, 0, len(y.text)), 0.9)
                  for i, x in enumerate(docs) for y in docs[i + 1:])
    (d,) = corpus_discrepancies(judge_all(Alignment(Corpus("/q", docs), 0.5, pairs, ())))
    assert d.title == "population (Qeshm, Bandar Abbas)"
