"""How long a 100-article folder takes to open with its restatements (target: under 10 s on this machine).

Two folders of 100 articles, built in a scratch folder (never in ../shared):
- `real`: the 50 NewsWCL50 articles (10 stories, 5 US outlets each: long articles) and the first 50 ECB+
  reports (short ones) of ../shared/corpora;
- `generated`: 100 articles of benchmarks/generate_corpus.py (seed 1).

For each, `--runs` cold runs (fresh index cache and settings every time) of
- the command line's work, `pipeline.analyse` (what `parallax align --no-index` waits for: the lexical and
  the semantic stage both), with the seconds of each stage (from the progress callback);
- the real window, headless: from `open_folder` to the first document readable, to the lexical alignment
  shown (when the folder is large enough for a preview, see `pipeline.PREVIEW_SENTENCES`), to the final
  alignment shown with its restatements, and to the discrepancies listed.
Each measurement runs in a fresh child process (a cold start, as the user's). Medians are reported with
every run's figures and the load average before and after each run: the machine has 2 cores shared with
other work, so a run at a high load is slower for reasons of its own, and CPU seconds (the child's and its
own children's) say what a run costs whatever else the machine does.

`--code DIR` measures another checkout's `viewer` too (e.g. `git archive main | tar -x -C DIR`), run for
run alternated with this one, so that a change is measured before and after side by side ("compared").
Writes benchmarks/results/open.json (the previous result goes under `history`).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_open.py [--runs 3] [--only real] [--code DIR]
Imports: viewer (core, ui); reads ../shared, which the tests never do.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results_history import write_run

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "corpora").is_dir()),
              ROOT.parent / "shared")
CORPORA = SHARED / "corpora"
RESULTS = ROOT / "benchmarks" / "results" / "open.json"
TARGET_S = 10.0
TIMEOUT_MS = 600_000

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The checkout whose viewer runs: this one, or a child's --code (also on PYTHONPATH for the window's child).
sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--code") + 1]).resolve()) if "--child" in sys.argv
                else str(ROOT))


def real_folder(out: Path) -> Path:
    """50 NewsWCL50 articles and the first 50 ECB+ reports, in their story subfolders."""
    for event in sorted((CORPORA / "newswcl50").glob("event_*")):
        shutil.copytree(event, out / "newswcl50" / event.name)
    for path in sorted((CORPORA / "ecbplus").rglob("*.txt"))[:50]:
        target = out / path.relative_to(CORPORA)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return out


def generated_folder(out: Path) -> Path:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_corpus.py"), "100", str(out),
                    "--seed", "1"], check=True, capture_output=True)
    return out / "articles"


def load() -> float:
    return round(os.getloadavg()[0], 2)


def cpu() -> float:
    """CPU seconds of this process and of its finished children (the pool, the window's child): what a
    run costs whatever else the machine does."""
    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def cli_run(folder: Path) -> dict:
    """`pipeline.analyse` from scratch, with the seconds of each stage."""
    from viewer.core.pipeline import analyse

    stages: dict[str, float] = {}
    current = ["", time.perf_counter()]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if stage != current[0]:
            if current[0]:
                stages[current[0]] = stages.get(current[0], 0.0) + now - current[1]
            current[:] = [stage, now]

    before, cpu_before = load(), cpu()
    start = time.perf_counter()
    alignment = analyse(folder, progress=progress)
    end = time.perf_counter()
    stages[current[0]] = stages.get(current[0], 0.0) + end - current[1]
    return {"seconds": round(end - start, 2), "stages": {k: round(v, 2) for k, v in stages.items()},
            "documents": len(alignment.corpus.documents), "parallels": len(alignment.pairs),
            "sentences": int(alignment.stats.get("sentences", 0)),
            "cpu_seconds": round(cpu() - cpu_before, 2), "load_average": [before, load()]}


def window_run(folder: Path) -> dict:
    """The real window opening `folder` with a fresh index cache: seconds to each phase."""
    from viewer.ui.app import create_application
    from viewer.ui.main_window import MainWindow
    from viewer.ui.qt import QtCore

    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="parallax-bench-config-")
    os.environ["PARALLAX_CACHE_DIR"] = tempfile.mkdtemp(prefix="parallax-bench-cache-")
    create_application()
    window = MainWindow()
    window.resize(1440, 900)
    window.show()
    marks: dict[str, float] = {}

    def on_index() -> None:
        pending = bool(getattr(window.opened, "pending", False))
        marks.setdefault("lexical_shown" if pending else "final_shown", time.perf_counter())

    window.corpus_loaded.connect(lambda: marks.setdefault("first_document", time.perf_counter()))
    window.index_ready.connect(on_index)
    loop = QtCore.QEventLoop()
    window.loader.finished.connect(lambda _value: loop.quit())
    window.loader.failed.connect(lambda _message: loop.quit())
    QtCore.QTimer.singleShot(TIMEOUT_MS, loop.quit)
    before, cpu_before = load(), cpu()
    start = time.perf_counter()
    window.open_folder(folder)
    loop.exec()
    marks["discrepancies_listed"] = time.perf_counter()
    assert window.index is not None and "final_shown" in marks, window.message
    out = {k: round(v - start, 2) for k, v in marks.items()}
    out["parallels"] = len(window.index.pairs)
    out["load_average"] = [before, load()]
    window.close()
    out["cpu_seconds"] = round(cpu() - cpu_before, 2)
    return out


def median(runs: list[dict], key: str) -> float | None:
    values = [r[key] for r in runs if r.get(key) is not None]
    return round(statistics.median(values), 2) if values else None


def measure(kind: str, folder: Path, code: Path) -> dict:
    """`cli_run` or `window_run` of `folder` in a fresh child process running `code`'s viewer (the window's
    own alignment child too, through PYTHONPATH)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, __file__, "--child", kind, str(folder), "--code", str(code)],
                          env=env, capture_output=True, text=True, timeout=TIMEOUT_MS / 1000)
    if proc.returncode:
        raise RuntimeError(f"{kind} on {code} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def summary(cli: list[dict], window: list[dict]) -> dict:
    stages = {stage: round(statistics.median(r["stages"].get(stage, 0.0) for r in cli), 2)
              for stage in cli[0]["stages"]}
    return {
        "documents": cli[0]["documents"], "sentences": cli[0]["sentences"], "parallels": cli[0]["parallels"],
        "cli_seconds_median": median(cli, "seconds"),
        "cli_cpu_seconds_median": median(cli, "cpu_seconds"), "cli_stage_seconds_median": stages,
        "window_first_document_median": median(window, "first_document"),
        "window_lexical_shown_median": median(window, "lexical_shown"),
        "window_final_shown_median": median(window, "final_shown"),
        "window_discrepancies_listed_median": median(window, "discrepancies_listed"),
        "window_cpu_seconds_median": median(window, "cpu_seconds"),
        "cli_runs": cli, "window_runs": window,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["real", "generated"])
    parser.add_argument("--label", default="", help="a note kept with the result (what changed)")
    parser.add_argument("--code", type=Path, help="another checkout measured beside this one (before/after)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, folder = args.child
        print(json.dumps((cli_run if kind == "cli" else window_run)(Path(folder))))
        return 0
    scratch = Path(tempfile.mkdtemp(prefix="parallax-bench-open-"))
    folders = {"real": real_folder(scratch / "real"), "generated": generated_folder(scratch / "generated")}
    trees = {"this": ROOT, **({"compared": args.code.resolve()} if args.code else {})}
    results: dict = {}
    for name, folder in folders.items():
        if args.only and name != args.only:
            continue
        runs: dict[str, dict[str, list[dict]]] = {t: {"cli": [], "window": []} for t in trees}
        for _ in range(args.runs):  # this tree and the compared one alternate, run for run
            for tree, code in trees.items():
                for kind in ("cli", "window"):
                    runs[tree][kind].append(measure(kind, folder, code))
        results[name] = summary(runs["this"]["cli"], runs["this"]["window"])
        if args.code:
            results[name]["compared"] = {"code": str(args.code),
                                         **summary(runs["compared"]["cli"], runs["compared"]["window"])}
        for tree in trees:
            shown = results[name] if tree == "this" else results[name]["compared"]
            brief = {k: v for k, v in shown.items() if not k.endswith("runs") and k != "compared"}
            print(f"{name} ({tree}): {json.dumps(brief)}")
    shutil.rmtree(scratch, ignore_errors=True)
    write_run(RESULTS, {"label": args.label, "target_seconds": TARGET_S, "cores": os.cpu_count(),
                        "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "results": results},
              indent=2)
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
