"""Hostile-input benchmark: every hostile file of tests/hostile_files.py (and a few hostile folders) in a
folder beside one good article, run through `parallax align FOLDER --json OUT` (with the index, in a
scratch cache) as a user would; the wall time and the peak memory of the whole process tree (PSS,
polled) per case, the exit code, and what became of the hostile file, in benchmarks/results/hostile.json.
The target: no case above 10 s or 1 GB.

    .venv/bin/python benchmarks/bench_hostile.py        (pip install -e '.[bench]' for psutil)

Imports: the standard library, psutil, tests/hostile_files.py (the builders the tests use).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from hostile_files import HOSTILE, lone_surrogate_json  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "hostile.json"
MAX_SECONDS, MAX_MB = 10.0, 1024.0
GOOD = "A readable article about the harbour, with enough words to be one article of the folder."
KILL_AFTER = 120  # seconds: a case still running then is a failure, and is stopped


def sparse_video(folder: Path) -> None:
    with (folder / "video.mp4").open("wb") as out:
        out.truncate(8 * 2**30)  # 8 GiB that take no disk: the index used to read and hash all of it


def fifo_and_links(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "passwd.txt").symlink_to("/etc/passwd")


# Cases beyond single files: name -> (what to add to the folder, the command after the folder)
EXTRA: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "8 GiB video beside the articles": (sparse_video, ["--json"]),
    "FIFO, /dev/zero and /etc/passwd links": (fifo_and_links, ["--json"]),
    "lone surrogate, PDF export": (lambda f: (f / "surrogate.json").write_bytes(lone_surrogate_json()),
                                   ["--pdf"]),
}


def measure(command: list[str], env: dict[str, str]) -> dict:
    """Run `command`; its exit code, stderr, wall time and the peak PSS of its process tree."""
    start = time.monotonic()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    parent = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        total = 0
        try:
            for p in [parent, *parent.children(recursive=True)]:
                total += p.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
        peak = max(peak, total)
        if time.monotonic() - start > KILL_AFTER:
            for p in parent.children(recursive=True):
                p.kill()
            proc.kill()
        time.sleep(0.05)
    seconds = time.monotonic() - start
    stderr = proc.stderr.read().decode(errors="replace").strip()[-500:] if proc.stderr else ""
    return {"seconds": round(seconds, 2), "peak_tree_pss_mb": round(peak / 2**20, 1),
            "exit_code": proc.returncode, "stderr": stderr}


def run_case(name: str, work: Path, prepare: Callable[[Path], None], mode: str) -> dict:
    folder = work / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    built = time.monotonic()
    prepare(folder)
    built = time.monotonic() - built
    out = work / ("out.pdf" if mode == "--pdf" else "out.json")
    verb = "export" if mode == "--pdf" else "align"
    env = {**os.environ, "PARALLAX_CACHE_DIR": str(work / "cache"), "QT_QPA_PLATFORM": "offscreen"}
    result = measure([sys.executable, "-m", "viewer", verb, str(folder), mode, str(out)], env)
    result["case"] = name
    result["build_seconds"] = round(built, 2)
    if mode == "--json" and out.exists():
        data = json.loads(out.read_bytes())
        result["documents"] = [d["id"] for d in data["documents"]]
        result["skipped"] = {s["path"]: s["reason"] for s in data["skipped"]}
    result["within_limits"] = result["seconds"] <= MAX_SECONDS and result["peak_tree_pss_mb"] <= MAX_MB
    result["ok"] = result["within_limits"] and result["exit_code"] == 0
    return result


def main() -> None:
    cases: list[tuple[str, Callable[[Path], None], str]] = []
    for name, (file_name, build) in HOSTILE.items():
        cases.append((name, lambda f, n=file_name, b=build: (f / n).write_bytes(b()), "--json"))
    cases += [(name, prepare, argv[0]) for name, (prepare, argv) in EXTRA.items()]
    rows = []
    for name, prepare, mode in cases:
        with tempfile.TemporaryDirectory(prefix="parallax-hostile-") as work:
            row = run_case(name, Path(work), prepare, mode)
        rows.append(row)
        print(f"{name:45s} {row['seconds']:6.2f} s {row['peak_tree_pss_mb']:7.1f} MB  rc {row['exit_code']}  "
              f"{'ok' if row['ok'] else 'OVER'}", flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "benchmark": "parallax align/export on a folder of one good article and one hostile case",
        "limits": {"seconds": MAX_SECONDS, "peak_tree_pss_mb": MAX_MB},
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "load_average": [round(x, 2) for x in os.getloadavg()]},
        "all_within_limits": all(r["ok"] for r in rows),
        "cases": rows,
    }, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
