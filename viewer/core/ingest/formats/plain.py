"""Plain text (`.txt`) and Markdown (`.md`, with optional YAML front matter: title, source, date, url).

Markdown bodies are kept as written (the reading pane shows the source text).
Imports: viewer.core.ingest.encoding, viewer.core.ingest.formats.base, PyYAML.
"""

from __future__ import annotations

import re

import yaml

from viewer.core.ingest.encoding import decode_text
from viewer.core.ingest.formats.base import Article, scalar_text

# libyaml's loader when PyYAML was built with it: the pure-Python one costs most of the time of loading
# a folder of Markdown articles.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.DOTALL | re.MULTILINE)


def read_text(data: bytes) -> list[Article]:
    return [Article(text=decode_text(data))]


def read_markdown(data: bytes) -> list[Article]:
    text = decode_text(data)
    match = _FRONT_MATTER.match(text)
    if match is None:
        return [Article(text=text, title=_heading(text))]
    body = text[match.end() :]
    try:
        meta = yaml.load(match.group(1), Loader=_YAML_LOADER)
    except yaml.YAMLError:
        meta = None  # a broken header is still a header: drop it from the body, keep the article
    if not isinstance(meta, dict):
        return [Article(text=body, title=_heading(body))]
    return [
        Article(
            text=body,
            title=scalar_text(meta.get("title")) or _heading(body),
            source=scalar_text(meta.get("source")),
            date=meta.get("date"),
            url=scalar_text(meta.get("url")),
        )
    ]


def _heading(text: str) -> str:
    """The first line when it is a Markdown heading (`# Title`), without the hashes; else "".

    String operations, not a regular expression: `#\\s+(.+?)\\s*#*\\s*$` backtracks cubically on a line of
    spaces (a 20 KB file took minutes).
    """
    first = text.lstrip("\n").split("\n", 1)[0]
    hashes = len(first) - len(first.lstrip("#"))
    rest = first[hashes:]
    if not 1 <= hashes <= 6 or not rest[:1].isspace():
        return ""
    title = rest.strip()
    closed = title.rstrip("#").rstrip()  # an optional closing run of hashes
    return closed or title
