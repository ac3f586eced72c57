"""Worker processes that die with their parent, so a killed build leaves no orphan holding memory or files.

On Linux a forked worker asks the kernel (prctl PR_SET_PDEATHSIG) for SIGKILL the moment the thread that
forked it ends, which covers `kill -9` and SIGTERM of the parent, where no Python cleanup runs; a parent
already gone before the request ends the worker at once. Elsewhere this is a no-op (workers only fork on
Linux). Imports: the standard library only.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a freshly forked worker: be killed when `parent` (the pid that forked it) dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc to ask: the worker still ends when its pipe closes
        return
    if os.getppid() != parent:  # the parent died between the fork and the request
        os._exit(1)
