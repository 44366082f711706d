"""Who is made responsible for what: roles of unit mentions, scoped to sections.

Four kinds of evidence, strongest first:

* tag blocks — ``（责任单位：A、B，C）``, ``牵头单位：X；责任单位：…``: the items are units
  by definition; a block after a run of untagged items covers their parent section;
* cue patterns around a coordinated list of units — ``由X牵头``, ``X配合``, ``在X的配合下``,
  ``X指导``, ``纳入X的指导范围``, ``由X负责/组织实施``, ``X负责。列第一位者为牵头单位``;
* the subject of a directive — a list of units opening a clause and followed by 要/必须/
  应/将/负责 (or a colon, as in ``1、金台公安分局：要…``); the first clause of the verb
  phrase decides between guiding (指导, 督促, 督办…), cooperating (配合, 参与…) and doing;
* a section heading that names a collective (``（二）各镇、街道办事处``).

Mentions with none of these (objects, report destinations) get no role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..data import load_list
from .units import Mention, kind_of

MASK = "Ｕ"
_L = rf"{MASK}+(?:(?:、|和|及|与|以及){MASK}+)*(?:等(?:相关|有关|重点)?(?:部门|单位|机关))?"
_GUIDE_VERBS = re.compile(r"指导|督导|督办|督查|督促|监督|监管")
_COOP_VERBS = re.compile(r"配合|协助|参与|协同")
_TAG = re.compile(r"(牵头单位|牵头部门|主办单位|责任单位|责任部门|承办单位|配合单位|配合部门|协办单位|"
                  r"参与单位|督办单位|指导单位)\s*[:：]\s*")
_TAG_ROLE = {"牵头": "lead", "主办": "lead", "责任": "responsible", "承办": "responsible",
             "配合": "cooperate", "协办": "cooperate", "参与": "cooperate", "督办": "guide",
             "指导": "guide"}
# "其中A、B、C各两支": a quota shared out item by item makes each item responsible
_QUOTA = re.compile(r"各(?:\d+|[一二两三四五六七八九十]{1,3})(?:支|个|名|人|处|套|台|辆)")
_QUOTA_LIST = re.compile(r"((?:[\u4e00-\u9fff]{2,6}、)+[\u4e00-\u9fff]{2,6})$")
_STAR = re.compile(r"[*＊★※]")
_TABLE_ROLE = re.compile(r"(牵头|主办|责任|承办|配合|协办|参与|督办|指导)(?:单位|部门)")
_FIRST_IS_LEAD = re.compile(r"^[^()（）]{0,4}(?:列|排)(?:在)?第一(?:位|个)?(?:者|的)?为牵头")
_MODAL = re.compile(r"^(?:也|都|还|均|亦)?(?:要|必须|应当|应|需要|需|须|务必|将|负责|一律|具体|进一步|"
                    r"认真|切实|积极|全力|全面|统一|按照|根据|结合)")
_TIME_ADV = re.compile(r"^(?:每[年月周日季]度?|(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?|年内|"
                       r"近期|今后|当年|及时|每年\d{1,2}月)*")
_PP = re.compile(r"^在[^,。;]{1,20}?(?:的同时|过程中|基础上|期间|中|时|下)")
_DUTY_VERBS = ("落实", "负责", "组织", "承担", "组建", "建立", "完善", "加强", "制定", "开展", "做好")
_EMBEDDING = re.compile(r"组织|发动|动员|引导|带领|鼓励|依托")
_OPENERS = ("特别是", "同时", "其中", "另外", "此外", "并且", "尤其是")
_NOT_DIRECTIVE = ("决定", "同意", "印发", "转发", "研究", "认为", "拟定", "审议")
_PAST = re.compile(r"(?<![为除到])了(?!解)")
_CLAUSE_BOUNDARY = set("。;:\n(!?")
_COLLECTIVE_HEAD = ("部门", "单位", "办事处", "机关", "政府", "委员会", "街道", "镇街", "乡镇")


@dataclass
class Assignment:
    start: int
    end: int
    name: str
    kind: str
    role: str
    cue: str
    scope: str | None = None  # a section path when the evidence covers a whole section


@dataclass
class SectionInfo:
    path: str
    start: int       # label start (or body start for the intro)
    title_start: int  # first character after the label
    end: int
    title: str


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


def _list_items(text: str, start: int, end: int, separators: str) -> list[tuple[int, str, bool]]:
    """The names of a unit list (``A、B，C*``) in ``text[start:end]``: (start, name without
    its lead star, starred)."""
    out = []
    pos = start
    for raw in re.split(f"([{separators}])", text[start:end]):
        name = raw.strip()
        if name and not (len(raw) == 1 and raw in separators):
            lead = len(name) - len(name.lstrip("*＊★※ "))  # a lead star before the name: not in its span
            out.append((pos + len(raw) - len(raw.lstrip()) + lead, _STAR.sub("", name[lead:]).strip(),
                        bool(_STAR.search(name))))
        pos += len(raw)
    return out


def _vp_role(text: str, start: int) -> str:
    """The role a directive gives its subject, from the verb phrase's first clause:
    supervising verbs make it a guide, 配合/参与 a cooperator — unless they sit inside an
    embedded clause (组织团员青年参与…, where the subject still does the work)."""
    m = re.search(r"[,;。\n]", text[start:start + 80])
    clause = text[start:start + (m.start() if m else 80)]
    if _GUIDE_VERBS.search(clause):
        return "guide"
    coop = _COOP_VERBS.search(clause)
    if coop and not _EMBEDDING.search(clause[:coop.start()]):
        return "cooperate"
    return "responsible"


class RoleFinder:
    """Finds assignments in one document's normalised text."""

    def __init__(self) -> None:
        self.verbs = load_list("action_verbs.txt")
        self.title_verbs = load_list("title_verbs.txt")
        self.patterns: list[tuple[re.Pattern[str], str, str]] = [
            (re.compile(rf"由(?P<L>{_L})(?:分别|共同)?(?:牵头|负总责|主导)"), "lead", "由…牵头"),
            (re.compile(rf"(?P<L>{_L})(?:分别|共同)?(?:牵头|负总责|总负责)"), "lead", "牵头"),
            (re.compile(rf"在(?P<L>{_L})的?(?:配合|协助|支持)下"), "cooperate", "在…配合下"),
            (re.compile(rf"由(?P<L>{_L})(?:配合|协助|参与)"), "cooperate", "由…配合"),
            (re.compile(rf"(?P<L>{_L})(?:共同|积极|广泛)?(?:参与|配合|协助)(?!机制|制度)"), "cooperate", "配合/参与"),
            (re.compile(rf"纳入(?P<L>{_L})的?(?:指导|监督|督导)"), "guide", "纳入…指导"),
            (re.compile(rf"(?P<L>{_L})对[^,。;:]{{1,30}}?的[^,。;:]{{0,6}}?(?:监管|督导|指导|监督)"), "guide", "对…监管"),
            (re.compile(rf"在(?P<L>{_L})的?(?:统一)?领导下"), "guide", "领导"),
            (re.compile(rf"(?P<L>{_L})(?:负责)?(?:指导|督导|督办|督查)(?![机制])"), "guide", "指导"),
            (re.compile(rf"由(?P<L>{_L})(?!党委|副|书记|主任|领导|干部)(?=[\u4e00-\u9fff])"), "responsible", "由…负责"),
            (re.compile(rf"(?P<L>{_L})(?:具体)?(?:负责|组织实施|具体组织|具体落实)"), "responsible", "负责"),
        ]
        self.list_re = re.compile(_L)

    def find(self, text: str, mentions: list[Mention], sections: list[SectionInfo]) -> list[Assignment]:
        masked, owner = _mask(text, mentions)
        out: list[Assignment] = []
        taken: set[int] = set()  # mention starts that already have a role

        def give(m: Mention, role: str, cue: str, scope: str | None = None) -> None:
            if m.start in taken:
                return
            taken.add(m.start)
            out.append(Assignment(m.start, m.end, m.name, m.kind, role, cue, scope))

        out.extend(self._tags(text, sections, taken))
        out.extend(self._distributive(text, taken))
        out.extend(self._tables(text, taken))
        out.extend(self._headings(sections, taken))
        for pattern, role, cue in self.patterns:
            for match in pattern.finditer(masked):
                members = _members(owner, match.start("L"), match.end("L"))
                first_lead = role == "responsible" and _FIRST_IS_LEAD.search(text[match.end():match.end() + 20])
                for i, m in enumerate(members):
                    give(m, "lead" if first_lead and i == 0 else role, cue)
        # a clause can open right after a heading's title, even where the text lost the
        # line break that followed it
        starts = {s.title_start for s in sections} | {s.title_start + len(s.title) for s in sections}
        for match in self.list_re.finditer(masked):
            if not self._opens_clause(masked, match.start(), starts):
                continue
            members = _members(owner, match.start(), match.end())
            directive = self._directive(text, match.end(), members)
            if directive:
                for m in members:
                    give(m, directive, "要/负责")
        return sorted(out, key=lambda a: (a.start, a.role))

    @staticmethod
    def _opens_clause(masked: str, start: int, section_starts: set[int]) -> bool:
        pos = start
        for opener in _OPENERS:
            if masked.endswith(opener, 0, pos):
                pos -= len(opener)
                break
        if pos in section_starts or pos == 0:
            return True
        before = masked[pos - 1]
        return before in _CLAUSE_BOUNDARY or before == ","

    def _directive(self, text: str, end: int, members: list[Mention]) -> str | None:
        """The role when the list is the subject of a directive, else None."""
        start = members[0].start
        after_comma = start > 0 and text[start - 1] == ","
        tail = text[end:end + 80]
        if tail.startswith(":"):
            return _vp_role(text, end + 1)
        for skip in (_TIME_ADV, _PP):
            found = skip.match(tail)
            if found:
                tail = tail[found.end():]
        if tail.startswith(_NOT_DIRECTIVE):
            return None
        sentence = re.split(r"[。;]", text[end:end + 200], maxsplit=1)[0]
        if _PAST.search(sentence):
            return None
        if _MODAL.match(tail) or tail.startswith(_DUTY_VERBS):
            return _vp_role(text, end)
        if after_comma:
            return None
        strong = members[0].name.startswith(("市", "区", "县", "各", "全市", "全区", "全县", "团"))
        if strong and (tail.startswith("把") or tail.startswith(self.verbs)):
            return _vp_role(text, end)
        return None

    def _tags(self, text: str, sections: list[SectionInfo], taken: set[int]) -> list[Assignment]:
        out: list[Assignment] = []
        tagged: set[int] = set()
        found: list[tuple[int, list[Assignment], bool]] = []
        for idx, sec in enumerate(sections):
            items: list[Assignment] = []
            parenthesised = False
            for m in _TAG.finditer(text, sec.start, sec.end):
                parenthesised = parenthesised or text[sec.start:m.start()].rstrip().endswith("(")
                role = _TAG_ROLE[m.group(1)[:2]]
                stop = re.search(r"[;；。)）\n]|" + _TAG.pattern, text[m.end():sec.end])
                list_end = m.end() + (stop.start() if stop else sec.end - m.end())
                for pos, name, star in _list_items(text, m.end(), list_end, "、,，"):
                    name = re.sub(r"(等(单位|部门)?)$", "", name)
                    items.append(Assignment(pos, pos + len(name), name, kind_of(name),
                                            "lead" if star else role, m.group(1) + ("*" if star else "")))
                    taken.add(pos)
                if items and role == "responsible" and _FIRST_IS_LEAD.search(text[list_end:list_end + 20]):
                    items[0].role = "lead"
            if items:
                tagged.add(idx)
                found.append((idx, items, parenthesised))
        for idx, items, parenthesised in found:
            scope = sections[idx].path if parenthesised else self._tag_scope(idx, sections, tagged)
            for a in items:
                a.scope = scope
            out.extend(items)
        return out

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

    @staticmethod
    def _tables(text: str, taken: set[int]) -> list[Assignment]:
        """任务分工表: a header row naming role columns (牵头单位, 责任单位, 配合单位) gives
        every unit in those cells of the rows below it its role."""
        out: list[Assignment] = []
        columns: dict[int, str] = {}
        pos = 0
        for line in text.split("\n"):
            cells = line.split("\t")
            if len(cells) < 2:
                columns = {}
            elif any(_TABLE_ROLE.fullmatch(c.strip()) for c in cells):
                columns = {i: _TAG_ROLE[m.group(1)] for i, c in enumerate(cells)
                           if (m := _TABLE_ROLE.fullmatch(c.strip()))}
            elif columns:
                cell_pos = pos
                for i, cell in enumerate(cells):
                    role = columns.get(i)
                    if role:
                        for item_pos, name, star in _list_items(text, cell_pos, cell_pos + len(cell),
                                                                "、,，;；\\s"):
                            out.append(Assignment(item_pos, item_pos + len(name), name, kind_of(name),
                                                  "lead" if star else role, "分工表"))
                            taken.add(item_pos)
                    cell_pos += len(cell) + 1
            pos += len(line) + 1
        return out

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
                    out.append(Assignment(pos, pos + len(item), item, kind_of(item),
                                          "responsible", "各+数量"))
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
            if not head.endswith(_COLLECTIVE_HEAD) or head.startswith(self.title_verbs):
                continue
            out.append(Assignment(sec.title_start, sec.title_start + len(title), title,
                                  kind_of(title), "responsible", "标题", sec.path))
            taken.update(range(sec.title_start, sec.title_start + len(title)))
        return out
