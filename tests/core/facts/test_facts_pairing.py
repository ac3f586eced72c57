"""Pairing and verdict rules, each on literal sentences (several adapted from NewsWCL50 and BASIL, where
Parallax first got them wrong)."""

from __future__ import annotations

import pytest

from viewer.core.facts import MIN_CONFIDENCE, compare_passages, pair_divergences
from viewer.core.facts.pair import readings
from viewer.core.model import Document


def judge(text_a: str, text_b: str, date_a: str | None = None, date_b: str | None = None):
    a = Document("a", "a.txt", "", "a", date_a, "", text_a)
    b = Document("b", "b.txt", "", "b", date_b, "", text_b)
    return compare_passages(a, (0, len(text_a)), b, (0, len(text_b)))


def shown(text_a: str, text_b: str, date_a: str | None = None, date_b: str | None = None):
    a = Document("a", "a.txt", "", "a", date_a, "", text_a)
    b = Document("b", "b.txt", "", "b", date_b, "", text_b)
    return pair_divergences(a, (0, len(text_a)), b, (0, len(text_b)))


def test_a_lone_value_of_its_kind_is_never_a_conflict():
    found = judge("The report was read by 40 officials.", "Turnout rose to 75 in the hills.")
    (v,) = [v for v in found if v.a and v.b]
    assert v.confidence < MIN_CONFIDENCE and v.verdict != "conflict"
    assert shown("The report was read by 40 officials.", "Turnout rose to 75 in the hills.") == ()


def test_ages_of_different_relatives_are_not_compared():
    found = judge("joined the caravan with his 18-year-old brother, Luis, and their stepfather",
                  "who traveled in the caravan with her 44-year-old mother, Emilia Palacio")
    assert not [v for v in found if v.verdict == "conflict"]


def test_weekdays_of_articles_a_year_apart_are_not_a_conflict():
    found = shown("In an interview shown Thursday on the Today show, he said", "In an interview to be shown on "
                  "Tuesday, he said", "2011-04-07", "2012-04-23")
    assert not [d for d in found if d.verdict == "conflict"]


def test_weekdays_of_articles_a_day_apart_are_compared():
    (v,) = [v for v in judge("A US official said Monday that the talks", "A US official said Tuesday that the "
                             "talks", "2018-07-17", "2018-07-18") if v.a and v.b]
    assert v.verdict == "conflict"


def test_killed_and_injured_are_never_paired():
    found = judge("Ten people were killed in the quake.", "At least 50 people were injured in the quake.")
    assert not [v for v in found if v.a and v.b]


def test_amounts_next_to_different_names_are_not_compared():
    found = judge("Jamaal Charles rushed for 226 yards on Sunday.", "Peyton Hillis added 101 yards on Sunday.")
    assert not [v for v in found if v.kind == "number" and v.a and v.b]


def test_an_earlier_event_in_the_sentence_lowers_the_confidence():
    found = shown("Last year, a 6.4-magnitude quake rocked the west coast of Sumatra Island.",
                  "A 6.1-magnitude quake rocked the west coast of Sumatra Island.")
    assert not [d for d in found if d.verdict == "conflict"]


def test_when_each_article_gives_both_values_they_are_not_played_off_against_each_other():
    a = "The girls were 12 and 15. He married the 12-year-old first."
    b = "The girls were 12 and 15. The 15-year-old testified."
    doc_a = Document("a", "a.txt", "", "a", None, "", a)
    doc_b = Document("b", "b.txt", "", "b", None, "", b)
    start_a, start_b = a.index("He married"), b.index("The 15")
    found = pair_divergences(doc_a, (start_a, len(a)), doc_b, (start_b, len(b)))
    assert not [d for d in found if d.verdict == "conflict"]


def test_unit_conversion_is_equivalent():
    (v,) = [v for v in judge("The quake struck at a depth of 10 kilometers.",
                             "The quake struck at a depth of 6.2 miles.") if v.a and v.b]
    assert v.verdict == "equivalent" and "conversion" in v.rule


def test_times_in_two_zones_are_equivalent():
    (v,) = [v for v in judge("The quake struck at 07:37 a.m. UTC on Tuesday, killing one.",
                             "The quake struck at 3:37 a.m. EDT on Tuesday, killing one.")
            if v.kind == "time"]
    assert v.verdict == "equivalent"


def test_ages_listed_together_are_one_range():
    (v,) = [v for v in judge("sexually assaulting two girls, ages 12 and 15, he took as brides",
                             "sexually assaulting two girls, aged 15 and 12, that he claimed as brides")
            if v.kind == "age" and v.a and v.b]
    assert v.verdict == "same"


def test_every_verdict_carries_both_spans_values_rule_and_confidence():
    for v in judge("7,800 American service members remain unaccounted for.",
                   "About 7,700 US military personnel remain unaccounted for."):
        assert v.rule and 0 <= v.confidence <= 1
        if v.a and v.b:
            assert v.span_a == (v.a.start, v.a.end) and v.span_b == (v.b.start, v.b.end)
            assert v.value_a == "7800" and v.value_b == "[6930, 8470]"


def test_the_verdicts_do_not_depend_on_which_passage_comes_first():
    hedged = "North Korean officials have indicated that they may have {} many as 200 remains ready to transfer. "
    a = Document("a.txt", "a.txt", "", "A", None, "", "The United States and North Korea have agreed to resume "
                 "searching for the remains of thousands of American soldiers killed in the 1950-53 Korean War, "
                 "U.S. " + hedged.format("as"))
    b = Document("b.txt", "b.txt", "", "B", None, "", hedged.format("the"))
    span_a, span_b = (0, len(a.text)), (0, len(b.text))
    forward = {(v.verdict, v.a, v.b, v.confidence) for v in compare_passages(a, span_a, b, span_b)}
    backward = {(v.verdict, v.b, v.a, v.confidence) for v in compare_passages(b, span_b, a, span_a)}
    assert forward == backward


def _flagged(text_a: str, text_b: str, date_a: str | None = None, date_b: str | None = None):
    return [(v.a.text, v.b.text, v.verdict) for v in judge(text_a, text_b, date_a, date_b)
            if v.a and v.b and v.verdict.flagged]


@pytest.mark.parametrize(("a", "b", "verdict"), [
    ("about 100,000", "120,000", "soft"),  # what news rounds to "about 100,000", outside its ten per cent
    ("about 100,000", "51,000", "conflict"),  # rounds to 100,000 at that scale, but is half of it
    ("nearly 1,000", "10", "conflict"),
    ("nearly 100", "2", "conflict"),
    ("about 300", "250", "soft"),  # half up, as news rounds
    ("about 200", "250", "conflict"),  # 250 is "about 300", not "about 200"
])
def test_a_hedged_round_figure_is_soft_only_against_a_figure_it_may_round(a: str, b: str, verdict: str):
    found = _flagged(f"The earthquake killed {a} people in the province.",
                     f"The earthquake killed {b} people in the province.")
    assert found == [(a, b, verdict)]


@pytest.mark.parametrize("dated", ["On December 7, the earthquake", "On Wednesday, December 7, the earthquake",
                                   "In December, the earthquake", "The earthquake"])
def test_a_sentence_dated_in_the_articles_own_days_is_compared_with_an_undated_one(dated: str):
    """A month and day within a week of the article's date, or its own month, is the story's own event:
    only a date away from it (the wire style beyond a week) sets a sentence's values apart."""
    day = "2011-12-07"
    found = _flagged(f"{dated} killed 30 people in Aceh, officials said.",
                     "The earthquake killed 40 people in Aceh, officials said.", day, day)
    assert [(a, b) for a, b, _ in found] == [("30", "40")]
    apart = _flagged("On April 20, the earthquake killed 30 people in Aceh, officials said.",
                     "The earthquake killed 40 people in Aceh, officials said.", day, day)
    assert apart == []


# the sample corpus (Asian Correspondent, LifeZette, American Military News): remains to be returned
RETURN_OF = ("THE United States is expecting the return of about 50 American soldiers who died in the Korean War "
             "within the next two weeks following Pyongyang’s talks with President Donald Trump’s administration, "
             "a US official said.")
REMAINS_OF = ("The U.S. and North Korea reportedly have come to an agreement: The remains of 55 American soldiers "
              "may return home to this country as early as next week.")


def _roles(text: str) -> dict[str, tuple[str, str]]:
    doc = Document("a", "a.txt", "", "a", None, "", text)
    return {f.text: (c.predicate, c.shown_noun) for f, c in readings(doc, (0, len(text)))}


def test_a_relative_clause_describing_whom_a_noun_is_of_gives_no_toll():
    assert _roles(RETURN_OF)["about 50"] == ("", "soldiers")
    assert _roles("North Korea may return up to 55 US troops’ remains next week: report")["up to 55"] == (
        "", "troops")
    (v,) = [v for v in judge(RETURN_OF, REMAINS_OF, "2018-07-18") if v.a and v.b]
    assert (v.a.text, v.b.text, v.thing) == ("about 50", "55", "soldiers")
    assert v.reason.startswith("Different figures (soldiers)")


@pytest.mark.parametrize("text", [
    "Officials said 10 people who died in the quake were buried on Sunday.",
    "The 10 people who were killed were from the village.",
    "The bodies of 10 people who died in the quake were pulled from the rubble.",
    "The quake killed 10 people who were sleeping.",
])
def test_a_relative_clause_that_reports_the_dead_is_still_a_toll(text: str):
    assert _roles(text)["10"] == ("dead", "people")
