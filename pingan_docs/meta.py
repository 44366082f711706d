"""Document metadata and the head/foot blocks that are not body text.

A GB/T 9704 document opens with the 发文机关标志 (``…文件``), 发文字号 (and 签发人), the
title (often printed over two or three lines) and 主送机关, and ends with the signature
(发文机关署名), 成文日期, perhaps ``（此件公开发布）``, an attachment list and the 抄送/印发
lines. Forwarding notices wrap another document: ``…《X》…现印发给你们`` — then X is
the document's own title and the wrapper's signers are kept as ``forwarded_by``; when X
carries no signature of its own, the wrapper's signature is its 发文机关署名 and 成文日期.
A forwarded 报告/请示 is different: it was written to the superior organ and only the
notice gives it force, so the notice is the document (title, signature) and the report's
text is its body.

The page a document was found on adds fields (gov.cn's 发文机关/成文日期/标题, a CMS's
发布机构/发布日期, a front matter's title). They are fallbacks: the printed head and the
signature are authoritative, and a page's publication date or a reposting site's name
never overrides them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .data import load_list
from .models import Meta, Span
from .normalize import NormText
from .numerals import DATE_RE, parse_any_date, parse_date
from .regions import chain_at, find_region, region_of_organ, township

_DOC_TYPES = load_list("doc_types.txt")
_ORGAN_END = ("委员会", "人民政府", "政府", "委", "办公室", "局", "厅", "办", "院", "部", "会",
              "领导小组", "领导组", "中心", "党委", "市委", "县委", "区委", "分局", "联社", "署",
              "公司", "集团", "协会", "总队", "支队", "大队", "学校", "大学")
_DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12}\s*[〔\[［【(]\s*(?:19|20)\d{2}\s*[〕\]］】)]\s*第?\s*\d{1,4}\s*号)")
_FORWARD = re.compile(r"《([^《》]{4,80})》[^。《]{0,80}?(?:现(?:予)?(?:转发|印发|批转)(?:给)?你们"
                      r"|现(?:将|把)[^。《》]{0,30}(?:转发|印发|批转)|(?:印发|转发|批转)给?你们)")
# a page title that reports a forwarding: 上海市人民政府办公厅印发《X》, 关于印发X的通知
_WRAPPER_TITLE = re.compile(r"^(?:[\u4e00-\u9fff]{2,30}?)?(?:关于)?(?:印发|转发|批转|发布)《?(.+?)》?(?:的通知)?$")
_SEVERAL = re.compile(r"》\s*[、,和及与]?\s*\Z")  # another title right before the forwarded one
# upward documents: forwarded, they are given force by the notice, which stays the document
_UPWARD = ("报告", "请示")
# after a signature date: a line break, the end, (此件公开发布), an attachment list, 抄送.
# A date followed by 印发 is the 版记's printing date, never the 成文日期.
_AFTER_SIGNATURE = re.compile(r"(?!印发)\s*(?:\Z|\n|[━—-]|抄送|附件|[(（](?:此件|本文|联系|附件|此页))")
# an attachment's first page: ``附件1`` (or ``附件``) alone on its line, then its title
_ATTACHMENT_PAGE = re.compile(r"\n(附件\s*\d*)\s*[:：]?\s*\n\s*[^\s]")
# the years a plan covers, on the line under its title
_SPAN_LINE = re.compile(r"\(\s*(?:19|20)\d{2}\s*[-—–~至]\s*(?:19|20)\d{2}\s*年\s*\)")
_FORWARDED_PART = re.compile(r"(?:中[^。]{0,30}?)?(责任分解|任务分解|任务分工|分工方案|责任清单|任务清单)")
_CLOSING_MARKS = re.compile(r"抄送|附件|[(（]此件|[━—-]{3,}")  # not 2021年3月7日-3月10日: a span
# the 题注 under a title: (2003年6月15日), (2003年6月15日县委常委会议审议通过)
_DATE_UNDER_TITLE = re.compile(rf"\s*[(（]\s*{DATE_RE.pattern}\s*(?:[^()（）\n]{{2,40}}(?:通过|印发|发布))?"
                               r"\s*[)）][^\S\n]*(?=\n|\Z)")
_MASTHEAD = re.compile(r"^([\u4e00-\u9fff()（）]{2,40}?)文件$")
_TITLE_STOP = re.compile(r"[。:：;；!?！？,，]|签发人")

# page fields, most authoritative first; a value other than 发文机关 must read as an organ
_PAGE_TITLE = ("标题", "文件名称", "名称", "页面标题")
_PAGE_ISSUER = ("发文机关", "发文单位", "发布机构", "发布部门", "发布单位", "信息来源", "来源")
_PAGE_DATE = ("成文日期", "成文时间", "发文日期", "发布日期", "发布时间", "发表时间", "公开日期")


@dataclass
class Layout:
    """Where the body is: text before ``body_start`` is head (title, 主送, wrapper), text
    from ``body_end`` on is the closing block (attachment list, signature, 印发 line).
    Attachments printed in full start after the signature, at ``attachments_start``."""

    meta: Meta
    body_start: int
    body_end: int
    preamble: Span | None
    closing: Span | None
    attachments_start: int | None = None


@dataclass
class _Signature:
    start: int  # where the signers' block starts
    end: int  # end of the date
    signers: list[str]
    date: str


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


def _compact(text: str) -> str:
    """Text without spaces and punctuation, to compare two printings of one title."""
    return re.sub(r"[\s\W_]+", "", text)


def _is_organ(name: str) -> bool:
    return (2 <= len(name) <= 30 and name.endswith(_ORGAN_END)
            and not re.search(r"[。,，;；:：、“”《》\d]", name))


def _signature(norm: NormText, search_from: int, limit: int, wrapper: bool = False) -> _Signature | None:
    """The first signature date after ``search_from``. A date is a signature date when
    organ names stand right before it and the date ends its line (or is followed by
    what follows a signature: ``（此件公开发布）``, an attachment list, 抄送/印发). In a
    forwarding wrapper a date alone on its line signs it, whatever follows (the plan)."""
    text = norm.text
    for m in DATE_RE.finditer(text, search_from, limit):
        if m.end() < limit and not _AFTER_SIGNATURE.match(text, m.end()):
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
            name = re.sub(r"\s+", "", text[seg_start:seg_end])  # 广 州 市 教 育 局, spaced to fit
            if not _is_organ(name):
                break
            signers.insert(0, name)
            pos = seg_start
        if signers or _date_alone(text, m.start(), m.end(), limit, wrapper):
            date = parse_date(m)
            if date:
                return _Signature(pos, m.end(), signers, date)
    return None


def _date_alone(text: str, start: int, end: int, limit: int, wrapper: bool = False) -> bool:
    """A date alone on the last line signs too (the issuer's name only on the seal); a
    date line with body text after it is a schedule's, not a signature."""
    line_start = text.rfind("\n", 0, start) + 1
    rest = text[end:limit].lstrip()
    return not text[line_start:start].strip() and (wrapper or not rest or bool(_CLOSING_MARKS.match(rest)))


def _is_title_line(line: str) -> bool:
    """A head line ending in a document type, also before the years it covers
    (…建设规划(2012—2022年))."""
    typed = _SPAN_LINE.sub("", line) if line.endswith(")") else line
    return (4 <= len(line) <= 100 and typed.endswith(_DOC_TYPES)
            and not re.search(r"[。:：〔〕]|签发人", line)
            and not line.startswith(("根据", "按照", "为")))


def _title_fragment(line: str, joined: str, catalogue: str | None) -> bool:
    """Whether ``line`` is the start of a title printed over several lines and
    continued by ``joined``. A catalogue title of the page (gov.cn's 标题) settles it;
    otherwise it must read as part of a title, not as 文号, a ``…文件`` 发文机关标志 or a
    sentence. An organ's name on the line above ``关于…`` belongs to the title (发文机关
    + 关于 + 事由 + 文种); a 发文机关标志 without 文件 stands above the 文号, where the
    join stops."""
    if catalogue and _compact(catalogue).endswith(_compact(joined)):
        return _compact(catalogue).endswith(_compact(line + joined))
    return (2 <= len(line) <= 40 and len(line + joined) <= 100
            and not _TITLE_STOP.search(line) and not line.endswith((*_DOC_TYPES, "文件"))
            and not _DOC_NUMBER.search(line) and not DATE_RE.search(line)
            and not line.startswith(("根据", "按照", "为")))


def _title(norm: NormText, lines: list[tuple[int, int, list[int]]],
           catalogue: str | None) -> tuple[str | None, int]:
    """The last head line that reads as a document title, joined with the lines above
    it that begin it, and where it ends. In a line that also holds 发文字号 or 签发人
    (lost line breaks), the longest clean tail wins."""
    found: tuple[str | None, int] = (None, 0)
    text = norm.text
    for k, (a, b, breaks) in enumerate(lines):
        for cut in [a, *breaks]:
            line = text[cut:b].strip()
            alone = cut == a and line in _DOC_TYPES  # …总体行动 / 方　案: the type on a line of its own
            if not (_is_title_line(line) or alone):
                continue
            if cut == a:
                j = k
                while j > 0 and _title_fragment(text[lines[j - 1][0]:lines[j - 1][1]].strip(), line, catalogue):
                    j -= 1
                    line = text[lines[j][0]:lines[j][1]].strip() + line
                if alone and j == k:
                    continue
            end = b
            if k + 1 < len(lines) and (span := _SPAN_LINE.fullmatch(text[lines[k + 1][0]:lines[k + 1][1]].strip())):
                line, end = line + span.group(), lines[k + 1][1]  # (2019-2021年) under the title
            found = (line, end)
            break
    return found


def _own_title_line(norm: NormText, lines: list[tuple[int, int, list[int]]], start: int,
                    title: str) -> tuple[str, int] | None:
    """The forwarded document's own title where it is printed after the wrapper (on one
    line or up to three), compared without punctuation (the wrapper may write
    ``(2026-2027年)`` where the title line has ``（2026—2027年）``)."""
    want = _compact(title)
    after = [ln for ln in lines if ln[0] >= start]
    for i in range(len(after)):
        joined = ""
        for j in range(i, min(i + 3, len(after))):
            joined += norm.text[after[j][0]:after[j][1]].strip()
            if _compact(joined) == want:
                return joined, after[j][1]
            if not want.startswith(_compact(joined)):
                break
    return None


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


def _page_title(fields: dict[str, str]) -> tuple[str | None, str | None]:
    """(catalogue title, page title): gov.cn's 标题 field is the catalogued title of the
    document; a page heading or front matter title may carry a site suffix."""
    catalogue = next((fields[k] for k in _PAGE_TITLE[:3] if fields.get(k)), None)
    page = fields.get("页面标题") or fields.get("网页标题")
    if page:
        # a site's name after ``_``, ``|`` or `` - `` (a hyphen inside ``2026-2028年`` stays)
        page = re.split(r"\s*(?:[_|｜]|\s-\s)\s*[^_|｜]*$", page)[0] or page
    return catalogue, page


def _unwrapped(title: str) -> str:
    """A page title that reports a forwarding (``X印发《Y》``, ``关于印发Y的通知``) names
    the document Y — unless Y is a report, which the notice carries."""
    m = _WRAPPER_TITLE.match(title)
    if m:
        inner = m.group(1).strip("《》 ")
        if (inner.endswith(_DOC_TYPES) or "》" in title) and not inner.endswith(_UPWARD):
            return inner
    return title


def _page_issuer(fields: dict[str, str]) -> str | None:
    for key in _PAGE_ISSUER:
        value = fields.get(key)
        if value and (key == "发文机关" or _is_organ(value)):
            return value
    return None


def _region(meta: Meta, masthead: str | None, fields: dict[str, str]) -> str | None:
    """The area the document governs: from the signing organ, else the 发文机关标志, the
    forwarding organ or the page's 发文机关; else from the title (an organ before 关于,
    or the first place it names)."""
    for organ in (meta.issuer, masthead, meta.forwarded_by, fields.get("发文机关")):
        region = region_of_organ(organ)
        if region:
            return region
    for title in (meta.title, *_page_title(fields)):
        if not title:
            continue
        if title.find("关于") > 0 and (region := region_of_organ(title[:title.find("关于")])):
            return region
        if region := find_region(title) or chain_at(title):  # 青河县争创…: a county opening the title
            return region
    return region_of_organ(_page_issuer(fields))  # the page's 发布机构 / 来源


def extract_layout(norm: NormText, fields: dict[str, str], head_end: int) -> Layout:
    """Metadata and body bounds; ``head_end`` is where the first heading starts (or the
    end of the text when there is none)."""
    text = norm.text
    lines = _lines(norm, 0, head_end)
    meta = Meta(page_fields=dict(sorted(fields.items())))
    preamble_end = 0

    m = _DOC_NUMBER.search(text, 0, head_end)
    field_number = re.sub(r"\s+", "", fields.get("文号") or fields.get("发文字号") or "")
    if not re.search(r"\d", field_number):
        field_number = ""  # 文号: 无
    # 发文字号 opens its line, or stands alone in brackets on it ((渝办发〔2006〕63号))
    if m and (m.start() == 0 or text[m.start() - 1] in "\n " or m.start() in norm.breaks
              or re.fullmatch(r"\s*[(（]", text[text.rfind("\n", 0, m.start()) + 1:m.start()])):
        meta.doc_number = re.sub(r"\s+", "", m.group(1))
        if field_number and meta.doc_number.endswith(field_number):  # a title run into it
            meta.doc_number = field_number
        preamble_end = max(preamble_end, m.end())
    elif field_number:
        meta.doc_number = field_number
    m = re.search(r"签发人\s*[:：]\s*([\u4e00-\u9fff·]{2,12})", text[:head_end])
    if m:
        name_end = m.start(1)
        while name_end < m.end(1) and (name_end == m.start(1) or name_end not in norm.breaks):
            name_end += 1
        meta.signer = text[m.start(1):name_end]
        preamble_end = max(preamble_end, name_end)
    masthead = next((mh.group(1) for a, b, _ in lines[:3]  # the 发文机关标志 opens the page
                     if (mh := _MASTHEAD.match(text[a:b].strip()))), None)

    catalogue, page_title = _page_title(fields)
    notice_title = None  # a forwarding notice's own title, when the document is what it forwards
    fwd = _FORWARD.search(text, 0, head_end)
    # a forwarded report, or several documents forwarded at once (现将《A》《B》印发给你们):
    # the notice stays the document
    keeps_notice = bool(fwd and (fwd.group(1).endswith(_UPWARD) or _SEVERAL.search(text, 0, fwd.start())))
    if fwd:  # the notice's own title stands before the forwarding sentence
        fwd_line = text.rfind("\n", 0, fwd.start()) + 1
        title, title_end = _title(norm, [ln for ln in lines if ln[1] <= fwd_line], catalogue)
        notice_title = title
    else:
        title, title_end = _title(norm, lines, catalogue)
    if title is None:
        title = catalogue or page_title
        if title and not fwd:
            title = _unwrapped(title)
    wrapper_sig = None
    if fwd:
        sentence_end = text.find("。", fwd.end())
        preamble_end = max(preamble_end, sentence_end + 1 if 0 <= sentence_end < head_end else fwd.end())
        wrapper_sig = _signature(norm, fwd.end(), head_end, wrapper=True)
        if not keeps_notice:
            # 现将《规划》责任分解印发给你们: what is forwarded is the plan's division of tasks
            part = _FORWARDED_PART.match(text, fwd.end(1) + 1)
            title = fwd.group(1) + (part.group(1) if part else "")
            if wrapper_sig:
                meta.forwarded_by = "、".join(wrapper_sig.signers) or None
                preamble_end = max(preamble_end, wrapper_sig.end)
            own = _own_title_line(norm, lines, preamble_end, title)
            if own:
                title, preamble_end = own
    dated_title = None
    if title:
        meta.title = re.sub(r"\s+", "", title.strip("《》 "))
        preamble_end = max(preamble_end, title_end)
        # the date in brackets under the title: when a published text was adopted
        if title_end and (under := _DATE_UNDER_TITLE.match(text, title_end)):
            dated_title = parse_date(under)
            preamble_end = max(preamble_end, under.end())
    addressees, addr_end = _addressees(norm, preamble_end if not fwd else 0, head_end)
    if addressees:
        meta.addressees = addressees
        preamble_end = max(preamble_end, addr_end)

    # closing block: the signature after the body, and an attachment list before it
    body_end = len(text)
    closing = None
    attachments_start = None
    sig = _signature(norm, head_end, len(text))
    if sig is None and not fwd:
        # a notice without numbered parts, signed, then its attachment printed with the
        # outline (附件1 / 加强…责任分解 / 一、…): the signature stands before the first heading
        early = _signature(norm, preamble_end, head_end)
        if early and _ATTACHMENT_PAGE.search(text, early.end - 1, head_end):
            sig = early
    if sig:
        body_end = sig.start
        attachments_start = sig.end
        window = max(0, body_end - 400)  # an attachment list sits right before the signature
        att = re.search(r"(?:^|\n|[。])\s*(附(?:件)?\s*[:：].*)$", text[window:body_end], re.DOTALL)
        if att:
            body_end = window + att.start(1)
        closing = norm.span(body_end, len(text))
    elif att := _ATTACHMENT_PAGE.search(text, head_end):
        # no signature: attachments printed at the end (a label alone on its line) close the body
        body_end = attachments_start = att.start(1)
        closing = norm.span(body_end, len(text))
    # The document's own signature; a forwarded plan without one is signed by the wrapper,
    # and a forwarded report's own signature is not the notice's.
    signed = wrapper_sig if keeps_notice or sig is None else sig
    if signed:
        meta.issuer = "、".join(signed.signers) or None
        meta.issue_date = signed.date
    if meta.issue_date is None and dated_title:
        meta.issue_date = dated_title
    if meta.issuer is None:
        meta.issuer = _page_issuer(fields)
    for named in (meta.title, notice_title):  # 发文机关 + 关于…: unsigned but for the seal
        if meta.issuer is None and named and (about := named.find("关于")) > 0 \
                and (_is_organ(named[:about]) or township(named[:about]) == named[:about]):
            meta.issuer = named[:about]  # (a township writes its name alone: 卢市镇关于…)
    if meta.issue_date is None:
        for key in _PAGE_DATE:
            if fields.get(key) and (date := parse_any_date(fields[key])):
                meta.issue_date = date
                break
    meta.region = _region(meta, masthead, fields)
    while preamble_end < len(text) and text[preamble_end] in "\n ":
        preamble_end += 1
    preamble = norm.span(0, preamble_end) if preamble_end else None
    return Layout(meta, preamble_end, body_end, preamble, closing, attachments_start)
