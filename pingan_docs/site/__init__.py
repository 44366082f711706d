"""The MkDocs-Material reference site: pages generated from the graph, then
``mkdocs build --strict``.

Pages are written to the ``docs_dir`` named in ``mkdocs.yml`` (``build/site_docs``,
git-ignored); JavaScript is vendored (``assets/vendor``, with its licence), fonts are off,
so the built site makes no request outside itself.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from ..graph import load
from . import pages
from .render import Fragments, inline, slug, splice

ASSETS = Path(__file__).parent / "assets"
FULL_TEXT_SEARCH_LIMIT = 300  # above this many documents, bodies leave the search index


def generate_pages(extracted: Path, docs_dir: Path, today: date) -> dict[str, Fragments]:
    """Write every page into ``docs_dir`` (emptied first). Returns each page's
    fragments, to be spliced into the built HTML."""
    graph = load(extracted)
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

    files = {
        "index.md": pages.home(graph, today, block_for("index.md")),
        "documents/index.md": pages.documents_index(graph, block_for("documents/index.md")),
        "units/index.md": pages.units_index(graph, block_for("units/index.md")),
        "targets.md": pages.targets_page(graph, block_for("targets.md")),
        "deadlines.md": pages.deadlines_page(graph, today, block_for("deadlines.md")),
        "graph.md": pages.graph_page(),
    }
    copied: set[str] = set()
    for doc in graph.documents.values():
        source = Path(doc.source.path)
        name = source.name if source.is_file() else None
        if name and name not in copied:
            shutil.copyfile(source, docs_dir / "sources" / slug(name))
            copied.add(name)
        rel = f"documents/{slug(doc.doc_id)}.md"
        files[rel] = pages.document_page(doc, name, graph.canonical, inline if full_text else block_for(rel))
    co = graph.co_responsibility()
    for summary in graph.units():
        rel = f"units/{slug(summary.canonical)}.md"
        files[rel] = pages.unit_page(graph, summary, co, block_for(rel))
    for rel, content in files.items():
        (docs_dir / rel).write_text(content, encoding="utf-8")
    (docs_dir / "assets" / "graph-data.js").write_text(pages.graph_data(graph), encoding="utf-8")
    return {rel: fragments.get(rel, Fragments()) for rel in files}


def build_site(extracted: Path, out: Path, today: date, config: Path = Path("mkdocs.yml"),
               docs_dir: Path | None = None) -> int:
    """Generate the pages, build the site with ``mkdocs build --strict``, then splice
    the bulky HTML fragments into the built pages."""
    import yaml
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if docs_dir is None:
        docs_dir = config.parent / yaml.safe_load(config.read_text(encoding="utf-8"))["docs_dir"]
    fragments = generate_pages(extracted, docs_dir, today)  # before load_config checks docs_dir
    build(load_config(str(config), site_dir=str(out.resolve()), docs_dir=str(docs_dir.resolve()),
                      strict=True))
    for rel, frag in fragments.items():
        if frag.items:
            page = out / (rel[: -len(".md")] + ".html")
            page.write_text(splice(page.read_text(encoding="utf-8"), frag), encoding="utf-8")
    return len(fragments)
