"""What watching a large corpus folder costs the window: the check's time and the GUI thread's longest stall.

A seeded corpus of N articles (generate_corpus.py) is indexed once with the store; then a `FolderWatcher`
watches it as the window does, with a 10 ms heartbeat on the GUI thread (bench_ui.Heartbeat):
- watch -> first check: listing the folder, setting up the watches and asking the store what changed;
- 10 articles added, then 10 rewritten in place: from the last write to the check that reports them (this
  includes the one-second debounce).
Prints the figures and writes benchmarks/results/watcher.json.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_watcher.py [N]
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_ui import Heartbeat, ms, wait_for  # sets fresh config and cache folders for this run
from generate_corpus import write_corpus

from viewer.core.index.store import Index
from viewer.ui.app import create_application
from viewer.ui.watcher import DEBOUNCE_MS, FolderWatcher

RESULTS = Path(__file__).resolve().parent / "results" / "watcher.json"
EDITS = 10


def timed_check(watcher: FolderWatcher, beat: Heartbeat, change) -> tuple[float, float, object]:
    """Run `change()`, then wait for the check that reports something: (seconds, longest stall, changes)."""
    found: list[object] = []
    watcher.checked.connect(found.append)
    beat.start()
    change()
    start = time.perf_counter()
    while not (found and found[-1]):
        wait_for(watcher.checked)
    took = time.perf_counter() - start
    watcher.checked.disconnect(found.append)
    return took, beat.stop(), found[-1]


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    root = Path(tempfile.mkdtemp(prefix="parallax-bench-watch-"))
    write_corpus(n, root, 1)
    folder = root / "articles"
    t0 = time.perf_counter()
    index = Index.open(folder)
    index.refresh()
    index.close()
    indexed = time.perf_counter() - t0

    create_application()
    watcher = FolderWatcher()
    beat = Heartbeat()
    checks: list[object] = []
    watcher.checked.connect(checks.append)
    beat.start()
    t0 = time.perf_counter()
    watcher.watch(folder)
    wait_for(watcher.checked)
    first = time.perf_counter() - t0
    first_stall = beat.stop()
    assert checks and not checks[0], checks
    watched = len(watcher.watched())

    articles = sorted(folder.glob("*.md"))

    def add() -> None:
        for i, path in enumerate(articles[:EDITS]):
            path.with_name(f"added-{i}.md").write_text(path.read_text() + "\nA late addition.\n")

    def rewrite() -> None:
        for path in articles[EDITS : 2 * EDITS]:
            with path.open("a") as stream:  # in place, as `echo >>` or many editors do
                stream.write("\nA late correction.\n")

    added, added_stall, found_added = timed_check(watcher, beat, add)
    files_watched = any(Path(p).is_file() for p in watcher.watched())  # the bound counts the added ones too
    if files_watched:  # above the bound only folders are watched: a rewrite in place waits for F5
        rewritten, rewritten_stall, found_rewritten = timed_check(watcher, beat, rewrite)
    watcher.stop()
    for scratch in (root, os.environ["XDG_CACHE_HOME"], os.environ["XDG_CONFIG_HOME"]):  # this run's own
        shutil.rmtree(scratch, ignore_errors=True)
    results = {
        "articles": n,
        "machine_load_1min": os.getloadavg()[0],
        "index_built_s": round(indexed, 1),
        "watched_paths": watched,
        "files_watched": files_watched,
        "debounce_ms": DEBOUNCE_MS,
        "watch_to_first_check_ms": ms(first),
        "longest_gui_stall_first_check_ms": ms(first_stall),
        "added_10_to_reported_ms": ms(added),
        "added_reported": len(found_added.added),
        "longest_gui_stall_add_ms": ms(added_stall),
    }
    if files_watched:
        results |= {
            "rewritten_10_to_reported_ms": ms(rewritten),
            "rewritten_reported": len(found_rewritten.changed),
            "longest_gui_stall_rewrite_ms": ms(rewritten_stall),
        }
    for key, value in results.items():
        print(f"  {key:36s} {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    existing[str(n)] = results
    RESULTS.write_text(json.dumps(existing, indent=2) + "\n")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
