"""Quantitative targets: indicator, comparator, value(s), unit.

Every number followed by a measure word is a candidate; the clause around it decides.
A cue before it (不少于, 低于, 同比上升, 达到…) or 以上/以下 after it gives the comparator; a
bare count counts only after a verb of provision (组建10支, 配备1名) or as a rate (排查率
100%). Numbers that define a category (``10万元以上重特大案件``, ``1000人以下的村``), rewards
and penalties, ordinals (第42次) and anything in quotation marks are not targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..data import load_list
from ..numerals import cn_number

_BOUNDARY = "。;:,\n\t"
_NOT_TARGET_BEFORE = re.compile(r"(奖励|奖金|给予|补贴|补助|罚款|处以|一次性|死亡|重伤|受灾|损失|案值|第|近|前|后|共|累计)$")
_FILLERS = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}[.、]|\(\d{1,2}\)"
                      r"|其中|并|要|要求|确保|力争|努力|实现|使|对|全面|进一步|以上|同时|按照|及|和|以|在|的)+")
_RATE_END = ("率", "度", "感", "比例", "比重", "覆盖面")


@dataclass
class TargetHit:
    start: int
    end: int
    indicator: str
    comparator: str
    value: float
    value_max: float | None
    unit: str | None


def _cues() -> list[tuple[str, str]]:
    pairs = [line.split("\t") for line in load_list("target_cues.txt")]
    return sorted(((c.strip(), comp.strip()) for c, comp in pairs), key=lambda p: -len(p[0]))


class TargetFinder:
    def __init__(self) -> None:
        units = load_list("measure_words.txt")
        unit_re = "|".join(re.escape(u) for u in units)
        num = r"\d+(?:\.\d+)?"
        self.arabic = re.compile(
            rf"(?P<lo>{num})\s*(?:(?P<sep>-|~|—|–|至|到|/)\s*(?P<hi>{num}))?\s*(?P<u>{unit_re})")
        self.count_verbs = load_list("count_verbs.txt")
        self.chinese = re.compile(
            rf"(?P<verb>{'|'.join(self.count_verbs)})(?P<lo>[一二两三四五六七八九十]{{1,3}})"
            rf"(?P<u>个|支|次|名|堂|幅|条|处|户)(?!性|月|年|天)")
        self.cues = _cues()

    def find(self, text: str, quoted: list[bool]) -> list[TargetHit]:
        hits: list[TargetHit] = []
        last_end = -10
        for m in sorted([*self.arabic.finditer(text), *self.chinese.finditer(text)],
                        key=lambda m: m.start("lo")):
            start = m.start("lo")
            if quoted[start] or (hits and start < hits[-1].end):
                continue
            hit = self._judge(text, m, chained=start - last_end <= 4 and not any(
                ch in _BOUNDARY for ch in text[last_end:start]))
            if hit:
                hits.append(hit)
                last_end = hit.end
        return hits

    @staticmethod
    def _clause_before(text: str, pos: int) -> str:
        i = pos
        while i > 0 and text[i - 1] not in _BOUNDARY and pos - i < 40:
            i -= 1
        return text[i:pos]

    def _judge(self, text: str, m: re.Match[str], chained: bool) -> TargetHit | None:
        start, end = m.start("lo"), m.end("u")
        unit = m.group("u")
        verb = m.groupdict().get("verb")  # a Chinese-numeral count after its verb
        after = text[end:end + 3]
        if re.match(r"(以上|以下|以内)[\u4e00-\u9fff]", after):
            return None  # defines a category: 10万元以上重特大案件, 1000人以下的村
        before = self._clause_before(text, start)
        if _NOT_TARGET_BEFORE.search(before) or text[start - 1:start] in ("第", "."):
            return None
        value = cn_number(m.group("lo"))
        hi = m.groupdict().get("hi")
        value_max = float(hi) if hi else None
        if value is None:
            return None
        comparator: str | None = None
        cue_at = None
        if value_max is not None:
            comparator = "range"
        elif after.startswith("以上"):
            comparator, end = ">=", end + 2
        elif after.startswith(("以下", "以内")) or (after.startswith("内") and unit == "米"):
            comparator, end = "<=", end + (1 if after.startswith("内") else 2)
        best_key = None
        for cue, comp in self.cues:  # the cue ending nearest the number; longest on ties
            i = before.rfind(cue)
            key = (i + len(cue), len(cue))
            if i >= 0 and len(before) - key[0] <= 8 and (best_key is None or key > best_key):
                best_key, cue_at = key, (i, cue, comp)
        # a cue decides, except that 以上 after the number beats 达到 (but not 提高) before it
        if cue_at and (comparator is None or (comparator == ">=" and cue_at[2] in ("increase", "decrease"))):
            comparator = cue_at[2]
        if comparator is None:
            rate = unit in ("%", "‰") and (before.endswith(_RATE_END) or text.startswith("的", end))
            counted = verb or before.endswith(self.count_verbs) \
                or re.search(r"(配备|组建|建立|悬挂|选配|人均)[^,。;]{0,4}$", before)
            if not (rate or counted or chained):
                return None
            comparator = "="
        indicator = self._indicator(text, before, cue_at, start, end)
        if verb:
            start = m.start("verb")
        return TargetHit(start, end, indicator, comparator, value, value_max, unit)

    def _indicator(self, text: str, before: str, cue_at: tuple[int, str, str] | None,
                   start: int, end: int) -> str:
        """The measured thing as worded: what precedes the cue, or for a count or share the
        noun that follows (组建10支“110”快速反应小分队, 80%的乡镇(街道))."""
        head = before[: cue_at[0]] if cue_at else before
        head = re.sub(r"(要|应|须|必须|均|都|要求|能够|力争|确保)$", "", head.strip())
        tail = text[end:end + 30]
        tail = re.split(r"[,。;:、\n]", tail, maxsplit=1)[0]
        tail = re.sub(r"^(的|以上的|以下的)", "", tail)
        head = _FILLERS.sub("", head)
        if cue_at and len(head) > 1 and not head.endswith(self.count_verbs):
            return head[-30:]  # 破案率同比上升3%的目标: the indicator precedes the cue
        if (len(head) <= 1 or head.endswith(self.count_verbs)) and tail:
            return tail[:20]
        if text.startswith("的", end) and tail:
            return tail[:20]
        return (head or tail)[-30:]
