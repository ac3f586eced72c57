"""Worker processes die with their parent: a `kill -9` or SIGTERM of a build leaves no orphan behind
(the process pool of the stages, the workers that read files, the window's alignment process)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl(PR_SET_PDEATHSIG)")

POOL = """
import time
from viewer.core.align.pool import run_chunks
def nap(_):
    time.sleep(3600)
run_chunks(nap, [1, 2], [1, 1], "napping", 2, None, None)
"""
WINDOW_CHILD = """
import threading
import napper  # from PYTHONPATH, so that the child process can import it too
from viewer.ui.process import run_in_process
run_in_process(napper.nap, {"seconds": 3600}, lambda *a: None, threading.Event())
"""
READERS = """
import sys, time
from pathlib import Path
from viewer.core.ingest import documents
documents.READERS[".md"] = lambda data: time.sleep(3600) or []
documents.load_corpus(Path(sys.argv[1]))
"""


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits for a reaper


@pytest.mark.slow  # a child Python process: seconds of start-up and imports
@pytest.mark.parametrize("program", ["pool", "readers", "window child"])
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
@pytest.mark.timeout(60)
def test_workers_die_with_their_parent(tmp_path: Path, program: str, sig: int) -> None:
    for n in range(2):
        (tmp_path / f"{n}.md").write_text("# Slow")
    code = {"pool": POOL, "readers": READERS, "window child": WINDOW_CHILD}[program]
    expected = 1 if program == "window child" else 2
    (tmp_path / "napper.py").write_text(  # run_in_process calls fn(progress=..., partial=..., **kwargs)
        "import time\ndef nap(progress, partial, seconds):\n    time.sleep(seconds)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    parent = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], env=env)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while len(workers := children(parent.pid)) < expected and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workers) == expected
        os.kill(parent.pid, sig)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if alive(w)]
    finally:
        for w in [*workers, *children(parent.pid)]:
            if alive(w):
                os.kill(w, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
