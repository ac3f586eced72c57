"""Who says it (viewer.core.align.attribution), and verification not counting a shared attribution as a
shared statement. The sentences are copied from real wire reports of one earthquake and one story."""

from __future__ import annotations

from collections import Counter

import pytest

from viewer.core.align.attribution import attribution
from viewer.core.align.passages import PreparedDocument, prepare
from viewer.core.align.stages import AlignOptions, sentence_terms, verify, weights_from_counts
from viewer.core.model import Document


def _doc(text: str, doc_id: str = "a.txt") -> PreparedDocument:
    # A headline first: the splitter may run a first paragraph's headline into its lede.
    return prepare(Document(doc_id, doc_id, doc_id, "", None, "", "Headline\n\n" + text))


def _said(sentence: str) -> str:
    """The words of the sentence's attribution, in order."""
    d = _doc(sentence)
    s = d.sentences[-1]
    found = attribution(d, (s.first, s.last))
    text = "Headline\n\n" + sentence
    return " ".join(text[d.starts[t]:d.ends[t]] for t in sorted(found))


@pytest.mark.parametrize(("sentence", "said"), [
    # the speaker after the verb, with their descriptions
    ("The quake injured more than 200 people and damaged more than 300 houses in Aceh, said national "
     "disaster agency spokesman Sutopo Purwo Nugroho.",
     "said national disaster agency spokesman Sutopo Purwo Nugroho"),
    ("The worst-hit area was the district of Bener Meriah, where the quake caused a landslide that killed a "
     "man, said Fauzi, an official of the local disaster agency.",
     "said Fauzi an official of the local disaster agency"),
    # the speaker before the verb, in clauses of their own
    ('A child died when a wall collapsed, "Ema Suryani, a doctor at a health clinic in Lampahan city, told AFP.',
     "Ema Suryani a doctor at a health clinic in Lampahan city told AFP"),
    ("Five people had so far been confirmed dead in the quake, Fauzi, an official from the local disaster "
     "agency, told AFP late Tuesday.",
     "Fauzi an official from the local disaster agency told AFP late Tuesday"),
    # the verb last, with when and to whom
    ('People panicked and rushed out of their homes, "national disaster agency spokesman Sutopo Purwo '
     'Nugroho said.', "national disaster agency spokesman Sutopo Purwo Nugroho said"),
    ("The U.S. military is expecting the repatriation in coming days, officials said Wednesday, a sign of "
     "renewed cooperation between the two countries.", "officials said Wednesday"),
    ('Nugroho told Agence-France Presse: "We have recorded 24 people dead and 249 people injured".',
     "Nugroho told Agence France Presse"),
    ("It's ridiculous, \" Trump said when asked by reporters about the deal.",
     "Trump said when asked by reporters about the deal"),
    # up to "that": the statement follows
    ("CNN reported on Tuesday that the remains of as many as 200 U.S. troops could be returned.",
     "CNN reported on Tuesday that"),
    ("He added that more than 300 buildings have been damaged in the quake.", "He added that"),
    # a source opening the sentence
    ("According to the US Geological Survey, the quake hit at a depth of 10 kilometers.",
     "According to the US Geological Survey"),
    # statements, not attributions
    ("Officials say at least 24 people were killed and more than 200 injured by the quake.", ""),
    ("He said at least 22 houses were badly damaged in the district.", ""),
    ("Ahead of the meeting, President Trump said North Korea was \"in the process\" of returning the remains.",
     ""),
    ("The Pentagon declined official comment but said the talks on Monday were to \"continue coordination\".",
     ""),
    ('Secretary of State Mike Pompeo said: "Today\'s talks were productive and resulted in firm commitments."',
     "Secretary of State Mike Pompeo said"),
    ("The first meeting had been scheduled for July 12, the senior US official said, saying this was \"a "
     "reminder that this process is off to a slow start\".", "the senior US official said"),
    ("The United States would be permitted to fly the remains out on June 27, the anniversary of the "
     "armistice, according to the agreement.", "according to the agreement"),
    ("Dozens have been reported injured.", ""),
    ("Macron told reporters Tuesday he wants to work on a \"new deal\" with Iran.", ""),
    ("The memos also show former Director Comey never wrote that he felt obstructed or threatened, \" the "
     "Republican congressmen wrote.", "the Republican congressmen wrote"),
    ("We have made no concessions despite some of the media saying that I've made concessions, \" he said.",
     "he said"),
    # words of saying that are something else here
    ("Jamaal Charles rushed for 226 yards while Peyton Hillis added 101.", ""),
    ("Added to that fact is that the Colts are 8-1 in games decided by one score or less.", ""),
    ("More recently, Grimm was in the news in January after he physically threatened a reporter in the Capitol.",
     ""),
    ("Farenthold pledged to repay the $84,000 in taxpayer money spent to settle the claim.", ""),
    ("She sued him and was paid $84,000 from a public fund, for a sexual harassment claim.", ""),
    # ... and that are words of saying, last in their clause
    ("It would be the first repatriation of U.S. military remains from North Korea since 2007, Stars & Stripes "
     "claimed.", "Stars & Stripes claimed"),
    ("Farenthold used $84,000 in taxpayer funds to settle a lawsuit, Politico reported in December.",
     "Politico reported in December"),
])
def test_the_attribution_of_a_sentence(sentence, said):
    assert _said(sentence) == said


def _verified(texts: list[str]) -> list[tuple[int, int, float]]:
    docs = [_doc(t, f"{i}.txt") for i, t in enumerate(texts)]
    counts = Counter(k for d in docs for k in sentence_terms(d))
    weights = weights_from_counts(counts, sum(len(d.sentences) for d in docs))
    candidates = [(0, len(docs[0].sentences) - 1, j, len(docs[j].sentences) - 1) for j in range(1, len(docs))]
    opts = AlignOptions(semantic=False)
    return [(m.doc_b, m.sent_b, m.similarity) for m in verify(docs, candidates, weights, opts)]


def test_two_statements_of_one_speaker_are_not_parallels():
    # The wire's attribution copied word for word by two outlets, on two different statements: before,
    # the copied clause "national disaster agency spokesman Sutopo Purwo Nugroho" made them a copy (1.0).
    texts = [
        "The quake, which hit at a shallow depth of just 10 kilometres, injured more than 200 people and damaged "
        "more than 300 houses in Aceh, said national disaster agency spokesman Sutopo Purwo Nugroho.",
        'People panicked and rushed out of their homes, "national disaster agency spokesman Sutopo Purwo '
        'Nugroho said.',
        "Soldiers and police are leading rescue operations in the province.",
        "Rescue teams from the army reached the villages on Wednesday.",
    ]
    assert _verified(texts) == []


def test_one_statement_under_two_attributions_is_a_parallel():
    texts = [
        'We have recorded 24 people dead and 249 people injured, " disaster agency spokesman Sutopo Purwo '
        "Nugroho told Agence-France Presse (AFP) news agency.",
        'Nugroho told Agence-France Presse: "We have recorded 24 people dead and 249 people injured".',
        "Soldiers and police are leading rescue operations in the province.",
    ]
    [(doc, _, similarity)] = _verified(texts)
    assert doc == 1 and similarity > 0.9
