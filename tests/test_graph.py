"""The graph and its query API answer what users ask, on the shipped corpus."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import networkx as nx
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


def test_ledger_xlsx_and_csv(graph: PolicyGraph, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from pingan_docs.export.ledger import HEADER, write_csv, write_xlsx

    today = date(2014, 11, 20)
    write_xlsx(graph, tmp_path / "l.xlsx", today)
    book = load_workbook(tmp_path / "l.xlsx")
    main, recurring = book["任务分工台账"], book["常态化任务"]
    assert [c.value for c in main[1]] == HEADER and main.freeze_panes == "A2"
    assert main.auto_filter.ref
    n_tasks = len(graph.all_tasks())
    assert main.max_row - 1 + recurring.max_row - 1 == n_tasks  # one row per task
    rows = {(r[1].value, r[2].value): r for r in main.iter_rows(min_row=2)}
    jintai = rows[("关于开展“平安建设集中宣传、治安隐患集中整治”活动的实施方案", "二/(二)/5")]
    assert jintai[10].value == "逾期" and jintai[0].fill.fgColor.rgb.endswith("F4B6B6")
    police = rows[("关于创新完善社会治安防控体系建设意见", "二/(二)")]
    assert police[4].value == "泸州市公安局" and "泸州市财政局" in police[5].value
    write_csv(graph, tmp_path / "l.csv", today)
    with (tmp_path / "l.csv").open(encoding="utf-8-sig") as handle:
        assert len(list(csv.reader(handle))) == n_tasks + 1


def test_graph_exports_round_trip(graph: PolicyGraph, tmp_path: Path) -> None:
    from pingan_docs.export.graphfmt import write_graph

    write_graph(graph, tmp_path / "g.graphml", "graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_nodes() == graph.nx.number_of_nodes()
    assert back.nodes["unit:泸州市公安局"]["type"] == "unit"
    write_graph(graph, tmp_path / "g.gexf", "gexf")
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == graph.nx.number_of_nodes()
    write_graph(graph, tmp_path / "g.json", "json")
    assert (tmp_path / "g.json").stat().st_size > 1000


def test_ics_round_trip(graph: PolicyGraph, tmp_path: Path) -> None:
    from icalendar import Calendar

    from pingan_docs.export.ics import write_ics

    write_ics(graph, tmp_path / "d.ics")
    cal = Calendar.from_ical((tmp_path / "d.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    assert any(str(e.get("dtstart").dt) == "2014-11-15" for e in events)
    weekly = [e for e in events if e.get("rrule") and e["rrule"]["FREQ"] == ["WEEKLY"]]
    assert weekly


def test_cli_query_unit_ambiguous(extracted_dir: Path, capsys: pytest.CaptureFixture) -> None:
    from pingan_docs.cli import main

    assert main(["query", "unit", "市公安局", "--extracted", str(extracted_dir)]) == 2
    assert "呼和浩特市公安局" in capsys.readouterr().err
    assert main(["query", "unit", "市公安局", "--region", "泸州", "--json",
                 "--extracted", str(extracted_dir)]) == 0
