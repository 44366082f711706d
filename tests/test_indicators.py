"""The normalised indicator on the shipped corpus: the same indicator across documents
groups together, no truncated wording."""

from __future__ import annotations

from collections import defaultdict

import pytest

from pingan_docs.graph import PolicyGraph
from pingan_docs.indicators import RATE_SUFFIXES, complete, normalise


@pytest.fixture(scope="module")
def graph(documents: dict) -> PolicyGraph:
    return PolicyGraph(list(documents.values()))


@pytest.fixture(scope="module")
def wordings(graph: PolicyGraph) -> list[tuple[str, str, str]]:
    """(extracted indicator, completed wording, document) for every target."""
    out = []
    for ref in graph.targets():
        text = graph.documents[ref.task.doc_id].text
        out.append((ref.target.indicator, complete(text, ref.target.indicator, ref.target.span.start),
                    ref.task.doc_id))
    return out


@pytest.mark.parametrize(("wording", "head"), [
    ("严重暴力犯罪案件破案率", "破案率"),
    ("侵财案件破案率", "破案率"),
    ("杀人案件的破案率", "破案率"),
    ("重点地区(城中村、城乡结合部等)排查率", "排查率"),
    ("重点关键部位(党政机关等)、设施(水、电、油、气、路等)排查率", "排查率"),
    ("城市重点部位视频监控覆盖率", "覆盖率"),
    ("重点企事业单位和重点文物保护单位排查覆盖率", "覆盖率"),
    ("人民群众对政法队伍的满意度", "满意度"),
    ("公众安全感", "安全感"),
    ("刑释解教人员重新违法犯罪率", "重新犯罪率"),
    ("社区矫正人员重新犯罪率", "重新犯罪率"),
    ("城区中小学幼儿园见警率", "见警率"),
    ("现行案件侦破率和重要情况线索落地查实率", "查实率"),
    ("专职保安巡防队伍", "巡防队伍"),
    ("5-10人的专职巡防队伍", "巡防队伍"),
])
def test_head_noun(wording: str, head: str) -> None:
    assert normalise(wording) == head
    assert normalise(head) == head


def test_rates_of_the_corpus_group_by_their_head(wordings: list[tuple[str, str, str]]) -> None:
    groups: dict[str, set[str]] = defaultdict(set)
    for _, full, doc in wordings:
        head = normalise(full)
        if full.endswith(RATE_SUFFIXES):
            assert head.endswith(RATE_SUFFIXES) and 2 <= len(head) <= 5, (full, head)
            assert full.endswith(head) or head == "重新犯罪率", (full, head)
        groups[head].add(doc)
    assert len(groups) < len(wordings)
    assert len(groups["破案率"]) >= 2  # two cities' 破案率 side by side
    assert len(groups["覆盖率"]) >= 2


def test_truncated_wordings_are_completed(wordings: list[tuple[str, str, str]]) -> None:
    completed = {extracted: full for extracted, full, _ in wordings if extracted != full}
    assert completed["落实县区综治经费按辖区人均"] == "全面落实县区综治经费按辖区人均"  # out to the word's start
    assert completed["品、枪弹、管制刀具、危险化学品、剧毒化学品、剧毒物品)排查率"].startswith("重点物品(危爆物品、")
    assert completed["治安巡逻)"] == "治安巡逻"  # the bracket closed an aside around it
    for extracted, full, _ in wordings:
        assert full.endswith(extracted.rstrip(")"))
        assert full.count("(") >= full.count(")"), f"unbalanced bracket left in {full!r}"
    # a wording that starts at a word boundary stays as extracted: 确保|社区矫正人员…
    assert "社区矫正人员重新犯罪率" not in completed


def test_complete_without_the_wording_in_reach_changes_nothing() -> None:
    assert complete("破案率达到90%", "满意度", 5) == "满意度"
    assert complete("", "", 0) == ""
