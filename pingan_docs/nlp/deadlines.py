"""Deadlines: points (due), spans (period) and cycles (recurring), resolved to ISO dates.

Dates resolve the way the genre writes them:

* a month-day without a year belongs to the year of the last full date in the same
  paragraph (``2003年5月13日……8月11日至18日``), else to the year an annual plan names in
  its title (``2026年…招生工作方案``), else to the issue year; ``下年度`` adds one;
* a month-only end is that month's last day, a year-only end is 12-31; ``年内`` is the issue
  year's end; five-year plans (``“九五”期间``, ``“十二五”末期``) come from
  ``data/five_year_plans.txt``;
* a limit counted from the document's own issuance (``本通知印发之日起30日内``) runs from
  the issue date (working days skip weekends); one counted from any other event
  (``签订…之日起1个月内``, ``5个工作日内``) is due with no date (``end`` None);
* a cycle (``每年12月底前``, ``每季度``, ``月度、季度、年度评估``) recurs and has no end.

Not deadlines: dates that end before the issue date (history), dates inside ``《》`` (the
title of another document), the document's own validity (``自…起施行``, ``有效期至…``,
``有效期2年``: how long the text is in force, not a time set for work), and ``截至`` (as of).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from ..data import load_list
from ..numerals import MONTHDAY, YEAR, cn_int, iso

_MD = MONTHDAY
_N = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"
_SEP = r"(?:至|到|—|–|－|-|~)"
_DOC = r"(?:通知|意见|方案|办法|规定|决定|细则|措施|计划|文件|规划|要点|预案)"
_NUMERALS = "0123456789〇○ΟOoο零一二两三四五六七八九十"
# compounds ending in 于 that are not "on/by" (关于, 对于, 由于, 属于, 位于…); 不晚于 is
_NOT_ON = frozenset("关对由属等基鉴位处用至过终在善敢勇归趋便利易难忙急限出源")
_FREQ = {"日": "daily", "天": "daily", "周": "weekly", "星期": "weekly", "月": "monthly",
         "季度": "quarterly", "季": "quarterly", "半年": "half-yearly", "年": "yearly",
         "年度": "yearly", "月度": "monthly", "半年度": "half-yearly",
         # a school year has two terms: 每学期 (校园安全演练, 安全教育) is half-yearly
         "学期": "half-yearly", "学年": "yearly"}
_FULL_DATE = re.compile(rf"(?P<y>{YEAR})\s*年\s*{_MD}\s*月")
_ANY_DAY = re.compile(rf"(?:(?P<y>{YEAR})\s*年\s*)?(?P<m>{_MD})\s*月\s*(?P<d>{_MD})\s*[日号]")
# The title of an annual plan: a line (or a 《》 the wrapper names) that starts with its year,
# or with the place or organ whose year it is (某县2024年平安建设工作要点, 关于下达2008年
# 消防安全目标管理责任书的通知); not a span of years (2024年至2026年…).
_ANNUAL_TITLE = re.compile(r"(?:^[#\s]*|《)[\u4e00-\u9fff]{0,30}?"
                           r"(?P<y>(?:19|20)\d{2})\s*年(?:度)?(?!\s*[至到\-—–~]\s*(?:19|20)\d{2})"
                           r"[^\n。,;:《》]{2,60}(?:方案|计划|要点|安排|责任书)", re.M)
_PLAN_LEAD = re.compile(r"(?:到|至|在|通过|经过)?\s*[“\"'‘]?$")
_NEXT_YEAR = re.compile(r"(?:下年度|下一年度|次年|明年)\s*$")
_THIS_YEAR = re.compile(r"(?:今年|本年|当年)$")
_TEN_DAYS = "上旬|中旬|下旬|初"
# the work done by a date written straight before it (2024年5月完成部署): completion verbs
_DONE = r"(?:全面|基本|要|须|必须|力争|确保)?(?:完成|建成|实现|完工|竣工|到位|验收)"
_TEN_DAY_END = {"上旬": 10, "初": 10, "中旬": 20}  # 下旬 ends with the month
_EVERY = {"年度": "每(?:个)?年|逐年|分年度", "半年度": "每(?:个)?半年", "季度": "每(?:个)?季",
          "月度": "每(?:个)?月"}
_CARRY = 300  # how far back a paragraph's full date lends its year to a month-day


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


def _hit(kind: str, start: str | None = None, end: str | None = None,
         frequency: str | None = None, count: int | None = None) -> DeadlineHit:
    return DeadlineHit(0, 0, "", kind, start, end, frequency, count)


def _plans() -> dict[str, tuple[int, int]]:
    rows = (line.split("\t") for line in load_list("five_year_plans.txt"))
    return {name.strip(): (int(first), int(last)) for name, first, last in rows}


def _holidays() -> dict[str, list[str]]:
    """Holiday → its dates: ``MM-DD`` for a fixed one, every year's ``YYYY-MM-DD`` for 春节."""
    table: dict[str, list[str]] = {}
    for line in load_list("holidays.txt"):
        name, _, when = line.partition("\t")
        table.setdefault(name.strip(), []).append(when.strip())
    return table


def _add_working_days(day: date, n: int) -> date:
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _last_match(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> re.Match[str] | None:
    matches = list(pattern.finditer(text, lo, hi))
    return matches[-1] if matches else None


def _inside_title(text: str, pos: int) -> bool:
    """Inside 《…》: the title of another document (《…规划（2021—2025年）》)."""
    opened = text.rfind("《", max(0, pos - 80), pos)
    return opened >= 0 and text.find("》", opened, pos) < 0


@dataclass
class _Context:
    text: str
    issued: date | None
    title: str | None = None

    @cached_property
    def plan_year(self) -> int | None:
        """The year an annual plan's title names, if it is the issue year or the next
        (the document's title, else a title line or 《》 near the top of the text)."""
        m = _ANNUAL_TITLE.search(self.title) if self.title else None
        m = m or _ANNUAL_TITLE.search(self.text, 0, 4000)
        if not m:
            return None
        y = int(m.group("y"))
        return y if self.issued is None or y in (self.issued.year, self.issued.year + 1) else None

    @property
    def year(self) -> int | None:
        """The year month-days without a year of their own belong to."""
        return self.plan_year or (self.issued.year if self.issued else None)

    def year_at(self, pos: int) -> int | None:
        """The year of a month-day at ``pos``: the paragraph's last full date before it, if
        any (a narrative names the year once), else :attr:`year`."""
        lo = max(0, pos - _CARRY)
        lo = self.text.rfind("\n", lo, pos) + 1 or lo
        last = _last_match(_FULL_DATE, self.text, lo, pos)
        return cn_int(last.group("y")) if last else self.year


_PART_START = {"上旬": 1, "初": 1, "中旬": 11, "下旬": 21}


def _span_parts(m: re.Match[str]) -> dict[str, int | None]:
    """A span's years, months and days as numbers; a part of the first month (中旬) gives
    its first day."""
    g = {k: (cn_int(v) if v else None) for k, v in m.groupdict().items() if k not in ("mo1", "part1")}
    if g.get("d1") is None and m.groupdict().get("part1"):
        g["d1"] = _PART_START[m.group("part1")]
    return g


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    trigger: re.Pattern[str] | None
    not_after: frozenset[str]



class DeadlineFinder:
    def __init__(self) -> None:
        goal = "|".join(map(re.escape, load_list("goal_verbs.txt")))
        self.goal = re.compile(rf"^[^,。;:]{{0,40}}?(?:{goal})")
        self.forecast = re.compile(r"可能|预计|预测|估计")
        self.plans = _plans()
        self.holidays = _holidays()
        holiday_names = "|".join(sorted(self.holidays, key=len, reverse=True))
        self.holiday_names = re.compile(holiday_names)
        activities = "|".join(map(re.escape, load_list("cycle_activities.txt")))

        def rule(name: str, pattern: str, trigger: str | None = None, not_after: str = "") -> _Rule:
            """``not_after``: characters that must not precede the match (checked in Python:
            a lookbehind at the start of a pattern would cost the regex its fast prefix scan)."""
            return _Rule(name, re.compile(pattern), re.compile(trigger) if trigger else None,
                         frozenset(not_after))

        ymd = rf"(?P<y>{YEAR})\s*年\s*(?:(?P<m>{_MD})\s*月)?\s*(?:(?P<d>{_MD})\s*[日号])?"
        # 4月26日至4月28日, 4月至6月, 4—6月, 1997年1月7日至11日: the first month's 月 may be implied
        # …11月中旬至…: a part of the first month starts the span on its first day
        m1 = (rf"(?P<m1>{_MD})\s*(?:(?P<mo1>月)\s*(?:(?P<d1>{_MD})\s*[日号]|(?P<part1>上旬|中旬|下旬|初))?)?"
              rf"\s*(?:起|开始)?\s*{_SEP}\s*")
        m2 = rf"(?:(?P<m2>{_MD})\s*月)?\s*(?:(?P<d2>{_MD})\s*[日号])?(?:底|末)?(?:结束|止)?"
        self.rules: list[_Rule] = [
            # the document's own validity: consumed, never a deadline
            rule("void", rf"有效期(?:为|是|至|到|截至)?\s*(?:{YEAR}\s*年\s*(?:{_MD}\s*月\s*(?:{_MD}\s*[日号])?)?"
                         rf"|{_N}\s*(?:个)?(?:年|月|日|天))?"
                         r"|(?:自|从)[^。;,\n]{0,24}?起(?:施行|生效|执行)(?=\s*(?:[。,;\n]|$))",
                 r"有效期|起(?:施行|生效|执行)"),
            rule("since_now", rf"(?:从现在起|自即日起|即日起|从即日起|自本{_DOC}印发之日起)[,]?至\s*"
                              rf"(?:(?P<y>{YEAR})\s*年)?\s*(?:年底|年末)?\s*(?:(?P<m>{_MD})\s*月)?\s*"
                              rf"(?:(?P<d>{_MD})\s*[日号]|(?P<end>底|末))?", "起"),
            rule("span", rf"(?P<y1>{YEAR})\s*年\s*(?:{m1}|(?:起)?\s*{_SEP}\s*)(?:(?P<y2>{YEAR})\s*年)?\s*{m2}",
                 rf"年\s*(?:{_MD}\s*月?\s*(?:{_MD}\s*[日号]|上旬|中旬|下旬|初)?)?\s*(?:起|开始)?\s*{_SEP}", _NUMERALS),
            rule("span", rf"(?P<y1>(?:19|20)\d{{2}})\s*{_SEP}\s*(?P<y2>(?:19|20)\d{{2}})\s*年"
                         rf"(?!\s*{_MD}\s*月)", r"\d年", _NUMERALS),
            rule("plan", r"(?P<plan>[一二三四五六七八九十]{1,2}五)[”\"'’]?\s*(?P<part>末期|期末|末|期间|时期|期内)",
                 r"五[”\"'’]?\s*(?:末|期|时期)", _NUMERALS + "第"),
            rule("recurring", rf"(?P<every>每(?:[1一]?个|[1一])?(?:日|天|周|星期|月|季度|季|半年|年度|年|学期|学年)|逐年度|逐年|分年度)"
                              rf"(?![都均]有)(?:\s*(?P<m>{_MD})\s*月)?(?:\s*(?P<d>{_MD})\s*[日号])?"
                              r"(?:年底|年末|年初|月底|月末|月初|季末|季度末|底|末|初|上旬|中旬|下旬)?(?:前|以前|之前)?"
                              r"(?P<act>[^,。;]{0,8}?(?P<n>\d+|[一二两三四五六七八九十])次)?", "[每逐分]"),
            rule("year_part", rf"(?P<y>{YEAR})\s*年\s*(?:(?P<half>上半年|下半年)|第?(?P<q>[一二三四1-4])季度)"
                              r"(?:末|底)?(?:前|内|以前|之前)?(?!\s*起)", "半年|季度", _NUMERALS),
            rule("holiday", rf"(?:(?P<y>{YEAR})\s*年\s*)?(?P<h>(?:{holiday_names})节?(?:[、和及与](?:{holiday_names})节?)*)"
                            r"(?:放假)?(?:前|之前|以前)",
                 rf"(?:{holiday_names})节?(?:放假)?(?:之|以)?前"),
            rule("by_date", rf"(?P<prep>到|至|于|在|截止(?:时间|日期)?(?:为|是|到|至)?|(?:完成|治理|整改|办结)?时限[:：])\s*{ymd}\s*(?P<end>年底|年末|底|末|{_TEN_DAYS}|前|以前|之前)?", "年"),
            rule("by_date", rf"{ymd}\s*(?P<end>年底|年末|底|末|{_TEN_DAYS})?(?:前|以前|之前)",
                 rf"年\s*(?:{_MD}\s*月)?\s*(?:{_MD}\s*[日号])?\s*\S{{0,2}}(?:前|以前|之前)", _NUMERALS),
            # 2024年5月完成部署, 2025年底全面建成: a date straight before the work's completion
            rule("by_date", rf"{ymd}\s*(?P<end>年底|年末|底|末|{_TEN_DAYS})?(?=\s*{_DONE})",
                 rf"年\s*(?:{_MD}\s*月)?\s*\S{{0,4}}{_DONE}", _NUMERALS),
            rule("month_span", m1 + m2, rf"{_SEP}\s*{_MD}\s*[月日号]", _NUMERALS + "年"),
            rule("month_day", rf"(?P<m>{_MD})\s*月(?:份)?\s*(?:(?P<d>{_MD})\s*[日号]\s*)?"
                              rf"(?P<end>底前|末前|(?:{_TEN_DAYS})前?|底|末|前|以前|之前)",
                 rf"月份?\s*(?:{_MD}\s*[日号])?\s*(?:底|末|初|[上中下]旬|前|以前|之前)", _NUMERALS),
            # a schedule table's month cell (烟花爆竹 | 1月份 | 安监站): that month
            rule("month_cell", rf"(?<=[\t\n])(?P<m>{_MD})\s*月(?:份)?(?=[\t\n]|\Z)", "月", _NUMERALS),
            rule("on_day", rf"(?:于|在)\s*(?P<m>{_MD})\s*月\s*(?P<d>{_MD})\s*[日号]"
                           rf"(?!\s*(?:前|以前|之前|起|{_SEP}))", "[于在]"),
            rule("month_day", rf"结束前\s*\(\s*(?P<m>{_MD})\s*月\s*(?P<d>{_MD})\s*日\s*\)", "结束前"),
            rule("next_year", r"(?:明年|次年|下一年)(?:年底前|年底|底前|底|年内|内)", "[明次一]年"),
            rule("this_year", r"本年度内|本年内|今年内|今年年底前|今年底前|今年底|今年适当时候|本年底前|年底前|年内",
                 "年[内底]|今年", _NUMERALS + "几数多半近明次"),
            rule("this_month", r"本月(?:底前|底|末|内)", "本月"),
            rule("year_part", r"(?P<half>上半年|下半年)(?:前|内)?", "半年", "年"),
            rule("year_part", r"第?(?P<q>[一二三四1-4])季度(?:末|前|内)?", "季度", _NUMERALS + "年每"),
            rule("relative", rf"(?P<anchor>(?:自|从)\s*(?:本{_DOC})?|本{_DOC})?(?:印发|发布|下发|公布)之日起\s*"
                             rf"(?P<n>{_N})\s*(?:个)?(?P<u>工作日|日|天|个月|月)(?:以内|内)", "之日起"),
            rule("event", rf"(?:之日起|之日|之后|后)\s*{_N}\s*(?:个)?(?:工作日|日|天|个月|月|年)(?:以内|内)",
                 "(?:工作日|日|天|月|年)(?:以内|内)"),
            rule("event", rf"{_N}\s*个?工作日(?:以内|内)", "工作日", _NUMERALS),
            # 在1小时内上报, 24小时之前报送: counted in hours from an event (an incident, an activity)
            rule("event", rf"(?:在|于)?\s*{_N}\s*(?:个)?小时(?:以内|之内|内|之前|以前)", "小时", _NUMERALS),
            # before a season with no fixed date (汛期前完成隐患整治): due, no date
            rule("event", r"(?:主)?汛(?:期)?(?:来临)?(?:之|以)?前", "汛"),
            rule("cycles", r"(?P<cyc>(?:月度|季度|半年度|年度)(?:[、和及与或](?:月度|季度|半年度|年度))*)"
                           rf"(?:目标责任|工作)?(?:{activities})", "度", _NUMERALS + "第上下本今明去当每"),
            # 按季度报送, 按月调度: a cycle by its period; 月调度、季通报、年考核: the idiom of
            # one-character periods, two or more in a row (a single 年考核 may be 全年考核)
            rule("by_period", rf"按(?P<p>月度|季度|半年度|年度|周|月|季|半年|年)"
                              rf"(?:{activities}|报送|上报|开展|召开|组织|统计|更新|进行)", "按"),
            rule("period_idiom", rf"(?P<cyc>[日周月季年](?:{activities})(?:[、,和及](?:[日周月季年])(?:{activities}))+)",
                 rf"[日周月季年](?:{activities})[、,和及]", _NUMERALS + "全当今本上下每该逐分明去次同节假工作"),
            # 一月一调度、一季一通报, 一周一研判, 一年一度: one per period
            rule("one_per", r"一(?P<p>[日天周月季年])一(?:度|次|(?![日号])[\u4e00-\u9fff]{1,2})", "一[日天周月季年]一",
                 _NUMERALS + "第"),
            # 力争2025年…, 确保2026年…: the year a goal is set for
            rule("goal_year", rf"(?:力争|争取|确保)\s*(?P<y>{YEAR})\s*年(?!\s*(?:{_MD}\s*月|底|末|前|内|以前|之前|上半年|下半年|第|度))",
                 "(?:力争|争取|确保)"),
            rule("bare_year", rf"[。;,\n]\s*(?P<bare>(?P<y>{YEAR})\s*年(?:底|末)?)\s*(?=[,有要])", "年"),
            rule("same_day", r"(?:于|在)(?:当天|当日)", "当[天日]"),
        ]
        self._resolvers: dict[str, Callable[[re.Match[str], _Context], list[DeadlineHit] | None]] = {
            r.name: getattr(self, f"_{r.name}") for r in self.rules}

    def find(self, text: str, issue: str | None, title: str | None = None) -> list[DeadlineHit]:
        try:
            issued = date.fromisoformat(issue) if issue else None
        except ValueError:
            issued = None
        ctx = _Context(text, issued, title)
        # history ends before the issue date; without one, before an annual plan's year
        today = issued.isoformat() if issued else (f"{ctx.plan_year}-01-01" if ctx.plan_year else None)
        hits: list[DeadlineHit] = []
        taken: list[tuple[int, int]] = []  # spans of earlier rules, disjoint and sorted: they win
        for rule in self.rules:
            if rule.trigger is not None and not rule.trigger.search(text):
                continue  # cheap skip: the rule cannot match without its trigger
            name, resolve = rule.name, self._resolvers[rule.name]
            starts = [a for a, _ in taken]
            won: list[tuple[int, int]] = []
            for m in rule.pattern.finditer(text):
                i = bisect.bisect_right(starts, m.start())
                if m.end() == m.start() or (i and taken[i - 1][1] > m.start()) \
                        or (i < len(taken) and taken[i][0] < m.end()):
                    continue
                if m.start() and text[m.start() - 1] in rule.not_after:
                    continue
                if _inside_title(text, m.start()):
                    continue
                found = resolve(m, ctx)
                if found is None:
                    continue
                won.append((m.start(), m.end()))
                for hit in found:
                    if hit.end == 0:
                        whole = "bare" if name == "bare_year" else 0
                        hit.start, hit.end = m.start(whole), m.end(whole)
                    matched = text[hit.start:hit.end]
                    hit.text = matched.strip()  # the span too: no white space the rule ran over
                    hit.start += len(matched) - len(matched.lstrip())
                    hit.end = hit.start + len(hit.text)
                    if today and hit.end_date and hit.end_date < today:
                        continue  # ended before the document was issued: history
                    hits.append(hit)
            taken = sorted(taken + won)  # two sorted runs: a linear merge
        return sorted(hits, key=lambda h: h.start)

    # -- one resolver per rule: None = the rule does not apply here, [] = consumed, no deadline

    def _void(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        return []

    def _since_now(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        g = m.groupdict()
        y = cn_int(g["y"]) if g.get("y") else (ctx.issued.year if ctx.issued else None)
        mo = cn_int(g["m"]) if g.get("m") else 12
        if y is None or mo is None:
            return None
        end = iso(y, mo, cn_int(g["d"]) if g.get("d") else None)
        return [_hit("period", ctx.issued.isoformat() if ctx.issued else None, end)]

    def _span(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        g = _span_parts(m)
        return self._period(g.get("y1"), g.get("m1"), g.get("d1"), g.get("y2"), g.get("m2"), g.get("d2"),
                            bool(m.groupdict().get("mo1")))

    def _month_span(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        g = _span_parts(m)
        year = ctx.year_at(m.start())
        if year is None:
            return None
        y2 = year + 1 if g["m2"] is not None and g["m1"] is not None and g["m2"] < g["m1"] else None
        return self._period(year, g["m1"], g["d1"], y2, g["m2"], g["d2"], bool(m.group("mo1")))

    @staticmethod
    def _period(y1: int | None, m1: int | None, d1: int | None, y2: int | None, m2: int | None,
                d2: int | None, month_marked: bool = True) -> list[DeadlineHit] | None:
        """A span from its parts: 2004年7月至2006年12月, 1997年1月7日至11日, 2024年至2026年,
        4—6月 (the first 月 implied: then the second month must be marked and no day given)."""
        if y1 is None:
            return None
        if m1 is not None and not month_marked and (m2 is None or d2 is not None or y2 is not None):
            return None
        if m1 is None:  # a span of years
            if y2 is None or (d2 is not None and m2 is None):
                return None
            start, end = iso(y1, 1, 1), iso(y2, m2 or 12, d2)
        else:
            if y2 is None and m2 is None and (d2 is None or d1 is None):
                return None  # nothing after the separator, or 5月至18日
            start = iso(y1, m1, d1 or 1)
            end = iso(y2 or y1, m2 or (m1 if y2 is None else 12), d2)
        if start is None or end is None or end <= start:
            return None
        return [_hit("period", start, end)]

    def _plan(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        years = self.plans.get(m.group("plan"))
        if not years:
            return None
        last = iso(years[1], 12, 31)
        if m.group("part") in ("期间", "时期", "期内"):
            hit = _hit("period", iso(years[0], 1, 1), last)
        else:
            hit = _hit("due", None, last)
        lead = _PLAN_LEAD.search(ctx.text, max(0, m.start() - 4), m.start())  # 到“十二五”末期
        hit.start, hit.end = (lead.start() if lead else m.start()), m.end()
        return [hit]

    def _recurring(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        every = m.group("every")
        freq = "yearly" if every.startswith(("逐年", "分年度")) else _FREQ.get(every.lstrip("每1一个"))
        if freq is None:
            return None
        count = cn_int(m.group("n")) if m.group("n") else None
        return [_hit("recurring", frequency=freq, count=count)]

    def _by_date(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        prep, before = m.groupdict().get("prep"), ctx.text[m.start() - 1:m.start()]
        if (prep == "至" and before == "截") or (prep == "于" and before and before in _NOT_ON):
            return None  # 截至 (as of), 关于/对于/由于…
        y = cn_int(m.group("y"))
        mo = cn_int(m.group("m")) if m.group("m") else 12
        if y is None or mo is None:
            return None
        if not m.group("m") and (m.groupdict().get("end") or "") in _TEN_DAYS.split("|"):
            if m.group("end") != "中旬":
                return None  # 2020年上旬: no part of a year
            return [_hit("due", None, iso(y, 6, 30))]  # 到2020年中旬: the middle of the year
        day = cn_int(m.group("d")) if m.group("d") else _TEN_DAY_END.get(m.group("end") or "")
        end = iso(y, mo, day)
        return [_hit("due", None, end)] if end else None

    def _month_day(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        """11月15日前, 下年度1月10日前 (the next year), 今年/本年/当年6月底前."""
        nxt = _NEXT_YEAR.search(ctx.text, max(0, m.start() - 5), m.start())
        if ctx.text[m.start() - 1:m.start()] == "年" and not (nxt or _THIS_YEAR.search(
                ctx.text, max(0, m.start() - 2), m.start())):
            return None
        year = ctx.year_at(m.start())
        mo = cn_int(m.group("m"))
        if mo is None or not 1 <= mo <= 12:
            return None
        start = nxt.start() if nxt else m.start()
        if year is None:
            end = None
        else:
            day = cn_int(m.group("d")) if m.group("d") else _TEN_DAY_END.get(
                (m.groupdict().get("end") or "").rstrip("前"))
            end = iso(year + 1 if nxt else year, mo, day)
            if end is None:
                return None
        hit = _hit("due", None, end)
        hit.start, hit.end = start, m.end()
        return [hit]

    _on_day = _month_day

    def _holiday(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        """国庆节前, 2025年春节前: due the day before the holiday of the year named, else the
        next one after the issue date (a plan issued in November means next 春节); before
        several (中秋、国庆前), before the first of them."""
        year = cn_int(m.group("y")) if m.group("y") else None
        days = []
        names = re.findall(self.holiday_names, m.group("h"))
        for when in (when for name in names for when in self.holidays[name]):
            if len(when) == 5:  # MM-DD: every year's
                years = [year] if year else ([ctx.issued.year, ctx.issued.year + 1] if ctx.issued else [])
                days += [date.fromisoformat(f"{y:04d}-{when}") for y in years]
            elif year is None or int(when[:4]) == year:
                days.append(date.fromisoformat(when))
        if year is None and ctx.issued:
            days = [d for d in days if d > ctx.issued]
        if not days:
            return [_hit("due")]
        return [_hit("due", None, (min(days) - timedelta(days=1)).isoformat())]

    def _this_year(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        """年内: the issue year; undated, the year an annual plan's title names."""
        year = ctx.issued.year if ctx.issued else ctx.plan_year
        return [_hit("due", None, iso(year, 12, 31) if year else None)]

    def _next_year(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        year = ctx.issued.year if ctx.issued else ctx.plan_year
        return [_hit("due", None, iso(year + 1, 12, 31) if year else None)]

    def _this_month(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        return [_hit("due", None, iso(ctx.issued.year, ctx.issued.month) if ctx.issued else None)]

    def _year_part(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        """上半年 → 06-30, 下半年 → 12-31, 第三季度 → 09-30; of the year named, else the plan's."""
        g = m.groupdict()
        year = cn_int(g["y"]) if g.get("y") else ctx.year
        month = (6 if g["half"] == "上半年" else 12) if g.get("half") else 3 * (cn_int(g["q"]) or 0)
        if year is None:
            return [_hit("due")]
        end = iso(year, month)
        return [_hit("due", None, end)] if end else None

    def _relative(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        n = cn_int(m.group("n"))
        if ctx.issued is None or n is None or m.group("anchor") is None:
            return [_hit("due")]  # counted from another event (项目批复下发之日起): no date
        unit = m.group("u")
        if unit == "工作日":
            end: str | None = _add_working_days(ctx.issued, n).isoformat()
        elif unit in ("日", "天"):
            end = (ctx.issued + timedelta(days=n)).isoformat()
        else:  # 3个月内: the same day n months on, or that month's last day
            months = ctx.issued.month - 1 + n
            year, month = ctx.issued.year + months // 12, months % 12 + 1
            end = iso(year, month, ctx.issued.day) or iso(year, month)
        return [_hit("due", None, end)]

    def _event(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        return [_hit("due")]

    def _cycles(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        """年度考核 (one cycle, worded with its activity); 月度、季度、年度评估 (one per qualifier).
        A qualifier repeating a 每… cycle of its clause (每年年底前报送年度总结) adds none."""
        parts = list(re.finditer("半年度|月度|季度|年度", m.group("cyc")))
        clause = re.split("[。;,\n]", ctx.text[max(0, m.start() - 40):m.start()])[-1]
        parts = [p for p in parts if not re.search(_EVERY[p.group()], clause)]
        if len(parts) == 1 and parts[0].group() == m.group("cyc"):
            return [_hit("recurring", frequency=_FREQ[parts[0].group()])]
        hits = []
        for part in parts:
            hit = _hit("recurring", frequency=_FREQ[part.group()])
            hit.start, hit.end = m.start("cyc") + part.start(), m.start("cyc") + part.end()
            hits.append(hit)
        return hits

    def _by_period(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        return [_hit("recurring", frequency=_FREQ[m.group("p")])]

    def _month_cell(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        year, month = ctx.year_at(m.start()), cn_int(m.group("m"))
        if year is None or month is None or not 1 <= month <= 12:
            return None
        return [_hit("period", iso(year, month, 1), iso(year, month))]

    def _one_per(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        return [_hit("recurring", frequency=_FREQ[m.group("p")])]

    def _period_idiom(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        hits: list[DeadlineHit] = []
        for part in re.finditer(r"(?:^|(?<=[、,和及]))([日周月季年])", m.group("cyc")):
            end = re.search(r"[、,和及]|$", m.group("cyc")[part.end():])
            hit = _hit("recurring", frequency=_FREQ[part.group(1)])
            hit.start = m.start("cyc") + part.start(1)
            hit.end = m.start("cyc") + part.end() + (end.start() if end else 0)
            if hits and hits[-1].frequency == hit.frequency:
                hits[-1].end = hit.end  # 日排查、日调度、日报告: one daily cycle of three acts
            else:
                hits.append(hit)
        return hits

    def _goal_year(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        y = cn_int(m.group("y"))
        return [_hit("due", None, iso(y, 12, 31))] if y else None

    def _bare_year(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        """A year opening a clause is a target year only if what follows sets work
        (2005年有二个县区达到…, 2026年，先行培育…), not in a forecast or a report."""
        y = cn_int(m.group("y"))
        if y is None or ctx.issued is None:
            return None
        rest = ctx.text[m.end():m.end() + 80].lstrip(",")
        sentence = rest.split("。", 1)[0]
        if not self.goal.search(rest) or self.forecast.search(sentence):
            return None
        return [_hit("due", None, iso(y, 12, 31))]

    def _same_day(self, m: re.Match[str], ctx: _Context) -> list[DeadlineHit] | None:
        """于当天: the day the paragraph named last (报名截止后（5月22日下午3点）…于当天)."""
        lo = max(0, m.start() - 150)
        lo = ctx.text.rfind("\n", lo, m.start()) + 1 or lo
        last = _last_match(_ANY_DAY, ctx.text, lo, m.start())
        if last is None:
            return None
        year = cn_int(last.group("y")) if last.group("y") else ctx.year_at(last.start())
        mo, d = cn_int(last.group("m")), cn_int(last.group("d"))
        if year is None or mo is None or d is None:
            return None
        end = iso(year, mo, d)
        return [_hit("due", None, end)] if end else None
