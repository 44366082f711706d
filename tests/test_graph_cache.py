"""The summary cache beside the extraction: a later load reads no JSON; a changed,
added or removed file is noticed; a damaged, foreign or half-written cache is rebuilt;
a folder that cannot hold one is read without it. Whatever the cache's state, the graph
answers as a graph built from the JSON files themselves."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import pingan_docs
import pingan_docs.graph as graph_module
from pingan_docs.extract import iter_documents, to_json, write_atomic
from pingan_docs.graph import ExtractedFolderError, PolicyGraph
from pingan_docs.index import CACHE_DIR
from pingan_docs.models import Document

from .graph_reference import ReferenceGraph
from .test_graph_index import _plain

HTML = "003_a230dda529796dcc.html.json"


@pytest.fixture()
def folder(extracted_dir: Path, tmp_path: Path) -> Path:
    """A copy of the extraction without a cache (other tests load the original)."""
    out = tmp_path / "extracted"
    shutil.copytree(extracted_dir, out, ignore=shutil.ignore_patterns(CACHE_DIR))
    return out


def _rows(folder: Path) -> dict[str, tuple[int, str]]:
    with sqlite3.connect(folder / CACHE_DIR / "summaries.sqlite") as db:
        return {name: (inode, sha) for name, inode, sha in db.execute("SELECT name, inode, sha256 FROM files")}


def _assert_current(folder: Path, graph: PolicyGraph) -> None:
    """The graph says what the JSON files say."""
    ref = ReferenceGraph(list(iter_documents(folder)))
    assert list(graph.documents) == list(ref.documents)
    assert _plain(graph.tasks()) == _plain(ref.tasks())
    assert _plain(graph.units()) == _plain(ref.units())
    for word in ("校园周边", "安全 学校", "新增的巡逻任务", "警务室", "警务站"):
        assert _plain(graph.search(word)) == _plain(ref.search(word))


def _no_json_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(cls: type, *args: object, **kwargs: object) -> Document:
        raise AssertionError("a document's JSON was parsed")
    monkeypatch.setattr(Document, "model_validate_json", classmethod(refuse))


def test_a_later_load_reads_only_the_cache(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = pingan_docs.load(folder)
    assert set(_rows(folder)) == {p.name for p in folder.glob("*.json") if not p.name.startswith("_")}
    first.search("校园周边")  # writes the bigram index
    assert len(list((folder / CACHE_DIR).glob("bigrams-*.npy"))) == 1
    _no_json_parsing(monkeypatch)
    again = pingan_docs.load(folder)
    assert _plain(again.tasks()) == _plain(first.tasks())
    assert _plain(again.search("校园周边")) == _plain(first.search("校园周边"))
    monkeypatch.undo()
    _assert_current(folder, again)


def _edit(path: Path) -> None:
    """A new task text in one document, as a re-extraction would write it."""
    doc = Document.model_validate_json(path.read_bytes())
    doc.tasks[1].text += "新增的巡逻任务"
    del doc.tasks[2]
    write_atomic(path, to_json(doc))


def test_a_changed_file_is_summarised_again(folder: Path) -> None:
    pingan_docs.load(folder).search("巡逻")
    before = _rows(folder)[HTML]
    _edit(folder / HTML)
    graph = pingan_docs.load(folder)
    assert _rows(folder)[HTML] != before
    assert [t.id for t in graph.search("新增的巡逻任务")] == [graph.task(t.id).id for t in graph.search("新增的巡逻任务")]
    assert len(graph.search("新增的巡逻任务")) == 1
    _assert_current(folder, graph)
    assert len(list((folder / CACHE_DIR).glob("bigrams-*.npy"))) == 1  # the old corpus's index is gone


def test_an_edit_in_place_is_noticed(folder: Path) -> None:
    """Same size, same inode, a new mtime (an editor saving the file)."""
    pingan_docs.load(folder)
    path = folder / HTML
    data = path.read_bytes()
    assert "警务室".encode() in data
    with open(path, "r+b") as handle:
        handle.write(data.replace("警务室".encode(), "警务站".encode()))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    graph = pingan_docs.load(folder)
    assert not any(t.doc_id == "003_a230dda529796dcc.html" for t in graph.search("警务室"))
    assert any(t.doc_id == "003_a230dda529796dcc.html" for t in graph.search("警务站"))
    _assert_current(folder, graph)


def test_the_same_bytes_written_again_keep_their_summary(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A byte-identical re-extraction (new inode, new mtime): hashed, not parsed."""
    pingan_docs.load(folder)
    before = _rows(folder)
    for path in folder.glob("0*.json"):
        write_atomic(path, path.read_text(encoding="utf-8"))
    _no_json_parsing(monkeypatch)
    graph = pingan_docs.load(folder)
    after = _rows(folder)
    assert all(after[n][1] == before[n][1] and after[n][0] != before[n][0] for n in before)  # same sha, stat updated
    monkeypatch.undo()
    _assert_current(folder, graph)


def test_removed_and_added_files(folder: Path, documents: dict) -> None:
    pingan_docs.load(folder)
    (folder / HTML).unlink()
    doc = documents["001_17064f152b303dcd.html"].model_copy(deep=True)
    doc.doc_id = "new_plan"
    for task in doc.tasks:
        task.id = task.id.replace("001_17064f152b303dcd.html", "new_plan", 1)
    doc.tasks[1].text += "新增的巡逻任务"
    (folder / "new_plan.json").write_text(to_json(doc), encoding="utf-8")
    graph = pingan_docs.load(folder)
    assert HTML not in _rows(folder) and "new_plan.json" in _rows(folder)
    assert "003_a230dda529796dcc.txt" in graph.documents  # the other rendering now stands for it
    assert [t.doc_id for t in graph.search("新增的巡逻任务")] == ["new_plan"]
    _assert_current(folder, graph)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "row", "empty"])
def test_a_damaged_cache_is_rebuilt(folder: Path, damage: str) -> None:
    pingan_docs.load(folder)
    db = folder / CACHE_DIR / "summaries.sqlite"
    if damage == "garbage":
        db.write_bytes(b"not a database at all" * 100)
    elif damage == "truncated":
        db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    elif damage == "row":
        with sqlite3.connect(db) as con:
            con.execute("UPDATE files SET summary = ? WHERE name = ?", (b'{"doc_id": 1', HTML))
    else:
        db.write_bytes(b"")
    graph = pingan_docs.load(folder)
    _assert_current(folder, graph)
    assert len(_rows(folder)) == 11  # whole again


@pytest.mark.parametrize(("batch", "kept"), [(256, 0), (3, 3)])
def test_a_half_written_cache_is_never_seen(folder: Path, batch: int, kept: int) -> None:
    """A load killed while writing the cache leaves only whole rows: none, or the
    batches it had committed (a first load writes ``_BATCH`` new summaries at a time)."""
    code = f"""
import os, pingan_docs, pingan_docs.index as index
index._BATCH = {batch}
write = index.SummaryCache._write
def die(self, stat_only, rewritten, gone):
    if self._db.execute("SELECT count(*) FROM files").fetchone()[0] == {kept}:
        self._db.execute("BEGIN IMMEDIATE")
        self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rewritten[:2])
        os._exit(3)
    write(self, stat_only, rewritten, gone)
index.SummaryCache._write = die
pingan_docs.load({str(folder)!r})
"""
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 3
    assert len(_rows(folder)) == kept
    graph = pingan_docs.load(folder)
    _assert_current(folder, graph)
    assert len(_rows(folder)) == 11


def test_another_summary_form_or_alias_table_empties_the_cache(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pingan_docs.load(folder)
    made = []
    real = graph_module.summarize

    def counted(*args: object) -> graph_module.DocumentSummary:
        made.append(1)
        return real(*args)  # type: ignore[arg-type]
    monkeypatch.setattr(graph_module, "summarize", counted)
    pingan_docs.load(folder)
    assert made == []
    monkeypatch.setattr(graph_module, "SUMMARY_VERSION", graph_module.SUMMARY_VERSION + 1)
    pingan_docs.load(folder)
    assert len(made) == 11
    aliases = {**graph_module._aliases(), "市公安局": "泸州市公安局"}
    monkeypatch.setattr(graph_module, "_aliases", lambda: aliases)
    graph = pingan_docs.load(folder)
    assert len(made) == 22
    assert "呼和浩特市公安局" not in {u.canonical for u in graph.units()}  # 呼和浩特's 市公安局 is aliased away


def test_a_folder_that_cannot_hold_the_cache(folder: Path) -> None:
    (folder / CACHE_DIR).write_text("a file where the cache folder would go", encoding="utf-8")
    graph = pingan_docs.load(folder)
    _assert_current(folder, graph)


def test_a_damaged_bigram_index_is_rebuilt(folder: Path) -> None:
    pingan_docs.load(folder).search("校园")
    (index,) = (folder / CACHE_DIR).glob("bigrams-*.npy")
    for damage in (b"garbage", index.read_bytes()[:200]):
        index.write_bytes(damage)
        graph = pingan_docs.load(folder)
        _assert_current(folder, graph)
        assert index.stat().st_size > 1000


def test_a_file_that_is_not_a_document(folder: Path) -> None:
    pingan_docs.load(folder)
    (folder / "stray.json").write_text('{"hello": 1}', encoding="utf-8")
    for _ in range(2):  # never cached as if it were one
        with pytest.raises(ExtractedFolderError, match=r"stray\.json: not an extracted document"):
            pingan_docs.load(folder)
