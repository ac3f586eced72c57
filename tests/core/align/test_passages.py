"""Sentences, matching keys and their offsets (viewer.core.align.passages)."""

from __future__ import annotations

import itertools

from helpers import DATA, document

from viewer.core.align.passages import (
    CLAUSE,
    JOINED,
    MONTH,
    NUMBER,
    STATEMENT,
    WEEKDAY,
    _paragraphs,
    _split_sentences,
    prepare,
)
from viewer.core.ingest.documents import load_corpus
from viewer.core.ingest.metadata import headline as reader_title
from viewer.core.model import Document


def _doc(text: str) -> Document:
    return document("d.txt", text)


def _sentences(text: str) -> list[str]:
    """The sentences as the splitter cuts them, before fragments are joined to their neighbours."""
    return [text[s:e] for i, paragraph in enumerate(_paragraphs(text))
            for s, e in _split_sentences(text, *paragraph, 0 if i == 0 else -1)[0]]


def _prepared_sentences(text: str) -> list[str]:
    p = prepare(_doc(text))
    return [text[s.start : s.end] for s in p.sentences]


def _keys(text: str) -> list[str]:
    return list(prepare(_doc(text)).keys)


def test_sentences_split_on_end_punctuation_and_paragraphs() -> None:
    text = 'Pompeo said Sunday. "Today\'s talks were productive."\nNew paragraph here! And more?'
    assert _sentences(text) == [
        "Pompeo said Sunday.",
        '"Today\'s talks were productive."',
        "New paragraph here!",
        "And more?",
    ]


def test_a_line_break_escaped_as_text_ends_a_paragraph() -> None:
    """Scraped text (NewsWCL50) keeps some line breaks as the two characters backslash and n."""
    text = ('Trump said the talks on Iran went further than on any other issue.  \\n Macron said he wants a new '
            'deal.\nNext line. A path C:\\new stays.')
    assert _sentences(text) == [
        "Trump said the talks on Iran went further than on any other issue.",
        "Macron said he wants a new deal.",
        "Next line.",
        "A path C:\\new stays.",
    ]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "At around 10 a.m., Maj. Gen. Michael Minihan led the U.S. side. Army Cpl. Albert E. Quintero returned."
    assert _sentences(text) == [
        "At around 10 a.m., Maj. Gen. Michael Minihan led the U.S. side.",
        "Army Cpl. Albert E. Quintero returned.",
    ]


def test_offsets_point_into_the_original_text() -> None:
    text = "  The remains of 55 American soldiers\u00a0may return.\r\n"
    p = prepare(_doc(text))
    for i in range(len(p.keys)):
        assert text[p.starts[i] : p.ends[i]].strip() == text[p.starts[i] : p.ends[i]]
    assert [text[s:e] for s, e in zip(p.starts, p.ends, strict=True)][:4] == ["The", "remains", "of", "55"]


def test_matching_ignores_what_readers_ignore() -> None:
    assert _keys("Working-level meetings") == _keys("Working level meetings")
    assert _keys("the U.S. delegation") == _keys("the US delegation")
    assert _keys("Stars & Stripes") == _keys("Stars and Stripes")
    assert _keys("They\u2019re going to ?coordinate") == _keys("They're going to coordinate")
    assert _keys("THE REMAINS") == _keys("the remains")
    assert _keys("100 wooden caskets") == _keys("100 wooden coffins")
    # A two-word name keeps its two tokens (offsets stay true) but both take the one-word key.
    assert _keys("7,800 American service members") == ["#", "american", "troop", "troop"]
    assert set(_keys("the United States")) == set(_keys("the US"))


def test_digits_stay_in_as_classes_so_changed_values_still_match() -> None:
    assert _keys("fly them out on June 27") == _keys("fly them out on July 27")
    june = prepare(_doc("on June 27 and 7,800 of them"))
    assert MONTH in june.keys and NUMBER in june.keys
    assert {v for v in june.values if v} == {"#27", "#7800"}
    assert WEEKDAY in _keys("met on Sunday")


def test_may_is_a_month_only_when_capitalised() -> None:
    assert MONTH not in _keys("North Korea may return the remains")
    assert MONTH in _keys("in May 2018")


def test_names_are_flagged_capitalised_but_not_the_sentence_start() -> None:
    p = prepare(_doc("The official told Mike Pompeo."))
    flags = dict(zip(("the", "official", "told", "mike", "pompeo"), p.capitalised, strict=True))
    assert flags == {"the": False, "official": False, "told": False, "mike": True, "pompeo": True}


def test_empty_and_punctuation_only_text_has_no_sentences() -> None:
    assert prepare(_doc("")).sentences == ()
    assert prepare(_doc(" ... \n -- \n")).sentences == ()


def test_a_detokenised_closing_quote_after_the_full_stop_ends_the_sentence() -> None:
    # Research datasets detokenise `before."` as `before. "`: the quote closes the open quotation.
    text = '" They restart it, they will have bigger problems than ever before. " Trump said during the meeting.'
    assert _sentences(text) == [
        '" They restart it, they will have bigger problems than ever before. "',
        "Trump said during the meeting.",
    ]


def test_a_detokenised_opening_quote_after_the_full_stop_starts_the_next_sentence() -> None:
    text = 'Macron answered the reporters. " It is together that we will succeed, " he said.'
    assert _sentences(text) == [
        "Macron answered the reporters.",
        '" It is together that we will succeed, " he said.',
    ]


def test_every_detokenised_closing_quote_ends_the_sentence() -> None:
    # ECB+ closes quotes Penn-Treebank style (`''`), opens them with `"` or a glued `''`; other sources set
    # curly quotes apart after the stop (37_10ecbplus, 20_8ecbplus, 13_9ecbplus).
    text = ('"There are around 30 people seriously injured. The rest have only light injuries like minor '
            "cuts and grazes. '' Injured people had been transported from several villages, she said.")
    assert _sentences(text)[1:] == [
        "The rest have only light injuries like minor cuts and grazes. ''",
        "Injured people had been transported from several villages, she said.",
    ]
    text = ("Zareh dismissed concerns about tsunamis, IRNA reported. ''The Persian Gulf is not deep enough, '' "
            "he was quoted as saying.")
    assert _sentences(text) == [
        "Zareh dismissed concerns about tsunamis, IRNA reported.",
        "''The Persian Gulf is not deep enough, '' he was quoted as saying.",
    ]
    text = "“ Our crews are going to be out here all day. ” Palmer firemen were there. ’ Then he left."
    assert _sentences(text) == [
        "“ Our crews are going to be out here all day. ”", "Palmer firemen were there. ’", "Then he left."]


def test_a_dotted_abbreviation_ends_a_sentence_only_before_a_function_word() -> None:
    text = ("A magnitude-6.1 earthquake struck on Tuesday at 07: 37 a. m. UTC (3: 37 a. m. EDT), killing at "
            "least one. It was extinguished by 6: 40 a. m. The building is a total loss. Israel shared the "
            "files with the U.S. And the U.S. verified them at 3 p.m. Tuesday.")
    assert _sentences(text) == [
        "A magnitude-6.1 earthquake struck on Tuesday at 07: 37 a. m. UTC (3: 37 a. m. EDT), killing at least one.",
        "It was extinguished by 6: 40 a. m.",
        "The building is a total loss.",
        "Israel shared the files with the U.S.",
        "And the U.S. verified them at 3 p.m. Tuesday.",
    ]


def test_a_quoted_fragment_too_short_to_state_anything_is_joined_to_the_quote_it_runs_into() -> None:
    # HuffPost and USA Today quote Trump across sentence ends (newswcl50 event_4): "It's insane." is no
    # passage on its own; joined to the next sentence, the quote is one statement in both articles.
    text = ('" The Iran deal is a terrible deal. We paid $150 billion. We gave $1.8 billion in cash. It’s insane. '
            'It’s ridiculous. It should have never been made, " Trump said earlier this week. Nothing more.\n\n'
            "Short headline.\n\nOfficials met on Monday. The talks ended late on Tuesday night. "
            "“ It went well. ” He left.")
    assert _prepared_sentences(text) == [
        '" The Iran deal is a terrible deal.',
        "We paid $150 billion. We gave $1.8 billion in cash.",
        'It’s insane. It’s ridiculous. It should have never been made, " Trump said earlier this week.',
        "Nothing more.",  # the paragraph's last stays
        "Short headline.",  # so does a paragraph of its own
        "Officials met on Monday.",  # and a short statement of the reporter's own
        "The talks ended late on Tuesday night.",
        "“ It went well. ”",  # and a quotation closed in it
        "He left.",
    ]
    p = prepare(_doc(text))
    joined = p.sentences[2]
    words = [text[p.starts[i] : p.ends[i]] for i in range(joined.first, joined.last)]
    # where a joined sentence started, a clause may start, and its capital is no name
    for first in (words.index("It’s", 1), words.index("It")):
        assert p.clause_break[joined.first + first] == CLAUSE
        assert not p.capitalised[joined.first + first]
    # detokenised ECB+ opens with `"` and closes with `''`: the quote below is closed
    assert _prepared_sentences("\"I see it all. '' Nothing else happened. The roofs fell down on Monday.") == [
        "\"I see it all. ''", "Nothing else happened.", "The roofs fell down on Monday."]


def test_a_remark_too_short_to_state_anything_resumes_across_its_attribution() -> None:
    # Breitbart (newswcl50 event_4) interrupts one remark with its attribution; the other outlets quote it
    # in one sentence ("It's insane. It's ridiculous. It should have never been made," Trump said).
    breitbart = ('" It\'s insane. It\'s ridiculous, " Trump said when asked by reporters about the deal. "It should '
                 'never have been made, but we will be talking about it."')
    assert _prepared_sentences(breitbart) == [breitbart]
    p = prepare(_doc(breitbart))
    words = [breitbart[p.starts[i] : p.ends[i]] for i in range(len(p.keys))]
    # where the quotation resumes, a statement starts (scored apart: viewer.core.align.stages.statements)
    assert [w for w, b in zip(words, p.clause_break, strict=True) if b == STATEMENT] == ["It", "but"]
    assert not p.capitalised[words.index("It", 1)]
    # a resuming quotation too short to be a passage goes with the remark; so does one in curly quotes
    assert _prepared_sentences("“I can’t go back to Guatemala,” he said. “I will be killed.” He left.") == [
        "“I can’t go back to Guatemala,” he said. “I will be killed.”", "He left."]
    # both quotations states of their own: two passages, as the other outlets may report either alone
    two = ('"If they restart their nuclear program, they will have bigger problems than they have ever had '
           'before," Trump said during a meeting with Macron. "You can mark it down."')
    assert len(_prepared_sentences(two)) == 2
    # a quotation running on beyond one sentence is a speech of several statements; a sentence that goes on
    # after the attribution with a statement of the reporter's, or a quotation with no attribution, resumes
    # nothing
    for text in ('"People know my view," Trump said. " Iran seems to be behind everything. You look at it. "',
                 'The talks went well, Trump said. "It is done."',
                 '"It is done. It is over." "We won."'):
        assert len(_prepared_sentences(text)) > 1, text


def test_a_headline_run_into_the_first_sentence_is_split_off() -> None:
    text = ("Trump warns Iran on nuclear program as Macron aims to preserve pact President Trump warned "
            "Iran's leaders Tuesday that they would pay a price.\n\nHe said more.")
    assert _sentences(text) == [
        "Trump warns Iran on nuclear program as Macron aims to preserve pact",
        "President Trump warned Iran's leaders Tuesday that they would pay a price.",
        "He said more.",
    ]
    text = ("A powerful earthquake struck the province of Aceh with no tsunami warning issued A strong "
            "earthquake struck the northwestern province of Aceh on Tuesday, killing at least one person.")
    assert _sentences(text) == [
        "A powerful earthquake struck the province of Aceh with no tsunami warning issued",
        "A strong earthquake struck the northwestern province of Aceh on Tuesday, killing at least one person.",
    ]


def test_a_headline_standing_alone_is_not_split_before_its_names() -> None:
    """A lede is a whole sentence of the story's opening: a headline ending in a few words after a name
    is one sentence (ECB+ 37_10, 13_8)."""
    for text in ("6.1-magnitude quake strikes Indonesia's Aceh province in region hit by 2004 tsunami.\n"
                 "A strong earthquake struck Aceh on Tuesday.",
                 "Fire destroys historic Mat Maid dairy building in Palmer.\nThe fire broke out early on Tuesday."):
        assert _sentences(text) == text.split("\n")


def test_a_headline_ends_where_the_document_s_title_ends() -> None:
    """NewsWCL50 glues the headline to the lede; the reader found the title (cut by the words of the
    article's address, viewer.core.ingest.metadata) and the splitter cuts there (Breitbart, event_5)."""
    text = ("President Trump to visit United Kingdom in July The President of the United States Donald Trump "
            "will visit the United Kingdom on the 13th of July, the British Ambassador to Washington revealed "
            "Thursday afternoon.\n\nThe visit is expected to be a so-called working visit.")
    titled = document("b.md", text, title="President Trump to visit United Kingdom in July")
    assert [text[s.start : s.end] for s in prepare(titled).sentences][:2] == [
        "President Trump to visit United Kingdom in July",
        "The President of the United States Donald Trump will visit the United Kingdom on the 13th of July, the "
        "British Ambassador to Washington revealed Thursday afternoon.",
    ]
    # no title, a title that goes on in lower case, or one that does not open the text: no cut
    for title in ("", "President Trump to", "Trump to visit United Kingdom in July"):
        first = prepare(document("b.md", text, title=title)).sentences[0]
        assert text[first.start : first.end].endswith("Thursday afternoon.")


def _opens_with_headline(text: str, title: str | None = None) -> bool:
    """Whether the first sentence of `text` is its headline, titled as the reader titles a plain text
    (by its first line) unless `title` (the file's metadata) is given."""
    return prepare(document("d.txt", text, title=reader_title("", text) if title is None else title)).headline


def test_a_headline_is_a_title_line_above_the_story_or_one_cut_off_its_lede() -> None:
    # ECB+ 13_9: the title on a line of its own, the story under it
    assert _opens_with_headline("Matanuska Maid Building Burns Down.\n\nAlaska lost part of its history on "
                                "Tuesday, when a pre-dawn blaze demolished the old Matanuska Maid Dairy warehouse "
                                "building in Palmer.")
    # NewsWCL50 event_4 (Fox News): a headline glued to the lede, cut off it by the splitter
    assert _opens_with_headline("Trump warns Iran on nuclear program as Macron aims to preserve pact President "
                                "Trump warned Iran's leaders Tuesday that if Iran \"threatens\" the U.S. \"they "
                                "will pay a price like no country has ever paid.\"\n\nHe also stood by his "
                                "criticism of the Obama-era nuclear pact.", title="")


def test_a_first_line_wrapped_in_mid_sentence_or_a_lede_is_no_headline() -> None:
    # Clough & Stevenson g0pA_taska, a student's answer wrapped at 70 characters: its first line is its
    # title for the reader, but the sentence runs on under it
    assert not _opens_with_headline(
        "Inheritance is a basic concept of Object-Oriented Programming where\nthe basic idea is to create new "
        "classes that add extra detail to\nexisting classes. This is done by allowing the new classes to reuse"
        "\nthe methods and variables of the existing classes.")
    # BASIL 04 (USA Today): the headline is the file's title, not in the text, which opens on the lede
    assert not _opens_with_headline(
        "U.S. Representative Blake Farenthold resigned from Congress on Friday, following multiple allegations "
        "of sexual harassment, misconduct and inappropriate behavior.\n\nFarenthold, R-Texas, had previously "
        "announced that he would not seek re-election in the 2018 midterm election.",
        title="Texas Rep. Blake Farenthold resigns from Congress")


def test_the_title_found_by_the_reader_cuts_the_loaded_document() -> None:
    loaded = {d.id: d for d in load_corpus(DATA / "ui" / "newswcl50-event_0").documents}
    fox = loaded["fox-news.md"]
    first, second = prepare(fox).sentences[:2]
    assert fox.text[first.start : first.end] == "Report: Mike Pompeo met with Kim Jong Un"
    assert fox.text[second.start : second.end].startswith("The Washington Post reports the CIA director met")


def test_a_headline_runs_into_a_pronoun_a_dateline_or_a_common_word() -> None:
    # NewsWCL50 event_4 (HuffPost), event_7 (The New York Times), event_6 (The New York Times, whose story
    # writes "members" in lower case further down), event_8 (HuffPost: the lede starts at "The", not at
    # the name before it)
    cases = [
        ("Trump hates the Iran deal and may kill it – even if he still does n’t understand it It looks like "
         "Trump took his fellow Republicans’ attacks on Obama’s Iran deal literally instead of seriously.",
         "Trump hates the Iran deal and may kill it – even if he still does n’t understand it"),
        ("White House delays tariffs on E.U., Canada and Mexico for 30 Days WASHINGTON — The Trump "
         "administration said on Monday that it would delay a decision to impose steel and aluminum tariffs on "
         "the European Union, Canada and Mexico for another 30 days.",
         "White House delays tariffs on E.U., Canada and Mexico for 30 Days"),
        ("Migrant caravan of asylum seekers reaches U.S. border Members of the migrant caravan at the border "
         "wall in Tijuana on Sunday.\n\nJoined by supporters and dozens of members of the news media, the "
         "migrants gathered in a park on the Pacific Ocean.",
         "Migrant caravan of asylum seekers reaches U.S. border"),
        ("What Robert Mueller reportedly wants to ask Donald Trump The New York Times obtained a list of possible "
         "questions for the president.",
         "What Robert Mueller reportedly wants to ask Donald Trump"),
    ]
    for text, headline in cases:
        sentences = _sentences(text)
        assert sentences[0] == headline
        assert text.startswith(f"{headline} {sentences[1]}")
    # a quotation opening after the headline is left alone (a quote may open after a verb, with no comma)
    text = ('Here are the redacted copies of the Comey Memos "He said he was grateful for the conversation, said '
            'more nice things about me and how he looks forward to working with me," Comey wrote.')
    assert _sentences(text) == [text]


def test_a_deck_under_the_headline_is_cut_from_the_lede_but_a_lede_keeps_its_names() -> None:
    """The first paragraphs above the lede are the document's top: ECB+ 37_11 runs a deck into the lede in
    its second paragraph; ECB+ 37_14's lede there holds a name after a verb and stays whole."""
    deck = ("6.1-magnitude quake strikes Indonesia's Aceh: USGS.\n\nA powerful 6.1-magnitude earthquake struck "
            "the Indonesian province of Aceh with no tsunami warning issued A strong 6.1-magnitude earthquake "
            "struck the northwestern Indonesian province of Aceh on Tuesday, the US Geological Survey said, "
            "sending people running into the streets in panic. There were no immediate reports of damage.")
    assert _prepared_sentences(deck)[1:3] == [
        "A powerful 6.1-magnitude earthquake struck the Indonesian province of Aceh with no tsunami warning issued",
        "A strong 6.1-magnitude earthquake struck the northwestern Indonesian province of Aceh on Tuesday, the US "
        "Geological Survey said, sending people running into the streets in panic.",
    ]
    lede = ("Magnitude-6.1 quake hits Indonesia; 1 dead.\n\nA strong earthquake struck Indonesia's Aceh province on "
            "Tuesday, killing at least one person and leaving two others missing. Many houses were damaged.")
    assert _prepared_sentences(lede) == [
        "Magnitude-6.1 quake hits Indonesia; 1 dead.",
        "A strong earthquake struck Indonesia's Aceh province on Tuesday, killing at least one person and "
        "leaving two others missing.",
        "Many houses were damaged.",
    ]


def test_capitals_of_a_headline_in_title_case_mark_no_names() -> None:
    text = ("Earthquake Of Magnitude 6.1 Strikes Indonesia's Aceh Province Killing One.\n"
            "The quake struck Indonesia's Aceh Province on Tuesday.")
    p = prepare(_doc(text))
    capitalised = [text[p.starts[i] : p.ends[i]] for i in range(len(p.keys)) if p.capitalised[i]]
    assert capitalised == ["Indonesia's", "Aceh", "Province", "Tuesday"]  # the second sentence's names


def test_names_inside_a_sentence_are_not_taken_for_a_lede() -> None:
    # "said President Donald Trump" (a stopword before the name) and later paragraphs are left alone.
    text = ("The talks were productive, said President Donald Trump on Tuesday.\n\n"
            "The remains were flown out when Defense Secretary Jim Mattis arrived in Seoul.")
    assert _sentences(text) == [
        "The talks were productive, said President Donald Trump on Tuesday.",
        "The remains were flown out when Defense Secretary Jim Mattis arrived in Seoul.",
    ]


def test_contractions_match_as_the_words_they_stand_for() -> None:
    """Detokenised news splits "doesn't" into "does n't" (NewsWCL50, HuffPost) and "they've" into "they 've":
    both sides read as their function words, and "we'll" is not the adverb "well"."""
    detokenised = _doc("Trump still does n’t understand it, and they ’ ve said so.")
    joined = _doc("Trump still doesn't understand it, and they've said so.")
    for p in (prepare(detokenised), prepare(joined)):
        words = {p.keys[i] for i in range(len(p.keys)) if p.content[i]}
        assert words == {"trump", "still", "understand"}
    assert _keys("We'll see if she'll go; I'm sure it won't.") == [
        "we", "see", "if", "she", "go", "i", "sure", "it", "not"]
    assert _keys("The well ran dry. Sa'd spoke.") == ["the", "well", "ran", "dri", "sad", "spoke"]
    # "re" after an apostrophe is the verb; the prefix of "re-impose" stays a word of its own, as it was
    p = prepare(_doc("They ’ re here to re-impose sanctions."))
    assert [(p.keys[i], p.content[i]) for i in (1, 4)] == [("are", 0), ("re", 1)]


def test_stopwords_are_looked_up_as_words_before_stemming() -> None:
    """The stopword list holds words: "according" stems to "accord" and "only" to "onli", and they stay
    stopwords; the noun "accord" keeps its meaning."""
    text = "According to officials, only any remains matter. The accord was signed."
    p = prepare(_doc(text))
    content = {text[p.starts[i] : p.ends[i]]: p.content[i] for i in range(len(p.keys))}
    assert content["According"] == 0 and content["only"] == 0 and content["any"] == 0
    assert content["accord"] == 1 and content["remains"] == 1


def test_a_semicolon_or_a_comma_and_but_opens_a_second_statement() -> None:
    text = ("The remains of 200 troops are held, but their identities must be confirmed; families wait. "
            "It was a small but significant step, officials said.")
    p = prepare(_doc(text))
    breaks = [(text[p.starts[i] : p.ends[i]], p.clause_break[i]) for i in range(len(p.keys))]
    first, second = p.sentences
    # ", but" and the semicolon before "families"
    assert [(w, b) for w, b in breaks[first.first : first.last] if b] == [("but", STATEMENT), ("families", STATEMENT)]
    # "small but significant": no second statement; the comma before "officials" opens a clause only.
    assert [(w, b) for w, b in breaks[second.first : second.last] if b] == [("but", CLAUSE), ("officials", CLAUSE)]


def test_a_reporting_verb_after_a_comma_attaches_a_second_statement() -> None:
    text = ('"This meeting was aimed at fulfilling one of the commitments," Pompeo said in the statement, noting '
            "that it was the first general-level talks since 2009. Officials left without saying more.")
    p = prepare(_doc(text))
    breaks = [(text[p.starts[i] : p.ends[i]], p.clause_break[i]) for i in range(len(p.keys))]
    first, second = p.sentences
    assert [w for w, b in breaks[first.first : first.last] if b == STATEMENT] == ["noting"]
    assert [(w, b) for w, b in breaks[second.first : second.last] if b] == []  # "without saying": no break


def test_photo_captions_are_no_sentences_to_align() -> None:
    text = ("President Trump, right, and North Korean leader Kim Jong Un shake hands at their summit in Singapore "
            "on June 12, 2018. (Evan Vucci/AP)\n"
            "(File) Honour guards carry the remains of soldiers in Seoul on July 13, 2018.\n"
            "Guards carry remains. Source: Jeon Heon-kyun/Pool via Reuters\n"
            "Michael T. Flynn, right, with Mr. Trump in January 2017. In one memo, Mr. Comey questioned his "
            "judgment.\n"
            "The remains of 55 soldiers were flown out on Friday, officials said.")
    assert _prepared_sentences(text) == ["In one memo, Mr. Comey questioned his judgment.",
                                "The remains of 55 soldiers were flown out on Friday, officials said."]



def test_prepared_documents_come_back_from_their_bytes_unchanged() -> None:
    """The index keeps prepared documents as bytes (codec.py): the same tokens, flags and sentences back,
    the per-token flags as bytes of one value a token."""
    from viewer.core.align.codec import decode_prepared, encode_prepared

    p = prepare(_doc('Mike Pompeo said on Monday, however, that 7,800 remain; talks "go on."\nA second one.'))
    q = decode_prepared(encode_prepared(p))
    assert (q.doc_id, q.keys, q.values, q.sentences, q.headline) == (
        p.doc_id, p.keys, p.values, p.sentences, p.headline)
    assert (list(q.starts), list(q.ends)) == (list(p.starts), list(p.ends))
    assert (q.content, q.clause_break, q.capitalised, q.quoted) == (
        p.content, p.clause_break, p.capitalised, p.quoted)
    assert isinstance(q.content, bytes) and len(q.content) == len(q.quoted) == len(q.keys)
    assert STATEMENT in q.clause_break and CLAUSE in q.clause_break and 1 in q.capitalised and 1 in q.quoted


def _quoted_words(text: str) -> list[str]:
    p = prepare(_doc(text))
    return [text[p.starts[i] : p.ends[i]] for i in range(len(p.keys)) if p.quoted[i]]


def test_words_inside_quotation_marks_are_flagged_quoted() -> None:
    """Straight quotes spaced alike on both sides by detokenising (NewsWCL50, Breitbart), a quotation that
    runs over sentences, curly quotes, and the Penn Treebank's `` ''; a new paragraph opens none."""
    breitbart = ('" It\'s insane. It\'s ridiculous, " Trump said when asked by reporters about the deal. "It should '
                 'never have been made, but we will be talking about it."')
    assert _quoted_words(breitbart) == ["It's", "insane", "It's", "ridiculous", "It", "should", "never", "have",
                                        "been", "made", "but", "we", "will", "be", "talking", "about", "it"]
    nyt = ("Mr. Trump again assailed the agreement made by the Obama administration as “insane” and "
           "“ridiculous,” but said he could agree to ``a new deal'' if it was strong enough.")
    assert _quoted_words(nyt) == ["insane", "ridiculous", "a", "new", "deal"]
    unclosed = 'He said: "We will see. It is early.\nThe talks went on for hours.'
    assert _quoted_words(unclosed) == ["We", "will", "see", "It", "is", "early"]


def _statements(text: str) -> list[str]:
    """The sentence's pieces between statement breaks (STATEMENT or JOINED)."""
    p = prepare(_doc(text))
    cuts = [0, *(i for i in range(1, len(p.keys)) if p.clause_break[i] in (STATEMENT, JOINED)), len(p.keys)]
    return [text[slice(*p.span(a, b))] for a, b in itertools.pairwise(cuts)]


def test_and_with_a_subject_and_verb_of_its_own_opens_a_second_statement() -> None:
    # ecbplus 37_13 and 37_14: the depth and the epicentre are two facts another outlet states apart.
    depth = ("The U.S. Geological Survey said the magnitude 6.1 quake struck at a depth of 10 kilometers "
             "(6 miles")  # a piece ends at its last word
    assert _statements(f"{depth} and its epicenter was located 55 kilometers (34 miles) west of the town of "
                       "Bireun on the western tip of Sumatra island.") == [
        depth, "and its epicenter was located 55 kilometers (34 miles) west of the town of Bireun on the "
        "western tip of Sumatra island"]
    assert _statements("At least five people were reportedly injured and 10 houses were damaged in Takengon, "
                       "the capital of Central Aceh district.")[1].startswith("and 10 houses were damaged")
    assert _statements("The earthquake killed 10 people in the province, and more than 80 were injured.") == [
        "The earthquake killed 10 people in the province", "and more than 80 were injured"]
    assert _statements("An American college student died shortly after being released from North Korean "
                       "custody and three other Americans are still being held.")[1] == (
        "and three other Americans are still being held")


def test_and_inside_one_clause_opens_no_statement() -> None:
    for text in [
        "Children in the village played with cats and dogs all afternoon long.",  # nouns
        "Trump and Macron met in Paris on Saturday to discuss trade.",  # a subject of two names
        "Oil prices rose and fell sharply during the week in London.",  # two verbs
        "The summit in Paris was attended by Trump, Macron, Merkel and Putin.",  # a list of names
        "She said the United States and its allies were ready to respond to the attack.",  # a said clause's subject
        "Officials said between 10 and 20 were killed in the blast on Monday.",  # a range
        "It was too soon to tell what a joint statement by Mr. Moon and Mr. Kim would contain.",  # two names
        "The confrontation stems from the decision in March to slap tariffs of 25 percent on imported steel "
        "and 10 percent on imported aluminum.",  # a phrase, no subject
        "Giuliani said he was trying to determine whether the special counsel and his staff were going to be "
        "objective.",  # the subject of "whether"
        "Throughout a heavily scripted series of meetings, Trump and Macron showed off their relationship.",
        "Officials in the quake zone reported 24 dead and over 200 injured on Sunday.",  # one toll: no finite verb
    ]:
        assert len(_statements(text)) == 1, text


def test_and_after_a_semicolon_keeps_the_statement_it_opens() -> None:
    # pan13 source-document00668: a semicolon opens the statement; "and" after it joins nothing to be
    # reported with the sentence.
    p = prepare(_doc("It will make it easier to combat pay discrimination; we will pass the Fair Pay Act; and we "
                     "will modernize the Equal Pay Act."))
    assert p.clause_break[p.keys.index("and")] == STATEMENT


def test_words_inside_single_quotation_marks_are_flagged_quoted() -> None:
    """Headlines quote in single marks, which NewsWCL50 spaces like its double ones; an apostrophe is none,
    detokenised ("Alaska ' s history") or after a plural ("Democrats ' computers ... the Democrats ' core")."""
    assert _quoted_words("Trump, Emmanuel Macron seek common ground on Iran deal that Trump calls ' insane '.") == [
        "insane"]
    assert _quoted_words("Trump signals openness to a ‘new deal ' to constrain Iran.") == ["new", "deal"]
    assert _quoted_words("Trump warns Iran: ' They restart it, they're going to have big problems ' Iranian "
                         "President Hassan Rouhani warns Saudi Arabia.") == [
        "They", "restart", "it", "they're", "going", "to", "have", "big", "problems"]
    assert _quoted_words("It took a piece of Alaska ' s history and the Maid ' s barn.") == []
    assert _quoted_words("They conspired to infiltrate Democrats ' computers, steal information, and disseminate "
                         "it — essentially, the Democrats ' core collusion claims.") == []


def test_a_word_in_capitals_is_a_name_only_when_the_story_never_writes_it_in_lower_case() -> None:
    # ECB+ 37_10 sets its lede's first words in capitals; NewsWCL50 quotes a tweet's capitals
    text = ("AN EARTHQUAKE killed six children when a mosque collapsed in Indonesia's Aceh province. The "
            "earthquake struck on Tuesday, the USGS said. He wrote there was NO COLLUSION, and denied collusion.")
    p = prepare(_doc(text))
    names = {text[p.starts[i] : p.ends[i]] for i in range(len(p.keys)) if p.capitalised[i]}
    assert names == {"Indonesia's", "Aceh", "Tuesday", "USGS", "NO"}  # "NO": a stopword, no content
