"""HTML pages as found on Chinese government sites.

The encoding is found without HTTP headers (BOM, then strict UTF-8, then ``<meta
charset>``, then sniffing). The article body is the element that holds the most
paragraph text directly — government CMS pages put the whole article in one ``<div>``
of ``<p>`` or ``<br>``-separated lines; trafilatura is the fallback for pages where no
such element stands out. The page's own fields (an info table such as gov.cn's
索引号/发文机关/成文日期/标题/发文字号, CMS lines such as 发布部门/发布时间/来源, the
``ArticleTitle``/``PubDate`` ``<meta>`` tags, a Jekyll front matter) are kept as page
metadata, not body text: a policy-database page often has no signature block of its own.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ..data import load_list
from . import IngestError, RawText
from .fields import FIELD, keyed, label_of, looks_like_label, one_pair, pairs_from_cells, split_front_matter
from .text import decode

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
# an XHTML page declares its encoding in the XML declaration instead
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.IGNORECASE)
_BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
          "section", "article", "blockquote", "ul", "ol", "pre"}
_SKIP = "//script|//style|//noscript|//form|//nav|//header|//footer|//iframe|//select"


_DOC_TYPES = load_list("doc_types.txt")
_CHROME_HEADING = re.compile(r"位置|首页\s*[>＞›]")
# <meta name=…> tags of the government-website standard that describe the article
_META_NAMES = ("ArticleTitle", "PubDate", "ContentSource")


def _info_tables(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """Catalogue tables (label cell, value cell, …) such as gov.cn's 索引号/发文机关/成文日期
    block: their fields, and the tables dropped so they are not read as body text."""
    fields: dict[str, str] = {}
    for table in list(tree.iter("table")):
        if table.find(".//table") is not None:
            continue  # a layout table holding other tables
        found: dict[str, str] = {}
        labels = filled = 0
        for tr in table.iter("tr"):
            cells = [c.text_content() for c in tr if c.tag in ("td", "th")]
            found.update(pairs_from_cells(cells))
            labels += sum(1 for c in cells if looks_like_label(c))
            filled += sum(1 for c in cells if c.strip())
        # nothing but labels and their values (a data table with a 来源 column is not one)
        if labels and filled <= 2 * labels + 1:
            for key, value in found.items():
                fields.setdefault(key, value)
            table.drop_tree()
    return fields


def _labelled(el: lxml.html.HtmlElement) -> tuple[str, str] | None:
    """A label element and its value: ``<b>发文机关：</b>国务院``, ``<dt>发布机构</dt><dd>…</dd>``,
    ``<span>标　　题：</span><span>…</span>``."""
    label = label_of(el.text_content())
    if label is None:
        return None
    value = (el.tail or "").strip()
    if not value and el.getnext() is not None and label_of(el.getnext().text_content()) is None:
        value = el.getnext().text_content()
    value = " ".join(value.split())
    return (label, value) if value and len(value) <= 200 else None


def _page_fields(tree: lxml.html.HtmlElement) -> dict[str, str]:
    fields = _info_tables(tree)
    for el in tree.iter("dt", "th", "b", "strong", "span", "label", "em"):
        if pair := _labelled(el):
            fields.setdefault(*pair)
    for el in tree.iter("tr", "li", "div", "span", "p", "td"):
        text = " ".join(el.text_content().split())
        if len(text) > 200:
            continue
        if pair := one_pair(text):  # 基本信息 blocks: <p>标题：…</p>
            fields.setdefault(*pair)
        for key, value in FIELD.findall(text):
            if value:
                fields.setdefault(key, value)
    metas = {m.get("name"): m.get("content") for m in tree.iter("meta") if m.get("name") in _META_NAMES}
    for key, value in keyed(metas.items()).items():
        fields.setdefault(key, value)
    for tag in ("h1", "h2"):
        heading = tree.find(f".//{tag}")
        if heading is not None and heading.text_content().strip() \
                and not _CHROME_HEADING.search(heading.text_content()):
            fields.setdefault("页面标题", " ".join(heading.text_content().split()))
            break
    title = tree.find(".//title")
    if title is not None and "页面标题" not in fields:
        # the <title> minus the site's name, if what is left reads as a document title
        name = re.split(r"\s*(?:[_|｜]|\s-\s)\s*", " ".join(title.text_content().split()))[0]
        if name.endswith(_DOC_TYPES):
            fields["网页标题"] = name  # not shown on the page, so not put into the text
    return fields


def _direct_text(el: lxml.html.HtmlElement) -> int:
    """How much article text an element holds itself (not through nested containers)."""
    n = len((el.text or "").strip())
    for child in el:
        if child.tag in ("p", "h3", "h4", "table", "span", "strong", "font", "b"):
            n += len(child.text_content().strip())
        n += len((child.tail or "").strip())
    return n


def _layout_row(tr: lxml.html.HtmlElement) -> bool:
    """A row of a page-layout table (one cell, or cells holding tables) rather than a
    data row: its content is read as blocks, not as one tab-separated line."""
    cells = [c for c in tr if c.tag in ("td", "th")]
    return len(cells) == 1 or any(c.find(".//table") is not None for c in cells)


def _lines(el: lxml.html.HtmlElement) -> list[str]:
    """The element's text with a line break at every block boundary and ``<br>``;
    table rows become tab-separated cells so role columns survive."""
    parts: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "tr" and not _layout_row(node):
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
    front, text = split_front_matter(text)  # a static-site page (Jekyll) opens with one
    if not re.search(r"<\s*(html|body|p|div|head)\b", text[:20000], re.IGNORECASE):
        raise IngestError("not an HTML page (no HTML markup found)")
    # lxml takes no declaration with a str (the bytes are decoded already), nor the two
    # controls XML forbids that HTML counts as white space
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text, count=1).replace("\v", " ").replace("\f", " ")
    try:
        tree = lxml.html.fromstring(text)
    except (ValueError, etree.ParserError) as exc:
        raise IngestError(f"cannot parse HTML: {exc}") from exc
    fields = {**_page_fields(tree), **front}
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
    lines = [ln for i, ln in enumerate(lines) if not (
        (FIELD.match(ln) and len(ln) < 80) or ((i < 10 or i >= len(lines) - 5) and one_pair(ln)))]
    title = fields.get("页面标题")
    if title and title not in lines[:3]:
        lines.insert(0, title)
    return RawText("\n".join(lines), "html", enc, fields, warnings)
