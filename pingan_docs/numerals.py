"""Chinese numerals and dates, the way official documents write them.

cn2an does the numeral arithmetic; this module only adds what documents do that a
numeral library does not expect: years spelt digit by digit (二〇〇四), with ○, a Latin O,
a Greek Ο or an ASCII 0 standing in for 〇, 两 for 二, and a bare magnitude as a round number
(建成百个, 培育千家, 集聚万名 — 百 is 一百). Every converter is total: text that is not a
numeral, or a date that does not exist (2014年13月45日), gives None, never an exception,
because the input is whatever a document happens to print.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date
from functools import lru_cache

import cn2an

_DIGITS = {"〇": "0", "○": "0", "Ο": "0", "O": "0", "o": "0", "零": "0", "ο": "0", "0": "0",
           "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7",
           "八": "8", "九": "9"}
CN_NUM = "〇○ΟOoο零一二两三四五六七八九十百千万"
# a year spelt digit by digit may carry ASCII zeros typed for 〇 (二00六年)
YEAR = r"(?:(?:19|20)\d{2}|[一二][〇○ΟOoο零0一二三四五六七八九]{3})"
MONTHDAY = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE_RE = re.compile(rf"({YEAR})\s*年\s*({MONTHDAY})\s*月\s*({MONTHDAY})\s*日")
# ASCII digits only: str.isdigit() also accepts ², ① and Arabic-Indic digits, which int()
# and float() then reject. The length cap keeps int() under Python's digit limit.
_ARABIC = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,8})?")
_MAX_CN = 16  # no real numeral is longer; cn2an is not meant for arbitrary strings


def cn_int(text: str) -> int | None:
    """``12`` / ``十二`` / ``两`` / ``百`` / ``二〇〇四`` as an int, or None."""
    text = text.strip()
    if not text or len(text) > _MAX_CN:
        return None
    if _ARABIC.fullmatch(text):
        return int(text) if "." not in text else None
    if len(text) >= 3 and all(ch in _DIGITS for ch in text):
        return int("".join(_DIGITS[ch] for ch in text))
    value = _cn2an(text)
    return int(value) if value is not None and value.is_integer() else None


def cn_number(text: str) -> float | None:
    """A quantity as written (``85``, ``1.5``, ``二``, ``两``, ``千``, ``一点五``), or None."""
    text = text.strip()
    if _ARABIC.fullmatch(text):
        return float(text)
    value = cn_int(text)
    if value is not None:
        return float(value)
    return _cn2an(text) if text and len(text) <= _MAX_CN else None


@lru_cache(maxsize=4096)
def _cn2an(text: str) -> float | None:
    """cn2an on a Chinese numeral; a leading bare magnitude counts one of it (百 → 一百).
    The same few numerals recur in every document, and cn2an checks its input with
    regular expressions it builds on every call: each answer is kept."""
    if not all(ch in CN_NUM or ch == "点" for ch in text):
        return None
    text = text.replace("两", "二").replace("〇", "零")
    if text[0] in "百千万":
        text = "一" + text
    try:
        value = float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return value if math.isfinite(value) else None


def iso(year: int, month: int, day: int | None = None) -> str | None:
    """ISO date; a missing day means the month's last day (a deadline's end). None when
    the date does not exist."""
    try:
        if day is None:
            day = calendar.monthrange(year, month)[1]
        return date(year, month, day).isoformat()
    except (ValueError, OverflowError):
        return None


def parse_date(match: re.Match[str]) -> str | None:
    """A :data:`DATE_RE` match as an ISO date."""
    y, m, d = (cn_int(g) for g in match.groups())
    if y is None or m is None or d is None:
        return None
    return iso(y, m, d)


def parse_any_date(text: str) -> str | None:
    """The first date in ``2014年11月13日`` or ``2014-11-04`` form, as ISO."""
    m = DATE_RE.search(text)
    if m:
        return parse_date(m)
    m = re.search(r"((?:19|20)\d{2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})", text)  # also 2023- 11- 28
    if m:
        return iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None
