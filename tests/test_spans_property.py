"""Property: on any document of the genre — outlines right or wrong, tags, unit lists,
numbers, dates, control characters, full- and half-width forms, page furniture, tables,
attachments — extraction never raises, and every span slices out its own text in
``text`` and in ``raw_text``. Hypothesis builds the documents from the genre's parts."""

from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingan_docs.extract import extract_text
from pingan_docs.ingest import IngestError
from pingan_docs.ingest.html import read_html
from pingan_docs.ingest.text import read_text
from pingan_docs.models import Document, Source
from pingan_docs.validate import span_errors

CN = "一二三四五六七八九十"
UNITS = ["市公安局", "市司法局", "各区县人民政府", "市民政局", "团市委", "市综治办", "区教育局",
         "宣传、教育、公安等相关部门", "各镇、街道办事处", "市卫生健康委", "金台公安分局", "＊市财政局"]
CUES = ["牵头", "负责", "配合", "要", "指导", "参与", "由{u}牵头", "在{u}的配合下", "（责任单位：{u}、{v}）",
        "牵头单位：{u}；责任单位：{v}", "{u}、{v}各两支"]
FACTS = ["发案率下降10%以上", "不少于３个", "覆盖率达到95％", "7-10人", "30至50户", "同比上升", "一百二十人",
         "2015年底前", "３月15日前", "每年开展一次", "年内", "下半年", "第二季度", "到“十二五”末期",
         "自即日起至2016年6月", "印发之日起30日内", "下年度1月10日前", "二〇一四年七月二十二日", "1000人以下"]
NOISE = ["\x00", "\x0b", "\x0c", "\x1b", "\u3000", "\xa0", "\r\n", " ", "  ", "\t", "— 3 —", " 2 ", "“", "”",
         "《", "》", "，", "。", "；", "：", "（", "）", "(", ")", "…", "①", "㈠", "Ａ", "１", "ｂ", "\ufffd"]
# right and wrong numbering alike (十十、 has its own test below until numerals are total)
LABELS = [lambda n: f"{CN[n % 10]}、", lambda n: f"（{CN[n % 10]}）", lambda n: f"({CN[n % 10]})",
          lambda n: f"{n + 1}.", lambda n: f"{n + 1}、", lambda n: f"１{n}．", lambda n: f"（{n + 1}）",
          lambda n: f"第{CN[n % 10]}章", lambda n: f"第{CN[n % 10]}条", lambda n: "附件1",
          lambda n: f"附件{n + 1}："]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.integers(0, 3))
        unit, other = draw(st.sampled_from(UNITS)), draw(st.sampled_from(UNITS))
        if kind == 0:
            parts.append(draw(st.sampled_from(CUES)).format(u=unit, v=other))
        elif kind == 1:
            parts.append(unit + draw(st.sampled_from(["要", "负责", "牵头，", "配合"])) + "加强治安防控")
        elif kind == 2:
            parts.append(draw(st.sampled_from(FACTS)))
        else:
            parts.append(draw(st.sampled_from(NOISE)))
        parts.append(draw(st.sampled_from(["", "，", "。", "、", "；", "\n"])))
    return "".join(parts)


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = [draw(st.sampled_from(["关于加强平安建设的通知", "某市平安建设工作实施方案", "", "呼综治委〔2014〕5号"])),
             draw(st.sampled_from(["各区县人民政府、市直各部门：", "", "现将《平安建设实施方案》印发给你们。"]))]
    for _ in range(draw(st.integers(0, 12))):
        label = draw(st.sampled_from(LABELS))(draw(st.integers(0, 12)))
        title = draw(st.sampled_from(["总体要求", "工作措施", "", "各镇、街道办事处", "组织领导"]))
        lines.append(label + title + draw(st.sampled_from(["", "\n", "。"])) + draw(sentences()))
        if draw(st.booleans()):
            lines.append("\t".join(draw(st.lists(st.sampled_from(
                ["序号", "牵头单位", "责任单位", "完成时限", *UNITS, *FACTS]), min_size=2, max_size=5))))
    lines += draw(st.sampled_from([[], ["某市社会治安综合治理委员会", "2014年11月1日"],
                                   ["附件：1.任务分工", "某市人民政府", "二〇一四年十月二十九日", "附件1",
                                    "任务分工", "一、市公安局要牵头", "（一）年内完成"]]))
    return draw(st.sampled_from(["\n", "\r\n", "\n\n", " "])).join(lines)


def _extract(text: str, as_html: bool) -> Document | None:
    data = text.encode("utf-8")
    try:
        if as_html:
            body = "".join(f"<p>{line}</p>" for line in text.replace("<", "&lt;").split("\n"))
            raw = read_html(f"<html><body><div>{body}</div></body></html>".encode())
        else:
            raw = read_text(data)
        if not raw.text.strip():
            return None
    except IngestError:
        return None  # a refusal with a reason is allowed; anything else is a bug
    source = Source(path="generated.txt", format="html" if as_html else "txt",
                    sha256=hashlib.sha256(data).hexdigest(), encoding=raw.encoding, warnings=raw.warnings)
    document = extract_text(raw.text, source, "generated", raw.fields)
    assert span_errors(document) == []
    return document


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents(), st.booleans())
def test_extraction_never_raises_and_spans_slice_their_text(text: str, as_html: bool) -> None:
    _extract(text, as_html)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("一二三四五六七八九十、（）()第章条附件市局要。，\n 0123456789年月日%")
                                 + NOISE), max_size=300).map("".join))
def test_any_string_of_the_genres_characters(text: str) -> None:
    _extract(text, False)


def test_impossible_numeral_label() -> None:
    _extract("关于加强平安建设的通知\n一、总体要求\n市公安局要加强。\n十十、工作措施\n（一）年内完成。\n", False)


def test_long_unit_list_is_extracted() -> None:
    """4,000 units joined by 、 in one sentence (the case that was quadratic)."""
    organs = ["市公安局", "市司法局", "市民政局", "市教育局", "团市委", "市妇联", "区综治办"]
    names = "、".join(organs[i % len(organs)] for i in range(4000))
    document = _extract(f"关于加强平安建设的通知\n一、工作任务\n{names}等部门要加强治安防控，2015年底前完成。\n",
                        False)
    assert document is not None and {u.name for u in document.tasks[0].units} == set(organs)
