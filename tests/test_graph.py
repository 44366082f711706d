"""The graph and its query API answer what users ask, on the shipped corpus."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import pingan_docs
from pingan_docs.graph import AmbiguousUnitError, PolicyGraph


@pytest.fixture(scope="module")
def graph(extracted_dir: Path) -> PolicyGraph:
    return pingan_docs.load(extracted_dir)


def test_one_rendering_per_document(graph: PolicyGraph) -> None:
    assert sorted(graph.documents) == ["000_819b2f747ba95bfb.pdf", "001_17064f152b303dcd.html",
                                       "002_1eaf0ab2d51e31a4.docx", "003_a230dda529796dcc.html",
                                       "004_bb63232fd99ff2b4.html"]


def test_same_surface_name_two_organs(graph: PolicyGraph) -> None:
    with pytest.raises(AmbiguousUnitError) as err:
        graph.tasks_for("市公安局")
    assert err.value.candidates == ["呼和浩特市公安局", "泸州市公安局"]


def test_huhhot_police_is_responsible_where_the_document_says(graph: PolicyGraph) -> None:
    paths = {t.task.path for t in graph.tasks_for("市公安局", region="呼和浩特")}
    assert paths == {"二/(一)", "二/(二)", "二/(三)", "三/(一)", "三/(二)", "三/(三)", "三/(四)",
                     "三/(五)", "三/(六)", "四/(一)", "四/(二)"}
    assert {t.role for t in graph.tasks_for("呼和浩特市公安局")} == {"responsible"}


def test_luzhou_leads(graph: PolicyGraph) -> None:
    leads = {(t.unit, t.task.path) for name in ("市委政法委", "市公安局")
             for t in graph.tasks_for(name, region="泸州", role="lead")}
    assert leads == {("泸州市委政法委员会", "二/(一)"), ("泸州市公安局", "二/(二)"),
                     ("泸州市公安局", "二/(三)"), ("泸州市公安局", "二/(四)"), ("泸州市公安局", "二/(五)")}


def test_covering_task_carries_the_items_text(graph: PolicyGraph) -> None:
    task = graph.tasks_for("泸州市委政法委", role="lead")[0].task
    assert "1.科学规划警务室" in task.text and "牵头单位" in task.text


def test_units_with_role_counts(graph: PolicyGraph) -> None:
    units = {u.canonical: u for u in graph.units()}
    assert units["呼和浩特市公安局"].tasks == {"responsible": 11}
    assert units["宝鸡市金台区司法局"].region == "宝鸡市金台区"
    assert "宝鸡市公安局金台分局" in units  # alias table merges 金台公安分局
    assert units["宝鸡市公安局金台分局"].names == ["金台公安分局"]


def test_deadlines_by_status(graph: PolicyGraph) -> None:
    today = date(2014, 11, 20)
    overdue = graph.deadlines(status="overdue", today=today)
    assert {d.deadline.end for d in overdue} >= {"2014-11-15", "2006-12-31"}
    soon = graph.deadlines(status="due_soon", today=today)
    assert {d.deadline.end for d in soon} == {"2014-11-30"}  # 年内 (12-31) is 41 days off
    assert all(d.deadline.end < "2005-01-01" for d in graph.deadlines(end="2005-01-01", today=today))


def test_targets_by_indicator(graph: PolicyGraph) -> None:
    hits = graph.targets("破案率")
    assert {(t.target.comparator, t.target.value) for t in hits} >= {("increase", 3.0), (">=", 75.0)}


def test_search_and_units_for(graph: PolicyGraph) -> None:
    found = graph.search("校园周边")
    assert any(t.path == "三/(三)" and t.doc_id.startswith("000") for t in found)
    task = next(t for t in found if t.path == "三/(三)")
    assert graph.units_for(task.id)["responsible"] == ["呼和浩特市教育局", "呼和浩特市公安局", "呼和浩特市各旗县区"]


def test_co_responsibility(graph: PolicyGraph) -> None:
    co = graph.co_responsibility()
    assert co["呼和浩特市公安局"]["呼和浩特市各旗县区"]["weight"] == 11


def test_node_ids_are_stable(extracted_dir: Path, graph: PolicyGraph) -> None:
    again = pingan_docs.load(extracted_dir)
    assert sorted(again.nx.nodes) == sorted(graph.nx.nodes)
    assert "unit:泸州市公安局" in graph.nx and "doc:003_a230dda529796dcc.html" in graph.nx
    edge_types = {k for _, _, k in graph.nx.edges(keys=True)}
    assert edge_types == {"lead", "responsible", "cooperate", "guide", "part_of", "has_target",
                          "due", "in_region"}


def test_cli_query_unit_ambiguous(extracted_dir: Path, capsys: pytest.CaptureFixture) -> None:
    from pingan_docs.cli import main

    assert main(["query", "unit", "市公安局", "--extracted", str(extracted_dir)]) == 2
    assert "呼和浩特市公安局" in capsys.readouterr().err
    assert main(["query", "unit", "市公安局", "--region", "泸州", "--json",
                 "--extracted", str(extracted_dir)]) == 0


def test_tasks_narrowed_by_every_filter(graph: PolicyGraph) -> None:
    from pingan_docs.graph import UnknownDocumentError

    luzhou = graph.tasks(region="泸州")
    assert luzhou and {t.doc_id for t in luzhou} == {"003_a230dda529796dcc.html"}
    assert [t.path for t in graph.tasks(unit="市公安局", region="泸州", role="lead")] == [
        "二/(二)", "二/(三)", "二/(四)", "二/(五)", "二/(五)"]
    assert graph.tasks(docs=["呼综治委〔2014〕5号"]) == graph.tasks(docs=["000_819b2f747ba95bfb.txt"])
    assert {t.doc_id for t in graph.tasks(docs=["000_819b2f747ba95bfb"])} == {"000_819b2f747ba95bfb.pdf"}
    with pytest.raises(UnknownDocumentError):
        graph.document("999")
    overdue = graph.tasks(status="overdue", today=date(2014, 11, 20))
    assert {(t.doc_id[:3], t.path) for t in overdue} == {("002", ""), ("002", "二"), ("002", "三"), ("002", "六"),
                                                        ("004", "二/(二)/5")}


def test_a_task_reported_done_is_not_overdue(extracted_dir: Path) -> None:
    from pingan_docs.models import Progress

    graph = pingan_docs.load(extracted_dir)
    task_id = "004_bb63232fd99ff2b4.html#t-二-二-5"
    today = date(2014, 11, 20)
    assert graph.has_status(graph.task(task_id), "overdue", today)
    assert graph.attach_progress({task_id: Progress(status="已完成"), "gone.html#t-一": Progress()}) == [
        "gone.html#t-一"]
    task = graph.task(task_id)
    assert graph.progress_status(task) == "done" and graph.task_status(task, today) == "overdue"
    assert not graph.has_status(task, "overdue", today) and graph.has_status(task, "done", today)
    assert task_id not in {d.task.id for d in graph.deadlines(status="overdue", today=today)}
    assert graph.deadlines(status="done", today=today)[0].task.id == task_id


def test_due_date_is_the_last_date_a_task_names(graph: PolicyGraph) -> None:
    task = graph.task("002_1eaf0ab2d51e31a4.docx#t-二")  # 2004年…, 2005年…, 到2006年底…
    assert sorted(d.end for d in task.deadlines) == ["2004-12-31", "2005-12-31", "2006-12-31"]
    assert graph.due_date(task) == date(2006, 12, 31)
    assert graph.task_status(task, date(2005, 6, 1)) == "upcoming"
