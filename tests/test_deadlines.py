"""Deadlines on real documents of the development set (tests/dev/raw/) and on the genre's
time expressions one by one. Where a document's issue date is what resolves its dates,
the date printed in its signature is passed in, so these tests check the resolution
whatever the metadata extractor makes of the page."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pingan_docs.extract import extract_file
from pingan_docs.nlp.deadlines import DeadlineFinder
from pingan_docs.normalize import normalize

from .conftest import ROOT

DEV = ROOT / "tests" / "dev" / "raw"
Row = tuple[str, "str | None", "str | None", "str | None"]


@cache
def finder() -> DeadlineFinder:
    return DeadlineFinder()


@cache
def dev_text(name: str) -> str:
    path = DEV / name
    if path.suffix == ".md":  # read as text (the Markdown reader is not what is tested here)
        return normalize(path.read_text(encoding="utf-8")).text
    return extract_file(Path(path)).text


def find(text: str, issue: str | None) -> list[Row]:
    return [(h.kind, h.start_date, h.end_date, h.frequency) for h in finder().find(text, issue)]


def test_annual_plan_dates_resolve_to_its_year() -> None:
    """13 dated steps of an enrolment plan; the birth window 2022年9月1日至2023年8月31日
    is a category of children (history by the issue date), 于当天 is the day named before."""
    text = dev_text("d2_tianhe_2026_kindergarten_enrolment_plan.html")
    expected = [
        ("period", "2026-05-24", "2026-05-26", None), ("due", None, "2026-06-05", None),
        ("due", None, "2026-05-12", None), ("due", None, "2026-05-18", None),
        ("period", "2026-04-26", "2026-04-28", None), ("period", "2026-05-19", "2026-05-22", None),
        ("period", "2026-06-02", "2026-06-04", None), ("due", None, "2026-05-22", None),
        ("period", "2026-05-24", "2026-05-27", None), ("due", None, "2026-06-05", None),
        ("due", None, "2026-06-12", None)]
    assert find(text, "2026-04-20") == expected
    # without an issue date the plan's title (2026年…招生工作方案) still gives the year
    assert find(text, None) == expected


def test_five_year_plan_periods_and_history() -> None:
    text = dev_text("c3_guobanfa_1997_2_earthquake_prevention_notice.html")
    assert find(text, "1997-02-04") == [
        ("period", "1996-01-01", "2000-12-31", None),  # “九五”期间, begun before the notice
        ("due", None, "1997-12-31", None),  # 今年适当时候
        ("period", "1996-01-01", "2000-12-31", None), ("period", "1996-01-01", "2000-12-31", None)]
    # 我局于1997年1月7日至11日召开…会商会: reported, before the issue date


def test_a_circular_of_past_accidents_sets_no_deadline() -> None:
    # 2003年5月13日…8月11日至18日 (the year carried over from the paragraph's full date)
    text = dev_text("c2_guobanfa_2004_7_coal_mine_gas_explosion_notice.html")
    assert find(text, "2004-01-16") == []


def test_validity_is_not_a_deadline() -> None:
    e2 = find(dev_text("e2_nanchong_aiopc_action_plan.html"), "2025-06-29")
    e3 = find(dev_text("e3_wuhan_aiopc_measures.html"), "2026-02-13")
    # 本文件有效期2年，自2026年7月31日起施行 / 自2026年3月18日起施行,有效期至2028年12月31日
    assert not [d for d in e2 + e3 if d[2] in ("2026-07-31", "2028-07-30", "2028-12-31")]
    assert ("due", None, "2027-12-31", None) in e2  # 到2027年底
    assert ("recurring", None, None, "quarterly") in e2  # 每季度定期发布
    assert {d[0] for d in e3} == {"recurring"}  # 每年为每家OPC提供, 全市每年挖掘, 每年发掘…


def test_cycles_named_by_their_period() -> None:
    text = dev_text("c4_taian_aiqinhai_zhiben_gongjian_plan.md")
    assert find(text, "2024-03-13") == [
        ("due", None, "2025-12-31", None), ("due", None, "2024-12-31", None),
        ("recurring", None, None, "yearly"),  # 每年度进行两次
        ("due", None, "2024-12-31", None),
        ("recurring", None, None, "monthly"), ("recurring", None, None, "quarterly"),
        ("recurring", None, None, "yearly"),  # 定期开展月度、季度、年度评估
        ("due", None, "2026-12-31", None)]
    # 根据年度工作目标，每年都有侧重任务: a statement, not a cycle of work


@pytest.mark.parametrize(("text", "issue", "expected"), [
    ("本通知印发之日起10个工作日内报送。", "2026-03-13", [("due", None, "2026-03-27", None)]),
    ("本意见印发之日起30日内", "2004-07-22", [("due", None, "2004-08-21", None)]),
    ("自本方案印发之日起3个月内完成。", "2025-11-30", [("due", None, "2026-02-28", None)]),
    ("受理后5个工作日内办结。", "2026-03-13", [("due", None, None, None)]),
    ("自签订供养意愿书之日起1个月内完成。", "2026-03-13", [("due", None, None, None)]),
    ("自项目批复下发之日起30日内开工。", "2026-03-13", [("due", None, None, None)]),
    ("每年12月底前报送年度工作总结。", "2026-03-13", [("recurring", None, None, "yearly")]),
    ("每月5日前报送上月数据。", "2026-03-13", [("recurring", None, None, "monthly")]),
    ("纳入年度目标责任考核。", "2026-03-13", [("recurring", None, None, "yearly")]),
    ("各中小学校每学期开展2次应急疏散演练,每学年进行一次评估。", "2026-03-13",
     [("recurring", None, None, "half-yearly"), ("recurring", None, None, "yearly")]),
    ("到“十四五”末,十五五期间。", "2024-01-01",
     [("due", None, "2025-12-31", None), ("period", "2026-01-01", "2030-12-31", None)]),
    ("“十二五”期间已完成。", "2016-05-01", []),  # ended before the issue date
    ("2026年上半年完成试点,第三季度末前总结。", "2026-03-13",
     [("due", None, "2026-06-30", None), ("due", None, "2026-09-30", None)]),
    ("4—6月为集中整治阶段,7月至9月为巩固提升阶段。", "2026-03-13",
     [("period", "2026-04-01", "2026-06-30", None), ("period", "2026-07-01", "2026-09-30", None)]),
    ("2026年6月底前完成,2026年年底前全面完成。", "2026-03-13",
     [("due", None, "2026-06-30", None), ("due", None, "2026-12-31", None)]),
    ("6月中旬前完成部署,下年度1月10日前申报。", "2026-03-13",
     [("due", None, "2026-06-20", None), ("due", None, "2027-01-10", None)]),
    ("不晚于2026年9月30日完成。", "2026-03-13", [("due", None, "2026-09-30", None)]),
    ("一、总体目标\n2026年,先行培育10个社区。", "2026-03-13", [("due", None, "2026-12-31", None)]),
    ("年内解决。", "2026-03-13", [("due", None, "2026-12-31", None)]),
    ("明年底前全面完成,次年年底前验收。", "2026-03-13",
     [("due", None, "2027-12-31", None), ("due", None, "2027-12-31", None)]),
    ("报名截止时间为2026年6月30日,6月份前完成摸底。", "2026-03-13",
     [("due", None, "2026-06-30", None), ("due", None, "2026-06-30", None)]),
    ("自2026年第二季度起,每个季度第1个月的20日前报送。", "2026-03-13",
     [("recurring", None, None, "quarterly")]),
    # holidays: the day before, of the year named, else the next one after the issue date
    ("于2024年国庆节前完成。", "2024-03-15", [("due", None, "2024-09-30", None)]),
    ("春节前将工资发放到位。", "2024-11-20", [("due", None, "2025-01-28", None)]),
    ("春节前将工资发放到位。", "2024-01-05", [("due", None, "2024-02-09", None)]),
    ("元旦前完成清欠。", "2024-11-20", [("due", None, "2024-12-31", None)]),
    # lunar holidays (data/holidays.txt), and before several: before the first of them
    ("端午节前完成。", "2024-03-05", [("due", None, "2024-06-09", None)]),
    ("在中秋、国庆前完成排查。", "2024-03-05", [("due", None, "2024-09-16", None)]),
    ("汛期前完成隐患整治。", "2024-03-05", [("due", None, None, None)]),  # a season with no date
    # a date straight before the work's completion; 每1周 is every week
    ("各乡镇2026年5月完成摸底,2027年底全面建成。", "2026-03-13",
     [("due", None, "2026-05-31", None), ("due", None, "2027-12-31", None)]),
    ("每1周通报一次,每一个月召开一次调度会。", "2026-03-13",
     [("recurring", None, None, "weekly"), ("recurring", None, None, "monthly")]),
    # limits in hours from an event; 一天一报; the day printed after 年底
    ("发生重大事件必须在1小时内上报,活动开始24小时之前报送方案。", "2026-03-13",
     [("due", None, None, None), ("due", None, None, None)]),
    ("实行“一天一报”制度。", "2026-03-13", [("recurring", None, None, "daily")]),
    ("从即日起至年底12月30日止。", "2026-03-13", [("period", "2026-03-13", "2026-12-30", None)]),
    # a span from part of a month, or from …开始 to …结束; a bare 年底 before work
    ("2026年11月中旬至2027年2月底开展冬季防火,从2026年3月5日开始至4月30日结束。", "2026-03-01",
     [("period", "2026-11-11", "2027-02-28", None), ("period", "2026-03-05", "2026-04-30", None)]),
    ("一、目标\n2027年底,全市建成视频监控系统。", "2026-03-13", [("due", None, "2027-12-31", None)]),
    # 日排查、日调度、日报告: one daily cycle; a bare year before a target's cue
    ("实行日排查、日调度、日报告制度。", "2026-03-13", [("recurring", None, None, "daily")]),
    ("严格落实要求。2027年,用水总量控制在47.38亿立方米。", "2026-03-13", [("due", None, "2027-12-31", None)]),
    # a schedule table's month cells
    ("专项整治行业\t时间安排\n烟花爆竹\t5月份\n危险化学品\t6月份\n", "2026-03-13",
     [("period", "2026-05-01", "2026-05-31", None), ("period", "2026-06-01", "2026-06-30", None)]),
    # a tag's time limit (治理时限：2026年11月)
    ("（责任单位:县安委办;治理时限:2026年11月）", "2026-03-13", [("due", None, "2026-11-30", None)]),
    # the middle of a year (年中旬); no other part of a year
    ("到2027年中旬完成,2027年上旬启动。", "2026-03-13", [("due", None, "2027-06-30", None)]),
    # the year a goal is set for (力争/确保 + a bare year)
    ("力争2027年全县火灾起数同比下降10%。", "2026-03-13", [("due", None, "2027-12-31", None)]),
    # one per period: 一月一调度、一季一通报; 一月一日 is a date
    ("实行一月一调度、一季一通报,一年一度评选表彰。", "2026-03-13",
     [("recurring", None, None, "monthly"), ("recurring", None, None, "quarterly"), ("recurring", None, None, "yearly")]),
    # cycles by their period: 按季度报送; the idiom 月调度、季通报、年考核
    ("按季度报送工作进展,实行月调度、季通报、年考核。", "2024-03-05",
     [("recurring", None, None, "quarterly"), ("recurring", None, None, "monthly"),
      ("recurring", None, None, "quarterly"), ("recurring", None, None, "yearly")]),
])
def test_time_expressions(text: str, issue: str, expected: list[Row]) -> None:
    assert find(text, issue) == expected


def test_undated_annual_plan_named_after_its_place() -> None:
    """No issue date: the year the title gives the plan (after its place or 关于下达) dates
    年内 and 上半年; a span of years is no annual plan."""
    title = "某市人民政府关于下达2008年消防安全目标管理责任书的通知"
    assert [(h.kind, h.end_date) for h in finder().find("上半年竣工,力争年内动工。", None, title)] == [
        ("due", "2008-06-30"), ("due", "2008-12-31")]
    assert [h.end_date for h in finder().find("年内完成。", None, "某县2024年至2026年平安建设三年行动方案")] == [None]


@pytest.mark.parametrize("text", [
    "截至2025年底,全市共建成社区200个。",  # as of: a statistic
    "关于2026年全市安全生产工作的安排。由于2027年任务繁重。",
    "根据《规划(2026—2030年)》要求。",  # the title of another document
    "自2026年4月1日起施行,有效期至2028年3月31日。",
    "本办法有效期5年。",
    "1997年,我国大陆发生7级以上地震的可能性较大。",  # a forecast, not a target year
    "离校5年内的高校毕业生。",
    "春节期间加强节日值守。",  # during, not before
    "根据年度工作目标,每年都有侧重任务。",
    "全年考核不合格的,予以通报。按年龄分组统计。",
    "2025年完成了老旧小区改造。每两周通报一次。",
    "一月一日起施行。",
    "实行24小时值班制度。",  # history; every two weeks is no frequency of FORMAT's
])
def test_not_deadlines(text: str) -> None:
    assert find(text, "2026-03-13") == []
