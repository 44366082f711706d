"""The assignment notations of the genre, one case each (data/role_cues.txt, nlp/tags.py,
nlp/roles.py): what a tag, a convention or a prose duty makes of the units it names.

The snippets are written in the genre's wording, not copied from the corpus or the
development set, so they check the notation rather than one document.
"""

from __future__ import annotations

import pytest

from pingan_docs.extract import extract_text
from pingan_docs.models import Source
from pingan_docs.nlp.organs import canonical_name, kind_of

DEV_GOALS = {"assignments": 0.90}  # issue 8's bar over the development set


@pytest.mark.parametrize("field", list(DEV_GOALS))
def test_dev_set_assignments(dev_report: dict, field: str) -> None:
    """The 11 real documents the rules were not written from (tests/dev)."""
    assert dev_report["total"][field]["f1"] >= DEV_GOALS[field]


def test_no_dev_document_with_many_assignments_falls_behind(dev_report: dict) -> None:
    weak = [(d["doc_id"], round(d["fields"]["assignments"]["f1"], 2)) for d in dev_report["documents"]
            if d["fields"]["assignments"]["gold"] >= 5 and d["fields"]["assignments"]["f1"] < 0.75]
    assert weak == []


HEAD = "某某市平安建设实施方案\n一、重点任务\n（一）完善防控体系。加强街面巡逻防控。"


def assigned(body: str) -> set[tuple[str, str]]:
    doc = extract_text(HEAD + body, Source(path="t.txt", format="txt", sha256=""), "t")
    return {(u.name, u.role) for t in doc.tasks for u in t.units}


@pytest.mark.parametrize(("body", "expected"), [
    ("（责任单位：市公安局、市司法局）",
     {("市公安局", "responsible"), ("市司法局", "responsible")}),
    ("（牵头单位：市公安局；配合单位：市司法局、市民政局）",
     {("市公安局", "lead"), ("市司法局", "cooperate"), ("市民政局", "cooperate")}),
    ("（主要责任单位：市公安局；参与单位：市司法局）",
     {("市公安局", "responsible"), ("市司法局", "cooperate")}),
    ("（负责部门：市商务局、市场监管局，适用范围：所有开发区）",
     {("市商务局", "responsible"), ("市场监管局", "responsible")}),
    ("（市公安局牵头，市司法局、市民政局参与）",
     {("市公安局", "lead"), ("市司法局", "cooperate"), ("市民政局", "cooperate")}),
    ("（市公安局牵头负责，市司法局配合）",
     {("市公安局", "lead"), ("市司法局", "cooperate")}),
    ("（市公安局、市司法局负责）",
     {("市公安局", "responsible"), ("市司法局", "responsible")}),
    ("（市公安局，各县区政府按职责分工负责）",
     {("市公安局", "responsible"), ("各县区政府", "responsible")}),
    ("（市公安局、市司法局等按职责分工负责）",
     {("市公安局", "responsible"), ("市司法局", "responsible")}),
    ("（市委政法委指导，市公安局负责落实）",
     {("市委政法委", "guide"), ("市公安局", "responsible")}),
    # an event's organiser and participants; 承办 does the work, 协办 helps
    ("（组织单位：县教育局；参加单位：县公安局、县卫健局）",
     {("县教育局", "responsible"), ("县公安局", "cooperate"), ("县卫健局", "cooperate")}),
    ("（县文旅局承办，县公安局协办）", {("县文旅局", "responsible"), ("县公安局", "cooperate")}),
    # a level's party committee and government in a tag: one unit
    ("（责任单位：各乡镇党委、政府，县直各单位）",
     {("各乡镇党委、政府", "responsible"), ("县直各单位", "responsible")}),
    ("（牵头单位：各镇党委和政府；配合单位：县公安局）", {("各镇党委和政府", "lead"), ("县公安局", "cooperate")}),
    ("（牵头责任单位：县安委办；责任单位：县应急局）", {("县安委办", "lead"), ("县应急局", "responsible")}),
    ("〔责任单位：市公安局，市司法局〕",
     {("市公安局", "responsible"), ("市司法局", "responsible")}),
    ("（责任单位：市公安局*、市司法局）",
     {("市公安局", "lead"), ("市司法局", "responsible")}),
    ("（责任单位：市公安局（牵头）、市司法局）",
     {("市公安局", "lead"), ("市司法局", "responsible")}),
    ("【牵头单位】市应急管理局【配合单位】市消防救援支队、市公安局",
     {("市应急管理局", "lead"), ("市消防救援支队", "cooperate"), ("市公安局", "cooperate")}),
    ("加强宣传（市委宣传部负责），开展排查（市公安局负责）。",
     {("市委宣传部", "responsible"), ("市公安局", "responsible")}),
])
def test_tag_notations(body: str, expected: set[tuple[str, str]]) -> None:
    assert assigned(body) == expected


def test_first_listed_leads_onward() -> None:
    body = ("（市公安局、市司法局等负责。列第一位者为牵头单位，下同）\n"
            "（二）强化矛盾化解。推进调解工作。（市司法局、市信访局负责）")
    assert assigned(body) == {("市公安局", "lead"), ("市司法局", "responsible"),
                              ("市司法局", "lead"), ("市信访局", "responsible")}


def test_first_comma_leads_onward() -> None:
    body = ("（责任单位：市公安局、市司法局，市民政局；第一个逗号前为牵头单位，下同）\n"
            "（二）强化矛盾化解。推进调解工作。（责任单位：市信访局，市财政局）")
    assert assigned(body) == {("市公安局", "lead"), ("市司法局", "lead"), ("市民政局", "responsible"),
                              ("市信访局", "lead"), ("市财政局", "responsible")}


def test_convention_stated_for_the_whole_document() -> None:
    body = ("（市公安局、市司法局负责）\n（二）强化矛盾化解。推进调解工作。（市司法局、市信访局负责）\n"
            "注：各项任务中排在第一位的部门为牵头部门。")
    assert assigned(body) == {("市公安局", "lead"), ("市司法局", "responsible"),
                              ("市司法局", "lead"), ("市信访局", "responsible")}


def test_convention_without_onward_is_local() -> None:
    body = ("（市公安局、市司法局负责。排在第一位的部门为牵头部门）\n"
            "（二）强化矛盾化解。推进调解工作。（市司法局、市信访局负责）")
    assert assigned(body) == {("市公安局", "lead"), ("市司法局", "responsible"),
                              ("市司法局", "responsible"), ("市信访局", "responsible")}


def test_shared_prefix_and_shared_head() -> None:
    body = "（省发展改革委牵头负责，省工业和信息化厅、财政厅，广州、深圳市政府配合）"
    assert assigned(body) == {
        ("省发展改革委", "lead"), ("省工业和信息化厅", "cooperate"), ("财政厅", "cooperate"),
        ("广州、深圳市政府", "cooperate")}
    assert canonical_name("财政厅", "广东省", "省") == "广东省财政厅"


def test_not_tags() -> None:
    assert assigned("（以下简称“平安办”）（费用由企业负责）（含开发区，下同）") == set()


@pytest.mark.parametrize(("body", "expected"), [
    ("由市公安局负责组织实施。", {("市公安局", "responsible")}),
    ("由市公安局牵头，开展专项行动。", {("市公安局", "lead")}),
    ("市公安局要加强巡逻防控。", {("市公安局", "responsible")}),
    ("各地区、各有关部门要高度重视。", {("各地区", "responsible"), ("各有关部门", "responsible")}),
    ("市公安局会同市司法局开展排查。", {("市公安局", "responsible"), ("市司法局", "cooperate")}),
    ("由市消防救援支队牵头，会同市商务局开展检查。", {("市消防救援支队", "lead"), ("市商务局", "cooperate")}),
    ("各镇街要积极配合市公安局开展工作。", {("各镇街", "cooperate")}),
    ("市综治办要加强督导检查。", {("市综治办", "responsible"), ("市综治办", "guide")}),
    ("市综治办要督促各镇街落实。", {("市综治办", "guide")}),
    ("市公安局对重点场所开展检查。", {("市公安局", "responsible")}),
    ("去年以来，市公安局开展了专项行动。", set()),
    ("各镇街将结果上报市综治办。", {("各镇街", "responsible")}),
    ("健全联席会议制度，市综治办发挥统筹协调作用。", {("市综治办", "responsible")}),
    ("压实属地责任，各镇街履行属地管理职责。", {("各镇街", "responsible")}),
    ("由市民政局具体负责，市财政局予以经费保障。", {("市民政局", "responsible"), ("市财政局", "responsible")}),
    ("市应急管理局负责牵头，市住建局配合。", {("市应急管理局", "lead"), ("市住建局", "cooperate")}),
    ("生产经营单位要落实安全生产主体责任。", {("生产经营单位", "responsible")}),
    # a subject after its modifier (…的X，要…); a predicate's object is no subject
    ("承担集中整治任务的区级重点部门,要全面清查整治。", {("区级重点部门", "responsible")}),
    ("积极创建规范的司法所,做到编制、经费“四到位”。", set()),
    ("对辖区内的生产经营单位要加强监管。", set()),
    ("市应急局和其他负有安全生产监督管理职责的部门要依法履职。",
     {("市应急局", "responsible"), ("其他负有安全生产监督管理职责的部门", "responsible")}),
    ("县级以上地方人民政府要加强对安全生产工作的领导。", {("县级以上地方人民政府", "responsible")}),
    ("市公安局牵头，同时联合城管、市场监管等部门开展整治。",
     {("市公安局", "lead"), ("城管、市场监管等部门", "cooperate")}),
    ("鼓励物业服务企业强化安防服务，联合商业银行推出平安保险产品。", set()),
    ("市公安局要负责牵头开展专项整治。", {("市公安局", "lead")}),
    ("公安机关要加大打击力度，检察机关、审判机关要依法从快批捕起诉审判。",
     {("公安机关", "responsible"), ("检察机关", "responsible"), ("审判机关", "responsible")}),
    ("加强巡逻防控，市公安局的警力配置不断优化。", set()),
    # the role named as the unit's standing (X为牵头单位, X作为配合部门)
    ("确定市公安局为牵头单位，市司法局为配合单位。", {("市公安局", "lead"), ("市司法局", "cooperate")}),
    ("市应急局作为牵头部门，要加强统筹。", {("市应急局", "lead")}),
    ("由市卫健委督促各医疗机构落实。", {("市卫健委", "guide")}),
    # a clause's subject after a comma, with a manner adverb standing for the modal
    ("市公安局要快侦快破，市中级人民法院依法从快审理。",
     {("市公安局", "responsible"), ("市中级人民法院", "responsible")}),
    # a level's party committee and government are one unit (the second shares the level)
    ("各县（市、区）党委和政府要承担主体责任。", {("各县(市、区)党委和政府", "responsible")}),
    ("各级党委、政府要把平安建设摆上重要议事日程。", {("各级党委、政府", "responsible")}),
    ("县委、县政府要统筹推进。", {("县委", "responsible"), ("县政府", "responsible")}),
    # the governance formula describes a system: its 政府负责 assigns nothing
    ("构建党委领导、政府负责、民主协商、社会协同、公众参与的社会治理格局。", set()),
    ("由县文旅局承办，县公安局协办。", {("县文旅局", "responsible"), ("县公安局", "cooperate")}),
    # a subject before a time adverbial or a fronted phrase closed by a comma
    ("县综治办每旬召开一次例会。镇党委每年通报一次。", {("县综治办", "responsible"), ("镇党委", "responsible")}),
    ("各镇在县委统一部署下,入户走访群众。", {("各镇", "responsible")}),
    # every place of a level, by its one-character name; not 各区域 or 各乡村
    ("各乡（镇）要建立工作台账,各县(区)要加强领导。", {("各乡(镇)", "responsible"), ("各县(区)", "responsible")}),
    ("各区域要加强巡逻,各乡村要建立台账。", set()),
    # departments of earlier structures; a statute's article label is not part of the name
    ("县经贸局要做好协调。", {("县经贸局", "responsible")}),
    ("第四条市消防安全委员会负责组织实施。第五条 县公安局负责监督检查。",
     {("市消防安全委员会", "responsible"), ("县公安局", "guide")}),
    # a unit qualifying the noun that is the subject; 村党组织 is no 党组 (its person: no unit)
    ("综治中心规范化建设应当统一标识,派出所工作要突出重点。", set()),
    ("村党组织要加强领导,村党组织书记要亲自抓。", {("村党组织", "responsible")}),
    # kinds of body in a list of units, each a unit (站所: a township's stations)
    ("各乡镇、各部门、企业、学校、站所要高度重视。",
     {("各乡镇", "responsible"), ("各部门", "responsible"), ("企业", "responsible"), ("学校", "responsible"),
      ("站所", "responsible")}),
    ("加强对学校、医院的安全检查。", set()),
    # zones and inverted admin words in a list of doers; 属地 names the local one
    ("镇乡、街道、经济开发区、市政府有关部门要高度重视。",
     {("镇乡", "responsible"), ("街道", "responsible"), ("经济开发区", "responsible"),
      ("市政府有关部门", "responsible")}),
    ("县教育局会同属地公安机关开展检查。", {("县教育局", "responsible"), ("属地公安机关", "cooperate")}),
    ("各校（园）要加强门卫管理。", {("各校(园)", "responsible")}),
    # a person leads: no unit (市政府分管领导带队…), but a 领导小组 is one
    ("由市政府分管领导带队赴各地进行专项督查。", set()),
    ("县创建工作领导组要加强统筹。", {("县创建工作领导组", "responsible")}),
    # a branch of a vertical organ keeps the province or prefecture it is named after
    ("由省农业厅、福建出入境检验检疫局负责。", {("省农业厅", "responsible"), ("福建出入境检验检疫局", "responsible")}),
    # bodies named by what they run or are, with their qualifiers; a short name in brackets
    ("各乡镇人民政府和森林经营单位要加强巡查。", {("各乡镇人民政府", "responsible"), ("森林经营单位", "responsible")}),
    ("全县各机关、团体和企事业单位要做好防火工作。",
     {("全县各机关", "responsible"), ("团体", "responsible"), ("企事业单位", "responsible")}),
    ("县森林防火指挥部(以下简称县指挥部)负责全县森林防火工作。", {("县森林防火指挥部", "responsible")}),
    # 依据 opens a duty as 根据 does; what befalls a unit (发生…的) is a condition, not a duty
    ("县平安办依据考核结果进行奖惩。", {("县平安办", "responsible")}),
    ("乡镇(街道)、成员单位发生违法违纪的,实行一票否决。", set()),
    ("\n（一）平安乡镇\n创建标准如下。", set()),  # a title a place can earn
    # the responsible bodies named as such; a tag's label with the person who answers
    ("各有关责任单位要落实。", {("各有关责任单位", "responsible")}),
    ("（责任单位及责任人：县公安局主要领导、县司法局分管领导）", {("县公安局", "responsible"), ("县司法局", "responsible")}),
    # a cycle before the verb makes a duty after a comma too; 根据 opens no name
    ("县综治办每旬召开一次例会,市公安局及时通报。", {("县综治办", "responsible"), ("市公安局", "responsible")}),
    ("根据县综治办的部署,开展排查。", set()),
    # a body's members named after it: one collective
    ("县综治委各成员单位要落实责任。", {("县综治委各成员单位", "responsible")}),
    # supervising: 负责监督, 负责对…进行督导
    ("县安委办负责监督检查,县应急局负责对各乡镇落实情况进行督导。",
     {("县安委办", "guide"), ("县应急局", "guide")}),
])
def test_prose_duties(body: str, expected: set[tuple[str, str]]) -> None:
    assert assigned(body) == expected


def test_bare_short_labels() -> None:
    """牵头：X 配合：Y — role words as labels by themselves (the spaces between the groups
    are gone once wrap spaces are removed); 牵头领导： names a person, not a unit."""
    assert assigned("牵头：区委政法委  配合：区信访局、区司法局\n") == {
        ("区委政法委", "lead"), ("区信访局", "cooperate"), ("区司法局", "cooperate")}
    assert assigned("牵头领导：张三；责任单位：市公安局。") == {("市公安局", "responsible")}


@pytest.mark.parametrize("mark", ["（牵头）", "〔牵头〕", "【牵头】"])
def test_lead_mark_in_any_bracket(mark: str) -> None:
    assert assigned(f"（责任单位：市公安局{mark}、市司法局）") == {("市公安局", "lead"), ("市司法局", "responsible")}


def test_lead_mark_inside_a_prose_list() -> None:
    assert assigned("区教育局（牵头）、区公安分局负责落实。") == {
        ("区教育局", "lead"), ("区公安分局", "responsible")}


@pytest.mark.parametrize("body", ["\n（二）市司法局。负责人民调解工作。", "\n1.市司法局。负责人民调解工作。",
                                  "\n（二）市司法局。主要负责人民调解工作。",
                                  "\n（二）市司法局\n负责人民调解工作。"])
def test_heading_that_names_a_unit_whose_section_opens_with_a_duty(body: str) -> None:
    assert assigned(body) == {("市司法局", "responsible")}


def test_heading_that_names_a_unit_without_a_duty_assigns_nothing() -> None:
    assert assigned("\n（二）市司法局。近年来工作成效明显。") == set()


def test_role_columns_of_a_task_table() -> None:
    body = ("\n序号\t工作任务\t牵头单位\t配合单位\n"
            "1\t开展矛盾纠纷排查\t市司法局\t市公安局、市信访局\n"
            "2\t开展校园周边整治\t市教育局\t市公安局 市市场监管局\n")
    assert assigned(body) == {("市司法局", "lead"), ("市公安局", "cooperate"), ("市信访局", "cooperate"),
                              ("市教育局", "lead"), ("市市场监管局", "cooperate")}


@pytest.mark.parametrize(("name", "region", "canonical"), [
    ("镇综治办", "宝鸡市金台区金河镇", "宝鸡市金台区金河镇社会治安综合治理委员会办公室"),  # a township's own
    ("市发改委", "南充市", "南充市发展和改革委员会"),
    ("市发展改革委", "南充市", "南充市发展和改革委员会"),
    ("发展改革委", "全国", "国家发展和改革委员会"),
    ("人力资源社会保障部", "全国", "人力资源和社会保障部"),
    ("市场监管总局", "全国", "国家市场监督管理总局"),
    ("各县(市、区)人民政府", "南充市", "南充市各县(市、区)人民政府"),
    ("各县(市、区)政府", "南充市", "南充市各县(市、区)人民政府"),
    ("派出所", "泸州市", "派出所"),
    ("报社", "泸州市", "报社"),
    ("区委政法委", "宝鸡市金台区", "宝鸡市金台区委政法委员会"),
    # every place of a level, or the place a locative names: not the document's own
    ("县级以上地方人民政府", "岳池县", "县级以上地方人民政府"),
    ("事发地人民政府", "岳池县", "事发地人民政府"),
])
def test_canonical_names(name: str, region: str, canonical: str) -> None:
    assert canonical_name(name, region) == canonical


@pytest.mark.parametrize(("name", "kind"), [
    ("市公安局", "organ"), ("各县(市、区)人民政府", "collective"), ("各级党委、政府", "collective"),
    ("市安委会各成员单位", "collective"), ("政法各部门", "collective"),  # a body's members
    ("有关部门", "generic"), ("派出所", "generic"),
])
def test_unit_kinds(name: str, kind: str) -> None:
    assert kind_of(name) == kind


def test_the_regions_subdivisions_as_doers() -> None:
    """A prefecture's document names its counties as doers, short or in full (蕉城、寿宁
    重点推进…): each is its government; 所有乡镇 is a collective like 各乡镇."""
    text = ("宁德市2024年消防工作要点\n一、重点任务\n（一）推进示范建设。蕉城、寿宁重点推进示范乡镇建设,"
            "福鼎市要完成征地。所有乡镇配备专兼职防火员。周宁消防站扩建工程上半年竣工。")
    doc = extract_text(text, Source(path="t.txt", format="txt", sha256=""), "t")
    assert {(u.name, u.canonical, u.role) for t in doc.tasks for u in t.units} == {
        ("蕉城", "宁德市蕉城区人民政府", "responsible"), ("寿宁", "宁德市寿宁县人民政府", "responsible"),
        ("福鼎市", "宁德市福鼎市人民政府", "responsible"), ("所有乡镇", "宁德市所有乡镇", "responsible")}
