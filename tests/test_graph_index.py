"""The indexed graph answers exactly as the straightforward one did: same results, same
order, same errors, on the shipped corpus, the development set and a cloned corpus (with
several renderings per document and reported progress)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from pydantic import BaseModel

import pingan_docs
from pingan_docs.export.graphfmt import write_graph
from pingan_docs.extract import document_key, iter_documents, to_json
from pingan_docs.graph import ROLES, PolicyGraph, Results
from pingan_docs.index import CACHE_DIR
from pingan_docs.models import Progress

from .graph_reference import ReferenceGraph

TODAYS: list[date | str] = ["2014-11-20", "2005-06-01", date(2016, 1, 1)]
STATUSES = [None, "overdue", "due_soon", "upcoming", "recurring", "open",
            "done", "on_track", "late", "not_started", "unreported", "no-such-status"]


def _plain(x: object) -> object:
    if isinstance(x, BaseModel):
        return x.model_dump(mode="json")
    if isinstance(x, list | Results):  # a query's Results compares as the list it stands for
        return [_plain(i) for i in x]
    return x


def _outcome(call: Callable[[], object]) -> tuple[str, object]:
    try:
        return "ok", _plain(call())
    except (LookupError, ValueError) as exc:
        return type(exc).__name__, str(exc)


def _calls(ref: ReferenceGraph) -> list[tuple[str, tuple, dict]]:
    """Every query the API offers, with arguments drawn from the corpus itself."""
    units = [a for _, a in ref.nx.nodes(data=True) if a.get("type") == "unit"]
    names = sorted({n for a in units for n in [a["canonical"], *a["names"]]})
    regions = sorted({d.meta.region for d in ref.documents.values() if d.meta.region})
    regions += [r[:2] for r in regions] + ["", "不存在"]
    docs = list(ref.documents.values())
    doc_args: list[list[str] | None] = [None, [], [docs[0].doc_id], [document_key(docs[-1].doc_id)],
                                        [d.doc_id for d in docs[1:4]], ["999"]]
    doc_args += [[d.meta.doc_number] for d in docs if d.meta.doc_number][:2]
    texts = [t.text for t in ref.all_tasks() if len(t.text) > 12]
    words = ["", " ", "安", "校园周边", "安全 学校", "不存在的词", "的 会",
             *(t[i:i + n] for k, t in enumerate(texts[:40]) for i, n in [(k % 7, 2), (5, 4), (len(t) // 2, 6)])]
    ends = sorted({d.end for t in ref.all_tasks() for d in t.deadlines if d.end})
    dues = sorted({due for t in ref.all_tasks() if (due := ref.due_date(t))})
    todays: list[date | str] = [*TODAYS]  # and days a deadline falls on, and 30 days before them
    for day in (date.fromisoformat(ends[len(ends) // 3]), dues[len(dues) // 2]):
        todays += [day, day - timedelta(days=30)]
    indicators = sorted({tg.indicator for t in ref.all_tasks() for tg in t.targets})
    calls: list[tuple[str, tuple, dict]] = [("units", (), {}), ("all_tasks", (), {})]
    calls += [("units", (), {"region": r}) for r in regions]
    calls += [("units", (), {"kind": k}) for k in ("organ", "collective", "generic")]
    for name in names:
        calls.append(("tasks_for", (name,), {}))
        calls += [("tasks_for", (name,), {"region": r}) for r in regions[:3]]
        calls += [("tasks", (), {"unit": name, "role": role}) for role in (None, "lead")]
    for name in names[:6]:
        for status in STATUSES:
            for role in (None, *ROLES):
                calls += [("tasks_for", (name,), {"role": role, "status": status, "today": t}) for t in todays]
    for status in STATUSES:
        for today in todays:
            calls.append(("tasks", (), {"status": status, "today": today}))
            calls.append(("deadlines", (), {"status": status, "today": today}))
            for region in regions[:3]:
                calls.append(("tasks", (), {"status": status, "today": today, "region": region, "role": "lead"}))
                calls.append(("deadlines", (), {"status": status, "today": today, "region": region}))
            for d in doc_args:
                calls.append(("deadlines", (), {"status": status, "today": today, "docs": d, "role": "responsible"}))
                calls.append(("tasks", (), {"status": status, "today": today, "docs": d}))
        for name in names[::max(1, len(names) // 8)]:
            calls.append(("deadlines", (), {"status": status, "today": TODAYS[0], "unit": name}))
            calls.append(("tasks", (), {"status": status, "today": TODAYS[0], "unit": name, "docs": doc_args[2]}))
    for start, end in [("2014-01-01", None), (None, "2015-01-01"), ("2005-01-01", "2014-12-31"), ("", ""),
                       ("2014-11-20", "2014-11-21")]:
        calls += [("deadlines", (), {"start": start, "end": end, "status": s, "today": TODAYS[0]})
                  for s in (None, "overdue", "upcoming", "recurring", "open", "unreported")]
    for d in doc_args:
        calls += [("tasks", (), {"docs": d}), ("targets", (), {"docs": d}), ("search", ("安全",), {"docs": d})]
        calls += [("document", (x,), {}) for x in d or []]
    for region in regions:
        calls += [("tasks", (), {"region": region}), ("targets", (), {"region": region}),
                  ("search", ("工作",), {"region": region}), ("deadlines", (), {"region": region, "role": "lead"})]
    for who in (*ROLES, "nobody"):
        calls += [("tasks", (), {"role": who}), ("deadlines", (), {"role": who})]
    calls += [("targets", (i,), {}) for i in [None, "", "率", "不存在", *indicators, *(i[:2] for i in indicators)]]
    calls += [("targets", (None,), {"unit": n}) for n in names[::max(1, len(names) // 10)]]
    calls += [("search", (w,), {}) for w in words]
    calls += [("search", (w,), {"region": r}) for w in words[:8] for r in regions[:2]]
    for doc in docs:
        calls += [("document", (doc.doc_id,), {}), ("document", (document_key(doc.doc_id),), {})]
    calls += [("task", (t.id,), {}) for t in ref.all_tasks()] + [("task", ("task:" + ref.all_tasks()[0].id,), {})]
    calls += [("units_for", (t.id,), {}) for t in ref.all_tasks()[:20]] + [("task", ("nope#t-一",), {})]
    calls += [("resolve", (n,), {}) for n in names] + [("resolve", ("局",), {}), ("resolve", ("公安",), {"region": "泸州"})]
    return calls


def _compare(fast: PolicyGraph, ref: ReferenceGraph, fresh: bool = False) -> int:
    calls = _calls(ref)
    for method, args, kwargs in calls:
        got = _outcome(lambda: getattr(fast, method)(*args, **kwargs))  # noqa: B023
        want = _outcome(lambda: getattr(ref, method)(*args, **kwargs))  # noqa: B023
        assert got == want, f"{method}{args} {kwargs}"
    assert list(fast.documents) == list(ref.documents)
    co, ref_co = fast.co_responsibility(), ref.co_responsibility()
    assert list(co.edges(data=True)) == list(ref_co.edges(data=True)) and list(co) == list(ref_co)
    assert fast._nx is None or not fresh  # no query needed the networkx graph
    assert list(fast.nx.nodes(data=True)) == list(ref.nx.nodes(data=True))
    assert list(fast.nx.edges(keys=True, data=True)) == list(ref.nx.edges(keys=True, data=True))
    return len(calls)


def _progress(ref: ReferenceGraph) -> dict[str, Progress]:
    """Reports of every kind, on tasks of every kind (overdue ones reported done too)."""
    tasks = ref.all_tasks()
    kinds = [Progress(status="已完成"), Progress(status="滞后", report="推进中"), Progress(status="正常推进"),
             Progress(status="未启动"), Progress(report="只有进展情况")]
    reports = {t.id: kinds[i % len(kinds)] for i, t in enumerate(tasks[::3])}
    overdue = [t.id for t in tasks if ref.task_status(t, date(2014, 11, 20)) == "overdue"]
    reports.update({task_id: Progress(status="已完成") for task_id in overdue[::2]})
    return {**reports, "gone.html#t-一": Progress(status="已完成")}


def _check_folder(folder: Path) -> None:
    ref = ReferenceGraph(list(iter_documents(folder)))
    fast = pingan_docs.load(folder)
    n = _compare(fast, ref, fresh=True)
    assert n > 500
    reports = _progress(ref)
    assert fast.attach_progress(reports) == ref.attach_progress(reports) == ["gone.html#t-一"]
    _compare(fast, ref)
    again = pingan_docs.load(folder)  # from the cache this time
    again.attach_progress(reports)
    _compare(again, ref)


def test_same_answers_on_the_shipped_corpus(extracted_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "extracted"
    shutil.copytree(extracted_dir, folder, ignore=shutil.ignore_patterns(CACHE_DIR))
    _check_folder(folder)


def test_same_answers_on_the_development_set(dev_extracted_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "extracted"
    shutil.copytree(dev_extracted_dir, folder, ignore=shutil.ignore_patterns(CACHE_DIR))
    _check_folder(folder)


def test_same_answers_on_a_cloned_corpus(documents: dict, tmp_path: Path) -> None:
    """Every rendering of every shipped document, six times over, under new ids, with
    the regions shuffled among the clones (so units are created in other places) and
    one clone's tasks listed backwards."""
    folder = tmp_path / "clones"
    folder.mkdir()
    originals = list(documents.values())
    regions = [*sorted({d.meta.region for d in originals if d.meta.region}), None]
    for k in range(6):
        for i, doc in enumerate(originals):
            clone = doc.model_copy(deep=True)
            stem = f"c{k}_{document_key(doc.doc_id)}"
            clone.doc_id = doc.doc_id.replace(document_key(doc.doc_id), stem, 1)
            clone.meta.title = f"{doc.meta.title or '文件'}（第{k}号）"
            clone.meta.region = regions[(i + k) % len(regions)] if k % 2 else doc.meta.region
            clone.meta.doc_number = doc.meta.doc_number if k == 0 else None
            for task in clone.tasks:
                task.id = task.id.replace(document_key(doc.doc_id), stem, 1)
            if k == 3:  # tasks listed out of text order: results still come in text order
                clone.tasks.reverse()
            (folder / f"{clone.doc_id}.json").write_text(to_json(clone), encoding="utf-8")
    _check_folder(folder)


def test_exports_unchanged(extracted_dir: Path) -> None:
    """The GraphML export, which walks the networkx graph, is byte-identical."""
    import io

    fast = pingan_docs.load(extracted_dir)
    ref = ReferenceGraph(list(iter_documents(extracted_dir)))
    for fmt in ("graphml", "gexf", "json"):
        a, b = io.BytesIO(), io.BytesIO()
        write_graph(fast, a, fmt)
        write_graph(ref, b, fmt)  # type: ignore[arg-type]
        assert a.getvalue() == b.getvalue(), fmt


def test_documents_read_when_asked_for(extracted_dir: Path, documents: dict) -> None:
    graph = pingan_docs.load(extracted_dir)
    assert len(graph.documents) == 5 and "003_a230dda529796dcc.html" in graph.documents
    assert "003_a230dda529796dcc.txt" not in graph.documents  # a rendering the graph did not pick
    for doc_id, doc in graph.documents.items():
        assert doc == documents[doc_id]
        assert graph.documents[doc_id] is doc  # read once, then kept (as a dict would)
    assert graph.document("呼综治委〔2014〕5号") == documents["000_819b2f747ba95bfb.pdf"]
    for doc_id, summary in graph.summaries.items():  # the same, without the texts
        doc = documents[doc_id]
        assert summary.meta == doc.meta and summary.source == doc.source.path
        assert [t.id for t in summary.tasks] == [t.id for t in doc.tasks]
        assert [s[0] for s in summary.sections] == [s.id for s in doc.sections]


@pytest.mark.parametrize("docs", [["003_a230dda529796dcc"], None])
def test_graph_from_documents_in_memory(documents: dict, docs: list[str] | None) -> None:
    """``PolicyGraph(documents)`` (no folder, no cache) gives the same answers."""
    graph = PolicyGraph(list(documents.values()))
    ref = ReferenceGraph(list(documents.values()))
    assert _plain(graph.search("安全", docs=docs)) == _plain(ref.search("安全", docs=docs))
    assert _plain(graph.tasks(docs=docs)) == _plain(ref.tasks(docs=docs))
    assert graph.documents == ref.documents


def test_search_beyond_the_basic_plane(documents: dict) -> None:
    """Characters from U+FFFF up share one bigram code: more candidates, never a wrong
    hit, and a two-character word below it is still found exactly."""
    doc = documents["003_a230dda529796dcc.html"].model_copy(deep=True)
    for task, text in zip(doc.tasks, ["甲\U0002A6D6乙丙", "甲\uffff乙丙", "甲\ua6d6乙丙", "\U00020000乙"], strict=False):
        task.text += text
    graph, ref = PolicyGraph([doc]), ReferenceGraph([doc])
    for word in ["\U0002A6D6乙", "\uffff乙", "\ua6d6乙", "\u0000乙", "乙丙", "甲\U0002A6D6", "\U00020000乙", "乙", "甲 乙丙"]:
        assert [t.id for t in graph.search(word)] == [t.id for t in ref.search(word)], word
    assert len(graph.search("\U0002A6D6乙")) == 1 and len(graph.search("乙丙")) == 3
