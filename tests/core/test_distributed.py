"""The Dask engine (viewer.core.distributed) gives the local engine's alignment, pair for pair.

One small LocalCluster (2 worker processes of one thread) serves the module; corpora: the bundled sample,
a real NewsWCL50 cluster, a real BASIL JSON Lines shard, and a generated corpus of a few hundred articles
(the benchmark's generator, with the store tests' sentence pool). A worker that dies in the middle of the
verify stage is replaced and its tasks recomputed by Dask, with the same result. The stages run on the
workers, not in this process: the sentence model (when installed), the facts (each document's fact table
built by one task), and reading files under the loader's budget (a hostile reader costs its file only).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from helpers import CORPUS, DATA, REPO

from viewer.core import distributed
from viewer.core.align import semantic
from viewer.core.align.stages import AlignOptions, Match
from viewer.core.distributed import DaskRun, analyse_dask
from viewer.core.ingest import documents
from viewer.core.ingest.sandbox import Budget
from viewer.core.model import PairBasis
from viewer.core.pipeline import analyse
from viewer.export_json import alignment_to_json

sys.path.insert(0, str(REPO / "benchmarks"))
from generate_corpus import write_corpus


def _dask():
    """dask.distributed (in the test extras; skipped only outside them), imported when a test runs: the
    import takes two seconds, which the quick loop, which deselects this module, would pay at collection."""
    return pytest.importorskip("distributed")

pytestmark = pytest.mark.slow

NEWSWCL = DATA / "ui" / "newswcl50-event_0"
BASIL = DATA / "documents" / "real" / "basil"
ECBPLUS = DATA / "facts" / "ecbplus-37"  # tolls that differ: figure parallels


@pytest.fixture(scope="module")
def cluster():
    with _dask().LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as c:
        yield c


@pytest.fixture(scope="module")
def client(cluster):
    with _dask().Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    write_corpus(160, root, seed=5, pool=DATA / "store" / "sentences.txt", outlets=8)
    return root / "articles"


@pytest.fixture(scope="module")
def generated_local(generated: Path):
    return analyse(generated, workers=1)


def _json(alignment) -> dict:
    return json.loads(json.dumps(alignment_to_json(alignment)))


def _tasks(client, run) -> list[str]:
    """The names of the tasks the cluster ran during `run()` (Dask's task stream)."""
    with _dask().get_task_stream(client) as stream:
        run()
    return [t["key"] if isinstance(t["key"], str) else str(t["key"]) for t in stream.data]


@pytest.mark.parametrize("folder", [CORPUS, NEWSWCL, BASIL, ECBPLUS],
                         ids=["sample", "newswcl50", "basil-jsonl", "ecbplus-figures"])
def test_same_alignment_as_local_engine(client, folder: Path) -> None:
    local = analyse(folder, workers=1)
    assert local.pairs, "a corpus without parallels would compare nothing"
    if folder == ECBPLUS:
        assert any(p.basis == PairBasis.FIGURE for p in local.pairs)
    assert _json(analyse_dask(folder, client=client)) == _json(local)


def test_lists_over_the_cap_in_one_partition_are_dropped_everywhere(client) -> None:
    """With a tiny cap, many keys are over it in one partition and under it in another: the Dask engine
    drops them whole, as the local engine does (same candidates, same pairs)."""
    opts = AlignOptions(max_postings=3)
    local = analyse(NEWSWCL, options=opts, workers=1)
    dask = analyse_dask(NEWSWCL, options=opts, client=client)
    assert dask.stats == local.stats
    assert _json(dask) == _json(local)


def test_same_alignment_on_a_generated_corpus(client, generated: Path, generated_local) -> None:
    local = generated_local
    dask = analyse_dask(generated, client=client)
    assert len(local.pairs) > 50 and any(p.divergences for p in local.pairs)
    assert dask.stats == local.stats
    assert _json(dask) == _json(local)


def test_candidate_rows_stay_on_the_workers(client, generated: Path, generated_local, monkeypatch) -> None:
    """The client learns how many candidate rows each pair of partitions holds, never the rows (at a
    million articles of dense reuse they would be some 900 M): everything `_Engine` gathers is recorded,
    and no array, of rows or of pair codes, is among it before the verified matches."""
    gathered: dict[str, list] = {}
    wait = distributed._Engine._wait

    def recording(self, futures, what):
        results = wait(self, futures, what)
        gathered.setdefault(what, []).extend(results)
        return results

    monkeypatch.setattr(distributed._Engine, "_wait", recording)
    dask = analyse_dask(generated, client=client, judge=False)
    assert dask.stats["candidates"] == generated_local.stats["candidates"] > 1000
    counts = gathered["finding candidate pairs"]
    assert all(isinstance(c, list) and all(isinstance(n, int) for n in c) for c in counts)
    assert sum(n for c in counts for n in c) == dask.stats["candidates"]
    assert all(isinstance(m, Match) for chunk in gathered["verifying candidates"] for m in chunk)


def test_verify_tasks_grow_with_the_rows_not_with_the_blocks(client, generated: Path, generated_local,
                                                            monkeypatch) -> None:
    """In many small partitions (16: 136 pairs of partitions, most joined by a few candidate rows), the
    rows go to a fixed number of destinations and the verify chunks are cut across blocks: a handful of
    tasks take the rows out of the code buckets and verify them, not one per bucket and block, and the
    result is still the local engine's."""
    monkeypatch.setattr(distributed, "PARTITION_DOCS", 10)
    found: list = []
    names = _tasks(client, lambda: found.append(analyse_dask(generated, client=client)))
    assert _json(found[0]) == _json(generated_local)
    cells = distributed._Cells.over(16, distributed.BUCKETS_PER_WORKER * 2)
    candidates = found[0].stats["candidates"]
    chunks = sum(n.startswith("_verify_rows") for n in names)
    assert 0 < chunks <= len(cells) + candidates // distributed.VERIFY_CHUNK
    assert sum(n.startswith("_joined_rows") for n in names) <= len(cells) < 136


def test_shards_read_by_the_workers(client, tmp_path: Path) -> None:
    """Several inputs (a folder and a JSON Lines file) are one corpus, each file named under its input."""
    shard = tmp_path / "wire.jsonl"
    shard.write_text("".join(json.dumps({"id": f"w{i}", "text": d.text}) + "\n"
                             for i, d in enumerate(analyse(CORPUS, workers=1).corpus.documents[:2])),
                     encoding="utf-8")
    both = analyse_dask([CORPUS, shard], client=client)
    ids = [d.id for d in both.corpus.documents]
    assert any(i.startswith("corpus/") for i in ids) and any(i.startswith("wire.jsonl") for i in ids)
    # The shard repeats two articles of the folder word for word: each is a parallel of its original.
    assert {p.b.doc.split("#")[0] for p in both.pairs if p.b.doc.startswith("wire.jsonl")} == {"wire.jsonl"}


def test_a_missing_input_is_named(client, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nothing-here"):
        analyse_dask([CORPUS, tmp_path / "nothing-here"], client=client)


def _kill_once(marker: str):
    """A worker plugin that ends its worker's process the first time (across the cluster: a marker file) a
    verify task starts."""

    class KillOnce(_dask().WorkerPlugin):
        def transition(self, key, start, finish, **kwargs) -> None:
            name = key if isinstance(key, str) else str(key)
            if finish == "executing" and name.startswith("_verify_rows") and not os.path.exists(marker):
                Path(marker).write_text(name)
                os._exit(1)

    return KillOnce()


def test_a_worker_killed_mid_run_is_replaced_without_a_wrong_result(
    tmp_path: Path, generated: Path, generated_local
) -> None:
    local = generated_local
    marker = tmp_path / "killed"
    with _dask().LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, _dask().Client(cluster) as client:
        client.register_plugin(_kill_once(str(marker)))
        result = analyse_dask(generated, client=client)
    assert marker.exists(), "no worker was killed: the test would prove nothing"
    assert _json(result) == _json(local)


def test_without_an_address_a_local_cluster_is_started(capsys: pytest.CaptureFixture[str]) -> None:
    run = DaskRun(workers=1, processes=False, show_progress=True)
    alignment = analyse_dask(CORPUS, run=run)
    assert _json(alignment) == _json(analyse(CORPUS, workers=1))
    err = capsys.readouterr().err
    assert "dashboard at http" in err


def test_command_line_on_a_running_scheduler(cluster, tmp_path: Path) -> None:
    from viewer import cli

    local, dask = tmp_path / "local.json", tmp_path / "dask.json"
    assert cli.main(["align", str(CORPUS), "--no-index", "--json", str(local)]) == cli.EXIT_OK
    assert cli.main(["align", str(CORPUS), "--engine", "dask", "--scheduler", cluster.scheduler_address,
                     "--json", str(dask)]) == cli.EXIT_OK
    assert json.loads(dask.read_text()) == json.loads(local.read_text())


def test_command_line_says_what_needs_the_dask_engine(monkeypatch, capsys, tmp_path: Path) -> None:
    from viewer import cli

    assert cli.main(["align", str(CORPUS), str(CORPUS), "--no-index"]) == cli.EXIT_USAGE
    assert "need --engine dask" in capsys.readouterr().err
    monkeypatch.setattr(cli, "dask_available", lambda: False)
    assert cli.main(["align", str(CORPUS), "--engine", "dask"]) == cli.EXIT_USAGE
    assert "pip install 'parallax-viewer[dask]'" in capsys.readouterr().err


@pytest.mark.usefixtures("sentence_model")  # skipped without the model
def test_the_semantic_stage_runs_on_the_workers_with_the_local_result(client) -> None:
    local = analyse(CORPUS, workers=1)
    # the model changes the sample's alignment: the comparison below covers the restatements it finds
    assert _json(local) != _json(analyse(CORPUS, options=AlignOptions(semantic=False), workers=1))
    found: list = []
    names = _tasks(client, lambda: found.append(analyse_dask(CORPUS, client=client)))
    assert any(name.startswith("_embed_chunk") for name in names)
    assert _json(found[0]) == _json(local)


_EXTRACTED: list[str] = []  # on a worker: the documents whose facts it extracted


def _count_extractions(on: bool) -> list[str]:
    """On a worker: count (or stop counting) the documents whose fact tables are built; what was counted."""
    from viewer.core.facts import extract, table

    def counted(doc):
        _EXTRACTED.append(doc.id)
        return extract.extract_facts(doc)

    table.extract_facts = counted if on else extract.extract_facts
    done = list(_EXTRACTED)
    _EXTRACTED.clear()
    return done


def test_facts_are_read_once_per_document_on_the_workers(client) -> None:
    """As `pipeline.judge_all` with its FactTables: each paired document's facts are extracted once (by
    the task of its partition), however many pairs and judging tasks it is in."""
    found: list = []
    client.run(_count_extractions, True)
    try:
        floor = AlignOptions().floor
        names = _tasks(client, lambda: found.append(analyse_dask(NEWSWCL, client=client, min_similarity=floor)))
    finally:
        counted = [d for ids in client.run(_count_extractions, False).values() for d in ids]
    assert any(n.startswith("_fact_tables") for n in names) and any(n.startswith("_judge_pairs") for n in names)
    wording = [p for p in found[0].pairs if p.basis == PairBasis.WORDING]
    paired = {d for p in wording for d in (p.a.doc, p.b.doc)}
    assert len(wording) > 2 * len(paired)  # documents in many pairs: the case of reading them once
    assert sorted(counted) == sorted(paired)


def _hostile_readers(budget: Budget) -> None:
    """On a worker: `.md` files that start with "slow" never finish, "hungry" ones take a gigabyte, "crash"
    ones end their reader's process; the rest read as usual. Reading under `budget`."""
    normal = documents.READERS[".md"]

    def reader(data: bytes):
        if data.startswith(b"slow"):
            time.sleep(3600)
        if data.startswith(b"hungry"):
            return [bytearray(2**30)]
        if data.startswith(b"crash"):
            os._exit(3)
        return normal(data)

    documents.READERS[".md"] = reader
    documents.READ_BUDGET = budget


@pytest.mark.timeout(120)
def test_workers_read_each_file_under_the_loaders_budget(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name in ("slow", "hungry", "crash"):
        (folder / f"{name}.md").write_text(f"{name}\n\nA reader that goes wrong.", encoding="utf-8")
    for doc in analyse(CORPUS, workers=1).corpus.documents[:2]:
        (folder / doc.id).write_text(doc.text, encoding="utf-8")
    with _dask().LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, _dask().Client(cluster) as client:
        client.run(_hostile_readers, Budget(seconds=2.0, memory=256 * 2**20))
        start = time.monotonic()
        result = analyse_dask(folder, client=client)
        assert time.monotonic() - start < 60
    assert {s.path: s.reason for s in result.corpus.skipped} == {
        "slow.md": "took longer than 2 s to read",
        "hungry.md": "needs more memory than Parallax allows one file",
        "crash.md": "the reader crashed on this file (exit code 3)",
    }
    assert len(result.corpus.documents) == 2 and result.pairs  # the good files are read and aligned


def _model_off() -> None:
    """On a worker: the sentence model turned off from now on (PARALLAX_SEMANTIC=off)."""
    os.environ["PARALLAX_SEMANTIC"] = "off"
    semantic.reset()


def test_workers_without_the_model_align_by_words_and_say_so() -> None:
    with _dask().LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, _dask().Client(cluster) as client:
        first, *_ = client.scheduler_info()["workers"]
        client.run(_model_off, workers=[first])
        if semantic.available():  # the other worker has it: which one embeds must not matter, so refused
            with pytest.raises(RuntimeError, match="some Dask workers only"):
                analyse_dask(CORPUS, client=client)
        client.run(_model_off)
        run = DaskRun()
        lexical = analyse_dask(CORPUS, client=client, run=run)
    assert _json(lexical) == _json(analyse(CORPUS, options=AlignOptions(semantic=False), workers=1))
    assert run.notices == ["restatements are found by shared words only: the sentence model is turned off "
                           "(PARALLAX_SEMANTIC=off)"]
