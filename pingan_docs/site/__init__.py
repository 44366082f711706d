"""The MkDocs-Material reference site: pages generated from the graph, then
``mkdocs build --strict``, the bulky HTML spliced in and the search index tuned on the way.

Pages are written to the ``docs_dir`` named in ``mkdocs.yml`` (``build/site_docs``,
git-ignored); JavaScript is vendored (``assets/vendor``, with its licences), fonts are
off, so the built site makes no request outside itself and works from ``file://``.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
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


def generate_pages(graph: PolicyGraph, docs_dir: Path, today: date) -> dict[str, Fragments]:
    """Write every page into ``docs_dir`` (emptied first). Returns each page's
    fragments, to be spliced into the built HTML."""
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    (docs_dir / "documents").mkdir(parents=True)
    (docs_dir / "units").mkdir()
    (docs_dir / "sources").mkdir()
    shutil.copytree(ASSETS, docs_dir / "assets")
    full_text = len(graph.documents) <= FULL_TEXT_SEARCH_LIMIT
    fragments: dict[str, Fragments] = {}

    def block_for(rel: str) -> Fragments:
        return fragments.setdefault(rel, Fragments())

    corpus = pages.Corpus.of(graph, today)
    files = {
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
        if name and not (docs_dir / "sources" / name).exists():
            shutil.copyfile(doc.source.path, docs_dir / "sources" / name)
        rel = f"documents/{slug(doc.doc_id)}.md"
        files[rel] = document_page(doc, (f"../sources/{name}", name) if name else None, graph.canonical,
                                   progress, inline if full_text else block_for(rel))
    co = graph.co_responsibility()
    for summary in corpus.units:
        rel = f"units/{slug(summary.canonical)}.md"
        files[rel] = pages.unit_page(corpus, summary, co, block_for(rel))
    for rel, content in files.items():
        (docs_dir / rel).write_text(content, encoding="utf-8")
    (docs_dir / "assets" / "graph-data.js").write_text(graph_data(corpus.graph, corpus.units), encoding="utf-8")
    return {rel: fragments.get(rel, Fragments()) for rel in files}




class _Splice(BasePlugin):
    """Registered for one build: puts each page's fragments into its HTML as MkDocs
    writes it, and tunes the search index after the search plugin wrote it and before
    the offline plugin copies it into a script."""

    def __init__(self, fragments: dict[str, Fragments]) -> None:
        self.fragments = fragments

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return splice(output, self.fragments.get(page.file.src_uri, Fragments()))

    @event_priority(-50)  # after the search plugin (0), before the offline plugin (-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        tune_search_index(Path(config.site_dir))


def build_site(extracted: Path | PolicyGraph, out: Path, today: date, config: Path = Path("mkdocs.yml"),
               docs_dir: Path | None = None) -> int:
    """Generate the pages (from an extraction folder, or a graph already loaded, e.g.
    with progress reports joined) and build the site with ``mkdocs build --strict``,
    the bulky HTML fragments spliced into the pages as they are written."""
    if docs_dir is None:
        raw = yaml.load(config.read_text(encoding="utf-8"), Loader=_IgnoreTags)
        docs_dir = config.parent / raw["docs_dir"]
    graph = extracted if isinstance(extracted, PolicyGraph) else load(extracted)
    fragments = generate_pages(graph, docs_dir, today)  # before load_config checks docs_dir
    cfg = load_config(str(config), site_dir=str(out.resolve()), docs_dir=str(docs_dir.resolve()), strict=True)
    cfg.plugins["pingan-splice"] = _Splice(fragments)
    build(cfg)
    return len(fragments)


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml for ``docs_dir`` alone: its ``!ENV`` tags are MkDocs's."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)
