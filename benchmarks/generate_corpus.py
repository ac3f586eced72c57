"""Seeded generator of news-like corpora with known injected reuse, for the scale benchmark and store tests.

Background sentences are real news sentences (NewsWCL50, copied into `benchmarks/data/sentences.txt` by
`--refresh-pool`) whose content words are each replaced by a word drawn by Zipf's law from the real words
of the pool, extended by pseudo-words (a growing archive keeps meeting new names and words): the syntax,
function words and sentence lengths stay those of news prose, while no two articles share a background
sentence by accident (a pool of a few thousand sentences reused verbatim over 20,000 articles would itself
be massive reuse). Each outlet closes its articles with its own pitch line
(boilerplate). On top of that, passages of earlier articles are reused with known edits: verbatim quotes,
light word edits, a changed number or date, clauses swapped, and two-sentence passages.
The truth (`truth.json`) lists families of spans: every two spans of one family in different documents
are a parallel the engine should find.

`--dense` writes what real archives of one beat look like instead, where the corpus above has almost no
natural reuse: background sentences come from a word-level Markov chain (order 2) trained on the real
sentences of the pool, so stock phrases and verbatim fragments recur across articles by chance as they do
in news; and a few hundred wire stories are republished, whole paragraphs at a time and lightly edited,
by many outlets (each wire sentence one family), on top of the injected copies above.

Usage: python benchmarks/generate_corpus.py N OUT_DIR [--seed S] [--dense]
Imports: the standard library, viewer.core (only for `--refresh-pool`).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data"
POOL = DATA / "sentences.txt"
_WORD = re.compile(r"[A-Za-z][a-z]+(?:'[a-z]+)?")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_FUNCTION = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on
    once only or other our out over own same she should so some such than that the their them then there these
    they this those through to too under until up very was we were what when where which while who whom why
    will with would you your said says say told according may might must""".split()
)
_MONTHS = "January February March April May June July August September October November December".split()
_OUTLETS = [f"{a} {b}" for a in ("Daily", "Evening", "Morning", "Weekly", "National") for b in
            ("Courier", "Herald", "Ledger", "Post", "Tribune", "Gazette", "Observer", "Chronicle")]


def refresh_pool(corpora: Path, out: Path = POOL, limit_bytes: int = 300_000) -> None:
    """Copy real sentences (8-45 words) from NewsWCL50 into `out`, one a line, deduplicated."""
    from viewer.core.align.passages import prepare
    from viewer.core.model import Document

    seen, lines, size = set(), [], 0
    for path in sorted((corpora / "newswcl50").glob("event_*/*.md")):
        text = path.read_text(encoding="utf-8").split("---", 2)[-1]
        doc = prepare(Document(str(path), str(path), "", "", None, "", text))
        for s in doc.sentences:
            sentence = " ".join(text[s.start : s.end].split())
            usable = 8 <= s.last - s.first <= 45 and "\\" not in sentence and sentence not in seen
            if usable and size < limit_bytes:
                seen.add(sentence)
                lines.append(sentence)
                size += len(sentence) + 1
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass
class Article:
    name: str
    source: str
    date: str
    paragraphs: list[list[str]] = field(default_factory=list)  # sentences per paragraph
    marks: list[tuple[int, int, int, int]] = field(default_factory=list)  # (para, first, last, family)


class Generator:
    def __init__(self, seed: int, pool: Path = POOL, vocabulary: int = 200_000, outlets: int = 40) -> None:
        self.rng = random.Random(seed)
        self.outlets = _OUTLETS[:outlets]
        self.templates = [s for s in pool.read_text(encoding="utf-8").splitlines() if s]
        counts = Counter(w for s in self.templates for w in _WORD.findall(s) if w.lower() not in _FUNCTION)
        real = [w for w, _ in counts.most_common()]
        # A growing archive keeps meeting new words (Heaps' law): past the real words, the vocabulary goes
        # on with pseudo-words spliced from two real ones, and word ranks follow Zipf's law.
        self.words = real + [self._splice(real) for _ in range(vocabulary - len(real))]
        self.cum = list(itertools.accumulate(1.0 / (r + 3) for r in range(len(self.words))))

    def _splice(self, real: list[str]) -> str:
        a, b = self.rng.choice(real), self.rng.choice(real)
        return a[: max(2, len(a) // 2)] + b[len(b) // 2 :]

    def background(self) -> str:
        """A real sentence with every content word replaced by one drawn from the real text."""
        rng = self.rng

        def word(m: re.Match[str]) -> str:
            w = m.group()
            if w.lower() in _FUNCTION:
                return w
            new = rng.choices(self.words, cum_weights=self.cum)[0]
            return new[0].upper() + new[1:] if w[0].isupper() else new.lower()

        def number(m: re.Match[str]) -> str:
            return str(rng.randint(2, 3000))

        return _NUMBER.sub(number, _WORD.sub(word, rng.choice(self.templates)))

    def edit(self, sentence: str, kind: str) -> str:
        """A reused sentence as another outlet would print it."""
        rng = self.rng
        words = sentence.split()
        if kind == "light" and len(words) > 8:
            i = rng.randrange(1, len(words) - 1)
            if rng.random() < 0.5:
                del words[i]
            else:
                words.insert(i, rng.choice(("also", "reportedly", "still", "now")))
            return " ".join(words)
        if kind == "number":
            if _NUMBER.search(sentence):
                return _NUMBER.sub(lambda m: str(int(m.group().replace(",", "").split(".")[0]) + 100),
                                   sentence, 1)
            return sentence.rstrip(".") + f" on {rng.choice(_MONTHS)} {rng.randint(1, 28)}."
        if kind == "reorder" and ", " in sentence:
            head, tail = sentence.rstrip(".").split(", ", 1)
            return f"{tail[0].upper()}{tail[1:]}, {head[0].lower()}{head[1:]}."
        return sentence

    def corpus(self, n: int) -> tuple[list[Article], int]:
        rng = self.rng
        articles: list[Article] = []
        families = 0
        for i in range(n):
            source = self.outlets[i % len(self.outlets)] if rng.random() < 0.8 else ""
            art = Article(f"{i:06d}", source, f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
            for _ in range(rng.randint(4, 7)):
                art.paragraphs.append([self.background() for _ in range(rng.randint(2, 4))])
            if articles and rng.random() < 0.35:
                for _ in range(rng.randint(1, 2)):
                    families = self._reuse(rng.choice(articles[-200:]), art, families)
            if source:
                art.paragraphs.append([f"Sign up for the {source} newsletter to get the day's top stories "
                                       "in your inbox every morning."])
            articles.append(art)
        return articles, families

    def _reuse(self, origin: Article, art: Article, families: int) -> int:
        """Copy a passage of `origin` into a new paragraph of `art`, edited; mark both as one family."""
        rng = self.rng
        candidates = [(p, j) for p, sents in enumerate(origin.paragraphs) for j in range(len(sents))
                      if not any(m[0] == p and m[1] <= j < m[2] for m in origin.marks)
                      and not sents[j].startswith("Sign up for")]
        if not candidates:
            return families
        p, j = rng.choice(candidates)
        length = 2 if rng.random() < 0.25 and j + 1 < len(origin.paragraphs[p]) else 1
        kind = rng.choice(("verbatim", "light", "number", "reorder"))
        copied = [self.edit(s, kind) for s in origin.paragraphs[p][j : j + length]]
        family = next((m[3] for m in origin.marks if m[0] == p and m[1] == j), None)
        if family is None or length > 1:
            family = families
            families += 1
            origin.marks.append((p, j, j + length, family))
        where = rng.randrange(len(art.paragraphs) + 1)
        art.paragraphs.insert(where, copied)
        art.marks = [(q + (q >= where), a, b, f) for q, a, b, f in art.marks]
        art.marks.append((where, 0, length, family))
        return families


class DenseGenerator(Generator):
    """Articles of one beat: Markov-chain prose with recurring stock phrases, and wire stories republished
    by many outlets with light edits."""

    def __init__(self, seed: int, pool: Path = POOL, outlets: int = 40, wires: int = 300) -> None:
        super().__init__(seed, pool, outlets=outlets)
        self.chain: dict[tuple[str, str], list[str]] = {}
        for sentence in self.templates:
            words = ["", "", *sentence.split(), None]
            for a, b, c in zip(words, words[1:], words[2:], strict=False):
                self.chain.setdefault((a, b), []).append(c)
        self.wires = [[[self._markov() for _ in range(self.rng.randint(2, 3))]
                       for _ in range(self.rng.randint(3, 5))] for _ in range(wires)]
        self.wire_family: dict[tuple[int, int, int], int] = {}

    def _markov(self) -> str:
        rng, state, out = self.rng, ("", ""), []
        while len(out) < 45:
            nxt = rng.choice(self.chain[state])
            if nxt is None:
                if len(out) >= 8:
                    break
                state, out = ("", ""), []
                continue
            out.append(nxt)
            state = (state[1], nxt)
        text = " ".join(out)
        return text if text.endswith((".", "!", "?", '"')) else text + "."

    def background(self) -> str:
        return self._markov()

    def corpus(self, n: int) -> tuple[list[Article], int]:
        articles, families = super().corpus(n)
        rng = self.rng
        for art in articles:
            if rng.random() < 0.5:
                families = self._republish(art, rng.randrange(len(self.wires)), families)
        return articles, families

    def _republish(self, art: Article, wire: int, families: int) -> int:
        """Paragraphs of wire story `wire` at the top of `art`, each sentence lightly edited by chance."""
        rng = self.rng
        story = self.wires[wire]
        first = rng.randrange(len(story))
        taken = story[first : first + rng.randint(1, len(story) - first)]
        for k, paragraph in enumerate(taken):
            copied = []
            for sentence in paragraph:
                edit = rng.choice(("verbatim", "verbatim", "light", "number"))
                copied.append(self.edit(sentence, edit))
            art.paragraphs.insert(k, copied)
            art.marks = [(q + (q >= k), a, b, f) for q, a, b, f in art.marks]
            for j in range(len(paragraph)):
                key = (wire, first + k, j)
                if key not in self.wire_family:
                    self.wire_family[key] = families
                    families += 1
                art.marks.append((k, j, j + 1, self.wire_family[key]))
        return families


def render(art: Article) -> tuple[str, list[tuple[int, int, int]]]:
    """The article's text and the (start, end, family) spans of its marked passages."""
    head = f"{art.name}: {art.source or 'wire'} report\n\n"
    parts, spans, pos = [head], [], len(head)
    for p, sents in enumerate(art.paragraphs):
        starts = []
        for s in sents:
            starts.append(pos)
            parts.append(s + " ")
            pos += len(s) + 1
        for q, a, b, family in art.marks:
            if q == p:
                spans.append((starts[a], starts[b - 1] + len(sents[b - 1]), family))
        parts.append("\n\n")
        pos += 2
    return "".join(parts), spans


def write_corpus(n: int, out: Path, seed: int = 1, pool: Path = POOL, outlets: int = 40,
                 dense: bool = False) -> dict:
    """Write `n` articles under `out/articles/` (Markdown, source and date in front matter), the truth
    to `out/truth.json`; `dense` for the dense-reuse corpus (see the module's docstring)."""
    generator = (DenseGenerator if dense else Generator)(seed, pool, outlets=outlets)
    articles, _ = generator.corpus(n)
    folder = out / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    truth: dict[str, list[list[int]]] = {}
    for art in articles:
        text, spans = render(art)
        name = f"{art.name}.md"
        front = f"---\nsource: {art.source}\ndate: {art.date}\n---\n"
        (folder / name).write_text(front + text, encoding="utf-8")
        for start, end, family in spans:  # offsets into the body, which is what Document.text holds
            truth.setdefault(str(family), []).append([name, start, end])
    families = {k: v for k, v in truth.items() if len({s[0] for s in v}) > 1}
    data = {"n": n, "seed": seed, "dense": dense, "families": families}
    (out / "truth.json").write_text(json.dumps(data), encoding="utf-8")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--refresh-pool", type=Path, metavar="CORPORA", help="rebuild the sentence pool")
    parser.add_argument("--dense", action="store_true", help="Markov prose and wire stories republished")
    args = parser.parse_args()
    if args.refresh_pool:
        refresh_pool(args.refresh_pool)
    data = write_corpus(args.n, args.out, args.seed, dense=args.dense)
    print(f"{args.n} articles, {len(data['families'])} reuse families -> {args.out}")


if __name__ == "__main__":
    main()
