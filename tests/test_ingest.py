"""Ingestion: every shipped format reads, bad input fails with a clear reason."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pingan_docs.ingest import IngestError, read
from pingan_docs.ingest.html import read_html

from .conftest import CORPUS, FIXTURES, ROOT


def test_pdf_drops_page_numbers_and_rebuilds_paragraphs() -> None:
    raw = read(CORPUS / "000_819b2f747ba95bfb.pdf")
    assert "— 1 —" not in raw.text and "— 10 —" not in raw.text
    lines = raw.text.splitlines()
    assert lines[1] == "呼和浩特市“平安建设工程”实施方案"
    # a wrapped line is joined to the next; no spaces between Chinese characters
    assert any(line.startswith("认真贯彻党的十八大") and line.endswith("工作目标。") for line in lines)
    assert "习近平总书记" in raw.text


def test_pdf_line_wrapped_before_a_decimal_is_not_a_numbered_heading() -> None:
    """``1.3亿千瓦`` opening a printed line is a wrapped number, not a ``1.`` item."""
    raw = read(ROOT / "tests/dev/raw/a1_guofa_2018_42_farm_machinery_opinions.pdf")
    assert "其中灌排机械动力达到1.3亿千瓦,农机具配置结构趋于合理" in raw.text.replace("，", ",")


def test_gb2312_page_decodes() -> None:
    raw = read(CORPUS / "004_bb63232fd99ff2b4.html")
    assert raw.encoding == "gb18030"
    assert "金台公安分局" in raw.text
    assert raw.fields["发布时间"] == "2014-11-04"


def test_html_main_content_without_chrome() -> None:
    raw = read(CORPUS / "001_17064f152b303dcd.html")
    assert "文章中心" not in raw.text and "相关文章" not in raw.text
    assert raw.text.count("社会治安治理工作安排") == 1


def test_html_page_fields_and_br_paragraphs() -> None:
    raw = read(CORPUS / "003_a230dda529796dcc.html")
    assert raw.fields["发布部门"] == "泸州市人民政府"
    assert raw.fields["发布时间"] == "2014年11月13日"
    assert "\n（一）筑牢社区（村）防控网\n" in raw.text


def test_gbk_page_with_wrong_meta_charset() -> None:
    page = ('<html><head><meta charset="utf-8"><title>通知</title></head><body><div>'
            + "<p>各区县人民政府：为加强社会治安综合治理，市公安局要认真落实本通知。</p>" * 5
            + "</div></body></html>").encode("gbk")
    raw = read_html(page)
    assert "市公安局要认真落实" in raw.text


def test_docx_reads_paragraphs() -> None:
    raw = read(CORPUS / "002_1eaf0ab2d51e31a4.docx")
    assert raw.text.splitlines()[-1] == "二○○四年七月二十二日"


def _numbered_docx(path: Path) -> None:
    """A plan whose heading labels are Word's automatic numbering (一、 / （一） / 1.), as a
    clerk gets from a numbered list style: the labels are in the numbering part, not in
    the paragraphs' text."""
    import docx
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate([("chineseCounting", "%1、"), ("chineseCounting", "（%2）"),
                                         ("decimal", "%3.")]))
    numbering.insert(0, parse_xml(f'<w:abstractNum xmlns:w="{w}" w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{w}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    document.add_paragraph("某某县平安建设实施方案")
    for level, text in [(0, "重点任务"), (1, "完善防控体系。县公安局要加强街面巡逻。"),
                        (2, "推进雪亮工程。年内新增视频监控500路以上。（责任单位：县公安局）"),
                        (2, "加强群防群治。（责任单位：县委政法委）"), (0, "保障措施"),
                        (1, "加强组织领导。各乡镇要建立工作专班。")]:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{w}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    document.save(str(path))


def test_docx_automatic_numbering_is_printed_and_outlined(tmp_path: Path) -> None:
    from pingan_docs.extract import extract_file

    path = tmp_path / "plan.docx"
    _numbered_docx(path)
    lines = read(path).text.splitlines()
    assert lines[1:4] == ["一、重点任务", "（一）完善防控体系。县公安局要加强街面巡逻。",
                          "1.推进雪亮工程。年内新增视频监控500路以上。（责任单位：县公安局）"]
    assert lines[5:] == ["二、保障措施", "（一）加强组织领导。各乡镇要建立工作专班。"]  # deeper levels restart
    document = extract_file(path)
    assert [s.path for s in document.sections] == ["一", "一/(一)", "一/(一)/1", "一/(一)/2", "二", "二/(一)"]
    assert {(t.path, u.name) for t in document.tasks for u in t.units} >= {
        ("一/(一)/1", "县公安局"), ("一/(一)/2", "县委政法委"), ("二/(一)", "各乡镇")}


def _pdf(draw) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=getattr(draw, "password", None))
    draw(c)
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("junk.html", bytes(range(256)) * 20, "not"),
        ("truncated.pdf", (CORPUS / "000_819b2f747ba95bfb.pdf").read_bytes()[:3000], "PDF"),
        ("notes.xyz", b"abc", "unsupported"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError, match=reason):
        read(path)


def test_image_only_pdf(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf(lambda c: (c.rect(50, 50, 400, 600, fill=1), c.showPage())))
    with pytest.raises(IngestError, match="no text layer"):
        read(path)


def test_encrypted_pdf(tmp_path: Path) -> None:
    def draw(c):  # type: ignore[no-untyped-def]
        c.drawString(100, 700, "secret")
        c.showPage()

    draw.password = "s3cret"  # type: ignore[attr-defined]
    path = tmp_path / "locked.pdf"
    path.write_bytes(_pdf(draw))
    with pytest.raises(IngestError, match="encrypted"):
        read(path)


def test_fixture_page_reads_article_only() -> None:
    raw = read(FIXTURES / "unseen_plan.html")
    assert "版权所有" not in raw.text and "信息公开指南" not in raw.text and "tracker" not in raw.text
    assert "牵头单位\t责任单位" in raw.text


def test_big5_page_is_not_read_as_gb() -> None:
    text = "臺北市政府警察局要加強社會治安綜合治理工作，確保轄區平安。" * 3
    page = (f'<html><head><meta charset="big5"></head><body><div><p>{text}</p></div></body></html>'
            ).encode("big5")
    raw = read_html(page)
    assert raw.encoding == "big5" and "臺北市政府警察局要加強" in raw.text


# --- Markdown and page fields -------------------------------------------------------------

def test_markdown_headings_lists_tables_and_links(tmp_path: Path) -> None:
    from pingan_docs.ingest.markdown import read_markdown

    source = ("---\ntitle: 关于印发某区平安建设工作要点的通知\ndate: 2016-03-01\nlayout: page\n---\n"
              "## 某区平安建设工作要点\n\n### &emsp;&emsp;一、**工作目标**\n\n"
              "1. 全区刑事案件发案数同比下降5%。\n2. 见[附件说明](http://example.org/a)和![示意图](x.png)。\n\n"
              "| 序号 | 工作任务 | 牵头单位 |\n|:--:|---|---|\n| 1 | 视频监控\\|联网 | 区公安分局* |\n\n"
              "某区社会治安综合治理委员会  \n2016年3月1日\n")
    raw = read_markdown(source.encode("utf-8"))
    assert raw.format == "md"
    assert raw.fields == {"页面标题": "关于印发某区平安建设工作要点的通知", "发布日期": "2016-03-01"}
    assert raw.text.splitlines() == [
        "某区平安建设工作要点", "一、工作目标", "1.全区刑事案件发案数同比下降5%。", "2.见附件说明和示意图。",
        "序号\t工作任务\t牵头单位", "1\t视频监控|联网\t区公安分局*", "某区社会治安综合治理委员会", "2016年3月1日"]


def test_markdown_crawler_header_and_download_links_are_fields() -> None:
    from pingan_docs.ingest.markdown import read_markdown

    source = ("# 某市人民政府办公室印发《某市平安建设实施方案》\n\n**发布日期**: 2024-05-27\n"
              "**发布机构**: 某市司法局\n**原文链接**: [http://x.gov.cn/a.html](http://x.gov.cn/a.html)\n\n---\n\n"
              "各区人民政府：\n\n　　一、总体要求\n\n【原文下载】\n- [某市平安建设实施方案.pdf](/res/a.pdf )\n"
              "*[📄 点击下载此文件 ](/files/%E9%99%84%E4%BB%B6.docx)\n")
    raw = read_markdown(source.encode("gb18030"))  # the same encoding detection as .txt
    assert raw.encoding == "gb18030"
    assert raw.fields["页面标题"] == "某市人民政府办公室印发《某市平安建设实施方案》"
    assert raw.fields["发布机构"] == "某市司法局" and raw.fields["原文链接"] == "http://x.gov.cn/a.html"
    assert raw.fields["下载"] == "某市平安建设实施方案.pdf；附件.docx"
    assert raw.text.splitlines() == ["各区人民政府：", "一、总体要求"]


def test_markdown_files_are_read_and_folder_notes_skipped(tmp_path: Path) -> None:
    from pingan_docs.corpus.inputs import collect_inputs
    from pingan_docs.extract import extract_file

    (tmp_path / "README.md").write_text("# 说明\n\n本目录收集政策文件。\n", encoding="utf-8")
    plan = tmp_path / "plan.markdown"
    plan.write_text("# 某县平安建设方案\n\n## 一、目标\n\n### (一)组织。县公安局要加强巡逻。\n", encoding="utf-8")
    found = collect_inputs([tmp_path])
    assert found.files == [plan] and found.skipped == []
    doc = extract_file(plan)
    assert doc.source.format == "md"
    assert [s.path for s in doc.sections] == ["一", "一/(一)"]


def test_gov_cn_layout_tables_keep_paragraphs() -> None:
    raw = read(ROOT / "tests" / "dev" / "raw" / "a1_guofa_2018_42_farm_machinery_opinions.html")
    lines = raw.text.splitlines()
    assert lines[:3] == ["国务院关于加快推进农业机械化和", "农机装备产业转型升级的指导意见", "国发〔2018〕42号"]
    assert raw.fields["发文机关"] == "国务院" and raw.fields["标题"].endswith("转型升级的指导意见")
    assert "一、总体要求" in lines and lines[-2:] == ["（此件公开发布）", "扫一扫在手机打开当前页"]


def test_page_field_notations() -> None:
    page = ("<html><head><meta name=\"ArticleTitle\" content=\"关于加强治安管理的通知\">"
            "<meta name=\"PubDate\" content=\"2024-03-06 09:30\"></head><body>"
            "<ul><li><b>发文机关：</b>某市人民政府</li><li><span>标　　题：</span><span>关于加强治安管理的通知</span></li></ul>"
            "<dl><dt>成文日期</dt><dd>2024年3月5日</dd></dl><div>"
            + "<p>各区县人民政府：为加强社会治安综合治理，市公安局要认真落实本通知。</p>" * 5
            + "</div></body></html>")
    raw = read_html(page.encode("utf-8"))
    assert raw.fields == {"发文机关": "某市人民政府", "标题": "关于加强治安管理的通知", "成文日期": "2024年3月5日",
                          "页面标题": "关于加强治安管理的通知", "发布日期": "2024-03-06 09:30"}
    front = read_html(("---\nlayout: default\ntitle: 某市平安建设方案\n---\n" + page).encode("utf-8"))
    assert front.fields["页面标题"] == "某市平安建设方案" and "layout" not in front.text


def test_basic_information_block_with_unlisted_labels() -> None:
    page = ("<html><body><table><tr><td>索引号：</td><td>1144/2024-00123</td><td>分类：</td><td>综合政务</td></tr>"
            "<tr><td>发布机构：</td><td>广东省人民政府办公厅</td><td>成文日期：</td><td>2024-03-05</td></tr>"
            "<tr><td>公开方式：</td><td>主动公开</td><td>组配分类：</td><td>其他文件</td></tr></table>"
            "<div><p>标题：广东省人民政府办公厅关于加强治安的通知</p>"
            + "<p>各地级以上市人民政府：为加强社会治安综合治理，各地要认真落实本通知。</p>" * 5
            + "</div></body></html>")
    raw = read_html(page.encode("utf-8"))
    assert raw.fields["发布机构"] == "广东省人民政府办公厅" and raw.fields["公开方式"] == "主动公开"
    assert raw.fields["标题"] == "广东省人民政府办公厅关于加强治安的通知"
    assert "索引号" not in raw.text and "标题" not in raw.text


@pytest.mark.parametrize("name", ["c3_guobanfa_1997_2_earthquake_prevention_notice",
                                  "e1_guangdong_aiopc_action_plan"])
def test_browser_printed_pdf_extracts_as_its_page(tmp_path: Path, name: str) -> None:
    """A web page saved as PDF by Chromium extracts as the page does. Its text layer
    writes some characters as CJK radicals (人⺠政府), sets digits and Latin letters in
    another font a fifth of an em lower than the Chinese (关于1997年, 人工智能OPC), sets
    the signature's date flush right, and prints the page's 2026-03-12."""
    from playwright.sync_api import sync_playwright

    from pingan_docs.extract import extract_file

    page_file = ROOT / f"tests/dev/raw/{name}.html"
    pdf = tmp_path / f"{name}.pdf"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(page_file.as_uri())
        page.pdf(path=str(pdf))
        browser.close()
    printed, html = extract_file(pdf), extract_file(page_file)

    def facts(doc):  # type: ignore[no-untyped-def]
        return {(t.path, u.name, u.role) for t in doc.tasks for u in t.units}

    assert len(facts(html)) > 10 and facts(printed) == facts(html)
    assert [s.title for s in printed.sections] == [s.title for s in html.sections]
    for field in ("title", "doc_number", "issuer", "issue_date", "region"):
        assert getattr(printed.meta, field) == getattr(html.meta, field), field


def test_markdown_catalogue_table_without_a_delimiter_row() -> None:
    """HTML-to-Markdown converters write gov.cn's catalogue table as pipe rows with no
    ``|---|`` line and spaced labels; it is still a table, its cells page fields, and a
    body whose title runs into the 发文字号 leaves the number as the table gives it."""
    from pingan_docs.extract import extract_text
    from pingan_docs.ingest.markdown import read_markdown
    from pingan_docs.models import Source

    page = ("| **索 引 号：** | 000014349/2004-00007 | **主题分类：** | 安全生产 |\n"
            "| **标　　题：** | 国务院办公厅关于加强煤矿安全生产情况的通报 |  |  |\n"
            "| **发文字号：** | 国办发〔2004〕7号 | **成文日期：** | 2004年01月16日 |\n\n"
            "国务院办公厅关于加强煤矿 安全生产情况的通报 国办发〔2004〕7号\n\n"
            "各省、自治区、直辖市人民政府：\n\n一、各地区要加强煤矿安全监管。\n\n国务院办公厅\n\n二〇〇四年一月十六日\n")
    raw = read_markdown(page.encode())
    assert "|" not in raw.text
    assert raw.fields["发文字号"] == "国办发〔2004〕7号"
    meta = extract_text(raw.text, Source(path="p.md", format="md", sha256=""), "p", raw.fields).meta
    assert meta.doc_number == "国办发〔2004〕7号"
    assert meta.title == "国务院办公厅关于加强煤矿安全生产情况的通报"
