"""The alignment engine on literal articles with expected spans (viewer.core.align.stages)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from helpers import DATA, corpus_of, document
from reference import candidate_pairs, corpus_weights

from viewer.core.align.passages import PreparedDocument, prepare
from viewer.core.align.stages import (
    AlignOptions,
    Match,
    Memo,
    keep_best_partners,
    lexical,
    regroup,
    score_sentences,
)
from viewer.core.model import Corpus, Span
from viewer.core.pipeline import align_corpus

# The model's vector of each sentence computed once across runs (tests/conftest.py): these are the engine's
# rules, the model's own tests are tests/core/align/test_semantic.py's.
pytestmark = pytest.mark.usefixtures("remembered_sentence_vectors")

QUOTE = "They're going to use our cases for the remains and give them back to us"
FILLER = {
    "a.txt": "Weather in the capital stayed mild all week. Farmers expect an early harvest of apples.",
    "b.txt": "The museum reopened its east wing after repairs. Visitors praised the new lighting.",
    "c.txt": "A local bakery won a regional prize for rye bread. The owner thanked her staff.",
    "d.txt": "Traffic on the ring road eased after the bridge works ended. Buses run on time again.",
}


def _text(corpus: Corpus, span: Span) -> str:
    return corpus.by_id()[span.doc].text[span.start : span.end]


def test_shared_quote_in_different_sentences_is_one_pair_spanning_the_quote() -> None:
    """A quote copied into sentences that share nothing else: the passages are the quote, with who says
    it when nothing else is in its sentence (a quote and its attribution are one statement)."""
    texts = {
        "a.txt": f"“{QUOTE},” the official told the military publication. The talks ended late.",
        "b.txt": f"Negotiators met on Monday. According to a spokesperson in Seoul: “{QUOTE}.”",
    }
    corpus = corpus_of(texts)
    result = align_corpus(corpus)
    assert len(result.pairs) == 1
    pair = result.pairs[0]
    said = f"{QUOTE},” the official told the military publication"
    assert {_text(corpus, pair.a), _text(corpus, pair.b)} == {said, f"According to a spokesperson in Seoul: “{QUOTE}"}
    a_start = texts["a.txt"].index(QUOTE)
    assert pair.a == Span("a.txt", a_start, a_start + len(said))
    assert pair.similarity == 1.0
    assert [g.passages for g in result.groups] == [(pair.a, pair.b)]


def test_a_quote_attributed_alike_is_a_parallel_of_whole_sentences() -> None:
    """Both sentences say "an official said Q": the statement is the sentence, not only the quote."""
    texts = {
        "a.txt": f"“{QUOTE},” the official told the military publication. The talks ended late.",
        "b.txt": f"Officials met on Monday. An anonymous U.S. official said: “{QUOTE}.”",
    }
    corpus = corpus_of(texts)
    result = align_corpus(corpus)
    assert len(result.pairs) == 1
    pair = result.pairs[0]
    assert _text(corpus, pair.a) == f"{QUOTE},” the official told the military publication"
    assert _text(corpus, pair.b) == f"An anonymous U.S. official said: “{QUOTE}"
    assert pair.similarity == 1.0


def test_a_stock_phrase_shared_by_two_statements_is_no_copied_clause() -> None:
    """"when asked by reporters" holds two content words: two reports of different remarks (NewsWCL50,
    event 4: Breitbart and the New York Times) share it, and it is no copy to score the pair by: the two
    sentences score as their words do. Lexical only, so that the rule is what is measured."""
    a = '" It\'s insane. It\'s ridiculous, " Trump said when asked by reporters about the deal.'
    b = ('Mr. Trump would not elaborate on what he meant by "very honorable" when asked by a reporter, but he '
         "instead repeated his hopes for a deal while denying that he had given up anything before the meeting.")
    story = ["The deal limits Iran's nuclear program.", "Macron wants to keep the deal.",
             "Trump calls the deal a disaster.", "Europe hopes the deal survives.", "Iran says the deal must stand."]
    texts = {"a.txt": f"{story[0]} {a}", "b.txt": f"{story[1]} {b}", "c.txt": story[2], "d.txt": story[3],
             "e.txt": story[4]}
    lexical_only = AlignOptions(semantic=False)
    pairs = align_corpus(corpus_of(texts), min_similarity=0.3, options=lexical_only).pairs
    # was 0.86 as a "copy"; "when asked by reporter(s)" is also each sentence's attribution
    # (viewer.core.align.attribution), whose words the two do not share: the pair falls below 0.3
    assert not pairs
    # two content words counted as a copy, as before: a stock phrase that is no attribution ("a list of the
    # questions", NewsWCL50 event 8) scores two statements as a copy
    texts["a.txt"] = f"{story[0]} Officials met for hours, a list of the questions, and then they left early."
    texts["b.txt"] = f"{story[1]} Reporters waited outside, a list of the questions, while the talks ran late."
    assert all(p.similarity < 0.8 for p in align_corpus(corpus_of(texts), min_similarity=0.3,
                                                         options=lexical_only).pairs)
    two = align_corpus(corpus_of(texts), min_similarity=0.3, options=replace(lexical_only, copy_words=2)).pairs
    assert [p.similarity >= 0.8 for p in two] == [True]


_IRAN_STORY = [
    "Trump met Macron at the White House to discuss the Iran nuclear agreement.",
    "Macron urged Trump to keep the Iran agreement while Iran warned against new sanctions.",
    "Iran said the nuclear agreement must stand whatever Trump decides in May.",
    "European leaders hope Trump keeps the Iran agreement and its limits on the nuclear program.",
    "Trump has criticised the agreement with Iran since his campaign, calling it a disaster.",
]


def _iran_corpus(a: str, b: str) -> Corpus:
    return corpus_of({"a.txt": f"{_IRAN_STORY[0]} {a}", "b.txt": f"{_IRAN_STORY[1]} {b}",
                      "c.txt": " ".join(_IRAN_STORY[2:4]), "d.txt": _IRAN_STORY[4]})


def test_sentences_quoting_the_same_specific_words_are_one_remark() -> None:
    """The New York Times and USA Today (NewsWCL50, event 4) report Trump's "insane" and "ridiculous" in
    their own words around the quote: 0.2 to 0.3 on the words (and the model), a parallel by the quote."""
    nyt = ('Hosting President Emmanuel Macron of France at the White House, Mr. Trump again assailed the agreement '
           'made by the Obama administration as "insane" and "ridiculous," but said he could agree to "a new deal" '
           "negotiated by American and European officials if it was strong enough.")
    usa = ("WASHINGTON — President Trump vowed Tuesday to look for common ground with his French counterpart in "
           "dealing with Iran but made no commitment to stick with the nuclear agreement he described as "
           '"insane" and "ridiculous."')
    # lexical only: the bound that spares verifying hopeless candidates (bounds.Reach) runs then too
    lexical_only = AlignOptions(semantic=False)
    pairs = align_corpus(_iran_corpus(nyt, usa), options=lexical_only).pairs
    assert [p.similarity >= 0.5 for p in pairs] == [True]
    unquoted = align_corpus(_iran_corpus(nyt.replace('"', ""), usa.replace('"', "")), min_similarity=0.0,
                            options=lexical_only).pairs
    assert all(p.similarity < 0.4 for p in unquoted)


def test_quoting_words_of_the_story_s_topic_is_no_shared_remark() -> None:
    """Both quote "Iran", "nuclear" and "agreement", words every article of the story uses (NewsWCL50,
    event 9, in short): two remarks, which the quotation marks do not make one."""
    a = 'Netanyahu said "Iran lied about the nuclear agreement" in an address televised across Israel.'
    b = 'A White House statement said "Iran must never break the nuclear agreement" on Monday.'
    corpus = _iran_corpus(a, b)
    lexical_only = AlignOptions(semantic=False, floor=0.0)  # every pair, however weak
    quoted = align_corpus(corpus, min_similarity=0.0, options=lexical_only).pairs
    plain = align_corpus(_iran_corpus(a.replace('"', ""), b.replace('"', "")), min_similarity=0.0,
                         options=lexical_only).pairs
    assert sorted(p.similarity for p in quoted) == sorted(p.similarity for p in plain)


def test_a_changed_date_aligns_as_easily_as_an_identical_sentence() -> None:
    base = "The delegation will retrieve the remains from the North and fly them out on {} 27, officials said."
    same = align_corpus(corpus_of({"a.txt": base.format("July"), "b.txt": base.format("July")}))
    changed = align_corpus(corpus_of({"a.txt": base.format("June"), "b.txt": base.format("July")}))
    assert len(same.pairs) == len(changed.pairs) == 1
    # The words score the same; the sentence model sees "June" and "July" as nearly the same sentence.
    assert changed.pairs[0].similarity >= same.pairs[0].similarity - 0.02
    # and a different number: "7,800 ... remain unaccounted for" / "7,700 ... remain unaccounted for"
    numbers = align_corpus(corpus_of({
        "a.txt": "According to the agency, 7,800 American service members remain unaccounted for from the war.",
        "b.txt": "About 7,700 US military personnel remain unaccounted for from the war, officials said.",
    }))
    assert len(numbers.pairs) == 1 and numbers.pairs[0].similarity >= 0.5


def test_sentences_sharing_only_names_are_not_parallels() -> None:
    corpus = corpus_of({
        "a.txt": "Secretary of State Mike Pompeo said the weather in Singapore was pleasant for the visit.",
        "b.txt": "Secretary of State Mike Pompeo said his staff would publish a schedule of the trip soon.",
    })
    assert align_corpus(corpus).pairs == ()


def test_unrelated_documents_give_no_candidates() -> None:
    prepared = [prepare(d) for d in corpus_of(FILLER).documents]
    assert candidate_pairs(prepared, corpus_weights(prepared), set(), AlignOptions()) == set()


def test_a_quote_shared_by_four_outlets_is_one_group_of_six_pairs() -> None:
    texts = {name: f"{filler} Asked about the plan, an official said: “{QUOTE}.”" for name, filler in FILLER.items()}
    corpus = corpus_of(texts)
    result = align_corpus(corpus)
    assert len(result.pairs) == 6
    assert len(result.groups) == 1
    group = result.groups[0]
    assert group.documents == ("a.txt", "b.txt", "c.txt", "d.txt")
    # The whole attributed sentence is shared, so the passage is the whole sentence.
    assert {_text(corpus, s) for s in group.passages} == {f"Asked about the plan, an official said: “{QUOTE}"}
    assert {p.group for p in result.pairs} == {group.id}


def test_boilerplate_across_many_documents_is_kept_out_of_parallels() -> None:
    pitch = "Sign up for our daily newsletter to get the latest headlines delivered to your inbox every morning."
    topics = ["harvest", "museum", "bakery", "bridge", "election", "storm", "library", "stadium", "orchestra",
              "airport", "hospital", "vineyard"]
    texts = {f"{i:02}.txt": f"Reporters visited the {t} this week. {pitch}" for i, t in enumerate(topics)}
    result = align_corpus(corpus_of(texts))
    # The pitch is in no parallel (the twelve "Reporters visited the ... this week" may pair: one template).
    assert not [s for p in result.pairs for s in (p.a, p.b) if _text(corpus_of(texts), s) == pitch]
    assert len(result.boilerplate) == 1
    assert result.boilerplate[0].text == pitch
    assert len(result.boilerplate[0].spans) == 12


def test_one_outlets_repeated_pitch_is_boilerplate_even_in_a_small_corpus() -> None:
    pitch = "By completing the poll, you agree to receive emails from us and occasional offers from our partners."
    texts = {f"{name}": f"{filler} {pitch}" for name, filler in FILLER.items()}
    sources = dict.fromkeys(texts, "LifeZette")
    result = align_corpus(corpus_of(texts, sources=sources))
    assert result.pairs == ()
    assert [b.text for b in result.boilerplate] == [pitch]


def test_a_sentence_repeated_inside_one_article_is_a_repeat_not_a_parallel() -> None:
    sentence = "North Korea also agreed to continue searching for U.S. military remains"
    text = f"{sentence}, as many outlets reported.\n\nThe talks went on.\n\n{sentence}."
    corpus = corpus_of({"a.txt": text, **{k: v for k, v in FILLER.items() if k != "a.txt"}})
    result = align_corpus(corpus)
    assert result.pairs == ()
    assert len(result.repeats) == 1
    repeat = result.repeats[0]
    assert _text(corpus, repeat.first).startswith(sentence)
    assert repeat.second.start > repeat.first.end


def test_regroup_filters_by_threshold_without_aligning_again() -> None:
    texts = {
        "a.txt": f"An official said: “{QUOTE}.” Last month, U.S. forces transported 100 wooden caskets "
        "to the Demilitarized Zone in preparation to transport the recovered remains.",
        "b.txt": f"“{QUOTE},” he said. US forces brought about 100 wooden coffins into the Demilitarized Zone "
        "between the Koreas last month to prepare for the handover of remains.",
    }
    full = align_corpus(corpus_of(texts), min_similarity=0.4)
    assert len(full.pairs) == 2
    strict = regroup(full, 0.99)
    assert [p.similarity for p in strict.pairs] == [1.0]
    assert len(strict.groups) == 1
    assert regroup(strict, 0.4).pairs == strict.pairs  # what was filtered out is not invented back


def test_alignment_is_symmetric_in_document_order() -> None:
    texts = {
        "a.txt": f"“{QUOTE},” the official told the publication.",
        "b.txt": f"An anonymous official said: “{QUOTE}.”",
    }
    forward = align_corpus(corpus_of(texts))
    backward = align_corpus(Corpus("test", tuple(reversed(corpus_of(texts).documents))))
    def key(result):
        return sorted((*sorted((p.a, p.b)), p.similarity) for p in result.pairs)

    assert key(forward) == key(backward)


def test_spans_are_inside_their_texts_and_never_pair_a_document_with_itself() -> None:
    texts = {name: f"{filler} An official said: “{QUOTE}.”" for name, filler in FILLER.items()}
    corpus = corpus_of(texts)
    for pair in align_corpus(corpus).pairs:
        assert pair.a.doc != pair.b.doc
        for span in (pair.a, pair.b):
            assert 0 <= span.start < span.end <= len(corpus.by_id()[span.doc].text)


def test_neighbouring_statements_do_not_chain_into_one_group() -> None:
    from viewer.core.align.stages import group_pairs
    from viewer.core.model import Pair

    def s(doc: str) -> Span:
        return Span(doc, 0, 50)

    first = [Pair(s("a"), s("b"), 0.9), Pair(s("a"), s("c"), 0.9), Pair(s("b"), s("c"), 0.9)]
    second = [Pair(s("d"), s("e"), 0.9), Pair(s("d"), s("f"), 0.9), Pair(s("e"), s("f"), 0.9)]
    bridge = Pair(s("c"), s("d"), 0.5)
    pairs, groups = group_pairs([*first, bridge, *second])
    by_docs = sorted(g.documents for g in groups)
    assert by_docs == [("a", "b", "c"), ("c", "d"), ("d", "e", "f")]
    assert len({p.group for p in pairs[:3]}) == 1 and len({p.group for p in pairs[4:]}) == 1
    # Without the split everything would be one group; a cohesion of 0 is plain connectivity.
    assert len(group_pairs([*first, bridge, *second], cohesion=0.0)[1]) == 1


def test_passages_that_mostly_overlap_are_one_node_but_touching_ones_are_not() -> None:
    from viewer.core.align.stages import group_pairs
    from viewer.core.model import Pair

    pairs = [Pair(Span("a", 0, 100), Span("b", 0, 80), 0.8), Pair(Span("a", 10, 100), Span("c", 0, 90), 0.8),
             Pair(Span("a", 95, 200), Span("d", 0, 90), 0.8)]
    _, groups = group_pairs(pairs)
    assert sorted(g.documents for g in groups) == [("a", "b", "c"), ("a", "d")]


@pytest.mark.slow  # a child Python process: seconds of start-up and imports
def test_results_do_not_depend_on_the_string_hash_seed() -> None:
    import os
    import subprocess
    import sys

    folder = DATA / "ui" / "newswcl50-event_0"
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-m", "viewer", "align", str(folder), "--json", "-"],
                             capture_output=True, text=True, env=env, check=True, timeout=120)
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert '"pairs": [' in outputs[0]


def test_a_copied_paragraph_is_parallels_of_sentences_never_a_run_against_one_sentence() -> None:
    paragraph = ("The remains of 55 service members were flown from Wonsan to Osan Air Base on Friday. "
                 "An honour guard carried the cases off the aircraft in a brief ceremony. "
                 "Forensic experts in Hawaii will now try to identify them.")
    texts = {
        "a.txt": f"Officials confirmed the handover. {paragraph}",
        "b.txt": f"{paragraph} The White House welcomed the step.",
        "c.txt": "On Friday the remains of 55 service members were flown from Wonsan to Osan Air Base, the "
                 "military said.",
    }
    corpus = corpus_of(texts)
    result = align_corpus(corpus)
    sentences = {name: [text[s.start : s.end] for s in prepare(corpus.by_id()[name]).sentences]
                 for name, text in texts.items()}
    for pair in result.pairs:
        for span in (pair.a, pair.b):
            inside = [s for s in sentences[span.doc] if _text(corpus, span) in s]
            assert len(inside) == 1, f"{_text(corpus, span)!r} is not within one sentence"
    copied = {(p.a.doc, p.b.doc) for p in result.pairs}
    assert copied == {("a.txt", "b.txt"), ("a.txt", "c.txt"), ("b.txt", "c.txt")}
    assert len([p for p in result.pairs if (p.a.doc, p.b.doc) == ("a.txt", "b.txt")]) == 3


def test_a_restatement_of_one_statement_of_a_compound_sentence_is_that_statement() -> None:
    """Long against short: the second statement of a compound ("..., but ...") is news of its own, so a
    restatement of the first is scored and reported against the first alone."""
    first = ("The Pentagon has said North Korean officials have indicated in the past they hold the remains of "
             "as many as 200 US troops")
    long_text = (f"{first}, but if and when they are handed over, their identities will have to be confirmed at "
                 "a laboratory in Hawaii before families can be notified.")
    short_text = "North Korean officials have indicated that they may hold as many as 200 remains ready to transfer."
    a, b = prepare(document("a.txt", long_text)), prepare(document("b.txt", short_text))
    opts = AlignOptions()
    whole = lexical(a, (0, len(a.keys)), b, (0, len(b.keys)), {}, opts, Memo())
    sim, ta, tb = score_sentences(a, 0, b, 0, {}, opts)
    assert sim > whole + 0.15  # the second statement's words no longer hold the first down
    assert long_text[slice(*a.span(*ta))] == first and tb == (0, len(b.keys))
    # With the sentence model, the statement's words are averaged with the model's view of the sentences.
    statement = lexical(a, ta, b, tb, {}, opts, Memo())
    assert score_sentences(a, 0, b, 0, {}, opts, None, 0.6)[0] == pytest.approx((statement + 0.6) / 2)


def test_a_restatement_of_one_of_two_statements_joined_by_and_scores_it_and_reports_the_sentence() -> None:
    """ecbplus 37_14 and 37_2: "and" joins the depth and the epicentre, two facts; the restatement of the
    depth scores as a restatement of that statement, and the passage stays the whole sentence, as readers
    quote it."""
    long_text = ("The magnitude-6.1 quake struck at a depth of just 10 kilometers (six miles) and its epicenter was "
                 "located 55 kilometers (34 miles) west of the town of Bireun on the western tip of Sumatra island, "
                 "the US Geological Survey said.")
    short_text = ("According to the US Geological Survey, the quake hit at a depth of 10 kilometers (6 miles) in the "
                  "Northern Province of Aceh.")
    a, b = prepare(document("a.txt", long_text)), prepare(document("b.txt", short_text))
    opts = AlignOptions()
    whole = lexical(a, (0, len(a.keys)), b, (0, len(b.keys)), {}, opts, Memo())
    sim, ta, tb = score_sentences(a, 0, b, 0, {}, opts)
    assert sim > whole + 0.15
    assert (ta, tb) == ((0, len(a.keys)), (0, len(b.keys)))


def test_compound_sentences_that_share_both_statements_stay_whole() -> None:
    a = prepare(document("a.txt", "Seven men were convicted of bigamy and received long sentences; another "
                                  "goes on trial this month in San Angelo."))
    b = prepare(document("b.txt", "Seven of the men have been convicted of bigamy and received sentences; "
                                  "another goes on trial in San Angelo this month."))
    _, ta, tb = score_sentences(a, 0, b, 0, {}, AlignOptions())
    assert (ta, tb) == ((0, len(a.keys)), (0, len(b.keys)))


def test_a_weak_pair_is_kept_when_a_third_document_pairs_with_both_its_passages_not_through_a_chain() -> None:
    from viewer.core.model import Alignment, Pair

    def s(doc: str, start: int) -> Span:
        return Span(doc, start, start + 40)

    corpus = corpus_of({d: "x" * 400 for d in ("a", "b", "c", "d")})
    # Statement 1: c restates both a's and b's passages, which restate each other more loosely.
    triangle = [Pair(s("a", 0), s("c", 0), 0.8), Pair(s("b", 0), s("c", 0), 0.8)]
    corroborated = Pair(s("a", 0), s("b", 0), 0.35)
    # Statement 2: a - c - d - b, neighbouring statements linked in a chain; a and b share no parallel.
    chain = [Pair(s("a", 100), s("c", 100), 0.8), Pair(s("c", 100), s("d", 100), 0.8),
             Pair(s("b", 100), s("d", 100), 0.8)]
    chained = Pair(s("a", 100), s("b", 100), 0.35)
    pairs = tuple(sorted([*triangle, corroborated, *chain, chained], key=lambda p: (p.a, p.b)))
    kept = regroup(Alignment(corpus, 0.3, pairs, ()), 0.4).pairs
    assert corroborated in [replace(p, group=-1) for p in kept]
    assert chained not in [replace(p, group=-1) for p in kept]
    assert len(kept) == 6


# 37_2ecbplus writes as one sentence what 37_8ecbplus writes as two (ECB+, copied in short).
ONE_SENTENCE = ('Eyewitnesses say many homes have collapsed. "I see many houses were damaged and their roofs fell '
                'onto some people, " said Bensu Elianita, a 22 year-old resident in Bukit Sama village in Central '
                'Aceh district, adding, "Many people were injured but it is difficult to evacuate them due to '
                'traffic jams. "')
TWO_SENTENCES = ('The quake shook the provincial capital. "I see many houses were damaged and their roofs fell onto '
                 'some people, " said central Aceh district resident Bensu Elianita to the Associated Press. "Many '
                 'people were injured but it is difficult to evacuate them due to traffic jams. "')


def test_a_sentence_written_as_two_elsewhere_parallels_both() -> None:
    corpus = corpus_of({"a.txt": ONE_SENTENCE, "b.txt": TWO_SENTENCES})
    pairs = {(_text(corpus, p.a), _text(corpus, p.b)) for p in align_corpus(corpus).pairs}
    injured = "Many people were injured but it is difficult to evacuate them due to traffic jams"
    assert (injured, injured) in pairs
    assert any(a.startswith("I see many houses") and "Bensu Elianita, a 22 year-old" in a
               and b.startswith("I see many houses") and "Associated Press" in b for a, b in pairs)


# One sentence stating two things (a settlement in its relative clause, a resignation in its main clause)
# against another article stating them apart, then the settlement again; a.txt then states the resignation
# alone too.
APART = {
    "a.txt": ("Blake Farenthold, the Texas Republican who used $84,000 in taxpayer funds to settle a harassment "
              "case, resigned from Congress on Friday. He resigned from Congress on Friday afternoon."),
    "b.txt": ("Farenthold used $84,000 in taxpayer funds to settle a harassment case. Farenthold resigned from "
              "Congress on Friday. The harassment case was settled with taxpayer funds in 2015."),
}


def _apart() -> list[PreparedDocument]:
    return [prepare(document(name, text)) for name, text in sorted(APART.items())]


def _clause(d: PreparedDocument) -> tuple[int, int]:
    """The tokens of "who used ... case" in a.txt."""
    words = [APART[d.doc_id][a:b] for a, b in zip(d.starts, d.ends, strict=True)]
    first = words.index("who")
    return first, words.index("case", first) + 1


def _match(docs: list[PreparedDocument], sent_b: int, tokens_a: tuple[int, int] | None, similarity: float,
           ) -> Match:
    """a.txt's sentence (`tokens_a` of it, None: whole) against sentence `sent_b` of b.txt, whole."""
    a, b = docs[0].sentences[0], docs[1].sentences[sent_b]
    return Match(0, 0, 1, sent_b, tokens_a or (a.first, a.last), (b.first, b.last), similarity)


def test_a_lesser_partner_on_the_same_part_of_the_sentence_is_dropped() -> None:
    docs = _apart()
    settlement = _match(docs, 0, _clause(docs[0]), 0.9)
    again = _match(docs, 2, None, 0.4)  # shares only words of the clause the better partner parallels
    near = _match(docs, 2, _clause(docs[0]), 0.8)  # within the tolerance of the best: a near-tie stays
    assert keep_best_partners([settlement, again], docs, {}, AlignOptions()) == [settlement]
    assert keep_best_partners([settlement, near], docs, {}, AlignOptions()) == [settlement, near]


def test_a_lesser_partner_on_another_part_of_the_sentence_stays() -> None:
    """The partner matched the whole sentence, but the words it shares with it lie outside the clause the
    better partner parallels: it parallels the main clause."""
    docs = _apart()
    settlement, resignation = _match(docs, 0, _clause(docs[0]), 0.9), _match(docs, 1, None, 0.5)
    assert keep_best_partners([settlement, resignation], docs, {}, AlignOptions()) == [settlement, resignation]
    # ... for each of its two sentences: the other sentence has a better partner on the same part
    a1, b1 = docs[0].sentences[1], docs[1].sentences[1]
    rival = Match(0, 1, 1, 1, (a1.first, a1.last), (b1.first, b1.last), 0.9)
    assert keep_best_partners([settlement, resignation, rival], docs, {}, AlignOptions()) == [settlement, rival]


def test_words_of_a_whole_sentence_a_kept_partner_parallels_make_no_other_part() -> None:
    """A partner sharing words with a sentence whose whole the best partner parallels is no parallel of
    another part of it (measured: mostly sentences sharing a name and a verb with another statement)."""
    docs = _apart()
    whole, other = _match(docs, 1, None, 0.9), _match(docs, 2, None, 0.5)
    assert keep_best_partners([whole, other], docs, {}, AlignOptions()) == [whole]
    # unless it states a figure of the sentence both articles state only there: another fact of it
    settlement = _match(docs, 0, None, 0.5)  # "... used $84,000 in taxpayer funds to settle ..."
    assert keep_best_partners([whole, settlement], docs, {}, AlignOptions()) == [whole, settlement]


def test_a_partner_restating_the_better_one_in_its_own_article_stays() -> None:
    """The other article says it twice (a headline repeating the quote of its body): the sentence
    parallels both statements."""
    docs = _apart()
    body, again = _match(docs, 0, None, 0.9), _match(docs, 2, None, 0.45)
    assert keep_best_partners([body, again], docs, {}, AlignOptions()) == [body]
    b0, b2 = docs[1].sentences[0], docs[1].sentences[2]
    repeat = Match(1, 0, 1, 2, (b0.first, b0.last), (b2.first, b2.last), 0.8)
    assert keep_best_partners([body, again, repeat], docs, {}, AlignOptions()) == [body, again, repeat]
    loose = replace(repeat, similarity=0.5)  # a looser likeness is no restatement
    assert keep_best_partners([body, again, loose], docs, {}, AlignOptions()) == [body, loose]


def test_a_lesser_partner_stating_another_figure_of_the_sentence_stays() -> None:
    """ECB+ 29 (two reports of one Chiefs game): one sentence gives two players' yards, the other report
    gives each in a sentence of its own; both are parallels of it, however much closer the model reads one."""
    docs = [prepare(document("a.txt", "Jamaal Charles rushed for 226 yards while Peyton Hillis added 101.")),
            prepare(document("b.txt", "The Chiefs had rallied behind Jamaal Charles' 226 yards rushing to tie the "
                                      "game 13-13 heading into the fourth quarter. Peyton Hillis added 101 yards "
                                      "on the ground for the Chiefs (2-13), who had 352 yards rushing in a losing "
                                      "effort."))]
    charles, hillis = _match(docs, 0, None, 0.4752), _match(docs, 1, None, 0.5617)
    assert keep_best_partners([charles, hillis], docs, {}, AlignOptions()) == [charles, hillis]
    # When the other report states that figure again elsewhere, it is no fact of that sentence alone.
    docs[1] = prepare(document("b.txt", "The Chiefs had rallied behind Jamaal Charles' 226 yards rushing to tie "
                                        "the game 13-13 heading into the fourth quarter. Peyton Hillis added 101 "
                                        "yards on the ground for the Chiefs (2-13), who had 352 yards rushing in a "
                                        "losing effort. Charles' 226 yards were the third most in team history."))
    assert keep_best_partners([charles, hillis], docs, {}, AlignOptions()) == [hillis]


def _sentence_match(docs: list[PreparedDocument], sent_a: int, sent_b: int, similarity: float) -> Match:
    """Whole sentence `sent_a` of docs[0] against whole sentence `sent_b` of docs[1]."""
    a, b = docs[0].sentences[sent_a], docs[1].sentences[sent_b]
    return Match(0, sent_a, 1, sent_b, (a.first, a.last), (b.first, b.last), similarity)


# Breitbart's headline is made from the quote Fox News prints in its body, its best partner there; Fox's
# headline is its parallel too (newswcl50 event 4). Breitbart's headline is its title, cut off the lede
# by it; Fox's is cut off its lede by the name opening it.
IRAN_HEADLINES = {
    "breitbart.md": (
        "Donald Trump warns Iran against restarting nuclear program: ' They restart it, they're going to have "
        "big problems ' Iranian President Hassan Rouhani warns Saudi Arabia that it will achieve nothing by "
        "threatening the might of Iran, as a war of words between the regional heavyweights intensifies.\n\n"
        "President Donald Trump did not restrain giving his opinion about the \"terrible\" Iran nuclear deal on "
        "Tuesday during a meeting with French President Emmanuel Macron."),
    "fox-news.md": (
        "Trump warns Iran on nuclear program as Macron aims to preserve pact President Trump warned Iran's "
        "leaders Tuesday that if Iran \"threatens\" the U.S. \"they will pay a price like no country has ever "
        "paid.\"\n\n\"If they restart their nuclear program, they're going to have big problems — bigger than "
        "they've ever had before,\" Trump said Tuesday."),
}
IRAN_TITLES = {"breitbart.md": ("Donald Trump warns Iran against restarting nuclear program: ' They restart it, "
                                "they're going to have big problems '"), "fox-news.md": ""}


def test_two_headlines_keep_each_other_beside_a_better_partner_in_the_body() -> None:
    """The headlines' pair stays for Fox's headline only (Breitbart's has the quote, 1.0): two headlines
    stay so. Fox's lede, a lesser partner of Breitbart's headline too, is no headline: it stays dropped."""
    docs = [prepare(document(name, text, title=IRAN_TITLES[name])) for name, text in IRAN_HEADLINES.items()]
    assert [d.headline for d in docs] == [True, True]
    headlines, lede, quote = (_sentence_match(docs, 0, 0, 0.485), _sentence_match(docs, 0, 1, 0.5),
                              _sentence_match(docs, 0, 2, 1.0))
    assert keep_best_partners([headlines, lede, quote], docs, {}, AlignOptions()) == [headlines, quote]
    # Fox's first sentence were no headline (a text opening on its lede): the pair is held to both sides
    docs[1] = replace(docs[1], headline=False)
    assert keep_best_partners([headlines, lede, quote], docs, {}, AlignOptions()) == [quote]


# HuffPost quotes Trump's remark whole; USA Today quotes two words of it in its lede and the whole of it in
# its body (newswcl50 event 4).
REMARK = {
    "a.txt": ("Macron arrived at the White House on Monday. \"It's insane. It's ridiculous. It should have never "
              "been made,\" Trump said earlier this week."),
    "b.txt": ("President Trump vowed Tuesday to look for common ground with his French counterpart in dealing "
              "with Iran but made no commitment to stick with the nuclear agreement he described as \"insane\" "
              "and \"ridiculous.\" \"It's insane. It's ridiculous. It should have never been made,\" Trump said "
              "of the deal in the Oval Office as Macron sat at his side."),
}


def test_a_lesser_partner_quoting_the_remark_the_sentence_quotes_stays() -> None:
    docs = [prepare(document(name, text)) for name, text in sorted(REMARK.items())]
    whole, lede = _sentence_match(docs, 1, 1, 0.753), _sentence_match(docs, 1, 0, 0.462)
    assert keep_best_partners([lede, whole], docs, {}, AlignOptions()) == [lede, whole]
    # the same lede without the quotation marks shares words, not the remark: its lesser partner is dropped
    unquoted = {"a.txt": REMARK["a.txt"], "b.txt": REMARK["b.txt"].replace('"insane"', "insane").replace(
        '"ridiculous."', "ridiculous.")}
    docs = [prepare(document(name, text)) for name, text in sorted(unquoted.items())]
    whole, lede = _sentence_match(docs, 1, 1, 0.753), _sentence_match(docs, 1, 0, 0.462)
    assert keep_best_partners([lede, whole], docs, {}, AlignOptions()) == [whole]


def test_scare_quoted_terms_sharing_words_are_no_fragment_of_one_remark() -> None:
    """Clough-Stevenson: answers quoting "false positive match" and "false negative match" quote two terms,
    not one remark, however many of their quoted words are the same."""
    docs = [prepare(document("a.txt", 'The checker reports a "false positive match" when two different '
                                      "answers share a phrase.")),
            prepare(document("b.txt", 'A "false positive match" is reported when two different answers share a '
                                      'phrase by chance. The checker also reports a "false negative match" when '
                                      "it misses a copied phrase."))]
    best, other = _sentence_match(docs, 0, 0, 0.8), _sentence_match(docs, 0, 1, 0.45)
    assert keep_best_partners([best, other], docs, {}, AlignOptions()) == [best]
