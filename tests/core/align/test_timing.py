"""When a passage is set (viewer.core.align.timing), and verification leaving apart passages set at two times."""

from __future__ import annotations

from collections import Counter

import pytest

from viewer.core.align.passages import PreparedDocument, prepare
from viewer.core.align.stages import AlignOptions, verify, weights_from_counts
from viewer.core.align.timing import Setting, apart, setting
from viewer.core.model import Document


def _doc(text: str, doc_id: str = "a.txt") -> PreparedDocument:
    # A headline first: the splitter may run a first paragraph's headline into its lede.
    return prepare(Document(doc_id, doc_id, doc_id, "", None, "", "Headline\n\n" + text))


def _only(text: str) -> tuple[PreparedDocument, tuple[int, int]]:
    d = _doc(text)
    s = d.sentences[-1]
    return d, (s.first, s.last)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The last time North Korea returned the remains of American troops was in 2007.", Setting.EARLIER_YEAR),
    ("An 8.7-magnitude earthquake also hit off the city of Banda Aceh in May 2012, triggering alerts.",
     Setting.EARLIER_YEAR),
    ("In 2004, a magnitude 9.1 quake off Indonesia triggered a tsunami.", Setting.EARLIER_YEAR),
    ("More than 440 sets of remains were repatriated to the U.S. from 1990-2007.", Setting.EARLIER_YEAR),
    ("North Korea may return up to 55 US troops' remains next week.", Setting.DAYS),
    ("A powerful 6.1 magnitude earthquake hit Aceh province early Tuesday.", Setting.DAYS),
    ("The U.S. military is expecting the repatriation in coming days, officials said.", Setting.DAYS),
    # a year naming a thing, the reference of a record, a full date, a relative past beside the days
    ("Aceh province in region hit by the 2004 tsunami.", Setting.OTHER),
    ("He had misspoken at a 2008 event in Norfolk.", Setting.OTHER),
    ("Another audio tape included Jeffs from a recording made in August 2006 at the Texas compound.",
     Setting.OTHER),
    ("The remains are believed to be that of U.S. troops killed in the 1950-1953 Korean War.", Setting.OTHER),
    ("North Korean officials have said they have the remains of about 200 U.S. service members that they have "
     "recovered since the active conflict with the United States ended in 1953.", Setting.OTHER),
    ("It would be the first repatriation of U.S. military remains from North Korea since 2007.", Setting.OTHER),
    ("The quake hit Aceh on July 2, 2013, the agency said.", Setting.OTHER),
    ("The quake hit Aceh on 2 July 2013, the agency said.", Setting.OTHER),
    ("North Korea last returned remains of U.S. troops in 2007 and will return more next week.", Setting.OTHER),
    ("The Colts owned the NFL's worst record last year, and clinched a spot with Sunday's win.", Setting.OTHER),
    ("Officials first met in 2007, and again on Monday.", Setting.OTHER),
    ("Talks between the two countries continue.", Setting.OTHER),
])
def test_the_setting_of_a_sentence(sentence, expected):
    d, r = _only(sentence)
    assert setting(d, *r) is expected


def test_only_the_story_s_days_against_an_earlier_year_are_apart():
    days = _only("North Korea may return up to 55 US troops' remains next week.")
    year = _only("The last time North Korea returned the remains of American troops was in 2007.")
    other = _only("It would be the first repatriation of U.S. military remains from North Korea since 2007.")
    days, year, other = (setting(d, *r) for d, r in (days, year, other))
    assert apart(days, year) and apart(year, days)
    assert not apart(days, days) and not apart(year, year)
    assert not apart(days, other) and not apart(other, year)


def _verified(first: str, second: str) -> list[tuple[int, int]]:
    docs = [_doc(first, "a.txt"), _doc(second, "b.txt")]
    terms = Counter(k for d in docs for k, c in zip(d.keys, d.content, strict=True) if c)
    weights = weights_from_counts(terms, sum(len(d.sentences) for d in docs))
    candidates = [(0, i, 1, j) for i in range(len(docs[0].sentences)) for j in range(len(docs[1].sentences))]
    return [(m.sent_a, m.sent_b) for m in verify(docs, candidates, weights, AlignOptions(semantic=False))]


def test_verification_leaves_apart_a_return_next_week_and_the_last_return_in_2007():
    news = "Officials said North Korea will return the remains of American troops next week."
    history = "North Korea last returned the remains of American troops in 2007."
    undated = "North Korea returned the remains of American troops, officials said."
    assert _verified(news, undated), "the words alone pair them"
    assert not _verified(news, history)
    assert _verified(history, undated)


def _headed(headline: str, body: str) -> PreparedDocument:
    return prepare(Document("h.txt", "h.txt", "h.txt", "", None, "", f"{headline}\n\n{body}"))


def test_a_headline_is_set_in_the_story_s_days():
    # A headline reports the story's own event, in the present tense and with no day: set in the story's
    # days, it is apart from the building burned down in 2003 that a later sentence recalls.
    d = _headed("Matanuska Maid Dairy Building Burns Down",
                "But the Matanuska Maid creamery building, which stood between the street and the warehouse in "
                "the old days, was burned down by teenagers in 2003.")
    headline, recalled = d.sentences
    assert setting(d, headline.first, headline.last) is Setting.DAYS
    assert setting(d, recalled.first, recalled.last) is Setting.EARLIER_YEAR
    past = _headed("Region hit by the 2004 tsunami: a look back last year", "Talks continue.")
    assert setting(past, past.sentences[0].first, past.sentences[0].last) is Setting.OTHER
    # the lede after a headline standing alone too, but not the sentences after it
    led = _headed("Powerful 6.1 magnitude earthquake injures dozens in Indonesia's Aceh province",
                  "A powerful 6.1 magnitude earthquake hit Indonesia's northwestern Aceh province, on the island "
                  "of Sumatra.\n\nThe quake appears to have shaken the provincial capital of Banda Aceh.")
    assert [setting(led, x.first, x.last) for x in led.sentences] == [Setting.DAYS, Setting.DAYS, Setting.OTHER]
    # the same words later in a document say nothing of when
    later = _doc("The talks went on.\n\nMatanuska Maid Dairy Building Burns Down")
    s = later.sentences[-1]
    assert setting(later, s.first, s.last) is Setting.OTHER


def test_verification_leaves_apart_a_headline_and_a_tsunami_of_2004():
    headline = _headed("Magnitude-6.1 quake hits Indonesia", "Rescuers searched the villages.")
    history = _doc("In 2004, a magnitude 9.1 quake off Indonesia triggered a tsunami that killed many.")
    terms = Counter(k for d in (headline, history) for k, c in zip(d.keys, d.content, strict=True) if c)
    weights = weights_from_counts(terms, len(headline.sentences) + len(history.sentences))
    candidate = [(0, 0, 1, len(history.sentences) - 1)]
    assert not verify([headline, history], candidate, weights, AlignOptions(semantic=False))
    body = _doc("A magnitude 6.1 quake hit Indonesia, the agency said.")
    assert verify([headline, body], [(0, 0, 1, len(body.sentences) - 1)], weights, AlignOptions(semantic=False))
