"""Ingestion: every shipped format reads, bad input fails with a clear reason."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pingan_docs.ingest import IngestError, read
from pingan_docs.ingest.html import read_html

from .conftest import CORPUS, FIXTURES


def test_pdf_drops_page_numbers_and_rebuilds_paragraphs() -> None:
    raw = read(CORPUS / "000_819b2f747ba95bfb.pdf")
    assert "— 1 —" not in raw.text and "— 10 —" not in raw.text
    lines = raw.text.splitlines()
    assert lines[1] == "呼和浩特市“平安建设工程”实施方案"
    # a wrapped line is joined to the next; no spaces between Chinese characters
    assert any(line.startswith("认真贯彻党的十八大") and line.endswith("工作目标。") for line in lines)
    assert "习近平总书记" in raw.text


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
