"""The normalised indicator: the head noun a target measures, so the same indicator
across documents groups together.

Plans word one indicator many ways: ``严重暴力犯罪案件破案率``, ``侵财案件破案率`` and
``杀人案件的破案率`` all set a 破案率; ``公众安全感`` and ``人民群众对政法队伍的满意度``
are 安全感 and 满意度 whatever the population. In Chinese the head of a noun phrase is
its last word, so the head is found on the right: qualifiers (what is measured, in
brackets, before 的) are stripped from the left. Words come from a private jieba
tokenizer (its own dictionary, untouched by the pipeline's added unit names), so the
result does not depend on what else ran in the process.

:func:`complete` repairs an indicator whose wording starts inside a word of the text
(``点关键部位…排查率`` for ``重点关键部位…排查率``) or inside a bracket (``品、枪弹…)排查率``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import jieba

from .nlp.jieba_dict import initialize_jieba

# A rate, degree or sense: the measured quantity is the word ending in it (破案率, 满意度,
# 安全感); a bare 率 after a verb (排查/率) makes one word with it.
RATE_SUFFIXES = ("率", "度", "感")
_OPEN, _CLOSE = "(（[【", ")）]】"
_BRACKETED = re.compile(r"[(（\[【][^()（）\[\]【】]*[)）\]】]")
_QUOTES = re.compile(r"[“”\"‘’'《》「」『』]")
_COORDINATION = re.compile(r"[和及与或、]")
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")
_QUANTIFIERS = {"每个", "每名", "每人", "各个", "全市", "全区", "全县", "所有", "其他", "以上", "以下"}
_EDGE = re.compile(r"^[^\u4e00-\u9fffA-Za-z]+|[^\u4e00-\u9fffA-Za-z]+$")
_CLAUSE_END = set(",，;；。:：!！?？\n\t")


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    initialize_jieba(tokenizer)
    return tokenizer


def _words(text: str) -> list[str]:
    return [w for w in _tokenizer().lcut(text) if w.strip()]


def _strip_qualifiers(indicator: str) -> str:
    text = _QUOTES.sub("", indicator)
    while True:  # innermost brackets first: (党政机关等) and (水、电、…) go
        stripped = _BRACKETED.sub("", text)
        if stripped == text:
            break
        text = stripped
    # an unmatched closing bracket: keep what follows it (what precedes, if nothing does);
    # an unmatched opening one: keep what precedes it
    text = next((p for p in reversed(re.split(r"[)）\]】]", text)) if p.strip()), "")
    text = next((p for p in re.split(r"[(（\[【]", text) if p.strip()), "")
    if "的" in text.rstrip("的"):
        text = text.rstrip("的").rsplit("的", 1)[1]  # 人民群众对政法队伍的满意度 → 满意度
    return _EDGE.sub("", text)


@lru_cache(maxsize=65536)
def normalise(indicator: str) -> str:
    """The head noun of an indicator: ``严重暴力犯罪案件破案率`` → ``破案率``,
    ``重点地区(城中村、城乡结合部等)排查率`` → ``排查率``, ``公众安全感`` → ``安全感``,
    ``专职保安巡防队伍`` → ``巡防队伍``. An empty or unreadable wording is returned as it was."""
    text = _strip_qualifiers(indicator)
    if not text:
        return indicator.strip()
    rate = text.endswith(RATE_SUFFIXES)
    if rate:  # 侦破率和线索落地查实率: coordinated rates share the last one's head
        text = [p for p in _COORDINATION.split(text) if p.endswith(RATE_SUFFIXES)][-1]
    words = _words(text)
    if not words:
        return text
    last = words[-1]
    if rate:
        if len(words) > 1 and (last in RATE_SUFFIXES or len(last) == 2):
            head = words[-2] + last  # 排查/率 → 排查率, 见/警率 → 见警率
        else:
            head = last
        if "重新" in text and head.endswith("犯罪率"):
            head = "重新犯罪率"  # recidivism is its own indicator, not a crime rate
        return head
    # a count: the last word, with the word before it when the last is short
    # (巡防/队伍 → 巡防队伍), unless that one is a number, measure or quantifier
    before = words[-2] if len(words) > 1 else ""
    if len(last) < 3 and len(before) >= 2 and _HAN_WORD.fullmatch(before) and before not in _QUANTIFIERS:
        last = before + last
    return _EDGE.sub("", last) or text


@lru_cache(maxsize=1 << 17)  # the document pages and the 指标 page ask for the same targets
def complete(text: str, indicator: str, before: int) -> str:
    """The indicator as written in ``text``, when the extracted wording was cut short.

    ``before`` is where the target's value starts; the wording is looked for in the
    clause before it. A wording with an unmatched closing bracket reaches back to the
    clause's start (the bracket qualifies what precedes it: ``重点物品(危爆物品、…)``),
    or, ending the wording, closes an aside around it and is dropped (``治安巡逻)``);
    one that starts inside a word (by jieba's segmentation of the clause) reaches back
    to the word's start. Otherwise the wording is returned as it is."""
    if _depth(indicator) < 0 and indicator.endswith(tuple(_CLOSE)):
        indicator = indicator[:-1]
    if not indicator:
        return indicator
    window = text[max(0, before - 200):before]
    at = window.rfind(indicator)
    if at < 0:
        return indicator
    clause_start = max((window.rfind(c, 0, at) for c in _CLAUSE_END), default=-1) + 1
    return _complete(window[clause_start:at + len(indicator)], indicator)


@lru_cache(maxsize=1 << 16)
def _depth(text: str) -> int:
    """Opening minus closing brackets: below zero, a bracket closes what began before."""
    return sum((ch in _OPEN) - (ch in _CLOSE) for ch in text)


@lru_cache(maxsize=65536)
def _complete(clause: str, indicator: str) -> str:
    start = len(clause) - len(indicator)
    if _depth(indicator) < 0:
        return clause
    offset = 0
    for word in _tokenizer().lcut(clause):
        if offset < start < offset + len(word) and word.strip():
            return clause[offset:]
        offset += len(word)
        if offset >= start:
            break
    return indicator
