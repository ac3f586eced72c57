"""How long the comparison PDF takes: the bundled corpus (target under 3 s) and a 100-group report (target
under 15 s), the median of several runs each, written to benchmarks/results/export.json.

The bundled corpus is analysed once, outside the timing (the export is what is measured; the analysis time is
reported beside it). The 100-group report is the one the tests build from the corpus's real sentences
(`tests/report/test_report_scale.py`). Usage: python benchmarks/bench_export.py [--runs N]
Imports: viewer, the tests' report/test_report_scale.py (by the name pytest gives it: `tests/` on the path).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The tests import their helpers module by name, as pytest lets them; and `tests.report...` would not do:
# fast-diff-match-patch installs a package named `tests`, which wins over this folder (no __init__.py).
sys.path.insert(0, str(ROOT / "tests"))

from report.test_report_scale import many_groups_alignment  # noqa: E402

from viewer.core.pipeline import analyse  # noqa: E402
from viewer.report.pdf import export_pdf  # noqa: E402
from viewer.report.qt import ensure_app  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "export.json"
TARGETS = {"bundled_corpus": 3.0, "groups_100": 15.0}


def _median_export(alignment, runs: int, out: Path) -> tuple[float, list[float], int]:
    times, pages = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        pages = export_pdf(alignment, out)
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ensure_app()
    start = time.perf_counter()
    bundled = analyse(ROOT / "corpus")
    analyse_s = time.perf_counter() - start
    cases = {"bundled_corpus": bundled, "groups_100": many_groups_alignment(100)}
    results: dict[str, object] = {
        "python": platform.python_version(), "machine": platform.machine(), "runs": args.runs,
        "bundled_corpus_analyse_s": round(analyse_s, 3),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, alignment in cases.items():
            median, times, pages = _median_export(alignment, args.runs, Path(tmp) / f"{name}.pdf")
            results[name] = {
                "groups": len(alignment.groups), "pages": pages, "median_s": round(median, 3),
                "runs_s": [round(t, 3) for t in times], "target_s": TARGETS[name],
                "within_target": median < TARGETS[name],
            }
            print(f"{name}: {len(alignment.groups)} groups, {pages} pages, median {median:.2f} s "
                  f"(target < {TARGETS[name]:.0f} s)")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0 if all(results[n]["within_target"] for n in TARGETS) else 1


if __name__ == "__main__":
    raise SystemExit(main())
