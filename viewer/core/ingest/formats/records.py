"""Article records in JSON (`.json`: one object or a list of objects) and JSON Lines (`.jsonl`).

Each record has `text` and optionally `id`, `title`, `source`, `date`, `url`. A bad line or a record
without text is reported on its own and the other records load. Imports: the standard library,
viewer.core.ingest.encoding, viewer.core.ingest.formats.base.
"""

from __future__ import annotations

import json

from viewer.core.ingest.encoding import decode_text
from viewer.core.ingest.formats.base import Article, Problem, Unreadable, scalar_text

TOO_DEEP = "JSON nested too deeply to read"


def read_json(data: bytes) -> list[Article | Problem]:
    try:
        value = json.loads(decode_text(data))
    except json.JSONDecodeError as error:
        raise Unreadable(f"invalid JSON at line {error.lineno}: {error.msg}") from None
    except RecursionError:
        raise Unreadable(TOO_DEEP) from None
    if isinstance(value, dict):
        found = _record(value, None)
        return [found if isinstance(found, Article) else Problem("record", found)]
    if not isinstance(value, list) or not value:
        raise Unreadable("no article records (expected an object or a list of objects)")
    return [_located(_record(item, str(n)), f"record {n}") for n, item in enumerate(value, 1)]


def read_jsonl(data: bytes) -> list[Article | Problem]:
    found: list[Article | Problem] = []
    for n, line in enumerate(decode_text(data).split("\n"), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            found.append(Problem(f"line {n}", f"invalid JSON: {error.msg} (column {error.colno})"))
            continue
        except RecursionError:  # one over-deep line costs that line, not the file
            found.append(Problem(f"line {n}", TOO_DEEP))
            continue
        found.append(_located(_record(value, str(n)), f"line {n}"))
    if not found:
        raise Unreadable("no article records")
    return found


def _located(found: Article | str, where: str) -> Article | Problem:
    return found if isinstance(found, Article) else Problem(where, found)


def _record(value: object, position: str | None) -> Article | str:
    """The record as an Article (id from `id`, else its position), or the reason it is not one."""
    if not isinstance(value, dict):
        return "not a JSON object"
    text = value.get("text")
    if not isinstance(text, str):
        return "no text field"
    if not text.strip():
        return "empty text"
    return Article(
        text=text,
        title=scalar_text(value.get("title")),
        source=scalar_text(value.get("source")),
        date=value.get("date"),
        url=scalar_text(value.get("url")),
        record=scalar_text(value.get("id")) or position,
    )
