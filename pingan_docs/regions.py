"""Which administrative area a name belongs to: ``广州市天河区教育局`` → ``广州市天河区``,
``国务院办公厅`` → ``全国``.

The places come from a gazetteer shipped as data (``data/regions.txt``, the 行政区划代码
list), so a region is a real division and its parts hang together (天河区 is under
广州市): the region is read as a chain province → prefecture → county at the start of an
organ's name, as organs write their jurisdiction. National organs (the State Council,
its departments, the central Party organs, the national courts and 群团) govern the
whole country (``data/organs_central.txt``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .data import load_list

NATIONAL = "全国"
# Names of national organs start this way; a place name inside (国家税务总局上海市税务局)
# makes the organ local, which is checked first.
_NATIONAL_PREFIX = re.compile(r"^(?:国务院|中共中央|中央|全国|国家|最高人民|中国人民银行(?!\S*分行))")
# two-character county names that are also common words (城区, 郊区, 矿区): only after
# their prefecture
_MIN_BARE_COUNTY = 3


@dataclass(frozen=True)
class Place:
    code: str
    name: str

    @property
    def level(self) -> int:
        """1 province, 2 prefecture, 3 county."""
        if self.code.endswith("0000"):
            return 1
        return 2 if self.code.endswith("00") else 3

    def under(self, parent: Place) -> bool:
        return self.code.startswith(parent.code[: 2 * parent.level]) and self.level > parent.level


@cache
def _places() -> dict[str, tuple[Place, ...]]:
    by_name: dict[str, list[Place]] = {}
    for line in load_list("regions.txt"):
        code, _, name = line.partition(" ")
        by_name.setdefault(name, []).append(Place(code, name))
    return {k: tuple(v) for k, v in by_name.items()}


@cache
def _longest() -> int:
    return max(len(name) for name in _places())


@cache
def _national() -> frozenset[str]:
    """Every name of a central organ (``data/organs_central.txt``: full and short)."""
    names: set[str] = set()
    for line in load_list("organs_central.txt"):
        names.update(n.strip() for n in line.split("=") if n.strip())
    return frozenset(names)


def _place_at(text: str, pos: int, parent: Place | None) -> Place | None:
    """The longest gazetteer name at ``pos`` (under ``parent`` when one is given)."""
    places = _places()
    for length in range(min(_longest(), len(text) - pos), 1, -1):
        for place in places.get(text[pos:pos + length], ()):
            if parent is None or place.under(parent):
                return place
    return None


def chain_at(text: str, pos: int = 0) -> str | None:
    """The region written at ``pos``: ``广东省``, ``广州市天河区``, ``四川省南充市``.
    A county on its own must have a name of three characters or more."""
    return "".join(p.name for p in _chain(text, pos)) or None


def _chain(text: str, pos: int = 0) -> list[Place]:
    found: list[Place] = []
    parent: Place | None = None
    while pos < len(text):
        place = _place_at(text, pos, parent)
        if place is None or (parent is None and place.level == 3 and len(place.name) < _MIN_BARE_COUNTY):
            break
        found.append(place)
        parent = place
        pos += len(place.name)
    return found


_LEVEL_WORD = re.compile(r"(?:自治区|特别行政区|自治州|自治县|自治旗|省|市|州|地区|盟|县|区|旗)$")


def _short(name: str) -> str:
    """A place without its level word (福建省 → 福建, 寿宁县 → 寿宁)."""
    return _LEVEL_WORD.sub("", name)


@cache
def major_places() -> tuple[str, ...]:
    """Provinces and prefectures by full and short name (福建省, 福建, 厦门市, 厦门), longest
    first: a branch of a vertical organ is named after one (福建出入境检验检疫局, 厦门海关)."""
    names: set[str] = set()
    for name, places in _places().items():
        if any(p.level < 3 for p in places):
            names.add(name)
            if len(short := _short(name)) >= 2:
                names.add(short)
    return tuple(sorted(names, key=len, reverse=True))


@cache
def subdivisions(region: str | None) -> dict[str, str]:
    """The places one level below ``region`` (a prefecture's counties, a province's
    prefectures), by full name and, when that is two characters or more and no common
    word (城区, 郊区), by short name (寿宁县 → 寿宁), each mapped to its full name: the
    doers a 目标责任书 or 任务分解 names (蕉城、寿宁重点推进示范乡镇建设)."""
    chain = _chain(region or "")
    if not chain or "".join(p.name for p in chain) != region or chain[-1].level == 3:
        return {}
    parent = chain[-1]
    names: dict[str, str] = {}
    for name, places in _places().items():
        if any(p.under(parent) and p.level == parent.level + 1 for p in places):
            names[name] = name
            if len(short := _short(name)) >= 2 and short + "区" not in _NOT_DISTRICT:
                names.setdefault(short, name)
    return names


def is_national(organ: str) -> bool:
    """A central organ: listed, or named the way only central organs are (国务院…, 国家…,
    中共中央…), with no place name in it."""
    organ = organ.strip()
    if organ in _national():
        return True
    return bool(_NATIONAL_PREFIX.match(organ)) and find_region(organ) is None


def region_of_organ(organ: str | None) -> str | None:
    """The area an organ governs, read from its name; ``全国`` for a central organ."""
    if not organ:
        return None
    first = re.split(r"[、,，\s]", organ.strip())[0]
    name = re.sub(r"^中共", "", first)
    region = chain_at(name)
    if region:
        return region + township(name[len(region):])
    if is_national(first):
        return NATIONAL
    region = find_region(name) or _written_region(name)  # 国家税务总局上海市税务局
    if region and name.startswith(region):
        region += township(name[len(region):])
    town = township(name)  # 卢市镇: a township whose name holds a level word (市)
    return town if town and len(town) > len(region or "") else (region or None)


# a township's own organs (金河镇人民政府, 中共石牌街道工作委员会): below the gazetteer's
# counties, read from the way they are named
_TOWNSHIP = re.compile(r"(?!各|乡镇|镇街)([\u4e00-\u9fff]{1,6}?(?:镇|乡|街道))(?=人民政府|政府|党委|委员会|工作委员会|办事处|$)")


def township(rest: str) -> str:
    """The township ``rest`` opens with, or "" (金河镇人民政府 → 金河镇, 卢市镇 → 卢市镇)."""
    m = _TOWNSHIP.match(rest)
    return m.group(1) if m else ""


# A division the gazetteer does not know (created after its snapshot, or a name left
# out on purpose: 某市) still reads as one from the way organs are named.
_WRITTEN = re.compile(
    r"^((?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?(?:[\u4e00-\u9fff]{1,7}?(?:市|自治州|州(?!市)|盟|地区))?"
    r"(?:[\u4e00-\u9fff]{1,5}?(?:区|县|旗|市))?)")
# words ending in 区 that name no division
_NOT_DISTRICT = ("社区", "小区", "辖区", "园区", "景区", "校区", "片区", "城区", "全区", "本区", "新区", "市区",
                 "郊区", "矿区", "开发区", "保税区", "试验区", "示范区", "功能区", "街区", "山区", "库区", "牧区", "林区")


def _written_region(name: str) -> str | None:
    m = _WRITTEN.match(name)
    region = m.group(1) if m else ""
    for bad in _NOT_DISTRICT:
        region = region.removesuffix(bad)
    return region if len(region) >= 2 and region[-1] in "省区市州盟县旗" else None


def find_region(text: str | None) -> str | None:
    """The first province or prefecture-level place named anywhere in ``text`` (a title:
    ``关于印发《泰安市…》的通知``), with the county that follows it."""
    if not text:
        return None
    for pos in range(len(text)):
        place = _place_at(text, pos, None)
        if place is not None and place.level < 3:
            return chain_at(text, pos)
    return None
