"""The `parallax` command's contract: --version, --help on every command, and exit codes that mean something
(0 success, 1 bad input, 2 usage), each with a message a person can act on; `align` and `export` through the
index in the (per-test) user cache give what a fresh `analyse` gives, and a second run aligns nothing.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CORPUS, remembering_sentence_vectors
from pypdf import PdfReader

from viewer import __version__, cli, summary
from viewer.core.index import store
from viewer.core.pipeline import analyse
from viewer.export_json import alignment_to_json
from viewer.report import pdf

# The model runs once per distinct sentence of the session (see tests/conftest.py): most of these tests' time.
pytestmark = pytest.mark.usefixtures("remembered_sentence_vectors")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def alignings(monkeypatch) -> list[str]:
    """Records each time the index aligns: a full build ("build") or an incremental update ("update")."""
    calls: list[str] = []
    for name, kind in (("align_full", "build"), ("verify_all", "update")):
        real = getattr(store, name)

        def counted(*args, _real=real, _kind=kind, **kwargs):
            calls.append(_kind)
            return _real(*args, **kwargs)

        monkeypatch.setattr(store, name, counted)
    return calls


@pytest.fixture(scope="module")
def fresh(sample_alignment) -> dict[float, object]:
    """`analyse` of the bundled corpus, without any index, at the thresholds the tests use (the default one is
    the session's `sample_alignment`)."""
    assert sample_alignment.min_similarity == cli.DEFAULT_MIN_SIMILARITY
    with remembering_sentence_vectors():
        return {cli.DEFAULT_MIN_SIMILARITY: sample_alignment, 0.6: analyse(CORPUS, min_similarity=0.6)}


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """Two of the sample articles: enough for parallels, quick to align."""
    folder = tmp_path_factory.mktemp("two-articles")
    for name in ("LifeZette.txt", "American Military News.txt"):
        shutil.copy(CORPUS / name, folder / name)
    return folder


# --- version and help ------------------------------------------------------------------------------------


def test_version(capsys):
    assert _run(capsys, "--version") == (cli.EXIT_OK, f"parallax {__version__}\n", "")


@pytest.mark.parametrize("argv", [["--help"], ["-h"], *[[name, "--help"] for name in cli.COMMANDS]])
def test_help_on_every_command(capsys, argv):
    code, out, err = _run(capsys, *argv)
    assert code == cli.EXIT_OK
    assert out.startswith("usage: parallax")
    assert err == ""


def test_main_help_lists_every_command_and_the_exit_codes(capsys):
    _, out, _ = _run(capsys, "--help")
    for name in cli.COMMANDS:
        assert name in out
    assert "Exit codes" in out


def test_help_of_the_window_form(capsys):
    code, out, _ = _run(capsys, str(CORPUS), "--help")
    assert code == cli.EXIT_OK
    assert "FOLDER" in out


# --- usage errors: exit 2 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--no-such-option"],
        ["align"],
        ["align", str(CORPUS), "--no-such-option"],
        ["align", str(CORPUS), "--min-similarity", "1.5"],
        ["align", str(CORPUS), "--min-similarity", "high"],
        ["align", str(CORPUS), "--json"],
        ["export", str(CORPUS)],
        ["export", str(CORPUS), "--pdf", "out.pdf", "--min-similarity", "-1"],
        [str(CORPUS), "another-folder"],
    ],
)
def test_usage_errors_exit_2_with_a_usage_line(capsys, argv):
    code, _out, err = _run(capsys, *argv)
    assert code == cli.EXIT_USAGE
    assert "usage: parallax" in err
    assert "error:" in err


def test_options_without_a_command_is_a_usage_error(capsys):
    code, _, err = _run(capsys, "--min-similarity", "0.5")
    assert code == cli.EXIT_USAGE
    assert "parallax: error:" in err


# --- bad input: exit 1 with a clear message --------------------------------------------------------------------


def test_align_of_a_missing_folder(capsys, tmp_path):
    missing = tmp_path / "no-such-folder"
    code, _out, err = _run(capsys, "align", str(missing))
    assert code == cli.EXIT_BAD_INPUT
    assert err.startswith("parallax: ") and str(missing) in err and "no such folder" in err
    assert "Traceback" not in err


def test_align_of_a_file_instead_of_a_folder(capsys):
    article = CORPUS / "Yonhap.txt"
    code, _, err = _run(capsys, "align", str(article))
    assert code == cli.EXIT_BAD_INPUT
    assert str(article) in err and "not a folder" in err


def test_window_form_with_a_missing_folder_fails_before_any_window(capsys, tmp_path):
    missing = tmp_path / "gone"
    code, _, err = _run(capsys, str(missing))
    assert code == cli.EXIT_BAD_INPUT
    assert str(missing) in err and "no such folder" in err


def test_align_of_a_folder_with_nothing_readable(capsys, tmp_path):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    code, _, err = _run(capsys, "align", str(tmp_path))
    assert code == cli.EXIT_BAD_INPUT
    assert err.startswith("parallax: no readable documents") and str(tmp_path) in err


def test_align_json_into_a_missing_folder(capsys, small_corpus, tmp_path):
    target = tmp_path / "no-such-dir" / "out.json"
    code, _out, err = _run(capsys, "align", str(small_corpus), "--json", str(target))
    assert code == cli.EXIT_BAD_INPUT
    assert err.startswith(f"parallax: cannot write {target}")
    assert not target.parent.exists()


def test_export_of_a_missing_folder_or_into_a_missing_folder(capsys, small_corpus, tmp_path):
    missing = tmp_path / "gone"
    code, _, err = _run(capsys, "export", str(missing), "--pdf", str(tmp_path / "out.pdf"))
    assert (code, err.startswith("parallax: "), str(missing) in err) == (cli.EXIT_BAD_INPUT, True, True)
    target = tmp_path / "no-such-dir" / "out.pdf"
    code, _, err = _run(capsys, "export", str(small_corpus), "--pdf", str(target))
    assert (code, err.startswith("parallax: cannot write"), str(target) in err) == (cli.EXIT_BAD_INPUT, True, True)
    assert not target.parent.exists()


# --- success: exit 0 ---------------------------------------------------------------------------------------


def test_align_json_to_stdout(capsys, small_corpus):
    code, out, _err = _run(capsys, "align", str(small_corpus), "--json", "-")
    assert code == cli.EXIT_OK
    data = json.loads(out)
    assert (data["format"], data["version"]) == ("parallax-alignment", 1)
    assert len(data["documents"]) == 2
    assert data["pairs"]


def test_align_json_to_a_file_writes_nothing_else(capsys, small_corpus, tmp_path):
    target = tmp_path / "out.json"
    code, _out, _ = _run(capsys, "align", str(small_corpus), "--json", str(target))
    assert code == cli.EXIT_OK
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "parallax-alignment"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_align_summary_and_conflicts(capsys, small_corpus):
    before = sorted((p.name, p.stat().st_mtime_ns) for p in small_corpus.iterdir())
    assert _run(capsys, "align", str(small_corpus))[0] == cli.EXIT_OK
    assert _run(capsys, "align", str(small_corpus), "--conflicts")[0] == cli.EXIT_OK
    assert sorted((p.name, p.stat().st_mtime_ns) for p in small_corpus.iterdir()) == before


# --- the real process ------------------------------------------------------------------------------------------


@pytest.mark.slow  # a child Python process: seconds of start-up and imports
@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--version"], cli.EXIT_OK),
        (["align"], cli.EXIT_USAGE),
        (["align", "/no/such/folder"], cli.EXIT_BAD_INPUT),
    ],
)
def test_process_exit_codes_of_python_m_viewer(argv, expected):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "viewer", *argv], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == expected, proc.stderr
    assert "Traceback" not in proc.stderr


# --- the index: the same output as a fresh analyse, and no second alignment -----------------------------------


@pytest.mark.parametrize(
    ("options", "threshold", "expected"),
    [
        (["--json", "-"], cli.DEFAULT_MIN_SIMILARITY, alignment_to_json),
        (["--json", "-", "--min-similarity", "0.6"], 0.6, alignment_to_json),
        ([], cli.DEFAULT_MIN_SIMILARITY, summary.summary_text),
        (["--conflicts"], cli.DEFAULT_MIN_SIMILARITY, summary.conflicts_text),
    ],
    ids=["json", "json-0.6", "summary", "conflicts"],
)
@pytest.mark.slow  # the command line through the index, each output twice: seconds
def test_align_through_the_index_equals_a_fresh_analyse_and_runs_once(
    capsys, alignings, fresh, options, threshold, expected
):
    outputs = []
    for _ in range(2):
        code, out, err = _run(capsys, "align", str(CORPUS), *options)
        assert (code, err) == (cli.EXIT_OK, "")
        outputs.append(json.loads(out) if "--json" in options else out)
    assert outputs == [expected(fresh[threshold])] * 2
    assert alignings == ["build"], "the second run must read the index back, not align again"
    assert store.index_path(CORPUS).is_file()


# In-process exports take pytest-qt's `qapp`: left to itself the PDF would create a bare QGuiApplication, and
# the widget tests that run later in this process would abort.


def test_export_through_the_index_equals_a_fresh_analyse_and_runs_once(
    qapp, capsys, monkeypatch, alignings, fresh, tmp_path
):
    exported = []
    real = pdf.export_pdf

    def recorded(alignment, path, **kwargs):
        exported.append(alignment)
        return real(alignment, path, **kwargs)

    monkeypatch.setattr(pdf, "export_pdf", recorded)
    for name in ("first.pdf", "second.pdf"):
        code, out, err = _run(capsys, "export", str(CORPUS), "--pdf", str(tmp_path / name))
        assert (code, err, out.startswith(f"wrote {tmp_path / name}")) == (cli.EXIT_OK, "", True)
    assert exported == [fresh[cli.DEFAULT_MIN_SIMILARITY]] * 2
    assert alignings == ["build"]
    real(fresh[cli.DEFAULT_MIN_SIMILARITY], tmp_path / "fresh.pdf")
    # The title page says when it was generated: a minute may tick between the three exports.
    stamp = re.compile(r"Generated\s+\d{4}-\d\d-\d\d\s+\d\d:\d\d\s+UTC")
    pages = [[stamp.sub("Generated", page.extract_text()) for page in PdfReader(tmp_path / name).pages]
             for name in ("first.pdf", "second.pdf", "fresh.pdf")]
    assert pages[0] == pages[1] == pages[2]


@pytest.mark.slow  # the command line through the index, each output twice: seconds
def test_a_changed_folder_is_aligned_again_not_read_back_stale(capsys, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    names = sorted(p.name for p in CORPUS.iterdir())
    for name in names[:-1]:
        shutil.copy(CORPUS / name, folder / name)
    assert _run(capsys, "align", str(folder), "--json", "-")[0] == cli.EXIT_OK
    shutil.copy(CORPUS / names[-1], folder / names[-1])
    (folder / names[0]).unlink()
    code, out, _ = _run(capsys, "align", str(folder), "--json", "-")
    assert code == cli.EXIT_OK
    assert json.loads(out) == alignment_to_json(analyse(folder))


@pytest.mark.parametrize("command", ["align", "export"])
def test_no_index_is_in_the_help(capsys, command):
    assert "--no-index" in _run(capsys, command, "--help")[1]


def test_no_index_aligns_afresh_and_writes_nothing_to_the_cache(
    qapp, capsys, alignings, fresh, tmp_path
):
    code, out, err = _run(capsys, "align", str(CORPUS), "--json", "-", "--no-index")
    assert (code, err, json.loads(out)) == (cli.EXIT_OK, "", alignment_to_json(fresh[cli.DEFAULT_MIN_SIMILARITY]))
    code, _, err = _run(capsys, "export", str(CORPUS), "--pdf", str(tmp_path / "out.pdf"), "--no-index")
    assert (code, err) == (cli.EXIT_OK, "")
    assert alignings == []
    assert not store.cache_root().exists()  # conftest points the cache into this test's own folders


def test_damaged_index_notice_goes_to_stderr_and_stdout_stays_json(capsys, fresh):
    damaged = store.index_path(CORPUS)
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b"not a database at all " * 100)
    code, out, err = _run(capsys, "align", str(CORPUS), "--json", "-")
    assert code == cli.EXIT_OK
    assert json.loads(out) == alignment_to_json(fresh[cli.DEFAULT_MIN_SIMILARITY])
    assert err.startswith("parallax: The index of this folder was damaged") and "rebuilt" in err


@pytest.mark.slow  # the command line through the index, each output twice: seconds
def test_unusable_cache_folder_falls_back_to_memory_with_a_notice(capsys, monkeypatch, fresh, tmp_path):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder should be")
    monkeypatch.setenv(store.CACHE_ENV, str(not_a_folder))
    for options in (["--json", "-"], ["--conflicts"]):
        code, out, err = _run(capsys, "align", str(CORPUS), *options)
        assert code == cli.EXIT_OK
        assert err.startswith("parallax: The index cannot be saved in the cache folder")
    assert out == summary.conflicts_text(fresh[cli.DEFAULT_MIN_SIMILARITY])
    assert not_a_folder.read_text() == "a file where the cache folder should be"


@pytest.mark.slow  # a child Python process: seconds of start-up and imports
def test_process_align_twice_uses_the_index_in_parallax_cache_dir(tmp_path):
    """The real process: $PARALLAX_CACHE_DIR holds the index, and nothing but JSON reaches a piped stdout
    (no progress or notice on a piped stderr either)."""
    cache = tmp_path / "cache"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", store.CACHE_ENV: str(cache)}
    runs = [
        subprocess.run([sys.executable, "-m", "viewer", "align", str(CORPUS), "--json", "-"],
                       capture_output=True, text=True, env=env, timeout=120)
        for _ in range(2)
    ]
    assert [(r.returncode, r.stderr) for r in runs] == [(cli.EXIT_OK, "")] * 2
    assert json.loads(runs[0].stdout) == json.loads(runs[1].stdout)
    assert store.index_path(CORPUS, cache).is_file()
    assert not store.index_path(CORPUS).exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("no_index", [False, True])
def test_a_terminal_sees_one_progress_line_that_is_cleared_at_the_end(monkeypatch, tmp_path, no_index):
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    argv = ["align", str(CORPUS), "--json", str(tmp_path / "out.json")] + (["--no-index"] if no_index else [])
    assert cli.main(argv) == cli.EXIT_OK
    written = err.getvalue()
    assert "Reading files" in written and "Aligning: verifying candidates" in written
    assert "\n" not in written  # one line, rewritten in place...
    assert written.endswith(" \r")  # ...and blanked once the alignment is done, so nothing is left on it
    assert json.loads((tmp_path / "out.json").read_text())["documents"]
