"""Plain text: detect the encoding, and drop the web-page chrome a copy-paste brings along.

Text files of Chinese policy documents come as UTF-8, GBK/GB18030 or UTF-16, and often
were copied off a web page, carrying its breadcrumb (``首页 > 文章中心 > 正文``) and the
``[ 来源: | 发布时间: … ]`` line. The chrome is dropped, its fields kept as page metadata.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from . import IngestError, RawText
from .fields import FIELD, clean_value, label_of, one_pair, pairs_from_cells

_BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16")]
# Encodings whose bytes GB18030 reads the same way (it is their superset). Big5 and HZ
# are other encodings and are decoded as themselves.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euccn", "xgbk"}


def _gb(encoding: str) -> bool:
    return encoding.lower().replace("_", "").replace("-", "") in _GB_FAMILY


def decode(data: bytes, declared: str | None = None,
           warnings: list[str] | None = None) -> tuple[str, str]:
    """Decode document bytes: BOM, then strict UTF-8, then a declared charset if it decodes
    cleanly, then the same two with a few bad bytes replaced, then byte sniffing. GB2312/GBK
    are read as GB18030 (their superset), so a page that declares the narrower set but uses
    a rarer character still decodes.

    Total on text: a damaged byte costs a U+FFFD, not the document (a note goes to
    ``warnings``), and control characters are removed so XML/HTML tools never see them.
    Only bytes that do not read as text in any candidate raise :class:`IngestError`.
    """
    notes: list[str] = [] if warnings is None else warnings
    text, enc = _decode(data, declared, notes)
    if _looks_binary(text):
        raise IngestError("file is not text (binary content)")
    return clean_controls(text, notes), enc


def _decode(data: bytes, declared: str | None, notes: list[str]) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _lossy(data, enc, notes), enc
    # UTF-8 first: GB bytes almost never form valid UTF-8, while UTF-8 bytes do decode
    # (wrongly) as GB18030 -- so a wrong <meta charset> cannot win over real UTF-8.
    candidates = ["utf-8"]
    if declared:
        declared = declared.strip().lower()
        candidates.append("gb18030" if _gb(declared) else declared)
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            continue
    # A few damaged bytes in an otherwise clean UTF-8 (or declared) document: the other
    # readings of its bytes would fail on nearly every character, not on one in hundreds.
    for enc in candidates:
        try:
            text = data.decode(enc, errors="replace")
        except LookupError:
            continue
        if _mostly_clean(text):
            return _lossy(data, enc, notes), enc
    best = from_bytes(data).best()
    if best is None:
        # sniffing gives up on damaged bytes too; Chinese text outside UTF-8 is GB18030
        text = data.decode("gb18030", errors="replace")
        if not _mostly_clean(text):
            raise IngestError("cannot detect the text encoding (binary file?)")
        return _lossy(data, "gb18030", notes), "gb18030"
    enc = best.encoding.lower()
    if _gb(enc):
        enc = "gb18030"
    return _lossy(data, enc, notes), enc


def _mostly_clean(text: str) -> bool:
    """Replacement characters are rare: at most a handful, or one per 200 non-ASCII
    characters that did decode, and one per 50 characters in all."""
    bad = text.count("\ufffd")
    wide = len(text) - len(text.encode("ascii", "ignore")) - bad
    return bad <= max(8, wide // 200) and len(text) >= 50 * bad


def _lossy(data: bytes, enc: str, notes: list[str]) -> str:
    """Decode, replacing undecodable byte sequences (and lone UTF-16 surrogates), and say
    where the first one was."""
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        text = data.decode(enc, errors="replace")
        notes.append(f"{text.count(chr(0xFFFD))} undecodable byte sequence(s) in {enc} replaced by "
                     f"U+FFFD (first at byte {exc.start})")
        return text


# C0 controls other than tab and line breaks, DEL, C1 controls, and the two
# noncharacters: XML cannot hold them, and in a document they are damage, never words.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def clean_controls(text: str, warnings: list[str] | None = None) -> str:
    """Remove control characters (a note in ``warnings`` says how many)."""
    cleaned, n = _CONTROL.subn("", text)
    if n and warnings is not None:
        warnings.append(f"{n} control character(s) removed")
    return cleaned


_BINARY = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")  # controls but \t \n \f \r, and U+FFFD


def _looks_binary(text: str) -> bool:
    sample = text[:4000]
    return bool(sample) and len(_BINARY.findall(sample)) / len(sample) > 0.05


# a line that starts with one of these labels is a page field, not a sentence
_FIELD_LINE = re.compile(r"^(发布部门|发布机构|发布单位|发文机关|发布时间|发布日期|发表时间|成文日期|信息来源"
                         r"|有效性|时效性|文号|发文字号|索引号|主题分类)\s*[:：]")
_CELL_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_PIPE_ROW = re.compile(r"\S\s+\|\s+\S.*\|\Z")  # two bars at least, spaced as cell borders, the last closing the row
_ANY_PAIR = re.compile(r"[\u4e00-\u9fff]{2,6}\s*[:：]\s*[^\s:：]+")
_CHROME_LINE = re.compile(
    r"^\s*(您的位置[:：]?|当前位置[:：]?.*|首页\s*(>|>>|＞|›|/).*|.*(浏览|点击|阅读)(次数)?\s*[:：]?\s*\d+\s*次.*"
    r"|\[\s*来源.*\]|【\s*(字体|打印|关闭).*|政策|(上一篇|下一篇|打印本页|关闭窗口).*)\s*$")


def strip_chrome(text: str) -> tuple[str, dict[str, str]]:
    """Drop breadcrumb and info lines from the head of a copied web page, keeping fields.

    Only lines before the body's first long paragraph are looked at: the same words deep
    in a document are content.
    """
    fields: dict[str, str] = {}
    lines = text.splitlines()
    out: list[str] = []
    in_head = True
    label: str | None = None  # a catalogue copied cell by cell: 发布机构 / 蒙自市人民政府办公室
    for line in lines:
        stripped = line.strip()
        if _PIPE_ROW.search(stripped):  # a table copied with its bars: 烟花爆竹 | 1月份 | 安监站 |
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if in_head and (pairs := pairs_from_cells(cells)):
                for k, v in pairs.items():
                    fields.setdefault(k, v)
                continue
            # units listed in one cell with spaces (安监站 安监所) are a list
            line = stripped = "\t".join(_CELL_SPACE.sub("、", c) for c in cells if c)
        if in_head and len(stripped) > 60 and len(_ANY_PAIR.findall(stripped)) < 3:
            in_head = False
        if in_head and label and stripped and label_of(stripped) is None:
            fields.setdefault(label, clean_value(stripped))
            label = None
            continue
        if in_head and label and not stripped:
            continue  # a blank line between the label and its value
        label = label_of(stripped) if in_head else None
        if label is not None:
            continue
        if in_head:
            found = FIELD.findall(stripped)
            if found and (stripped.startswith("[") or len(found) > 1 or _FIELD_LINE.match(stripped)
                          or len(_ANY_PAIR.findall(stripped)) >= 3):  # a catalogue strip of any labels
                for k, v in found:
                    if v.strip():
                        fields.setdefault(k, v.strip())
                continue
            if pair := one_pair(stripped):  # 标题：… / 发文字号：… copied with the page
                fields.setdefault(*pair)
                continue
            if _CHROME_LINE.match(stripped):
                continue
        out.append(line)
    # a web page often prints its title twice (page heading + article heading)
    dedup: list[str] = []
    for line in out:
        s = line.strip()
        prev = next((x.strip() for x in reversed(dedup) if x.strip()), None)
        if s and s == prev and len(s) < 60:
            continue
        dedup.append(line)
    return "\n".join(dedup), fields


def read_text(data: bytes) -> RawText:
    warnings: list[str] = []
    text, enc = decode(data, warnings=warnings)
    body, fields = strip_chrome(text)
    return RawText(body, "txt", enc, fields, warnings)
