"""Where a headline, a deck and a dateline end and the lede starts (viewer.core.align.passages): each rule of
the cut pinned by the real text it was written for (NewsWCL50, ECB+, Clough & Stevenson), and the prose it
must leave whole."""

from __future__ import annotations

from helpers import document

from viewer.core.align.passages import prepare


def _sentences(text: str, title: str = "") -> list[str]:
    p = prepare(document("d.md", text, title=title))
    return [text[s.start : s.end] for s in p.sentences]


def test_a_dateline_stays_on_the_lede_it_opens() -> None:
    # NewsWCL50 event_0 (The New York Times): the dash after the dateline is punctuation, not a headline's end
    lede = ("WEST PALM BEACH, Fla. — President Trump dispatched the C.I.A. director Mike Pompeo to North Korea to "
            "meet with its leader, Kim Jong-un, in recent weeks to lay the groundwork for a summit meeting between "
            "Mr. Kim and Mr. Trump, two people briefed on the secret trip said on Tuesday.")
    assert _sentences(lede) == [lede]
    # NewsWCL50 event_6 (Breitbart, from UPI): the title is cut off, the dateline stays on its lede
    title = "Members of migrant caravan prepare to reach U.S.-Mexico border"
    lede = ("April 29 (UPI) — A caravan of hundreds of migrants is expected to reach the border between the United "
            "States and Mexico on Sunday, with many in search of asylum.")
    assert _sentences(f"{title} {lede}", title=title) == [title, lede]


def test_a_name_in_the_lede_is_not_cut_where_a_word_of_it_is_written_in_lower_case() -> None:
    # ECB+ 13_13: "Dairy" of "Matanuska Maid Dairy" is a word the headline writes in lower case; inside a
    # run of capitalised words only a dateline may start the lede
    text = ("Historic dairy building destroyed by fire.\n\nA fire on Tuesday destroyed Palmer's historic Matanuska "
            "Maid Dairy warehouse building, which was built in the 1930s when colonists arrived from the Midwest "
            "to try their hand at farming in Alaska.")
    assert _sentences(text) == text.split("\n\n")


def test_the_top_ends_at_the_lede() -> None:
    """Below the first sentence of LEDE_WORDS words no headline is looked for: Clough & Stevenson g1pB_taskd's
    second paragraph opens with a sentence that names events by capital letters."""
    text = ("Bayes’ theorem relates the conditional and marginal probabilities of two random events.  It is "
            "mainly used to calculate the probability of one event’s outcome given that a previous event "
            "happened.\nThe theorem states that the probability of Event A happening given Event B is the "
            "probability of B given A multiplied by the probability of A regardless of B all divided by the "
            "probability of B regardless of A which acts as a normalising constant.")
    assert _sentences(text)[2].startswith("The theorem states that")
    assert _sentences(text)[2].endswith("which acts as a normalising constant.")


def test_a_dateline_with_a_news_agency_starts_the_lede() -> None:
    # NewsWCL50 event_8 (Breitbart, from AFP), read without its title: the dateline "Washington (AFP) –"
    # after the headline's last word starts the lede
    headline = "Mueller hints at obstruction in Trump questions: report"
    lede = ("Washington (AFP) – Special Counsel Robert Mueller has submitted questions to the White House that "
            "indicate a focus on whether President Donald Trump tried to obstruct a probe into Russian "
            "interference, The New York Times reported Monday.")
    assert _sentences(f"{headline} {lede}") == [headline, lede]
    # with its title, the same: what follows a dateline is the lede, no deck under the headline, where the
    # name after "whether" was taken for the lede's start
    assert _sentences(f"{headline} {lede}", title=headline) == [headline, lede]


def test_a_dateline_starts_the_lede_after_a_headline_ending_in_lower_case() -> None:
    # NewsWCL50 event_7 (The New York Times)'s dateline and lede under a headline ending in a common word
    headline = "Trump delays decision on steel and aluminum tariffs for allies"
    lede = ("WASHINGTON — The Trump administration said on Monday that it would delay a decision to impose steel "
            "and aluminum tariffs on the European Union, Canada and Mexico for another 30 days.")
    assert _sentences(f"{headline} {lede}") == [headline, lede]
    # a place and its state or country (a name of three or four capitals needs the comma: "NATO —" is none)
    lede = "LIMA, Peru — " + lede.removeprefix("WASHINGTON — ")
    assert _sentences(f"{headline} {lede}") == [headline, lede]


def test_a_place_in_capitals_is_not_cut_in_two() -> None:
    # the first word of a dateline that follows punctuation cannot start the lede, and the next one, inside
    # a run of capitals, does not either
    text = ("Strong earthquake warning issued: SAN FRANCISCO — A strong earthquake struck northern California on Tuesday, "
            "killing at least one person and injuring dozens more.")
    assert _sentences(text) == [text]


def test_an_article_before_a_name_opens_no_lede() -> None:
    # "obtained by The New York Times" (NewsWCL50 event_8): "The" opens a sentence only before a lower-case word
    text = ("A list of the questions obtained by The New York Times shows that Mr. Mueller wants to ask the "
            "president about his ties to Russia.")
    assert _sentences(text) == [text]


def test_a_headline_ends_three_words_in_at_the_earliest() -> None:
    # "asked President Trump whether" is no headline of two words run into a lede
    text = ("Reporters asked President Trump whether he would meet the North Korean leader in Singapore after the "
            "talks in Paris.")
    assert _sentences(text) == [text]


def test_a_headline_is_looked_for_in_the_first_thirty_words_only() -> None:
    # a long lede (NewsWCL50 event_0's, with its leader named after a common word) holds the shape of a name
    # run into a sentence at its 31st word, beyond any headline's length
    text = ("President Trump dispatched the C.I.A. director Mike Pompeo to North Korea in recent weeks to lay the "
            "groundwork for a summit meeting between the two leaders, and its young leader Kim Jong-un agreed to meet "
            "Mr. Trump in the spring, two people briefed on the secret trip said on Tuesday.")
    assert _sentences(text) == [text]


def test_a_title_of_fewer_than_three_words_cuts_nothing() -> None:
    # a page titled by a topic ("North Korea") above a sentence that opens with it
    text = ("North Korea Foreign Minister Ri Yong Ho said on Tuesday that the talks with the United States would "
            "go ahead as planned.")
    assert _sentences(text, title="North Korea") == [text]


def test_a_title_cuts_only_at_the_end_of_a_word() -> None:
    # (a title that a first word of the text extends: "US" of "USA")
    text = ("Trump visits USA Today's newsroom in Virginia on Tuesday to talk about the trade war with China and "
            "the midterm elections.")
    assert _sentences(text, title="Trump visits US") == [text]


_DECK = "A powerful 6.1-magnitude earthquake struck the Indonesian province of Aceh with no tsunami warning issued"
_LEDE = ("A strong 6.1-magnitude earthquake struck the northwestern Indonesian province of Aceh on Tuesday, the US "
         "Geological Survey said, sending people running into the streets in panic.")


def test_a_headline_and_a_deck_run_into_the_lede_are_both_cut() -> None:
    # ECB+ 37_11's deck and lede under a headline, with the line breaks between them lost
    headline = "Earthquake strikes northern Sumatra, killing a child"
    assert _sentences(f"{headline} {_DECK} {_LEDE}") == [headline, _DECK, _LEDE]


def test_a_paragraph_left_out_whole_does_not_count_to_the_top() -> None:
    # a picture's caption between the headline and the deck (ECB+ 37_11's) leaves the deck within the top
    text = (f"6.1-magnitude quake strikes Indonesia's Aceh: USGS.\n\nPresident Joko Widodo, center, visits the "
            f"province.\n\nBy Reuters staff.\n\n{_DECK} {_LEDE}")
    assert _sentences(text)[-2:] == [_DECK, _LEDE]
