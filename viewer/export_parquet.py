"""An alignment as partitioned Parquet (`parallax align ... --parquet DIR`), and read back.

For corpora whose JSON would be unwieldy: one dataset per table under DIR, each Hive-partitioned by
`part` (documents in runs of `PART_DOCUMENTS`; a pair, its divergences and a repeat go with the partition
of their first document), so a reader (pyarrow, DuckDB, Spark, pandas) loads only the partitions it
asks for: `documents/`, `pairs/`, `divergences/` (one row per divergence, `pair` its pair's row),
`agreements/` (the values each pair's run judged the same, as `divergences/`), `groups/` (one row per
passage), `repeats/`, `boilerplate/` (one row per passage), `skipped/`, and `alignment.json` (format,
version, corpus, threshold). The columns are those of the JSON export (viewer.export_json), which
`alignment_from_parquet` rebuilds exactly; a folder written before `agreements/` reads with none.
DIR is written whole through a temporary folder beside it, and must not exist yet.
Imports: the standard library, pyarrow (the `dask` extra), viewer.core.model, viewer.export_json.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from typing import Any

from viewer.core.model import Alignment, PairBasis
from viewer.export_json import FORMAT, VERSION, alignment_from_json, alignment_to_json

PART_DOCUMENTS = 1000
INSTALL_HINT = "--parquet needs pyarrow: pip install 'parallax-viewer[dask]'"
TABLES = ("documents", "pairs", "divergences", "agreements", "groups", "repeats", "boilerplate", "skipped")
JUDGED = ("divergences", "agreements")  # the tables of a pair's judged values, one row per value


def pyarrow_available() -> bool:
    """Whether `--parquet` can write (checked before the alignment runs, not after it)."""
    return importlib.util.find_spec("pyarrow") is not None


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as error:
        raise ImportError(INSTALL_HINT) from error
    return pyarrow


def _rows(alignment: Alignment) -> dict[str, list[dict[str, Any]]]:
    data = alignment_to_json(alignment)
    part = {d["id"]: i // PART_DOCUMENTS for i, d in enumerate(data["documents"])}
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for i, d in enumerate(data["documents"]):
        rows["documents"].append({"row": i, "part": part[d["id"]], **d})
    for i, p in enumerate(data["pairs"]):
        where = part[p["a"]["doc"]]
        rows["pairs"].append({"row": i, "part": where, **_flat("a", p["a"]), **_flat("b", p["b"]),
                              "similarity": p["similarity"], "group": p["group"],
                              "basis": p.get("basis", WORDING)})
        for table in JUDGED:
            for k, d in enumerate(p[table]):
                rows[table].append({"pair": i, "row": k, "part": where, "kind": str(d["kind"]),
                                    "verdict": str(d["verdict"]), **_fact("a", d["a"]), **_fact("b", d["b"]),
                                    "rule": d["rule"], "confidence": d["confidence"], "reason": d["reason"],
                                    "thing": d["thing"]})
    for g in data["groups"]:
        for k, s in enumerate(g["passages"]):
            rows["groups"].append({"group": g["id"], "row": k, "part": part[s["doc"]], **s})
    for i, r in enumerate(data["repeats"]):
        rows["repeats"].append({"row": i, "part": part[r["a"]["doc"]], **_flat("a", r["a"]),
                                **_flat("b", r["b"]), "similarity": r["similarity"]})
    for i, b in enumerate(data["boilerplate"]):
        for k, s in enumerate(b["passages"]):
            rows["boilerplate"].append({"boilerplate": i, "row": k, "part": part[s["doc"]], "text": b["text"],
                                        **s})
    for i, s in enumerate(data["skipped"]):
        rows["skipped"].append({"row": i, "part": 0, **s})
    return rows


WORDING = PairBasis.WORDING.value  # the basis of most pairs, left out of the JSON as there


def _flat(prefix: str, span: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}_{k}": v for k, v in span.items()}


_FACT = ("start", "end", "text", "value", "stated")


def _fact(prefix: str, side: dict[str, Any] | None) -> dict[str, Any]:
    return {f"{prefix}_{k}": None if side is None else side[k] for k in _FACT}


def write_parquet(alignment: Alignment, folder: Path) -> None:
    """`alignment` as partitioned Parquet datasets under `folder` (which must not exist)."""
    pa = _pyarrow()
    folder = Path(folder)
    if folder.exists():
        raise FileExistsError(f"cannot write {folder}: it exists (Parquet goes into a new folder)")
    if not folder.parent.is_dir():
        raise FileNotFoundError(f"cannot write {folder}: no folder {folder.parent}")
    tmp = folder.with_name(f".{folder.name}.parallax-tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        for name, rows in _rows(alignment).items():
            if rows:
                pa.parquet.write_to_dataset(pa.Table.from_pylist(rows), tmp / name, partition_cols=["part"])
            else:
                (tmp / name).mkdir()
        meta = {"format": FORMAT + "-parquet", "version": VERSION, "corpus": alignment.corpus.root,
                "min_similarity": alignment.min_similarity}
        (tmp / "alignment.json").write_text(json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.rename(folder)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OSError(f"cannot write {folder}: {exc.strerror or exc}") from exc


def _read(folder: Path, name: str, order: tuple[str, ...]) -> list[dict[str, Any]]:
    pa = _pyarrow()
    path = folder / name
    if not path.is_dir() or not any(path.iterdir()):  # empty, or missing (`agreements/` of an older folder)
        return []
    rows = pa.parquet.read_table(path).to_pylist()
    return sorted(rows, key=lambda r: tuple(r[k] for k in order))


def alignment_from_parquet(folder: Path) -> Alignment:
    """The alignment `write_parquet` wrote to `folder`."""
    folder = Path(folder)
    meta = json.loads((folder / "alignment.json").read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT + "-parquet":
        raise ValueError(f"{folder}: not a Parallax Parquet alignment")

    def span(r: dict[str, Any], prefix: str = "") -> dict[str, Any]:
        return {k: r[prefix + k] for k in ("doc", "start", "end")}

    def fact(r: dict[str, Any], prefix: str) -> dict[str, Any] | None:
        return None if r[f"{prefix}_start"] is None else {k: r[f"{prefix}_{k}"] for k in _FACT}

    judged: dict[str, dict[int, list[dict[str, Any]]]] = {table: {} for table in JUDGED}
    for table in JUDGED:
        for r in _read(folder, table, ("pair", "row")):
            judged[table].setdefault(r["pair"], []).append(
                {"kind": r["kind"], "verdict": r["verdict"], "a": fact(r, "a"), "b": fact(r, "b"),
                 "rule": r["rule"], "confidence": r["confidence"], "reason": r["reason"],
                 "thing": r["thing"]})
    groups: dict[int, list[dict[str, Any]]] = {}
    for r in _read(folder, "groups", ("group", "row")):
        groups.setdefault(r["group"], []).append(span(r))
    boilerplate: dict[int, dict[str, Any]] = {}
    for r in _read(folder, "boilerplate", ("boilerplate", "row")):
        entry = boilerplate.setdefault(r["boilerplate"], {"text": r["text"], "passages": []})
        entry["passages"].append(span(r))
    data = {
        **{k: meta[k] for k in ("version", "corpus", "min_similarity")}, "format": FORMAT,
        "documents": [{k: r[k] for k in ("id", "path", "title", "source", "date", "url", "text")}
                      for r in _read(folder, "documents", ("row",))],
        "skipped": [{"path": r["path"], "reason": r["reason"]} for r in _read(folder, "skipped", ("row",))],
        "groups": [{"id": g, "passages": ps} for g, ps in sorted(groups.items())],
        "pairs": [{"a": span(r, "a_"), "b": span(r, "b_"), "similarity": r["similarity"], "group": r["group"],
                   **{table: judged[table].get(r["row"], []) for table in JUDGED},
                   **({"basis": r["basis"]} if r.get("basis", WORDING) != WORDING else {})}
                  for r in _read(folder, "pairs", ("row",))],
        "repeats": [{"a": span(r, "a_"), "b": span(r, "b_"), "similarity": r["similarity"]}
                    for r in _read(folder, "repeats", ("row",))],
        "boilerplate": [boilerplate[i] for i in sorted(boilerplate)],
    }
    return alignment_from_json(data)
