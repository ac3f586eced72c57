"""Numbers and dates of the articles: extraction, and the divergences between aligned passages.

The entry points other layers call; the work lives in `facts_extract` (recognise and normalise) and
`facts_pair` (pair and judge). Imports: viewer.core only.
"""

from viewer.core.facts_extract import Fact, extract_facts, value_text
from viewer.core.facts_pair import MIN_CONFIDENCE, Verdict, compare_passages, pair_divergences

__all__ = [
    "MIN_CONFIDENCE",
    "Fact",
    "Verdict",
    "compare_passages",
    "extract_facts",
    "pair_divergences",
    "value_text",
]
