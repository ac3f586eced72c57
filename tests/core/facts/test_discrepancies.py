"""Corpus-level discrepancies: one entry per disputed fact, which documents give which value, conflicts first;
and the `--conflicts` text built from them."""

from __future__ import annotations

from viewer.core.facts.discrepancies import corpus_discrepancies
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


def test_conflicts_text_lists_values_sources_dates_and_majority():
    text = conflicts_text(alignment(*RETURN, *FLIGHT))
    assert text.startswith("2 disputed numbers and dates across 3 documents: 1 conflict, 1 soft divergence")
    first = text.index("CONFLICT (date): July 27 in 2, June 27 in 1")
    assert first < text.index("SOFT (number)")
    assert "American Military News (2018-07-17)" in text and "LifeZette (undated)" in text
    assert "Most sources: July 27 (2 of 3 documents)" in text
    assert "No value has a majority." in text


def test_conflicts_text_without_any():
    assert conflicts_text(alignment(*CASKETS)) == "No conflicting or diverging numbers or dates across 3 documents.\n"
