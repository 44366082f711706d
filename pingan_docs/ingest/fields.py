"""Page fields: what a web page, a CMS export or a crawler says *about* a document.

Government sites print a catalogue record next to the text — gov.cn's info table
(索引号/主题分类/发文机关/成文日期/标题/发文字号/发布日期), a 基本信息 block, a CMS line
``发布机构：… 发布日期：…``, the ``<meta name="ArticleTitle">`` tags of the national
government-website standard, a Jekyll/YAML front matter, a crawler's Markdown header.
The readers collect these as ``RawText.fields`` under the label the page prints (spaces
removed), so they never end up as body text; ``meta.py`` decides what they are worth
against the document's own head and signature.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import yaml

# Labels of the catalogue record, as printed by government sites and CMSs. A label is
# recognised with its spaces removed (gov.cn prints ``索 引 号：`` and ``标　　题：``).
LABELS = (
    "索引号", "主题分类", "分类", "发文机关", "发文单位", "成文日期", "成文时间", "标题", "文件名称", "名称",
    "发文字号", "文号", "发布日期", "发布时间", "发表时间", "公开日期", "发文日期", "发布机构",
    "发布部门", "发布单位", "来源", "信息来源", "文章来源", "有效性", "时效性", "效力状态", "作者",
    "主题词", "生效日期", "施行日期", "体裁分类", "组配分类", "公开方式", "公开范围",
)
_LABEL_SET = set(LABELS)
# ``label: value`` inside a line. The value stops at whitespace and bars, as in
# ``[ 来源: | 作者:admin | 发布时间:2014-11-04 | 浏览:3168次 ]``. Only labels that cannot
# open a sentence of body text are listed (标题/名称/来源 alone would).
FIELD = re.compile(r"(发布部门|发布机构|发布单位|发文机关|发布时间|发布日期|发表时间|成文日期|信息来源|来源"
                   r"|有效性|时效性|作者|文号|发文字号|索引号|主题分类)"
                   r"\s*[:：]\s*([^\s|｜\]]*)")
# Front matter / <meta> keys in English, as Jekyll, Hugo, VuePress and the government
# website standard (GB/T 39047 style ``ArticleTitle``/``PubDate``/``ContentSource``) write them.
_KEY_ALIASES = {
    "title": "页面标题", "articletitle": "页面标题", "date": "发布日期", "pubdate": "发布日期",
    "publishdate": "发布日期", "author": "作者", "source": "来源", "contentsource": "来源",
    "publisher": "发布机构", "issuer": "发文机关", "docnumber": "文号", "doc_number": "文号",
    "url": "原文链接", "link": "原文链接",
}
_SPACES = re.compile(r"[\s\u3000\xa0]+")


def label_of(cell: str) -> str | None:
    """The catalogue label a table cell or bold run holds (``索 引 号：`` → ``索引号``)."""
    label = _SPACES.sub("", cell).rstrip(":：")
    return label if label in _LABEL_SET else None


def looks_like_label(cell: str) -> bool:
    """A catalogue label cell, known or not: a short word closed by a colon (``分类：``)."""
    compact = _SPACES.sub("", cell)
    return label_of(cell) is not None or (2 <= len(compact) <= 9 and compact[-1] in ":：")


def one_pair(text: str) -> tuple[str, str] | None:
    """``发文机关：国务院`` — a known label and its value, when the text holds one pair only."""
    m = re.match(r"^\s*([^:：]{1,10})[:：]\s*([^:：]+?)\s*$", text)
    if m and (label := label_of(m.group(1))) and len(m.group(2)) <= 120:
        return label, clean_value(m.group(2))
    return None


def clean_value(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def pairs_from_cells(cells: list[str]) -> dict[str, str]:
    """``label, value, label, value`` cells of an info-table row; a label cell whose value
    sits in the same cell (``发文机关：国务院``) works too."""
    found: dict[str, str] = {}
    i = 0
    while i < len(cells):
        label = label_of(cells[i])
        if label and i + 1 < len(cells) and label_of(cells[i + 1]) is None:
            value = clean_value(cells[i + 1])
            if value and not looks_like_label(value):  # 生效日期: | 废止日期: — empty, not a value
                found.setdefault(label, value)
            i += 2
            continue
        m = re.match(r"^([^:：]{1,8})[:：]\s*(.+)$", _SPACES.sub(" ", cells[i]).strip())
        if m and label_of(m.group(1)):
            found.setdefault(label_of(m.group(1)) or "", clean_value(m.group(2)))
        i += 1
    return found


def keyed(items: Iterable[tuple[str, object]]) -> dict[str, str]:
    """Front matter or ``<meta>`` keys mapped to the Chinese labels used elsewhere; keys
    already in Chinese are kept as they are, anything else is dropped."""
    out: dict[str, str] = {}
    for key, value in items:
        if value is None or isinstance(value, (dict, list)):
            continue
        text = clean_value(str(value))
        k = _SPACES.sub("", str(key))
        label = _KEY_ALIASES.get(k.lower().replace("-", "").replace("_", "")) \
            or _KEY_ALIASES.get(k.lower()) or (k if label_of(k) else None)
        if label and text:
            out.setdefault(label, text)
    return out


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """A leading YAML front matter block (``---`` … ``---``) as fields, and the rest.
    A block that is not a YAML mapping is left in place: it may be a rule in the text."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    return keyed(data.items()), text[m.end():]
