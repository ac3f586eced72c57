"""Web pages (`.html`, `.htm`): the article's text without navigation, scripts or styles, and its metadata.

Text comes from `<article>` (else `<main>`, else `<body>`); every block element (paragraph, heading, list
item...) becomes a paragraph, paragraphs are separated by a blank line, and runs of HTML whitespace inside a
block collapse to one space as a browser shows them (`<pre>` keeps its line breaks). Metadata: og:title
or <title>, og:site_name, article:published_time, og:url or the canonical link. Imports: selectolax,
viewer.core.ingest.encoding, viewer.core.ingest.formats.base.
"""

from __future__ import annotations

import codecs
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from viewer.core.ingest.encoding import decode_text
from viewer.core.ingest.formats.base import Article, Unreadable

_DROP = "script, style, nav, header, footer, aside, form, noscript, template, iframe, svg, button"
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "h1", "h2"}
    | {"h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table", "tbody", "td", "th"}
    | {"thead", "tr", "ul"}
)
_HTML_SPACE = re.compile(r"[ \t\n\f\r]+")  # not \xa0: a non-breaking space is text
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^<>]*?(/?)>")  # no quantifier inside another
# Elements that never hold others, or whose end tag may be left out (the parser closes them itself): they
# do not deepen the tree whatever the page writes.
_FLAT = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    | {"p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "colgroup"}
    | {"thead", "tbody", "tfoot", "caption", "html", "head", "body"}
)
MAX_DEPTH = 5000  # elements nested in one another; browsers stop nesting at a few hundred (Blink: 512)
TOO_DEEP = f"HTML nested more than {MAX_DEPTH:,} elements deep"
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def read_html(data: bytes) -> list[Article]:
    html = decode_text(data, _declared_charset(data))
    if _nesting_depth(html) > MAX_DEPTH:
        raise Unreadable(TOO_DEEP)
    tree = LexborHTMLParser(html)
    title = _meta(tree, "og:title") or _text(tree.css_first("title"))
    source = _meta(tree, "og:site_name")
    date = _meta(tree, "article:published_time")
    url = _meta(tree, "og:url") or _attr(tree.css_first("link[rel=canonical]"), "href")
    for node in tree.css(_DROP):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    text = _paragraphs(root) if root is not None else ""
    if not text:
        raise Unreadable("no article text in the page")
    return [Article(text=text, title=title, source=source, date=date, url=url)]


def _nesting_depth(html: str) -> int:
    """How deep the page's elements nest, counted from its tags in one pass (an upper bound of the tree's
    depth, elements with optional end tags aside).

    lexbor's tree builder checks the stack of open elements at each tag: its time grows with the square of
    the depth (100,000 nested `<div>` took 31 s, a million never ended), so a page nested far deeper than
    any real one is refused before it is parsed.
    """
    depth = deepest = 0
    flat = _FLAT
    for match in _TAG.finditer(html):  # lazily: a page found too deep is not scanned to its end
        closing, name, empty = match.groups()
        if empty or name.lower() in flat:
            continue
        if closing:
            depth -= depth > 0
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    break  # deep enough to refuse: the rest need not be counted
    return deepest


def _declared_charset(data: bytes) -> str | None:
    """The encoding a `<meta charset>` near the top names, read as browsers do (HTML standard, "prescan")."""
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a page that could be read this far is not UTF-16, whatever it says
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def _meta(tree: LexborHTMLParser, name: str) -> str:
    node = tree.css_first(f'meta[property="{name}"]') or tree.css_first(f'meta[name="{name}"]')
    return _attr(node, "content")


def _attr(node: LexborNode | None, name: str) -> str:
    value = node.attributes.get(name) if node is not None else None
    return value.strip() if value else ""


def _text(node: LexborNode | None) -> str:
    return " ".join(node.text().split()) if node is not None else ""


def _paragraphs(root: LexborNode) -> str:
    """The block-separated text of `root`, walked with a stack (pages can nest deeper than recursion)."""
    paragraphs: list[str] = []
    current: list[str] = []

    def close() -> None:
        paragraph = "".join(current).strip(" ")
        paragraph = "\n".join(line.strip(" ") for line in paragraph.split("\n")).strip("\n")
        if paragraph:
            paragraphs.append(paragraph)
        current.clear()

    stack: list[tuple[LexborNode, bool, bool]] = [(root, False, False)]  # node, leaving, inside <pre>
    while stack:
        node, leaving, pre = stack.pop()
        if leaving:
            close()
            continue
        if node.is_text_node:
            raw = node.text(deep=False)
            current.append(raw if pre else _HTML_SPACE.sub(" ", raw))
            continue
        tag = node.tag
        if tag == "br":
            current.append("\n")
            continue
        block = tag in _BLOCKS
        if block:
            close()
            stack.append((node, True, pre))
        children = list(node.iter(include_text=True))
        stack.extend((child, False, pre or tag == "pre") for child in reversed(children))
    close()
    return "\n\n".join(paragraphs)
