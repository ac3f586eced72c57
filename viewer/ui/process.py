"""Run one CPU-bound core function in a child Python process, relaying its progress, cancellable at once.

Aligning is pure Python and holds the GIL for long stretches, which starved the GUI thread (stalls of up to
200 ms measured with the heartbeat of benchmarks/bench_ui.py) even from a worker thread; in another process
it cannot. The calling worker thread waits on the child's pipe (no GIL held) and forwards progress.
A plain subprocess rather than multiprocessing: spawn would re-run the main module (`python -m viewer`
opens a window at import), and fork is unsafe in a process running Qt threads. Messages are pickles on
the child's stdout (length-prefixed, read unbuffered so `select` sees every one); the job arrives pickled on
its stdin. Qt-free. Imports: viewer.core.progress, viewer.core.lifeline.
"""

from __future__ import annotations

import os
import pickle
import select
import subprocess
import sys
import traceback
from collections.abc import Callable
from typing import Any, BinaryIO

from viewer.core.lifeline import die_with_parent
from viewer.core.progress import Cancelled, CancelToken, Progress

POLL_SECONDS = 0.05
CHILD_ENV = "PARALLAX_WORKER_PROCESS"  # set for the child, so a frozen build knows to run `child_main`
PARENT_ENV = "PARALLAX_PARENT_PID"  # the window's pid, which the child dies with
_CHILD_CODE = "from viewer.ui.process import child_main; child_main()"
_HEADER = 8  # each message: its length in 8 bytes, then the pickle


def _read_exactly(fd: int, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)


def _receive(fd: int) -> tuple[Any, ...]:
    return pickle.loads(_read_exactly(fd, int.from_bytes(_read_exactly(fd, _HEADER), "big")))


def child_main() -> None:
    """The child's side: read (fn, kwargs) from stdin, run it, write progress and the result to stdout."""
    # A window killed mid-build leaves no alignment process running on (the parent's pid comes from the
    # environment: one that died before this line leaves the child reparented, getppid() would not tell).
    die_with_parent(int(os.environ.get(PARENT_ENV) or os.getppid()))
    out: BinaryIO = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # a stray print from the core must not corrupt the message stream

    def send(*message: Any) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(data).to_bytes(_HEADER, "big") + data)
        out.flush()

    fn, kwargs = pickle.load(sys.stdin.buffer)
    try:
        send(
            "result",
            fn(
                progress=lambda stage, done, total: send("progress", stage, done, total),
                partial=lambda value: send("partial", value),
                **kwargs,
            ),
        )
    except Exception as exc:
        send("error", f"{type(exc).__name__}: {exc}", traceback.format_exc())


def _command() -> list[str]:
    return [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-c", _CHILD_CODE]


def run_in_process(
    fn: Callable[..., Any],
    kwargs: dict[str, Any],
    progress: Progress,
    cancel: CancelToken,
    partial: Callable[[Any], None] | None = None,
) -> Any:
    """`fn(progress=..., partial=..., **kwargs)` in a child process: its result, or Cancelled, or
    RuntimeError. What the child hands to `partial` on the way arrives at `partial` here.

    `fn` must be a module-level function and `kwargs` must pickle. Cancelling ends the child at once.
    """
    child = subprocess.Popen(
        _command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, CHILD_ENV: "1", PARENT_ENV: str(os.getpid())},
    )
    try:
        assert child.stdin is not None and child.stdout is not None
        try:
            pickle.dump((fn, kwargs), child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            child.stdin.close()
        except BrokenPipeError:
            pass  # the child died before reading its job; reading its output below says how
        fd = child.stdout.fileno()
        while True:
            if cancel.is_set():
                raise Cancelled()
            ready, _, _ = select.select([fd], [], [], POLL_SECONDS)
            if not ready:
                continue
            try:
                message = _receive(fd)
            except EOFError:
                code = child.wait()
                raise RuntimeError(f"the alignment process ended early (exit code {code})") from None
            if message[0] == "progress":
                progress(*message[1:])
            elif message[0] == "partial":
                if partial is not None:
                    partial(message[1])
            elif message[0] == "result":
                return message[1]
            else:
                sys.stderr.write(message[2])
                raise RuntimeError(message[1])
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
