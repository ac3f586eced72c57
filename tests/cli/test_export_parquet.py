"""`--parquet DIR`: the alignment as partitioned Parquet, read back to the same alignment."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import CORPUS

from viewer import cli
from viewer.core.model import PairBasis
from viewer.export_json import alignment_to_json

pq = pytest.importorskip("pyarrow.parquet")  # in the test extras (through the `dask` extra)

from viewer import export_parquet  # noqa: E402
from viewer.export_parquet import alignment_from_parquet, write_parquet  # noqa: E402


@pytest.mark.slow  # aligns and writes Parquet, then reads it back: seconds
def test_round_trip_is_the_same_alignment(sample_alignment, tmp_path: Path) -> None:
    assert any(p.divergences for p in sample_alignment.pairs) and sample_alignment.groups
    write_parquet(sample_alignment, tmp_path / "out")
    back = alignment_from_parquet(tmp_path / "out")
    assert json.dumps(alignment_to_json(back)) == json.dumps(alignment_to_json(sample_alignment))


def test_figure_parallels_keep_their_basis(figure_story_alignment, tmp_path: Path) -> None:
    alignment = figure_story_alignment  # tolls that differ: figure parallels
    assert any(p.basis == PairBasis.FIGURE for p in alignment.pairs)
    write_parquet(alignment, tmp_path / "out")
    back = alignment_from_parquet(tmp_path / "out")
    assert json.dumps(alignment_to_json(back)) == json.dumps(alignment_to_json(alignment))


def test_tables_are_partitioned_by_document(sample_alignment, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(export_parquet, "PART_DOCUMENTS", 2)
    write_parquet(sample_alignment, tmp_path / "out")
    parts = sorted(p.name for p in (tmp_path / "out" / "documents").iterdir())
    assert parts == [f"part={i}" for i in range((len(sample_alignment.corpus.documents) + 1) // 2)]
    one = pq.read_table(tmp_path / "out" / "documents" / "part=0").to_pylist()
    assert [r["id"] for r in one] == [d.id for d in sample_alignment.corpus.documents[:2]]
    divergences = pq.read_table(tmp_path / "out" / "divergences").num_rows
    assert divergences == sum(len(p.divergences) for p in sample_alignment.pairs)
    agreements = pq.read_table(tmp_path / "out" / "agreements")
    assert agreements.num_rows == sum(len(p.agreements) for p in sample_alignment.pairs) > 0
    assert set(agreements.column("verdict").to_pylist()) == {"same"}
    assert json.dumps(alignment_to_json(alignment_from_parquet(tmp_path / "out"))) == json.dumps(
        alignment_to_json(sample_alignment))


def test_a_folder_written_before_agreements_reads_with_none(sample_alignment, tmp_path: Path) -> None:
    write_parquet(sample_alignment, tmp_path / "out")
    shutil.rmtree(tmp_path / "out" / "agreements")
    back = alignment_from_parquet(tmp_path / "out")
    assert [p.divergences for p in back.pairs] == [p.divergences for p in sample_alignment.pairs]
    assert not any(p.agreements for p in back.pairs)


def test_an_existing_folder_is_never_overwritten(sample_alignment, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        write_parquet(sample_alignment, tmp_path / "out")
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"


@pytest.mark.slow  # aligns and writes Parquet, then reads it back: seconds
def test_command_line(tmp_path: Path, capsys) -> None:
    out = tmp_path / "pq"
    assert cli.main(["align", str(CORPUS), "--no-index", "--parquet", str(out), "--json", "-"]) == cli.EXIT_OK
    printed = json.loads(capsys.readouterr().out)
    assert alignment_to_json(alignment_from_parquet(out)) == printed
    # Never into the corpus folder.
    assert cli.main(["align", str(CORPUS), "--no-index", "--parquet", str(CORPUS / "pq")]) == cli.EXIT_BAD_INPUT
    assert "inside the corpus folder" in capsys.readouterr().err
    assert not (CORPUS / "pq").exists()


def test_without_pyarrow_parquet_is_refused_before_the_alignment_runs(tmp_path: Path, capsys, monkeypatch) -> None:
    """An install without the `dask` extra (the desktop bundle, a plain pip install) says how to get Parquet
    up front, as a usage error, instead of a traceback after the whole alignment."""
    monkeypatch.setattr(export_parquet, "pyarrow_available", lambda: False)
    aligned: list[object] = []
    monkeypatch.setattr(cli, "_alignment", lambda args: aligned.append(args))
    assert cli.main(["align", str(CORPUS), "--parquet", str(tmp_path / "pq")]) == cli.EXIT_USAGE
    assert export_parquet.INSTALL_HINT in capsys.readouterr().err
    assert aligned == [] and not (tmp_path / "pq").exists()
