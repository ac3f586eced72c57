"""Titles detected as a reader would: the real cases where the first line is not the headline (a Telegram
pitch, photo captions, a dateline), the sample corpus and a NewsWCL50 cluster as loaded."""

from __future__ import annotations

import pytest
from helpers import CORPUS, DATA

from viewer.core.ingest.documents import load_corpus
from viewer.core.ingest.metadata import first_sentence, headline


def titles(folder) -> dict[str, str]:
    return {d.id: d.title for d in load_corpus(folder).documents}


def test_sample_corpus_titles_skip_the_pitch_and_the_captions() -> None:
    found = titles(CORPUS)
    assert found["American Military News.txt"] == (
        "North Korea may return up to 55 US troops’ remains next week: report"
    )
    # no headline in these files: a photo caption opens them, then the text; its first sentence stands in
    assert found["Asian Correspondent.txt"].startswith(
        "THE United States is expecting the return of about 50"
    )
    assert found["The Washington Post.txt"].startswith("The U.S. military is expecting the repatriation")
    for title in found.values():
        assert "Telegram" not in title and "(File)" not in title and "right," not in title
        assert len(title) <= 160


def test_a_dateline_is_not_a_title() -> None:
    nyt = titles(DATA / "ui" / "newswcl50-event_0")["new-york-times.md"]
    assert nyt.startswith("President Trump dispatched the C.I.A. director Mike Pompeo to North Korea")
    assert "WEST PALM BEACH" not in nyt


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Join our brand new verified AMN Telegram channel!\n\nQuake kills 10\n\nText.", "Quake kills 10"),
        ("Sign up for our newsletter\nQuake kills 10\nText.", "Quake kills 10"),
        ("A rescuer, right, carries a child. (Jane Doe/AP)\n\nQuake kills 10\n\nText.", "Quake kills 10"),
        ("(File) Villagers in tents. Source: John Roe/Reuters\nQuake kills 10\nText.", "Quake kills 10"),
        ("By Jane Doe\nJuly 17, 2018\nQuake kills 10\nText.", "Quake kills 10"),
        (
            "Ten dead in southern Iran quake.\n\nA powerful earthquake has hit.",
            "Ten dead in southern Iran quake.",
        ),
        (
            "WASHINGTON (Reuters) - Mr. Smith said on Monday that it rained. Then more.",
            "Mr. Smith said on Monday that it rained.",
        ),
    ],
)
def test_headline_rules(text: str, title: str) -> None:
    assert headline("", text) == title


def test_the_metadata_title_wins_unless_it_is_junk() -> None:
    assert headline("Quake kills 10", "Other first line\nText.") == "Quake kills 10"
    assert headline("Subscribe to our newsletter", "Quake kills 10\nText.") == "Quake kills 10"


def test_abbreviations_do_not_end_the_first_sentence() -> None:
    text = "The U.S. envoy met Gen. Kim in Fla. on Sunday. It rained."
    assert first_sentence(text) == "The U.S. envoy met Gen. Kim in Fla. on Sunday."


def test_a_headline_run_into_the_lede_is_cut_where_its_address_ends() -> None:
    """Scraped NewsWCL50 articles glue the headline to the first paragraph without a full stop; the words of
    the article's address (the site's slug of the headline) say where it ends."""
    found = titles(DATA / "ui" / "newswcl50-event_0")
    assert found["breitbart.md"] == "Report: Mike Pompeo secretly met with Kim Jong-un over Easter weekend"
    assert found["fox-news.md"] == "Report: Mike Pompeo met with Kim Jong Un"


@pytest.mark.parametrize(
    ("text", "url", "title"),
    [
        (  # a quotation closed at the cut stays closed
            "Donald Trump: Comey memos show ' he leaked classified information ' President Donald Trump "
            "commented on the public release of the memos on Thursday.",
            "http://www.breitbart.com/2018/04/19/donald-trump-comey-memos-show-he-leaked-classified-information/",
            "Donald Trump: Comey memos show ' he leaked classified information '",
        ),
        (  # the lede repeats the address's words: the earliest cut holding them all wins
            "President Trump to visit United Kingdom in July The President of the United States Donald Trump "
            "will visit the United Kingdom on July 13.",
            "http://www.breitbart.com/london/2018/04/26/president-trump-visit-united-kingdom-july/",
            "President Trump to visit United Kingdom in July",
        ),
        (  # a capitalised name is no stopword: 'May' ends the headline, 'and' never does
            "Trump to visit United Kingdom in July, meet with PM Theresa May Trump, May reaffirm ' special "
            "relationship ' in Davos.",
            "http://www.foxnews.com/2018/04/26/trump-to-visit-united-kingdom-in-july-meet-with-pm-theresa-may.html",
            "Trump to visit United Kingdom in July, meet with PM Theresa May",
        ),
        (  # an address of query parameters names no headline: the first sentence as before
            "Trump signals openness to a new deal to constrain Iran President Trump and Melania Trump met "
            "the Macrons.",
            "https://www.nytimes.com/2018/04/24/world/europe/trump-macron-iran.html?module=package&version=1",
            "Trump signals openness to a new deal to constrain Iran President Trump and Melania Trump met "
            "the Macrons.",
        ),
        (  # an address about something else: no cut
            "Mike Pompeo, Trump's secretary of State pick, made a secret visit to North Korea, report says "
            "President Donald Trump confirmed it.",
            "https://www.usatoday.com/story/news/2018/04/17/trump-meets-anxious-abe-mar-lago-trade-agenda/1/",
            "Mike Pompeo, Trump's secretary of State pick, made a secret visit to North Korea, report says "
            "President Donald Trump confirmed it.",
        ),
    ],
)
def test_run_on_headline_rules(text: str, url: str, title: str) -> None:
    assert headline("", text, url) == title
