"""The MkDocs-Material reference site: pages generated from the graph, then
``mkdocs build --strict``.

The pages, the assets and the source copies reach MkDocs as files of the build (a
small plugin registered for it), not through a ``docs_dir`` on disk: a 2,000-document
site writes and reads no Markdown and copies nothing twice. The same plugin splices the
bulky HTML fragments into each page as MkDocs writes it and tunes the search index.
JavaScript is vendored (``assets/vendor``, with its licences), fonts are off, so the
built site makes no request outside itself and works from ``file://``.
"""

from __future__ import annotations

import gc
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..graph import PolicyGraph, load
from ..models import Document
from . import pages
from .document import document_page
from .graphview import graph_data, graph_page
from .render import Fragments, inline, slug, splice
from .search import tune_search_index

ASSETS = Path(__file__).parent / "assets"
FULL_TEXT_SEARCH_LIMIT = 300  # above this many documents, bodies leave the search index
# Served as they are; any other source (HTML, Markdown) is served as text, so nothing
# in it runs or renders as a page of the site.
INERT_SUFFIXES = {".pdf", ".docx", ".txt"}


def source_name(doc: Document) -> str | None:
    """The file name a document's source is served under, or None when the source
    file is not there: ``000_….pdf`` keeps its extension, ``003_….html`` becomes
    ``003_….html.txt``."""
    path = Path(doc.source.path)
    if not path.is_file():
        return None
    suffix = path.suffix.lower()
    stem = slug(path.stem)
    return f"{stem}{suffix}" if suffix in INERT_SUFFIXES else f"{stem}{suffix}.txt"


@dataclass
class Site:
    """Everything MkDocs builds: Markdown pages, files copied as they are, generated
    files, and each page's HTML fragments."""

    pages: dict[str, str] = field(default_factory=dict)          # docs path -> Markdown
    copies: dict[str, Path] = field(default_factory=dict)        # docs path -> file to copy
    generated: dict[str, str] = field(default_factory=dict)      # docs path -> content
    fragments: dict[str, Fragments] = field(default_factory=dict)  # docs path of a page -> its fragments


def generate_pages(graph: PolicyGraph, today: date) -> Site:
    """Every page of the site, in memory."""
    site = Site()
    full_text = len(graph.documents) <= FULL_TEXT_SEARCH_LIMIT

    def block_for(rel: str) -> Fragments:
        return site.fragments.setdefault(rel, Fragments())

    corpus = pages.Corpus.of(graph, today)
    site.pages = {
        "index.md": pages.home(corpus, block_for("index.md")),
        "documents/index.md": pages.documents_index(corpus, block_for("documents/index.md")),
        "units/index.md": pages.units_index(corpus, block_for("units/index.md")),
        "targets.md": pages.targets_page(corpus, block_for("targets.md")),
        "deadlines.md": pages.deadlines_page(corpus, block_for("deadlines.md")),
        "supervision.md": pages.supervision_page(corpus, block_for("supervision.md")),
        "graph.md": graph_page(),
    }
    progress = pages.progress_of(corpus)
    for doc in graph.documents.values():
        name = source_name(doc)
        if name:
            site.copies[f"sources/{name}"] = Path(doc.source.path)
        rel = f"documents/{slug(doc.doc_id)}.md"
        site.pages[rel] = document_page(doc, (f"../sources/{name}", name) if name else None, graph.canonical,
                                        progress, inline if full_text else block_for(rel))
    co = graph.co_responsibility()
    for summary in corpus.units:
        rel = f"units/{slug(summary.canonical)}.md"
        site.pages[rel] = pages.unit_page(corpus, summary, co, block_for(rel))
    for path in ASSETS.rglob("*"):
        if path.is_file():
            site.copies[f"assets/{path.relative_to(ASSETS).as_posix()}"] = path
    site.generated["assets/graph-data.js"] = graph_data(graph, corpus.units)
    return site


class _SitePlugin(BasePlugin):
    """Registered for one build: hands MkDocs the site's files, puts each page's
    fragments into its HTML as MkDocs writes it, and tunes the search index after the
    search plugin wrote it and before the offline plugin copies it into a script."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        for rel, text in {**self.site.pages, **self.site.generated}.items():
            files.append(File.generated(config, rel, content=text))
        for rel, path in self.site.copies.items():
            files.append(File.generated(config, rel, abs_src_path=str(path.resolve())))
        return files

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        # each page is written once: its fragments are let go as it is
        return splice(output, self.site.fragments.pop(page.file.src_uri, Fragments()))

    @event_priority(-50)  # after the search plugin (0), before the offline plugin (-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        tune_search_index(Path(config.site_dir))


def build_site(extracted: Path | PolicyGraph, out: Path, today: date, config: Path = Path("mkdocs.yml")) -> int:
    """Build the site into ``out`` with ``mkdocs build --strict``, from an extraction
    folder or a graph already loaded (e.g. with progress reports joined). Returns the
    number of pages."""
    graph = extracted if isinstance(extracted, PolicyGraph) else load(extracted)
    site = generate_pages(graph, today)
    if not isinstance(extracted, PolicyGraph):  # the pages hold all the build needs
        del graph
        gc.unfreeze()  # load() froze the graph's objects out of the collector's way
        gc.collect()
    with tempfile.TemporaryDirectory(prefix="pingan-site-") as empty:  # no docs on disk
        cfg = load_config(str(config), site_dir=str(out.resolve()), docs_dir=empty, strict=True)
        cfg.plugins["pingan-site"] = _SitePlugin(site)
        build(cfg)
    return len(site.pages)
