"""Recognise units (organs, offices, bodies, collectives) on characters.

jieba's ``nt`` tag misses most unit names and glues neighbours onto them (``由市|民政局``),
so units are found on the characters: a name ends in a unit suffix (局, 委, 办, 中心,
部门, …), reaches left over name characters up to a function word, loses leading verbs
(督促各物业公司 → 各物业公司), and is kept only if it looks like a unit — it opens with a
jurisdiction (市, 区, 各, 全市, a place name), contains a department name (公安, 司法, …),
or is a known name. Lexicons live in ``data/``; matching uses Aho-Corasick automata.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from ..data import load_list
from ..regions import major_places, subdivisions
from .organs import LEVELS_AND_ABOVE, LOCATIVES, MEMBERS, gazetteer, kind_of, place_names

_MULTI_PREFIXES = ("全市", "全区", "全县", "各级", "各有关", "各相关", "市委", "区委", "县委",
                   "市级", "区级", "县级", "团市委", "团区委", "中共", "各")
_PERSON_IN = re.compile("领导(?!小组|组|班子|机构)|书记|主任|干部|负责人|带队")
_PERSON_AFTER = ("长", "书记", "主任", "副", "干部", "干警", "人员", "领导", "负责人", "民警")
_STOP = set("由对向在将把被和与及或同跟给为以按经让使请要并等的了是从到于也都还又均其若如凡但而则且"
            "之中上下内外即应须需该本此这那每含")
_ADMIN = ("街道", "乡镇", "镇乡", "社区", "镇街", "县区", "区县", "旗县区", "村")
_INNER_PAREN = re.compile(r"(?<=[\u4e00-\u9fff])\([\u4e00-\u9fff]{1,4}\)$")  # 县(区)创建…
_BARE_HEADS = ("人民政府", "政府")
_CLAUSE_OPENERS = set("。;:!?\n")
_FUNCTIONAL = re.compile(r"(?:相关|有关|职能|主管|行政|监管|执法)(?:职能)?(?:部门|机关|机构)$")
_PAREN_INNER = re.compile(r"\(([\u4e00-\u9fff]{1,4})\)")
# a statute's article or chapter label run into the sentence after it (第四条 市消防安全委员会…)
ARTICLE_LABEL = re.compile(r"第[一二三四五六七八九十百零〇\d]{1,5}[条章节款]")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str
    kind: str  # organ / collective / generic


def _automaton(words: tuple[str, ...]) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for w in words:
        auto.add_word(w, w)
    auto.make_automaton()
    return auto


@dataclass(frozen=True)
class Lexicons:
    """The data files, compiled once: regexes for prefixes/suffixes/verbs and
    Aho-Corasick automata for known names, department names and non-units."""

    suffixes: tuple[str, ...]
    prefixes: tuple[str, ...]
    cores: tuple[str, ...]
    known_set: frozenset[str]
    prefix_re: re.Pattern[str]
    suffix_end_re: re.Pattern[str]
    suffix_re: re.Pattern[str]
    verb_re: re.Pattern[str]
    suffix_auto: ahocorasick.Automaton
    known: ahocorasick.Automaton
    not_units: ahocorasick.Automaton
    core_auto: ahocorasick.Automaton
    name_words: ahocorasick.Automaton
    generic_long: tuple[str, ...]
    suffix_stems: frozenset[str]  # suffixes that open a longer one (党组 of 党组织, 委 of 委员会)


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, words))  # load_list gives longest first


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    suffixes = load_list("unit_suffixes.txt")
    prefixes = load_list("unit_prefixes.txt")
    cores = load_list("unit_cores.txt")
    generic_long = tuple(g for g in gazetteer().generic if len(g) >= 3)
    # the kinds of body of three or more characters are names as they stand (生产经营单位,
    # 国有企业, 物业服务企业), whatever they end with and whatever verb they hold
    known = tuple(sorted(set(load_list("units_known.txt")) | set(gazetteer().names) | set(generic_long),
                         key=len, reverse=True))
    return Lexicons(
        suffixes=suffixes, prefixes=prefixes, cores=cores, known_set=frozenset(known),
        prefix_re=re.compile(f"(?:{_alternation(prefixes)})"),
        suffix_end_re=re.compile(f"(?:{_alternation(suffixes)})$"),
        suffix_re=re.compile(f"(?:{_alternation(suffixes)})"),
        verb_re=re.compile(_alternation(load_list("action_verbs.txt"))),
        suffix_auto=_automaton(suffixes), known=_automaton(known),
        not_units=_automaton(load_list("not_units.txt")), core_auto=_automaton(cores),
        # with the levels a statute addresses (县级以上地方人民政府): their 以上 breaks no name
        name_words=_automaton((*load_list("name_words.txt"), *LEVELS_AND_ABOVE)),
        generic_long=generic_long,
        suffix_stems=frozenset(a for a in suffixes if any(b != a and b.startswith(a) for b in suffixes)),
    )


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@lru_cache(maxsize=65536)
def _name_in(raw: str, keep_from: int, at_clause: bool, places: tuple[str, ...]) -> str | None:
    """The unit name a run of name characters ends with, or None: cut after its last
    action verb, started at its anchor (a clause's whole subject keeps its modifiers),
    a second unit written right after a first split off, and checked. The same runs
    come back again and again (市公安局 in every document), so the answer is cached."""
    cut = _cut_at_verbs(raw, keep_from)
    name = raw[cut:]
    anchored = name[_anchor(name, places):]
    if not (cut == 0 and at_clause and len(name) <= 12 and _valid(anchored, places)):
        name = anchored
    name = name[_second_unit(name, places):]
    return name if _valid(name, places) else None


def _is_name_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" and ch not in _STOP


def _blocked(text: str) -> set[int]:
    """Positions covered by a word that merely ends like a unit (大局, 场所, 办法)."""
    auto = lexicons().not_units
    blocked: set[int] = set()
    for end, word in auto.iter(text):
        blocked.update(range(end - len(word) + 1, end + 1))
    return blocked


def _cut_at_verbs(name: str, keep_from: int) -> int:
    """Index after the last action verb in ``name`` that ends before ``keep_from`` (the
    part of the name that must stay: its suffix or known tail)."""
    cut = 0
    for label in ARTICLE_LABEL.finditer(name, 0, keep_from):  # 第四条市消防安全委员会…
        cut = label.end()
    verb_re = lexicons().verb_re
    for i in range(len(name)):
        m = verb_re.match(name, i)
        if m and m.end() <= keep_from:
            cut = max(cut, m.end())
    return cut


def _anchor(name: str, places: tuple[str, ...]) -> int:
    """Where the unit name starts inside a run of characters: the leftmost jurisdiction
    prefix or place name, else the leftmost known name, else the leftmost department name."""
    lex = lexicons()
    inside_known = {i for end, word in lex.known.iter(name) for i in range(end - len(word) + 2, end + 1)}
    for group in ("places", "known", "cores"):
        for i in range(len(name) - 1):
            if group == "cores" and i in inside_known:
                continue  # 民政 inside 人民政府 opens no name
            tail = name[i:]
            if group == "places":
                hit = (bool(places) and tail.startswith(places)) \
                    or (tail.startswith(_MULTI_PREFIXES) and len(tail) > 3) \
                    or (i == 0 and tail.startswith(lex.prefixes)) \
                    or _branch_of(tail, places)
            elif group == "known":
                # X人民政府 keeps its X; a kind of body keeps its qualifiers (森林经营单位)
                hit = tail in lex.known_set and tail not in _BARE_HEADS and tail not in lex.generic_long
            else:
                hit = tail.startswith(lex.cores)
            if hit:
                return i
    return 0


def _branch_of(name: str, places: tuple[str, ...]) -> bool:
    """A province or prefecture (any, not only the document's) opening a valid name:
    福建出入境检验检疫局, 厦门海关 — branches of vertical organs keep their place."""
    m = _major_re().match(name)
    return m is not None and len(name) > m.end() + 1 and _valid(name[m.end():], places)


@lru_cache(maxsize=1)
def _major_re() -> re.Pattern[str]:
    return re.compile(_alternation(major_places()))


def _second_unit(name: str, places: tuple[str, ...]) -> int:
    """Where a second unit starts in a run of two written back to back (市公安局市司法局,
    市委市政府): after a unit suffix, at a jurisdiction prefix that opens a valid name."""
    lex = lexicons()
    for m in lex.suffix_re.finditer(name):
        i = m.end()
        if 2 <= i < len(name) - 1 and name[i] in "省市区县旗州各" and _valid(name[i:], places) \
                and not MEMBERS.search(name):  # 县综治委各成员单位: the body's members, one unit
            return i
    return 0


def _core(name: str, places: tuple[str, ...]) -> str:
    """The name without its place, jurisdiction prefixes and unit suffix."""
    lex = lexicons()
    core = name
    if places and core.startswith(places):
        core = core[len(next(p for p in places if core.startswith(p))):]
    for _ in range(3):
        m = lex.prefix_re.match(core)
        if not m:
            break
        core = core[m.end():]
    m = lex.suffix_end_re.search(core)
    return core[: m.start()] if m else core


def _valid(name: str, places: tuple[str, ...]) -> bool:
    lex = lexicons()
    if len(name) < 2 or len(name) > 24:
        return False
    if name in lex.known_set:
        return True
    if places and name.startswith(places):
        return True
    core = _core(name, places)
    if name.startswith(lex.prefixes) and (core or name[-1] != name[0]):
        return True
    if any(True for _ in lex.core_auto.iter(core or name)):
        return True
    if core.startswith(("有关", "相关", "职能", "主管", "行业主管", "成员", "牵头", "责任")):
        return True
    if _FUNCTIONAL.search(name):  # 自贸试验区相关职能部门, 卫生健康行政部门
        return True
    if name.endswith("人民政府") and len(name) > 4:  # the government of whatever place it names
        return True
    if core in _ADMIN or name.startswith(_ADMIN):
        return True
    # a kind of body named by a word of three or more characters, with its qualifiers:
    # 幼儿园, 民办幼儿园, 公安派出所 (bare 单位/部门/学校 stay out: too often not a unit)
    return name.endswith(lex.generic_long)


def find_units(text: str, region: str | None = None) -> list[Mention]:
    """All unit mentions in ``text``, left to right, not overlapping."""
    lex = lexicons()
    places = place_names(region)
    blocked = _blocked(text)
    protected: set[int] = set()  # inside a place or known name (呼和浩特 has a 和)
    known_spans: dict[int, int] = {}
    for end, word in lex.known.iter(text):
        s0 = end - len(word) + 1
        protected.update(range(s0, end + 1))
        known_spans[end + 1] = min(known_spans.get(end + 1, s0), s0)
    for place in places:
        for pm in re.finditer(re.escape(place), text):
            protected.update(range(pm.start(), pm.end()))
    for end, word in lex.name_words.iter(text):
        protected.update(range(end - len(word) + 1, end + 1))
    ends = _suffix_ends(text) | set(known_spans)
    found: list[Mention] = []
    for end in sorted(ends):
        if end - 1 in blocked and end not in known_spans:
            continue
        if text.startswith(_PERSON_AFTER, end):
            continue
        start = end
        while start > 0 and end - start < 30:
            ch = text[start - 1]
            if _is_name_char(ch) or (start - 1 in protected and ch != "\n") \
                    or (ch == "的" and text.endswith(LOCATIVES, 0, start - 1)):
                start -= 1
            elif ch == ")" and (inner := _INNER_PAREN.search(text[max(0, start - 7):start])):
                start -= len(inner.group())
            else:
                break
        raw = text[start:end]
        persons = list(_PERSON_IN.finditer(raw))  # 市政府分管领导带队赴各地: a person leads, no name runs on
        if persons:
            person = persons[-1]
            if person.end() == len(raw):
                continue  # …领导带队: 队 ends a person's act, not a 大队
            start += person.end()
            raw = raw[person.end():]
        keep_from = len(raw) - (end - known_spans[end] if end in known_spans else 1)
        at_clause = start == 0 or text[start - 1] in _CLAUSE_OPENERS
        name = _name_in(raw, max(0, min(keep_from, len(raw) - 1)), at_clause, places)
        if name is None:
            continue
        start = end - len(name)
        qualifier = _PAREN_INNER.match(text, end)
        if qualifier and qualifier.group(1) in ("单位", "乡镇", "街道", "社区", "农村", "部门", "园", "校"):
            end = qualifier.end()
            name = text[start:end]
        found.append(Mention(start, end, name, kind_of(name)))
    for m in _DUTY_HOLDERS.finditer(text):  # 负有安全生产监督管理职责的部门
        found.append(Mention(m.start(), m.end(), m.group(), "generic"))
    for m in _EVERY_PLACE.finditer(text):  # 各镇要…, 各乡(镇)要…
        found.append(Mention(m.start(), m.end(), m.group(), "collective"))
    for m in _subdivision_re(region).finditer(text) if region else ():  # 蕉城、寿宁重点推进…
        found.append(Mention(m.start(), m.end(), m.group(), "organ"))
    found = _outside(found, _cited_spans(text))
    found.sort(key=lambda x: (x.start, -x.end))
    out: list[Mention] = []
    for mention in found:
        if out and mention.start < out[-1].end:
            if mention.end - mention.start > out[-1].end - out[-1].start and mention.start >= out[-1].start:
                out[-1] = mention
            continue
        out.append(mention)
    return _second_names(text, _coordinations(text, out))


# the bodies a statute names by the duty they hold: 负有安全生产监督管理职责的部门,
# 承担行业管理职责的单位 (a relative clause the character walk above cannot cross)
_DUTY_HOLDERS = re.compile(r"(?:其他)?(?:负有|承担|具有)[\u4e00-\u9fff、]{2,24}?(?:职责|职能)的(?:有关)?(?:部门|单位|机构|机关)")
# every place of one level, named by its one-character level (and the levels a bracket adds:
# 各乡(镇), 各县(区)); only before what follows a subject, since 各区域, 各乡村, 各县级 are no units
_EVERY_PLACE = re.compile(r"各(?:乡|镇|县|区|旗)(?:\((?:[乡镇县区市旗]|街道)(?:、(?:[乡镇县区市旗]|街道))*\))?"
                          r"(?=要|应|须|必须|务必|需|负责|牵头|配合|参与|结合|根据|按照|都|均|也|分别|积极|认真|切实|在|每"
                          r"|[、,:;。\n])")
_CITED_TITLE = re.compile(r"《[^《》\n]{1,120}》")
_DOC_NUMBER = re.compile(r"[〔\[(]\d{4}[〕\])]\d+号")


@lru_cache(maxsize=64)
def _subdivision_re(region: str) -> re.Pattern[str]:
    """The document's subdivisions by name (a prefecture's counties: 寿宁县, 寿宁), as
    whole names: not inside a longer run of the same place (寿宁县 over 寿宁)."""
    names = sorted(subdivisions(region), key=len, reverse=True)
    return re.compile(f"(?:{_alternation(tuple(names))})" if names else r"(?!x)x")


def _suffix_ends(text: str) -> set[int]:
    """Where a unit suffix ends, unless a longer suffix from the same place runs on past
    it (党组 inside 村党组织, 委 inside 委员会): the name goes on."""
    lex = lexicons()
    reach: dict[int, int] = {}  # suffix start -> its farthest end
    hits = []
    for end, word in lex.suffix_auto.iter(text):
        start = end + 1 - len(word)
        hits.append((start, end + 1, word in lex.suffix_stems))
        reach[start] = max(reach.get(start, 0), end + 1)
    return {e for s, e, stem in hits if not stem or reach[s] == e}


def _cited_spans(text: str) -> list[tuple[int, int]]:
    """Cited titles (《国务院办公厅转发…的通知》) and document numbers (国办发〔1994〕36号):
    the organs named there issued something, nobody is assigned anything. (Each found
    from its distinctive mark, the number's organ prefix then taken leftwards: a pattern
    opening on any Han character would be tried at every one.)"""
    spans = [m.span() for m in _CITED_TITLE.finditer(text)]
    for m in _DOC_NUMBER.finditer(text):
        start = m.start()
        while start > 0 and m.start() - start < 8 and _is_han(text[start - 1]):
            start -= 1
        spans.append((start, m.end()))
    return sorted(spans)


def _outside(mentions: list[Mention], spans: list[tuple[int, int]]) -> list[Mention]:
    """The mentions that start outside every span (spans sorted and disjoint)."""
    if not spans:
        return mentions
    starts = [a for a, _ in spans]
    out = []
    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if i < 0 or m.start >= spans[i][1]:
            out.append(m)
    return out


def _second_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """A unit followed by another unit's name in brackets is one unit with two names —
    区委政法委(区综治办), 市人工智能产业链专班办公室(市科技局): the office and the organ
    that hosts it, written as the document writes them."""
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt and text.startswith("(", m.end) and nxt.start == m.end + 1 and text.startswith(")", nxt.end):
            name = text[m.start:nxt.end + 1]
            out.append(Mention(m.start, nxt.end + 1, name, m.kind))
            i += 2
            continue
        out.append(m)
        i += 1
    return out


_SHARED_TAIL = re.compile(r"等(相关|有关|重点)?(?:部门|单位|机关)")
_SHARED_LIST = re.compile(r"((?:[\u4e00-\u9fff]{1,8}、)+[\u4e00-\u9fff]{1,8})\Z")
_LIST_REACH = 200  # how far left a shared head's list is looked for
_ROLE_AFTER = ("牵头", "负责", "配合", "参与", "协助", "要", "必须", "应")
_ADMIN_LIST = re.compile(r"各(?:区|县|镇|乡|旗)、(?:区|县|镇|乡|旗)(?!人民|政府|委|党|区|县)")
_SCOPED_PAIR = re.compile(r"(?:各有关|各相关|各级|各)(?:地区|地方|部门|单位|省份|城市)(?:和|及|与)(?:部门|单位|地区)")
_ADMIN_PAIR = re.compile(r"各?(?:区|县|镇|乡|市|旗)、(?:区|县|镇|乡|街道|旗)")
# a level's party committee and government named as one pair, the second without the level
# it shares: 各级党委、政府, 各县(市、区)党委和政府 (not 县委、县政府: two names)
_PARTY_AND_GOVERNMENT = re.compile(r"[、和及与](?:人民)?政府")


def _coordinations(text: str, mentions: list[Mention]) -> list[Mention]:
    """Shared heads and collectives: 宣传、教育、公安等相关部门 (each a unit, as written),
    金融、涉爆、涉枪等重点单位 (one collective), 各区、县 and 区、县人民政府 (one unit),
    各级党委、政府 (one unit)."""
    lex = lexicons()
    cores = set(lex.cores)
    extra: list[Mention] = []
    drop: set[Mention] = set()
    starts = [x.start for x in mentions]
    for head in _SHARED_TAIL.finditer(text):
        # the list before 等…部门, found walking left a bounded way (linear in the text)
        lo = head.start()
        while lo > 0 and head.start() - lo < _LIST_REACH and (_is_han(text[lo - 1]) or text[lo - 1] == "、"):
            lo -= 1
        m = _SHARED_LIST.search(text, lo, head.start())
        if m is None:
            continue
        items = m.group(1).split("、")
        first = items[0]
        trimmed = first[_cut_at_verbs(first, len(first)):]
        offset = m.start(1) + len(first) - len(trimmed)
        items[0] = trimmed
        if any(ch in _STOP for item in items for ch in item):
            continue
        inside = mentions[bisect.bisect_left(starts, offset):bisect.bisect_left(starts, head.end())]
        # "A、B等相关部门": A and B are departments of their own; "A、B等部门" is one collective
        if head.group(1) in ("相关", "有关") and all(i in cores for i in items):
            pos = offset
            for item in items:
                extra.append(Mention(pos, pos + len(item), item, "collective"))
                pos += len(item) + 1
            drop.update(x for x in inside if x.end == head.end())
        elif not inside or all(x.end == head.end() for x in inside):
            drop.update(inside)
            extra.append(Mention(offset, head.end(), text[offset:head.end()], "collective"))
    # a bare department or admin-level name coordinated with a unit shares its head:
    # 司法行政、政府法制部门 / 由街道、社区牵头
    # …and so does a kind of body in a list of units (各乡镇、各部门、企业、学校要…)
    bare = cores | set(_ADMIN) | set(gazetteer().generic)
    for x in mentions:
        at = x.start
        while at >= 2 and text[at - 1] == "、":  # each bare item before it, back to the first that is none
            s = at - 1
            while s > 0 and _is_name_char(text[s - 1]) and at - 1 - s < 12:
                s -= 1
            word = text[s:at - 1]
            if word not in bare:
                break
            extra.append(Mention(s, s + len(word), word, kind_of(word)))
            at = s
        at = x.end
        while text.startswith("、", at):  # each bare item after it, up to the first that is none
            e = at + 1
            while e < len(text) and _is_name_char(text[e]) and e - at < 12:
                e += 1
            word = text[at + 1:e]
            w = next((w for w in (word, *(word[:i] for i in range(len(word) - 1, 1, -1)))
                      if w in bare and (w == word or text.startswith(_ROLE_AFTER, at + 1 + len(w)))), None)
            if w is None:
                break
            extra.append(Mention(at + 1, at + 1 + len(w), w, kind_of(w)))
            at += 1 + len(w)
    for m in _ADMIN_LIST.finditer(text):
        extra.append(Mention(m.start(), m.end(), m.group(), "collective"))
    for m in _SCOPED_PAIR.finditer(text):  # 各有关地区和部门: 各有关 scopes over both
        drop.update(mentions[bisect.bisect_left(starts, m.start()):bisect.bisect_left(starts, m.end())])
        extra.append(Mention(m.start(), m.end(), m.group(), "collective"))
    merged: list[Mention] = []
    for x in sorted([m for m in mentions if m not in drop] + extra, key=lambda m: (m.start, -m.end)):
        if merged and x.start < merged[-1].end:
            continue
        merged.append(x)
    # 各区、县 / 区、县人民政府: one collective across an admin-level pair
    out: list[Mention] = []
    i = 0
    while i < len(merged):
        x = merged[i]
        nxt = merged[i + 1] if i + 1 < len(merged) else None
        government = _PARTY_AND_GOVERNMENT.match(text, x.end) if x.name.endswith("党委") else None
        if government and nxt and (nxt.start, nxt.end) == (x.end + 1, government.end()):
            out.append(Mention(x.start, nxt.end, text[x.start:nxt.end], x.kind))
            i += 2
            continue
        pair = _ADMIN_PAIR.match(text, x.start)
        if pair and x.end <= pair.end():
            end = pair.end()
            nxt = merged[i + 1] if i + 1 < len(merged) else None
            if nxt and nxt.start == end - 1 and text[pair.end() - 1] == text[nxt.start]:
                end = nxt.end
                i += 1
            elif text.startswith("街道办事处", end - 2):
                end = end - 2 + len("街道办事处")
            while i + 1 < len(merged) and merged[i + 1].start < end:
                i += 1  # 各镇、街道: the pair's second level, found on its own too
            name = text[x.start:end]
            out.append(Mention(x.start, end, name, "collective"))
        else:
            pair = re.match(r"(?:区|县|镇|乡|市)、$", text[max(0, x.start - 2):x.start])
            alone = x.start < 3 or not _is_name_char(text[x.start - 3])  # not 经济开发区、市政府…
            if pair and alone and x.name[0] in "区县镇乡市旗":
                out.append(Mention(x.start - 2, x.end, text[x.start - 2:x.end], "collective"))
            else:
                out.append(x)
        i += 1
    return out
