"""Smoke test of the PyInstaller build: run the frozen `parallax` as a user would and check what it prints.

    .venv/bin/python packaging/smoke_test.py packaging/dist/parallax/parallax

Runs from a scratch folder with a clean environment, so that nothing is found in the source checkout by
accident. Exits 0 when every check passes, 1 with the failed checks listed otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from viewer import __version__

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 300


WINDOW_SECONDS = 8


def clean_env(scratch: Path, **overrides: str | None) -> dict[str, str]:
    """The environment without Python's variables, so nothing leaks in from the source checkout, and with
    settings, cache and data folders inside `scratch`, so the user's own are never touched."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PARALLAX_"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        env[name] = str(scratch / name.lower())
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(exe: Path, *args: str, cwd: Path, **env: str | None) -> tuple[int, str, str, float]:
    started = time.perf_counter()
    proc = subprocess.run(
        [str(exe), *args], cwd=cwd, env=clean_env(cwd, **env), capture_output=True, text=True,
        encoding="utf-8", timeout=TIMEOUT,
    )
    return proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - started


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def check_alignment_json(text: str) -> list[str]:
    """What is wrong with the JSON export of the sample corpus (empty when nothing is)."""
    data = json.loads(text)
    problems = []
    if data.get("format") != "parallax-alignment":
        problems.append(f"format is {data.get('format')!r}")
    if data.get("version") != 1:
        problems.append(f"version is {data.get('version')!r}")
    docs = {d["id"]: d["text"] for d in data.get("documents", [])}
    if len(docs) != 5:
        problems.append(f"{len(docs)} documents, expected 5")
    if not data.get("groups"):
        problems.append("no parallel groups")
    if not data.get("pairs"):
        problems.append("no parallel pairs")
    spans = [p for g in data.get("groups", []) for p in g["passages"]]
    spans += [side for p in data.get("pairs", []) for side in (p["a"], p["b"])]
    for span in spans:
        text_len = len(docs.get(span["doc"], ""))
        if span["doc"] not in docs or not 0 <= span["start"] < span["end"] <= text_len:
            problems.append(f"span outside its document: {span}")
            break
    return problems


def smoke_test(exe: Path, corpus: Path) -> list[str]:
    problems = []
    bundle = exe.parent / "_internal"
    for shipped in ("resources", "corpus"):
        if not (bundle / shipped).is_dir():
            problems.append(f"{bundle / shipped} missing from the build")
    with tempfile.TemporaryDirectory() as scratch:
        cwd = Path(scratch)

        code, out, err, secs = run(exe, "--version", cwd=cwd)
        print(f"parallax --version: exit {code} in {secs:.2f} s: {out.strip()}")
        if code != 0 or out.strip() != f"parallax {__version__}":
            problems.append(f"--version: exit {code}, printed {out!r} {err!r}")

        before = snapshot(corpus)
        code, out, err, secs = run(exe, "align", str(corpus), "--json", "-", cwd=cwd)
        print(f"parallax align {corpus} --json -: exit {code} in {secs:.2f} s, {len(out)} characters")
        if code != 0:
            problems.append(f"align --json -: exit {code}: {err.strip()[-2000:]}")
        else:
            try:
                problems += check_alignment_json(out)
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                problems.append(f"align --json -: not the expected JSON ({exc})")
        if snapshot(corpus) != before:
            problems.append(f"align changed files in {corpus}")
        problems += check_model(exe, corpus, cwd, out if code == 0 else "", err)

        code, out, err, _ = run(exe, "align", str(cwd / "no-such-folder"), cwd=cwd)
        if code != 1 or "no-such-folder" not in err:
            problems.append(f"align of a missing folder: exit {code} (expected 1), stderr {err!r}")

        code, out, err, _ = run(exe, "align", "--no-such-option", cwd=cwd)
        if code != 2:
            problems.append(f"a bad option: exit {code} (expected 2)")

        pdf = cwd / "report.pdf"
        code, out, err, secs = run(exe, "export", str(corpus), "--pdf", str(pdf), cwd=cwd)
        print(f"parallax export {corpus} --pdf report.pdf: exit {code} in {secs:.2f} s: {out.strip()}")
        if code != 0 or not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
            problems.append(f"export --pdf: exit {code}, no PDF written: {err.strip()[-2000:]}")

        problems += check_window(exe, corpus, cwd)
    return problems


def check_model(exe: Path, corpus: Path, cwd: Path, json_out: str, err: str) -> list[str]:
    """The build found the bundled sentence model and checked it: no notice that restatements are limited,
    and more parallels than the same build finds with the model turned off (the restatements)."""
    if "shared words only" in err:
        return [f"the sentence model was not used: {err.strip()[-500:]}"]
    code, out, err_off, secs = run(exe, "align", str(corpus), "--no-index", "--json", "-", cwd=cwd,
                                   PARALLAX_SEMANTIC="off")
    print(f"parallax align {corpus} --json - without the model: exit {code} in {secs:.2f} s")
    try:
        with_model, without = (len(json.loads(text)["pairs"]) for text in (json_out, out))
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        return [f"align with and without the model: not the expected JSON ({exc}) {err_off.strip()[-500:]}"]
    print(f"parallels with the sentence model: {with_model}, without: {without}")
    return [] if with_model > without else [f"the model added no parallel ({with_model} vs {without})"]


def check_window(exe: Path, corpus: Path, cwd: Path) -> list[str]:
    """The window starts offscreen and keeps running; with no display at all it exits 1 with a message."""
    problems = []
    no_display = {"QT_QPA_PLATFORM": None, "DISPLAY": None, "WAYLAND_DISPLAY": None}
    code, _, err, secs = run(exe, str(corpus), cwd=cwd, **no_display)
    print(f"parallax {corpus} with no display: exit {code} in {secs:.2f} s")
    if code != 1 or "cannot open a window" not in err:
        problems.append(f"window with no display: exit {code} (expected 1, a message): {err.strip()[-999:]}")

    log = cwd / "window.log"
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen([str(exe), str(corpus)], cwd=cwd, env=clean_env(cwd), stdout=out, stderr=out)
        try:
            code = proc.wait(timeout=WINDOW_SECONDS)
        except subprocess.TimeoutExpired:
            code = None
            proc.terminate()
            proc.wait(timeout=30)
    print(f"parallax {corpus} offscreen: {'still running' if code is None else f'exit {code}'} after "
          f"{WINDOW_SECONDS} s")
    if code is not None:
        problems.append(f"window offscreen exited with {code}: {log.read_text(encoding='utf-8')[-2000:]}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke test of the frozen parallax executable.")
    parser.add_argument("exe", type=Path, help="the built executable, e.g. packaging/dist/parallax/parallax")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus", help="folder to align")
    args = parser.parse_args(argv)
    problems = smoke_test(args.exe.resolve(), args.corpus.resolve())
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    print("smoke test passed" if not problems else f"smoke test failed: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
