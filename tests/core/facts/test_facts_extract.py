"""Extraction: what becomes a fact, with which kind, span, hedge and interval; and the traps that must not."""

from __future__ import annotations

from math import inf

import pytest

from viewer.core.facts import extract_facts, value_text
from viewer.core.facts.extract import facts_in
from viewer.core.facts.values import Unresolved, resolve
from viewer.core.model import Document


def facts(text: str, date: str | None = None):
    return extract_facts(Document("t", "t.txt", "", "", date, "", text))


def only(text: str, date: str | None = None):
    (f,) = facts(text, date)
    return f


# ---------------------------------------------------------------- traps of the issue


def test_sat_down_and_may_return_are_not_dates():
    found = facts("The two parties sat down for talks. The remains of 55 soldiers may return home.")
    assert [(f.kind, f.text) for f in found] == [("number", "two"), ("number", "55")]


def test_about_7700_is_a_hedged_count_not_seven_o_clock():
    f = only("About 7,700 US military personnel remain unaccounted for")
    assert (f.kind, f.text, f.hedge, f.value) == ("number", "About 7,700", "about", 7700)
    assert (f.lo, f.hi) == (6930, 8470)


def test_the_first_meeting_is_no_ordinal():
    assert facts("The first meeting had initially been scheduled for next month.")[0].form == "relative"
    assert not [f for f in facts("The first meeting was productive.")]


def test_a_two_star_general_is_a_rank_of_two_and_a_is_not_one():
    (f,) = facts("The North Korean delegation included a two-star general, according to sources.")
    assert (f.kind, f.value, f.text) == ("rank", 2, "two-star")


def test_ten_a_m_is_a_time_not_ten_years_nor_ten():
    (f,) = facts("At around 10 a.m., Maj. Gen. Michael Minihan led the U.S. side to talks.")
    assert (f.kind, f.value, f.hedge) == ("time", 600, "around")
    assert value_text(f) == "[09:50, 10:10]"


def test_stars_and_stripes_is_no_fact():
    assert facts("An unnamed American official revealed the latest news to Stars & Stripes.") == ()


def test_spaced_thousands_separator_is_one_number():
    (f,) = facts("a tsunami that killed 230, 000 people")
    assert (f.value, f.text) == (230000, "230, 000")


def test_spaced_decimal_point_after_zero_is_one_number():
    assert [f.value for f in facts("A 0. 5 probability is a 50% chance")] == [0.5, 50]


def test_65th_anniversary_and_65_years_after_are_anniversaries():
    (a,) = [f for f in facts("65 years after the two countries signed an armistice") if f.kind != "number"]
    b = only("it falls on the 65th anniversary of the armistice")
    assert (a.kind, a.value, a.form) == ("anniversary", 65, "years-after")
    assert (b.kind, b.value, b.form) == ("anniversary", 65, "nth-anniversary")


def test_two_star_and_4_star_are_ranks():
    assert [f.value for f in facts("a two-star general and an American 4-star general")] == [2, 4]


# ---------------------------------------------------------------- recognisers


@pytest.mark.parametrize(("text", "lo", "hi"), [("the 1950-53 Korean War", 1950, 1953),
                                                ("the 1950-1953 Korean War", 1950, 1953),
                                                ("repatriated from 1990-2007, but", 1990, 2007),
                                                ("missions between 1996 and 2005", 1996, 2005)])
def test_year_ranges(text, lo, hi):
    f = only(text)
    assert (f.kind, f.lo, f.hi, value_text(f)) == ("range", lo, hi, f"{lo}..{hi}")


def test_first_in_n_years_resolves_against_the_article_date_and_stays_open_without_one():
    text = "The two parties sat down for the first meeting between generals in nine years on Sunday."
    dated = next(f for f in facts(text, "2018-07-16") if f.kind == "since")
    assert (dated.text, dated.value, value_text(dated)) == ("in nine years", 2009, "since 2009")
    undated = next(f for f in facts(text) if f.kind == "since")
    assert isinstance(undated, Unresolved) and undated.spec == ("years_since", 9)


def test_since_and_last_time_was_in():
    assert only("the first repatriation of remains since 2007").value == 2007
    f = only("The last time North Korea returned the remains of American troops was in 2007.")
    assert (f.kind, f.text, f.value) == ("since", "in 2007", 2007)


@pytest.mark.parametrize(("text", "value"), [("on June 27, the anniversary", "2018-06-27"),
                                              ("at their summit in Singapore on June 12, 2018.", "2018-06-12"),
                                              ("in Seoul, South Korea, 13 July 2018. Source", "2018-07-13"),
                                              ("Cpl. Albert E. Quintero in May 2018 for a full burial", "2018-05"),
                                              ("published 2018-07-18 online", "2018-07-18"),
                                              ("as LifeZette reported in June.", "2018-06")])
def test_absolute_dates(text, value):
    (f,) = [f for f in facts(text, "2018-07-17") if f.kind == "date"]
    assert value_text(f) == value


def test_impossible_dates_are_no_dates_and_no_crash():
    found = facts("the January 0, 1950 the February 30 the 31 April", "2018-07-15")
    assert [(f.kind, f.text) for f in found] == [("number", "0"), ("year", "1950"), ("number", "30"), ("number", "31")]


def test_dates_out_of_the_calendar_stay_unresolved():
    assert isinstance(only("it began 7,700 years ago", "2018-07-15"), Unresolved)
    assert isinstance(only("they meet next week", "9999-12-31"), Unresolved)


def test_a_date_never_reads_across_a_paragraph_break():
    found = facts("talks began on January 1\n\n1950 soldiers died", "2018-07-15")
    assert [(f.kind, f.text) for f in found] == [("date", "January 1"), ("number", "1950")]


def test_a_date_without_year_takes_the_year_nearest_the_article():
    assert value_text(only("on December 30 the talks", "2019-01-04")) == "2018-12-30"
    assert value_text(only("on January 3 the talks", "2018-12-28")) == "2019-01-03"


def test_without_an_article_date_relative_dates_stay_unresolved():
    for f in facts("said Tuesday that the handover next week, scheduled for last Thursday, on June 27"):
        assert isinstance(f, Unresolved)
        assert f.value is None and not hasattr(f, "lo")


@pytest.mark.parametrize(("text", "anchor", "value"), [
    ("Pompeo said Sunday.", "2018-07-15", "2018-07-15"),
    ("On Monday the two countries will begin", "2018-07-15", "2018-07-16"),
    ("initially scheduled for last Thursday.", "2018-07-15", "2018-07-12"),
    ("A United States official said Tuesday that", "2018-07-17", "2018-07-17"),
    ("An unnamed US official on Tuesday told Reuters", "2018-07-18", "2018-07-17"),
    ("next Monday", "2018-07-16", "2018-07-23"),
    ("last Monday", "2018-07-16", "2018-07-09"),
    ("Last month, U.S. forces transported", "2018-07-17", "2018-06"),
    ("a formal end is proposed for this year", "2018-07-17", "2018"),
    ("the talks yesterday", "2018-07-01", "2018-06-30"),
])
def test_relative_dates_resolve_against_the_article_date(text, anchor, value):
    (f,) = [f for f in facts(text, anchor) if f.kind == "date"]
    assert value_text(f) == value


def test_next_week_is_monday_to_sunday():
    f = only("may return home as early as next week.", "2018-07-17")
    assert (value_text(f), f.granularity) == ("2018-07-23..2018-07-29", "week")


def test_resolve_against_another_anchor():
    from datetime import date

    f = only("scheduled for last Thursday.")
    assert value_text(resolve(f, date(2018, 7, 18))) == "2018-07-12"


@pytest.mark.parametrize(("text", "hedge", "lo", "hi"), [
    ("about 50 American soldiers", "about", 45, 55),
    ("as many as 55 troops", "as many as", 0, 55),
    ("up to 55 US troops", "up to", 0, 55),
    ("More than 36,000 U.S. troops", "more than", 36000, inf),
    ("At least 5,300 are estimated", "at least", 5300, inf),
    ("the estimated 5,300 Americans", "the estimated", 4770, 5830),
    ("some 100 wooden cases", "some", 90, 110),
    ("nearly 200 homes", "nearly", 180, 200),
    ("about 5 people", "about", 4, 6),
])
def test_hedged_counts(text, hedge, lo, hi):
    f = only(text)
    assert f.hedge == hedge and f.lo == pytest.approx(lo) and (f.hi == hi or f.hi == pytest.approx(hi))


def test_hand_over_55_is_not_more_than_55():
    f = only("North Korea will hand over 55 troops’ remains")
    assert (f.hedge, f.lo, f.hi) == ("", 55, 55)


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("fifty-five soldiers", 55, ""), ("Ten people were killed", 10, ""), ("$380, 600 in damage", 380600, "$"),
    ("a $3 million bond", 3_000_000, "$"), ("40 percent of homes", 40, "%"), ("about 60 miles north", 60, "mile"),
    ("at a depth of 10 kilometers", 10, "kilometer"), ("a 6.1-magnitude quake", 6.1, "magnitude"),
    ("magnitude 5.9 quake", 5.9, "magnitude"),
])
def test_counts_and_measures(text, value, unit):
    f = only(text)
    assert (f.value, f.unit) == (value, unit)


def test_durations_ages_and_vague_amounts():
    d, = facts("two days of talks")
    assert (d.kind, value_text(d)) == ("duration", "2 days")
    a, = facts("A 57-year-old Wasilla woman")
    assert (a.kind, a.value) == ("age", 57)
    v, = facts("the remains of “thousands and thousands” of Americans")
    assert (v.kind, v.value, v.lo) == ("number", None, 2000)


def test_one_is_a_count_only_when_it_counts_someone():
    assert facts("was one of the agreements") == ()
    assert only("killing at least one person").value == 1


def test_phone_numbers_and_identifiers_are_no_numbers():
    assert facts("is asked to call Sergeant La Croix at 907-745-4811.") == ()
    assert facts("the F-16 jets, G7 talks and COVID-19 rules") == ()
    assert facts("between half and two-thirds of homes") == ()


def test_times_in_detokenised_text_and_time_zones():
    f, g = facts("struck on Tuesday at 07: 37 a. m. UTC (3: 37 a. m. EDT), killing")[1:]
    assert (f.value, f.unit, g.value, g.unit) == (457, "utc", 217, "edt")


def test_sports_scores_and_records():
    score, record = facts("The Colts beat the Chiefs 20-13 to move to (10-5).")
    assert (score.kind, value_text(score), record.kind) == ("score", "20-13", "record")


def test_spans_are_absolute_offsets_and_facts_in_filters_by_span():
    text = "Intro. The remains of 55 American soldiers may return next week."
    d = Document("t", "t.txt", "", "", "2018-07-17", "", text)
    for f in extract_facts(d):
        assert text[f.start : f.end] == f.text
    assert [f.text for f in facts_in(d, 0, 30)] == ["55"]


def test_extraction_is_cached_per_document():
    d = Document("t", "t.txt", "", "", None, "", "7,800 service members")
    assert extract_facts(d) is extract_facts(d)


def test_a_unit_written_against_its_number_and_a_conversion_as_rough_as_its_figure():
    km, miles = facts("the epicentre at about 58km (36 miles) south-west of Bandar Abbas")
    assert (km.text, km.unit, km.value, km.hedge) == ("about 58km", "km", 58, "about")
    # "(36 miles)" converts "about 58km": about 36 miles, not exactly 36
    assert (miles.text, miles.hedge, miles.lo < 36 < miles.hi) == ("36 miles", "about", True)
    (exact,) = facts("35 miles (56 km)")[1:]
    assert exact.hedge == "" and exact.lo == exact.hi == 56


def test_a_moment_or_two_is_no_count():
    found = facts("Within a moment or two, the roof was ablaze. In the next minute or two, two trucks came.")
    assert [f.text for f in found] == ["two"]


# ---------------------------------------------------------------- the recognisers' leads (speed, not meaning)


def _texts() -> list[str]:
    """Every text of the sample corpus and of the facts' test data, and a few written for the leads: each
    kind of value, at the start and end of a text, in other scripts' digits and with currency signs."""
    from helpers import CORPUS, DATA

    written = [
        "On Monday, March 3, 2014 at 10:30 a.m. EST, twenty-five people were killed; 3-2 and (4-1) scores.",
        "١٢ people died on 3 March; ٣٤٥ were hurt. £5m, €40 and US$ 1,200 were lost between 2001 and 2003.",
        "Fifty-one years ago, the 7th anniversary, a magnitude 6.1 quake: no casualties, none were killed.",
        "Last week, this morning, yesterday: dozens of 5-star hotels, 1 in 5 people, ages 5, 6 and 7.",
        "9-1-1 and 555-123-4567, 24/7, the 1990s, aged 42, 30-year-old, a 12-year girl, 3 hours, 2nd.",
        "2014", "two", "March", "Monday", "", "x",
    ]
    files = [p for p in [*CORPUS.rglob("*"), *(DATA / "facts").rglob("*"), *(DATA / "documents").rglob("*")]
             if p.is_file() and p.suffix in (".txt", ".md", ".json", ".html")]
    return written + [p.read_text(encoding="utf-8", errors="replace") for p in files]


def test_each_led_recogniser_finds_what_its_pattern_finds():
    """A recogniser led by a lookahead (`extract._led`) matches exactly where its pattern does, with the
    same groups, over whole texts and over stretches of them (as `Reader` scans)."""
    import re

    from viewer.core.facts.extract import _RECOGNISERS

    led = [p for p, _, _ in _RECOGNISERS if p.pattern.startswith("(?=[")]
    assert len(led) >= len(_RECOGNISERS) // 2  # the leads are there: most patterns begin with a word or \b
    texts = _texts()
    for pattern in led:
        plain = re.compile(pattern.pattern[pattern.pattern.index("])(?:") + 5 : -1], pattern.flags)
        for text in texts:
            for lo, hi in ((0, len(text)), (len(text) // 3, 2 * len(text) // 3)):
                assert ([(m.span(), m.groups()) for m in pattern.finditer(text, lo, hi)]
                        == [(m.span(), m.groups()) for m in plain.finditer(text, lo, hi)]), plain.pattern


def test_a_lead_is_only_what_a_match_must_start_with():
    """The lead admits every character a match can start with (what follows \\b, lookarounds, an optional
    part), and no lead is made where it cannot be told or would not help."""
    import re

    from viewer.core.facts.extract import _led

    assert (_led(re.compile(r"\b(?:Monday|Tuesday)\b")).pattern
            == r"(?=[\U0000004d\U00000054])(?:\b(?:Monday|Tuesday)\b)")
    assert _led(re.compile(r"\b(?:x\s)?\d+")).pattern.startswith(r"(?=[\U00000078\d])")
    assert _led(re.compile(r"(?<=at )\d")).pattern.startswith(r"(?=[\d])")
    assert _led(re.compile(r"\b(?P<a>x)(?P=a)?")).pattern.startswith(r"(?=[\U00000078])")
    # case-blind, able to match nothing, any character or a negated class first, or already beginning with
    # a character (the engine looks for that by itself): kept as it is
    for kept in [r"(?i:monday)", r"(?i)\bmonday", r"\ba*", r"\b(?:a|b?)", r"\b[^a]", r"\b.x", r"abc", r"[ab]c",
                 r"\b\D"]:
        pattern = re.compile(kept)
        assert _led(pattern) is pattern, kept
