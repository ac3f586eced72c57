"""The `parallax` command: `parallax [FOLDER]` opens the window; subcommands work with no window at all.

Exit codes: 0 success, 1 bad input (missing folder, nothing readable, unwritable output), 2 usage.
`align` and `export` read the folder's alignment through the index in the user's cache
(viewer.core.index.store), so a second run on an unchanged folder aligns nothing; `--no-index` aligns
afresh and writes no cache. The index's notices (rebuilt, damaged, unsaved, no sentence model), and on a
terminal a progress line, go to stderr, so `--json -` stays pure JSON on stdout.
Imports: viewer.core, viewer.summary, viewer.export_json; the window and the PDF are imported lazily so
that the command-line paths never load more Qt than they need.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from viewer import __version__, saved
from viewer.core.align import semantic
from viewer.core.distributed import INSTALL_HINT, DaskRun, analyse_dask, dask_available
from viewer.core.index.store import analyse_indexed
from viewer.core.model import Alignment, ScopeKind
from viewer.core.output import check_output, write_output
from viewer.core.pipeline import DEFAULT_MIN_SIMILARITY, analyse

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def _similarity(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= x <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {x}")
    return x


def _folder(value: str) -> Path:
    return Path(value).expanduser()


def _parquet_folder(value: str) -> Path:
    from viewer.export_parquet import INSTALL_HINT as PARQUET_HINT
    from viewer.export_parquet import pyarrow_available

    if not pyarrow_available():
        raise argparse.ArgumentTypeError(PARQUET_HINT)
    return _folder(value)


def _add_alignment_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--min-similarity", type=_similarity, default=DEFAULT_MIN_SIMILARITY, metavar="X",
        help=f"keep parallels scoring at least X in 0..1 (default {DEFAULT_MIN_SIMILARITY})",
    )
    p.add_argument(
        "--no-index", action="store_true",
        help="align the whole folder afresh, neither reading nor writing the index in the user's cache "
        "(by default an unchanged folder is read back from the index and a changed one updated)",
    )
    p.add_argument(
        "--no-follow-outside", dest="follow_outside", action="store_false",
        help="do not follow symbolic links that lead out of FOLDER (by default they are read, and each is "
        "named in the skipped list)",
    )
    _add_engine_options(p)


def _alignment(args: argparse.Namespace) -> Alignment:
    """The alignment of `args.folder`: through the index (its notices printed on stderr), or afresh.

    On a terminal, a progress line on stderr says what a long first build is doing; into a pipe or a
    file, nothing.
    """
    if args.engine is Engine.DASK:
        return _dask_alignment(args)
    progress = _ProgressLine(sys.stderr) if sys.stderr.isatty() else None
    try:
        if args.no_index:
            alignment = analyse(args.folder, min_similarity=args.min_similarity, progress=progress,
                                follow_outside=args.follow_outside)
            notices = [why] if (why := semantic.notice()) is not None else []
        else:
            alignment, notices = analyse_indexed(args.folder, min_similarity=args.min_similarity,
                                                 progress=progress, follow_outside=args.follow_outside)
    finally:
        if progress is not None:
            progress.clear()
    for notice in notices:
        print(f"parallax: {notice}", file=sys.stderr)
    return alignment


class _ProgressLine:
    """One line rewritten in place (a carriage return, no newline): the stage and its count."""

    def __init__(self, stream: TextIO, interval: float = 0.1) -> None:
        self.stream, self.interval = stream, interval
        self.stage, self.shown, self.width = "", 0.0, 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self.stage and done < total and now - self.shown < self.interval:
            return
        self.stage, self.shown = stage, now
        text = f"{stage}: {done:,} of {total:,}" if total > 1 else f"{stage}..."
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def clear(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


# ---- the engine: local (this machine, through the index) or Dask (viewer.core.distributed)


class Engine(StrEnum):
    LOCAL = "local"
    DASK = "dask"


def _engine(value: str) -> Engine:
    try:
        engine = Engine(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not one of: local, dask") from None
    if engine is Engine.DASK and not dask_available():
        raise argparse.ArgumentTypeError(INSTALL_HINT)
    return engine


def _add_engine_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("more", nargs="*", type=_folder, metavar="MORE",
                   help="with --engine dask: more folders, files or JSON Lines shards (one article a line), "
                   "read by the workers and aligned as one corpus")
    p.add_argument("--engine", type=_engine, default=Engine.LOCAL, metavar="{local,dask}",
                   help="local (default): this machine, through the index; dask: the same stages on a Dask "
                   "cluster, with the same result (no index)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: the running scheduler to use (tcp://host:8786); without it a "
                   "local cluster sized to this machine is started")


def _check_inputs(args: argparse.Namespace) -> None:
    """The local engine reads one folder; the Dask engine folders, files or shards (read by its workers)."""
    if args.engine is Engine.LOCAL:
        if args.more or args.scheduler:
            print("parallax: several inputs and --scheduler need --engine dask", file=sys.stderr)
            raise SystemExit(EXIT_USAGE)
        _check_folder(args.folder)
        return
    for path in (args.folder, *args.more):
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such folder or file")


def _check_parquet(args: argparse.Namespace) -> None:
    """Parallax never writes into the corpus: a Parquet folder inside an input is refused up front."""
    if args.parquet is None:
        return
    target = args.parquet.resolve()
    for path in (args.folder, *args.more):
        if path.is_dir() and target.is_relative_to(path.resolve()):
            raise OSError(f"cannot write {args.parquet}: it is inside the corpus folder {path}")


def _dask_alignment(args: argparse.Namespace) -> Alignment:
    run = DaskRun(address=args.scheduler, show_progress=sys.stderr.isatty())
    alignment = analyse_dask([args.folder, *args.more], min_similarity=args.min_similarity, run=run,
                             follow_outside=args.follow_outside)
    for notice in run.notices:
        print(f"parallax: {notice}", file=sys.stderr)
    return alignment


def _add_align(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "align",
        help="find the parallel passages of a folder of articles",
        description="Find the passages the articles of FOLDER share. "
        "Without --json, print a readable summary.",
    )
    p.add_argument("folder", type=_folder, metavar="FOLDER")
    p.add_argument("--json", metavar="FILE", help="write the alignment as JSON to FILE ('-' for stdout)")
    p.add_argument("--parquet", type=_parquet_folder, metavar="DIR",
                   help="also write the alignment as partitioned Parquet into the new folder DIR (documents, "
                   "pairs, divergences...: for corpora whose JSON would be unwieldy; needs pyarrow)")
    _add_alignment_options(p)
    p.add_argument(
        "--conflicts", action="store_true",
        help="print every conflicting or soft-diverging number and date across the corpus",
    )
    p.set_defaults(func=_cmd_align)


def _check_folder(folder: Path) -> None:
    if not folder.exists():
        raise FileNotFoundError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder}: not a folder")


def _cmd_align(args: argparse.Namespace) -> int:
    from viewer import summary
    from viewer.export_json import alignment_to_json

    _check_inputs(args)
    _check_parquet(args)
    if args.json and args.json != "-":
        check_output(args.json)  # before the work: a read-only target or a missing folder fails at once
    alignment = _alignment(args)
    if args.parquet is not None:
        from viewer.export_parquet import write_parquet

        write_parquet(alignment, args.parquet)
    if args.json:
        text = json.dumps(alignment_to_json(alignment), ensure_ascii=False, indent=1) + "\n"
        data = text.encode("utf-8", "backslashreplace")  # the loader left no lone surrogate; never fail here
        if args.json == "-":
            _write_stdout(data)
        else:
            write_output(args.json, lambda stream: stream.write(data))
    elif args.conflicts:
        _write_stdout(summary.conflicts_text(alignment).encode("utf-8", "backslashreplace"))
    else:
        _write_stdout(summary.summary_text(alignment).encode("utf-8", "backslashreplace"))
    if not alignment.corpus.documents:
        print(f"parallax: no readable documents in {args.folder}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _write_stdout(data: bytes) -> None:
    """`data` on standard output; a closed or broken standard output is a message, not a traceback."""
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # Python sets sys.stdout to None when descriptor 1 was closed at start
        raise OSError("cannot write to standard output: it is closed")
    try:
        stream.write(data)
        stream.flush()
    except (BrokenPipeError, ValueError, OSError) as exc:
        # Nothing more can be written there; point stdout at /dev/null so the flush at exit is quiet too.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        if isinstance(exc, BrokenPipeError | ValueError):
            reason = "it was closed"
        else:
            reason = "it is closed" if exc.errno == errno.EBADF else exc.strerror or str(exc)
        raise OSError(f"cannot write to standard output: {reason}") from None


def _add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="write the comparison report of a folder of articles as a PDF",
        description="Write the comparison report of FOLDER (title page, overview, discrepancies, every "
        "parallel group side by side) to a PDF. No window or display is needed.",
    )
    p.add_argument("folder", type=_folder, metavar="FOLDER")
    p.add_argument("--pdf", required=True, type=_folder, metavar="FILE", help="the PDF file to write")
    p.add_argument("--doc", metavar="ID", help="report one document (its path in FOLDER) against the others")
    p.add_argument("--only-discrepancies", action="store_true",
                   help="print the disputed facts and the parallel groups that show them, leaving out the "
                   "groups that show no disagreement")
    p.add_argument("--paper", choices=("A4", "Letter"), default="A4", help="paper size (default A4)")
    _add_alignment_options(p)
    p.set_defaults(func=_cmd_export)


def _cmd_export(args: argparse.Namespace) -> int:
    from viewer.report.pdf import ExportScope, Paper, export_pdf

    _check_inputs(args)
    if not args.pdf.parent.is_dir():
        raise FileNotFoundError(f"cannot write {args.pdf}: no folder {args.pdf.parent}")
    alignment = _alignment(args)
    scope = ExportScope(only_discrepancies=args.only_discrepancies)
    if args.doc is not None:
        if args.doc not in alignment.corpus.by_id():
            known = ", ".join(sorted(alignment.corpus.by_id())) or "none"
            print(f"parallax: no document {args.doc!r} in {args.folder} (it has: {known})", file=sys.stderr)
            return EXIT_BAD_INPUT
        scope = ExportScope(kind=ScopeKind.DOCUMENT, doc_id=args.doc,
                            only_discrepancies=args.only_discrepancies)
    pages = export_pdf(alignment, args.pdf, scope=scope, paper=Paper(args.paper))
    print(f"wrote {args.pdf} ({pages} page{'' if pages == 1 else 's'})")
    if not alignment.corpus.documents:
        print(f"parallax: no readable documents in {args.folder}; the PDF says so", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _cmd_window(args: argparse.Namespace) -> int:
    from viewer.ui.app import run_window

    if args.folder is not None and not saved.is_saved_result(args.folder):
        _check_folder(args.folder)
    return run_window(args.folder)


# Subcommand name -> function adding its parser; anything else on the command line is a folder to open.
COMMANDS = {"align": _add_align, "export": _add_export}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parallax",
        description="Find the passages news articles share and the numbers and dates they disagree on. "
        "With no command, open the window on FOLDER (or the last folder used).",
        epilog="Exit codes: 0 success, 1 bad input, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"parallax {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in COMMANDS.values():
        add(sub)
    return parser


def _window_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="parallax", description="Open the Parallax window on a folder of "
                                "articles, or read-only on a result saved by `parallax align --json FILE` or "
                                "`--parquet DIR`.")
    p.add_argument("folder", nargs="?", type=_folder, metavar="FOLDER|RESULT")
    p.set_defaults(func=_cmd_window)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        if argv and (argv[0] in COMMANDS or argv[0].startswith("-")):
            args = parser.parse_args(argv)
            if args.command is None:
                parser.print_help()
                return EXIT_USAGE
        else:
            args = _window_parser().parse_args(argv)
        return args.func(args)
    except SystemExit as exc:  # argparse: --help/--version exit 0, usage errors exit 2
        return int(exc.code or 0)
    except (OSError, UnicodeError) as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
