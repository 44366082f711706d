"""Units, roles, targets and deadlines: scored on the corpus and checked on a document
written for the tests (another city, a task table), so rules are not tuned to the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from pingan_docs.evaluate import items_of
from pingan_docs.extract import extract_file
from pingan_docs.nlp.organs import canonical_name
from pingan_docs.nlp.units import find_units

from .conftest import FIXTURES

THRESHOLDS = {"assignments": 0.90, "targets": 0.85, "deadlines": 0.85}


@pytest.mark.parametrize("field", list(THRESHOLDS))
def test_corpus_f1(report: dict, field: str) -> None:
    assert report["total"][field]["f1"] >= THRESHOLDS[field]


def test_indicator_wording(report: dict) -> None:
    assert report["total"]["indicator_wording"] >= 0.6


def test_tag_block_after_items_covers_the_parent(documents: dict) -> None:
    doc = documents["003_a230dda529796dcc.html"]
    leads = {(t.path, u.name) for t in doc.tasks for u in t.units if u.role == "lead"}
    assert ("二/(一)", "市委政法委") in leads
    assert ("二/(二)", "市公安局") in leads


def test_canonical_names_carry_jurisdiction(documents: dict) -> None:
    doc = documents["000_819b2f747ba95bfb.pdf"]
    names = {u.name: u.canonical for t in doc.tasks for u in t.units}
    assert names["市公安局"] == "呼和浩特市公安局"
    assert canonical_name("团区委", "宝鸡市金台区") == "共青团宝鸡市金台区委"
    assert canonical_name("区司法局", "宝鸡市金台区") == "宝鸡市金台区司法局"
    assert canonical_name("金台公安分局", "宝鸡市金台区") == "金台公安分局"


def test_unit_recognition_on_characters() -> None:
    text = ("由市民政局负责。督促各区县人民政府落实。住房和城乡建设局、市司法局要配合。"
            "维护首府大局稳定,加强公共场所管理,公安局长参加。")
    names = [m.name for m in find_units(text, "呼和浩特市")]
    assert names == ["市民政局", "各区县人民政府", "住房和城乡建设局", "市司法局"]


def test_organ_of_a_place_named_by_a_locative() -> None:
    """所在地/事发地 names the place whose organ is meant, with or without 的; any other
    的 still ends a name (市公安局的警力 is 市公安局)."""
    names = [m.name for m in find_units("学校所在地的公安派出所要加强巡逻,事发地人民政府负责处置,"
                                        "市公安局的警力向农村倾斜。")]
    assert names == ["学校所在地的公安派出所", "事发地人民政府", "市公安局"]


def test_shared_heads() -> None:
    names = [m.name for m in find_units("宣传、教育、公安等相关部门参与;工商、文化、质检等部门要落实")]
    assert names == ["宣传", "教育", "公安", "工商、文化、质检等部门"]


@pytest.fixture(scope="module")
def unseen() -> dict:
    return items_of(extract_file(Path(FIXTURES / "unseen_plan.html")))


def test_unseen_roles(unseen: dict) -> None:
    got = {(a["path"], a["unit"], a["role"]) for a in unseen["assignments"]}
    assert {("二/(一)", "区综治办", "lead"), ("二/(一)", "各街道办事处", "responsible"),
            ("二/(一)", "区公安分局", "cooperate"), ("二/(二)", "区教育局", "lead"),
            ("二/(二)", "区城管局", "responsible"), ("二/(二)", "区财政局", "responsible")} <= got
    # objects and report destinations are not assignments
    assert not any(a["unit"] in ("物业公司", "区综治办") and a["path"] == "二/(二)"
                   for a in unseen["assignments"])


def test_unseen_targets_and_deadlines(unseen: dict) -> None:
    targets = {(t["path"], t["comparator"], t["value"], t["unit"]) for t in unseen["targets"]}
    assert {("一", "decrease", 5.0, "%"), ("一", ">=", 95.0, "%"),
            ("二/(二)", ">=", 200.0, "个")} <= targets
    deadlines = {(d["path"], d["kind"], d["end"], d["frequency"]) for d in unseen["deadlines"]}
    assert deadlines == {("一", "due", "2016-12-31", None), ("二/(一)", "due", "2016-06-30", None),
                         ("二/(二)", "recurring", None, "monthly"),
                         ("二/(二)", "due", "2016-09-30", None)}


def test_table_rows_are_tasks() -> None:
    doc = extract_file(Path(FIXTURES / "unseen_plan.html"))
    row = next(t for t in doc.tasks if t.text.startswith("1\t"))
    assert [(u.name, u.role) for u in row.units] == [
        ("区公安分局", "lead"), ("各街道办事处", "responsible"), ("区财政局", "responsible")]
    assert doc.text[row.span.start:row.span.end] == row.text


def test_not_targets() -> None:
    from pingan_docs.nlp.targets import TargetFinder
    from pingan_docs.normalize import quote_mask

    text = ("一次性死亡3人以上的重大火灾;奖励3000元;第42次常务会;六年来;"
            "实现“五个100%”;全市案值10万元以上重特大案件破案绝对数提高20%。")
    hits = TargetFinder().find(text, quote_mask(text))
    assert [(h.comparator, h.value, h.unit) for h in hits] == [("increase", 20.0, "%")]


def test_deadline_resolution() -> None:
    from pingan_docs.nlp.deadlines import DeadlineFinder

    text = ("到“十二五”末期完成;年内解决;下年度1月10日前申报;从现在起至2006年底;"
            "2004年7月至2006年12月;2003年,通过整治;每周开展一次;本意见印发之日起30日内")
    got = [(h.kind, h.start_date, h.end_date, h.frequency) for h in DeadlineFinder().find(text, "2004-07-22")]
    assert got == [("due", None, "2015-12-31", None), ("due", None, "2004-12-31", None),
                   ("due", None, "2005-01-10", None), ("period", "2004-07-22", "2006-12-31", None),
                   ("period", "2004-07-01", "2006-12-31", None), ("recurring", None, None, "weekly"),
                   ("due", None, "2004-08-21", None)]


def test_pipeline_doc_covers_the_text_exactly(documents: dict) -> None:
    from pingan_docs.nlp.pipeline import get_nlp

    nlp = get_nlp()
    for text in (documents["003_a230dda529796dcc.txt"].text, "QQ 群  与\n\n市公安局 2.0 release\t表"):
        doc = nlp.make_doc(text)
        assert doc.text == text
        assert [t.idx for t in doc] == sorted(t.idx for t in doc)
