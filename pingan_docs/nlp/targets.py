"""Quantitative targets: indicator, comparator, value(s), unit.

Every number followed by a measure word (a magnitude may sit between: 10亿千瓦, 2万亿元) is a
candidate; the clause around it decides. A cue before it (不少于, 低于, 超过, 同比上升,
达到…) or 以上/以下/以内 after it gives the comparator; 左右 bounds nothing. A bare count
counts after a verb of provision or a plan's output verb (组建10支, 推出100项, 新增就业岗位
2万个, 建成百个), or as a rate (排查率100%). Not targets, because the genre writes them in
the same clause shapes as targets: benefits (给予最高100万元补助, 每月不超过2000元的免租优惠),
eligibility (对年营业收入超过1亿元的企业), categories (10万元以上重特大案件, 1000人以下的村),
history (已建成50个), the indefinite 一 (打造一支…队伍), ordinals (第42次) and quotations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import jieba

from ..data import load_list
from ..numerals import cn_number

_BOUNDARY = "。;:,\n\t"
_NOT_TARGET_BEFORE = re.compile(r"(一次性|死亡|重伤|受灾|损失|案值|第|近|前|后|共|累计)$")
_HISTORY_BEFORE = re.compile(r"(?:已经|已|累计|共|先后|曾)$")
_DIGIT_OR_DOT = frozenset("0123456789.")  # inside a number: not where a number starts
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年|[〇○一二三四五六七八九]{4}年")  # 2004年有一个县区达到…
_EVENTS = ("次", "场", "堂", "期")  # classifiers counting occurrences: 开展一次, 讲一堂 count
_PREDICATE = re.compile("并且|并|同时")  # 培育100家企业并给予每家50万元奖励: two predicates
_DURATIONS = ("个工作日", "工作日", "个月", "天", "小时")
_CUE_GAP = 8  # characters allowed between a cue and its number (力争全市OPC企业1000家)
_OBJECT_GAP = 12  # characters of object allowed between a count verb and its number
_CONDITION = ("对", "凡", "对于")  # 对年营业收入超过1亿元的企业，…: who qualifies, not a target
_MAGNITUDE = "万亿|千亿|百亿|亿|千万|百万|十万|万|千"
_CN_DIGITS = "一二两三四五六七八九十百千万"
_FILLERS = re.compile(r"[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}[.、]|\(\d{1,2}\)"
                      r"|其中|要求|确保|力争|努力|实现|全面|进一步|以上|同时|按照|并|要|使|对|及|和|以|在|的")
_BASELINE = re.compile(r"(?:(?:较|比|与|同)(?:上年|去年|上一年|上年度|前一年|(?:19|20)\d{2}年)(?:同期|底|末)?(?:相比)?"
                       r"|同比|环比)$")
_RATE_END = ("率", "度", "感", "比例", "比重", "覆盖面")
# examples in brackets inside an indicator: 重点关键部位(党政机关等), 设施(水、电、油、气等);
# 乡镇(街道) and 县(市、区) name the kinds measured and stay
_EXAMPLES = re.compile(r"\([^()]*等\)")
_JOINED = re.compile(r"[\u4e00-\u9fff“”\"]{1,12}[和及与、]")
# the end of an earlier target in the same clause, as far as an indicator reaches back
_NUMBER_END = re.compile(r"\d(?:%|‰|[\u4e00-\u9fff]{0,2})?(?:以上|以下|以内)?[、和及与](?!.*\d)")
_BARE_RATE = re.compile(r"[\u4e00-\u9fff]{1,6}率")
_WRITTEN_SHARE = {"百分之": "%", "千分之": "‰"}
_TIME_SPENT = re.compile(r"(?:左右)?(?:的)?时间")
# a share straight before what it achieves: 各村100%成立调解组织, 100%覆盖
_ACHIEVED = re.compile(r"(?:的?(?:建成|建立|成立|组建|覆盖|达标|落实|完成|实现|配备|纳入|开展|签订|安装))")


def _continues(text: str, last: TargetHit, start: int, unit: str) -> bool:
    """Whether a number continues the count before it: close after it (3人、5人), joined
    by a conjunction with the same measure (新增1辆登高平台车和1辆泡沫水罐车), or in the
    breakdown that follows it (招收40名,其中福鼎7人,霞浦3人)."""
    between = text[last.end:start]
    if any(ch in "。;\n" for ch in between):
        return False
    if len(between) <= 4 and not any(ch in _BOUNDARY for ch in between):
        return True
    if unit == last.unit and _JOINED.fullmatch(between):
        return True
    sentence = max(text.rfind(ch, 0, start) for ch in "。;\n") + 1
    return len(between) <= 12 and "其中" in text[sentence:start]


def _strip_fillers(head: str) -> str:
    """``head`` without the item numbers and function words it opens with (确保, 在, 的…).
    A one-character one can also open a word (在册患者, 及时率, 使用率): it goes only
    where jieba's dictionary makes it a word of its own (在全市 loses 在)."""
    while m := _FILLERS.match(head):
        word = m.group()
        if len(word) == 1 and len(head) > 1 and jieba.lcut(head[:6], HMM=False)[0] != word:
            break
        head = head[m.end():]
    return head


def _respectively(text: str, hits: list[TargetHit]) -> list[TargetHit]:
    """群众安全感和满意度分别达到95%和90%以上: each measure its own number, and a bound
    written after the last number (以上, 以下) holds for every one of them — also for one
    measure given a number per stage (到2025年、2030年覆盖率分别达到60%、80%以上)."""
    i = 0
    while i < len(hits):
        first = hits[i]
        if not first.indicator.endswith("分别"):
            i += 1
            continue
        names = [n for n in re.split(r"和|与|及|、", first.indicator[:-2]) if n]
        # one measure with a number per year or stage (覆盖率分别达到60%、70%、80%以上)
        size = len(names) if len(names) > 1 else len(hits) - i
        group = [first]
        while len(group) < size and i + len(group) < len(hits):
            nxt = hits[i + len(group)]
            if not re.fullmatch(r"\s*(?:和|与|及|、)\s*", text[group[-1].end:nxt.start]):
                break
            group.append(nxt)
        if len(group) > 1 and len(names) in (1, len(group)):
            bound = group[-1].comparator if group[-1].comparator in (">=", "<=") else None
            shared = names * len(group) if len(names) == 1 else _distribute(names)
            for hit, name in zip(group, shared, strict=True):
                hit.indicator = name
                if bound and hit.comparator == "=":
                    hit.comparator = bound
        else:
            first.indicator = first.indicator[:-2]
        i += len(group)
    return hits


def _shared_subject(text: str, hits: list[TargetHit]) -> list[TargetHit]:
    """重点企事业单位排查覆盖率达100%,整治率达100%: a rate that opens with its verb, after a
    comma, measures the subject the rate before it names (重点企事业单位整治率)."""
    verbs = load_list("rate_verbs.txt")  # cached, a tuple: no set built per document
    for prev, cur in pairwise(hits):
        if not (_BARE_RATE.fullmatch(cur.indicator) and prev.indicator.endswith("率")
                and not any(ch in "。;\n" for ch in text[prev.end:cur.start])):
            continue
        if not cur.indicator.startswith(verbs):
            continue  # 命案破案率 after 刑事案件破案率: a subject of its own
        words = jieba.lcut(prev.indicator, HMM=False)
        i = len(words) - 1
        while i > 0 and (words[i - 1] in verbs or words[i - 1].endswith("率")):
            i -= 1  # back over the measure: 排查 of 排查覆盖率
        subject = "".join(words[:i])
        if subject and not cur.indicator.startswith(subject):
            cur.indicator = subject + cur.indicator
    return hits


def _parallel(text: str, hits: list[TargetHit]) -> list[TargetHit]:
    """区人均不低于1元、街道不低于1.5元: a bare holder after 、 takes what the measure before
    it names after its own holder (街道 → 街道人均)."""
    for prev, cur in pairwise(hits):
        if not (text.startswith("、", prev.end) and len(cur.indicator) <= 3 and "、" not in cur.indicator):
            continue
        words = jieba.lcut(prev.indicator, HMM=False)
        if len(words) > 1 and len(words[0]) <= 3 and jieba.lcut(cur.indicator, HMM=False) == [cur.indicator]:
            cur.indicator += "".join(words[1:])
    return hits


def _distribute(names: list[str]) -> list[str]:
    """Parallel measures share what only the first or last writes: 花生种植、收获机械化率 are
    花生种植机械化率 and 花生收获机械化率; 群众安全感和满意度 are 群众安全感 and 群众满意度.
    A measure word ending only the last item (率, 度, 感…) is everyone's; words before
    the first item's last word are everyone's when the last item is one word."""
    first, last = jieba.lcut(names[0], HMM=False), jieba.lcut(names[-1], HMM=False)
    tail = "".join(last[1:]) if (len(last) > 1 and names[-1].endswith(_RATE_END)
                                 and not any(n.endswith(_RATE_END) for n in names[:-1])) else ""
    own_last = last[0] if tail else names[-1]
    head = "".join(first[:-1]) if len(first) > 1 and len(jieba.lcut(own_last, HMM=False)) == 1 else ""
    out = [names[0] + tail]
    out += [head + n + tail for n in names[1:-1]]
    out.append(head + own_last + tail)
    return out


@dataclass
class TargetHit:
    start: int
    end: int
    indicator: str
    comparator: str
    value: float
    value_max: float | None
    unit: str | None


def _cues() -> dict[str, str]:
    pairs = (line.split("\t") for line in load_list("target_cues.txt"))
    return {cue.strip(): comparator.strip() for cue, comparator in pairs}


class TargetFinder:
    def __init__(self) -> None:
        bases = "|".join(re.escape(u) for u in load_list("measure_words.txt"))  # longest first
        unit_re = rf"(?:{_MAGNITUDE})?(?:{bases})"
        num = r"\d+(?:\.\d+)?"
        self.arabic = re.compile(
            rf"(?P<lo>{num})\s*(?:(?:%|‰)?\s*(?P<sep>-|~|—|–|至|到|/(?!\s*(?:10|十)?万))\s*(?P<hi>{num}))?\s*(?P<u>{unit_re})")
        # a rate printed without a measure: 亿元GDP生产安全事故死亡率控制在0.04以下, 道路交通
        # 万车死亡率下降到1.5 (the base is in the indicator's name); judged as a rate only
        self.bare_rate = re.compile(rf"(?P<lo>{num})(?P<u>)(?=以下|以内|[。;,\n]|$)")
        self.written_share = re.compile(
            rf"(?P<pre>百分之|千分之)(?P<lo>{num}|[零〇一二两三四五六七八九十百点]{{1,8}})(?P<u>)")
        self.count_verbs = load_list("count_verbs.txt")
        self.verb_at_end = re.compile(rf"(?:{'|'.join(self.count_verbs)})$")
        self.verb_ahead = re.compile(rf"(?=({'|'.join(v for v in self.count_verbs if len(v) > 1)}))")
        # a Chinese-numeral count after its verb: 组建两支, 建成百个, 培育千家, 集聚万名; not an
        # idiom of paired numerals (千家万户) nor 一次性, 一个月
        self.chinese = re.compile(
            rf"(?P<verb>{'|'.join(self.count_verbs)})(?P<lo>[{_CN_DIGITS}]{{1,5}})"
            rf"(?P<u>个|支|次|名|堂|幅|条|处|户|家|项|件|所|场|座|期)(?![性月年天{_CN_DIGITS}])")
        self.cues = _cues()
        self.cue_longest = max(map(len, self.cues))
        # …or after a bounding cue: 每季度至少一次, 配备专职网格员不少于两名
        bounds = "|".join(re.escape(c) for c, comp in self.cues.items() if comp in (">=", "<=") and len(c) > 1)
        self.chinese_bound = re.compile(
            rf"(?P<verb>{bounds})(?P<lo>[{_CN_DIGITS}]{{1,5}})"
            rf"(?P<u>个|支|次|名|人|堂|幅|条|处|户|家|项|件|所|场|座|期)(?![性月年天{_CN_DIGITS}])")
        benefit = "|".join(re.escape(w) for w in load_list("benefit_words.txt"))
        self.benefit = re.compile(benefit)

    def find(self, text: str, quoted: list[bool]) -> list[TargetHit]:
        hits: list[TargetHit] = []
        found = [*self.arabic.finditer(text), *self.chinese.finditer(text), *self.chinese_bound.finditer(text),
                 *self.bare_rate.finditer(text), *self.written_share.finditer(text)]
        for m in sorted(found, key=lambda m: m.start("lo")):
            start = m.start("lo")
            if quoted[start] or (hits and start < hits[-1].end) or text[start - 1:start] in _DIGIT_OR_DOT:
                continue
            hit = self._judge(text, m, chained=bool(hits) and _continues(text, hits[-1], start, m.group("u")))
            if hit:
                hits.append(hit)
        return _parallel(text, _shared_subject(text, _respectively(text, hits)))

    @staticmethod
    def _clause_before(text: str, pos: int) -> str:
        i = pos
        while i > 0 and text[i - 1] not in _BOUNDARY and pos - i < 40:
            i -= 1
        return text[i:pos]

    @staticmethod
    def _clause_after(text: str, pos: int) -> str:
        i = pos
        while i < len(text) and text[i] not in _BOUNDARY and i - pos < 40:
            i += 1
        return text[pos:i]

    def _cue(self, before: str) -> tuple[int, str, str] | None:
        """The cue ending nearest the number, longest on ties, at most 8 characters before it;
        a one-character cue (达, 为, 超, 逾) must touch it. (start, cue, comparator)."""
        n = len(before)
        for end in range(n, max(n - _CUE_GAP, 0) - 1, -1):
            for size in range(min(self.cue_longest, end), 0, -1):
                comp = self.cues.get(before[end - size:end])
                if comp is not None and (size > 1 or end == n):
                    return end - size, before[end - size:end], comp
        return None

    def _count_verb(self, before: str) -> tuple[str | None, str, str | None]:
        """The verb of provision the number counts after: right before it (组建10支, 人均0.5元)
        or, for a two-character verb, across a short object (新增就业岗位2万个, 建设高标准农田
        300万亩). Returns the verb, the text before it, and the object if any."""
        m = self.verb_at_end.search(before)
        if m:
            return m.group(), before[:m.start()], None
        window = max(0, len(before) - _OBJECT_GAP - 4)
        found = [(m.start(), m.group(1)) for m in self.verb_ahead.finditer(before, window)]
        found = [(i, v) for i, v in found if len(before) - i - len(v) <= _OBJECT_GAP]
        if not found:
            return None, before, None
        i, v = max(found, key=lambda f: f[0] + len(f[1]))
        obj = before[i + len(v):]
        if any(ch.isdigit() or ch in _CN_DIGITS or ch in "的了" for ch in obj) or obj.endswith(("和", "及", "与", "、")):
            return None, before, None  # another number, a clause of its own, or a list (任务和7项…)
        return v, before[:i], obj

    def _is_benefit(self, clause: str, unit: str) -> bool:
        """A grant, reward, subsidy, loan or penalty: 给予最高100万元补助, 按投入的30%给予奖励,
        单个项目支持最高不超过50万元 (最高 caps a grant of money)."""
        return bool(self.benefit.search(clause)) or (unit.endswith("元") and "最高" in clause)

    def _judge(self, text: str, m: re.Match[str], chained: bool) -> TargetHit | None:
        if m.group("u") == "部" and text[m.end("u"):m.end("u") + 1] in "门署委长分":
            return None  # 3部门: departments, not a count of vehicles
        if m.group("u") == "分" and text[m.start("lo") - 1:m.start("lo")] == "(":
            return None  # 应急机制建设(1分): the weight of an item in a scoring table
        written = m.groupdict().get("pre")  # 百分之九十五, 千分之一: the measure before the number
        start, end = m.start("pre" if written else "lo"), m.end("u")
        unit = _WRITTEN_SHARE[written] if written else m.group("u")
        verb = m.groupdict().get("verb")  # a Chinese-numeral count after its verb
        cn_verb = verb
        after = text[end:end + 3]
        before = self._clause_before(text, start)
        if _NOT_TARGET_BEFORE.search(before) or text[start - 1:start] in ("第", "."):
            return None
        obj = None  # the counted thing when it stands between verb and number (新增就业岗位2万个)
        lead_in = ""
        if verb:
            lead_in = text[max(0, m.start("verb") - 40):m.start("verb")]
        elif unit not in ("%", "‰"):  # a share is no count: 平安乡镇创建达标率100% names its rate
            verb, lead_in, obj = self._count_verb(before)
        if verb and _HISTORY_BEFORE.search(lead_in):
            return None  # 已建成两个, 累计培育100家: reported, not set
        counted = bool(verb)
        share = unit in ("%", "‰")  # 95%以上的乡镇建成…: a share of the places, not a category
        if re.match(r"(以上|以下|以内)[\u4e00-\u9fff]", after) and not (counted and after[2] != "的") and not share:
            return None  # defines a category: 10万元以上重特大案件, 1000人以下的村
        own = _PREDICATE.split(before)[-1] + text[start:end] + _PREDICATE.split(self._clause_after(text, end))[0]
        if self._is_benefit(own, unit):
            return None
        value = cn_number(m.group("lo"))
        hi = m.groupdict().get("hi")
        value_max = float(hi) if hi else None
        if value is None:
            return None
        comparator: str | None = None
        if value_max is not None:
            comparator = "range"
        elif after.startswith("以上"):
            comparator, end = ">=", end + 2
        elif after.startswith(("以下", "以内")) or (after.startswith("内") and unit == "米"):
            comparator, end = "<=", end + (1 if after.startswith("内") else 2)
        elif after.startswith("左右"):
            end += 2  # about N: bounds nothing, a cue or = decides
        cue_at = self._cue(before)
        if not unit and (cue_at is None or not before[:cue_at[0]].rstrip().endswith("率")):
            return None  # a bare number is a target only as a rate set by a cue
        if unit in _DURATIONS and _TIME_SPENT.match(text, end):
            return None  # 用3个月左右时间开展整治: how long a campaign runs (a deadline's business)
        if comparator == "<=" and cue_at is None and unit in _DURATIONS:
            return None  # 5个工作日以内办结: a time limit (a deadline), unless a cue sets it
        # a cue decides, except that 以上 after the number beats 达到 (but not 提高) before it
        if cue_at and (comparator is None or (comparator == ">=" and cue_at[2] in ("increase", "decrease"))):
            comparator = cue_at[2]
        if comparator in (">", ">=", "<", "<=") and before.lstrip().startswith(_CONDITION) \
                and "的" in self._clause_after(text, end)[:12]:
            return None  # a condition of eligibility (对注册资本不低于500万元的企业)
        if cn_verb not in (None, "各") and m.group("lo") == "一" and unit not in _EVENTS and cue_at is None \
                and not _YEAR.search(before):
            return None  # 打造一支…队伍, 凡有一项…: the indefinite article, not a count (各一支 is)
        if comparator is None and written and cue_at is None:
            return None  # 百分之百的热情: written out, a share is an idiom unless a cue sets it
        if comparator is None:
            rate = share and (before.endswith(_RATE_END) or text.startswith("的", end) or _ACHIEVED.match(text, end))
            if not (rate or counted or chained or after.startswith("左右")):
                return None
            comparator = "="
        indicator = obj if obj and cue_at is None else self._indicator(text, before, cue_at, start, end)
        if cn_verb:
            start = m.start("verb")
        return TargetHit(start, end, indicator, comparator, value, value_max, unit or None)

    def _indicator(self, text: str, before: str, cue_at: tuple[int, str, str] | None,
                   start: int, end: int) -> str:
        """The measured thing as worded: what precedes the cue, or for a count or share the
        noun that follows (组建10支“110”快速反应小分队, 80%的乡镇(街道))."""
        head = before[: cue_at[0]] if cue_at else before
        if cue_at and cue_at[1] == "力争":  # 力争全市OPC企业1000家: the goal follows the marker
            head = before[cue_at[0] + len(cue_at[1]):]
        last = _NUMBER_END.search(head)  # …规范率达到100%、实施HACCP体系达到100%: from after the last number
        if last:
            head = head[last.end():].lstrip("、,和及与 ")
        head = re.sub(r"(要|应|须|必须|(?<!人)均|都|要求|能够|力争|确保|各)$", "", head.strip())
        head = _BASELINE.sub("", head)  # 破案率较上年提高5个百分点: 较上年 is what it is measured against
        tail = text[end:end + 30]
        tail = _PREDICATE.split(re.split(r"[,。;:、\n]|[和及与](?=\d)", tail, maxsplit=1)[0], maxsplit=1)[0]
        tail = re.sub(r"^(的|以上的|以下的)", "", tail)
        head = _strip_fillers(_EXAMPLES.sub("", head))
        if cue_at and len(head) > 1 and not head.endswith(self.count_verbs):
            head = head[-30:]  # 破案率同比上升3%的目标: the indicator precedes the cue
            verb = next((v for v in self.count_verbs
                         if len(v) > 1 and head.startswith(v) and len(head) > len(v) + 1), "")
            if verb and jieba.lcut(head[:len(verb) + 4], HMM=False)[0] != verb:
                verb = ""  # 建成区消防站覆盖率: the verb's characters open a noun (建成区)
            return head[len(verb):]  # 建成人工智能OPC社区20个以上: the thing, not the verb
        if (len(head) <= 1 or head.endswith((*self.count_verbs, "和", "及", "与", "、"))) and tail:
            return tail[:20]
        if text.startswith("的", end) and tail:
            return tail[:20]
        return (head or tail)[-30:]
