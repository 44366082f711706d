"""Deadlines: points (due), spans (period) and cycles (recurring), resolved to ISO dates.

Dates resolve against the document's issue date: a month-only end is that month's last
day, a year-only end is 12-31, 年内 is the issue year's end, 下年度 the next year's. Five-
year plans (“十二五”末期) resolve arithmetically. Years before the issue year describe
history and are not deadlines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..numerals import MONTHDAY, YEAR, cn_int, iso

_Y = rf"(?P<y>{YEAR})\s*年"
_M = rf"(?P<m>{MONTHDAY})\s*月"
_D = rf"(?P<d>{MONTHDAY})\s*[日号]"
_FREQ = {"日": "daily", "天": "daily", "周": "weekly", "星期": "weekly", "月": "monthly",
         "季度": "quarterly", "季": "quarterly", "半年": "half-yearly", "年": "yearly",
         "年度": "yearly"}


# A character every match of a rule contains, to skip rules that cannot match.
_TRIGGERS = {"since_now": "至", "span": "月", "plan": "五", "by_date": "年", "month_day": "月",
             "month_day_paren": "结", "this_year": "年", "half": "半", "quarter": "季",
             "relative": "之日起", "event": "之日起", "annual": "年度", "bare_year": "年"}


@dataclass
class DeadlineHit:
    start: int
    end: int
    text: str
    kind: str
    start_date: str | None = None
    end_date: str | None = None
    frequency: str | None = None
    count: int | None = None


def _plan_years(ordinal: str) -> tuple[int, int] | None:
    """“十二五” → (2011, 2015). Plans run in five-year steps from the third (1966–1970);
    the first two were 1953–1957 and 1958–1962."""
    n = cn_int(ordinal)
    if n is None or not 1 <= n <= 30:
        return None
    first = {1: 1953, 2: 1958}.get(n, 1966 + 5 * (n - 3))
    return first, first + 4


class DeadlineFinder:
    def __init__(self) -> None:
        q = "[“”\"'‘’]?"
        self.rules: list[tuple[re.Pattern[str], str]] = [
            (re.compile(rf"(?:从现在起|自即日起|即日起|从即日起|自本(?:方案|意见|通知)印发之日起)[,]?至\s*"
                        rf"(?:{_Y})?\s*(?:{_M})?\s*(?:(?P<d>{MONTHDAY})\s*[日号]|(?P<end>底|末))?"), "since_now"),
            (re.compile(rf"(?P<y1>{YEAR})\s*年\s*(?P<m1>{MONTHDAY})\s*月\s*(?:(?P<d1>{MONTHDAY})\s*日)?\s*(?:至|到|—|-|~)\s*"
                        rf"(?:(?P<y2>{YEAR})\s*年)?\s*(?P<m2>{MONTHDAY})\s*月\s*(?:(?P<d2>{MONTHDAY})\s*日)?(?:底|末)?"), "span"),
            (re.compile(rf"(?:到|至|在)?\s*{q}(?P<plan>[一二三四五六七八九十]{{2,3}})五{q}\s*(?P<part>末期|末|期末|期间|时期|期内)"), "plan"),
            (re.compile(rf"(?:到|至|于|在)\s*{_Y}\s*(?:(?P<m>{MONTHDAY})\s*月)?\s*(?:(?P<d>{MONTHDAY})\s*[日号])?\s*(?P<end>底|末|年底|前|以前)?"), "by_date"),
            (re.compile(rf"{_Y}\s*(?:(?P<m>{MONTHDAY})\s*月)?\s*(?:(?P<d>{MONTHDAY})\s*[日号])?\s*(?P<end>底|末)?(?:前|以前|之前)"), "by_date"),
            (re.compile(rf"(?:(?P<next>下年度|下一年度|次年|明年)\s*)?(?<![\d年])(?P<m>{MONTHDAY})\s*月\s*(?:(?P<d>{MONTHDAY})\s*[日号]\s*)?(?P<end>前|以前|之前|底|末|底前)"), "month_day"),
            (re.compile(rf"结束前\s*\(\s*(?P<m>{MONTHDAY})\s*月\s*(?P<d>{MONTHDAY})\s*日\s*\)"), "month_day_paren"),
            (re.compile(r"(?:年内|年底前|本年底前|今年内|本年度内)"), "this_year"),
            (re.compile(r"(?P<half>上半年|下半年)(?:前|内)?"), "half"),
            (re.compile(r"第(?P<q>[一二三四1-4])季度(?:末|前|内)?"), "quarter"),
            (re.compile(r"(?:印发|发布)之日起\s*(?P<n>\d+|[一二三四五六七八九十]+)\s*(?:个)?(?P<u>日|天|个月|月)内"), "relative"),
            (re.compile(r"之日起\s*(?P<n>\d+|[一二三四五六七八九十]+)\s*(?:个)?(?:日|天|个月|月)内"), "event"),
            (re.compile(r"(?P<every>每(?:个)?(?:日|天|周|星期|月|季度|季|半年|年度|年)|逐年度|逐年|分年度)"
                        r"(?:(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月)?"
                        r"(?P<act>[^,。;]{0,8}?(?P<n>\d+|[一二两三四五六七八九十])次)?"), "recurring"),
            (re.compile(r"年度(?:目标责任)?(?:考核|述职|实施方案)"), "annual"),
            (re.compile(rf"(?:^|[。;,\n])\s*(?P<bare>{_Y})\s*(?=[,有要])"), "bare_year"),
        ]

    def find(self, text: str, issue: str | None) -> list[DeadlineHit]:
        issued = date.fromisoformat(issue) if issue else None
        hits: list[DeadlineHit] = []
        taken: list[tuple[int, int]] = []
        present = {t for t in _TRIGGERS.values() if t in text}
        for pattern, kind in self.rules:
            if _TRIGGERS.get(kind, "") and _TRIGGERS[kind] not in present:
                continue  # cheap skip: the rule cannot match without its trigger
            for m in pattern.finditer(text):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                hit = self._resolve(m, kind, issued)
                if hit is None:
                    continue
                whole = "bare" if kind == "bare_year" else 0
                matched = m.group(whole)
                hit.text = matched.strip()  # the span too: no white space the rule ran over
                hit.start = m.start(whole) + len(matched) - len(matched.lstrip())
                hit.end = hit.start + len(hit.text)
                hits.append(hit)
                taken.append((m.start(), m.end()))
        return sorted(hits, key=lambda h: h.start)

    def _resolve(self, m: re.Match[str], kind: str, issued: date | None) -> DeadlineHit | None:
        g = m.groupdict()
        year = issued.year if issued else None
        if kind == "since_now":
            y = cn_int(g["y"]) if g.get("y") else year
            mo = cn_int(g["m"]) if g.get("m") else 12
            if y is None or mo is None:
                return None
            end = iso(y, mo, cn_int(g["d"]) if g.get("d") else None)
            return DeadlineHit(0, 0, "", "period", issued.isoformat() if issued else None, end)
        if kind == "span":
            y1 = cn_int(g["y1"])
            y2 = cn_int(g["y2"]) if g.get("y2") else y1
            m1, m2 = cn_int(g["m1"]), cn_int(g["m2"])
            if None in (y1, y2, m1, m2):
                return None
            d1 = cn_int(g["d1"]) if g.get("d1") else 1
            d2 = cn_int(g["d2"]) if g.get("d2") else None
            return DeadlineHit(0, 0, "", "period", iso(y1, m1, d1), iso(y2, m2, d2))  # type: ignore[arg-type]
        if kind == "plan":
            years = _plan_years(g["plan"])
            if not years:
                return None
            if g["part"] in ("期间", "时期", "期内"):
                return DeadlineHit(0, 0, "", "period", iso(years[0], 1, 1), iso(years[1], 12, 31))
            return DeadlineHit(0, 0, "", "due", None, iso(years[1], 12, 31))
        if kind == "by_date":
            y = cn_int(g["y"])
            if y is None or (year and y < year):
                return None
            mo = cn_int(g["m"]) if g.get("m") else 12
            end = iso(y, mo or 12, cn_int(g["d"]) if g.get("d") else None)
            return DeadlineHit(0, 0, "", "due", None, end)
        if kind in ("month_day", "month_day_paren"):
            if year is None:
                return DeadlineHit(0, 0, "", "due", None, None)
            y = year + 1 if g.get("next") else year
            mo = cn_int(g["m"])
            if mo is None or not 1 <= mo <= 12:
                return None
            return DeadlineHit(0, 0, "", "due", None, iso(y, mo, cn_int(g["d"]) if g.get("d") else None))
        if kind == "this_year":
            return DeadlineHit(0, 0, "", "due", None, iso(year, 12, 31) if year else None)
        if kind == "half":
            if year is None:
                return DeadlineHit(0, 0, "", "due", None, None)
            return DeadlineHit(0, 0, "", "due", None, iso(year, 6 if g["half"] == "上半年" else 12))
        if kind == "quarter":
            q = cn_int(g["q"])
            if year is None or q is None:
                return DeadlineHit(0, 0, "", "due", None, None)
            return DeadlineHit(0, 0, "", "due", None, iso(year, q * 3))
        if kind == "relative":
            n = cn_int(g["n"])
            if issued is None or n is None:
                return DeadlineHit(0, 0, "", "due", None, None)
            days = n if g["u"] in ("日", "天") else 30 * n
            return DeadlineHit(0, 0, "", "due", None, (issued + timedelta(days=days)).isoformat())
        if kind == "event":
            return DeadlineHit(0, 0, "", "due", None, None)
        if kind == "recurring":
            every = g["every"]
            freq = "yearly" if every.startswith(("逐年", "分年度")) else _FREQ.get(every.lstrip("每").lstrip("个"))
            if freq is None:
                return None
            count = cn_int(g["n"]) if g.get("n") else None
            return DeadlineHit(0, 0, "", "recurring", frequency=freq, count=count)
        if kind == "annual":
            return DeadlineHit(0, 0, "", "recurring", frequency="yearly")
        if kind == "bare_year":
            y = cn_int(g["y"])
            if y is None or year is None or y < year:
                return None  # history, or nothing to compare with
            return DeadlineHit(0, 0, "", "due", None, iso(y, 12, 31))
        return None
