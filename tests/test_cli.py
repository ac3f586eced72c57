"""The `parallax` command's contract: --version, --help on every command, and exit codes that mean something
(0 success, 1 bad input, 2 usage), each with a message a person can act on.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from viewer import __version__, cli

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


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
