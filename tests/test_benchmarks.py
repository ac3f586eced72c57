"""The benchmark scripts load: every module of benchmarks/ imports what it names.

The benchmarks themselves take minutes and read ../shared, so the suite never runs them; but an import that
breaks (a moved test helper, a package of the same name installed by a dependency: fast-diff-match-patch
installs one called `tests`) would only show when someone next measures. Each module is run as a script
under another name than `__main__`, which executes its imports and definitions and not its main().
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import REPO

BENCHMARKS = sorted((REPO / "benchmarks").glob("*.py"))

_LOAD_ALL = """
import runpy, sys
for path in sys.argv[1:]:
    runpy.run_path(path, run_name="benchmark_import_check")
    print("loaded", path)
"""


@pytest.mark.slow  # a child Python process imports every benchmark (Qt, the PDF writer, numpy)
def test_every_benchmark_module_loads() -> None:
    assert len(BENCHMARKS) > 10
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", _LOAD_ALL, *map(str, BENCHMARKS)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.count("loaded ") == len(BENCHMARKS)
