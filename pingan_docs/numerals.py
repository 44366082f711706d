"""Chinese numerals and dates, the way official documents write them.

cn2an does the numeral arithmetic; this module only adds what documents do that a
numeral library does not expect: years spelt digit by digit (二〇〇四), with ○, a Latin O
or a Greek Ο standing in for 〇, and 两 for 二.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import cn2an

_DIGITS = {"〇": "0", "○": "0", "Ο": "0", "O": "0", "o": "0", "零": "0", "ο": "0",
           "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7",
           "八": "8", "九": "9"}
CN_NUM = "〇○ΟOoο零一二两三四五六七八九十百千万"
YEAR = r"(?:(?:19|20)\d{2}|[〇○ΟOoο零一二三四五六七八九]{4})"
MONTHDAY = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE_RE = re.compile(rf"({YEAR})\s*年\s*({MONTHDAY})\s*月\s*({MONTHDAY})\s*日")


def cn_int(text: str) -> int | None:
    """``12`` / ``十二`` / ``两`` / ``二〇〇四`` as an int, or None."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(ch in _DIGITS for ch in text) and len(text) >= 3:
        return int("".join(_DIGITS[ch] for ch in text))
    try:
        value = cn2an.cn2an(text.replace("两", "二").replace("〇", "零"), "smart")
    except (ValueError, KeyError):
        return None
    return int(value) if float(value).is_integer() else None


def cn_number(text: str) -> float | None:
    """A quantity as written (``85``, ``1.5``, ``二``, ``两``), or None."""
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    value = cn_int(text)
    return float(value) if value is not None else None


def iso(year: int, month: int, day: int | None = None) -> str | None:
    """ISO date; a missing day means the month's last day (a deadline's end)."""
    try:
        if day is None:
            day = calendar.monthrange(year, month)[1]
        return date(year, month, day).isoformat()
    except ValueError:
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
    m = re.search(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if m:
        return iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None
