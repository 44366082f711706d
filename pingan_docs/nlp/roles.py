"""Who is made responsible for what: roles of unit mentions, scoped to sections.

The kinds of evidence, strongest first (a mention keeps the role the first one gives):

* tags and task tables (:mod:`.tags`) — ``（责任单位：A、B，C）``, ``（X牵头负责，Y配合）``,
  role columns: the items are units by definition; a bare tag line after a run of
  untagged items covers their parent section;
* distributive quotas (``A、B各两支``) and a section heading that names a collective
  (``（二）各镇、街道办事处``);
* cue patterns at the two ends of a coordinated list of units — ``由X牵头``, ``X配合``,
  ``在X的配合下``, ``会同Y``, ``纳入X的指导范围``, ``由X负责``, ``请X…``, ``X会同Y…``;
* the subject of a directive — a list of units opening a clause and followed by 要/必须/
  应/将/负责, a verb, or a colon (``1、金台公安分局：要…``); the head of the verb phrase
  decides between guiding (指导, 督促, 督办…), cooperating (配合, 参与…) and doing.

Mentions with none of these (objects, report destinations) get no role.
"""

from __future__ import annotations

import bisect
import re
from itertools import pairwise

import jieba

from ..data import load_list
from .assignment import Assignment, SectionInfo
from .jieba_dict import word_tags
from .tags import FIRST_LEAD, LEAD_MARK, TagParser
from .units import ARTICLE_LABEL, Mention

MASK = "Ｕ"
_LEAD_AFTER = re.compile(LEAD_MARK)  # 区教育局（牵头）、区公安分局负责: the marked one leads
_M = rf"{MASK}+(?:{LEAD_MARK})?"
_L = rf"{_M}(?:(?:、|和|及|与|以及|特别是|尤其是){_M})*(?:等(?:相关|有关|重点)?(?:部门|单位|机关)|等{MASK}+)?"
_GUIDE_VERBS = re.compile(r"指导|督导|督办|督查|督促|监督|监管")
_COOP_VERBS = re.compile(r"配合|协助|参与|协同")
# "其中A、B、C各两支": a quota shared out item by item makes each item responsible
_QUOTA = re.compile(r"各(?:\d+|[一二两三四五六七八九十]{1,3})(?:支|个|名|人|处|套|台|辆)")
_QUOTA_LIST = re.compile(r"((?:[\u4e00-\u9fff]{2,6}、)+[\u4e00-\u9fff]{2,6})$")
_FIRST_IS_LEAD = re.compile(r"^[^()]{0,4}" + FIRST_LEAD.pattern)  # X负责。列第一位者为牵头单位
_MODAL = re.compile(r"^(?:也|都|还|均|亦)?(?:要|必须|应当|应|需要|需|须|务必|将|负责|一律|具体|进一步|"
                    r"认真|切实|积极|全力|全面|统一|按照|根据|依据|结合|依法|依规|严格|主动|重点)")
_TIME_ADV = re.compile(r"^(?:每(?:[1一两二三]|半)?个?(?:年|月|周|日|季|旬|天|星期)度?|(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?|年内|"
                       r"近期|今后|当年|及时|立即|每年\d{1,2}月|"
                       r"于?(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:底|初|中旬|下旬|上旬)?(?:前|后|起|之前|以前)?)*")
_PP = re.compile(r"^在[^,。;]{1,20}?(?:的同时|过程中|基础上|期间|中|时|下)")
_DUTY_VERBS = ("主要负责", "具体负责", "落实", "负责", "组织", "承担", "组建", "建立", "完善", "加强", "制定", "开展", "做好", "发挥", "履行", "予以")
_OPENERS = ("特别是", "同时", "其中", "另外", "此外", "并且", "尤其是")
_NOT_DIRECTIVE = ("决定", "同意", "印发", "转发", "研究", "认为", "拟定", "审议")
# a unit before the noun it qualifies, that noun the clause's subject (派出所工作要…)
_ATTRIBUTIVE = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:建设|工作|管理|机制|制度|体系|队伍)(?:要|应当|应|必须|须)")
_AFTER_ARTICLE = re.compile(ARTICLE_LABEL.pattern + r"\s*\Z")  # 第十二条 县公安局应当…
_PAST = re.compile(r"(?<![为除到])了(?!解)")
_CLAUSE_BOUNDARY = set("。;:\n(!?")
_HONOURS = ("平安", "文明", "先进", "优秀", "示范", "模范", "星级")
_COLLECTIVE_HEAD = ("部门", "单位", "办事处", "机关", "政府", "委员会", "街道", "镇街", "乡镇")
# the governance formula (党委领导、政府负责、社会协同、公众参与、法治保障): a run of
# noun + verb pairs of two characters each describes a system, and its 政府负责 assigns nothing
_PAIR = r"[\u4e00-\u9fff]{2}(?:领导|负责|主导|协同|参与|保障|支撑|协商|共治|监督|自治)"
_FORMULA = re.compile(rf"{_PAIR}(?:、{_PAIR}){{2,}}")


def _mask(text: str, mentions: list[Mention]) -> tuple[str, dict[int, Mention]]:
    chars = list(text)
    owner: dict[int, Mention] = {}
    for m in mentions:
        for i in range(m.start, m.end):
            chars[i] = MASK
            owner[i] = m
    return "".join(chars), owner


def _members(owner: dict[int, Mention], start: int, end: int) -> list[Mention]:
    seen: list[Mention] = []
    for i in range(start, end):
        m = owner.get(i)
        if m is not None and (not seen or seen[-1] is not m):
            seen.append(m)
    return seen


_VP_LEAD_IN = re.compile(r"^(?:也|都|还|均|亦|同时)?(?:要|必须|应当|应|需要|需|须|务必|将|负责)?"
                         r"(?:积极|主动|认真|切实|全力|努力|进一步|共同|密切|大力|全面|负责)*")


def _vp_roles(text: str, start: int) -> tuple[str, ...]:
    """The roles a directive gives its subject, from its verb phrase's first clause: a
    supervising verb at its head (指导, 督促, 监督…) makes the subject a guide, 配合/参与 a
    cooperator, 牵头 the lead; any other head keeps it responsible for the work — and a
    supervising verb later in the clause (要加强单位监管，监督…, 要做好指导、督查工作) adds
    the guide role to the responsible one, the two readings such a duty has."""
    m = re.search(r"[,;。\n]", text[start:start + 80])
    clause = text[start:start + (m.start() if m else 80)]
    head = clause[_VP_LEAD_IN.match(clause).end():]  # type: ignore[union-attr]
    pp = _PP.match(head)  # 要在创建活动中密切配合
    if pp:
        head = head[pp.end():]
        head = head[_VP_LEAD_IN.match(head).end():]  # type: ignore[union-attr]
    if head.startswith(("牵头", "主办")):  # 市应急管理局负责牵头，…
        return ("lead",)
    if _GUIDE_VERBS.match(head):
        return ("guide",)
    if _COOP_VERBS.match(head):
        return ("cooperate",)
    if _GUIDE_VERBS.search(clause):
        return ("responsible", "guide")
    return ("responsible",)


_HELPED = re.compile(r"鼓励|支持|引导|吸引|扶持")  # a policy's beneficiaries, not its doers
_SHORT_NAME = re.compile(r"\((?:以下简称|以下称|下称|简称)[^()]{1,20}\)")
_ASIDE = re.compile(r"(?:特别是|尤其是)[^,。;]{1,30}?(?=要|应|必须)")
# a short modifier ending in 的 that opens a clause (区教育局认定的, 辖区内的, 承担…任务的);
# one that opens with a preposition (对辖区内的…), an adverb or an imperative verb (积极创建
# 规范的…, 加强…的) is a predicate and makes what follows its object, not a subject
_MODIFIER = re.compile(r"(?<![\u4e00-\u9fffＵ])(?![对在向把将为从按由与和给以])"
                       r"(?!积极|切实|认真|大力|加快|全面|进一步|努力|不断|着力|深入|扎实|广泛|主动|及时|依法"
                       r"|加强|推进|推动|建立|创建|完善|落实|组织|组建|制定|开展|做好|打造|健全|强化)"
                       r"[\u4e00-\u9fffＵ]{1,14}的\Z")
_RELATIVE = re.compile(r"[\u4e00-\u9fff]{1,4}的")  # 区教育局认定的幼儿园: a modifier, not a clause
# copulas, verbs of being or having, and of what befalls (…发生违法违纪的: a condition)
_NOT_DUTY_VERBS = ("是", "为", "有", "属于", "系", "指", "称", "包括", "位于", "享受", "获得", "成为", "发生", "出现")


def _opens_with_verb(tail: str) -> bool:
    """Whether a clause opens with a verb (after adverbs), by the part-of-speech tags of
    jieba's dictionary: 教育部门办幼儿园于6月5日发出…. Copulas and verbs of being or
    having (是, 属于, 享受) state facts, not duties."""
    tags = word_tags()
    for word in jieba.lcut(tail[:12], HMM=False):
        tag = tags.get(word, "")
        if tag in ("d", "c"):
            continue
        return word not in _NOT_DUTY_VERBS and tag in ("v", "vd", "vn")
    return False


class RoleFinder:
    """Finds assignments in one document's normalised text."""

    def __init__(self) -> None:
        self.verbs = load_list("action_verbs.txt")
        self.title_verbs = load_list("title_verbs.txt")
        # cue patterns around a unit list: (before the list, after it, role, cue). The list
        # itself is found once (list_re); matching the cues at its two ends keeps the work
        # linear however long the list is.
        cue_rows = [
            ("由", r"(?:分别|共同)?(?:牵头|负总责|主导)", "lead", "由…牵头"),
            # X为牵头单位 / 以X为牵头部门 / X作为配合单位: the role named as the unit's standing
            ("", r"(?:为|作为)(?:牵头|主责)(?:单位|部门)", "lead", "为牵头单位"),
            ("", r"(?:为|作为)(?:配合|协办|协作)(?:单位|部门)", "cooperate", "为配合单位"),
            ("", r"(?:为|作为)(?:责任|主体责任|主办|承办)(?:单位|部门)", "responsible", "为责任单位"),
            ("(?<![报提申呈邀聘])请", r"(?=(?:认真|切实|抓紧|结合|按照|根据)?[\u4e00-\u9fff])", "responsible", "请…"),
            ("", r"(?:分别|共同|负责)?(?:牵头|负总责|总负责)", "lead", "牵头"),
            ("在", r"的?(?:配合|协助|支持)下", "cooperate", "在…配合下"),
            ("会同", r"(?=[\u4e00-\u9fff])", "cooperate", "会同"),  # (X牵头，)会同Y开展…: Y joins the work
            # X联合Y, （X牵头，）同时联合Y: Y joins the work; in 支持企业联合高校院所… or
            # 鼓励…平台…，联合商业银行… the one who joins with Y is whom a policy helps, and Y
            # is no party to the task (_HELPED)
            (f"(?:{MASK}|[,;。\n]|同时|并)(?:联合|协同)", r"(?=[\u4e00-\u9fff])", "cooperate", "联合"),
            ("由", r"(?:配合|协助|参与)", "cooperate", "由…配合"),
            ("", r"(?:共同|积极|广泛)?(?:参与|配合|协助|协办)(?!机制|制度)", "cooperate", "配合/参与"),
            ("纳入", r"的?(?:指导|监督|督导)", "guide", "纳入…指导"),
            ("", r"对[^,。;:]{1,30}?的[^,。;:]{0,6}?(?:监管|督导|指导|监督)", "guide", "对…监管"),
            ("在", r"的?(?:统一)?领导下", "guide", "领导"),
            ("", r"(?:负责)?(?:指导|督导|督办|督查|督促|监督)(?!机制|价|意见|目录|标准|思想|原则|管理)", "guide", "指导"),
            # 负责对各地落实情况进行督导检查: supervising whatever the 对 names
            ("", r"负责对[^,。;:]{1,30}?(?:进行|开展|实施)(?:指导|督导|督查|监督)", "guide", "负责对…督导"),
            ("由", r"(?!党委|副|书记|主任|领导|干部|分管|主要领导)(?=[\u4e00-\u9fff])(?![\u4e00-\u9fff]{1,4}的)",
             "responsible", "由…负责"),
            ("", r"(?:具体)?(?:负责|组织实施|具体组织|具体落实)", "responsible", "负责"),
        ]
        self.patterns = [(re.compile(f"(?:{before})\\Z") if before else None, re.compile(after), role, cue)
                         for before, after, role, cue in cue_rows]
        self.list_re = re.compile(_L)
        self.joint = re.compile(r"(?:要|应|将|负责)?(?:会同|联合)")  # X会同Y: between two lists
        self.tag_parser = TagParser()

    def find(self, text: str, mentions: list[Mention], sections: list[SectionInfo]) -> list[Assignment]:
        masked, owner = _mask(text, mentions)
        out: list[Assignment] = []
        taken: set[int] = set()  # mention starts that already have a role

        def give(m: Mention, role: str, cue: str, *more: str) -> None:
            if m.start in taken or m.end - 1 in taken:
                return
            taken.add(m.start)
            if _LEAD_AFTER.match(text, m.end):
                role, more = "lead", ()
            for r in (role, *more):
                out.append(Assignment(m.start, m.end, m.name, r, cue))

        for formula in _FORMULA.finditer(text):  # its bare 政府, not a 市政府 whose name it cuts
            taken.update(m.start for m in mentions if formula.start() <= m.start < formula.end())
        out.extend(self._tags(text, sections, taken))
        out.extend(self._distributive(text, taken))
        for a in self.tag_parser.tables(text):
            taken.update(range(a.start, a.end))
            out.append(a)
        out.extend(self._headings(sections, taken))
        lists = list(self.list_re.finditer(masked))
        for pattern_before, pattern_after, role, cue in self.patterns:
            for match in lists:
                s, e = match.span()
                if pattern_before is not None and not pattern_before.search(masked, max(0, s - 8), s):
                    continue
                after = pattern_after.match(masked, e)
                if not after:
                    continue
                if cue == "联合" and _HELPED.search(masked, max(0, masked.rfind("。", 0, s)), s):
                    continue
                first_lead = role == "responsible" and _FIRST_IS_LEAD.search(text[after.end():after.end() + 20])
                for i, m in enumerate(_members(owner, s, e)):
                    give(m, "lead" if first_lead and i == 0 else role, cue)
        for left, right in pairwise(lists):  # X会同Y…: X does the work (Y joins it: a cue row)
            s = left.start()
            if s and masked[s - 1] not in "由,。;:\n":
                continue
            joint = self.joint.match(masked, left.end())
            if joint and joint.end() == right.start():
                for m in _members(owner, s, left.end()):
                    give(m, "responsible", "会同")
        # a clause can open right after a heading's title, even where the text lost the
        # line break that followed it
        starts = {s.title_start for s in sections} | {s.title_start + len(s.title) for s in sections}
        titles = {s.title_start: s.title_start + len(s.title) for s in sections if s.title}
        for match in lists:
            if not self._opens_clause(masked, match.start(), starts):
                continue
            members = _members(owner, match.start(), match.end())
            roles = self._directive(text, match.end(), members, titles.get(match.start()) == match.end())
            if roles:
                for m in members:
                    give(m, roles[0], "要/负责", *roles[1:])
        return sorted(out, key=lambda a: (a.start, a.role))

    @staticmethod
    def _opens_clause(masked: str, start: int, section_starts: set[int]) -> bool:
        pos = start
        for opener in _OPENERS:
            if masked.endswith(opener, 0, pos):
                pos -= len(opener)
                break
        if pos in section_starts or pos == 0 or _AFTER_ARTICLE.search(masked, max(0, pos - 8), pos):
            return True
        before = masked[pos - 1]
        if before == "的":  # 区教育局认定的普惠性民办幼儿园，要…: the clause opens at the modifier
            rel = _MODIFIER.search(masked, max(0, pos - 16), pos)
            if rel is None:
                return False
            pos = rel.start()
            if pos in section_starts or pos == 0:
                return True
            before = masked[pos - 1]
        return before in _CLAUSE_BOUNDARY or before == ","

    def _directive(self, text: str, end: int, members: list[Mention],
                   heading: bool = False) -> tuple[str, ...] | None:
        """The roles when the list is the subject of a directive, else None: followed by a
        modal (要/应/必须/负责…), or — when the list opens a sentence — by an action verb,
        also after a topic comma (市委组织部、市发改委等相关部门，结合职能分工，细化举措实施).
        A list that is a whole heading (``（三）市司法局。负责…``, ``1.县公安局``) is the
        subject of its section's first sentence when that opens with a duty.
        Past actions (…了) and decisions (决定, 同意, 印发) are not directives."""
        start = members[0].start
        after_comma = start > 0 and text[start - 1] == ","
        tail = text[end:end + 80]
        if tail.startswith(":"):  # 1、市公安局：要… — but a bare 国务院： line is an addressee
            return _vp_roles(text, end + 1) if tail[1:2] not in ("\n", "") else None
        if heading:
            body = tail.lstrip("。. \n")
            opens = _MODAL.match(body) or body.startswith(_DUTY_VERBS) or _COOP_VERBS.match(body)
            return _vp_roles(text, end + len(tail) - len(body)) if opens else None
        offset = end
        short = _SHORT_NAME.match(tail)  # 县森林防火指挥部(以下简称县指挥部)负责…
        if short:
            tail, offset = tail[short.end():], end + short.end()
        aside = _ASIDE.match(tail)  # 地方各级人民政府特别是…所在地的人民政府应…
        if aside:
            tail, offset = tail[aside.end():], end + aside.end()
        if tail.startswith(",") and (not after_comma or _MODAL.match(tail[1:])):  # a topic: 各县(市、区),要…
            tail, offset = tail[1:], offset + 1
        timed = False  # a cycle before the verb (镇党委每年通报…): a recurring duty, after a comma too
        for skip in (_TIME_ADV, _PP):
            found = skip.match(tail)
            timed = timed or (skip is _TIME_ADV and found is not None and found.end() > 0)
            if found:  # 各镇在本级党委统一部署下，入户宣传: the comma closes the fronted phrase
                size = found.end() + (skip is _PP and tail.startswith(",", found.end()))
                tail, offset = tail[size:], offset + size
        if tail.startswith(_NOT_DIRECTIVE) or _RELATIVE.match(tail):
            return None
        sentence = re.split(r"[。;]", text[end:end + 200], maxsplit=1)[0]
        if _PAST.search(sentence):
            return None
        if _MODAL.match(tail) or tail.startswith(_DUTY_VERBS):
            return _vp_roles(text, offset)
        if after_comma and not (timed and tail.startswith(self.verbs)):
            return None
        if _ATTRIBUTIVE.match(tail) and not tail.startswith(_DUTY_VERBS):
            return None  # 综治中心规范化建设应…: the unit names whose work the subject is
        if tail.startswith("把") or tail.startswith(self.verbs) or _opens_with_verb(tail):
            return _vp_roles(text, offset)
        return None

    def _tags(self, text: str, sections: list[SectionInfo], taken: set[int]) -> list[Assignment]:
        """Tag assignments, scoped: a tag covers the section it sits in; a bare tag line
        after a run of untagged items covers their parent (``_tag_scope``)."""
        starts = [s.start for s in sections]
        placed = []  # (tag assignment, index of the section holding it)
        for a in self.tag_parser.find(text, sections):
            idx = bisect.bisect_right(starts, a.start) - 1
            if idx >= 0 and a.start < sections[idx].end:
                placed.append((a, idx))
        tagged = {idx for _, idx in placed}
        for a, idx in placed:
            a.scope = self._tag_scope(idx, sections, tagged) if a.scope == "bare" else sections[idx].path
            taken.update(range(a.start, a.end))
        return [a for a, _ in placed]

    @staticmethod
    def _tag_scope(idx: int, sections: list[SectionInfo], tagged: set[int]) -> str:
        """A bare tag line closing the last of a run of untagged items covers their parent
        (``牵头单位：…；责任单位：…`` after items 1–7 of （一） covers （一））; a tag in
        parentheses always belongs to the item it closes."""
        sec = sections[idx]
        depth = sec.path.count("/")
        if not sec.path or depth == 0:
            return sec.path
        if idx + 1 < len(sections) and sections[idx + 1].path.count("/") >= depth:
            return sec.path  # has children, or is not the last of its run
        run = []
        for j in range(idx, -1, -1):
            d = sections[j].path.count("/")
            if d < depth:
                break
            if d == depth:
                run.append(j)
        if len(run) > 1 and not any(j in tagged for j in run if j != idx):
            return sec.path.rsplit("/", 1)[0]
        return sec.path

    def _distributive(self, text: str, taken: set[int]) -> list[Assignment]:
        out = []
        for quota in _QUOTA.finditer(text):
            window = max(0, quota.start() - 60)
            m = _QUOTA_LIST.search(text, window, quota.start())
            if not m:
                continue
            items = re.sub(r"^(?:其中|分别由|由)", "", m.group(1))
            pos = m.end(1) - len(items)
            for item in items.split("、"):
                if item and not item.startswith(self.verbs) and pos not in taken:
                    out.append(Assignment(pos, pos + len(item), item, "responsible", "各+数量"))
                    taken.add(pos)
                pos += len(item) + 1
        return out

    def _headings(self, sections: list[SectionInfo], taken: set[int]) -> list[Assignment]:
        """（二）各镇、街道办事处 — a heading that is just a collective assigns its section."""
        out = []
        for sec in sections:
            title = sec.title
            head = re.sub(r"\([\u4e00-\u9fff]{1,4}\)$", "", title)
            if not title or len(title) > 20 or "。" in title or "," in title:
                continue
            if not head.endswith(_COLLECTIVE_HEAD) or head.startswith(self.title_verbs) or head.startswith(_HONOURS):
                continue  # (一)平安乡镇: a title a place can earn, not the places addressed
            out.append(Assignment(sec.title_start, sec.title_start + len(title), title,
                                  "responsible", "标题", sec.path))
            taken.update(range(sec.title_start, sec.title_start + len(title)))
        return out
