"""The numeral and date converters are total: whatever a document prints, they return a
value or None, never raise (a bad date must not stop a corpus run)."""

from __future__ import annotations

import pytest

from pingan_docs.numerals import DATE_RE, cn_int, cn_number, iso, parse_any_date, parse_date


@pytest.mark.parametrize(("text", "value"), [
    ("12", 12), ("十二", 12), ("两", 2), ("二〇〇四", 2004), ("二ΟΟ四", 2004), ("一九九七", 1997),
    ("百", 100), ("千", 1000), ("万", 10000), ("两万", 20000), ("三百", 300), ("一千零一", 1001),
])
def test_numerals(text: str, value: int) -> None:
    assert cn_int(text) == value
    assert cn_number(text) == float(value)


def test_quantities() -> None:
    assert cn_number("1.5") == 1.5
    assert cn_number("一点五") == 1.5
    assert cn_int("1.5") is None  # not an integer


@pytest.mark.parametrize("text", [
    "", "十十", "十百", "万亿", "半", "²", "①", "1" * 5000, "九" * 5000, "nan", "inf", "1e5",
    "1_000", "年", "二〇〇四年", "-3",
])
def test_bad_numerals_give_none(text: str) -> None:
    assert cn_int(text) is None
    assert cn_number(text) is None


def test_bad_dates_give_none() -> None:
    assert iso(2014, 13, 45) is None
    assert iso(2014, 2, 30) is None
    assert iso(2014, 0, 1) is None
    assert iso(10 ** 6, 1, 1) is None
    assert iso(2014, 2) == "2014-02-28"  # a month's end
    m = DATE_RE.search("2014年13月45日")
    assert m is not None and parse_date(m) is None
    assert parse_any_date("2014年13月45日") is None
    assert parse_any_date("2014-13-45") is None
    assert parse_any_date("二〇一四年十一月十三日") == "2014-11-13"


def test_year_with_ascii_zeros_for_ling() -> None:
    """二00六年: 〇 typed as the digit 0, as scanned and retyped documents print it."""
    from pingan_docs.numerals import parse_any_date

    assert parse_any_date("二00六年三月五日") == "2006-03-05"
    assert parse_any_date("二〇〇六年三月五日") == "2006-03-05"
