"""Numbers and dates of the articles: extraction, and the divergences between aligned passages.

The entry points other layers call; the work lives in `extract` (recognise and normalise), `pair` (pair
and judge) and `discrepancies` (disputed facts across the corpus). Imports: viewer.core.model, worddiff,
lexicon, spans.
"""

from viewer.core.facts.extract import extract_facts
from viewer.core.facts.pair import MIN_CONFIDENCE, Judgement, compare_passages, judge_pair, pair_divergences
from viewer.core.facts.values import AnyFact, Fact, Unresolved, value_text

__all__ = [
    "MIN_CONFIDENCE",
    "AnyFact",
    "Fact",
    "Judgement",
    "Unresolved",
    "compare_passages",
    "extract_facts",
    "judge_pair",
    "pair_divergences",
    "value_text",
]
