"""Normalisation keeps a map back to the ingested text."""

from __future__ import annotations

from pingan_docs.normalize import normalize


def test_wrap_spaces_go_real_spaces_stay() -> None:
    norm = normalize("以习近平总书 记系列讲话 ,版本 QQ 2.0 release")
    assert norm.text == "以习近平总书记系列讲话,版本QQ 2.0 release"


def test_inline_page_numbers_removed_in_sequence_only() -> None:
    raw = "敌对势力在 1 我市树起旗帜。专项行动不少于 1 个, 问题的土壤和 2 条件,达到 3 个 后 3 我们"
    norm = normalize(raw)
    assert "在我市" in norm.text
    assert "不少于1个" in norm.text
    assert "土壤和条件" in norm.text  # page 2, although 条 could be a measure word
    assert "达到3个" in norm.text and "后我们" in norm.text


def test_offset_map_points_into_raw_text() -> None:
    raw = "（一）市公安局 负责，达到 100％。"
    norm = normalize(raw)
    i = norm.text.index("市公安局")
    span = norm.span(i, i + 4)
    assert raw[span.orig_start:span.orig_end].replace(" ", "") == "市公安局"
    j = norm.text.index("100%")
    span = norm.span(j, j + 4)
    assert raw[span.orig_start:span.orig_end] == "100％"
    assert norm.text.startswith("(一)")
