"""The JSON export: the documented schema, offsets that index each document's text, and a round trip."""

from __future__ import annotations

import json

import pytest
from helpers import CORPUS

from viewer.core.model import Alignment
from viewer.export_json import alignment_from_json, alignment_to_json


@pytest.fixture(scope="module")
def data(sample_alignment: Alignment) -> dict:
    # Through real JSON text, as a consumer reads it.
    return json.loads(json.dumps(alignment_to_json(sample_alignment), ensure_ascii=False))


def test_top_level_schema(data: dict) -> None:
    assert data["format"] == "parallax-alignment"
    assert data["version"] == 1
    assert data["corpus"] == str(CORPUS)
    assert {"documents", "skipped", "groups", "pairs"} <= data.keys()


def test_documents_carry_metadata_and_text(data: dict) -> None:
    assert len(data["documents"]) == 5
    for d in data["documents"]:
        assert set(d) == {"id", "path", "title", "source", "date", "url", "text"}
        assert d["date"] is None or (len(d["date"]) == 10 and d["date"][4] == "-" and d["date"][7] == "-")
        assert d["text"]
    wp = next(d for d in data["documents"] if d["id"] == "The Washington Post.txt")
    assert wp["date"] == "2018-06-20"
    assert wp["text"].startswith("President Trump, right, and North Korean leader")


def test_pairs_and_groups_index_document_texts(data: dict) -> None:
    texts = {d["id"]: d["text"] for d in data["documents"]}
    group_ids = {g["id"] for g in data["groups"]}
    for p in data["pairs"]:
        if p.get("basis") == "figure":  # two sentences giving one figure differently: they may share no word
            assert set(p) == {"a", "b", "similarity", "group", "divergences", "agreements", "basis"}
            assert p["divergences"] and 0.0 <= p["similarity"] <= 1.0
        else:
            assert set(p) == {"a", "b", "similarity", "group", "divergences", "agreements"}
            assert 0.0 < p["similarity"] <= 1.0
        assert p["group"] in group_ids
        for side in (p["a"], p["b"]):
            assert set(side) == {"doc", "start", "end"}
            assert 0 <= side["start"] < side["end"] <= len(texts[side["doc"]])
        for d in p["divergences"]:
            assert {"kind", "verdict", "a", "b", "rule", "confidence"} <= set(d)
            assert d["verdict"] in {"conflict", "soft", "hedge", "equivalent"}
            for key, side in (("a", p["a"]), ("b", p["b"])):
                value = d[key]
                assert texts[side["doc"]][value["start"] : value["end"]] == value["text"]
        for d in p["agreements"]:  # the values judged the same: what joins the sources that agree
            assert d["verdict"] == "same" and {"kind", "a", "b", "rule", "confidence", "reason", "thing"} <= set(d)
            for key, side in (("a", p["a"]), ("b", p["b"])):
                assert texts[side["doc"]][d[key]["start"] : d[key]["end"]] == d[key]["text"]
    assert any(p["agreements"] for p in data["pairs"])
    for g in data["groups"]:
        assert len({s["doc"] for s in g["passages"]}) >= 2
        for s in g["passages"]:
            assert 0 <= s["start"] < s["end"] <= len(texts[s["doc"]])


def test_every_pair_lies_inside_a_passage_of_its_group(data: dict) -> None:
    groups = {g["id"]: g["passages"] for g in data["groups"]}
    for p in data["pairs"]:
        for side in (p["a"], p["b"]):
            assert any(
                s["doc"] == side["doc"] and s["start"] <= side["start"] and side["end"] <= s["end"]
                for s in groups[p["group"]]
            )


def test_the_june_july_conflict_is_in_the_export(data: dict) -> None:
    texts = {(d["a"]["text"], d["b"]["text"]) for p in data["pairs"] for d in p["divergences"]
             if d["verdict"] == "conflict"}
    assert ("June 27", "July 27") in texts or ("July 27", "June 27") in texts


def test_round_trip(sample_alignment: Alignment, data: dict) -> None:
    back = alignment_from_json(data)
    assert back.corpus.documents == sample_alignment.corpus.documents
    assert back.groups == sample_alignment.groups
    assert [(p.a, p.b, p.group) for p in back.pairs] == [(p.a, p.b, p.group) for p in sample_alignment.pairs]
    assert [p.agreements for p in back.pairs] == [p.agreements for p in sample_alignment.pairs]
    assert alignment_to_json(back) == data


def test_a_file_written_before_agreements_reads_with_none(data: dict) -> None:
    older = {**data, "pairs": [{k: v for k, v in p.items() if k != "agreements"} for p in data["pairs"]]}
    back = alignment_from_json(older)
    assert not any(p.agreements for p in back.pairs)
    assert [p.divergences for p in back.pairs] == [p.divergences for p in alignment_from_json(data).pairs]


def test_another_format_is_refused() -> None:
    with pytest.raises(ValueError):
        alignment_from_json({"format": "something-else", "version": 1})
