"""How trustworthy the divergences are, on the dev gold in ../shared/gold (see its README).

For each dev cluster (the sample corpus, newswcl50 event_4, basil 04, ecbplus 37) the folder (or .jsonl
file) is copied into an empty scratch folder, aligned and judged with `pipeline.analyse` as
`parallax align --no-index` does, written as the JSON export and scored with
../shared/tools/score_alignment.py. Reported per corpus and pooled over the three real clusters:

- divergence recall: gold "divergent" value pairs flagged (conflict or soft) by some pair;
- flag precision: flags that match a gold divergent pair, over all flags;
- false conflicts: gold "not-conflict" pairs (one figure said two ways) flagged as conflicts;
- coverage: gold divergent pairs whose two values both lie in one aligned pair at all. Divergences are
  judged between parallel passages only, so coverage bounds recall: what the alignment does not pair,
  the facts cannot judge (the restatements work raises it).

- stress ("every sentence pair"): the same scores when every cross-document pair of sentences that hold
  a value is judged, as if the alignment paired everything: the recall better parallels could reach, and
  whether the same-thing rules hold on passages that are not restatements (gold lists one pair per
  statement, so precision here counts many right flags as unlisted: read it as a floor).

Done-when targets (issue 13, dev set pooled): recall >= 0.60, flag precision >= 0.70, at most 2 false
conflicts; the sample keeps its four divergences and no false conflict. Writes
benchmarks/results/divergences.json (earlier runs kept under "history").

    .venv/bin/python benchmarks/bench_divergences.py
Imports: viewer (core and the JSON export); reads ../shared (benchmarks may, tests may not).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results_history import write_run

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer.core.facts import extract_facts  # noqa: E402
from viewer.core.ingest.documents import load_corpus  # noqa: E402
from viewer.core.model import Alignment, Pair, Span  # noqa: E402
from viewer.core.pipeline import analyse, judge_all  # noqa: E402
from viewer.export_json import alignment_to_json  # noqa: E402

# ../shared beside the checkout (a worktree sits one level deeper), or $PARALLAX_SHARED
SHARED = Path(os.environ.get("PARALLAX_SHARED") or next(
    (p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "gold").is_dir()),
    ROOT.parent / "shared"))
SCORER = SHARED / "tools" / "score_alignment.py"
RESULTS = ROOT / "benchmarks" / "results" / "divergences.json"
DEV = {  # gold file -> the folder or file it annotates
    "seeds": SHARED / "seeds",
    "newswcl50-event_4": SHARED / "corpora" / "newswcl50" / "event_4",
    "basil-04": SHARED / "corpora" / "basil" / "04_blake_farenthold_resigns_from_congress.jsonl",
    "ecbplus-37": SHARED / "corpora" / "ecbplus" / "37ecbplus",
}
REAL = ("newswcl50-event_4", "basil-04", "ecbplus-37")
SUMMARY = re.compile(r"divergence-recall [\d.]+ \((\d+)/(\d+)\) flagged (\d+) of which gold (\d+) "
                     r"false-conflicts (\d+)")


def _coverage(out: dict, gold: dict) -> int:
    """Gold divergent pairs whose two values lie inside the two sides of one aligned pair."""
    sys.path.insert(0, str(SCORER.parent))
    from score_alignment import locate  # the scorer's own matching of quotes to text

    texts = {d["id"]: d["text"] for d in out["documents"]}
    docmap = {}
    for key, spec in gold["docs"].items():
        found = [d for d, t in texts.items() if locate(t, spec["probe"][:60])]
        if len(found) > 1:
            found = [d for d in found if spec["file"] in d
                     and (not spec.get("record") or d.endswith("#" + str(spec["record"])))] or found
        if found:
            docmap[key] = found[0]

    def where(side: list) -> tuple[str, tuple[int, int]] | None:
        key, context, value = side
        if key not in docmap or not (at := locate(texts[docmap[key]], context)):
            return None
        k = texts[docmap[key]][at[0] : at[1]].find(value)
        return (docmap[key], (at[0] + max(k, 0), at[0] + max(k, 0) + len(value))) if k >= 0 else None

    def inside(span: dict, value: tuple[int, int]) -> bool:
        return span["start"] < value[1] and value[0] < span["end"]

    covered = 0
    for fact in gold.get("facts", []):
        if fact["expect"] != "divergent" or not (a := where(fact["a"])) or not (b := where(fact["b"])):
            continue
        covered += any(
            (p["a"]["doc"], p["b"]["doc"]) == (x[0], y[0]) and inside(p["a"], x[1]) and inside(p["b"], y[1])
            for p in out["pairs"] for x, y in ((a, b), (b, a))
        )
    return covered


_SENTENCE_GAP = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])|\n+")


def _every_sentence_pair(folder: Path) -> dict:
    """The JSON export of `folder` with every cross-document pair of sentences holding a value judged."""
    corpus = load_corpus(folder)
    sentences: dict[str, list[tuple[int, int]]] = {}
    for doc in corpus.documents:
        bounds, start = [], 0
        for m in _SENTENCE_GAP.finditer(doc.text):
            bounds.append((start, m.start()))
            start = m.end()
        bounds.append((start, len(doc.text)))
        facts = extract_facts(doc)
        sentences[doc.id] = [(s, e) for s, e in bounds
                             if e - s > 5 and any(s <= f.start and f.end <= e for f in facts)]
    ids = sorted(sentences)
    pairs = tuple(Pair(Span(a, *sa), Span(b, *sb), 0.5)
                  for i, a in enumerate(ids) for b in ids[i + 1 :]
                  for sa in sentences[a] for sb in sentences[b])
    judged = judge_all(Alignment(corpus, 0.5, pairs, ()))
    return alignment_to_json(Alignment(corpus, 0.5, tuple(p for p in judged.pairs if p.divergences), ()))


def _run_scorer(out: dict, name: str, scratch: Path, tag: str) -> tuple[int, ...]:
    path = scratch / f"{name}-{tag}.json"
    path.write_text(json.dumps(out), "utf-8")
    run = subprocess.run([sys.executable, str(SCORER), str(path), str(SHARED / "gold" / f"{name}.json")],
                         capture_output=True, text=True, check=False)
    m = SUMMARY.search(run.stdout)
    if m is None:
        raise SystemExit(f"{name}: cannot read the scorer's summary: {run.stdout}{run.stderr}")
    return tuple(map(int, m.groups()))


def _score(name: str, source: Path, scratch: Path) -> dict:
    folder = scratch / name
    folder.mkdir()
    if source.is_dir():
        for f in source.iterdir():
            if f.is_file():
                shutil.copy(f, folder / f.name)
    else:
        shutil.copy(source, folder / source.name)
    start = time.perf_counter()
    out = alignment_to_json(analyse(folder))
    seconds = time.perf_counter() - start
    found, total, flagged, flagged_gold, false_conflicts = _run_scorer(out, name, scratch, "aligned")
    gold = json.loads((SHARED / "gold" / f"{name}.json").read_text("utf-8"))
    stressed = _every_sentence_pair(folder)
    s_found, _, s_flagged, s_gold, s_false = _run_scorer(stressed, name, scratch, "stress")
    return {"divergent": total, "found": found, "flags": flagged, "flags_in_gold": flagged_gold,
            "false_conflicts": false_conflicts, "covered": _coverage(out, gold),
            "recall": round(found / total, 3) if total else None,
            "flag_precision": round(flagged_gold / flagged, 3) if flagged else None,
            "seconds": round(seconds, 2),
            "stress": {"found": s_found, "flags": s_flagged, "flags_in_gold": s_gold,
                       "false_conflicts": s_false, "recall": round(s_found / total, 3) if total else None}}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="parallax-divergences-") as tmp:
        corpora = {name: _score(name, source, Path(tmp)) for name, source in DEV.items()}
    pooled = {k: sum(corpora[n][k] for n in REAL)
              for k in ("divergent", "found", "flags", "flags_in_gold", "false_conflicts", "covered")}
    pooled["recall"] = round(pooled["found"] / pooled["divergent"], 3)
    flags = pooled["flags"]
    pooled["flag_precision"] = round(pooled["flags_in_gold"] / flags, 3) if flags else None
    pooled["coverage"] = round(pooled["covered"] / pooled["divergent"], 3)
    stress = {k: sum(corpora[n]["stress"][k] for n in REAL)
              for k in ("found", "flags", "flags_in_gold", "false_conflicts")}
    stress["recall"] = round(stress["found"] / pooled["divergent"], 3)
    pooled["stress"] = stress
    targets = {"recall": 0.60, "flag_precision": 0.70, "false_conflicts_at_most": 2}
    result = {"corpora": corpora, "pooled_real": pooled, "targets": targets,
              "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    write_run(RESULTS, result, keep=5)
    for name, r in corpora.items():
        print(f"{name:20} recall {r['found']}/{r['divergent']} (in aligned pairs: {r['covered']})  "
              f"flags {r['flags']} of which gold {r['flags_in_gold']}  "
              f"false conflicts {r['false_conflicts']}")
    print(f"{'pooled (real)':20} recall {pooled['recall']} ({pooled['found']}/{pooled['divergent']}, "
          f"coverage {pooled['coverage']})  flag precision {pooled['flag_precision']}  "
          f"false conflicts {pooled['false_conflicts']}")
    print(f"{'every sentence pair':20} recall {stress['recall']} ({stress['found']}/{pooled['divergent']})  "
          f"flags {stress['flags']} of which gold {stress['flags_in_gold']}  "
          f"false conflicts {stress['false_conflicts']}")


if __name__ == "__main__":
    main()
