"""HTML page → plain text, with a real HTML parser (selectolax).

Scripts, styles and navigation are dropped; block elements end lines; a table row becomes
one line with cells joined by `` | `` so that parts and totals in a table stay together.
The extracted text is what offsets refer to for an HTML document.
"""

from __future__ import annotations

import regex
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

_DROP = "script, style, noscript, template, nav, header, footer, iframe, svg, form, select, button"
_BLOCK = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 section article aside blockquote pre dl dt dd "
    "table thead tbody tfoot caption figure figcaption hr main address center".split()
)
_SPACES = regex.compile(r"[ \t\u00a0\u3000]+")


def html_to_text(markup: str) -> str:
    tree = HTMLParser(markup)
    for node in tree.css(_DROP):
        node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    out: list[str] = []
    _walk(root, out)
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(out).split("\n")]
    text = "\n".join(lines)
    return regex.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _walk(node: Node, out: list[str]) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.append((child.text_content or "").replace("\n", " "))
        elif tag == "tr":
            cells = [_cell_text(c) for c in child.iter() if c.tag in ("td", "th")]
            out.append("\n| " + " | ".join(cells) + " |\n")
        elif tag == "br":
            out.append("\n")
        elif tag in _BLOCK:
            out.append("\n")
            _walk(child, out)
            out.append("\n")
        else:
            _walk(child, out)


def _cell_text(cell: Node) -> str:
    parts: list[str] = []
    _walk(cell, parts)
    return _SPACES.sub(" ", "".join(parts).replace("\n", " ")).strip()
