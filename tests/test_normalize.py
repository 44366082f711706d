"""Normalisation keeps a map back to the ingested text."""

from __future__ import annotations

from pingan_docs.normalize import normalize


def test_a_date_set_with_spaces_keeps_its_numbers() -> None:
    assert normalize("印发日期为 2021 年 1 月 11 日,敌对势力在 1 我市").text == "印发日期为2021年1月11日,敌对势力在我市"


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


def test_traditional_characters_read_as_simplified_with_the_same_extraction() -> None:
    """A shipped plan rendered in Traditional characters (as mirror sites serve such
    documents) gives the same tasks, units, targets and deadlines at the same offsets,
    and its spans still point into the Traditional text the file held."""
    import opencc

    from pingan_docs.extract import extract_text
    from pingan_docs.ingest import read
    from pingan_docs.models import Source

    from .conftest import CORPUS

    simple = read(CORPUS / "003_a230dda529796dcc.txt").text
    traditional = opencc.OpenCC("s2t.json").convert(simple)
    assert traditional != simple
    source = Source(path="t.txt", format="txt", sha256="")
    a = extract_text(simple, source, "t")
    b = extract_text(traditional, source, "t")
    assert b.source.warnings and not a.source.warnings
    assert b.raw_text == traditional
    assert b.meta == a.meta

    def facts(doc):  # type: ignore[no-untyped-def]
        return [(t.id, t.span, [(u.canonical, u.role, u.span) for u in t.units],
                 [(g.indicator, g.value) for g in t.targets], [(d.end, d.kind) for d in t.deadlines])
                for t in doc.tasks]

    assert facts(b) == facts(a) and len(a.tasks) > 10
    task = next(t for t in b.tasks if t.units)
    unit = task.units[0]
    assert b.raw_text[unit.span.orig_start:unit.span.orig_end] == opencc.OpenCC("s2t.json").convert(unit.name)


def test_simplified_documents_are_left_as_they_are() -> None:
    from pingan_docs.ingest import read
    from pingan_docs.simplify import is_traditional

    from .conftest import CORPUS, ROOT

    files = [*CORPUS.glob("*.txt"), *(ROOT / "tests/dev/raw").glob("*.html"), *(ROOT / "tests/dev/raw").glob("*.md")]
    assert len(files) > 10
    assert [f.name for f in files if is_traditional(read(f).text)] == []
    quoting = read(CORPUS / "001_17064f152b303dcd.txt").text + "\n参照《臺灣地區與大陸地區人民關係條例》執行。"
    assert not is_traditional(quoting)  # a Simplified plan quoting a Traditional title


def test_radicals_put_for_whole_characters_are_read_as_the_characters() -> None:
    """PDF text layers (Chrome's print to PDF among them) write 民 as the radical ⺠."""
    raw = "各省、自治区、直辖市人⺠政府：现将意⻅印发给你们，⻘少年"
    norm = normalize(raw)
    assert norm.text == "各省、自治区、直辖市人民政府:现将意见印发给你们,青少年"
    i = norm.text.index("人民政府")
    span = norm.span(i, i + 4)
    assert raw[span.orig_start:span.orig_end] == "人⺠政府"


def test_page_number_dashes_are_not_an_iso_date() -> None:
    assert normalize("发布日期:2026-03-12 广东省").text == "发布日期:2026-03-12广东省"
    assert normalize("加强防控 — 3 — 工作").text == "加强防控工作"
