"""Markdown: documents as static sites (VuePress, Jekyll) and crawlers store them.

The text is read like a .txt (same encoding detection) and parsed with markdown-it, so
the markup goes and the document's own words stay in their lines: ``#`` marks are
dropped so the GB/T 9704 numbering under them (``### 一、工作目标``) is what the outline
sees; an ordered list keeps its printed number (``1.``); pipe tables become tab-separated
rows, as HTML tables do, so a 任务分工表's role columns survive; links and images are
reduced to their text. What describes the page rather than the document — a YAML front
matter, a crawler's header (``# 标题`` then ``**发布日期**: …`` lines), download links
(``[📄 点击下载此文件](….pdf)``, ``【原文下载】``) — becomes page fields.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import lxml.html
from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import IngestError, RawText
from .fields import clean_value, label_of, split_front_matter
from .text import decode, strip_chrome

_FILE_LINK = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|ofd|zip|rar|7z|txt|csv|et|ceb)\s*$", re.IGNORECASE)
# ``**发布日期**: 2025-05-27`` (also ``- **来源**：…``, ``> 发布时间：…``) in a crawler's
# header block: any bold label, or a plain one that names a page field
_HEADER_FIELD = re.compile(r"^\s*(?:[-*+>]\s+)?(?:\*\*([^*\n]{1,12}?)\*\*|([^*:：\n]{1,8}))\s*[:：]\s*(.*?)\s*$")
_CRAWLER_LABELS = ("原文链接", "链接", "网址", "原文地址", "检索时间", "抓取时间", "采集时间", "检索关键词",
                   "关键词", "url", "URL")
_ATX_TITLE = re.compile(r"^\s{0,3}#\s+(.+?)(?:\s+#+)?\s*$")
_DOWNLOAD_LABEL = re.compile(r"^[【\[]?\s*(?:原文|附件|文件|全文)?下载\s*[】\]]?\s*[:：]?$")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*([^)\s]*)[^)]*\)")


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _crawler_header(text: str) -> tuple[dict[str, str], str]:
    """A crawler's header: an optional ``# title`` line, then ``**label**: value`` lines,
    usually closed by a ``---`` rule. Two field lines make it a header; it is removed."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    fields: dict[str, str] = {}
    title = _ATX_TITLE.match(lines[i]) if i < len(lines) else None
    j = i + 1 if title else i
    n_fields = 0
    while j < len(lines):
        line = lines[j]
        m = _HEADER_FIELD.match(line)
        label = re.sub(r"\s+", "", (m.group(1) or m.group(2) or "")) if m else ""
        if m and (m.group(1) or label_of(label) or label in _CRAWLER_LABELS):
            value = _MD_LINK.sub(lambda k: k.group(2) or k.group(1), m.group(3))
            if value.strip():
                fields.setdefault(label, clean_value(value))
            n_fields += 1
        elif line.strip():
            break
        j += 1
    if n_fields < 2:
        return {}, text
    if title:
        fields.setdefault("页面标题", clean_value(title.group(1)))
    while j < len(lines) and (not lines[j].strip() or re.fullmatch(r"\s*(?:-{3,}|\*{3,}|_{3,})\s*", lines[j])):
        j += 1
    return fields, "\n".join(lines[j:])


def _inline_lines(token: Token) -> list[tuple[str, list[str]]]:
    """An inline token as printed lines: (text, file links the line consists of). A line
    whose only content is links to files is a download link, not text."""
    out: list[tuple[str, list[str]]] = []
    parts: list[str] = []
    links: list[str] = []  # link texts of file links on this line
    other = False  # anything on the line besides file links and decoration
    hrefs: list[str] = []
    in_file_link = False

    def flush() -> None:
        nonlocal parts, links, hrefs, other
        line = "".join(parts)
        # a link named 点击下载 is named by its file instead
        names = [text.strip(" 📄📎🔗") if _FILE_LINK.search(text) else unquote(href.rsplit("/", 1)[-1])
                 for text, href in zip(links, hrefs, strict=True)]
        out.append((line, names if names and not other else []))
        parts, links, hrefs, other = [], [], [], False

    for child in token.children or []:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            flush()
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            in_file_link = bool(_FILE_LINK.search(href))
            if in_file_link:
                links.append("")
                hrefs.append(href)
        elif kind == "link_close":
            in_file_link = False
        elif kind == "html_inline":
            if re.match(r"<br\s*/?>", child.content, re.IGNORECASE):
                flush()
        elif kind in ("text", "code_inline", "image"):
            content = child.content
            if in_file_link:
                links[-1] += content
            elif content.strip(" *\u2003\u3000\xa0📄📎🔗"):
                other = True
            parts.append(content)
    flush()
    return out


def _html_block_lines(html: str) -> list[str]:
    """Raw HTML inside Markdown (``<div align="right">…</div>``): its text, line by line."""
    html = re.sub(r"<br\s*/?>|</p>|</div>|</tr>|</li>|</h\d>", "\n", html, flags=re.IGNORECASE)
    try:
        text = lxml.html.fromstring(f"<div>{html}</div>").text_content()
    except (ValueError, etree.ParserError):
        text = re.sub(r"<[^>]+>", "", html)
    return text.split("\n")


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_DELIMITER_ROW = re.compile(r"^\s*\|?(?:\s*:?-+:?\s*\|)+\s*(?::?-+:?\s*)?$")


def _cells(row: str) -> int:
    return len(re.split(r"(?<!\\)\|", row.strip())) - 2


def delimit_tables(text: str) -> str:
    """Runs of pipe rows without the ``|---|`` line a table needs under its first row
    (HTML-to-Markdown converters write catalogue tables so) get one, as wide as the
    widest row, so they are read as tables rather than as text with bars in it."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _PIPE_ROW.match(lines[j]):
            j += 1
        if j == i:
            out.append(lines[i])
            i += 1
            continue
        run = lines[i:j]
        if len(run) > 1 and _DELIMITER_ROW.match(run[1]):
            out.extend(run)
        else:
            width = max(_cells(row) for row in run)
            head = run[0].rstrip() + " |" * (width - _cells(run[0]))
            out.extend([head, "|" + "---|" * width, *run[1:]])
        i = j
    return "\n".join(out)


def markdown_lines(text: str) -> tuple[list[str], list[str]]:
    """Body lines of a Markdown text and the download links found in it."""
    tokens = _parser().parse(text)
    lines: list[str] = []
    downloads: list[str] = []
    row: list[str] | None = None
    prefix = ""
    for tok in tokens:
        kind = tok.type
        if kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            if any(cell.strip() for cell in row):
                lines.append("\t".join(cell.strip() for cell in row))
            row = None
        elif kind == "list_item_open" and tok.info:  # an ordered item keeps its number
            prefix = tok.info + tok.markup
        elif kind == "inline":
            if row is not None:
                row.append(" ".join(line for line, _ in _inline_lines(tok)))
                continue
            for line, links in _inline_lines(tok):
                if links:
                    downloads.extend(links)
                elif not _DOWNLOAD_LABEL.match(line.strip()):
                    lines.append(prefix + line)
                prefix = ""
        elif kind in ("fence", "code_block"):
            lines.extend(tok.content.split("\n"))
        elif kind == "html_block":
            lines.extend(_html_block_lines(tok.content))
        elif kind in ("heading_close", "paragraph_close", "hr"):
            lines.append("")
    return [line.strip() for line in lines], downloads


def read_markdown(data: bytes) -> RawText:
    text, enc = decode(data)
    if "\x00" in text:
        raise IngestError("file is not text (contains NUL bytes)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fields, text = split_front_matter(text)
    header, text = _crawler_header(text)
    for key, value in header.items():
        fields.setdefault(key, value)
    lines, downloads = markdown_lines(delimit_tables(text))
    if downloads:
        fields["下载"] = "；".join(d for d in downloads if d)
    # what a copied page brings along (breadcrumb, 发布时间：… lines) goes as in a .txt
    body, chrome = strip_chrome("\n".join(line for line in lines if line))
    for key, value in chrome.items():
        fields.setdefault(key, value)
    return RawText(body, "md", enc, fields)
