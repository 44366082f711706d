"""Responsibility tags: the genre's own notation for who does an item.

Chinese plans close an item (or a sentence inside it) with a tag naming the units that
answer for it. The notation varies but is built from three parts, which is what this
module parses — not any one document's wording:

* a **label** (``责任单位：``, ``牵头单位：…；配合单位：…``, ``负责部门：…，适用范围：…``)
  whose role word gives the role of the list after it;
* a **verb phrase closing a list** (``X、Y负责``, ``X牵头负责，Y配合``, ``X，Y按职责分工
  负责``, ``X指导，Y负责落实``, ``X会同有关部门负责``): list items without a verb of
  their own take the next one's;
* a **lead convention** stated once (``列第一位者为牵头单位``, ``排在第一位的部门为牵头部门``,
  ``第一个逗号前为牵头单位``), for that tag and, with ``下同``/``以下同``, every later one.

Cue words and their roles are data (``data/role_cues.txt``). Tags sit in brackets —
``（…）``, ``〔…〕``, ``【…】``, ``[…]`` — anywhere in a paragraph, several per item; a
labelled tag also stands as a bare line (``牵头单位：…；责任单位：…``) after a run of items.
Inside a tag the items are units by definition when labelled; an unlabelled bracket is a
tag only if what precedes its verb looks like units.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from ..data import load_list
from .assignment import Assignment, SectionInfo
from .organs import gazetteer, kind_of
from .units import find_units, lexicons

_PAIRS = {"(": ")", "〔": "〕", "【": "】", "[": "]", "〈": "〉", "《": "》", "“": "”"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_MAX_TAG = 600
_OPENERS = re.compile(r"[(〔【\[]")
_STAR = re.compile(r"[*＊★※]")
FIRST_LEAD = re.compile(r"(?:列|排|位列|排列|排名)(?:在)?(?:第一|首|前)(?:位|个)?(?:者|的)?(?:单位|部门)?(?:为|是)(?:牵头|主办)")
COMMA_LEAD = re.compile(r"第一个(?:逗号|,|，)(?:之)?前(?:的)?(?:单位|部门)?(?:为|是)(?:牵头|主办)")
_ONWARD = re.compile(r"下同|以下同|后同|以下各项同|以下均同|以下不再(?:列出|注明|标注)")
_ANY_LABEL = re.compile(r"([\u4e00-\u9fff]{2,6})[:：]")
_TRIM_TAIL = re.compile(r"(?:等|等等|等有关|等相关|分别|共同|各自|按职责|按照职责|按职责分工|按照职责分工|要|应|须|"
                        r"等(?:有关|相关)?(?:单位|部门|机构|方面))$")
_TRIM_HEAD = re.compile(r"^(?:由|请|其中|并由|均由)")
# a unit's lead mark, in a tag or a prose list: 市公安局（牵头）, 〔牵头〕, 【牵头单位】
LEAD_MARK = r"[(〔【\[](?:牵头|牵头单位|牵头部门|主办)[)〕】\]]"
_LEAD_MARK = re.compile(LEAD_MARK + "$")
_PERSON_TAIL = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:主要领导|分管领导|主要负责人|负责人|主要负责同志|分管负责同志)$")
_NOTE = re.compile(r"[(〈\[](?:含|包括|不含|下同|以下)[^)〉\]]*[)〉\]]$")
_SEP_ITEMS = "、,"
_CONJ = re.compile(r"(?<=[\u4e00-\u9fff])(?:和|及|以及|与)(?=[\u4e00-\u9fff])")
_NOT_UNIT_HEAD = re.compile(r"^(?:对|在|按|将|把|为|以|从|向|经|各项|有关工作|相关工作|工作|任务|其|本|该|此)")
_PREFIX = "省市区县旗州盟"
_SENTENCE_END = re.compile(r"[。\n]")


@dataclass(frozen=True)
class Cues:
    labels: dict[str, str]
    verbs: tuple[tuple[str, str], ...]
    label_re: re.Pattern[str]
    column_re: re.Pattern[str]
    verb_end_re: re.Pattern[str]  # a role verb closing a list
    verb_re: re.Pattern[str]      # a role verb anywhere
    suffix_re: re.Pattern[str]


@lru_cache(maxsize=1)
def cues() -> Cues:
    labels: dict[str, str] = {}
    bare: list[str] = []
    verbs: list[tuple[str, str]] = []
    for line in load_list("role_cues.txt"):
        kind, _, rest = line.partition(" ")
        words, _, role = rest.partition("=")
        if kind == "verb":
            verbs.append((words.strip(), role.strip()))
        else:  # a label word; a bare one is a label without 单位/部门 too
            labels[words.strip()] = role.strip()
            if kind == "bare":
                bare.append(words.strip())
    verbs.sort(key=lambda v: -len(v[0]))
    labels = dict(sorted(labels.items(), key=lambda kv: -len(kv[0])))  # longest word first
    label_words = "|".join(labels)
    verb_words = "|".join(re.escape(v) for v, _ in verbs)
    # …单位及责任人： names the unit and the person who answers for it
    label = (rf"(?:主要|其他|相关|具体)?(?:{label_words})(?:{label_words})?(?:单位|部门|处室|机构|主体|科室)"
             rf"(?:[及和](?:其)?(?:责任人|负责人|责任领导))?")
    suffixes = load_list("unit_suffixes.txt")
    return Cues(
        labels=labels, verbs=tuple(verbs),
        label_re=re.compile(rf"(?:{label}\s*[:：]|(?:{'|'.join(bare)})[:：]|【{label}】|\[{label}\])\s*"),
        column_re=re.compile(rf"\s*{label}\s*"),
        verb_end_re=re.compile(rf"(?:{verb_words})(?:工作|任务)?$"),
        verb_re=re.compile(verb_words),
        suffix_re=re.compile("(?:" + "|".join(map(re.escape, suffixes)) + ")$"),
    )


def _role_of_label(label: str) -> str:
    """The role of the first role word in the label: 牵头责任单位 leads."""
    found = [(label.find(word), role) for word, role in cues().labels.items() if word in label]
    return min(found)[1] if found else "responsible"


def bracket_blocks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(content start, content end) of every top-level bracket in ``text[start:end]`` that
    closes on the same line within ``_MAX_TAG`` characters."""
    after = start  # a bracket inside one already yielded is part of it
    for m in _OPENERS.finditer(text, start, end):
        i = m.start()
        if i < after:
            continue
        close = _match(text, i, min(end, i + _MAX_TAG))
        if close is not None:
            yield i + 1, close
            after = close + 1


def _match(text: str, i: int, limit: int) -> int | None:
    stack = [_PAIRS[text[i]]]
    j = i + 1
    while j < limit:
        ch = text[j]
        if ch == "\n":
            return None
        if ch in _PAIRS and ch not in "“":
            stack.append(_PAIRS[ch])
        elif ch == stack[-1]:
            stack.pop()
            if not stack:
                return j
        elif ch in _CLOSERS and ch != "”":
            return None
        j += 1
    return None


def split_top(text: str, start: int, end: int, seps: str) -> list[tuple[int, int, str]]:
    """``text[start:end]`` cut at separators outside brackets: (start, end, separator
    that preceded the piece)."""
    out, depth, piece, before = [], 0, start, ""
    for j in range(start, end):
        ch = text[j]
        if ch in _PAIRS and ch != "“":
            depth += 1
        elif ch in _CLOSERS and ch != "”" and depth:
            depth -= 1
        elif depth == 0 and ch in seps:
            out.append((piece, j, before))
            piece, before = j + 1, ch
    out.append((piece, end, before))
    return out


@lru_cache(maxsize=1)
def _organ_names() -> tuple[str, ...]:
    return tuple(n for n in gazetteer().names if len(n) >= 2)


def looks_like_unit(name: str) -> bool:
    """A name that can stand for a unit on its own: a gazetteer name, or a name ending in
    a unit head (局, 委, 办, 政府, 集团 …) that does not open with a verb or preposition."""
    if not 2 <= len(name) <= 40 or _NOT_UNIT_HEAD.match(name):
        return False
    c = cues()
    core = re.sub(r"[(（][^()（）]{1,12}[)）]$", "", name)  # 区委政法委(区综治办)
    if core.endswith(_organ_names()):  # 上海海关: a place + an organ
        return True
    if kind_of(core) == "generic" and not lexicons().verb_re.match(core):
        return True
    return bool(c.suffix_re.search(core)) and not lexicons().verb_re.match(core) and "的" not in core[-6:]


def looks_like_tag(body: str) -> bool:
    """Whether a bracket's content reads as a responsibility tag (a label, or a list
    closed by a role verb)."""
    c = cues()
    return bool(c.label_re.search(body) or c.verb_end_re.search(body.rstrip("。 ")))


@dataclass
class _Item:
    start: int
    end: int
    name: str
    commas_before: int  # commas between the list's start and this item
    index: int          # position in its list
    star: bool


def _shared_heads(text: str, pieces: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Join a run of bare names written before a head they share — 广州、深圳市政府 (the
    市政府 of both) — into one item, as written; other items stay apart."""
    out: list[tuple[int, int]] = []
    run_start: int | None = None
    for ps, pe, sep in pieces:
        name = text[ps:pe].strip()
        bare = 2 <= len(name) <= 4 and not looks_like_unit(name) and not lexicons().verb_re.match(name)
        if bare and sep != ",":
            run_start = ps if run_start is None else run_start
            continue
        if run_start is not None and sep == "、" and looks_like_unit(name):
            out.append((run_start, pe))
        else:
            if run_start is not None:
                out.append((run_start, ps - 1))
            out.append((ps, pe))
        run_start = None
    if run_start is not None:
        out.append((run_start, pieces[-1][1]))
    return _party_and_government(text, out)


def _party_and_government(text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """各乡镇党委、政府: a level's party committee and its government, the second without
    the level they share, are one item (as units.py reads them in prose)."""
    out: list[tuple[int, int]] = []
    for ps, pe in items:
        if out and text[ps:pe].strip() in ("政府", "人民政府") and text[out[-1][0]:out[-1][1]].endswith("党委") \
                and text[out[-1][1]:ps] in ("、", "和"):
            out[-1] = (out[-1][0], pe)
        else:
            out.append((ps, pe))
    return out


class TagParser:
    """Finds the assignments that tags make in one document."""

    def __init__(self) -> None:
        self.cues = cues()

    def find(self, text: str, sections: list[SectionInfo]) -> list[Assignment]:
        out: list[Assignment] = []
        covered: list[tuple[int, int]] = []
        blocks: list[tuple[int, int, bool]] = []  # (start, end, bracketed)
        lo = sections[0].start if sections else 0
        hi = sections[-1].end if sections else len(text)
        for s, e in bracket_blocks(text, lo, hi):
            if self.cues.column_re.fullmatch(text, s, e):
                continue  # 【牵头单位】市应急管理局: a label in brackets, its list outside
            blocks.append((s, e, True))
            covered.append((s, e))
        for sec in sections:  # bare labelled lines, each ending with its sentence or section
            for m in self.cues.label_re.finditer(text, sec.start, sec.end):
                if any(s <= m.start() < e for s, e in covered):
                    continue
                stop = _SENTENCE_END.search(text, m.end(), sec.end)
                e = stop.start() if stop else sec.end
                blocks.append((m.start(), e, False))
                covered.append((m.start(), e))
        convention = self._stated_apart(text, covered)  # "first" / "comma"; 下同 may change it
        for s, e, bracketed in sorted(blocks):
            found, stated, onward = self._block(text, s, e, convention, bracketed)
            if onward and stated:
                convention = stated
            for a in found:
                if not bracketed:
                    a.scope = "bare"  # resolved by roles.tag_scope
            out.extend(found)
        return out

    def tables(self, text: str) -> list[Assignment]:
        """任务分工表: a header row naming role columns (牵头单位, 责任单位, 配合部门 — any
        label the tags use) gives the units in those cells of the rows below it their
        role; a cell is read like a tag's list (stars, verbs, shared prefixes)."""
        out: list[Assignment] = []
        columns: dict[int, str] = {}
        pos = 0
        for line in text.split("\n"):
            cells = line.split("\t")
            if len(cells) < 2:
                columns = {}
            elif any(self.cues.column_re.fullmatch(c) for c in cells):
                columns = {i: _role_of_label(c) for i, c in enumerate(cells)
                           if self.cues.column_re.fullmatch(c)}
            elif columns:
                cell_pos = pos
                for i, cell in enumerate(cells):
                    if i in columns:
                        lists = self._segments(text, cell_pos, cell_pos + len(cell), columns[i], "分工表",
                                               strict=False, separators=",;")
                        out += self._assign(lists, None)
                    cell_pos += len(cell) + 1
            pos += len(line) + 1
        return out

    @staticmethod
    def _stated_apart(text: str, tags: list[tuple[int, int]]) -> str | None:
        """A lead convention stated once for the whole document outside any tag — in the
        印发 notice or a closing 注 (各项任务中排在第一位的为牵头单位) — holds for every tag."""
        for pattern, rule in ((COMMA_LEAD, "comma"), (FIRST_LEAD, "first")):
            for m in pattern.finditer(text):
                if not any(s <= m.start() < e for s, e in tags):
                    return rule
        return None

    def _block(self, text: str, s: int, e: int, convention: str | None,
               bracketed: bool) -> tuple[list[Assignment], str | None, bool]:
        """The assignments of one tag, the lead convention it states and whether that
        convention holds onward."""
        body = text[s:e]
        if not self.cues.label_re.search(body) and not self.cues.verb_re.search(body):
            return [], None, False
        stated: str | None = None
        onward = bool(_ONWARD.search(body))
        lists: list[tuple[list[_Item], str, str, bool]] = []  # items, role, cue, conventional
        for cs, ce, _ in split_top(text, s, e, ";。"):
            clause = text[cs:ce]
            if COMMA_LEAD.search(clause):
                stated = "comma"
                continue
            if FIRST_LEAD.search(clause):
                stated = "first"
                continue
            labels = list(self.cues.label_re.finditer(text, cs, ce))
            if labels:
                for k, m in enumerate(labels):
                    if k == 0 and text[cs:m.start()].strip(" ,"):
                        break  # prose before the label: not a tag clause
                    seg_end = labels[k + 1].start() if k + 1 < len(labels) else ce
                    other = _ANY_LABEL.search(text, m.end(), seg_end)
                    if other:  # 适用范围：… — a label of something else ends the list
                        seg_end = other.start()
                    role = _role_of_label(m.group())
                    lists += self._segments(text, m.end(), seg_end, role, m.group().strip(" :："),
                                            strict=False)
            elif bracketed:
                lists += self._segments(text, cs, ce, None, "", strict=True)
        return self._assign(lists, stated or convention), stated, onward

    def _assign(self, lists: list[tuple[list[_Item], str, str, bool]], rule: str | None) -> list[Assignment]:
        """Roles of the items of a tag's (or a table cell's) lists, with the lead
        convention ``rule`` applied to responsible lists."""
        out: list[Assignment] = []
        for items, role, cue, conventional in lists:
            prefix = None
            commas = any(i.commas_before for i in items)
            for item in items:
                r = role
                if item.star:
                    r = "lead"
                elif conventional and rule == "first" and item.index == 0:
                    r = "lead"
                elif conventional and rule == "comma" and (item.commas_before == 0 or not commas):
                    r = "lead"
                if item.name[0] in _PREFIX and item.name[1:2] not in "级委" + _PREFIX:
                    prefix = item.name[0]
                shared = prefix if item.name[0] not in _PREFIX and item.name in gazetteer().local else None
                out.append(Assignment(item.start, item.end, item.name, r,
                                      cue + ("*" if item.star else ""), None, shared))
        return out

    def _segments(self, text: str, s: int, e: int, default: str | None, label: str,
                  strict: bool, separators: str = ",") -> list[tuple[list[_Item], str, str, bool]]:
        """Lists of one clause: comma-separated segments, each closing with a verb
        phrase or taking the next segment's (or the label's) role."""
        out: list[tuple[list[_Item], str, str, bool]] = []
        pending: list[_Item] = []
        commas = 0
        for ps, pe, sep in split_top(text, s, e, separators):
            if sep == ",":
                commas += 1
            while pe > ps and text[pe - 1] in " 。":
                pe -= 1
            piece = text[ps:pe]
            verb = self.cues.verb_end_re.search(piece)
            if verb and verb.start() > 0:
                role = next(r for v, r in self.cues.verbs if piece[verb.start():].startswith(v))
                items, partners = self._list(text, ps, ps + verb.start(), commas, len(pending), strict)
                if items is None:
                    pending = []
                    continue
                conventional = role == "responsible"
                out.append((pending + items, role, label or piece[verb.start():], conventional))
                if partners:
                    out.append((partners, "cooperate", "会同", False))
                pending = []
            elif piece.strip():
                items, _ = self._list(text, ps, pe, commas, len(pending), strict)
                if items is None:
                    if strict:
                        pending = []
                    continue
                pending += items
        if pending and default:
            out.append((pending, default, label, default == "responsible"))
        return out

    def _list(self, text: str, s: int, e: int, commas: int, first_index: int,
              strict: bool) -> tuple[list[_Item] | None, list[_Item]]:
        """The unit names of a list ``A、B和C等``; None when ``strict`` and an item does
        not look like a unit. ``X会同Y``: X the list, Y returned apart (cooperating)."""
        partners: list[_Item] = []
        raw = text[s:e]
        with_ = re.search(r"会同|协同|联合", raw)
        if with_:
            partners = self._list(text, s + with_.end(), e, commas, 0, strict)[0] or []
            e = s + with_.start()
        items: list[_Item] = []
        for ps, pe in _shared_heads(text, split_top(text, s, e, _SEP_ITEMS)):
            for name, start in self._names(text, ps, pe):
                star = bool(_STAR.search(name))
                start += len(name) - len(name.lstrip("*＊★※"))  # a lead star before the name is not in its span
                name = _STAR.sub("", name)
                if not name:
                    continue
                if strict and not looks_like_unit(name):
                    return None, []
                if not strict and (len(name) > 40 or lexicons().verb_re.match(name)):
                    continue
                items.append(_Item(start, start + len(name), name, commas, first_index + len(items), star))
        return (items or None), partners

    def _names(self, text: str, s: int, e: int) -> list[tuple[str, int]]:
        """One list item, cleaned: leading 由, trailing 等/分别/notes cut; ``A和B`` split
        when both halves are units (工业和信息化部 stays whole)."""
        while s < e and text[s] in " \u3000":
            s += 1
        while e > s and text[e - 1] in " \u3000":
            e -= 1
        name = text[s:e]
        head = _TRIM_HEAD.match(name)
        if head:
            s += head.end()
            name = name[head.end():]
        for _ in range(3):
            note = _NOTE.search(name) or _TRIM_TAIL.search(name)
            if not note or note.start() == 0:
                break
            name = name[:note.start()]
        name = _PERSON_TAIL.sub("", name)  # 县公安局主要领导: the unit, not the person answering for it
        lead = _LEAD_MARK.search(name)
        if lead:  # 市公安局(牵头): the mark is a star in words
            name = name[:lead.start()] + "*"
        conj = _CONJ.search(name)
        if conj and name not in gazetteer().central and name not in gazetteer().local:
            left, right = name[:conj.start()], name[conj.end():]
            one = left.endswith("党委") and right in ("政府", "人民政府")  # 各镇党委和政府
            if looks_like_unit(left) and looks_like_unit(right) and not one:
                return [(left, s), (right, s + conj.end())]
        if len(name) > 6 and name not in gazetteer().central:
            # names printed apart in a table cell lose the space between them in
            # normalisation (市公安局 市司法局 → 市公安局市司法局): split where units tile it
            parts = find_units(name)
            if len(parts) > 1 and parts[0].start == 0 and parts[-1].end == len(name) \
                    and all(a.end == b.start for a, b in pairwise(parts)):
                return [(p.name, s + p.start) for p in parts]
        return [(name, s)] if name else []
