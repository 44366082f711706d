"""What an organ is called: the gazetteer, canonical names and the kind of a unit.

Documents name one organ many ways — 发改委, 发展改革委, 发展和改革委员会; 市发改委 in a
南充 plan, 省发展改革委 in a 广东 one; a list writes its shared prefix once
(省工业和信息化厅、财政厅). The graph needs one name per organ, so a mention's canonical
name is its jurisdiction spelt out (from the document's region) plus the organ's full
name from the gazetteer (``data/organs_central.txt``, ``data/organs_local.txt``). The
surface name stays as written; only the canonical name is rewritten.

Generic categories (派出所, 报社, 企事业单位, 有关部门) name a kind of body, not one organ,
so they never get a jurisdiction; collectives (各县(市、区)人民政府, 各级党委、政府) are one
unit each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..data import load_list
from ..models import UnitKind
from ..regions import subdivisions

NATIONAL = "全国"
# one administrative level of a region name (泸州市 is one level: 州 followed by 市 is not)
LEVEL = re.compile(r"[\u4e00-\u9fff]+?(?:自治区|特别行政区|省|自治州|市|州(?!市)|盟|地区|区|县|旗)")
_LEVEL_END = re.compile(r"(自治区|特别行政区|省|自治州|市|州|盟|地区|区|县|旗)$")
_GENERIC_OPENERS = ("有关", "相关", "各有关", "各相关", "职能", "主管", "行业主管", "成员", "牵头", "其他")
# the governments of every place of a level and above, as statutes address them
LEVELS_AND_ABOVE = ("县级以上", "市级以上", "省级以上", "乡级以上", "设区的市级以上")
_COLLECTIVE_OPENERS = ("各", "全市", "全区", "全县", "全省", "所有", "各级", "地方各级", *LEVELS_AND_ABOVE)
# a body's members, named after it: 市安委会各成员单位, 市综治委各部门
MEMBERS = re.compile(r".各(?:成员单位|成员|有关部门|相关部门|部门|单位)$")
# the organ of the place where something is: 项目所在地的人民政府, 事发地的公安机关
LOCATIVES = ("所在地", "发生地", "事发地")


@dataclass(frozen=True)
class Gazetteer:
    central: dict[str, str]   # any name of a central organ -> its full name
    local: dict[str, str]     # any name of a local department (no jurisdiction) -> full name
    generic: frozenset[str]   # kinds of bodies: 派出所, 报社, 企事业单位 …
    fields: frozenset[str]    # fields of work that stand for their departments: 公安, 宣传

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.central) | set(self.local), key=len, reverse=True))


def _aliases(file: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in load_list(file):
        names = [n.strip() for n in line.split("=") if n.strip()]
        for n in names:
            table.setdefault(n, names[0])
    return table


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer(central=_aliases("organs_central.txt"), local=_aliases("organs_local.txt"),
                     generic=frozenset(load_list("generic_units.txt")),
                     fields=frozenset(load_list("unit_cores.txt")))


@lru_cache(maxsize=4096)
def place_names(region: str | None) -> tuple[str, ...]:
    """Short forms of the document's places (宝鸡市金台区 → 宝鸡, 金台) that open local
    unit names such as 金台公安分局 or 泸州银监分局, longest first."""
    if not region or region == NATIONAL:
        return ()
    names = []
    for part in LEVEL.findall(region):
        short = _LEVEL_END.sub("", part)
        if len(short) >= 2:
            names.append(short)
        names.append(part)
    return tuple(sorted(set(names), key=len, reverse=True))


@lru_cache(maxsize=65536)
def kind_of(name: str) -> UnitKind:
    """organ (one body), collective (several: 各…, lists) or generic (a kind of body, or
    a bare field such as 公安 standing for its departments in 宣传、公安等相关部门)."""
    if name.startswith(_GENERIC_OPENERS) or name in gazetteer().fields:
        return "generic"
    if name.startswith(_COLLECTIVE_OPENERS) or "、" in name or "等" in name or MEMBERS.search(name):
        return "collective"
    core = re.sub(r"^(?:市|区|县|镇|乡|省|基层|当地|所在地|辖区)", "", name)
    if name in gazetteer().generic or core in gazetteer().generic:
        return "generic"
    return "organ"


def _full(rest: str, table: dict[str, str]) -> str:
    """The full name of a department written without jurisdiction; a party committee's
    department (委组织部, 委网信办) keeps its 委."""
    if rest in table:
        return table[rest]
    if rest.startswith("委") and rest[1:] in table:
        return "委" + table[rest[1:]]
    if rest.startswith("政府") and rest[2:] in table:  # 市政府国资委, 市政府办公室
        full = table[rest[2:]]
        return full if full.startswith("人民政府") else "人民政府" + full
    return rest


def jurisdiction(prefix: str, region: str | None) -> str | None:
    """The region a one-character prefix (省/市/区/县/旗) stands for in a document of
    ``region``; None when the region does not have that level."""
    if not region or region == NATIONAL:
        return None
    levels = LEVEL.findall(region)
    wanted = {"省": ("省", "自治区"), "市": ("市", "州", "盟"), "州": ("州",), "盟": ("盟",),
              "区": ("区",), "县": ("县",), "旗": ("旗",)}.get(prefix, ())
    for i, level in enumerate(levels):
        if level.endswith(wanted):
            return "".join(levels[: i + 1])
    return None


def _place_prefix(name: str, region: str | None) -> tuple[str, str] | None:
    """(place, rest) when ``name`` opens with a place written with its level (广州市,
    天河区) and the rest names a department (广州市政府). A short place without a level
    (上海金融监管局, 金台公安分局) usually names a branch of a vertical organ, not the
    local department, so such names are left alone."""
    for i in range(min(len(name) - 1, 9), 1, -1):
        place, rest = name[:i], name[i:]
        if LEVEL.fullmatch(place):  # 上海金融监管局 is a central regulator's branch: kept
            if _full(rest, gazetteer().local) != rest or rest in gazetteer().local:
                return place, rest
    return None


@lru_cache(maxsize=65536)
def canonical_name(name: str, region: str | None, shared_prefix: str | None = None) -> str:
    """The name with its jurisdiction spelt out and the organ's full name: 市公安局 in a
    呼和浩特 document is 呼和浩特市公安局, 市发改委 in a 南充 one 南充市发展和改革委员会,
    团区委 in 宝鸡市金台区 共青团宝鸡市金台区委, 发展改革委 in a national document
    国家发展和改革委员会. ``shared_prefix`` is the jurisdiction an earlier item of the same
    list wrote once (省工业和信息化厅、财政厅 → 财政厅 is the 省's). Generic categories keep
    their wording, and so do names of organs of another place that the gazetteer does not
    know (金台公安分局: the alias table links such names)."""
    gaz = gazetteer()
    kind = kind_of(name)
    if name in gaz.fields:  # 公安 of 宣传、教育、公安等相关部门: the field's departments
        return name + "部门"
    if kind == "generic":
        return name
    if name.startswith(LEVELS_AND_ABOVE) or any(w in name for w in LOCATIVES):
        return name  # every place of a level, or the place the locative names: not this one
    national = not region or region == NATIONAL
    if name in gaz.central and (national or name not in gaz.local):
        return gaz.central[name]
    if national:
        return name
    assert region is not None
    if name.startswith(("市级", "区级", "县级")):
        return (jurisdiction(name[0], region) or region) + name
    if name.startswith(("团市委", "团区委", "团县委")):
        base = jurisdiction(name[1], region)
        return f"共青团{base}委" if base else name
    if kind == "collective":
        body = re.sub(r"(?<!人民)政府$", "人民政府", name)
        return body if body.startswith(("各级", "地方各级")) else region + body
    if (found := _place_prefix(name, region)) is not None:
        place, rest = found
        regional = next((lv for lv in LEVEL.findall(region) if lv.startswith(place)), None)
        if regional:  # the document's own place, written short: 南充 → 四川省南充市
            place = region[: region.index(regional) + len(regional)]
        return place + _full(rest, gaz.local)
    if (county := subdivisions(region).get(name)) is not None:
        return region + county + "人民政府"  # 寿宁 in a 宁德市 document: the county's government
    if name.startswith(place_names(region)):
        return name
    township = next((lv for lv in ("街道", "镇", "乡") if name.startswith(lv) and region.endswith(lv)), None)
    if township and len(name) > len(township):  # 镇综治办 in a 福集镇 document: 泸县福集镇综治办
        return region + _full(name[len(township):], gaz.local)
    prefix = name[0] if name[0] in "省市区县旗州盟" else shared_prefix
    rest = name[1:] if name[0] in "省市区县旗州盟" else name
    if prefix:
        base = jurisdiction(prefix, region)
        return base + _full(rest, gaz.local) if base else name
    return region + _full(name, gaz.local)
