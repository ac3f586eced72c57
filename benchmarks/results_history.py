"""A benchmark's results file with its earlier runs kept: the run written replaces the previous one, which
moves under "history" (the machine is shared and noisy, so one run's figures are not the whole story).

Imports: the standard library only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_run(path: Path, run: dict[str, Any], *, indent: int = 1, keep: int | None = None) -> None:
    """Write `run` to `path` with "history": the earlier runs, the previous one last (the last `keep`)."""
    earlier = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    history = [*earlier.pop("history", []), *([earlier] if earlier else [])]
    if keep is not None:
        history = history[-keep:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**run, "history": history}, indent=indent) + "\n", "utf-8")
