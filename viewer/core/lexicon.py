"""The words and patterns of English news that the engine and the facts both read: months, weekdays,
stopwords, synonyms and sentence ends, in one place so that a change to one is seen beside the other.

The engine (viewer.core.align) and the facts (viewer.core.facts) deliberately keep two lists where their
jobs differ, each named for its job:
- stopwords: matching drops reporting verbs and modals ("said", "told", "may", "must") that every news
  sentence has; the facts' context words keep "said" out too but also drop quantifiers ("more", "some",
  "another") that sit next to a value without saying what it counts.
- synonyms: matching folds stems that outlets swap for one thing (troops/soldiers, caskets/coffins) so
  that restatements align; the facts fold whole words into what a value counts or what happened to it
  (killed/dead/death toll), which must never make two sentences align.
- sentence ends: the splitter needs a capital (or digit) after the end and knows abbreviations; the facts
  only bound the context of one value and accept a semicolon as an end.
Imports: the standard library only.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Matching (viewer.core.align.passages): words that carry no content of their own.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most my
    myself no nor not now of off on once only or other our ours ourselves out over own same she should so
    some such than that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say told according may might must shall""".split()
)
# Facts (viewer.core.facts.pair): words that say nothing about which value goes with which.
CONTEXT_STOPWORDS = frozenset(
    """a an the and or but of to in on at for from by with as is are was were be been being has have had
    that this these those it its their there they them he she his her we our you your who which what when
    where than then so not no also said says say will would could may might can up out over about into after
    before more most some such other another any each all both only just very while during since until
    according""".split()
)

# Matching: rows of words a newsroom uses interchangeably for one thing (stemmed by the engine; each maps
# to the first of its row).
SYNONYM_ROWS: tuple[str, ...] = (
    "troop soldier servicemen servicemember personnel",
    "casket coffin",
    "country nation",
    "meeting talks",
)
# Facts: words outlets swap for one another when they restate the same report, by what they mean.
CONTEXT_SYNONYMS: dict[str, str] = {
    "troop": "troop", "soldier": "troop", "serviceman": "troop", "servicemen": "troop", "personnel": "troop",
    "service": "troop", "member": "troop", "american": "troop", "casket": "casket", "case": "casket",
    "coffin": "casket", "container": "casket", "killed": "dead", "died": "dead", "dead": "dead",
    "death": "dead", "deaths": "dead", "kill": "dead", "killing": "dead", "injured": "hurt",
    "wounded": "hurt", "hurt": "hurt", "injuring": "hurt", "wounding": "hurt", "injuries": "hurt",
    "injury": "hurt", "quake": "earthquake", "temblor": "earthquake", "tremor": "earthquake", "fire": "fire",
    "blaze": "fire", "flames": "fire",
}

# The splitter: end punctuation (and closing quotes or brackets) followed by a capital or a digit, the next
# sentence perhaps opening with a quote or a bracket. Text detokenised from research data sets its quotes
# apart: a quote mark standing alone after a space (`before. " Trump said`, `said. " It is`, `grazes. ''
# Injured`, `all day. ” Palmer`), where `''` is the Penn Treebank's closing quote (its opening one is ``,
# or `''` glued to the next word: `reported. ''The Persian Gulf`). Whether a straight `"` standing alone
# closes the sentence or opens the next one is decided by viewer.core.align.passages; `''`, `”` and `’`
# standing alone close it.
SENTENCE_END = re.compile(
    r"[.!?…]+['\"’”)\]]*(?:\s+(?:''|[\"”’])(?=\s))?(?=\s+(?:''|``|['\"‘“(\[])?\s?[A-Z0-9])"
)
# The facts, around one value: an end mark not after a capital initial, before a capital or a quote.
CONTEXT_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?;]\s+(?=[A-Z\"“‘'])")
# The facts, looking back for the event a "first ... since" names: any end mark, or a line break.
LOOSE_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?]\s+|\n")

# Photo captions, which scraped articles carry above or between paragraphs: they describe a picture and
# are no statement of the article. Read by the headline finder (viewer.core.ingest.metadata) and by the
# engine (viewer.core.align.passages), which leaves them out of alignment.
# A credit closing a caption: "(Evan Vucci/AP)", "(File)", "(Reuters)", "(AP Photo)".
CAPTION_CREDIT_END = re.compile(
    r"\((?:[^()]*/[^()]*|AP|AFP|Reuters|Getty Images|File|[^()]*\bphoto\b[^()]*)\)\s*$", re.IGNORECASE
)
# A caption's opening: "(File)", "File photo", "Photo:".
CAPTION_START = re.compile(
    r"^(?:\(file\)|file\s*[-–—:]|file photo\b|\(photo\b|photo:|image:)", re.IGNORECASE
)
# A credit inside a caption: "Source: Jeon Heon-kyun/Pool via Reuters".
CAPTION_CREDIT = re.compile(r"\b(?:source|credit|photo)\s*:\s*[^/]{1,60}/", re.IGNORECASE)
# Who stands where in the picture: "President Trump, right, and ...", "pictured".
CAPTION_POSITION = re.compile(r",\s*(?:left|right|center|centre)\s*,|\bpictured\b", re.IGNORECASE)
