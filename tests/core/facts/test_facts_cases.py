"""The 18 cases of the developers' guide (facts.md), verbatim sentences from the sample corpus.

Each sentence sits in a Document with the date its article carries (LifeZette carries none); where a case
depends on a date, the undated variant is tested too.
"""

from __future__ import annotations

import pytest
from helpers import document

from viewer.core.facts import compare_passages, pair_divergences
from viewer.core.model import Document

LZ, AMN, WP, AC = None, "2018-07-17", "2018-06-20", "2018-07-18"
YON = "2018-07-15"


def doc(text: str, date: str | None, name: str = "doc") -> Document:
    return document(name, text, path=f"{name}.txt", title=name, source=name, date=date)


def verdicts(text_a: str, date_a: str | None, text_b: str, date_b: str | None):
    a, b = doc(text_a, date_a, "a"), doc(text_b, date_b, "b")
    return compare_passages(a, (0, len(text_a)), b, (0, len(text_b)))


def pairing(text_a, date_a, text_b, date_b, value_a: str, value_b: str):
    """The verdict pairing the fact whose text contains `value_a` with the one containing `value_b`."""
    for v in verdicts(text_a, date_a, text_b, date_b):
        if v.a and v.b and value_a in v.a.text and value_b in v.b.text:
            return v
    raise AssertionError(f"{value_a!r} and {value_b!r} were not paired")


FLIGHT_LZ = ("The United States would be permitted to fly the military remains in containers out of North "
             "Korea "
             "on June 27, the anniversary of the armistice, according to the agreement.")
FLIGHT_AMN = ("As a result of the meeting, a U.S. delegation is planned to retrieve the remains from North "
              "Korea, "
              "then fly them out on July 27.")
FLIGHT_AC = ("According to military-based newspaper Stars and Stripes, a US delegation was expected to "
             "retrieve the "
             "remains in North Korea and fly them out on July 27, either to Osan Air Base in South Korea "
             "or Hawaii.")
MISSING_WP = ("According to the Defense POW/MIA Accounting Agency, 7,800 American service members remain "
              "unaccounted for from the Korean War, and about 5,300 are believed to be located within "
              "North Korea.")
MISSING_AMN = ("More than 36,000 U.S. troops were killed, and 7,700 of those remain unaccounted for. "
               "At least 5,300 are estimated to have been killed in North Korea.")
MISSING_AC = ("About 7,700 US military personnel remain unaccounted for from the Korean War, in which the "
              "United "
              "States fought alongside South Korea against the North.")
RETURN_AC = ("THE United States is expecting the return of about 50 American soldiers who died in the "
             "Korean War "
             "within the next two weeks following Pyongyang’s talks with President Donald Trump’s "
             "administration, "
             "a US official said.")
RETURN_AMN = ("A United States official said Tuesday that North Korea will hand over as many as 55 troops’ "
              "remains "
              "and permit the U.S. to return them home next week, Stars and Stripes first reported.")
RETURN_LZ = ("The U.S. and North Korea reportedly have come to an agreement: The remains of 55 American "
             "soldiers "
             "may return home to this country as early as next week.")
GENERALS_LZ = "The two parties sat down for the first meeting between generals in nine years on Sunday."
GENERALS_AMN = "It was the first meeting between the two nations’ top military officials since 2009."
GENERALS_YON = ('"This meeting was aimed at fulfilling one of the commitments made by Chairman Kim at the '
                'Singapore '
                'Summit," Pompeo said in the statement, noting that it was the first general-level talks '
                'between the '
                'two countries since 2009.')
ARMISTICE_LZ = ("The agreement would mark an achievement in the ongoing talks between the U.S. and the "
                "Democratic "
                "People’s Republic of Korea (DPRK), 65 years after the two countries signed an armistice.")
ARMISTICE_AMN = ("The date is said to be symbolic, as it falls on the 65th anniversary of the armistice "
                 "that was "
                 "signed to end the war.")
CASKETS_AMN = ("Last month, U.S. forces transported 100 wooden caskets to the Demilitarized Zone (DMZ) in "
               "preparation to transport the recovered remains.")
CASKETS_YON = ("Last month the U.S. military moved some 100 wooden cases to Panmunjom to prepare to receive "
               "the remains.")
CASKETS_AC = ("According to South Korean media, US forces brought about 100 wooden coffins into the "
              "Demilitarized "
              "Zone between the Koreas last month to prepare for the handover of remains.")
WAR_AMN = "The remains are believed to be that of U.S. troops killed in the 1950-1953 Korean War."
WAR_YON = ("The United States and North Korea have agreed to resume searching for the remains of thousands "
           "of "
           "American soldiers killed in the 1950-53 Korean War, U.S. Secretary of State Mike Pompeo said "
           "Sunday.")
TALKS_LZ = ("“Working-level meetings between U.S. and North Korean officials will begin on Monday, July "
            "16, to "
            "coordinate the next steps, including the transfer of remains already collected in the DPRK,” "
            "Pompeo "
            "had said in a statement on Sunday.")
TALKS_YON = ("On Monday the two countries will begin working-level talks to coordinate the repatriation of "
             "remains "
             "already found in the North, he added.")
SCHEDULE_YON = "Sunday's meeting was initially scheduled for last Thursday."
SCHEDULE_AC = ("The first meeting had initially been scheduled for July 12, but the North Koreans failed "
               "to show up, "
               "the senior US official said")
TUESDAY_AC = ("An unnamed US official on Tuesday told Reuters that the timing of the handover and the "
              "number of sets "
              "remains to be returned is still uncertain")
RETURN_TITLE_AMN = "North Korea may return up to 55 US troops’ remains next week: report"
LAST_TIME_LZ = ("It would be the first repatriation of U.S. military remains from North Korea since 2007, "
                "Stars & "
                "Stripes claimed.")
LAST_TIME_YON = "The last time North Korea returned the remains of American troops was in 2007."
TWO_HUNDRED_AMN = ("North Korean officials have indicated that they may have as many as 200 remains ready to "
                   "transfer to the U.S.")
TWO_HUNDRED_WP = ("North Korean officials have said they have the remains of about 200 U.S. service "
                  "members that "
                  "they have recovered since the active conflict with the United States ended in 1953.")
ESTIMATED_YON = ('"Additionally, both sides agreed to re-commence field operations in the DPRK to search '
                 'for the '
                 'estimated 5,300 Americans who never returned home."')
SUMMIT_AC = ("US President Donald Trump announced after an unprecedented June 12 summit with North Korean "
             "leader "
             "Kim Jong Un aimed at persuading North Korea to give up its nuclear weapons")
SUMMIT_WP = ("President Trump, right, and North Korean leader Kim Jong Un reach to shake hands at their "
             "summit in "
             "Singapore on June 12, 2018.")
STAR_YON = "The North Korean delegation included a two-star general, according to sources."
STAR_WP = ("Looking forward to the expected transfer, officials said the multinational United Nations "
           "Command in "
           "South Korea, headed by an American 4-star general, would likely receive the remains from North "
           "Korean "
           "authorities, possibly along the two countries’ border.")


@pytest.mark.parametrize("date_lz", [None, "2018-07-16"])
@pytest.mark.parametrize(("other", "date_other"), [(FLIGHT_AMN, AMN), (FLIGHT_AC, AC)])
def test_case_01_flight_date_conflicts(date_lz, other, date_other):
    v = pairing(FLIGHT_LZ, date_lz, other, date_other, "June 27", "July 27")
    assert v.verdict == "conflict"
    assert v.value_a == "2018-06-27" and v.value_b == "2018-07-27"
    assert v.confidence >= 0.5


def test_case_01_is_a_shown_divergence_with_absolute_spans():
    a, b = doc("Intro. " + FLIGHT_LZ, None, "lz"), doc(FLIGHT_AMN, AMN, "amn")
    (d,) = [d for d in pair_divergences(a, (7, len(a.text)), b, (0, len(b.text))) if d.verdict == "conflict"]
    assert a.text[d.a.start : d.a.end] == "June 27" and d.a.text == "June 27"
    assert b.text[d.b.start : d.b.end] == "July 27"
    assert (d.kind, d.a.value, d.b.value) == ("date", "2018-06-27", "2018-07-27")


def test_case_02_7800_against_7700_conflicts_and_36000_stays_apart():
    found = verdicts(MISSING_WP, WP, MISSING_AMN, AMN)
    v = pairing(MISSING_WP, WP, MISSING_AMN, AMN, "7,800", "7,700")
    assert v.verdict == "conflict"
    assert (v.value_a, v.value_b) == ("7800", "7700")
    (big,) = [x for x in found if x.b and "36,000" in x.b.text]
    assert big.verdict == "only" and big.a is None


def test_case_03_7800_against_about_7700_is_flagged():
    v = pairing(MISSING_WP, WP, MISSING_AC, AC, "7,800", "About 7,700")
    assert v.verdict in ("soft", "conflict")
    assert v.b.hedge == "about" and v.value_b == "[6930, 8470]"


@pytest.mark.parametrize(("other", "date_other", "text_other"),
                         [(RETURN_AMN, AMN, "55"), (RETURN_LZ, LZ, "55")])
def test_case_04_about_50_against_55_is_soft(other, date_other, text_other):
    v = pairing(RETURN_AC, AC, other, date_other, "about 50", text_other)
    assert v.verdict == "soft"
    assert v.value_a == "[45, 55]"


@pytest.mark.parametrize("date_lz", ["2018-07-16", None])
@pytest.mark.parametrize(("other", "date_other"), [(GENERALS_AMN, AMN), (GENERALS_YON, YON)])
def test_case_05_nine_years_is_since_2009(date_lz, other, date_other):
    v = pairing(GENERALS_LZ, date_lz, other, date_other, "nine years", "2009")
    assert v.verdict == "equivalent"
    assert v.value_a == v.value_b == "since 2009"


def test_case_05_with_no_date_anywhere_is_no_conflict():
    found = verdicts(GENERALS_LZ, None, GENERALS_AMN, None)
    assert not [v for v in found if v.verdict in ("conflict", "soft")]
    a, b = doc(GENERALS_LZ, None), doc(GENERALS_AMN, None)
    assert pair_divergences(a, (0, len(a.text)), b, (0, len(b.text))) == ()


def test_case_06_65_years_after_is_the_65th_anniversary():
    v = pairing(ARMISTICE_LZ, LZ, ARMISTICE_AMN, AMN, "65 years", "65th")
    assert v.verdict == "equivalent"
    assert "anniversary" in v.rule


@pytest.mark.parametrize(("other", "date_other", "hedged"), [(CASKETS_YON, YON, "some 100"),
                                                             (CASKETS_AC, AC, "about 100")])
def test_case_07_100_caskets_against_some_or_about_100_is_a_hedge(other, date_other, hedged):
    v = pairing(CASKETS_AMN, AMN, other, date_other, "100", hedged)
    assert v.verdict == "hedge"


def test_case_07_some_100_and_about_100_say_the_same():
    v = pairing(CASKETS_YON, YON, CASKETS_AC, AC, "some 100", "about 100")
    assert v.verdict in ("same", "hedge")


def test_case_07_last_month_in_both_is_the_same_month():
    v = pairing(CASKETS_AMN, AMN, CASKETS_AC, AC, "Last month", "last month")
    assert v.verdict == "same" and v.value_a == v.value_b == "2018-06"


def test_case_08_1950_53_is_1950_1953():
    v = pairing(WAR_AMN, AMN, WAR_YON, YON, "1950-1953", "1950-53")
    assert v.verdict == "equivalent"
    assert v.value_a == v.value_b == "1950..1953"


@pytest.mark.parametrize("date_lz", [None, "2018-07-16"])
def test_case_09_monday_july_16_and_on_monday_are_the_same(date_lz):
    v = pairing(TALKS_LZ, date_lz, TALKS_YON, YON, "July 16", "Monday")
    assert v.verdict == "same"
    assert v.value_a == v.value_b == "2018-07-16"


def test_case_10_last_thursday_is_july_12():
    v = pairing(SCHEDULE_YON, YON, SCHEDULE_AC, AC, "last Thursday", "July 12")
    assert v.verdict == "same" and v.value_a == v.value_b == "2018-07-12"


def test_case_10_undated_yonhap_reads_last_thursday_against_the_other_article():
    v = pairing(SCHEDULE_YON, None, SCHEDULE_AC, AC, "last Thursday", "July 12")
    assert v.verdict == "same" and v.value_a.startswith("2018-07-12")


def test_case_11_tuesday_in_articles_of_july_17_and_18_is_july_17():
    v = pairing(RETURN_AMN, AMN, TUESDAY_AC, AC, "Tuesday", "Tuesday")
    assert v.verdict == "same"
    assert v.value_a == v.value_b == "2018-07-17"


def test_case_11_different_weekdays_resolve_to_different_days():
    v = pairing("A United States official said Monday that", AMN, "A US official on Tuesday said that", AC,
                "Monday", "Tuesday")
    assert v.verdict == "conflict"
    assert (v.value_a, v.value_b) == ("2018-07-16", "2018-07-17")


def test_case_12_55_against_up_to_55_is_a_hedge_and_may_is_no_date():
    v = pairing(RETURN_LZ, LZ, RETURN_TITLE_AMN, AMN, "55", "up to 55")
    assert v.verdict == "hedge"
    week = pairing(RETURN_LZ, LZ, RETURN_TITLE_AMN, AMN, "next week", "next week")
    assert week.verdict == "same"
    every = verdicts(RETURN_LZ, LZ, RETURN_TITLE_AMN, AMN)
    assert not any("may" in (v.a or v.b).text.lower() for v in every)


def test_case_13_since_2007_is_the_last_time_in_2007():
    v = pairing(LAST_TIME_LZ, LZ, LAST_TIME_YON, YON, "2007", "2007")
    assert v.verdict == "equivalent"


def test_case_14_as_many_as_200_against_about_200_is_a_hedge():
    v = pairing(TWO_HUNDRED_AMN, AMN, TWO_HUNDRED_WP, WP, "as many as 200", "about 200")
    assert v.verdict == "hedge"


def test_case_15_the_estimated_5300_against_at_least_5300_is_a_hedge():
    v = pairing(ESTIMATED_YON, YON, MISSING_AMN, AMN, "estimated 5,300", "At least 5,300")
    assert v.verdict == "hedge"


def test_case_16_june_12_summit_is_june_12_2018():
    v = pairing(SUMMIT_AC, AC, SUMMIT_WP, WP, "June 12", "June 12, 2018")
    assert v.verdict == "same" and v.value_a == "2018-06-12"


def test_case_17_two_star_and_4_star_generals_never_conflict():
    found = verdicts(STAR_YON, YON, STAR_WP, WP)
    assert not [v for v in found if v.verdict == "conflict"]
    a, b = doc(STAR_YON, YON), doc(STAR_WP, WP)
    assert not [d for d in pair_divergences(a, (0, len(a.text)), b, (0, len(b.text))) if d.kind == "rank"]


def test_case_18_36000_killed_is_only_in_one():
    found = verdicts(MISSING_AMN, AMN, MISSING_WP, WP)
    (big,) = [v for v in found if v.a and "36,000" in v.a.text]
    assert big.verdict == "only" and big.b is None
    assert big.value_a == "[36000, inf]"


def test_pair_divergences_keeps_only_confident_non_same_verdicts():
    a, b = doc(MISSING_WP, WP, "wp"), doc(MISSING_AMN, AMN, "amn")
    shown = pair_divergences(a, (0, len(a.text)), b, (0, len(b.text)))
    assert {d.verdict for d in shown} <= {"conflict", "soft", "hedge", "equivalent"}
    assert all(d.confidence >= 0.5 for d in shown)
    assert ("7,800", "7,700", "conflict") in {(d.a.text, d.b.text, d.verdict) for d in shown}
