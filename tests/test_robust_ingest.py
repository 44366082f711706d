"""Readers are total on damaged input: repair what can be repaired (and say so in the
document's ``source.warnings``), refuse the rest with a reason — never a traceback."""

from __future__ import annotations

import codecs
import difflib
import io
import re
import zipfile
from pathlib import Path

import pytest

from pingan_docs.extract import extract_file
from pingan_docs.ingest import IngestError, read
from pingan_docs.ingest.docx import MAX_MEMBER

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_with_a_few_bad_bytes_is_extracted_with_a_warning(tmp_path: Path) -> None:
    original = (CORPUS / "003_a230dda529796dcc.txt").read_bytes()
    cut = original.index("市公安局".encode())
    damaged = original[:cut] + b"\xff" + original[cut:cut + 1] + original[cut + 3:]
    doc = extract_file(_write(tmp_path, "damaged.txt", damaged))
    good = extract_file(CORPUS / "003_a230dda529796dcc.txt")
    assert doc.source.encoding == "utf-8"
    assert doc.source.warnings and "U+FFFD" in doc.source.warnings[0]
    assert doc.text.count("\ufffd") == 2  # the stray byte and the broken character
    assert [s.path for s in doc.sections] == [s.path for s in good.sections]


def test_gbk_page_is_still_not_read_as_damaged_utf8(tmp_path: Path) -> None:
    text = "市公安局要加强社会治安综合治理工作，确保辖区平安。" * 5
    raw = read(_write(tmp_path, "gbk.txt", text.encode("gbk")))
    assert raw.encoding == "gb18030" and raw.text == text and not raw.warnings


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_lone_surrogates_and_an_odd_byte(tmp_path: Path, codec: str) -> None:
    text = (CORPUS / "004_bb63232fd99ff2b4.txt").read_text(encoding="utf-8")
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    half = len(text) // 2
    data = (bom + text[:half].encode(codec) + "\ud83d".encode(codec, "surrogatepass")
            + text[half:].encode(codec) + b"\x00")
    raw = read(_write(tmp_path, "u16.txt", data))
    assert raw.encoding == "utf-16"
    assert raw.text.replace("\ufffd", "") == text.strip() or "市" in raw.text
    assert "\ufffd" in raw.text and raw.warnings


def test_controls_and_nul_are_removed_before_html_parsing(tmp_path: Path) -> None:
    page = (CORPUS / "003_a230dda529796dcc.html").read_bytes()
    cut = page.index("公安".encode())
    junk = b"\x00\x01\x0b\x0c\x1b\x7f" + "\u0085\u009b".encode()
    raw = read(_write(tmp_path, "ctrl.html", page[:cut] + junk + page[cut:]))
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", raw.text)
    # \v and \f are HTML white space: they became spaces, which normalisation removes
    assert raw.text.replace(" ", "") == read(CORPUS / "003_a230dda529796dcc.html").text.replace(" ", "")
    assert any("control character" in w for w in raw.warnings)


def test_text_with_a_nul_is_cleaned_not_refused(tmp_path: Path) -> None:
    text = (CORPUS / "004_bb63232fd99ff2b4.txt").read_bytes()
    cut = text.index(b"\n", 300) + 1
    raw = read(_write(tmp_path, "nul.txt", text[:cut] + b"\x00" + text[cut:]))
    assert "\x00" not in raw.text and raw.warnings == ["1 control character(s) removed"]


@pytest.mark.parametrize("encoding", ["utf-8", "gb2312"])
def test_xhtml_declaration_is_honoured(tmp_path: Path, encoding: str) -> None:
    body = "<p>" + "市公安局要加强社会治安综合治理工作，确保辖区平安。" * 6 + "</p>"
    page = (f'<?xml version="1.0" encoding="{encoding}"?>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>'
            f"<body><div>{body}</div></body></html>")
    raw = read(_write(tmp_path, "x.html", page.encode("gbk" if encoding == "gb2312" else encoding)))
    assert raw.encoding == ("gb18030" if encoding == "gb2312" else "utf-8")
    assert raw.text.startswith("市公安局要加强") and not raw.warnings


def _docx(document_xml: bytes) -> bytes:
    src = zipfile.ZipFile(CORPUS / "002_1eaf0ab2d51e31a4.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, document_xml if info.filename == "word/document.xml"
                         else src.read(info))
    return buf.getvalue()


def _declare_size(data: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size the zip headers declare for member ``name``."""
    out = bytearray(data)
    for sig, at, header in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        pos = 0
        while (pos := out.find(sig, pos)) >= 0:
            n = int.from_bytes(out[pos + at + 4:pos + at + 6], "little")
            if out[pos + header:pos + header + n] == name:
                out[pos + at:pos + at + 4] = size.to_bytes(4, "little")
            pos += 4
    return bytes(out)


def test_zip_bomb_docx_is_refused_before_unpacking(tmp_path: Path) -> None:
    original = zipfile.ZipFile(CORPUS / "002_1eaf0ab2d51e31a4.docx").read("word/document.xml")
    declared = _declare_size(_docx(original), b"word/document.xml", MAX_MEMBER + 1)
    with pytest.raises(IngestError, match=r"zip bomb.*document\.xml would unpack to"):
        read(_write(tmp_path, "declared.docx", declared))
    ratio = _docx(original[:-30] + b" " * (8 << 20) + original[-30:])  # 8 MB of spaces
    with pytest.raises(IngestError, match=r"zip bomb.*times its size"):
        read(_write(tmp_path, "ratio.docx", ratio))


def test_docx_member_larger_than_declared_is_refused(tmp_path: Path) -> None:
    original = zipfile.ZipFile(CORPUS / "002_1eaf0ab2d51e31a4.docx").read("word/document.xml")
    liar = _declare_size(_docx(original), b"word/document.xml", 1000)
    with pytest.raises(IngestError, match=r"corrupt \.docx file: word/document\.xml"):
        read(_write(tmp_path, "liar.docx", liar))


def test_damaged_pdf_is_read_by_the_second_reader(tmp_path: Path) -> None:
    data = (CORPUS / "000_819b2f747ba95bfb.pdf").read_bytes()
    broken = re.sub(rb"\d{10} \d{5} n", b"0000000000 00000 n", data)  # every xref offset lost
    raw = read(_write(tmp_path, "broken.pdf", broken))
    good = read(CORPUS / "000_819b2f747ba95bfb.pdf").text
    assert raw.warnings and "PDFium" in raw.warnings[0]
    assert difflib.SequenceMatcher(None, raw.text[:3000], good[:3000]).ratio() > 0.95


def test_truncated_pdf_is_refused_by_both_readers(tmp_path: Path) -> None:
    data = (CORPUS / "000_819b2f747ba95bfb.pdf").read_bytes()
    with pytest.raises(IngestError, match="corrupt or truncated PDF"):
        read(_write(tmp_path, "cut.pdf", data[:len(data) // 2]))


def test_pdf_without_its_trailer_is_read_by_the_second_reader(tmp_path: Path) -> None:
    data = (CORPUS / "000_819b2f747ba95bfb.pdf").read_bytes()
    raw = read(_write(tmp_path, "no_trailer.pdf", data[:data.rindex(b"trailer")]))
    assert "PDFium" in raw.warnings[0] and "no trailer" in raw.warnings[1]
    assert raw.text.startswith("呼综治委")
