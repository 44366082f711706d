"""Safe rendering of untrusted document text into Markdown pages.

Everything that comes from a document goes through :func:`esc`: characters that HTML,
Markdown or a template engine would act on (``< > & * _ [ ] ( ) { } | # ` \\ ! ~``)
become numeric character references, so ``<script>``, ``<img onerror=…>``,
``[x](javascript:…)`` and ``{{ }}`` show as the text they are and do nothing.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_ENTITIES = {c: f"&#{ord(c)};" for c in "&<>*_`[](){}|#!\\~^$\"'"}


def esc(text: str | None) -> str:
    """Text safe in Markdown, in HTML element content and in HTML attribute values."""
    return "".join(_ENTITIES.get(c, c) for c in (text or ""))


def cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell (one line)."""
    return esc(re.sub(r"\s+", " ", text or "").strip())


def slug(name: str) -> str:
    """A file name for a page about ``name`` (Chinese kept, path characters replaced)."""
    return re.sub(r"[\\/:*?\"<>|#%&{}\s.'`]+", "_", name).strip("_") or "_"


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str          # unit / target / deadline
    css: str           # extra CSS classes (role, deadline kind)
    title: str         # tooltip
    href: str | None = None


def html_text(text: str) -> str:
    """Text inside a raw HTML block: Markdown does not touch those, so HTML escaping
    (plus braces, for template engines) is enough — and keeps pages small."""
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def highlight(text: str, offset: int, marks: list[Mark]) -> str:
    """``text`` (starting at ``offset`` in the document) as escaped HTML with marks
    (displaCy-style, colour by kind); overlapping marks keep the first. For a raw HTML
    block: no blank lines in the output."""
    out: list[str] = []
    pos = 0
    for m in sorted(marks, key=lambda m: (m.start, -m.end)):
        a, b = m.start - offset, m.end - offset
        if a < pos or a < 0 or b > len(text) or b <= a:
            continue
        out.append(html_text(text[pos:a]).replace("\n", "<br>\n"))
        inner = html_text(text[a:b])
        if m.href:
            inner = f'<a href="{html_text(m.href)}">{inner}</a>'
        title = f' title="{html_text(m.title)}"' if m.title else ""
        out.append(f'<mark class="pd-{m.kind} {m.css}"{title}>{inner}</mark>')
        pos = b
    out.append(html_text(text[pos:]).replace("\n", "<br>\n"))
    return "".join(out)


def html_table(headers: list[str], rows: list[list[str]], searchable: bool = False) -> str:
    """A table as a raw HTML block: cells are already-safe HTML (built with
    :func:`html_text` / :func:`link`). Markdown leaves raw HTML alone, which keeps
    large tables cheap to build; ``searchable=False`` keeps them out of the search index."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    exclude = "" if searchable else " data-search-exclude"
    return f'<table class="pd-table"{exclude}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n'


def link(href: str, text: str | None) -> str:
    return f'<a href="{html_text(href)}">{html_text(text or "")}</a>'


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


def splice(page_html: str, fragments: Fragments) -> str:
    for i, block in enumerate(fragments.items):
        page_html = page_html.replace(f"<!--pd-fragment-{i}-->", block, 1)
    return page_html
