"""Outline and metadata on the real corpus, scored with FORMAT.md's rules."""

from __future__ import annotations

import pytest

from pingan_docs.normalize import normalize
from pingan_docs.outline import build_outline

from .conftest import gold

FORMATS = ["pdf", "html", "txt", "docx"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_sections_f1_and_meta_accuracy_per_format(report: dict, fmt: str) -> None:
    totals = report["by_format"][fmt]
    assert totals["sections"]["f1"] >= 0.98
    assert totals["meta_accuracy"] >= 0.90


def test_every_format_of_a_document_gives_the_same_outline(documents: dict) -> None:
    by_doc: dict[str, set] = {}
    for doc_id, document in documents.items():
        paths = tuple(s.path for s in document.sections)
        by_doc.setdefault(doc_id.split(".")[0], set()).add(paths)
    for doc, outlines in by_doc.items():
        assert len(outlines) == 1, doc


def test_sections_match_gold_paths_exactly(documents: dict) -> None:
    for doc_id, document in documents.items():
        assert [s.path for s in document.sections] == [s["path"] for s in gold(doc_id)["sections"]]


def _outline(text: str) -> list[tuple[str, str]]:
    norm = normalize(text)
    return [(s.path, s.title) for s in build_outline(norm, 0, len(norm.text))]


def test_inline_headings_in_a_one_line_text() -> None:
    text = ("一、总体要求。二、工作措施(一)筑牢社区防控网1.科学规划警务室的建设。年内完成。"
            "2.推进社区民警专职化建设。(二)严密街面防控网3.深化网格化巡逻。三、工作要求")
    assert [p for p, _ in _outline(text)] == ["一", "二", "二/(一)", "二/(一)/1", "二/(一)/2",
                                              "二/(二)", "二/(二)/3", "三"]


def test_not_headings() -> None:
    text = ("一、总体要求\n一是统一、规范管理。二是1000人以下的村组建7-10人的队伍,"
            "2014年完成“一、二、三”工程,4/8人的保安。\n二、工作措施")
    assert [p for p, _ in _outline(text)] == ["一", "二"]


def test_repeated_label_keeps_its_items() -> None:
    text = "一、措施\n(一)甲\n1.子\n2.丑\n(一)乙\n3.寅\n"
    assert _outline(text) == [("一", "措施"), ("一/(一)", "甲"), ("一/(一)/1", "子"),
                              ("一/(一)/2", "丑"), ("一/(一)", "乙"), ("一/(一)/3", "寅")]


def test_forwarding_wrapper_and_closing_block(documents: dict) -> None:
    doc = documents["002_1eaf0ab2d51e31a4.txt"]
    assert doc.meta.forwarded_by == "中共阳泉市委、阳泉市人民政府"
    assert doc.meta.title == "关于在全市开展创建“平安县(区)”活动的实施意见"
    assert doc.meta.issue_date == "2004-07-22"  # 二○○四年七月二十二日
    assert doc.preamble is not None and "现转发给你们" in doc.text[doc.preamble.start:doc.preamble.end]
    assert doc.closing is not None and doc.text[doc.closing.start:].startswith("阳泉市社会治安综合治理委员会")


def test_doc_number_signer_and_embedded_title(documents: dict) -> None:
    pdf = documents["000_819b2f747ba95bfb.pdf"].meta
    assert (pdf.doc_number, pdf.signer) == ("呼综治委〔2014〕5号", "赵江涛")
    txt = documents["000_819b2f747ba95bfb.txt"].meta
    assert (txt.doc_number, txt.signer, txt.title) == (pdf.doc_number, pdf.signer, pdf.title)
    db = documents["003_a230dda529796dcc.html"].meta
    assert db.title == "关于创新完善社会治安防控体系建设意见"  # not the 印发…的通知 wrapper
    assert (db.issuer, db.issue_date, db.region) == ("泸州市人民政府", "2014-11-13", "泸州市")


def test_attachments_have_their_own_outline() -> None:
    from pingan_docs.extract import extract_text
    from pingan_docs.models import Source

    text = ("关于印发某县平安建设考核办法的通知\n各乡镇人民政府:\n一、考核内容\n(一)组织领导。县公安局要每季度检查。\n"
            "二、考核方法\n某县社会治安综合治理委员会\n2016年3月1日\n附件1\n某县平安建设考核细则\n一、考核对象\n"
            "各乡镇。\n二、评分标准\n(一)群众安全感达到90%以上。\n附件2\n考核表\n")
    doc = extract_text(text, Source(path="x.txt", format="txt", sha256="0" * 64), "x")
    assert [(s.path, s.title) for s in doc.sections] == [
        ("一", "考核内容"), ("一/(一)", "组织领导"), ("二", "考核方法"), ("附件1", "某县平安建设考核细则"),
        ("附件1/一", "考核对象"), ("附件1/二", "评分标准"), ("附件1/二/(一)", "群众安全感达到90%以上"),
        ("附件2", "考核表")]
    target = next(t for t in doc.tasks if t.path == "附件1/二/(一)").targets[0]
    assert (target.indicator, target.comparator, target.value) == ("群众安全感", ">=", 90.0)


def test_chapters_and_articles() -> None:
    text = ("第一章 总则\n第一条 为加强治安管理,根据《条例》第一条规定,制定本办法。\n第二条 本办法适用于全县。\n"
            "第二章 职责\n第三条 县公安局负责治安管理。\n")
    assert [p for p, _ in _outline(text)] == ["第一章", "第一章/第一条", "第一章/第二条", "第二章",
                                              "第二章/第三条"]
