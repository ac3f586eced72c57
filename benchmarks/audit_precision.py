"""Precision on real news without gold, by reading: a fixed random sample of the parallels Parallax reports
on the clusters of ../shared/corpora that no gold file covers, judged by a reader, and the estimate it gives.

The gold (../shared/gold) covers one cluster of each kind (newswcl50/event_4, ecbplus/37ecbplus, basil 04);
the hidden clusters the project is scored on are other events of the same kinds, so the other folders are
where a rule fitted to the gold shows. Each of them (every newswcl50 event, every ecbplus topic, every basil
triple: one .jsonl file, aligned alone as bench_truth aligns basil 04) is aligned afresh at the default
threshold, and its cross-document pairs are put in strata: corpus family x similarity band (0.4-0.5,
0.5-0.7, 0.7+). From each stratum the `--per-stratum` pairs with the lowest hash of (seed, folder, the two
documents and the two passages' text) are drawn: a uniform random sample that is the same for the same
pairs, so that after an engine change the pairs that stay stay in the sample and keep their verdicts, and
only new ones need reading.

    .venv/bin/python benchmarks/audit_precision.py draw [--seed N] [--per-stratum K] [--sheet FILE]
    .venv/bin/python benchmarks/audit_precision.py judge VERDICTS.json

`draw` aligns, draws and writes benchmarks/results/precision_audit.json, carrying over the verdicts of pairs
judged before (same key; pairs read before that left the sample are kept under `left_sample`, and the
previous estimates under `history`); `--sheet` writes the unjudged pairs, each in its paragraph, for reading.
`judge` merges verdicts ({key: {"verdict": ..., "type": ..., "note": ...}}) and recomputes the estimates.
Verdicts: `right` (the same statement or the same specific fact, a differing number included), `loose`
(only topic words or background in common), `wrong` (a byline, dateline, caption, boilerplate, another
event); `type` names the kind of error for the counts. The estimate per family, per band and overall is
the share of `right`, each stratum weighted by how many pairs it holds (and the share right or loose).
Imports: viewer (core, export_json), bench_truth; reads ../shared, which the tests never do.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import subprocess
import sys
import tempfile
import time
from collections import Counter
from enum import StrEnum
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_truth import CORPORA, GOLD, ROOT, copy_source  # and ROOT on sys.path, for viewer

RESULTS = ROOT / "benchmarks" / "results" / "precision_audit.json"
BANDS = ((0.4, 0.5), (0.5, 0.7), (0.7, 1.01))


class Verdict(StrEnum):
    """A reader's verdict on a drawn pair (see the module's docstring)."""

    RIGHT = "right"
    LOOSE = "loose"
    WRONG = "wrong"


def band_of(similarity: float) -> str | None:
    for low, high in BANDS:
        if low <= similarity < high:
            return f"{low}-{min(high, 1.0)}"
    return None


def clusters() -> list[tuple[str, Path]]:
    """(family, source) of every real cluster no gold file covers."""
    covered = {(CORPORA / json.loads(g.read_text(encoding="utf-8")).get("path", "")).resolve()
               for g in GOLD.glob("*.json")}
    found = [("newswcl50", p) for p in sorted((CORPORA / "newswcl50").glob("event_*"))]
    found += [("ecbplus", p) for p in sorted((CORPORA / "ecbplus").glob("*ecbplus")) if p.is_dir()]
    found += [("basil", p) for p in sorted((CORPORA / "basil").glob("*.jsonl"))]
    return [(family, p) for family, p in found if p.resolve() not in covered]


def _text(doc: dict, span: dict) -> str:
    return " ".join(doc["text"][span["start"] : span["end"]].split())


def pair_key(seed: int, folder: str, a: tuple[str, str], b: tuple[str, str]) -> str:
    """A hash of the pair that does not depend on the order of its sides nor on its offsets."""
    first, second = sorted((a, b))
    return hashlib.sha1(json.dumps([seed, folder, first, second]).encode()).hexdigest()[:16]


def align_all(scratch: Path) -> list[dict]:
    """Every cross-document pair at or above the default threshold of every cluster, with its texts."""
    from viewer.core.align.stages import DEFAULT_MIN_SIMILARITY
    from viewer.core.pipeline import analyse
    from viewer.export_json import alignment_to_json

    pairs = []
    for family, source in clusters():
        folder = scratch / source.stem
        copy_source(source, folder)
        whole = alignment_to_json(analyse(folder, min_similarity=DEFAULT_MIN_SIMILARITY))
        docs = {d["id"]: d for d in whole["documents"]}
        name = str(source.relative_to(CORPORA))
        for p in whole["pairs"]:
            if p["a"]["doc"] == p["b"]["doc"] or band_of(p["similarity"]) is None:
                continue
            sides = [{**p[s], "text": _text(docs[p[s]["doc"]], p[s])} for s in ("a", "b")]
            pairs.append({"folder": name, "family": family, "band": band_of(p["similarity"]),
                          "similarity": p["similarity"], "a": sides[0], "b": sides[1],
                          "context": [_context(docs[s["doc"]]["text"], s) for s in sides]})
    return pairs


def _context(text: str, span: dict, around: int = 350) -> str:
    """The passage marked [[ ]] in what surrounds it."""
    start, end = span["start"], span["end"]
    before, after = text[max(0, start - around) : start], text[end : end + around]
    return " ".join(f"...{before}[[{text[start:end]}]]{after}...".split())


def draw(pairs: list[dict], seed: int, per_stratum: int) -> tuple[list[dict], dict[str, int]]:
    population: Counter[str] = Counter()
    strata: dict[str, list[dict]] = {}
    seen: set[str] = set()
    for p in pairs:
        a, b = (p["a"]["doc"], p["a"]["text"]), (p["b"]["doc"], p["b"]["text"])
        p["key"] = pair_key(seed, p["folder"], a, b)
        if p["key"] in seen:  # a sentence an article repeats, paired with one sentence twice: one parallel
            continue
        seen.add(p["key"])
        stratum = f"{p['family']} {p['band']}"
        population[stratum] += 1
        strata.setdefault(stratum, []).append(p)
    sample = [p for stratum in sorted(strata) for p in sorted(strata[stratum], key=lambda q: q["key"])[
        :per_stratum]]
    return sample, dict(sorted(population.items()))


def estimates(sample: list[dict], population: dict[str, int]) -> dict:
    """Share right (and right or loose) per stratum, and weighted by population per family, band, overall."""
    per: dict[str, dict] = {}
    for stratum, n in population.items():
        judged = [p for p in sample if f"{p['family']} {p['band']}" == stratum and p.get("verdict")]
        counts = Counter(p["verdict"] for p in judged)
        per[stratum] = {"population": n, "judged": len(judged), **{v: counts[v] for v in Verdict},
                        "precision": round(counts[Verdict.RIGHT] / len(judged), 3) if judged else None,
                        "right_or_loose": round((counts[Verdict.RIGHT] + counts[Verdict.LOOSE]) / len(judged),
                                                3) if judged else None}

    def pooled(selected: list[str]) -> dict:
        rows = [per[s] for s in selected if per[s]["judged"]]
        weight = sum(r["population"] for r in rows)
        if not weight:
            return {"population": 0, "judged": 0}
        out = {"population": sum(per[s]["population"] for s in selected),
               "judged": sum(r["judged"] for r in rows)}
        for measure in ("precision", "right_or_loose"):
            out[measure] = round(math.fsum(r[measure] * r["population"] for r in rows) / weight, 3)
        return out

    families = sorted({s.split()[0] for s in per})
    bands = sorted({s.split()[1] for s in per})
    return {"strata": per,
            "families": {f: pooled([s for s in per if s.split()[0] == f]) for f in families},
            "bands": {b: pooled([s for s in per if s.split()[1] == b]) for b in bands},
            "overall": pooled(list(per))}


def _engine() -> str:
    run = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                         text=True, check=False)
    return run.stdout.strip()


def _write(result: dict) -> None:
    result["estimates"] = estimates(result["pairs"], result["population"])
    missed = (Verdict.LOOSE, Verdict.WRONG)
    result["error_types"] = dict(Counter(p["type"] for p in result["pairs"]
                                         if p.get("verdict") in missed and p.get("type")))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw", help="align the clusters without gold and draw the sample")
    d.add_argument("--seed", type=int, default=12)
    d.add_argument("--per-stratum", type=int, default=20)
    d.add_argument("--sheet", type=Path, help="write the unjudged pairs here for reading")
    j = sub.add_parser("judge", help="merge verdicts {key: {verdict, type, note}} and recompute")
    j.add_argument("verdicts", type=Path)
    args = parser.parse_args()
    previous = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    if args.command == "judge":
        given = json.loads(args.verdicts.read_text(encoding="utf-8"))
        for p in previous["pairs"]:
            if p["key"] in given:
                if given[p["key"]]["verdict"] not in set(Verdict):
                    sys.exit(f"audit_precision: {p['key']}: verdict must be one of {', '.join(Verdict)}")
                p.update(given[p["key"]])
        _write(previous)
    else:
        # verdicts of every pair read so far, in the sample or out of it (an engine change may bring it back)
        read = {p["key"]: p for p in [*previous.get("left_sample", []), *previous.get("pairs", [])]
                if p.get("verdict")}
        known = {key: {k: p[k] for k in ("verdict", "type", "note") if k in p} for key, p in read.items()}
        with tempfile.TemporaryDirectory(prefix="parallax-audit-") as tmp:
            pairs = align_all(Path(tmp))
        sample, population = draw(pairs, args.seed, args.per_stratum)
        for p in sample:
            p.update(known.get(p["key"], {}))
        result = {"seed": args.seed, "per_stratum": args.per_stratum, "engine": _engine(),
                  "when": time.strftime("%Y-%m-%d %H:%M:%S"),
                  "clusters": [str(c.relative_to(CORPORA)) for _, c in clusters()], "population": population,
                  "pairs": [{k: v for k, v in p.items() if k != "context"} for p in sample]}
        in_sample = {p["key"] for p in sample}
        result["left_sample"] = [p for key, p in read.items() if key not in in_sample]
        if "estimates" in previous:  # the estimate of each engine measured before, newest last
            result["history"] = [*previous.get("history", []), {
                "engine": previous["engine"], "when": previous["when"],
                **{k: previous["estimates"][k] for k in ("overall", "families", "bands")}}][-20:]
        _write(result)
        unjudged = [p for p in sample if not p.get("verdict")]
        print(f"audit_precision: {len(pairs)} pairs, {len(sample)} drawn, {len(unjudged)} to judge")
        if args.sheet:
            args.sheet.write_text("".join(
                f"== {p['key']} {p['folder']} {p['similarity']}\n A {p['a']['doc']}: {p['context'][0]}\n"
                f" B {p['b']['doc']}: {p['context'][1]}\n\n" for p in unjudged), encoding="utf-8")
    print(json.dumps(json.loads(RESULTS.read_text(encoding="utf-8"))["estimates"]["overall"]))


if __name__ == "__main__":
    main()
