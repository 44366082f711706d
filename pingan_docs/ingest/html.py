"""HTML pages as found on Chinese government sites.

The encoding is found without HTTP headers (BOM, then strict UTF-8, then ``<meta
charset>``, then sniffing). The article body is the element that holds the most
paragraph text directly — government CMS pages put the whole article in one ``<div>``
of ``<p>`` or ``<br>``-separated lines; trafilatura is the fallback for pages where no
such element stands out. The page's own fields (发布部门, 发布时间, 来源, 有效性) are kept as
page metadata because a policy-database page often has no signature block of its own.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from . import IngestError, RawText
from .text import _FIELD, decode

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
# an XHTML page declares its encoding in the XML declaration instead
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.IGNORECASE)
_BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
          "section", "article", "blockquote", "ul", "ol", "pre"}
_SKIP = "//script|//style|//noscript|//form|//nav|//header|//footer|//iframe|//select"


def _page_fields(tree: lxml.html.HtmlElement) -> dict[str, str]:
    fields: dict[str, str] = {}
    for el in tree.iter("tr", "li", "div", "span", "p", "td"):
        text = " ".join(el.text_content().split())
        if len(text) > 200:
            continue
        for key, value in _FIELD.findall(text):
            if value:
                fields.setdefault(key, value)
    for tag in ("h1", "h2"):
        heading = tree.find(f".//{tag}")
        if heading is not None and heading.text_content().strip():
            fields["页面标题"] = " ".join(heading.text_content().split())
            break
    return fields


def _direct_text(el: lxml.html.HtmlElement) -> int:
    """How much article text an element holds itself (not through nested containers)."""
    n = len((el.text or "").strip())
    for child in el:
        if child.tag in ("p", "h3", "h4", "table", "span", "strong", "font", "b"):
            n += len(child.text_content().strip())
        n += len((child.tail or "").strip())
    return n


def _lines(el: lxml.html.HtmlElement) -> list[str]:
    """The element's text with a line break at every block boundary and ``<br>``;
    table rows become tab-separated cells so role columns survive."""
    parts: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "tr":
            cells = [" ".join(c.text_content().split()) for c in node if c.tag in ("td", "th")]
            parts.append("\n" + "\t".join(cells) + "\n")
        else:
            if tag in _BLOCK:
                parts.append("\n")
            if node.text and tag:
                parts.append(node.text)
            for child in node:
                walk(child)
            if tag in _BLOCK:
                parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(el)
    return [ln.strip() for ln in "".join(parts).split("\n") if ln.strip()]


def _trafilatura_body(tree: lxml.html.HtmlElement) -> list[str]:
    import trafilatura

    body = trafilatura.extract(lxml.html.tostring(tree, encoding="unicode"), favor_recall=True,
                               include_comments=False, include_tables=True, deduplicate=False)
    return [ln.strip() for ln in (body or "").splitlines() if ln.strip()]


def read_html(data: bytes) -> RawText:
    m = _XML_DECL.match(data[:1024].lstrip(b"\xef\xbb\xbf")) or _META_CHARSET.search(data[:4096])
    warnings: list[str] = []
    text, enc = decode(data, m.group(1).decode("ascii", "ignore") if m else None, warnings)
    if not re.search(r"<\s*(html|body|p|div|head)\b", text[:20000], re.IGNORECASE):
        raise IngestError("not an HTML page (no HTML markup found)")
    # lxml takes no declaration with a str (the bytes are decoded already), nor the two
    # controls XML forbids that HTML counts as white space
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text, count=1).replace("\v", " ").replace("\f", " ")
    try:
        tree = lxml.html.fromstring(text)
    except (ValueError, etree.ParserError) as exc:
        raise IngestError(f"cannot parse HTML: {exc}") from exc
    fields = _page_fields(tree)
    for bad in tree.xpath(_SKIP):
        bad.drop_tree()
    best = max(tree.iter("div", "td", "article", "section", "body"), key=_direct_text,
               default=None)
    lines = _lines(best) if best is not None and _direct_text(best) >= 100 else []
    if not lines:
        lines = _trafilatura_body(tree)
    if not lines:
        raise IngestError("no article text found in the HTML page")
    # Fields and info lines that sit inside the article box are page chrome, not text.
    lines = [ln for ln in lines if not (_FIELD.match(ln) and len(ln) < 80)]
    title = fields.get("页面标题")
    if title and title not in lines[:3]:
        lines.insert(0, title)
    return RawText("\n".join(lines), "html", enc, fields, warnings)
