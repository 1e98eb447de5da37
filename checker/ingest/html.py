"""HTML page → plain text, with a real HTML parser (selectolax, lexbor backend).

Scripts, styles and page chrome (navigation bars, breadcrumbs, share buttons, site
headers and footers) are dropped; block elements and ``<br>`` end lines; a table row
becomes one line with its cells joined by `` | `` so that parts and totals in a table stay
together, one row after the other. Entities are decoded by the parser; runs of spaces are
collapsed and blank lines dropped. The extracted text is what offsets refer to for an HTML
document.
"""

from __future__ import annotations

import regex
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

__all__ = ["declared_charset", "html_to_text"]

# Never content: code, embedded widgets, form controls, and navigation by its own tag.
_DROP = "script, style, noscript, template, nav, iframe, svg, form, select, button, object"
# <header>/<footer> are site chrome at page level, but inside an <article> a <header> holds
# the document's own title, so those are kept.
_CHROME_TAGS = "header, footer"
# Chrome marked only by class or id (<div class="top-nav">, <div id="breadcrumb">): a whole
# word (delimited by start/end, '-', '_' or a space) naming navigation, sharing or a footer.
_CHROME_NAME = regex.compile(
    r"(?i)(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|share|footer|copyright)(?:$|[\s_-])"
)
# A class/id that says nav or share on a block longer than this is trusted less than its text.
_CHROME_MAX_CHARS = 600
_BLOCK = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"}
    | {"aside", "blockquote", "pre", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot"}
    | {"caption", "figure", "figcaption", "hr", "main", "address", "center", "header", "footer"}
)
_CELLS = ("td", "th")
# Ordinary, no-break, ideographic and typographic spaces collapse to one space.
_SPACES = regex.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Zero-width characters carry nothing and would split numbers ("1321.\u200b29").
_ZERO_WIDTH = regex.compile(r"[\u200b-\u200d\u2060\ufeff]")

# <meta charset="gbk"> or <meta http-equiv="Content-Type" content="text/html; charset=gb2312">
_META_CHARSET = regex.compile(rb"""(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""")


def declared_charset(raw: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` near its top, lower-cased, or ``None``."""
    m = _META_CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def html_to_text(markup: str) -> str:
    tree = HTMLParser(markup)
    for node in tree.css(_DROP):
        node.decompose()
    for node in tree.css(_CHROME_TAGS):
        if not _inside(node, "article"):
            node.decompose()
    for node in tree.css("[class], [id]"):
        names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _CHROME_NAME.search(names) and node.tag not in ("body", "html") and not _long(node):
            node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    out: list[str] = []
    _walk(root, out)
    lines = (
        _SPACES.sub(" ", _ZERO_WIDTH.sub("", line)).strip() for line in "".join(out).split("\n")
    )
    text = "\n".join(line for line in lines if line)
    return text + "\n" if text else ""


def _long(node: Node) -> bool:
    """Chrome is short; a long block marked "share" (class="article share-on") is content."""
    return len(node.text(deep=True, separator="", strip=True)) > _CHROME_MAX_CHARS


def _inside(node: Node, tag: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def _walk(node: Node, out: list[str]) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.append((child.text_content or "").replace("\n", " "))
        elif tag == "tr" and _is_data_row(child):
            cells = [_cell_text(c) for c in child.iter() if c.tag in _CELLS]
            out.append("\n" + " | ".join(cells) + "\n")
        elif tag == "br":
            out.append("\n")
        elif tag in _BLOCK or tag in _CELLS or tag == "tr":
            out.append("\n")
            _walk(child, out)
            out.append("\n")
        else:
            _walk(child, out)


def _is_data_row(row: Node) -> bool:
    """A row of figures, not page layout.

    Old government sites lay whole pages out with tables: a row holding a nested table, or
    a single cell wrapping the article, is read as ordinary blocks, not joined into one line.
    """
    cells = [c for c in row.iter() if c.tag in _CELLS]
    return len(cells) > 1 and row.css_first("table") is None


def _cell_text(cell: Node) -> str:
    parts: list[str] = []
    _walk(cell, parts)
    return _SPACES.sub(" ", "".join(parts).replace("\n", " ")).strip()
