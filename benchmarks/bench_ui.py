"""How responsive the window is, measured on the real window (headless) rather than assumed.

For the bundled corpus and the largest real corpus under ../shared/corpora (by characters of text):
- open -> first document readable: from `open_folder` to the first document shown in the reading pane;
- open -> everything marked: until the alignment is indexed and shown, and until discrepancies are listed,
  the first time (aligned from scratch: on a large folder the lexical alignment shows first, timed too,
  and the final one is waited for) and again (the alignment read back from the index in the cache);
- the longest GUI-thread stall while reading and aligning: a 10 ms QTimer heartbeat, the largest gap between
  two ticks (target < 100 ms);
- click -> parallels: a click on each shared passage (up to 300) until the parallels are listed and the first
  one is compared (target < 100 ms), median / 95th percentile / max;
- threshold change: re-filtering the alignment at a new threshold (in a worker) until shown, and the
  longest GUI stall meanwhile.
Prints the figures and writes benchmarks/results/ui.json.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_ui.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Fresh settings and a fresh index cache every run: the first open of a folder is cold, the second warm.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="parallax-bench-config-")
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="parallax-bench-cache-")

from viewer.core.ingest.documents import load_corpus
from viewer.resources import sample_corpus_path
from viewer.ui.app import create_application
from viewer.ui.main_window import MainWindow
from viewer.ui.qt import QtCore, QtWidgets

ROOT = Path(__file__).resolve().parent.parent
# ../shared from the main checkout, and from a worktree further down (as benchmarks/bench_open.py finds it)
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "corpora").is_dir()),
              ROOT.parent / "shared") / "corpora"
RESULTS = ROOT / "benchmarks" / "results" / "ui.json"
MAX_CLICKS = 300
TIMEOUT_MS = 900_000


def largest_real_corpus() -> Path:
    folders = [p for p in sorted(SHARED.iterdir()) if p.is_dir()]
    return max(folders, key=lambda p: sum(len(d.text) for d in load_corpus(p).documents))


class Heartbeat(QtCore.QObject):
    """Ticks every 10 ms on the GUI thread; the longest gap between ticks is the longest stall."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QtCore.QTimer(self, interval=10, timerType=QtCore.Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0

    def start(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.longest

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now


def wait_for(signal: QtCore.SignalInstance) -> None:
    loop = QtCore.QEventLoop()
    signal.connect(loop.quit)
    QtCore.QTimer.singleShot(TIMEOUT_MS, loop.quit)
    loop.exec()


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def measure(folder: Path, warm: bool) -> dict:
    window = MainWindow()
    window.resize(1440, 900)
    window.show()
    app = QtWidgets.QApplication.instance()
    app.processEvents()
    beat = Heartbeat()
    marks: dict[str, float] = {}
    window.corpus_loaded.connect(lambda: marks.setdefault("readable", time.perf_counter()))

    def on_index() -> None:
        pending = bool(getattr(window.opened, "pending", False))
        marks.setdefault("lexical" if pending else "indexed", time.perf_counter())

    window.index_ready.connect(on_index)
    beat.start()
    start = time.perf_counter()
    window.open_folder(folder)
    # A large folder shows its lexical alignment first (`Opened.pending`) while the sentence model runs:
    # wait for the final one, or the clicks and the reopen below would race the build still running.
    wait_for(window.discrepancies_ready)
    while window.opened is not None and window.opened.pending:
        wait_for(window.discrepancies_ready)
    done = time.perf_counter()
    stall = beat.stop()
    index = window.index
    assert index is not None, window.message

    lexical = {"open_to_lexical_alignment_shown_ms": ms(marks["lexical"] - start)} if "lexical" in marks \
        else {}
    if warm:
        window.close()
        return {
            "open_to_first_document_readable_ms": ms(marks["readable"] - start),
            **lexical,
            "open_to_alignment_shown_ms": ms(marks["indexed"] - start),
            "open_to_discrepancies_listed_ms": ms(done - start),
            "longest_gui_stall_while_indexing_ms": ms(stall),
        }
    clicks = []
    for doc in index.documents:
        window.select_document(doc.id)
        app.processEvents()
        for pair in index.pairs_of(doc.id):
            if len(clicks) >= MAX_CLICKS:
                break
            offset = pair.side(doc.id).start
            t0 = time.perf_counter()
            window.select_passage(offset)
            app.processEvents()  # the repaint of the reading pane, the parallels list and the comparison
            clicks.append(time.perf_counter() - t0)
            assert window.parallels.model.rowCount() > 0
    beat.start()
    t0 = time.perf_counter()
    window.set_threshold(min(0.95, index.threshold + 0.2))
    wait_for(window.index_ready)
    threshold_change = time.perf_counter() - t0
    threshold_stall = beat.stop()
    window.close()
    clicks.sort()
    return {
        "folder": str(folder),
        "documents": len(index.documents),
        "characters": sum(len(d.text) for d in index.documents),
        "parallels": len(index.pairs),
        "open_to_first_document_readable_ms": ms(marks["readable"] - start),
        **lexical,
        "open_to_alignment_shown_ms": ms(marks["indexed"] - start),
        "open_to_discrepancies_listed_ms": ms(done - start),
        "longest_gui_stall_while_indexing_ms": ms(stall),
        "clicks_measured": len(clicks),
        "click_to_parallels_median_ms": ms(statistics.median(clicks)),
        "click_to_parallels_p95_ms": ms(clicks[int(0.95 * (len(clicks) - 1))]),
        "click_to_parallels_max_ms": ms(clicks[-1]),
        "threshold_change_to_shown_ms": ms(threshold_change),
        "longest_gui_stall_during_threshold_change_ms": ms(threshold_stall),
    }


def main() -> int:
    create_application()
    corpora = {"bundled": sample_corpus_path(), "largest_real": largest_real_corpus()}
    results: dict = {"targets_ms": {"click_to_parallels": 100, "gui_stall": 100}}
    for name, folder in corpora.items():
        before = os.getloadavg()[0]
        results[name] = measure(folder, warm=False)
        results[name]["reopened"] = measure(folder, warm=True)
        # the machine is shared: how busy it was says how far the figures can be trusted
        results[name]["load_average"] = [round(before, 2), round(os.getloadavg()[0], 2)]
        print(f"{name}: {folder}")
        for key, value in results[name].items():
            if key != "folder":
                print(f"  {key:40s} {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
