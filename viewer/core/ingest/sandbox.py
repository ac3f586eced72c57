"""Run a function over many items in worker processes, each item under a time and a memory budget.

The loader reads every file of a folder through this: a parser stuck on a hostile file (a tree nested a
million deep, a regular expression gone cubic, a decompression bomb) runs in C code that no signal
interrupts, but a process can be killed. So each item runs in a forked worker; an item that takes longer
than its time budget, or needs more memory than the worker may take, or crashes the worker, costs that
item only (its `fallback` result, with the reason) and a fresh worker carries on. The cancel token is
polled while an item runs, so Cancel stops a long file at once, not after it. Each worker is handed its
next item before it has finished the current one (`QUEUED`), so that it never waits on this process to
be told what to do next. Workers die with their parent (viewer.core.lifeline). Where processes cannot be
forked (not Linux), items run in this process, without budgets.
Imports: the standard library, viewer.core.lifeline, viewer.core.progress.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from viewer.core.lifeline import die_with_parent
from viewer.core.progress import Cancelled, CancelToken, check

T = TypeVar("T")
R = TypeVar("R")

POLL_SECONDS = 0.05
# Items handed to a worker at once: the one it reads and the next, waiting in its pipe. A worker told its
# next item only once this process had taken its last result sat idle for a round trip between the two
# processes an item (longer when this one waits for a core: 10,000 small files a folder).
QUEUED = 2


@dataclass(frozen=True, slots=True)
class Budget:
    """What one item may cost: wall-clock seconds, and bytes of address space on top of the worker's own."""

    seconds: float
    memory: int | None


def forkable() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def map_bounded(
    fn: Callable[[T], R], items: Sequence[T], fallback: Callable[[T, str], R], *, budget: Budget,
    workers: int, done: Callable[[int], None] | None = None, cancel: CancelToken | None = None,
) -> list[R]:
    """`fn` over `items`, results in order; `fallback(item, reason)` for an item over budget or crashed.

    `done(n)` is called after each item with the number finished. Raises Cancelled when `cancel` is set.
    """
    if not items:
        return []
    if not forkable() or workers < 1:
        return _here(fn, items, fallback, done, cancel)
    return _Pool(fn, items, fallback, budget, min(workers, len(items)), done, cancel).run()


def _here(fn: Callable[[T], R], items: Sequence[T], fallback: Callable[[T, str], R],
          done: Callable[[int], None] | None, cancel: CancelToken | None) -> list[R]:
    out = []
    for n, item in enumerate(items, 1):
        check(cancel)
        try:
            out.append(fn(item))
        except MemoryError:
            out.append(fallback(item, "needs more memory than Parallax allows one file"))
        if done is not None:
            done(n)
    return out


def _address_space() -> int:
    """This process's virtual memory size in bytes (Linux), 0 when unknown."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _serve(conn: Connection, fn: Callable[[Any], Any], items: Sequence[Any], budget: Budget, parent: int
           ) -> None:
    """A worker's loop: receive an item's index, send back ("ok", result) or ("failed", reason)."""
    die_with_parent(parent)
    if budget.memory is not None and (size := _address_space()):
        limit = size + budget.memory
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    while True:
        try:
            index = conn.recv()
        except (EOFError, OSError):
            return
        if index is None:
            return
        try:
            message: tuple[str, Any] = ("ok", fn(items[index]))
        except MemoryError:
            message = ("failed", "needs more memory than Parallax allows one file")
        try:
            conn.send(message)
        except MemoryError:
            conn.send(("failed", "needs more memory than Parallax allows one file"))


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process of the fork context
    conn: Connection
    queued: deque[int] = field(default_factory=deque)  # the items sent to it, in order; the first it reads
    started: float = 0.0  # when it started on the first of them

    @property
    def index(self) -> int | None:
        """The item it reads now, None when it has none."""
        return self.queued[0] if self.queued else None


class _Pool(Generic[T, R]):
    def __init__(self, fn: Callable[[T], R], items: Sequence[T], fallback: Callable[[T, str], R],
                 budget: Budget, workers: int, done: Callable[[int], None] | None,
                 cancel: CancelToken | None) -> None:
        self.fn, self.items, self.fallback, self.budget = fn, items, fallback, budget
        self.size, self.done, self.cancel = workers, done, cancel
        self.context = multiprocessing.get_context("fork")
        self.results: dict[int, R] = {}
        self.pending = deque(range(len(items)))
        self.workers: list[_Worker] = []

    def run(self) -> list[R]:
        try:
            for _ in range(self.size):
                self.workers.append(self._start())
            while len(self.results) < len(self.items):
                for worker in self.workers:
                    while len(worker.queued) < QUEUED and self.pending:
                        self._assign(worker)
                busy = {w.conn: w for w in self.workers if w.index is not None}
                ready = wait(list(busy), timeout=POLL_SECONDS)
                if self.cancel is not None and self.cancel.is_set():
                    raise Cancelled()
                for conn in ready:
                    self._receive(busy[conn])  # type: ignore[index]
                now = time.monotonic()
                for worker in self.workers:
                    if worker.index is not None and now - worker.started > self.budget.seconds:
                        self._replace(worker, f"took longer than {self.budget.seconds:g} s to read")
            return [self.results[i] for i in range(len(self.items))]
        finally:
            for worker in self.workers:
                self._stop(worker)

    def _start(self) -> _Worker:
        mine, theirs = self.context.Pipe()
        process = self.context.Process(
            target=_serve, args=(theirs, self.fn, self.items, self.budget, os.getpid()), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def _assign(self, worker: _Worker) -> None:
        index = self.pending.popleft()
        if not worker.queued:
            worker.started = time.monotonic()
        worker.queued.append(index)
        with contextlib.suppress(OSError):  # a worker that is gone: the next poll reads its end
            worker.conn.send(index)

    def _receive(self, worker: _Worker) -> None:
        try:
            status, value = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(1)
            code = worker.process.exitcode
            self._replace(worker, f"the reader crashed on this file (exit code {code})")
            return
        index = worker.queued.popleft()
        worker.started = time.monotonic()  # it goes on to the next one now
        self._finish(index, value if status == "ok" else self.fallback(self.items[index], value))

    def _finish(self, index: int, result: R) -> None:
        self.results[index] = result
        if self.done is not None:
            self.done(len(self.results))

    def _replace(self, worker: _Worker, reason: str) -> None:
        """End `worker` (over budget or dead), give its item `reason`, and start another in its place; the
        items queued behind it go back to the front of the line."""
        index, *behind = worker.queued
        self.pending.extendleft(reversed(behind))
        self._stop(worker)  # killed: it has items still
        self._finish(index, self.fallback(self.items[index], reason))
        self.workers[self.workers.index(worker)] = self._start()

    @staticmethod
    def _stop(worker: _Worker) -> None:
        if worker.index is None and worker.process.is_alive():
            try:
                worker.conn.send(None)
                worker.process.join(0.5)
            except OSError:
                pass
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
