"""A saved result read back for viewing: the JSON of `parallax align --json FILE`, or the folder (or its
`alignment.json`) that `parallax align --parquet DIR` wrote, e.g. a corpus aligned on a Dask cluster and
opened read-only in the window. Both keep each pair's divergences and the values its run judged the same
(`Pair.agreements`), so a disputed fact read back counts the sources that agree as well as those that
differ, as the window does on the folder itself; a file written before agreements were saved reads with
none (its disputed facts count only the sources that differ).

Imports: the standard library, viewer.core.model, viewer.export_json, viewer.export_parquet (pyarrow only
for a Parquet folder).
"""

from __future__ import annotations

import json
from pathlib import Path

from viewer.core.model import Alignment
from viewer.export_json import FORMAT, alignment_from_json

PARQUET_MARK = "alignment.json"  # the file naming a Parquet result's format, inside its folder
PARQUET_FORMAT = FORMAT + "-parquet"


def parquet_folder(path: Path) -> Path | None:
    """The Parquet result `path` names (its folder, or the folder's `alignment.json`), or None."""
    mark = path / PARQUET_MARK if path.is_dir() else path
    if mark.name != PARQUET_MARK or not mark.is_file():
        return None
    try:
        meta = json.loads(mark.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return mark.parent if isinstance(meta, dict) and meta.get("format") == PARQUET_FORMAT else None


def is_saved_result(path: Path) -> bool:
    """Whether `path` is to be read as a saved result rather than aligned: a JSON file or a Parquet result."""
    return (path.is_file() and path.suffix.lower() == ".json") or parquet_folder(path) is not None


def read_result(path: Path) -> Alignment:
    """The alignment saved at `path`. Raises ValueError naming the file when it is not a result Parallax
    wrote (another JSON, a damaged or older file), OSError when it cannot be read."""
    folder = parquet_folder(path)
    if folder is not None:
        from viewer.export_parquet import alignment_from_parquet

        return alignment_from_parquet(folder)
    try:
        return alignment_from_json(json.loads(path.read_text(encoding="utf-8")))
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        detail = (str(error) if isinstance(error, ValueError) else
                  f"no {error} field" if isinstance(error, KeyError) else "unexpected content")
        raise ValueError(
            f"{path.name} is not a result Parallax wrote (parallax align --json FILE): {detail}") from error
