"""The exports as the tools that read them see them: the 任务分工台账 in openpyxl and
LibreOffice, the calendar under RFC 5545's rules, the graph files in networkx."""

from __future__ import annotations

import csv
import io
import shutil
import statistics
import subprocess
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook

import pingan_docs
from pingan_docs.cli import main
from pingan_docs.export.ledger import HEADER, ID_COLUMN, exclusive_units, heading, write_xlsx
from pingan_docs.extract import extract_file
from pingan_docs.graph import PolicyGraph

from .conftest import FIXTURES

HUHHOT = "000_819b2f747ba95bfb"  # 呼和浩特市“平安建设工程”实施方案, 呼综治委〔2014〕5号


@pytest.fixture(scope="module")
def graph(extracted_dir: Path) -> PolicyGraph:
    return pingan_docs.load(extracted_dir)


@pytest.fixture(scope="module")
def ledger(extracted_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ledger") / "台账.xlsx"
    assert main(["export", "ledger", "--extracted", str(extracted_dir), "--out", str(out)]) == 0
    return out


def column(sheet, name: str) -> list:  # type: ignore[no-untyped-def, type-arg]
    index = HEADER.index(name)
    return [row[index].value for row in sheet.iter_rows(min_row=4)]


def test_ledger_columns_and_one_row_per_task(ledger: Path, graph: PolicyGraph) -> None:
    book = load_workbook(ledger)
    main_sheet, recurring = book["任务分工台账"], book["常态化任务"]
    for sheet in (main_sheet, recurring):
        assert [c.value for c in sheet[3]] == HEADER
    assert HEADER == ["序号", "文件", "章节", "重点任务", "具体要求", "牵头单位", "责任单位", "配合单位", "指导单位",
                      "指标", "完成时限", "进展情况", "完成情况", "备注", "链接", "任务编号"]
    ids = column(main_sheet, ID_COLUMN) + column(recurring, ID_COLUMN)
    assert sorted(ids) == sorted(t.id for t in graph.all_tasks())
    assert column(main_sheet, "序号")[:3] == [1, 2, 3]  # numbers, not text
    due = dict(zip(column(main_sheet, ID_COLUMN), column(main_sheet, "完成时限"), strict=True))
    assert due[f"{HUHHOT}.pdf#t-二-三"] == datetime(2015, 12, 31)  # a real date cell
    assert main_sheet["K4"].number_format == 'yyyy"年"m"月"d"日"' or not isinstance(main_sheet["K4"].value, datetime)
    assert set(column(recurring, "完成时限")) >= {"每年", "每周1次"}


def test_ledger_holds_the_requirement_not_just_the_heading(ledger: Path, graph: PolicyGraph) -> None:
    """Was: the 任务 column held only the heading (median 12 characters)."""
    sheet = load_workbook(ledger)["任务分工台账"]
    rows = {r[HEADER.index(ID_COLUMN)].value: [c.value for c in r] for r in sheet.iter_rows(min_row=4)}
    police = rows["003_a230dda529796dcc.html#t-二-二"]
    assert police[HEADER.index("重点任务")] == "严密街面防控网"
    assert police[HEADER.index("具体要求")].startswith("8.“点线面”结合,深化推进网格化巡逻。")
    assert "牵头单位:市公安局" in police[HEADER.index("具体要求")]
    assert police[HEADER.index("牵头单位")] == "泸州市公安局"
    assert "泸州市财政局" in police[HEADER.index("责任单位")] and "泸州市公安局" not in police[HEADER.index("责任单位")]
    assert statistics.median(len(r[HEADER.index("具体要求")]) for r in rows.values()) > 150


def test_no_unit_twice_in_a_row() -> None:
    """The unseen plan names 区教育局 as lead (*) and in the 责任单位 list of one task."""
    graph = PolicyGraph([extract_file(FIXTURES / "unseen_plan.html")])
    task = graph.task("unseen_plan#t-二-二")
    assert "罗湖区教育局" in task.roles["lead"] and "罗湖区教育局" in task.roles["responsible"]
    units = exclusive_units(task)
    assert units["lead"] == "罗湖区教育局" and "罗湖区教育局" not in units["responsible"]
    assert heading(graph.task("unseen_plan#t-二-二-r1")) == "新建视频监控点不少于200个"  # a 任务分工表 row
    buffer = io.BytesIO()
    write_xlsx(graph, buffer)
    for sheet in load_workbook(buffer).worksheets:
        for row in sheet.iter_rows(min_row=4, values_only=True):
            names = [n for v in row[5:9] if v for n in v.split("、")]
            assert len(names) == len(set(names)), row


def test_ledger_layout_for_print_and_for_filling_in(extracted_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "呼和浩特.xlsx"
    assert main(["export", "ledger", "--doc", HUHHOT, "--extracted", str(extracted_dir), "--out", str(out),
                 "--site-url", "https://example.org/pingan"]) == 0
    sheet = load_workbook(out)["任务分工台账"]
    assert "A1:O1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A1"].value == "呼和浩特市“平安建设工程”实施方案任务分工台账"
    assert "文号：呼综治委〔2014〕5号" in sheet["A2"].value and f"导出日期：{date.today().year}年" in sheet["A2"].value
    assert {r[HEADER.index("文件")] for r in sheet.iter_rows(min_row=4, values_only=True)} == {
        "呼和浩特市“平安建设工程”实施方案"}
    data = sheet["A4"]
    assert data.font.name == "宋体" and data.border.left.style == "thin" and data.border.bottom.style == "thin"
    assert sheet.column_dimensions["P"].hidden  # 任务编号
    link = sheet.cell(row=4, column=HEADER.index("链接") + 1)
    assert link.hyperlink.target == "https://example.org/pingan/documents/000_819b2f747ba95bfb_pdf.html#t-二-二"
    # colours follow TODAY() when the sheet is opened, not the export day
    assert data.fill.fgColor.rgb in ("00000000", None)
    formulas = [r.formula[0] for rules in sheet.conditional_formatting for r in rules.rules]
    assert formulas == ['$M4="已完成"', 'AND(ISNUMBER($K4),$K4<TODAY(),$M4<>"已完成")',
                        'AND(ISNUMBER($K4),$K4>=TODAY(),$K4<=TODAY()+30,$M4<>"已完成")']
    (choices,) = sheet.data_validations.dataValidation
    assert choices.formula1 == '"已完成,正常推进,滞后,未启动"' and str(choices.sqref).startswith("M4:M")
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$3:$3"
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref.startswith("A3:O")


def test_document_text_never_becomes_a_formula(tmp_path: Path) -> None:
    source = tmp_path / "formula.txt"
    source.write_text("关于加强治安管理的通知\n一、=HYPERLINK(\"http://x\",\"点我\")\n市公安局要落实巡逻，每月检查一次。\n",
                      encoding="utf-8")
    graph = PolicyGraph([extract_file(source)])
    buffer = io.BytesIO()
    write_xlsx(graph, buffer)
    cells = [c for sheet in load_workbook(buffer).worksheets for row in sheet.iter_rows(min_row=4) for c in row]
    assert any(str(c.value).startswith("=HYPERLINK") for c in cells)
    assert all(c.data_type != "f" for c in cells)


def test_ledger_csv_one_header_and_a_type_column(extracted_dir: Path, graph: PolicyGraph, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: the CSV ran both sheets together."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "l.csv"
    assert main(["export", "ledger", "--extracted", str(extracted_dir), "--out", "out/l.csv"]) == 0  # csv from suffix
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["类型", *HEADER]
    assert len(rows) - 1 == len(graph.all_tasks())
    assert {r[0] for r in rows[1:]} == {"限期", "常态化", "未定时限"}
    dated = {r[-1]: r[HEADER.index("完成时限") + 1] for r in rows[1:]}
    assert dated[f"{HUHHOT}.pdf#t-二-三"] == "2015-12-31"
    links = {r[-1]: r[HEADER.index("链接") + 1] for r in rows[1:]}  # the site/ folder, seen from out/
    assert links[f"{HUHHOT}.pdf#t-二-三"] == "../site/documents/000_819b2f747ba95bfb_pdf.html#t-二-三"


def test_ledger_for_two_plans(extracted_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "two.xlsx"
    assert main(["export", "ledger", "--doc", HUHHOT, "--doc", "呼综治委〔2014〕5号", "--doc",
                 "004_bb63232fd99ff2b4", "--extracted", str(extracted_dir), "--out", str(out)]) == 0
    book = load_workbook(out)
    ids = {v.split("#")[0] for s in book.worksheets for v in column(s, ID_COLUMN)}
    assert ids == {f"{HUHHOT}.pdf", "004_bb63232fd99ff2b4.html"}
    assert book.worksheets[0]["A2"].value.startswith("共2个文件")


def test_ledger_prints_in_libreoffice(extracted_dir: Path, tmp_path: Path) -> None:
    """The xlsx opens in LibreOffice and prints as a 台账: title row, borders, landscape
    A4 pages, the header row repeated on every page."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed for this test: apt-get install libreoffice-calc (.ci/run does)"
    import pdfplumber

    xlsx = tmp_path / "ledger.xlsx"
    assert main(["export", "ledger", "--doc", HUHHOT, "--extracted", str(extracted_dir), "--out", str(xlsx)]) == 0
    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: other soffice processes do not interfere
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(xlsx)], check=True, capture_output=True, timeout=180)
    with pdfplumber.open(tmp_path / "ledger.pdf") as pdf:
        pages = pdf.pages
        assert len(pages) >= 3
        first = pages[0].extract_text()
        assert first.splitlines()[0] == "呼和浩特市“平安建设工程”实施方案任务分工台账"
        assert "文号：呼综治委〔2014〕5号" in first
        for page in pages:
            assert (round(page.width), round(page.height)) == (842, 595)  # A4 landscape, in points
            columns = {round(e["x0"]) for e in page.edges if e["orientation"] == "v"}
            assert len(columns) >= len(HEADER)  # cell borders: a rule left of every column and at the right
        assert "具体要求" in pages[1].extract_text() and "进展情况" in pages[1].extract_text()
        assert "守好首都“护城河”" in "".join(p.extract_text() for p in pages).replace("\n", "")


# -- calendar --------------------------------------------------------------------------------

def test_ics_follows_rfc5545(extracted_dir: Path, graph: PolicyGraph, capsysbinary: pytest.CaptureFixture) -> None:
    """Was: DTSTAMP;VALUE=DATE, RRULE without end, SUMMARY = the unit list."""
    from icalendar import Calendar

    before = datetime.now(timezone.utc).replace(microsecond=0)
    assert main(["export", "ics", "--out", "-", "--extracted", str(extracted_dir)]) == 0
    raw = capsysbinary.readouterr().out
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line and len(line) <= 75 for line in lines)  # CRLF, folded
    cal = Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    events = list(cal.walk("VEVENT"))
    assert len({str(e["UID"]) for e in events}) == len(events) > 10
    assert b"DTSTAMP;VALUE=DATE" not in raw
    for e in events:
        stamp = e["DTSTAMP"].dt
        assert isinstance(stamp, datetime) and stamp.utcoffset() == timedelta(0) and stamp >= before
        start, end = e["DTSTART"].dt, e["DTEND"].dt
        assert type(start) is date and type(end) is date and end > start
        if "RRULE" in e:
            (until,) = e["RRULE"]["UNTIL"]
            assert type(until) is date and until > start  # same value type as DTSTART (RFC 5545 3.3.10)
    by_uid = {str(e["UID"]): e for e in events}
    yearly = by_uid[f"{HUHHOT}.pdf#t-二-一-0@pingan-docs"]
    assert yearly["RRULE"]["FREQ"] == ["YEARLY"] and yearly["RRULE"]["UNTIL"] == [date(2015, 12, 31)]
    assert str(yearly["SUMMARY"]) == "严密防范、坚决打击危害首府安全稳定的犯罪活动"
    assert str(yearly["DESCRIPTION"]).startswith("责任单位：呼和浩特市委维护稳定工作领导小组办公室、")
    assert "具体要求：坚持“底线思维”" in str(yearly["DESCRIPTION"])
    weekly = [e for e in events if e.get("RRULE") and e["RRULE"]["FREQ"] == ["WEEKLY"]]
    assert weekly and all(e["RRULE"]["UNTIL"] for e in weekly)
    assert str(by_uid["004_bb63232fd99ff2b4.html#t-二-二-5-0@pingan-docs"]["DTSTART"].to_ical()) == "b'20141115'"


# -- graph files -----------------------------------------------------------------------------

def test_graphml_one_type_per_attribute_and_labels(extracted_dir: Path, graph: PolicyGraph, tmp_path: Path) -> None:
    """Was: start, end and value_max declared twice with different types."""
    out = tmp_path / "g.graphml"
    assert main(["export", "graph", "--out", str(out), "--extracted", str(extracted_dir)]) == 0
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = [(k.get("for"), k.get("attr.name")) for k in ET.parse(out).getroot().findall("g:key", ns)]
    assert len(keys) == len(set(keys))
    back = nx.read_graphml(out)
    assert back.number_of_nodes() == graph.nx.number_of_nodes()
    assert all(attrs.get("label") for _, attrs in back.nodes(data=True))
    assert back.nodes["unit:泸州市公安局"]["label"] == "泸州市公安局"
    assert back.nodes[f"doc:{HUHHOT}.pdf"]["label"] == "呼和浩特市“平安建设工程”实施方案"
    task = f"task:{HUHHOT}.pdf#t-二-三"
    assert back.nodes[task]["label"] == "加强互联网管控" == heading(graph.task(task))
    deadline = next(n for n, a in back.nodes(data=True) if a["type"] == "deadline" and a.get("date_end"))
    assert isinstance(back.nodes[deadline]["date_end"], str)
    section = f"sec:{HUHHOT}.pdf:s-一"
    assert isinstance(back.nodes[section]["span_start"], int)


def test_gexf_labels_and_valid_edges(extracted_dir: Path, graph: PolicyGraph, tmp_path: Path) -> None:
    """Was: GEXF labels were internal ids."""
    out = tmp_path / "g.gexf"
    assert main(["export", "graph", "--out", str(out), "--extracted", str(extracted_dir)]) == 0
    root = ET.parse(out).getroot()
    ns = {"x": "http://www.gexf.net/1.2draft"}
    assert root.find("x:graph", ns).get("mode") == "static"
    titles = [a.get("title") for a in root.iter("{http://www.gexf.net/1.2draft}attribute")]
    assert len(titles) == len(set(titles)) and "start" not in titles and "end" not in titles
    for edge in root.iter("{http://www.gexf.net/1.2draft}edge"):
        assert edge.get("type") in (None, "directed", "undirected", "mutual")
    labels = {n.get("id"): n.get("label") for n in root.iter("{http://www.gexf.net/1.2draft}node")}
    assert labels["unit:泸州市公安局"] == "泸州市公安局"
    assert all(label and not label.startswith(("task:", "unit:", "doc:")) for label in labels.values())
    assert nx.read_gexf(out).number_of_nodes() == graph.nx.number_of_nodes()


def test_graph_json(extracted_dir: Path, tmp_path: Path) -> None:
    import json

    out = tmp_path / "g.json"
    assert main(["export", "graph", "--out", str(out), "--extracted", str(extracted_dir)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    unit = next(n for n in data["nodes"] if n["id"] == "unit:泸州市公安局")
    assert unit["label"] == "泸州市公安局" and unit["names"] == ["市公安局"]
