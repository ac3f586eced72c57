"""A phrase shared out of the middle of a clause is a parallel only between articles that share more
(viewer.core.align.stages.without_lone_phrases, `_phrase_only`), on sentences from the real clusters."""

from __future__ import annotations

from dataclasses import replace

import pytest
from helpers import corpus_of, document

from viewer.core.align.passages import prepare
from viewer.core.align.stages import AlignOptions, Memo, _phrase_only
from viewer.core.pipeline import align_corpus

LEXICAL = AlignOptions(semantic=False)

# NewsWCL50 event 2 (two outlets on North Korea's announcement), shortened: one fact, reworded around a
# phrase of seven words (the outlets' own sentences share nine, "down a nuclear test site in the country's
# northern": a copy)
TEST_SITE = ("It also plans to close a nuclear test site in the northern region.",
             "The North will shut a nuclear test site in the northern mountains to prove the vow to suspend "
             "nuclear tests, the announcement concluded.")
# two statements about different people around a title and its name (dense corpus, from real sentences)
TITLE = ("Commerce Secretary Wilbur Ross said late Thursday that the tariffs on steel would stay.",
         "Commerce Secretary Wilbur Ross said late Friday he would meet the Chinese delegation in Beijing.")


def _phrase(x: str, y: str) -> bool:
    a, b = prepare(document("a.txt", x)), prepare(document("b.txt", y))
    return _phrase_only(a, (0, len(a.keys)), b, (0, len(b.keys)), {}, LEXICAL, Memo())


@pytest.mark.parametrize(("x", "y"), [
    TEST_SITE, TITLE,
    # Clough & Stevenson: two answers on inheritance sharing their opening words, two different statements
    ("In object oriented programming inheritance is also dependant on access level modifiers.",
     "In object-oriented programming, inheritance is a way to form new classes (instances of which are called "
     "objects) using classes that have already been defined."),
])
def test_a_phrase_out_of_the_middle_of_a_clause_on_both_sides_is_a_phrase(x: str, y: str) -> None:
    assert _phrase(x, y)


@pytest.mark.parametrize(("x", "y"), [
    # the quote is a whole clause of the first sentence: a copy (dense corpus, from a real quote)
    ("The guy has serious judgment issues, the president said of his former adviser.",
     "Comey wrote that the president told him the guy has serious judgment issues."),
    # BASIL: a run as long as a copy (eight words and more), whatever stands around it
    ("This committee is left with no alternative but to request Secretary Clinton appear, Gowdy wrote.",
     "In the letter, Gowdy stated this Committee is left with no alternative but to request Secretary Clinton "
     "appear before it."),
    # NewsWCL50 event 5: the figure and the name shared outside the phrase make it one reported fact
    ("The President of the United States Donald Trump will visit the United Kingdom on the 13th of July, the "
     "British Ambassador revealed.",
     "Trump will travel to the United Kingdom on July 13 for a working visit with Prime Minister Theresa May."),
    # an injected copy of eight words opening on function words (the scale benchmark's generated corpus):
    # the run is a copy, however few content words it holds
    ("For their children, Ambiting state angatures to launched Missile.",
     "For their children, Ambiting state angatures to launched Ratessed lalout as deal."),
    # a figure stated beside the phrase on both sides, its values diverging (the sample corpus's Korean War
    # remains): one fact, and the divergence Parallax exists to show
    ("According to the agency, 7,800 American service members remain unaccounted for from the war.",
     "About 7,700 US military personnel remain unaccounted for from the war, officials said."),
    # a quoted fragment of one remark, quoted on both sides
    ('The president called the deal "a terrible deal that should never have been made" on Monday.',
     'Aides said he repeated that it was "a terrible deal that should never have been made" to visitors.'),
])
def test_a_clause_a_copy_a_quote_or_a_phrase_with_other_shared_words_is_no_phrase(x: str, y: str) -> None:
    assert not _phrase(x, y)


_FILLER = ["Weather in the capital stayed mild all week.", "Farmers expect an early harvest of apples.",
           "The museum reopened its east wing after repairs.", "A local bakery won a regional prize for rye bread.",
           "Traffic on the ring road eased after the bridge works ended.", "Buses run on time again in the city."]


def _pairs(a: str, b: str, opts: AlignOptions = LEXICAL) -> list[tuple[str, str]]:
    corpus = corpus_of({"a.txt": a, "b.txt": b, "c.txt": " ".join(_FILLER[:3]), "d.txt": " ".join(_FILLER[3:])})
    texts = corpus.by_id()
    return [(texts[p.a.doc].text[p.a.start : p.a.end], texts[p.b.doc].text[p.b.start : p.b.end])
            for p in align_corpus(corpus, min_similarity=0.3, options=opts).pairs]


def test_a_phrase_is_a_parallel_between_articles_of_one_story_and_not_between_articles_sharing_nothing_else(
) -> None:
    """Alone, the shared phrase is each pair's only parallel and is dropped; with another parallel of the
    two articles (one story: the same announcement reported by both) it is the fact both report."""
    assert _pairs(TITLE[0], TITLE[1]) == []
    assert _pairs(TEST_SITE[0], TEST_SITE[1]) == []
    # what drops them is the rule: with no run short enough to be a phrase (copy_long 0) both are parallels
    no_phrase = replace(LEXICAL, copy_long=0)
    assert len(_pairs(TITLE[0], TITLE[1], no_phrase)) == len(_pairs(TEST_SITE[0], TEST_SITE[1], no_phrase)) == 1
    story = ("North Korea will suspend nuclear and missile tests from Saturday, state media said.",
             "North Korea will suspend its nuclear and missile tests starting Saturday, state media reported.")
    pairs = _pairs(f"{story[0]} {TEST_SITE[0]}", f"{story[1]} {TEST_SITE[1]}")
    assert sorted(pairs) == sorted([(story[0].rstrip("."), story[1].rstrip(".")),
                                    (TEST_SITE[0].rstrip("."), TEST_SITE[1].rstrip("."))])
