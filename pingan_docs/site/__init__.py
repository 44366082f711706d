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

from ..graph import _aliases, load
from . import pages
from .render import slug

ASSETS = Path(__file__).parent / "assets"
FULL_TEXT_SEARCH_LIMIT = 300  # above this many documents, bodies leave the search index


def generate_pages(extracted: Path, docs_dir: Path, today: date) -> int:
    """Write every page into ``docs_dir`` (emptied first). Returns the page count."""
    graph = load(extracted)
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    (docs_dir / "documents").mkdir(parents=True)
    (docs_dir / "units").mkdir()
    (docs_dir / "sources").mkdir()
    shutil.copytree(ASSETS, docs_dir / "assets")
    files = {
        "index.md": pages.home(graph, today),
        "documents/index.md": pages.documents_index(graph),
        "units/index.md": pages.units_index(graph),
        "targets.md": pages.targets_page(graph),
        "deadlines.md": pages.deadlines_page(graph, today),
        "graph.md": pages.graph_page(),
    }
    aliases = _aliases()
    full_text = len(graph.documents) <= FULL_TEXT_SEARCH_LIMIT
    copied: set[str] = set()
    for doc in graph.documents.values():
        source = Path(doc.source.path)
        name = source.name if source.is_file() else None
        if name and name not in copied:
            shutil.copyfile(source, docs_dir / "sources" / slug(name))
            copied.add(name)
        files[f"documents/{slug(doc.doc_id)}.md"] = pages.document_page(doc, name, aliases, full_text)
    co = graph.co_responsibility()
    for summary in graph.units():
        files[f"units/{slug(summary.canonical)}.md"] = pages.unit_page(graph, summary, co)
    for rel, content in files.items():
        (docs_dir / rel).write_text(content, encoding="utf-8")
    (docs_dir / "assets" / "graph-data.js").write_text(pages.graph_data(graph), encoding="utf-8")
    return len(files)


def build_site(extracted: Path, out: Path, today: date, config: Path = Path("mkdocs.yml"),
               docs_dir: Path | None = None) -> int:
    """Generate the pages and build the site with ``mkdocs build --strict``."""
    import yaml
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if docs_dir is None:
        docs_dir = config.parent / yaml.safe_load(config.read_text(encoding="utf-8"))["docs_dir"]
    count = generate_pages(extracted, docs_dir, today)  # before load_config checks docs_dir
    build(load_config(str(config), site_dir=str(out.resolve()), docs_dir=str(docs_dir.resolve()),
                      strict=True))
    return count
