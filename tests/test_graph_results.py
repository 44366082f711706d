"""Queries answer with :class:`Results`: exact lengths without making a result object,
the same objects however they are read, and the behaviour of the lists they replace.
The bigram index behind ``search`` decides candidates from positions exactly as reading
the texts would."""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Sequence
from pathlib import Path

import pytest
from pydantic import BaseModel, TypeAdapter

import pingan_docs
import pingan_docs.bigrams as bigrams
from pingan_docs.bigrams import BigramIndex
from pingan_docs.cli import main
from pingan_docs.graph import PolicyGraph, Results, UnitTask

HUHHOT_POLICE = "呼和浩特市公安局"


@pytest.fixture(scope="module")
def graph(extracted_dir: Path) -> PolicyGraph:
    return pingan_docs.load(extracted_dir)


def test_length_is_exact_before_any_object_is_made(extracted_dir: Path) -> None:
    g = pingan_docs.load(extracted_dir)
    tasks = g.all_tasks()
    targets, deadlines, owed = g.targets(), g.deadlines(today="2014-11-20"), g.tasks_for(HUHHOT_POLICE)
    assert len(targets) == sum(len(t.targets) for t in tasks) > 0 and bool(targets)
    assert len(deadlines) == sum(len(t.deadlines) for t in tasks) > 0
    assert len(owed) == len([t for t in tasks if HUHHOT_POLICE in t.roles.get("responsible", [])]) == 11
    assert not g.targets("不存在的指标") and len(g.targets("不存在的指标")) == 0
    assert g._target_refs.count(None) == len(g._target_refs) and not g._deadline_refs and not g._unit_tasks
    text = repr(targets)  # shows the first three, makes only those
    assert text.startswith(f"Results({len(targets)} items: [TargetRef(") and text.endswith(", …])")
    assert len(g._target_refs) - g._target_refs.count(None) == 3
    assert repr(g.targets("不存在的指标")) == "Results(0 items: [])"


def test_indexing_and_slicing_as_a_list(graph: PolicyGraph) -> None:
    found = graph.deadlines(today="2014-11-20")
    items = list(found)
    n = len(items)
    assert found[0] is items[0] and found[-1] is items[-1] and found[-n] is items[0] and found[n - 1] is items[-1]
    for bad in (n, -n - 1):
        with pytest.raises(IndexError):
            found[bad]
    with pytest.raises(TypeError):
        found["0"]  # type: ignore[call-overload]
    for cut in (slice(2, 5), slice(None, None, -2), slice(5, 2), slice(-3, None), slice(None, 50)):
        page = found[cut]
        assert isinstance(page, Results) and page == items[cut] and len(page) == len(items[cut])
    assert found[1:][1:3] == items[2:4]
    assert list(reversed(found)) == items[::-1]
    third = items[3]
    assert third in found and found.index(third) == items.index(third) and found.count(third) == items.count(third)
    assert graph.targets("破案率")[0] not in graph.targets("不存在的指标")


def test_equality_is_element_wise(graph: PolicyGraph) -> None:
    luzhou = graph.tasks(region="泸州")
    assert luzhou == graph.tasks(region="泸州") == list(luzhou) and list(luzhou) == luzhou
    assert not luzhou != graph.tasks(region="泸州")
    assert luzhou != graph.tasks(region="呼和浩特") and luzhou != list(luzhou)[:-1] and luzhou != list(luzhou)[::-1]
    assert luzhou != tuple(luzhou)  # a list is not equal to a tuple either
    assert graph.search("") == graph.tasks() == graph.all_tasks()  # two queries, one answer
    assert graph.tasks(docs=[]) == [] and [] == graph.tasks(docs=[])
    with pytest.raises(TypeError):
        hash(luzhou)


def test_every_reading_gives_the_same_objects(graph: PolicyGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Results, "_CHUNK", 3)  # iteration makes objects a chunk at a time
    for found in (graph.targets(), graph.deadlines(today="2014-11-20"), graph.tasks_for(HUHHOT_POLICE),
                  graph.units(), graph.tasks(role="lead")):
        first, second = list(found), list(found)
        assert len(first) == len(found) > 3
        assert all(a is b for a, b in zip(first, second, strict=True))
        assert all(found[i] is first[i] for i in range(len(found)))
    rate = graph.targets("破案率")
    assert rate[0] is next(t for t in graph.targets() if "破案率" in t.target.indicator)
    overdue = graph.deadlines(status="overdue", today="2014-11-20")
    assert overdue[0] is next(d for d in graph.deadlines(today="2014-11-20") if d.status == "overdue")
    lead = graph.tasks_for(HUHHOT_POLICE, role="responsible")
    assert lead[0] is graph.tasks_for(HUHHOT_POLICE)[0]


def test_pydantic_and_json_take_results(graph: PolicyGraph, extracted_dir: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    owed = graph.tasks_for(HUHHOT_POLICE)
    plain = [item.model_dump(mode="json") for item in owed]

    class Page(BaseModel):
        items: Sequence[UnitTask]

    assert json.loads(Page(items=owed).model_dump_json())["items"] == plain
    assert TypeAdapter(Sequence[UnitTask]).dump_python(owed, mode="json") == plain
    assert TypeAdapter(list[UnitTask]).validate_python(owed) == list(owed)
    assert main(["query", "unit", HUHHOT_POLICE, "--json", "--extracted", str(extracted_dir)]) == 0
    assert json.loads(capsys.readouterr().out) == plain


# -- the bigram index's decisions ------------------------------------------------------------

def _check(texts: list[str], queries: list[list[str]]) -> list[tuple[int, int]]:
    """For each query: the index's hits are exactly the texts holding every word, among
    the candidates it returns; the ones it calls sure hold them. Returns (candidates,
    unsure) per query."""
    index = BigramIndex.build(texts)
    counts = []
    for words in queries:
        want = [i for i, t in enumerate(texts) if all(w in t for w in words)]
        found = index.find(words)
        if found is None:
            assert all(len(w) < 2 for w in words)
            continue
        hits, unsure = found[0].tolist(), found[1].tolist()
        assert hits == sorted(hits) and set(want) <= set(hits), words
        assert all(all(w in texts[h] for w in words) for h, u in zip(hits, unsure, strict=True) if not u), words
        counts.append((len(hits), sum(unsure)))
    return counts


def test_positions_decide_without_reading(tmp_path: Path) -> None:
    texts = ["校园周边治安", "校园及周边，校园周边", "周边校园", "校园周", "校园周边" + "安" * 70000 + "校园周边",
             "安" * 70000 + "校园周边", "校园周，园周边", "安全安全", "安全", "全安全", "安全安安全"]
    assert _check(texts, [["校园周边"]]) == [(4, 1)]  # only the text past 65,535 characters is read
    index = BigramIndex.build(texts)
    hits, unsure = index.find(["校园周边"])  # type: ignore[misc]
    assert hits.tolist() == [0, 1, 4, 5] and unsure.tolist() == [False, False, False, True]
    hits, unsure = index.find(["安全安全"])  # type: ignore[misc]
    # 全安全 holds its bigrams, but 安全 once cannot be at both places; 安全安安全 is left to read
    assert hits.tolist() == [7, 10] and unsure.tolist() == [False, True]
    index.save(tmp_path / "index.npy")
    again = BigramIndex.load(tmp_path / "index.npy")
    assert again is not None
    for words in (["校园周边"], ["安全安全"], ["周边 校园"], ["园周"]):
        a, b = index.find(words), again.find(words)
        assert a is not None and b is not None and all((x == y).all() for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("segment_chars", [1 << 21, 40])
def test_positions_agree_with_reading_every_text(segment_chars: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Random texts over four characters (so bigrams repeat and words nearly fit),
    in one segment or many."""
    monkeypatch.setattr(bigrams, "SEGMENT_CHARS", segment_chars)
    rng = random.Random(11)
    texts = ["".join(rng.choice("甲乙丙丁") for _ in range(rng.randint(0, 30))) for _ in range(300)]
    words = ["".join(w) for n in range(2, 6) for w in itertools.product("甲乙丙丁", repeat=n)]
    queries = [[w] for w in rng.sample(words, 300)] + [rng.sample(words, 2) for _ in range(100)] + [["甲", "乙丙"]]
    counts = _check(texts, queries)
    unsure, candidates = sum(u for _, u in counts), sum(c for c, _ in counts)
    assert 0 < unsure < candidates  # both ways taken: decided from positions, and left to read


def test_search_reads_what_the_index_leaves_open(documents: dict) -> None:
    doc = documents["003_a230dda529796dcc.html"].model_copy(deep=True)
    extra = ["校园及周边，校园周边", "校园及周边", "安" * 70000 + "校园周边", "周边校园"]
    for task, text in zip(doc.tasks, extra, strict=False):
        task.text += text
    graph = PolicyGraph([doc])
    for word in ("校园周边", "校园及周边", "周边校园", "边校", "校园 周边"):
        assert [t.id for t in graph.search(word)] == [t.id for t in graph.all_tasks()
                                                      if all(w in t.text for w in word.split())], word
