"""Outline and metadata on the real corpus, scored with FORMAT.md's rules."""

from __future__ import annotations

import pytest

from pingan_docs.normalize import normalize
from pingan_docs.outline import build_outline

from .conftest import DEV, gold

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
    # chapter titles spaced out to fill the line, as statutes print them
    spaced = text.replace("第一章 总则", "第一章　总　　则").replace("第二章 职责", "第二章　职　　责")
    assert [t for _, t in _outline(spaced)][::3] == ["总则", "职责"]


def test_bracketed_label_with_a_pause_mark() -> None:
    """（一）、 as some offices type it: the label, not a list of numbers."""
    text = "一、创建标准\n（一）、平安乡镇标准\n满意率达到80%以上。\n（二）、平安村标准\n满意率达到85%以上。\n"
    assert _outline(text) == [("一", "创建标准"), ("一/(一)", "平安乡镇标准"), ("一/(二)", "平安村标准")]


def test_attachment_list_numbers_are_no_headings() -> None:
    text = ("1.报送日期\n每日报送。\n2.报送方式\n书面报送。\n附表:1.值班安排表\n2.失控人员报告表\n"
            "3、重点对象责任分解表\n中共某乡委员会\n")
    assert [p for p, _ in _outline(text)] == ["1", "2"]


def test_items_that_open_on_their_date_and_a_list_that_ends() -> None:
    """1.2009年底前,完成… is an item (2021年度… after 1、 is a page marker's year, not one);
    the attachment list runs only over its numbered lines."""
    text = ("附件:1.任务分解表;\n2.资金估算表(略)\n一、消防站点建设\n1.2026年底前,完成新建消防站。\n"
            "2.2027年底前,完成改建。\n二、装备建设\n1.年内完成。\n")
    assert [p for p, _ in _outline(text)] == ["一", "一/1", "一/2", "二", "二/1"]
    assert _outline("1、2021年度综治考评方案为进一步推进工作,特制定本方案。一、考核时间\n") == [("一", "考核时间")]


def test_excerpt_that_opens_at_a_later_heading() -> None:
    """A page that holds a document from 五、 on (a paginated mirror, a pasted excerpt):
    the next top label at a line start confirms it; a lone 三、 in the head does not."""
    text = "五、加快消防站建设。\n（一）完成征地工作。\n六、加快装备建设。\n七、发展消防队伍。\n"
    assert [p for p, _ in _outline(text)] == ["五", "五/(一)", "六", "七"]
    assert _outline("三、四月份开展排查。\n县公安局要加强巡逻。\n") == []
    # …or its first child at the next line
    assert [p for p, _ in _outline("三、具体举措、责任主体和治理时限\n（一）加强源头管控。\n（二）强化监管。\n")] == [
        "三", "三/(一)", "三/(二)"]
    # …or a part's standard name, when it is the last part the page holds
    assert [p for p, _ in _outline("四、主要任务\n（一）健全组织。\n（二）加强队伍。\n")] == ["四", "四/(一)", "四/(二)"]


def test_a_chapter_run_into_the_title_before_it() -> None:
    """A whole page on one line: 第一章 glued to the title is a chapter when its first
    article follows its own title; a chapter named in a sentence is not."""
    text = "某镇平安创建考评实施细则第一章 总则第一条 为推动创建,制定本办法。第二条 考评对象为各村。第二章 考评内容第三条 组织领导。"
    assert [p for p, _ in _outline(text)] == ["第一章", "第一章/第一条", "第一章/第二条", "第二章", "第二章/第三条"]
    assert _outline("按照本细则第一章的规定执行。") == []


def test_parts_above_the_numbered_headings() -> None:
    """第一部分 … 第三部分 (a long plan's parts) sit above 一、 and hold what follows them;
    a mention of 第二部分 inside a sentence is not a heading."""
    text = ("第一部分 总体要求\n按照本方案第二部分的要求落实。\n第二部分 重点任务\n一、推进矛盾纠纷化解\n"
            "（一）健全排查机制。\n二、加强治安防控\n第三部分 保障措施\n加强组织领导。\n")
    assert [p for p, _ in _outline(text)] == ["第一部分", "第二部分", "第二部分/一", "第二部分/一/(一)",
                                              "第二部分/二", "第三部分"]


# --- the development set: real documents the rules were not written from ---------------

DEV_DOCS = sorted(p.stem for p in (DEV / "gold").glob("*.json"))


def test_dev_set_sections_and_metadata(dev_report: dict) -> None:
    total = dev_report["total"]
    assert total["sections"]["f1"] >= 0.97
    assert total["meta_accuracy"] >= 0.90
    assert not [d["doc_id"] for d in dev_report["documents"] if d["format"] == "missing"]


@pytest.mark.parametrize("doc", DEV_DOCS)
def test_dev_document_sections_and_metadata(dev_report: dict, doc: str) -> None:
    scored = [d for d in dev_report["documents"] if d["doc_id"].split(".")[0] == doc]
    assert scored, f"{doc}: no output"
    for d in scored:  # every rendering (a1 and a2 also come as PDF)
        wrong = [f for f, ok in d["meta"].items() if not ok]
        assert len(wrong) <= 1, f"{d['doc_id']}: wrong {wrong}"
        assert d["fields"]["sections"]["f1"] >= 0.95, d["doc_id"]


def test_gov_cn_page_catalogue_and_multiline_title(dev_documents: dict) -> None:
    doc = dev_documents["a1_guofa_2018_42_farm_machinery_opinions.html"]
    fields = doc.meta.page_fields
    assert fields["索引号"] == "000014349/2018-00223" and fields["发布日期"] == "2018年12月29日"
    assert "索引号" not in doc.text and "主题分类" not in doc.text  # the info table is not body text
    # printed over two lines; signed 国务院 2018年12月21日 with （此件公开发布） after the date
    assert doc.meta.title == "国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见"
    assert (doc.meta.issuer, doc.meta.issue_date, doc.meta.region) == ("国务院", "2018-12-21", "全国")
    pdf = dev_documents["a1_guofa_2018_42_farm_machinery_opinions.pdf"].meta
    assert (pdf.title, pdf.issuer, pdf.issue_date) == (doc.meta.title, "国务院", "2018-12-21")


def test_forwarded_report_is_carried_by_the_notice(dev_documents: dict) -> None:
    doc = dev_documents["c3_guobanfa_1997_2_earthquake_prevention_notice"]
    assert doc.meta.title == "国务院办公厅转发国家地震局关于1997年地震趋势和加强防震减灾工作意见报告的通知"
    # the notice's signature, not the report's (国家地震局 一九九七年一月二十日)
    assert (doc.meta.issuer, doc.meta.issue_date) == ("国务院办公厅", "1997-02-04")
    assert [s.path for s in doc.sections][:3] == ["一", "二", "二/(一)"]
    assert doc.preamble is not None and doc.text[doc.preamble.end:].startswith("根据地震部门的预测")


def test_forwarded_plan_signed_by_its_wrapper(dev_documents: dict) -> None:
    e2 = dev_documents["e2_nanchong_aiopc_action_plan"].meta
    # the plan's own title line (full-width brackets), the wrapper's signature as printed
    assert e2.title == "南充市支持人工智能OPC创新发展行动计划(2026—2027年)"
    assert (e2.issuer, e2.issue_date, e2.region) == ("南充市人民政府办公室", "2025-06-29", "南充市")
    d2 = dev_documents["d2_tianhe_2026_kindergarten_enrolment_plan"]
    assert (d2.meta.issuer, d2.meta.issue_date, d2.meta.region) == ("广州市天河区教育局", "2026-04-20", "广州市天河区")
    assert not any(s.path.startswith("附件") for s in d2.sections)  # linked .docx files only


def test_crawler_markdown_page_fields_yield_to_the_signature(dev_documents: dict) -> None:
    doc = dev_documents["d3_shanghai_2025_11_tech_services_opinions"]
    assert doc.source.format == "md"
    fields = doc.meta.page_fields
    assert fields["发布机构"] == "上海市科学技术委员会" and fields["发布日期"] == "2025-05-27"
    assert "检索关键词" not in doc.text and "原文下载" not in doc.text and ".pdf" not in doc.text
    assert doc.meta.title == "关于进一步深化改革创新加快科技服务业高质量发展的若干意见"  # from 印发《…》
    assert (doc.meta.issuer, doc.meta.issue_date, doc.meta.region) == ("上海市人民政府办公厅", "2025-05-17", "上海市")
    assert doc.meta.doc_number == "沪府办发〔2025〕11号"


def test_enterprise_markdown_keeps_its_notice_title(dev_documents: dict) -> None:
    meta = dev_documents["c4_taian_aiqinhai_zhiben_gongjian_plan"].meta
    # the notice carries the plan's text itself: no 印发给你们, no separate plan title
    assert meta.title.startswith("关于印发《泰安市") and meta.title.endswith("》的通知")
    assert (meta.doc_number, meta.issue_date) == ("泰旅爱物字[2024]6号", "2024-03-13")
    assert meta.region == "泰安市"  # from the 发文机关标志 (…公司文件), the signer names no place


def test_regions_from_the_gazetteer() -> None:
    from pingan_docs.regions import find_region, region_of_organ

    assert region_of_organ("广州市天河区教育局") == "广州市天河区"
    assert region_of_organ("中共阳泉市委、阳泉市人民政府") == "阳泉市"
    assert region_of_organ("四川省南充市人民政府") == "四川省南充市"
    assert region_of_organ("人力资源社会保障部、财政部") == "全国"
    assert region_of_organ("国家税务总局上海市税务局") == "上海市"  # a national system's local office
    assert region_of_organ("市公安局") is None and region_of_organ("城区人民政府") is None
    # a township's organs: below the gazetteer's counties, read from the way they are named
    assert region_of_organ("宝鸡市金台区金河镇人民政府") == "宝鸡市金台区金河镇"
    assert region_of_organ("中共金河镇委员会") == "金河镇"
    assert region_of_organ("各乡镇人民政府") is None
    assert find_region("关于印发《泰安市文化旅游发展集团…》的通知") == "泰安市"
    assert find_region("关于开放市场的通知") is None


def test_page_fields_are_fallbacks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pingan_docs.extract import extract_file

    page = ("<html><head><title>关于加强校园周边治安管理的通知_某某网</title></head><body>"
            "<table><tr><td>发布机构：</td><td>罗湖区人民政府办公室</td><td>发布日期：</td><td>2016-03-09</td></tr>"
            "</table><div><p>关于加强校园周边治安管理的通知</p><p>各街道办事处：</p>"
            + "<p>一、工作要求</p><p>区教育局要每月开展一次校园周边安全检查，加强对周边商铺的管理。</p>" * 2
            + "</div></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    meta = extract_file(path).meta
    # no signature: the page's 发布机构 and 发布日期 stand in; the region comes from them
    assert (meta.issuer, meta.issue_date, meta.region) == ("罗湖区人民政府办公室", "2016-03-09", "罗湖区")
    path.write_text(page.replace("</div></body>", "<p>深圳市罗湖区人民政府</p><p>2016年3月1日</p></div></body>"),
                    encoding="utf-8")
    meta = extract_file(path).meta
    assert (meta.issuer, meta.issue_date) == ("深圳市罗湖区人民政府", "2016-03-01")  # the signature wins


def _meta(text: str):  # type: ignore[no-untyped-def]
    from pingan_docs.extract import extract_text
    from pingan_docs.models import Source

    return extract_text(text, Source(path="t.txt", format="txt", sha256=""), "t").meta


BODY = "一、工作目标\n提升群众安全感。\n二、工作措施\n县公安局要加强巡逻。\n"


def test_issue_date_without_an_issuer_name() -> None:
    """A signature that is only a date (the name is on the seal), with 〇 typed as 0; a
    date alone on a line with body text after it is a schedule's, not a signature; the
    date in brackets under the title is the adopted text's."""
    meta = _meta("某县社会治安防控体系建设实施方案\n" + BODY + "\n二00九年三月五日\n")
    assert (meta.issuer, meta.issue_date) == (None, "2009-03-05")
    meta = _meta("某县社会治安防控体系建设实施方案\n一、时间安排\n启动日期为\n2024年6月30日\n二、工作措施\n县公安局要加强巡逻。\n")
    assert meta.issue_date is None
    for note in ("（2003年6月15日）", "（2003年6月15日县委常委会议审议通过）"):
        meta = _meta(f"某县社会治安综合治理工作考核办法\n{note}\n" + BODY)
        assert (meta.title, meta.issue_date) == ("某县社会治安综合治理工作考核办法", "2003-06-15")
    meta = _meta("某县社会治安综合治理工作考核办法\n（2003年6月15日起试行，共十条）\n" + BODY)
    assert meta.issue_date is None


def test_region_of_a_county_that_opens_the_title() -> None:
    assert _meta("青河县争创全国平安建设优秀县实施方案\n" + BODY).region == "青河县"


def test_title_with_its_type_and_years_on_lines_of_their_own() -> None:
    meta = _meta("某县禁毒重点整治总体行动\n方　案\n（2024—2026年）\n为深入推进禁毒工作,制定本方案。\n" + BODY)
    assert meta.title == "某县禁毒重点整治总体行动方案(2024—2026年)"
    assert _meta("某县平安建设规划（2012—2022年）\n为推进平安建设,制定本规划。\n" + BODY).title == \
        "某县平安建设规划(2012—2022年)"
    assert _meta("某县平安建设工作评分标准\n" + BODY).title == "某县平安建设工作评分标准"


def test_notice_forwarding_several_plans_stays_the_document() -> None:
    """现将《A》《B》印发给你们: no one plan is the document; the notice is, dated alone
    (its issuer only in its title, 发文机关 + 关于…)."""
    text = ("某府办发〔2024〕3号\n某县人民政府办公室\n关于印发《某县安全风险识别工作方案》《某县隐患整治工作方案》的通知\n"
            "各乡镇人民政府:\n现将《某县安全风险识别工作方案》《某县隐患整治工作方案》印发给你们,请认真贯彻落实。\n"
            "2024年4月26日\n某县安全风险识别工作方案\n" + BODY)
    meta = _meta(text)
    assert (meta.title, meta.issuer, meta.issue_date, meta.forwarded_by) == (
        "某县人民政府办公室关于印发《某县安全风险识别工作方案》《某县隐患整治工作方案》的通知",
        "某县人民政府办公室", "2024-04-26", None)


def test_doc_number_in_brackets_and_the_issuer_of_a_forwarding_notice() -> None:
    meta = _meta("某市人民政府办公厅关于印发道路交通安全工作方案的通知\n（某办发〔2006〕63号）\n" + BODY)
    assert (meta.doc_number, meta.issuer) == ("某办发〔2006〕63号", "某市人民政府办公厅")
    meta = _meta("某县人民政府关于印发冬季防火工作方案的通知\n各乡镇:\n现将《某县冬季防火工作方案》印发给你们,"
                 "请认真贯彻执行。\n某县冬季防火工作方案\n" + BODY)
    assert (meta.title, meta.issuer) == ("某县冬季防火工作方案", "某县人民政府")  # unsigned: the notice's organ
    meta = _meta("根据《条例》（国办发〔2014〕5号）,制定本方案。\n" + BODY)
    assert meta.doc_number is None  # a cited number is not the document's


def test_forwarding_without_gei_and_a_spaced_page_date() -> None:
    from pingan_docs.numerals import parse_any_date

    meta = _meta("某县人民政府办公室关于印发某县安全生产方案的通知\n各乡镇:\n现将《某县安全生产方案》印发你们,"
                 "请认真贯彻执行。\n某县人民政府办公室\n2024年3月1日\n某县安全生产方案\n" + BODY)
    assert (meta.title, meta.issue_date) == ("某县安全生产方案", "2024-03-01")
    assert parse_any_date("2023- 11- 28") == "2023-11-28"


def test_catalogue_copied_cell_by_cell_as_text() -> None:
    from pingan_docs.ingest.text import strip_chrome

    body, fields = strip_chrome("索引号\n000014348/2024-01000\n发布机构\n\n某县人民政府办公室\n文号\n某政办发〔2024〕37号\n"
                                "关于加强校园安全的通知\n各乡镇:\n")
    assert fields == {"索引号": "000014348/2024-01000", "发布机构": "某县人民政府办公室", "文号": "某政办发〔2024〕37号"}
    assert body.startswith("关于加强校园安全的通知")


def test_text_tables_with_bars() -> None:
    """A page copied with its table bars: a catalogue row gives page fields (文号: 无 is
    no number), a body row becomes a tab row whose spaced units are a list."""
    from pingan_docs.ingest.text import strip_chrome

    body, fields = strip_chrome("索引号: | 11341802/2020-00026 | 组配分类: | 政策文件 |\n"
                                "名称: | 某区2020年食品安全重点工作安排 | 文号: | 无 |\n生效日期: | | 废止日期: |\n"
                                "某区2020年食品安全重点工作安排\n整治行业 | 时间安排 | 责任单位 |\n烟花爆竹 | 1月份 | 安监站 安监所 |\n")
    assert fields == {"索引号": "11341802/2020-00026", "组配分类": "政策文件", "名称": "某区2020年食品安全重点工作安排",
                      "文号": "无"}
    assert body.endswith("整治行业\t时间安排\t责任单位\n烟花爆竹\t1月份\t安监站、安监所")
    assert _meta("某区2020年食品安全重点工作安排\n" + BODY).doc_number is None


def test_a_date_span_under_a_heading_is_no_signature() -> None:
    meta = _meta("某镇安全检查整改通知\n一、检查整改时间\n2021年3月7日-3月10日\n二、检查内容\n镇安监站要加强检查。\n")
    assert meta.issue_date is None


def test_a_township_that_writes_its_name_alone() -> None:
    meta = _meta("卢市镇关于开展安全生产大检查的通知\n各村:\n" + BODY)
    assert (meta.issuer, meta.region) == ("卢市镇", "卢市镇")


def test_a_forwarded_division_of_tasks() -> None:
    meta = _meta("某市人民政府办公厅关于印发应急体系建设规划责任分解的通知\n各县:\n现将《某市应急体系建设规划》"
                 "责任分解印发给你们,请认真落实。\n" + BODY)
    assert meta.title == "某市应急体系建设规划责任分解"


def test_catalogue_strip_of_many_labels_on_one_line() -> None:
    from pingan_docs.ingest.text import strip_chrome

    body, fields = strip_chrome("关于开展校园周边整治的通知\n公开方式: 主动公开 有效期: 长期有效 公开范围: 面向全社会 "
                                "信息索取号: 736355488/2023-45446 发布时间: 2023-09-10\n各乡镇中心学校:\n")
    assert fields == {"发布时间": "2023-09-10"} and "公开方式" not in body


def test_notice_without_parts_then_its_attachment() -> None:
    """A notice of plain paragraphs, signed, then its attachment with the outline: the
    signature before the first heading closes the notice, the outline is the attachment's."""
    from pingan_docs.extract import extract_text
    from pingan_docs.models import Source

    text = ("各县区要把重点建设任务纳入目标管理,定期跟踪落实。\n附件:1.主要目标任务及责任分解;\n2.资金估算表(略)\n"
            "二〇二六年五月三十一日\n附件1\n主要目标任务及责任分解\n一、消防站点建设\n"
            "1.2026年底前,完成特勤中队建设。\n责任单位:市消防救援支队、市财政局\n")
    doc = extract_text(text, Source(path="t.txt", format="txt", sha256=""), "t")
    assert doc.meta.issue_date == "2026-05-31"
    assert [s.path for s in doc.sections] == ["附件1", "附件1/一", "附件1/一/1"]
    assert {(u.name, t.path) for t in doc.tasks for u in t.units} == {
        ("各县区", ""), ("市消防救援支队", "附件1/一/1"), ("市财政局", "附件1/一/1")}
