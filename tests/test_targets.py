"""Targets on real documents of the development set (tests/dev/raw/) and on the genre's
constructions one by one: what a goal paragraph sets, and what only looks like a target
(benefits, eligibility thresholds, history, the indefinite 一)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pingan_docs.evaluate import items_of
from pingan_docs.extract import extract_file
from pingan_docs.nlp.targets import TargetFinder
from pingan_docs.normalize import normalize, quote_mask

from .conftest import ROOT

DEV = ROOT / "tests" / "dev" / "raw"


@cache
def dev_targets(name: str) -> list[tuple[str, str, float, str | None]]:
    items = items_of(extract_file(Path(DEV / name)))["targets"]
    return [(t["path"], t["comparator"], t["value"], t["unit"]) for t in items]


@cache
def finder() -> TargetFinder:
    return TargetFinder()


def find(text: str) -> list[tuple[str, float, float | None, str | None]]:
    return [(h.comparator, h.value, h.value_max, h.unit) for h in finder().find(text, quote_mask(text))]


@pytest.mark.parametrize("name", ["a1_guofa_2018_42_farm_machinery_opinions.html",
                                  "a1_guofa_2018_42_farm_machinery_opinions.pdf"])
def test_goal_paragraph_with_multi_character_units(name: str) -> None:
    got = dev_targets(name)
    # 超过10亿千瓦 (>), 稳定在11亿千瓦左右 (=), 机械化率达到70%
    assert {("一/(二)", ">", 10.0, "亿千瓦"), ("一/(二)", "=", 11.0, "亿千瓦"),
            ("一/(二)", "=", 1.2, "亿千瓦"), ("一/(二)", "=", 70.0, "%"),
            ("一/(二)", "=", 50.0, "%")} <= set(got)
    assert all(path == "一/(二)" for path, *_ in got)  # the 发展目标 only


def test_counts_after_output_verbs() -> None:
    got = set(dev_targets("a2_guobanfa_2018_121_sports_events_opinions.html"))
    # 总规模达到2万亿元, 推出100项…赛事, 打造100个…品牌
    assert got == {("一/(三)", "=", 2.0, "万亿元"), ("一/(三)", "=", 100.0, "项"),
                   ("一/(三)", "=", 100.0, "个")}


def test_chinese_word_numerals() -> None:
    got = set(dev_targets("e1_guangdong_aiopc_action_plan.html"))
    # 先行培育10个…, 建成百个…, 培育千家…, 集聚万名…; 年营业收入超千万的优质企业 is a category
    assert got == {("一", "=", 10.0, "个"), ("一", "=", 100.0, "个"), ("一", "=", 1000.0, "家"),
                   ("一", "=", 10000.0, "名")}


def test_benefits_are_not_targets() -> None:
    """A 若干措施 full of grants, rewards, rent relief and loan caps next to real targets."""
    e2 = dev_targets("e2_nanchong_aiopc_action_plan.html")
    assert {("一", ">=", 20.0, "个"), ("一", ">=", 50.0, "个"), ("一", ">=", 150.0, "户"),
            ("一", ">=", 300.0, "名")} <= set(e2)
    e3 = dev_targets("e3_wuhan_aiopc_measures.html")
    assert {("四", ">=", 50.0, "场"), ("八", ">=", 100.0, "个"), ("十", ">=", 50.0, "个")} <= set(e3)
    for got in (e2, e3):
        assert not [t for t in got if t[3] and t[3].endswith("元")]  # every amount there is a benefit
        assert not [t for t in got if t[3] == "%" and t[0] != "一"]  # subsidy rates, 风险补偿 80%


def test_history_is_not_a_target() -> None:
    # a 通报: deaths, accidents, sanctions; 凡有一项没有达到基本条件的 is a condition
    assert dev_targets("c2_guobanfa_2004_7_coal_mine_gas_explosion_notice.html") == []


def test_markdown_text_counts_a_frequency() -> None:
    text = normalize((DEV / "c4_taian_aiqinhai_zhiben_gongjian_plan.md").read_text(encoding="utf-8")).text
    hits = finder().find(text, quote_mask(text))
    assert [(h.comparator, h.value, h.unit, h.indicator) for h in hits] == [
        ("=", 2.0, "次", "疏散逃生演练")]  # 每年度进行两次疏散逃生演练


@pytest.mark.parametrize(("text", "expected"), [
    ("全市农机总动力超10亿千瓦。", [(">", 10.0, None, "亿千瓦")]),
    ("参与人数逾100万人次。", [(">", 100.0, None, "万人次")]),
    ("全市人均GDP突破10万元。", [(">", 10.0, None, "万元")]),
    ("力争全市OPC企业1000家。", [("=", 1000.0, None, "家")]),
    ("森林覆盖率稳定在58%左右。", [("=", 58.0, None, "%")]),
    ("城镇调查失业率控制在5.5%以内。", [("<=", 5.5, None, "%")]),
    ("培育100个以上龙头企业。", [(">=", 100.0, None, "个")]),
    ("建成人工智能OPC社区20个以上。", [(">=", 20.0, None, "个")]),
    ("办结时限压缩至3个工作日。", [("=", 3.0, None, "个工作日")]),
    ("覆盖率提高5个百分点。", [("increase", 5.0, None, "个百分点")]),
    ("新增就业岗位2万个,建设高标准农田300万亩。", [("=", 2.0, None, "万个"), ("=", 300.0, None, "万亩")]),
    ("2005年有二个县区达到创建标准。", [("=", 2.0, None, "个")]),
    ("西城、郊区各一支。", [("=", 1.0, None, "支")]),
    ("每年组织开展一次专项检查。", [("=", 1.0, None, "次")]),
    ("乡镇配备专职人员3-5名。", [("range", 3.0, 5.0, "名")]),
    ("年内新增高清视频监控1000路以上。", [(">=", 1000.0, None, "路")]),
    ("命案发案率控制在0.5/10万以下。", [("<=", 0.5, None, "/10万")]),  # a rate, not a range 0.5-10
    ("全市执法检查不少于3000家次。", [(">=", 3000.0, None, "家次")]),  # a count of events
    ("新建“雪亮工程”视频监控点位200个。", [("=", 200.0, None, "个")]),  # a quoted name in the object
    # a rate printed without a measure (its base is in its name)
    ("亿元国内生产总值生产安全事故死亡率控制在0.04以内。", [("<=", 0.04, None, None)]),
    ("道路交通万车死亡率下降到1.5。", [("=", 1.5, None, None)]),
    # scores and flags; a Chinese numeral after a bounding cue
    ("年度考核得分不低于90分。", [(">=", 90.0, None, "分")]),
    ("每个村悬挂宣传横幅不少于2面。", [(">=", 2.0, None, "面")]),
    ("每个网格配备专职网格员不少于两名,每月至少一次入户走访。", [(">=", 2.0, None, "名"), (">=", 1.0, None, "次")]),
    # a share written out in words (百分之, 千分之), set by a cue
    ("刑释人员重新犯罪率低于千分之一,群众满意率达到百分之九十五以上。", [("<", 1.0, None, "‰"), (">=", 95.0, None, "%")]),
    # a share of places, written before them or before what they achieve
    ("全市90%以上的乡镇(街道)建成规范化综治中心。", [(">=", 90.0, None, "%")]),
    ("各社区100%建立人民调解委员会。", [("=", 100.0, None, "%")]),
    # a range with its measure written on both ends
    ("增幅控制在6%—8%。", [("range", 6.0, 8.0, "%")]),
    # vehicles (部); counts joined by 和 with the same measure; a breakdown after 其中
    ("消防车辆必须达到4部以上,新增1辆抢险救援车和1辆泡沫水罐车。",
     [(">=", 4.0, None, "部"), ("=", 1.0, None, "辆"), ("=", 1.0, None, "辆")]),
    ("年内招收30名专职网格员,其中城关镇6人,各乡4人。",
     [("=", 30.0, None, "名"), ("=", 6.0, None, "人"), ("=", 4.0, None, "人")]),
    ("无专职消防队的乡镇100%组建义务消防队。", [("=", 100.0, None, "%")]),
    # a target next to a benefit: the reward has its own predicate
    ("培育100家企业并给予每家50万元奖励。", [("=", 100.0, None, "家")]),
])
def test_target_constructions(text: str, expected: list) -> None:
    assert find(text) == expected


@pytest.mark.parametrize("text", [
    "对成功揭榜的项目,按照实际立项金额不超过50%给予补助,单个项目支持最高不超过50万元。",
    "给予每户企业不超过算力购买费用的60%补贴。",
    "分别给予最高不超过25万元、10万元、3万元一次性后补助。",
    "给予2年且每月不超过2000元的免租优惠。",
    "单笔贷款最高1000万元,对发生的贷款本金损失,给予最高80%的风险补偿。",
    "对年营业收入首次超过1亿元的企业,按规定予以支持。",  # eligibility
    "对注册资本不低于500万元的企业,优先推荐。",
    "形成一批年营业收入超千万的优质企业。",
    "对10万元以上的重特大案件。",
    "已建成50个示范点,累计培育100家企业。",  # history
    "打造一支懂农业、爱农村的人才队伍,建立一个平台。",  # the indefinite article
    "走进千家万户。",
    "全市总人口约1000万人。",
    "受理后在5个工作日以内办结。",  # a time limit: a deadline with no date
    "全市共划分网格1200,其中城市网格控制在300。",  # bare numbers that are no rate
    "事故起数下降到2019年水平,死亡率保持在2020年。",
    "用3个月左右时间,集中开展矛盾纠纷大排查。",  # how long a campaign runs
    "上午9时30分召开动员会。",
    "以百分之百的热情投入工作。",  # an idiom: no cue sets it
    "由3部门联合开展督查。",
    "规划确定了9项具体建设任务和7项重点建设项目。",  # a list the plan holds, not counts it sets
    "三、应急机制建设(10分)",  # the weight of an item in a scoring table
])
def test_not_targets(text: str) -> None:
    assert find(text) == []


def test_indicator_keeps_a_word_that_opens_with_a_function_character() -> None:
    """在, 及, 使 open words too (在册患者, 及时率): a filler goes only as a word of its own."""
    text = "确保在册患者规范管理率达到90%以上,在全市范围内及时率达到95%。"
    hits = finder().find(text, quote_mask(text))
    assert [h.indicator for h in hits] == ["在册患者规范管理率", "全市范围内及时率"]


def test_indicator_keeps_a_noun_that_opens_with_a_count_verb() -> None:
    text = "建成区消防站覆盖率不低于80%,建成人工智能社区20个以上。"
    assert [h.indicator for h in finder().find(text, quote_mask(text))] == ["建成区消防站覆盖率", "人工智能社区"]


def test_indicator_without_its_baseline() -> None:
    """较上年 / 比2023年 / 与上年同期相比 say what a change is measured against."""
    text = "刑事案件破案率较上年提高5个百分点,发案数比2023年下降5%,群众满意度与上年同期相比提高2个百分点。"
    assert [h.indicator for h in finder().find(text, quote_mask(text))] == ["刑事案件破案率", "发案数", "群众满意度"]


@pytest.mark.parametrize(("text", "expected"), [
    ("群众安全感和满意度分别达到95%和90%以上。", [("群众安全感", ">=", 95.0), ("群众满意度", ">=", 90.0)]),
    ("破案率、起诉率分别提高3个百分点和2个百分点。", [("破案率", "increase", 3.0), ("起诉率", "increase", 2.0)]),
    ("刑事案件破案率、命案破案率分别达到80%和95%。", [("刑事案件破案率", "=", 80.0), ("命案破案率", "=", 95.0)]),
    # one measure, a number per stage: the bound after the last holds for each
    ("到2026年、2028年,小区技防覆盖率分别达到70%、90%以上。",
     [("小区技防覆盖率", ">=", 70.0), ("小区技防覆盖率", ">=", 90.0)]),
])
def test_respectively(text: str, expected: list) -> None:
    """A、B分别达到X和Y以上: each measure its number (sharing what only one of them writes),
    the bound after the last number for all."""
    assert [(h.indicator, h.comparator, h.value) for h in finder().find(text, quote_mask(text))] == expected


def test_a_part_that_reports_sets_no_targets() -> None:
    """一、基本情况 states what was achieved; the goals come after it."""
    from pingan_docs.extract import extract_text
    from pingan_docs.models import Source

    text = ("某县平安建设三年行动方案\n一、基本情况\n近年来,全县建成综治中心120个,命案破案率达到95%。\n"
            "二、工作目标\n到2026年底,全县综治中心规范化建设率达到100%。\n"
            "三、工作措施\n（一）夯实工作基础\n县公安局要加强巡逻,群众安全感达到98%以上。\n")
    doc = extract_text(text, Source(path="t.txt", format="txt", sha256=""), "t")
    assert [(t.path, x.value) for t in doc.tasks for x in t.targets] == [("二", 100.0), ("三/(一)", 98.0)]


def test_a_list_of_rates_shares_its_subject() -> None:
    """A rate that opens with the work it measures, after a comma, measures the subject
    the rate before it names; a rate with a subject of its own keeps it. Examples in
    brackets (…等) are no part of the indicator; 县(市、区) is."""
    text = ("重点部位(党政机关、学校等)排查率达100%,整改率达100%;刑事案件破案率达到90%,命案破案率达到100%;"
            "丘陵山区县(市、区)机械化率达到50%。")
    assert [h.indicator for h in finder().find(text, quote_mask(text))] == [
        "重点部位排查率", "重点部位整改率", "刑事案件破案率", "命案破案率", "丘陵山区县(市、区)机械化率"]


def test_an_indicator_starts_after_the_target_before_it() -> None:
    """Targets listed with 、: each indicator from after the number before it; a bare
    holder takes the measure its neighbour names (街道 → 街道人均); 人均 keeps its 均."""
    text = "生产企业实施良好操作规范率达到100%、质量管理体系自查覆盖率达到100%。按照区人均不低于1元、街道不低于1.5元的标准。"
    assert [h.indicator for h in finder().find(text, quote_mask(text))] == [
        "生产企业实施良好操作规范率", "质量管理体系自查覆盖率", "区人均", "街道人均"]


def test_a_rate_after_a_count_verb_keeps_its_name() -> None:
    """创建 counts (创建10个), but before a share it is part of the rate's name."""
    text = "确保全县“平安乡镇”创建达标率100%;“平安村(社区)”创建达标率95%以上。"
    assert [h.indicator for h in finder().find(text, quote_mask(text))] == [
        "全县“平安乡镇”创建达标率", "“平安村(社区)”创建达标率"]
