"""Writing the output the user named: devices and pipes in place, read-only files refused, no link planted
in the target's folder ever followed, a closed standard output a message (viewer.core.output, cli)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers import CORPUS

from viewer import cli
from viewer.core.output import TEMP_SUFFIX, check_output, write_output

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def align_json(capsys: pytest.CaptureFixture, target: str) -> tuple[int, str]:
    code = cli.main(["align", str(CORPUS), "--no-index", "--json", target])
    return code, capsys.readouterr().err


@pytest.mark.slow  # aligns the sample corpus for each hostile target: seconds
def test_dev_null_stays_a_device(capsys: pytest.CaptureFixture) -> None:
    code, err = align_json(capsys, os.devnull)
    assert code == 0, err
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.slow  # aligns the sample corpus for each hostile target: seconds
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.timeout(120)
def test_a_fifo_is_written_in_place(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, err = align_json(capsys, str(fifo))
    reader.join(60)
    assert code == 0, err
    assert json.loads(received[0])["format"] == "parallax-alignment"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.json"]


def test_a_read_only_file_is_refused_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "kept.json"
    target.write_text("keep me")
    target.chmod(0o444)
    code, err = align_json(capsys, str(target))  # root may write anything, but the user said read-only
    assert code == 1
    assert err == f"parallax: cannot write {target}: it is read-only\n"
    assert target.read_text() == "keep me"


@pytest.mark.slow  # aligns the sample corpus for each hostile target: seconds
def test_a_planted_link_at_the_old_temporary_name_is_not_followed(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture) -> None:
    victim = tmp_path / "elsewhere" / "victim.txt"
    victim.parent.mkdir()
    victim.write_text("not yours")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".result.json.parallax-tmp").symlink_to(victim)  # the name the old writer always used
    code, err = align_json(capsys, str(out / "result.json"))
    assert code == 0, err
    assert victim.read_text() == "not yours"
    assert json.loads((out / "result.json").read_text())["format"] == "parallax-alignment"
    assert sorted(p.name for p in out.iterdir()) == [".result.json.parallax-tmp", "result.json"]


def test_the_temporary_file_is_created_exclusively(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    seen: list[str] = []
    real = tempfile.mkstemp

    def spy(*args, **kwargs):
        fd, name = real(*args, **kwargs)
        seen.append(name)
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", spy)  # mkstemp opens O_CREAT | O_EXCL | O_NOFOLLOW
    write_output(tmp_path / "a.json", lambda stream: stream.write(b"one"))
    write_output(tmp_path / "a.json", lambda stream: stream.write(b"two"))
    assert len(set(seen)) == 2 and all(Path(n).parent == tmp_path and n.endswith(TEMP_SUFFIX) for n in seen)
    assert (tmp_path / "a.json").read_bytes() == b"two"


def test_a_link_to_a_file_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_output(link, lambda stream: stream.write(b"new"))
    assert link.is_symlink() and real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_text("old")

    def fail(stream) -> None:
        stream.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="disk is full"):
        write_output(target, fail)
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["a.json"]


@pytest.mark.parametrize("case", ["folder", "broken link", "no folder"])
def test_targets_that_cannot_be_written_are_named(tmp_path: Path, case: str) -> None:
    target = {"folder": tmp_path, "broken link": tmp_path / "dangling", "no folder": tmp_path / "x" / "y"}[case]
    if case == "broken link":
        target.symlink_to(tmp_path / "missing")
    with pytest.raises(OSError, match=f"cannot write {target}: "):
        check_output(target)


@pytest.mark.slow  # a child Python process: seconds of start-up and imports
@pytest.mark.parametrize("when", ["at start", "while running"])
@pytest.mark.timeout(120)
def test_json_to_a_closed_stdout_is_a_message(tmp_path: Path, when: str) -> None:
    command = f"'{sys.executable}' -m viewer align '{CORPUS}' --no-index --json - >&-"  # stdout closed
    if when == "while running":
        command = (f"'{sys.executable}' -c \"import os, sys; os.close(1); from viewer.cli import main; "
                   f"sys.exit(main(['align', '{CORPUS}', '--no-index', '--json', '-']))\"")
    run = subprocess.run(["sh", "-c", command], stderr=subprocess.PIPE, timeout=100, check=False)
    assert run.returncode == 1
    assert run.stderr.decode() == "parallax: cannot write to standard output: it is closed\n"


@pytest.mark.slow  # a child Python process: seconds of start-up and imports
@pytest.mark.timeout(120)
def test_json_to_a_pipe_closed_early_is_a_message(tmp_path: Path) -> None:
    reader, writer = os.pipe()
    os.close(reader)
    run = subprocess.run([sys.executable, "-m", "viewer", "align", str(CORPUS), "--no-index", "--json", "-"],
                         stdout=writer, stderr=subprocess.PIPE, timeout=100, check=False)
    os.close(writer)
    assert run.returncode == 1
    assert run.stderr.decode() == "parallax: cannot write to standard output: it was closed\n"
