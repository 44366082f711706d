"""Document metadata and the head/foot blocks that are not body text.

A GB/T 9704 document opens with 发文字号 (and 签发人), title and 主送机关, and ends with the
signature (发文机关署名), 成文日期 and the 印发 line. Forwarding notices wrap another
document: ``…《X》…现转发给你们`` — then X is the document's own title, the wrapper's
signers are kept as ``forwarded_by``, and nothing in the wrapper is body text. Web pages
without a signature give their 发布部门/发布时间 fields instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .data import load_list
from .models import Meta, Span
from .normalize import NormText
from .numerals import DATE_RE, parse_any_date, parse_date

_DOC_TYPES = load_list("doc_types.txt")
_ORGAN_END = ("委员会", "人民政府", "政府", "委", "办公室", "局", "厅", "办", "院", "部", "会",
              "领导小组", "领导组", "中心", "党委", "市委", "县委", "区委", "分局", "联社")
_DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12}\s*[〔\[［【(]\s*(?:19|20)\d{2}\s*[〕\]］】)]\s*第?\s*\d{1,4}\s*号)")
_FORWARD = re.compile(r"《([^《》]{4,80})》[^。]{0,80}?(?:现(?:予)?(?:转发|印发)(?:给)?你们|现(?:将|把)[^。]{0,30}(?:转发|印发)|(?:印发|转发)给你们)")
_WRAPPER_TITLE = re.compile(r"^(?:关于)?(?:印发|转发|发布)(.+?)的通知$")
_REGION = re.compile(
    r"^(?:中共)?((?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?(?:[\u4e00-\u9fff]{1,7}?(?:市|自治州|州(?!市)|盟|地区))?"
    r"(?:[\u4e00-\u9fff]{1,5}?(?:区|县|旗|市))?)")
_NOT_DISTRICT = ("社区", "小区", "辖区", "园区", "景区", "校区", "片区", "城区", "全区", "本区")


@dataclass
class Layout:
    """Where the body is: text before ``body_start`` is head (title, 主送, wrapper), text
    from ``body_end`` on is the closing block (attachment list, signature, 印发 line)."""

    meta: Meta
    body_start: int
    body_end: int
    preamble: Span | None
    closing: Span | None


def _lines(norm: NormText, start: int, end: int) -> list[tuple[int, int, list[int]]]:
    """Lines of ``text[start:end]`` with the wrap breaks inside each (a PDF's printed
    lines, when the text lost its newlines)."""
    out = []
    pos = start
    for line in norm.text[start:end].split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        if line.strip():
            out.append((a, b, sorted(i for i in norm.breaks if a < i < b)))
    return out


def _is_organ(name: str) -> bool:
    return (2 <= len(name) <= 30 and name.endswith(_ORGAN_END)
            and not re.search(r"[。,，;；:：、“”《》\d]", name))


def _region(*names: str | None) -> str | None:
    for name in names:
        if not name:
            continue
        m = _REGION.match(name)
        region = m.group(1) if m else ""
        for bad in _NOT_DISTRICT:
            region = region.removesuffix(bad)
        if len(region) >= 2 and region[-1] in "省区市州盟县旗":
            return region
    return None


def _signature(norm: NormText, search_from: int, limit: int) -> tuple[int, int, list[str], str] | None:
    """The first signature date after ``search_from``: (block start, date end, signers,
    ISO date). A date is a signature date when organ names stand right before it."""
    text = norm.text
    for m in DATE_RE.finditer(text, search_from, limit):
        after = text[m.end(): m.end() + 3]
        if after and after[0] not in "\n━—-" and not after.startswith("印发") and m.end() < limit:
            continue
        signers: list[str] = []
        pos = m.start()
        while True:
            seg_end = pos
            while seg_end > 0 and text[seg_end - 1] in "\n ":
                seg_end -= 1
            seg_start = seg_end
            while seg_start > 0 and text[seg_start - 1] not in "\n。;)）" and (
                    seg_start == seg_end or seg_start not in norm.breaks):
                seg_start -= 1
            name = text[seg_start:seg_end]
            if not _is_organ(name):
                break
            signers.insert(0, name)
            pos = seg_start
        if signers:
            date = parse_date(m)
            if date:
                return pos, m.end(), signers, date
    return None


def _title(norm: NormText, lines: list[tuple[int, int, list[int]]]) -> tuple[str | None, int]:
    """The last head line that reads as a document title, and where it ends. In a line
    that also holds 发文字号 or 签发人 (lost line breaks), the longest clean tail wins."""
    found: tuple[str | None, int] = (None, 0)
    for a, b, breaks in lines:
        for cut in [a, *breaks]:
            line = norm.text[cut:b].strip()
            if 4 <= len(line) <= 100 and line.endswith(_DOC_TYPES) \
                    and not re.search(r"[。:：〔〕]|签发人", line) \
                    and not line.startswith(("根据", "按照", "为")):
                found = (line, b)
                break
    return found


def _addressees(norm: NormText, start: int, end: int) -> tuple[str | None, int]:
    """主送机关: an organ list closed by a colon in the head."""
    text = norm.text
    for m in re.finditer(r"[:：]", text[start:end]):
        colon = start + m.start()
        a = colon
        while a > start and text[a - 1] not in "\n。" and a not in norm.breaks:
            a -= 1
        segment = text[a:colon]
        if re.search(r"签发人|发布|时间|来源|有效性|作者|附件?$", segment):
            continue
        if ("各" in segment or "、" in segment or segment.endswith(_ORGAN_END)) \
                and len(segment) <= 120 and "。" not in segment:
            return segment, colon + 1
    return None, 0


def extract_layout(norm: NormText, fields: dict[str, str], head_end: int) -> Layout:
    """Metadata and body bounds; ``head_end`` is where the first heading starts (or the
    end of the text when there is none)."""
    text = norm.text
    lines = _lines(norm, 0, head_end)
    meta = Meta(page_fields=dict(sorted(fields.items())))
    preamble_end = 0

    m = _DOC_NUMBER.search(text, 0, head_end)
    if m and (m.start() == 0 or text[m.start() - 1] in "\n " or m.start() in norm.breaks):
        meta.doc_number = re.sub(r"\s+", "", m.group(1))
        preamble_end = max(preamble_end, m.end())
    elif fields.get("文号"):
        meta.doc_number = fields["文号"]
    m = re.search(r"签发人\s*[:：]\s*([\u4e00-\u9fff·]{2,12})", text[:head_end])
    if m:
        name_end = m.start(1)
        while name_end < m.end(1) and (name_end == m.start(1) or name_end not in norm.breaks):
            name_end += 1
        meta.signer = text[m.start(1):name_end]
        preamble_end = max(preamble_end, name_end)

    title, title_end = _title(norm, lines)
    page_title = fields.get("页面标题")
    if title is None and page_title:
        title = re.split(r"\s*[_|｜-]\s*[^_|｜-]*$", page_title)[0] or page_title
    fwd = _FORWARD.search(text, 0, head_end)
    if fwd:
        title = fwd.group(1)
        sentence_end = text.find("。", fwd.end())
        preamble_end = max(preamble_end, sentence_end + 1 if 0 <= sentence_end < head_end else fwd.end())
        wrapper_sig = _signature(norm, fwd.end(), head_end)
        if wrapper_sig:
            meta.forwarded_by = "、".join(wrapper_sig[2])
            preamble_end = max(preamble_end, wrapper_sig[1])
        # the forwarded document's own title line, if printed after the wrapper
        for a, b, _ in lines:
            if a >= preamble_end and norm.text[a:b].strip() == title:
                preamble_end = b
    elif title:
        wrapped = _WRAPPER_TITLE.match(title.replace("《", "").replace("》", ""))
        if wrapped and wrapped.group(1).endswith(_DOC_TYPES):
            title = wrapped.group(1)
    if title:
        meta.title = re.sub(r"\s+", "", title.strip("《》 "))
        preamble_end = max(preamble_end, title_end)
    addressees, addr_end = _addressees(norm, preamble_end if not fwd else 0, head_end)
    if addressees:
        meta.addressees = addressees
        preamble_end = max(preamble_end, addr_end)

    # closing block: the signature after the body, and an attachment list before it
    body_end = len(text)
    closing = None
    sig = _signature(norm, head_end, len(text))
    if sig:
        body_end = sig[0]
        meta.issuer = "、".join(sig[2])
        meta.issue_date = sig[3]
        window = max(0, body_end - 400)  # an attachment list sits right before the signature
        att = re.search(r"(?:^|\n|[。])\s*(附(?:件)?\s*[:：].*)$", text[window:body_end], re.DOTALL)
        if att:
            body_end = window + att.start(1)
        closing = norm.span(body_end, len(text))
    if meta.issuer is None:
        meta.issuer = fields.get("发布部门") or fields.get("发布机构") or fields.get("发文机关")
    if meta.issue_date is None:
        for key in ("成文日期", "发布时间", "发布日期"):
            if fields.get(key) and (date := parse_any_date(fields[key])):
                meta.issue_date = date
                break
    meta.region = _region(meta.issuer, meta.title, meta.forwarded_by)
    while preamble_end < len(text) and text[preamble_end] in "\n ":
        preamble_end += 1
    preamble = norm.span(0, preamble_end) if preamble_end else None
    return Layout(meta, preamble_end, body_end, preamble, closing)
