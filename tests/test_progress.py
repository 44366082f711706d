"""The progress round trip: the ledger goes out, units fill it in (and sort, filter and
mistype it), the office imports what comes back, and everything downstream shows it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

import pingan_docs
from pingan_docs.cli import main
from pingan_docs.export.ledger import HEADER, ID_COLUMN
from pingan_docs.progress import ProgressFileError, progress_path, read_log

LUZHOU_POLICE = "003_a230dda529796dcc.html#t-二-二"  # lead: 泸州市公安局, no date
JINTAI = "004_bb63232fd99ff2b4.html#t-二-二-5"  # due 2014-11-15
HUHHOT_NET = "000_819b2f747ba95bfb.pdf#t-二-三"  # 呼和浩特市公安局 responsible, due 2015-12-31
COL = {name: i + 1 for i, name in enumerate(HEADER)}


@pytest.fixture
def office(extracted_dir: Path, tmp_path: Path) -> Path:
    """An office's folder: its own copy of extracted/ (the progress file goes beside it)."""
    shutil.copytree(extracted_dir, tmp_path / "extracted")
    return tmp_path


def cli(office: Path, *argv: str) -> int:
    return main([*argv, "--extracted", str(office / "extracted")])


def fill(ledger: Path, out: Path, reports: dict[str, tuple], reverse: bool = False, hide: int = 0) -> None:
    """What a unit does: fills 进展情况/完成情况/备注 of some rows, may sort the rows
    the other way round and filter some out (hidden rows)."""
    book = load_workbook(ledger)
    sheet = book["任务分工台账"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    if reverse:
        rows.reverse()
    for r, values in enumerate(rows, start=4):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=value)
        status, report, remark = reports.get(values[COL[ID_COLUMN] - 1], (None, None, None))
        if status or report or remark:
            sheet.cell(row=r, column=COL["完成情况"], value=status)
            sheet.cell(row=r, column=COL["进展情况"], value=report)
            sheet.cell(row=r, column=COL["备注"], value=remark)
        elif hide:
            sheet.row_dimensions[r].hidden = True
            hide -= 1
    book.save(out)


def row_of(sheet, task_id: str) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(4, sheet.max_row + 1) if sheet.cell(row=r, column=COL[ID_COLUMN]).value == task_id)


def test_round_trip(office: Path, capsys: pytest.CaptureFixture) -> None:
    ledger = office / "台账.xlsx"
    assert cli(office, "export", "ledger", "--out", str(ledger)) == 0
    first_id = load_workbook(ledger)["任务分工台账"].cell(row=4, column=COL[ID_COLUMN]).value
    police, town, foreign, renamed = (office / n for n in ("公安局.xlsx", "金台区.xlsx", "其他.xlsx", "改表头.xlsx"))
    fill(ledger, police, {LUZHOU_POLICE: ("已完成", "新建警务室12个", None),
                          JINTAI: ("滞后", None, "人员未到位"),
                          HUHHOT_NET: ("已完成", "巡查机制已建立", None),
                          first_id: ("差不多", "一个坏的格子", None)}, reverse=True, hide=5)
    fill(ledger, town, {LUZHOU_POLICE: ("已完成", None, None),  # agrees: blank cells say nothing
                        JINTAI: ("已完成", "宣传已完成", None)})  # disagrees with 公安局.xlsx
    book = Workbook()
    book.active.append(["序号", "任务", "进展"])
    book.active.append([1, "别人的表", "完成"])
    book.save(foreign)
    book = load_workbook(police)
    book["任务分工台账"].cell(row=3, column=COL["完成情况"], value="完成状态")
    book.save(renamed)

    capsys.readouterr()
    code = cli(office, "progress", "import", str(police), str(town), str(foreign), str(renamed))
    out, err = capsys.readouterr()
    assert code == 1  # refused files and a conflict: the office must look
    assert "read 2 ledger(s): 2 new report(s), 0 changed, 0 unchanged" in out
    assert f"refused {foreign}: not a pingan-docs ledger: no sheet has a 任务编号 column" in err
    assert f"refused {renamed}: sheet 任务分工台账: header row 3 lacks 完成情况" in err
    assert f"skipped 公安局.xlsx 任务分工台账 第{row_of(load_workbook(police)['任务分工台账'], first_id)}行: " \
           "完成情况 '差不多' is not one of 已完成/正常推进/滞后/未启动; row skipped" in err
    assert f"conflict on {JINTAI} 完成情况:" in err and "'滞后'" in err and "'已完成'" in err
    assert "Traceback" not in err

    store = progress_path(office / "extracted")
    assert store == office / "progress.jsonl"
    lines = store.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"format": "pingan-docs progress", "version": 1}
    assert [json.loads(line)["task"] for line in lines[1:]] == sorted([LUZHOU_POLICE, HUHHOT_NET])
    police_record = json.loads(lines[1 + sorted([LUZHOU_POLICE, HUHHOT_NET]).index(LUZHOU_POLICE)])
    assert police_record["status"] == "已完成" and police_record["report"] == "新建警务室12个"
    assert police_record["source"] == f"{police}; {town}"

    # everything downstream sees it: the graph API …
    graph = pingan_docs.load(office / "extracted")
    assert graph.task(LUZHOU_POLICE).progress.status == "已完成"  # type: ignore[union-attr]
    assert graph.task(JINTAI).progress is None  # the conflict stored nothing
    # … the site: the task's row on its unit page carries the badge, with the report
    assert cli(office, "site", "--out", str(office / "site"), "--today", "2016-01-01") == 0
    unit_page = (office / "site" / "units" / "泸州市公安局.html").read_text(encoding="utf-8")
    assert '<span class="pd-badge pd-p-done" title="新建警务室12个' in unit_page
    capsys.readouterr()
    # … the queries: done, and a done task is no longer overdue
    assert cli(office, "query", "unit", "市公安局", "--region", "泸州", "--status", "已完成", "--json") == 0
    assert [i["task"]["id"] for i in json.loads(capsys.readouterr().out)] == [LUZHOU_POLICE]
    assert cli(office, "query", "unit", "呼和浩特市公安局", "--status", "overdue", "--today", "2016-01-01",
               "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert cli(office, "query", "deadlines", "--status", "done", "--json") == 0
    assert [d["deadline"]["end"] for d in json.loads(capsys.readouterr().out)] == ["2015-12-31"]
    assert cli(office, "query", "unit", "泸州市公安局", "--status", "未报送", "--json") == 0
    assert LUZHOU_POLICE not in {i["task"]["id"] for i in json.loads(capsys.readouterr().out)}
    # … and the next ledger sent out carries what was reported
    again = office / "台账2.xlsx"
    assert cli(office, "export", "ledger", "--out", str(again)) == 0
    sheet = load_workbook(again)["任务分工台账"]
    r = row_of(sheet, LUZHOU_POLICE)
    assert sheet.cell(row=r, column=COL["完成情况"]).value == "已完成"
    assert sheet.cell(row=r, column=COL["进展情况"]).value == "新建警务室12个"

    # the office settles the conflict by importing the file it trusts on its own
    capsys.readouterr()
    assert cli(office, "progress", "import", str(police)) == 0
    assert "1 new report(s), 0 changed, 2 unchanged" in capsys.readouterr().out
    assert pingan_docs.load(office / "extracted").task(JINTAI).progress.remark == "人员未到位"  # type: ignore[union-attr]
    # a later report changes the current progress, also when another unit sends the
    # pre-filled row back untouched (no news, not a conflict); the file keeps the history
    fill(again, town, {LUZHOU_POLICE: ("已完成", "新建警务室15个", None)})
    assert cli(office, "progress", "import", str(town), str(again)) == 0
    assert f"changed {LUZHOU_POLICE}: 已完成/新建警务室12个 → 已完成/新建警务室15个" in capsys.readouterr().out
    assert [r.progress.report for r in read_log(store) if r.task == LUZHOU_POLICE] == ["新建警务室12个", "新建警务室15个"]


def refused(office: Path, workbook: Path, capsys: pytest.CaptureFixture) -> str:
    store = progress_path(office / "extracted")
    before = store.read_bytes() if store.exists() else None
    capsys.readouterr()
    assert cli(office, "progress", "import", str(workbook)) == 1
    err = capsys.readouterr().err
    assert (store.read_bytes() if store.exists() else None) == before  # changed nothing
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_bad_workbooks_are_refused_whole(office: Path, capsys: pytest.CaptureFixture) -> None:
    ledger = office / "台账.xlsx"
    assert cli(office, "export", "ledger", "--out", str(ledger)) == 0
    filled = office / "filled.xlsx"
    fill(ledger, filled, {LUZHOU_POLICE: ("已完成", "好", None)})

    merged = office / "merged.xlsx"
    book = load_workbook(filled)
    book["任务分工台账"].merge_cells("L3:M3")
    book.save(merged)
    assert "header cells merged (L3:M3)" in refused(office, merged, capsys)

    unknown = office / "unknown.xlsx"
    book = load_workbook(filled)
    sheet = book["任务分工台账"]
    sheet.cell(row=row_of(sheet, LUZHOU_POLICE), column=COL[ID_COLUMN], value="999_other.html#t-一")
    book.save(unknown)
    assert "1 row(s) with a 任务编号 this extraction does not know (e.g. 999_other.html#t-一)" in refused(
        office, unknown, capsys)

    doubled = office / "doubled.xlsx"
    book = load_workbook(filled)
    book["任务分工台账"].cell(row=3, column=COL["备注"], value="进展情况")
    book.save(doubled)
    assert "lacks 备注" in refused(office, doubled, capsys)

    old = office / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    assert "an old-format workbook (.xls): save it as .xlsx" in refused(office, old, capsys)
    broken = office / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 truncated")
    assert "cannot be read as an .xlsx workbook" in refused(office, broken, capsys)
    assert "no such file" in refused(office, office / "nowhere.xlsx", capsys)

    # a good file next to a bad one still goes in
    capsys.readouterr()
    assert cli(office, "progress", "import", str(filled), str(merged), "--dry-run") == 1
    assert "1 new report(s)" in capsys.readouterr().out and not progress_path(office / "extracted").exists()
    assert cli(office, "progress", "import", str(filled), "--json") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["new"] == [LUZHOU_POLICE] and summary["refused"] == []


def test_progress_file_errors_name_file_and_line(office: Path, capsys: pytest.CaptureFixture) -> None:
    store = progress_path(office / "extracted")
    store.write_text('{"format": "pingan-docs progress", "version": 1}\n'
                     f'{{"task": "{LUZHOU_POLICE}", "status": "差不多"}}\n', encoding="utf-8")
    with pytest.raises(ProgressFileError, match=r"progress.jsonl:2: status: Input should be '已完成'"):
        read_log(store)
    assert cli(office, "query", "units") == 1
    err = capsys.readouterr().err
    assert "progress.jsonl:2: status" in err and err.count("\n") == 1
    store.write_text('{"format": "pingan-docs progress", "version": 9}\n', encoding="utf-8")
    with pytest.raises(ProgressFileError, match="format version 9 is newer"):
        read_log(store)
    store.write_text("task,status\n", encoding="utf-8")
    with pytest.raises(ProgressFileError, match=":1: not a progress file"):
        read_log(store)


def test_progress_show(office: Path, capsys: pytest.CaptureFixture) -> None:
    store = progress_path(office / "extracted")
    store.write_text('{"format": "pingan-docs progress", "version": 1}\n'
                     f'{{"task": "{JINTAI}", "status": "滞后", "report": "宣传车未到位", "updated": "2014-11-20"}}\n',
                     encoding="utf-8")
    assert cli(office, "progress", "show", "--status", "滞后") == 0
    assert "进展：1 项任务（滞后）" in capsys.readouterr().out
    assert cli(office, "progress", "show", "--json") == 0
    assert json.loads(capsys.readouterr().out) == [{"task": JINTAI, "status": "滞后", "report": "宣传车未到位",
                                                    "remark": None, "updated": "2014-11-20", "source": None}]
