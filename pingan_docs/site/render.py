"""Safe rendering of untrusted document text into Markdown pages.

Everything that comes from a document goes through :func:`esc` (Markdown context) or
:func:`html_text` (raw HTML blocks, which Markdown leaves alone): characters that HTML,
Markdown or a template engine would act on become character references, so
``<script>``, ``<img onerror=…>``, ``[x](javascript:…)`` and ``{{ }}`` show as the text
they are and do nothing.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_ENTITIES = {c: f"&#{ord(c)};" for c in "&<>*_`[](){}|#!\\~^$\"'"}


def esc(text: str | None) -> str:
    """Text safe in Markdown, in HTML element content and in HTML attribute values."""
    return "".join(_ENTITIES.get(c, c) for c in (text or ""))


_HTML_SPECIAL = re.compile(r"[&<>\"'{}]")


def html_text(text: str | None) -> str:
    """Text inside a raw HTML block: Markdown does not touch those, so HTML escaping
    (plus braces, for template engines) is enough — and keeps pages small."""
    if not text or not _HTML_SPECIAL.search(text):  # most Chinese text: nothing to escape
        return text or ""
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def slug(name: str) -> str:
    """A file name for a page about ``name`` (Chinese kept, path characters replaced)."""
    return re.sub(r"[\\/:*?\"<>|#%&{}\s.'`]+", "_", name).strip("_") or "_"


@dataclass(frozen=True)
class Mark:
    """A marked span: a unit (a link to its page) or a target or deadline (``<mark>``)."""

    start: int
    end: int
    css: str           # CSS classes: pd-r (a responsible unit), pd-t, pd-d pd-due …
    title: str         # hover title ("" for a unit: site.js names it from its link)
    href: str | None = None


def highlight(text: str, offset: int, marks: Iterable[Mark], anchors: Iterable[tuple[int, str]] = (),
              escape: Callable[[str], str] = html_text) -> str:
    """``text`` (starting at ``offset`` in the document) as escaped HTML with marks
    (displaCy-style) and anchors (``(position, html)``, e.g. a task's id) inserted. A
    mark overlapping an earlier one is dropped; an anchor inside a mark goes before it.
    Newlines become ``<br>`` so a raw HTML block never holds a blank line."""
    out: list[str] = []
    pos = 0
    pending = sorted(((a - offset, h) for a, h in anchors), key=lambda x: x[0])

    def plain(upto: int) -> None:
        nonlocal pos
        while pending and pending[0][0] <= upto:
            at, anchor = pending.pop(0)
            at = max(at, pos)
            out.append(escape(text[pos:at]).replace("\n", "<br>\n") + anchor)
            pos = at
        out.append(escape(text[pos:upto]).replace("\n", "<br>\n"))
        pos = upto

    for m in sorted(marks, key=lambda m: (m.start, -m.end)):
        a, b = m.start - offset, m.end - offset
        if a < pos or a < 0 or b > len(text) or b <= a:
            continue
        plain(a)
        inner = escape(text[a:b])
        title = f' title="{html_text(m.title)}"' if m.title else ""
        if m.href:
            out.append(f'<a class="{m.css}" href="{html_text(m.href)}"{title}>{inner}</a>')
        else:
            out.append(f'<mark class="{m.css}"{title}>{inner}</mark>')
        pos = b
    plain(len(text))
    out.extend(anchor for _, anchor in pending)  # anchors past the end
    return "".join(out)


def html_table(headers: list[str], rows: Iterable[list[str]], kind: str, sortable: bool = True,
               attrs: str = "") -> str:
    """A table as a raw HTML block: cells are already-safe HTML (built with
    :func:`html_text` / :func:`link`). ``kind`` names its layout in ``pingan.css``
    (which columns stay on one line, which are wide: by position, so the thousands of
    rows of a large corpus carry no class of their own); sortable tables sort in the
    browser (tablesort). The table stays out of the search index
    (``data-search-exclude``): the pages it links to are searchable themselves."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in rows)
    cls = f"pd-table pd-{kind}" + (" pd-sort" if sortable else "")
    return (f'<table class="{cls}"{attrs} data-search-exclude>\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody>\n</table>\n")


def link(href: str, text: str | None, title: str | None = None) -> str:
    tip = f' title="{html_text(title)}"' if title else ""
    return f'<a href="{html_text(href)}"{tip}>{html_text(text or "")}</a>'


class Fragments:
    """Bulky HTML (big tables, long document text) kept out of the Markdown: the page
    holds a marker, and :func:`splice` puts the HTML into the built page. Markdown and
    the search indexer never parse it, which is what keeps a 2,000-document build fast;
    it is also why such HTML is absent from the search index."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def __call__(self, html_block: str) -> str:
        self.items.append(html_block)
        return f"<!--pd-fragment-{len(self.items) - 1}-->"


def inline(html_block: str) -> str:
    """The :class:`Fragments` stand-in that keeps HTML in the Markdown (searchable)."""
    return html_block


_MARKER = re.compile(r"<!--pd-fragment-(\d+)-->")
_INDENT = re.compile(r"\n\s+")
# The theme's colour-palette toggle script: a no-op without a palette in mkdocs.yml
_PALETTE = re.compile(r'<script>var palette=__md_get\("__palette"\).*?</script>', re.S)
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def splice(page_html: str, fragments: Fragments) -> str:
    """The built page with its fragments in place, made lighter: the theme's
    indentation dropped (whitespace between tags renders the same either way; these
    pages hold no ``<pre>``), the palette script (no palette is configured) removed,
    the theme's configuration in UTF-8 rather than ``\\u`` escapes. Two thousand
    document pages carry this frame, so it is a tenth of the site."""
    page_html = _MARKER.sub(lambda m: fragments.items[int(m.group(1))], page_html)
    page_html = _PALETTE.sub("", page_html, count=1)
    page_html = _CONFIG.sub(lambda m: m.group(1) + json.dumps(json.loads(m.group(2)), ensure_ascii=False,
                                                              separators=(",", ":")).replace("</", "<\\/")
                            + m.group(3), page_html, count=1)
    return page_html if "<pre" in page_html else _INDENT.sub("\n", page_html)
