"""`parallax align` without the sentence model (an install without the `semantic` extra, or a model file that
fails its checksum): the alignment is the lexical one, the JSON on stdout is untouched, and stderr says once
why restatements are limited."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import CORPUS

from viewer import cli
from viewer.core.align import semantic
from viewer.core.align.stages import AlignOptions
from viewer.core.pipeline import analyse
from viewer.export_json import alignment_to_json

# The session's model is put back after each test (tests/conftest.py), whatever the test did to it.
pytestmark = pytest.mark.usefixtures("kept_model_state")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two of the sample articles: parallels by words and restatements by meaning, quick to align."""
    for name in ("LifeZette.txt", "American Military News.txt"):
        shutil.copy(CORPUS / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("why", ["not installed", "fails its checksum"])
@pytest.mark.parametrize("index", [True, False])
def test_align_without_the_model_is_lexical_and_says_why_once(capsys, monkeypatch, folder, why, index):
    if why == "not installed":
        monkeypatch.setattr(semantic, "MODEL_PACKAGE", "no-such-model-package")
    else:
        monkeypatch.setattr(semantic, "MODEL_SHA256", "0" * 64)
    lexical = alignment_to_json(analyse(folder, options=AlignOptions(semantic=False)))
    semantic.reset()
    options = ["--json", "-"] if index else ["--no-index", "--json", "-"]
    code = cli.main(["align", str(folder), *options])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_OK
    assert json.loads(out) == lexical
    lines = err.splitlines()
    assert len(lines) == 1, err
    # (the index capitalises its notices: it also says them in the window's status bar)
    assert lines[0].lower().startswith("parallax: restatements are found by shared words only")
    assert why in lines[0]


def test_the_model_finds_restatements_the_words_miss(capsys, folder, remembered_sentence_vectors):
    """The other side of the fallback: with the model the same folder has parallels the words alone miss
    (so the test above compares two different results), and stderr stays quiet."""
    code = cli.main(["align", str(folder), "--no-index", "--json", "-"])
    out, err = capsys.readouterr()
    if semantic.encoder() is None:
        pytest.skip(semantic.notice() or "the sentence model is not installed")
    assert code == cli.EXIT_OK and err == ""
    pairs = {(p["a"]["start"], p["b"]["start"]) for p in json.loads(out)["pairs"]}
    lexical = alignment_to_json(analyse(folder, options=AlignOptions(semantic=False)))
    assert {(p["a"]["start"], p["b"]["start"]) for p in lexical["pairs"]} < pairs
