"""How long-running core work reports progress and is cancelled, without knowing who listens.

A `Progress` callback receives (stage, done, total); a `CancelToken` is anything with `is_set()` (a
`threading.Event` works, so does a multiprocessing one). Core functions call `check(cancel)` between
units of work and let `Cancelled` propagate. Imports: the standard library only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

Progress = Callable[[str, int, int], None]


class CancelToken(Protocol):
    def is_set(self) -> bool: ...


class Cancelled(Exception):
    """Raised inside core work when its cancel token is set."""


def check(cancel: CancelToken | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)
