"""The scoring rules of FORMAT.md on small hand-made cases."""

from __future__ import annotations

from pingan_docs.evaluate import score_field


def test_optional_gold_absorbs_without_reward() -> None:
    gold = [{"path": "二/(一)", "unit": "市公安局", "role": "responsible"},
            {"path": "二/(一)", "unit": "监所", "role": "responsible", "optional": True}]
    extracted = [{"path": "二/(一)/3", "unit": "市公安局", "role": "responsible"},
                 {"path": "二/(一)", "unit": "监所", "role": "responsible"},
                 {"path": "二", "unit": "市公安局", "role": "responsible"}]
    s = score_field(extracted, gold, "assignments")
    assert (s["tp"], s["absorbed"], s["gold"]) == (1, 1, 1)
    assert s["precision"] == 0.5 and s["recall"] == 1.0  # 二 is above 二/(一), not under


def test_section_titles_agree_on_six_characters() -> None:
    gold = [{"path": "一", "title": "指导思想"}, {"path": "二", "title": "坚决维护政治安全,确保"}]
    extracted = [{"path": "一", "title": "指导思想认真贯彻"}, {"path": "二", "title": "坚决维护政治安全。"}]
    s = score_field(extracted, gold, "sections")
    assert s["tp"] == 1
